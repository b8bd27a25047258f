// ISO 9660 images with Rock Ridge and Joliet, level 3 (multi-extent files over 4 GiB), made with
// libisofs. Originals stream from the vault straight into the image, with their SHA-256
// recomputed on the way: a disc is only ever made of bytes that match their recorded digest.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "vault/vault.h"

namespace fullrecord::archive {

// One file of an image: bytes held in memory, or a range of a vault blob.
struct ImageFile {
  std::string path;     // inside the image: '/'-separated UTF-8, no leading '/'
  std::string content;  // the bytes, when `blob` is empty
  std::string blob;     // SHA-256 of the vault blob to stream from
  uint64_t offset = 0;  // the range of the blob: a part of a split file, or all of it
  uint64_t length = 0;
  std::string expect_sha256;  // SHA-256 of the range; recomputed while writing

  uint64_t size() const { return blob.empty() ? content.size() : length; }
};

struct ImageOptions {
  std::string volume_id;      // up to 32 of A–Z, 0–9 and '_'
  std::string volume_set_id;  // the set's label
  std::string publisher;      // the bureau or store origin
  UnixMicros time = 0;        // every timestamp in the image
};

struct WrittenImage {
  uint64_t size = 0;
  std::string sha256;  // of the whole image, computed while writing
};

using ImageProgressFn = std::function<void(uint64_t bytes_written)>;

// The exact size in bytes of the image of `files`, without reading any of them. InvalidArgument
// for a path libisofs refuses (a duplicate, an empty component).
Result<uint64_t> MeasureImage(vault::Vault& vault, const std::vector<ImageFile>& files,
                              const ImageOptions& options);

// Writes the image of `files` to `path`, which must not exist, through a temporary file that is
// fsynced and renamed into place. Corruption naming the file when a blob range's recomputed
// SHA-256 differs from `expect_sha256`; IOError on a failed read or write. On any error nothing
// is left at `path`. `vault` and `files` must outlive the call.
Result<WrittenImage> WriteImage(vault::Vault& vault, const std::vector<ImageFile>& files,
                                const ImageOptions& options, const std::string& path,
                                const ImageProgressFn& progress = {});

}  // namespace fullrecord::archive
