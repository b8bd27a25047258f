// The vault: write-once, content-addressed storage of originals (R9.5, R17.2). A blob is named
// by its SHA-256; its SM3 is computed in the same pass. Every ingest is a ledger event in the
// same transaction as the blob's row. There is no update; the only removal is of an original that
// an executed disposal has already tombstoned (R14, RemoveTombstoned).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "store/database.h"
#include "vault/blob_store.h"
#include "vault/digest_pipeline.h"

namespace fullrecord::vault {

struct BlobInfo {
  std::string sha256;  // lower-case hex
  std::string sm3;     // lower-case hex
  uint64_t size = 0;
  std::string stored_at;  // RFC 3339 UTC
  uint64_t ledger_seq = 0;
};

struct IngestResult {
  BlobInfo blob;
  bool is_new = false;  // false: the same bytes were already stored; nothing new was written
};

struct BlobProblem {
  std::string sha256;
  std::string message;
  bool fatal = true;  // false for a warning: a blob file with no row, which an ingest killed
                      // between publishing and committing leaves; it never counts as stored
};

class Vault {
 public:
  // `db`, `blobs` and `ledger` must outlive the vault.
  Vault(store::Database& db, BlobStore& blobs, ledger::Ledger& ledger)
      : db_(db), blobs_(blobs), ledger_(ledger) {}

  // Streams `read` into the vault. The blob is durable and its row and "blob.ingested" ledger
  // event committed before Ok is returned; on any error nothing is visible. `source` names the
  // origin for the ledger (a file name, an upload id); it is recorded, not trusted.
  Result<IngestResult> Ingest(const ReadFn& read, const std::string& actor,
                              const std::string& source, const ChunkProgressFn& progress = {});
  Result<IngestResult> IngestFile(const std::string& path, const std::string& actor,
                                  const ChunkProgressFn& progress = {});
  // Takes the file at `path` into the vault without copying it (a finished resumable upload):
  // the file is made durable, read-only and linked under its SHA-256, then its row and
  // "blob.ingested" event are committed in one transaction, as Ingest does. `digests` must be
  // those of the file's bytes, computed while they were written or by DigestStream over the
  // file; only the size is checked here. The file must be inside the store directory on the
  // vault's file system (InvalidArgument otherwise) and must not be written afterwards; on Ok
  // the caller removes `path` (the blob has its own link). On error nothing is registered.
  Result<IngestResult> AdoptFile(const std::string& path, const StreamDigests& digests,
                                 const std::string& actor, const std::string& source);

  // NotFound when the vault holds no blob with that SHA-256.
  Result<BlobInfo> Get(const std::string& sha256_hex);
  // Reader of the stored bytes (not verified: use Verify for that).
  Result<std::unique_ptr<BlobReader>> Open(const std::string& sha256_hex);

  // Re-reads the blob and recomputes both digests and the size. Corruption names the blob and
  // the differing values.
  Status Verify(const std::string& sha256_hex, const ChunkProgressFn& progress = {});

  // Removes the bytes of a blob whose tombstone (table blob_tombstone, written with the ledger
  // event of an executed disposal) is already committed. FailedPrecondition for any other blob:
  // nothing else removes an original. Ok when the file is already gone.
  Status RemoveTombstoned(const std::string& sha256_hex);
  // Whether an executed disposal has tombstoned the blob.
  Result<bool> IsTombstoned(const std::string& sha256_hex);

  // Checks every registered blob that is not tombstoned; also lists, as warnings, blob files
  // that have no row and files of tombstoned blobs that are still present.
  std::vector<BlobProblem> VerifyAll(const std::function<void(uint64_t, uint64_t)>& progress = {});
  Result<uint64_t> Count();

 private:
  Result<IngestResult> Register(const StreamDigests& digests, bool file_was_present,
                                const std::string& actor, const std::string& source);

  store::Database& db_;
  BlobStore& blobs_;
  ledger::Ledger& ledger_;
};

}  // namespace fullrecord::vault
