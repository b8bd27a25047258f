#include "media/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>

#include "media/importer.h"

namespace fullrecord::media {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct FileState {
  uintmax_t size = 0;
  fs::file_time_type mtime;
  Clock::time_point changed;  // when size or mtime last changed
  bool handed = false;        // handed on in this state
};

// Tracks the files of a folder tree. inotify names the files that change; a full rescan runs at
// the start, when a folder appears, and every few seconds as a safety net.
class Watcher {
 public:
  Watcher(std::string dir, const WatchOptions& options) : dir_(std::move(dir)), options_(options) {}
  ~Watcher() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Start() {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) return Status::IOError(std::string("inotify: ") + std::strerror(errno));
    int wd = ::inotify_add_watch(fd_, dir_.c_str(), kMask);
    if (wd < 0) return Status::IOError("cannot watch " + dir_ + ": " + std::strerror(errno));
    dirs_[wd] = dir_;
    watched_[dir_] = true;
    Rescan();
    return Status::Ok();
  }

  // Waits up to one poll period for events, then returns the files that have settled.
  std::vector<std::string> Tick() {
    struct pollfd p {
      fd_, POLLIN, 0
    };
    if (::poll(&p, 1, options_.poll_ms) > 0) Drain();
    if (rescan_ || Clock::now() - last_rescan_ > kSafetyRescan) Rescan();
    return Settled();
  }

 private:
  static constexpr uint32_t kMask = IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY;
  static constexpr auto kSafetyRescan = std::chrono::seconds(5);

  // Reads the pending events: a changed file is looked at again; a new folder is scanned.
  void Drain() {
    alignas(struct inotify_event) char buf[16384];
    ssize_t n;
    while ((n = ::read(fd_, buf, sizeof buf)) > 0) {
      for (char* p = buf; p < buf + n;) {
        auto* e = reinterpret_cast<struct inotify_event*>(p);
        p += sizeof(struct inotify_event) + e->len;
        auto dir = dirs_.find(e->wd);
        if (e->len == 0 || dir == dirs_.end()) continue;
        std::string path = dir->second + "/" + e->name;
        if (e->mask & IN_ISDIR)
          rescan_ = true;
        else
          Look(path, Clock::now());
      }
    }
  }

  void Watch(const std::string& dir) {
    if (watched_[dir]) return;
    int wd = ::inotify_add_watch(fd_, dir.c_str(), kMask);
    if (wd >= 0) dirs_[wd] = dir, watched_[dir] = true;
  }

  void Rescan() {
    rescan_ = false;
    last_rescan_ = Clock::now();
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec))
        Watch(it->path().string());
      else
        Look(it->path().string(), last_rescan_);
    }
  }

  // Notes the size and time of `path` when it is a media file; a change restarts its settling.
  void Look(const std::string& path, Clock::time_point now) {
    std::string name = fs::path(path).filename().string();
    if (name.empty() || name[0] == '.' || !IsMediaFileName(name)) return;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return;
    uintmax_t size = fs::file_size(path, ec);
    auto mtime = fs::last_write_time(path, ec);
    if (ec) return;
    auto [pos, added] = files_.try_emplace(path, FileState{size, mtime, now});
    FileState& s = pos->second;
    if (!added && (s.size != size || s.mtime != mtime)) s = FileState{size, mtime, now};
  }

  // Files unchanged for the settle time, each handed on once per state.
  std::vector<std::string> Settled() {
    std::vector<std::string> ready;
    auto now = Clock::now();
    auto settle = std::chrono::milliseconds(options_.settle_ms);
    std::error_code ec;
    for (auto it = files_.begin(); it != files_.end();) {
      FileState& s = it->second;
      if (s.handed) {
        ++it;
        continue;
      }
      if (!fs::exists(it->first, ec)) {  // moved away or removed before it settled
        it = files_.erase(it);
        continue;
      }
      Look(it->first, now);  // a file still being written changes here and waits on
      if (now - s.changed >= settle) {
        s.handed = true;
        ready.push_back(it->first);
      }
      ++it;
    }
    return ready;
  }

  const std::string dir_;
  const WatchOptions& options_;
  int fd_ = -1;
  bool rescan_ = false;
  Clock::time_point last_rescan_;
  std::map<int, std::string> dirs_;      // watch descriptor -> folder
  std::map<std::string, bool> watched_;  // folders being watched
  std::map<std::string, FileState> files_;
};

}  // namespace

Status WatchDirectory(const std::string& dir, const WatchOptions& options,
                      const std::function<void(const std::vector<std::string>&)>& on_ready,
                      const std::atomic<bool>* stop) {
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (!fs::exists(st)) return Status::NotFound("no such directory: " + dir);
  if (!fs::is_directory(st)) return Status::InvalidArgument(dir + " is not a directory");
  Watcher w(dir, options);
  FR_RETURN_IF_ERROR(w.Start());
  auto deadline = Clock::now() + std::chrono::seconds(options.max_seconds);
  for (;;) {
    if (stop && stop->load()) return Status::Ok();
    if (options.max_seconds > 0 && Clock::now() >= deadline) return Status::Ok();
    std::vector<std::string> ready = w.Tick();
    if (!ready.empty()) on_ready(ready);
  }
}

}  // namespace fullrecord::media
