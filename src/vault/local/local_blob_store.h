// Local-disk backend: blobs/<aa>/<bb>/<sha256>, read-only files, written through
// blobs/.tmp/ with write, fdatasync, rename and a directory fsync, so a blob is either wholly
// present or absent after a crash. A failed fsync stops all further writes of the process:
// after one, the kernel may have dropped the dirty pages, and retrying could report a
// durability that does not exist.
#pragma once

#include <atomic>
#include <string>

#include "vault/blob_store.h"

namespace fullrecord::vault::local {

class LocalBlobStore final : public BlobStore {
 public:
  // `root` is the blobs directory; Create makes it, OpenDirectory requires it.
  static Status Create(const std::string& root);
  static Result<std::unique_ptr<LocalBlobStore>> OpenDirectory(const std::string& root);

  Result<std::unique_ptr<BlobWriter>> NewWriter() override;
  // Adopts files inside the store directory (the parent of `root`) on the same file system.
  Status Adopt(const std::string& path, const std::string& sha256_hex,
               bool* already_present) override;
  Status Remove(const std::string& sha256_hex) override;
  Result<std::unique_ptr<BlobReader>> Open(const std::string& sha256_hex) override;
  Result<bool> Exists(const std::string& sha256_hex) override;
  Result<std::vector<std::string>> List() override;
  std::string Describe(const std::string& sha256_hex) const override;

  // Removes temporary files left by writers whose process has ended (killed mid-ingest).
  Status SweepTemporaries();

  // Set once an fsync has failed anywhere in this process; every later write is refused.
  static bool Stopped();
  // Lets a test process go on writing after it injected an fsync failure.
  static void ResetStoppedForTesting();

 private:
  explicit LocalBlobStore(std::string root) : root_(std::move(root)) {}
  std::string PathOf(const std::string& sha256_hex) const;

  std::string root_;
};

}  // namespace fullrecord::vault::local
