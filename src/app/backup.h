// Backups of a store: a consistent, restorable copy in a directory of the same layout, which
// `fullrecord --store DEST verify` checks like any store and `--store DEST` serves as it is.
//   metadata.db  a snapshot taken by SQLite (VACUUM INTO) while others go on writing; it is
//                checked (quick_check) before it replaces the previous backup's file
//   blobs/       every original the snapshot registers and no disposal removed. Blobs are named
//                by content, so a later backup into the same directory copies only the blobs it
//                lacks. Each copied blob is hashed (SHA-256 and SM3) while read from the vault
//                and again when read back from the destination; both must match its row
//   keys/        the ledger's signing keys (private ones 0600) and public keys
//   store.json   written last: a directory without it is no backup yet
// Originals in the vault are only read. Each backup, succeeded or failed, is a row of table
// `backup` and a ledger event "backup.made" (outcome "ok" or "failed").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/store.h"
#include "common/json.h"
#include "services/model.h"

namespace fullrecord::app {

struct BackupRecord {
  int64_t id = 0;
  UnixMicros started_us = 0;
  UnixMicros finished_us = 0;
  std::string destination;
  std::string actor;  // as in ledger events
  uint64_t blobs_copied = 0;
  uint64_t blobs_skipped = 0;  // already in the destination
  uint64_t bytes_copied = 0;
  uint64_t database_bytes = 0;
  std::string result;   // "ok" or "failed"
  std::string message;  // why it failed; empty when ok

  Json ToJson() const;
};

// Who may back up: the system administrator, and the console operator (who holds the store's
// files anyway). Anyone else gets PermissionDenied, logged as a refused "backup.made".
Status MayBackUp(services::Context& ctx, const services::Actor& actor);

// Makes a backup of `store` in `destination`, which must be an absolute path outside the store
// and either absent, empty, or an earlier backup of this same store (InvalidArgument or
// FailedPrecondition otherwise, and nothing is written or recorded). Returns the record of a
// backup that succeeded. When a step fails after the checks — a disk error, a blob whose bytes
// disagree with their row (Corruption naming it) — the failure is recorded and returned; the
// destination may then hold new blobs but keeps the previous backup's database and store.json.
// One backup at a time writes into a destination (FailedPrecondition for a second one).
Result<BackupRecord> MakeBackup(Store& store, const services::Actor& actor,
                                const std::string& destination);

// The newest `limit` backups, newest first.
Result<std::vector<BackupRecord>> ListBackups(store::Database& db, int64_t limit);

}  // namespace fullrecord::app
