// The state of resumable uploads, shared by the tus routes: rows of the upload table, the part
// files under <store>/uploads/, the exclusive hold one request takes on an upload, and the
// running digests kept in memory between PATCH requests. Internal to src/api.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/store.h"
#include "common/json.h"
#include "crypto/digest.h"

namespace fullrecord::api::uploads {

// Upload states as stored in upload.state.
constexpr const char* kReceiving = "receiving";
constexpr const char* kDone = "done";              // in the vault (and attached, or not)
constexpr const char* kRejected = "rejected";      // complete, but its digest was not the one
                                                   // announced: kept out of the vault
constexpr const char* kTerminated = "terminated";  // DELETE before completion
constexpr const char* kExpired = "expired";

struct UploadRow {
  std::string id;
  std::string person;
  uint64_t length = 0;
  uint64_t offset = 0;
  Json metadata = Json::object();  // decoded Upload-Metadata: key -> string (or null)
  UnixMicros created_us = 0;
  UnixMicros expires_us = 0;
  std::string state = kReceiving;
  std::string sha256;              // empty until complete
  Json attached = Json::object();  // outcome once done or rejected
};

// Rows of the upload table on one connection.
class UploadTable {
 public:
  explicit UploadTable(store::Database& db) : db_(db) {}

  Status Insert(const UploadRow& row);
  // NotFound for an unknown id.
  Result<UploadRow> Get(const std::string& id);
  // Records that the first `offset` bytes are durable; the expiry slides to `expires_us`.
  Status SetOffset(const std::string& id, uint64_t offset, UnixMicros expires_us);
  // Ends the upload in `state` (done, rejected, terminated, expired) with its outcome.
  Status End(const std::string& id, const std::string& state, const std::string& sha256,
             const Json& attached);
  // Unfinished uploads whose expiry is before `now_us` (for the sweep).
  Result<std::vector<UploadRow>> ExpiredReceiving(UnixMicros now_us);

 private:
  store::Database& db_;
};

// A fresh upload id: 32 random hex characters.
std::string NewUploadId();
// Whether `id` has the form NewUploadId gives (so it is safe in a path).
bool IsUploadId(const std::string& id);

// <store>/uploads, created (durably) on first use.
Result<std::string> UploadsDir(const app::Store& store);
std::string PartPath(const app::Store& store, const std::string& id);

// One request's exclusive hold on an upload: an in-process flag (so two connection threads
// never interleave) and an flock on the part file (so two processes sharing the store never
// do). Released on destruction. Holds the part file open for reading and writing (reading
// only once the vault has adopted it: a completion cut short after that).
class UploadLock {
 public:
  // FailedPrecondition ("locked") when another request holds the upload; NotFound when the part
  // file is missing; IOError when it cannot be opened.
  static Result<std::unique_ptr<UploadLock>> TryAcquire(const std::string& id,
                                                        const std::string& part_path);
  ~UploadLock();
  UploadLock(const UploadLock&) = delete;
  UploadLock& operator=(const UploadLock&) = delete;

  int fd() const { return fd_; }

 private:
  UploadLock(std::string id, int fd) : id_(std::move(id)), fd_(fd) {}
  std::string id_;
  int fd_;
};

// SHA-256 and SM3 of an upload's first `offset` bytes, carried in memory from one PATCH to the
// next so that completion needs no second pass over the file. Lost with the process: after a
// restart, completion re-hashes the part file.
struct HashState {
  crypto::Hasher sha256{crypto::HashAlgorithm::kSha256};
  crypto::Hasher sm3{crypto::HashAlgorithm::kSm3};
  uint64_t offset = 0;
};

// Takes the upload's hash state out of the process-wide registry (null when there is none).
// The taker holds the upload's lock and puts the state back with PutHashState when it is still
// valid, or drops it.
std::unique_ptr<HashState> TakeHashState(const std::string& id);
void PutHashState(const std::string& id, std::unique_ptr<HashState> state);

// Makes the part file match the durable offset: bytes past it (from a server killed mid-PATCH)
// are cut off. Corruption when the file is shorter than the offset.
Status TrimPartFile(int fd, const std::string& part_path, uint64_t offset);

// fdatasync of the part file: bytes are durable before an offset that covers them is stored.
Status SyncPartFile(int fd, const std::string& part_path);

}  // namespace fullrecord::api::uploads
