// What happens to an upload around its bytes: the record it is meant for, checked when the
// upload is created; and at completion the full digest check, the vault, and the record.
// Internal to src/api.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "api/upload_store.h"
#include "services/records.h"

namespace fullrecord::api::uploads {

// The record an upload is for, from its metadata (docs/uploads.md):
//   av_record (id), start, end (RFC 3339; default: the recording's own)  -> a segment
//   case (id), doc_type, title, stage (default: the case's), classification -> a text record
//   neither                                                               -> the vault only
struct AttachPlan {
  enum class Kind { kVaultOnly, kSegment, kText } kind = Kind::kVaultOnly;
  int64_t av_id = 0;
  std::optional<UnixMicros> start_us, end_us;
  services::TextRecordInput text;
};

// Reads the plan from `metadata` and checks, as the actor, that the record can take the file:
// InvalidArgument for malformed values or both targets; NotFound for a record out of reach;
// PermissionDenied (logged) for one the actor may not change.
Result<AttachPlan> PlanAttachment(Call& c, const Json& metadata);

// The SHA-256 the uploader announced in metadata "sha256" (hex or base64), as lower-case hex;
// empty when none; InvalidArgument when it is not a SHA-256.
Result<std::string> AnnouncedSha256(const Json& metadata);

struct Completion {
  bool rejected = false;  // the bytes were not those announced: kept out of the vault
  Json outcome;           // what GET /api/uploads/{id}/result shows
};

// Finishes an upload whose bytes have all arrived; the caller holds its lock. Takes the
// digests from `hashes` when they cover the whole file, or else reads the part file again.
// With a digest announced and not matched, the upload is rejected (logged as
// "upload.rejected") and its part file removed. Otherwise the file enters the vault without a
// copy (Vault::AdoptFile, "blob.ingested"), is attached as planned (a failure to attach is part
// of the outcome, not an error: the original is kept), the upload is marked done and its part
// file removed. An error (storage, corruption) leaves the upload receiving and complete, so a
// later HEAD or PATCH finishes it.
Result<Completion> CompleteUpload(Call& c, const UploadRow& row, const UploadLock& lock,
                                  std::unique_ptr<HashState> hashes);

}  // namespace fullrecord::api::uploads
