// Random access to a vault blob, for the checks that must seek (media containers, zip and OLE
// directories). The vault's readers only stream forward, so a seek ahead reads and drops the
// bytes between, and a seek back reopens the blob. Originals are only ever read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "vault/vault.h"

namespace fullrecord::archive {

class BlobFile {
 public:
  // NotFound when the vault has no blob `sha256`. `vault` must outlive the BlobFile.
  static Result<std::unique_ptr<BlobFile>> Open(vault::Vault& vault, const std::string& sha256);

  uint64_t size() const { return size_; }
  uint64_t position() const { return pos_; }
  const std::string& sha256() const { return sha256_; }

  // Moves to `offset` (at most size()); InvalidArgument past the end.
  Status Seek(uint64_t offset);
  // Reads up to `cap` bytes at the position; 0 at the end.
  Result<size_t> Read(uint8_t* buf, size_t cap);
  // Reads from the position to the end; FailedPrecondition when that is over `limit` bytes.
  Result<std::string> ReadRest(uint64_t limit);

 private:
  explicit BlobFile(std::string sha256) : sha256_(std::move(sha256)) {}

  std::string sha256_;
  std::unique_ptr<vault::BlobReader> reader_;
  uint64_t size_ = 0;
  uint64_t pos_ = 0;
};

}  // namespace fullrecord::archive
