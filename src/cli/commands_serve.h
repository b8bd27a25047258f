// `serve` (the HTTP API and web UI) and `demo` (a demonstration bureau in an empty store).
#pragma once

#include "cli/commands.h"

namespace fullrecord::cli {

void AddServeCommands(CLI::App& app, const GlobalOptions& g, int& code);

}  // namespace fullrecord::cli
