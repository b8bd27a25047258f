// `fullrecord serve`: the HTTP API (and the built web UI) on a store.
#pragma once

#include <string>

#include "api/api.h"

namespace fullrecord::api {

// Registers every route group on `api`.
void AddAllRoutes(Api& api);

// Opens the store, creates the security administrator on first start (printing the one-time
// password on stdout), and serves until SIGINT or SIGTERM. Returns the process exit code.
int RunServe(const ApiOptions& options);

}  // namespace fullrecord::api
