// The file a disc image is written to. Images are large (up to a BD-R's 100 GB) and read once
// after writing, so they bypass the page cache where the file system allows (O_DIRECT): the
// bytes go from our buffers to the disk without the kernel copying them, and a thread of their
// own writes one buffer while the next is filled. Where direct I/O is refused the file is
// written through the page cache, handed to the disk as it grows.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"

namespace fullrecord::archive {

class ImageOutput {
 public:
  // Size of the buffers Next() hands out; a multiple of any device's block size.
  static constexpr size_t kBuffer = 4 << 20;

  // Writes to `path` + ".tmp", created exclusively; nothing is at `path` until Publish.
  explicit ImageOutput(std::string path);
  // Stops the writing thread; removes the temporary file unless it was published.
  ~ImageOutput();
  ImageOutput(const ImageOutput&) = delete;
  ImageOutput& operator=(const ImageOutput&) = delete;

  // Creates the temporary file and starts the writing thread. IOError if it cannot be created.
  Status Open();
  // An empty buffer of kBuffer bytes to fill; waits while every buffer is queued. The first
  // write error (NoSpace for a full disk, IOError otherwise) once writing has failed.
  Result<uint8_t*> Next();
  // Queues the first `len` bytes of a buffer from Next() to follow what was queued before.
  // Only the last buffer may hold less than kBuffer bytes.
  void Submit(uint8_t* buffer, size_t len);
  // Waits until everything queued is written, fsyncs and links the file to `path`. AlreadyExists
  // if something appeared at `path` meanwhile.
  Status Publish();
  // Whether the file bypasses the page cache (for the logs and the tests).
  bool direct() const { return direct_; }

 private:
  struct Block {
    uint8_t* data;
    size_t len;
  };
  void Run();
  Status WriteBlock(const Block& b);
  Status WaitIdle();

  std::string path_, tmp_;
  int fd_ = -1;
  bool direct_ = false;
  bool published_ = false;
  uint64_t offset_ = 0;   // where the writing thread writes next
  uint64_t flushed_ = 0;  // page-cache mode: bytes before this handed to the disk

  std::vector<std::unique_ptr<uint8_t, void (*)(void*)>> buffers_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<uint8_t*> free_;   // guarded by mu_
  std::deque<Block> queued_;    // guarded by mu_
  bool writing_ = false;        // guarded by mu_: a block is being written
  bool stop_ = false;           // guarded by mu_
  Status failed_;               // guarded by mu_: the first write error
  std::thread thread_;
};

}  // namespace fullrecord::archive
