// Writing images to optical discs with libburn, and reading them back. Without a drive the
// images themselves are the output (the archivist burns them elsewhere and registers the set).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace fullrecord::archive {

struct Drive {
  std::string address;  // "/dev/sr0"
  std::string vendor, product;
};

// The optical drives libburn finds; empty when there are none. IOError when libburn cannot start.
Result<std::vector<Drive>> ScanDrives();

// Writes `image` to the blank medium in the drive at `address` in one closed session and waits
// for the end. `address` is a drive ("/dev/sr0") or libburn's "stdio:<file>" pseudo-drive, which
// writes into a file the same way. FailedPrecondition when the medium is not blank or too small;
// IOError when the drive reports a failed write.
Status BurnImage(const std::string& address, const std::string& image,
                 const std::function<void(uint64_t bytes)>& progress = {});

// The device path or file to read a burned disc back from: "/dev/sr0" for a drive,
// "<file>" for "stdio:<file>".
std::string ReadbackPath(const std::string& address);

struct ImageDigests {
  std::string sha256, sm3;
};

// SHA-256 and SM3 of the first `size` bytes of `path` (an image file or a disc device, which may
// hold more than the image), computed on two threads. Corruption when it holds fewer.
Result<ImageDigests> DigestImage(const std::string& path, uint64_t size);

}  // namespace fullrecord::archive
