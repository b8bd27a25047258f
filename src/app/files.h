// Whole small files of a store directory (store.json, keys): read at once, written durably.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/status.h"

namespace fullrecord::app {

// The whole file. NotFound naming `path` when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

// Writes `content` to `path` with `mode` through a temporary file beside it, fsync, rename and a
// fsync of the directory: afterwards `path` holds either its old bytes or all of `content`.
// IOError naming the file when any step fails.
Status WriteFileAtomically(const std::string& path, const std::string& content, mode_t mode);

}  // namespace fullrecord::app
