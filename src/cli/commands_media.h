// `fullrecord import`: body-camera footage from a dock folder (R12.1) — stored write-once,
// probed, grouped into recordings with their interruptions, matched to cases, and given
// pictures and browser-playable proxies in the background. See docs/media.md.
#pragma once

#include "cli/commands.h"

namespace CLI {
class App;
}  // namespace CLI

namespace fullrecord::cli {

// Adds `import` to `app`. Its callback reads `g` when it runs (after parsing) and stores the
// exit code in `code`; both must outlive parsing. Exit codes: 0 every file is stored and part of
// a recording; 1 some file is not (no registered device, no time, a failed derivative, a file
// that could not be read from disk), each named in the output; 2 bad arguments; 3 the store
// failed.
void AddMediaCommands(CLI::App& app, const GlobalOptions& g, int& code);

}  // namespace fullrecord::cli
