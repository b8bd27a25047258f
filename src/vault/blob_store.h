// The vault's backend interface: where the bytes of originals live. A backend offers exactly
// three things — write a new blob under its digest, read a blob, list blobs — and no way to
// change or remove one (R9.5). Backends: local/ (a directory on local disk).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace fullrecord::vault {

// A new blob being written. Bytes go to a private temporary place; nothing is visible under the
// blob's name until Commit returns Ok.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  virtual Status Append(const uint8_t* data, size_t len) = 0;
  // Makes the bytes durable and publishes them under `sha256_hex`, read-only. Sets
  // `*already_present` when a blob of that name existed (the new bytes are then discarded).
  virtual Status Commit(const std::string& sha256_hex, bool* already_present) = 0;
  // Discards the bytes. Called automatically by the destructor when Commit was not reached.
  virtual void Abort() = 0;
};

class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Reads up to `cap` bytes; returns 0 at the end.
  virtual Result<size_t> Read(uint8_t* buf, size_t cap) = 0;
  // Moves to `offset` (at most size()) without reading what lies between, so that a reader of
  // a recording's last packets does not read the whole recording first.
  virtual Status Seek(uint64_t offset) = 0;
  virtual uint64_t size() const = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> NewWriter() = 0;
  // Publishes the existing file at `path` as blob `sha256_hex` without copying its bytes: the
  // file is made durable and read-only, then linked under the blob's name. Sets
  // `*already_present` as BlobWriter::Commit does (the file is then left as it was, apart from
  // its mode). InvalidArgument when the file is not a regular file inside the store on the
  // backend's own file system. The caller vouches that `sha256_hex` names the file's bytes,
  // must not write to the file afterwards, and removes `path` once the blob is registered.
  virtual Status Adopt(const std::string& path, const std::string& sha256_hex,
                       bool* already_present) = 0;
  // Unlinks the blob's file; Ok when it is already gone. Only Vault::RemoveTombstoned calls it,
  // for an original an executed disposal has tombstoned.
  virtual Status Remove(const std::string& sha256_hex) = 0;
  // NotFound when no blob has that name.
  virtual Result<std::unique_ptr<BlobReader>> Open(const std::string& sha256_hex) = 0;
  virtual Result<bool> Exists(const std::string& sha256_hex) = 0;
  // Names of all published blobs, in no particular order.
  virtual Result<std::vector<std::string>> List() = 0;
  // Where the blob lives, for messages ("blobs/3f/a9/3fa9…").
  virtual std::string Describe(const std::string& sha256_hex) const = 0;
};

}  // namespace fullrecord::vault
