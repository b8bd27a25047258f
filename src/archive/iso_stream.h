// libisofs streams for the image writer: file contents held in memory, and ranges of vault blobs
// read while the image is written, their SHA-256 recomputed as they pass. Internal to the
// archive component.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#ifndef LIBISOFS_WITHOUT_LIBBURN
#define LIBISOFS_WITHOUT_LIBBURN 1
#endif
#include <libisofs/libisofs.h>

#include "archive/iso_image.h"
#include "common/status.h"
#include "vault/vault.h"

namespace fullrecord::archive {

// The first failure of any stream of one image, seen by the thread that drains the image.
// libisofs reads the streams on its own writer thread and would otherwise go on with zeros.
class StreamState {
 public:
  void Fail(const Status& status);
  bool failed() const { return failed_.load(); }
  Status status() const;

 private:
  mutable std::mutex mu_;
  Status first_;
  std::atomic<bool> failed_{false};
};

// A new stream (one reference) over a copy of `content`.
Result<IsoStream*> NewMemoryStream(const std::string& content);

// A new stream (one reference) over the range of `file.blob` given by `file.offset` and
// `file.length`. When `file.expect_sha256` is set, the range's SHA-256 is recomputed as it is read
// and a difference is reported to `state` as Corruption naming the file. `state` may be null when
// the stream will never be read (measuring). `vault`, `file` and `state` must outlive the stream.
Result<IsoStream*> NewBlobStream(vault::Vault& vault, const ImageFile& file, StreamState* state);

}  // namespace fullrecord::archive
