#include "api/upload_receive.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace fullrecord::api::uploads {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kSlotSize = 1 << 20;
constexpr size_t kSlots = 8;  // memory per receiving request: 8 MiB
constexpr uint64_t kWritebackWindow = 8ull << 20;
constexpr uint64_t kCheckpointBytes = 32ull << 20;
constexpr auto kCheckpointInterval = std::chrono::seconds(2);

// Buffers handed in order from the receiving thread to a thread that feeds them to SM3. The
// receiver fills slot k while the hasher works on earlier ones; a slot is reused only after
// the hasher is done with it. Without a hasher, a slot is free again as soon as published.
class Sm3Feed {
 public:
  explicit Sm3Feed(crypto::Hasher* sm3) : sm3_(sm3), slots_(kSlots), lens_(kSlots, 0) {
    for (auto& s : slots_) s.resize(kSlotSize);
    if (sm3_) thread_ = std::thread([this] { Run(); });
  }
  ~Sm3Feed() { Close(); }

  // The next slot to fill.
  uint8_t* Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return produced_ - consumed_ < kSlots; });
    return slots_[produced_ % kSlots].data();
  }

  // The slot from Acquire holds `len` bytes for the hasher.
  void Publish(size_t len) {
    std::lock_guard<std::mutex> lock(mu_);
    lens_[produced_ % kSlots] = len;
    ++produced_;
    if (!sm3_) consumed_ = produced_;
    cv_.notify_all();
  }

  // Waits until every published slot is hashed.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    for (;;) {
      size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return consumed_ < produced_ || closed_; });
        if (consumed_ == produced_) return;  // closed, and nothing left
        index = consumed_ % kSlots;
      }
      sm3_->Update(slots_[index].data(), lens_[index]);
      std::lock_guard<std::mutex> lock(mu_);
      ++consumed_;
      cv_.notify_all();
    }
  }

  crypto::Hasher* sm3_;
  std::vector<std::vector<uint8_t>> slots_;
  std::vector<size_t> lens_;  // guarded by mu_ (each entry written before its slot is published)
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t produced_ = 0;  // guarded by mu_
  uint64_t consumed_ = 0;  // guarded by mu_
  bool closed_ = false;    // guarded by mu_
  std::thread thread_;
};

Status WriteAt(int fd, const uint8_t* data, size_t len, uint64_t offset, const std::string& path) {
  while (len > 0) {
    ssize_t n = ::pwrite(fd, data, len, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      std::string msg = "cannot write " + path + ": " + std::strerror(err);
      return err == ENOSPC || err == EDQUOT
                 ? Status::NoSpace(msg, "存储空间已满，无法保存上传的数据")
                 : Status::IOError(msg);
    }
    data += n;
    len -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

// Fills `buf` from the body, up to `cap` bytes. Stops early at the body's end (`*ended`) or
// where it broke off (`*error`), keeping what arrived before.
size_t Fill(server::Exchange& ex, uint8_t* buf, size_t cap, bool* ended, Status* error) {
  size_t len = 0;
  while (len < cap) {
    auto n = ex.ReadBodySome(buf + len, cap - len);
    if (!n.ok()) {
      *error = n.status();
      break;
    }
    if (*n == 0) {
      *ended = true;
      break;
    }
    len += *n;
  }
  return len;
}

// At the limit: whether the body holds one byte more.
void CheckEnd(server::Exchange& ex, ReceiveResult* r) {
  uint8_t extra = 0;
  auto n = ex.ReadBodySome(&extra, 1);
  if (!n.ok()) {
    r->status = n.status();
  } else if (*n > 0) {
    r->over_limit = true;
  } else {
    r->complete = true;
  }
}

// Bookkeeping of write-behind and checkpoints during one receive.
struct Progress {
  uint64_t written_back = 0;
  uint64_t checkpointed = 0;
  Clock::time_point last_checkpoint = Clock::now();
};

Status AfterWrite(const ReceiveOptions& o, uint64_t received, Progress* p) {
  // Start write-back early so the final fdatasync has little left to do.
  if (received - p->written_back >= kWritebackWindow) {
    ::sync_file_range(o.fd, static_cast<off_t>(o.offset + p->written_back),
                      static_cast<off_t>(received - p->written_back), SYNC_FILE_RANGE_WRITE);
    p->written_back = received;
  }
  if (!o.checkpoint || received == p->checkpointed) return Status::Ok();
  bool due = received - p->checkpointed >= kCheckpointBytes ||
             Clock::now() - p->last_checkpoint >= kCheckpointInterval;
  if (!due) return Status::Ok();
  p->checkpointed = received;
  p->last_checkpoint = Clock::now();
  return o.checkpoint(received);
}

}  // namespace

ReceiveResult ReceiveBody(server::Exchange& ex, const ReceiveOptions& o) {
  ReceiveResult r;
  Sm3Feed feed(o.hashes ? &o.hashes->sm3 : nullptr);
  Progress progress;
  for (;;) {
    uint8_t* buf = feed.Acquire();
    bool ended = false;
    size_t room = static_cast<size_t>(std::min<uint64_t>(kSlotSize, o.limit - r.received));
    size_t n = Fill(ex, buf, room, &ended, &r.status);

    // Whatever arrived is written, then hashed, in order, even when the client went away.
    if (n > 0) {
      Status written = WriteAt(o.fd, buf, n, o.offset + r.received, o.part_path);
      if (!written.ok()) {
        r.status = written;
        r.write_failed = true;
        break;
      }
      if (o.hashes) o.hashes->sha256.Update(buf, n);
      if (o.checksum) o.checksum->Update(buf, n);
      feed.Publish(n);
      r.received += n;
    }
    if (!r.status.ok()) break;
    if (ended) {
      r.complete = true;
      break;
    }
    if (r.received == o.limit) {
      CheckEnd(ex, &r);
      break;
    }
    if (Status s = AfterWrite(o, r.received, &progress); !s.ok()) {
      r.status = s;
      r.write_failed = true;
      break;
    }
  }
  feed.Close();
  if (o.hashes) o.hashes->offset += r.received;
  return r;
}

}  // namespace fullrecord::api::uploads
