// Bytes into an upload: the PATCH route, and the append and completion steps it shares with a
// POST that carries data (creation-with-upload) and a HEAD that finds an upload complete but
// not finished (a server stopped during completion). Internal to src/api.
#pragma once

#include <memory>
#include <optional>

#include "api/tus_http.h"
#include "api/upload_store.h"

namespace fullrecord::api::uploads {

// PATCH /api/uploads/{id}.
void Patch(Api& api, Call& c);

// The upload named by the path parameter "id", when it is the caller's: another person's
// answers NotFound exactly as an unknown one does. Ensures the upload table exists.
Result<UploadRow> OwnUpload(Call& c);

// Appends the request body to the upload `row` (as read under `lock`) at its offset. The reply
// (sent by the caller once it released the lock): `ok` with Upload-Offset and Upload-Expires
// (and `extra`) while bytes are missing, or the completion's reply once the last byte arrived.
// With `checksum`, the body counts only if it arrived whole and matches (460 otherwise, and its
// bytes are discarded).
tus::Reply Append(Api& api, Call& c, UploadRow row, UploadLock& lock,
                  const std::optional<crypto::Digest32>& checksum, unsigned ok,
                  const tus::Headers& extra);

// Completes an upload whose bytes have all arrived (see CompleteUpload). The reply: `ok` with
// Upload-Offset, Upload-Sha256 and Upload-Sm3 (and `extra`), or 460 when the bytes were not
// those announced in metadata "sha256".
tus::Reply Finish(Api& api, Call& c, const UploadRow& row, UploadLock& lock,
                  std::unique_ptr<HashState> hashes, unsigned ok, const tus::Headers& extra);

// Marks an unfinished upload whose expiry has passed as expired (row.state too) and removes its
// part file. An upload some request holds is left alone.
void ExpireIfDue(Call& c, UploadRow& row);

// The reply when UploadLock::TryAcquire failed: 423 Locked while another request holds the
// upload (tus clients retry that), the status's own reply otherwise.
tus::Reply LockFailureReply(const Status& status);

// The reply for an upload that can take no more requests: 404 terminated, 410 expired or
// rejected. None when `row` is receiving or done.
std::optional<tus::Reply> EndedReply(const UploadRow& row);

}  // namespace fullrecord::api::uploads
