#include "cli/commands_serve.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "api/serve.h"
#include "app/demo.h"
#include "cli/output.h"

namespace fullrecord::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string web_dir;
  bool secure_cookies = false;
};

// The built web UI beside the binary's source tree, if the caller gave none.
std::string DefaultWebDir() {
  std::filesystem::path dist = std::filesystem::path(FR_SOURCE_ROOT) / "web" / "dist";
  return std::filesystem::exists(dist / "index.html") ? dist.string() : "";
}

int RunServeCommand(const GlobalOptions& g, const ServeArgs& a) {
  api::ApiOptions options;
  options.store_dir = g.store_dir;
  options.web_dir = a.web_dir.empty() ? DefaultWebDir() : a.web_dir;
  options.secure_cookies = a.secure_cookies;
  auto colon = a.listen.rfind(':');
  if (colon == std::string::npos) {
    return ReportError(Status::InvalidArgument("--listen wants ADDRESS:PORT, not " + a.listen));
  }
  options.http.address = a.listen.substr(0, colon);
  options.http.port = static_cast<uint16_t>(std::atoi(a.listen.c_str() + colon + 1));
  return api::RunServe(options);
}

int RunDemo(const GlobalOptions& g) {
  auto store = app::Store::Open(g.store_dir, true);
  if (!store.ok()) return ReportError(store.status());
  app::DemoOptions options;
  options.work_dir = std::filesystem::temp_directory_path().string();
  Status s = app::FillDemo(**store, std::cout, options);
  return s.ok() ? 0 : ReportError(s);
}

}  // namespace

void AddServeCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  static ServeArgs args;
  auto* serve = app.add_subcommand("serve", "serve the HTTP API and the web UI");
  serve->add_option("--listen", args.listen, "address:port (default 127.0.0.1:8080)");
  serve->add_option("--web", args.web_dir, "directory of the built web UI (default web/dist)");
  serve->add_flag("--secure-cookies", args.secure_cookies, "behind a TLS proxy: Secure cookies");
  serve->callback([&] { code = RunServeCommand(g, args); });

  app.add_subcommand("demo", "fill an empty store with a demonstration bureau")
      ->callback([&] { code = RunDemo(g); });
}

}  // namespace fullrecord::cli
