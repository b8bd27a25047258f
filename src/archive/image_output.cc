#include "archive/image_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fullrecord::archive {
namespace {

constexpr size_t kBuffers = 4;    // 16 MiB in flight: one being written, three to fill
constexpr size_t kAlign = 4096;   // direct I/O: offsets, lengths and memory on this boundary
constexpr uint64_t kFlushWindow = 32 << 20;  // page-cache mode: handed to the disk this often

Status WriteError(const std::string& path, int err) {
  if (err == ENOSPC) return Status::NoSpace("disk full writing " + path);
  return Status::IOError("cannot write " + path + ": " + std::strerror(err));
}

}  // namespace

ImageOutput::ImageOutput(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {}

ImageOutput::~ImageOutput() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  if (fd_ >= 0) ::close(fd_);
  if (fd_ >= 0 && !published_) ::unlink(tmp_.c_str());
}

Status ImageOutput::Open() {
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  fd_ = ::open(tmp_.c_str(), flags | O_DIRECT, 0644);
  direct_ = fd_ >= 0;
  if (fd_ < 0 && errno == EINVAL) fd_ = ::open(tmp_.c_str(), flags, 0644);  // tmpfs and the like
  if (fd_ < 0) return Status::IOError("cannot create " + tmp_ + ": " + std::strerror(errno));

  for (size_t i = 0; i < kBuffers; ++i) {
    auto* raw = static_cast<uint8_t*>(std::aligned_alloc(kAlign, kBuffer));
    if (raw == nullptr) return Status::Internal("out of memory for the image's buffers");
    buffers_.emplace_back(raw, std::free);
    free_.push_back(raw);
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

Result<uint8_t*> ImageOutput::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !free_.empty() || !failed_.ok(); });
  if (!failed_.ok()) return failed_;
  uint8_t* b = free_.front();
  free_.pop_front();
  return b;
}

void ImageOutput::Submit(uint8_t* buffer, size_t len) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued_.push_back({buffer, len});
  }
  changed_.notify_all();
}

void ImageOutput::Run() {
  for (;;) {
    Block b;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return stop_ || !queued_.empty(); });
      if (queued_.empty()) return;
      b = queued_.front();
      queued_.pop_front();
      writing_ = true;
    }
    Status s = failed_.ok() ? WriteBlock(b) : Status::Ok();  // after a failure: only drain
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!s.ok() && failed_.ok()) failed_ = s;
      free_.push_back(b.data);
      writing_ = false;
    }
    changed_.notify_all();
  }
}

// Runs on the writing thread only.
Status ImageOutput::WriteBlock(const Block& b) {
  size_t done = 0;
  while (done < b.len) {
    size_t want = b.len - done;
    if (direct_ && want % kAlign != 0) {
      if (want >= kAlign) {
        want -= want % kAlign;
      } else {
        // The image's last blocks are not a whole direct-I/O block: they go through the cache.
        int fl = ::fcntl(fd_, F_GETFL);
        if (fl < 0 || ::fcntl(fd_, F_SETFL, fl & ~O_DIRECT) != 0) return WriteError(tmp_, errno);
        direct_ = false;
      }
    }
    ssize_t n = ::pwrite(fd_, b.data + done, want, static_cast<off_t>(offset_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return WriteError(tmp_, errno);
    if (n == 0) return WriteError(tmp_, EIO);
    done += static_cast<size_t>(n);
    offset_ += static_cast<uint64_t>(n);
  }

  // Through the page cache: start the disk on each full window and wait for the one before,
  // so that the final fsync waits for one window and not for the whole image.
  while (!direct_ && offset_ - flushed_ >= kFlushWindow) {
    (void)::sync_file_range(fd_, static_cast<off_t>(flushed_), kFlushWindow,
                            SYNC_FILE_RANGE_WRITE);
    if (flushed_ >= kFlushWindow) {
      (void)::sync_file_range(fd_, static_cast<off_t>(flushed_ - kFlushWindow), kFlushWindow,
                              SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                  SYNC_FILE_RANGE_WAIT_AFTER);
    }
    flushed_ += kFlushWindow;
  }
  return Status::Ok();
}

Status ImageOutput::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return (queued_.empty() && !writing_) || !failed_.ok(); });
  return failed_;
}

Status ImageOutput::Publish() {
  if (fd_ < 0) return Status::FailedPrecondition(tmp_ + " was not opened");
  FR_RETURN_IF_ERROR(WaitIdle());
  if (::fsync(fd_) != 0) return Status::IOError("cannot fsync " + tmp_ + ": " + std::strerror(errno));
  if (::link(tmp_.c_str(), path_.c_str()) != 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path_ + " already exists");
    return Status::IOError("cannot create " + path_ + ": " + std::strerror(errno));
  }
  published_ = true;
  ::unlink(tmp_.c_str());
  return Status::Ok();
}

}  // namespace fullrecord::archive
