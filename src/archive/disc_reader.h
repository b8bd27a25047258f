// Reading a disc without the server: a mounted directory, or an ISO 9660 image or device read
// with libarchive (Rock Ridge names; Joliet checked against them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "vault/digest_pipeline.h"

namespace fullrecord::archive {

// One regular file of a disc, as enumeration meets it.
struct DiscEntry {
  std::string path;  // relative to the disc's root, '/'-separated
  uint64_t size = 0;
};

// Called for each regular file; `read` yields its bytes (it may be left unread).
using DiscFileFn = std::function<Status(const DiscEntry& entry, const vault::ReadFn& read)>;

class DiscSource {
 public:
  virtual ~DiscSource() = default;
  // Every regular file once, in the order the medium stores them. Stops at the first error of
  // `fn` or of the medium; Corruption when the file system itself cannot be read.
  virtual Status ForEachFile(const DiscFileFn& fn) = 0;
  // Files as the image's Joliet tree names them, for a cross-check with ForEachFile; empty for
  // a directory, whose names come from one place only.
  virtual Result<std::vector<DiscEntry>> JolietListing() = 0;
  virtual const std::string& where() const = 0;
};

// A directory (a mounted disc) or anything else libarchive reads as ISO 9660 (an image file, a
// block device). NotFound when `path` does not exist.
Result<std::unique_ptr<DiscSource>> OpenDisc(const std::string& path);

}  // namespace fullrecord::archive
