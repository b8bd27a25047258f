// Who acts in a regulation command. Every command takes `--as PERSON` (or $FULLRECORD_AS): the
// person acts with the roles the store gives them. Without either, the console operator acts,
// and the services let the console only set up the bureau (sections, people, roles, devices).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/store.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "services/model.h"

namespace CLI {
class App;
}  // namespace CLI

namespace fullrecord::cli {

// The operating-system user running the command; the uid when it has no name.
std::string OsUser();

// The actor for `as`: the person's roles from the store, or the console operator when `as` is
// empty. NotFound naming the person when they are unknown or inactive.
Result<services::Actor> ResolveActor(services::Context& ctx, const std::string& as);

// An opened store and the actor a command acts as.
struct Session {
  std::unique_ptr<app::Store> store;
  services::Actor actor;
  const GlobalOptions* options = nullptr;

  services::Context& ctx() { return store->services(); }
  bool json() const { return options && options->json; }
};

// Opens the store writable (a refused read is logged, so even listings write) and resolves the
// actor. The store's warnings (no holiday calendar, no catalogue) go to stderr.
Result<Session> OpenSession(const GlobalOptions& g);

// Opens a session, runs `body`, and returns the exit code: 0, or ReportError's code for the
// first failure, whose message is printed as the service gave it.
int RunAs(const GlobalOptions& g, const std::function<Status(Session&)>& body);

// Reports a change that succeeded: `text` for people, or `detail` with "ok": true for --json.
void PrintDone(const Session& s, const std::string& text, Json detail = Json::object());

// Prints a listing: `json` for --json, else `table`.
void PrintListing(const Session& s, const Json& json, const Table& table);

// Makes `cmd` RunAs `body` when it is chosen, storing the exit code in `code`. `g` and `code`
// must outlive parsing.
void OnRun(CLI::App* cmd, const GlobalOptions& g, int& code, std::function<Status(Session&)> body);

}  // namespace fullrecord::cli
