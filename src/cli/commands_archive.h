// `archive` and `verify-disc`: the archive discs of R13.1.
#pragma once

#include "cli/commands.h"

namespace fullrecord::cli {

// Adds to `app`:
//   archive CASE      the four-property check, then the disc images of the case (and burning,
//                     read-back and registration when a drive is present)
//   archive register  the archivist registers a set as kept at a location; the case is archived
//   archive list      the disc sets of a case
//   verify-disc       checks discs (images, devices or mounted directories) offline
// Callbacks read `g` when they run and store the exit code in `code`; both must outlive parsing.
void AddArchiveCommands(CLI::App& app, const GlobalOptions& g, int& code);

}  // namespace fullrecord::cli
