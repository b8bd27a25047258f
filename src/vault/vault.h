// The vault: write-once, content-addressed storage of originals (R9.5, R17.2). A blob is named
// by its SHA-256; its SM3 is computed in the same pass. Every ingest is a ledger event in the
// same transaction as the blob's row. There is no update and no delete.
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

  // NotFound when the vault holds no blob with that SHA-256.
  Result<BlobInfo> Get(const std::string& sha256_hex);
  // Reader of the stored bytes (not verified: use Verify for that).
  Result<std::unique_ptr<BlobReader>> Open(const std::string& sha256_hex);

  // Re-reads the blob and recomputes both digests and the size. Corruption names the blob and
  // the differing values.
  Status Verify(const std::string& sha256_hex, const ChunkProgressFn& progress = {});

  // Checks every registered blob; also lists, as warnings, blob files that have no row.
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
