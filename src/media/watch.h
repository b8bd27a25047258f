// Watching a dock folder: files appear while the dock copies them, so a file is handed on only
// once it has stopped growing. inotify tells when something changed; a steady poll checks sizes,
// so a missed event only delays a file, never loses it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace fullrecord::media {

struct WatchOptions {
  int64_t max_seconds = 0;  // stop after this long; 0: until `stop` is set
  int settle_ms = 2000;     // a file unchanged (size and mtime) this long is ready
  int poll_ms = 250;        // how often sizes are checked
};

// Calls `on_ready` with the media files under `dir` (recursively, including folders created
// later and the files present at the start) once each has stopped changing; a file that changes
// again later is handed on again. `on_ready` runs on the calling thread. Returns when
// max_seconds have passed or `*stop` is true. NotFound or InvalidArgument when `dir` is not a
// directory; IOError when inotify cannot be set up.
Status WatchDirectory(const std::string& dir, const WatchOptions& options,
                      const std::function<void(const std::vector<std::string>&)>& on_ready,
                      const std::atomic<bool>* stop = nullptr);

}  // namespace fullrecord::media
