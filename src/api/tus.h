// Originals in and out over HTTP: resumable uploads (tus 1.0.0 with the creation,
// creation-with-upload, checksum, expiration and termination extensions) that end in the vault
// and, as their metadata says, in a record; downloads and playback of originals with HTTP
// Range; and the package of a copy for a party (R15.1). docs/uploads.md describes the protocol
// as served here, the state kept, and the rules for logging views.
#pragma once

#include <cstdint>
#include <string>

#include "api/api.h"
#include "common/time.h"

namespace fullrecord::api {

// Limits of the upload routes. Changed by tests only (SetUploadLimitsForTesting).
struct UploadLimits {
  uint64_t max_size = 64ull << 30;                // Tus-Max-Size: one original up to 64 GiB
  UnixMicros lifetime_us = 7ll * 86'400'000'000;  // an unfinished upload expires a week after
                                                  // its last byte arrived (R12.2: weak links)
};
UploadLimits CurrentUploadLimits();
void SetUploadLimitsForTesting(const UploadLimits& limits);

// OPTIONS, POST /api/uploads; HEAD, GET, PATCH, DELETE /api/uploads/{id};
// GET /api/uploads/{id}/result.
void AddUploadRoutes(Api& api);

// GET (and HEAD) /api/blobs/{sha256}; GET /api/copy-requests/{id}/package.
void AddFileRoutes(Api& api);

// The SQL of the upload table (src/api/upload_schema.sql): idempotent statements, each ending
// with ';' and with no ';' inside. Static storage; never null.
const char* UploadSchemaSql();

// Applies UploadSchemaSql to `db`. Idempotent and cheap after the first call on a connection;
// the upload routes call it before they touch the table, so a store opened by an older build
// gains the table on first use.
Status EnsureUploadSchema(store::Database& db);

// Marks unfinished uploads whose expiry is before `now_us` as expired and removes their part
// files; also removes part files that a finished upload left behind (a crash between taking the
// file into the vault and removing its name). An upload busy in a request is skipped. Returns
// the number of part files removed. The upload routes run it at most once a minute.
Result<int> SweepUploads(app::Store& store, UnixMicros now_us);

}  // namespace fullrecord::api
