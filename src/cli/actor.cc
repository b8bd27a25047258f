#include "cli/actor.h"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/output.h"

namespace fullrecord::cli {

std::string OsUser() {
  struct passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : std::to_string(::geteuid());
}

Result<services::Actor> ResolveActor(services::Context& ctx, const std::string& as) {
  if (as.empty()) return services::Actor::Console(OsUser());
  auto actor = services::LoadActor(ctx, as);
  if (!actor.ok()) return actor.status().WithContext("--as " + as);
  return actor;
}

Result<Session> OpenSession(const GlobalOptions& g) {
  FR_ASSIGN_OR_RETURN(auto store, app::Store::Open(g.store_dir, true));
  services::Context& ctx = store->services();
  for (const auto& w : store->services_warnings()) {
    std::fprintf(stderr, "fullrecord: warning: %s\n", w.c_str());
  }
  FR_ASSIGN_OR_RETURN(services::Actor actor, ResolveActor(ctx, g.as));
  return Session{std::move(store), std::move(actor), &g};
}

int RunAs(const GlobalOptions& g, const std::function<Status(Session&)>& body) {
  auto session = OpenSession(g);
  if (!session.ok()) return ReportError(session.status());
  Status s = body(*session);
  return s.ok() ? 0 : ReportError(s);
}

void PrintDone(const Session& s, const std::string& text, Json detail) {
  if (!s.json()) {
    std::printf("%s\n", text.c_str());
    return;
  }
  detail["ok"] = true;
  PrintJson(detail);
}

void PrintListing(const Session& s, const Json& json, const Table& table) {
  if (s.json()) {
    PrintJson(json);
  } else {
    table.Print();
  }
}

void OnRun(CLI::App* cmd, const GlobalOptions& g, int& code, std::function<Status(Session&)> body) {
  cmd->callback([&g, &code, body = std::move(body)] { code = RunAs(g, body); });
}

}  // namespace fullrecord::cli
