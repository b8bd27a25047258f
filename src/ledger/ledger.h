// The ledger: an append-only, tamper-evident log of every security-relevant event (R1.1,
// R17.2). Events are canonical JSON leaves of an RFC 9162 Merkle tree kept in the metadata
// store; every commit signs a checkpoint (Ed25519 and SM2) over the new tree size and root, so
// anyone holding the public keys can check inclusion and consistency proofs offline.
// Format: docs/ledger_format.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "ledger/checkpoint.h"
#include "merkle/merkle.h"
#include "store/database.h"

namespace fullrecord::ledger {

// What happened, before the ledger gives it a sequence number and a time.
struct Event {
  std::string type;             // dotted name: "store.created", "blob.ingested", …
  std::string actor;            // who: "cli:root", "user:zhang.wei", "system"
  std::string outcome = "ok";   // "ok", "refused" or "failed"
  Json detail = Json::object();  // what, with ids (digests, case numbers); never secrets
};

struct Entry {
  uint64_t seq = 0;
  std::string data;  // canonical JSON, exactly the leaf's bytes
  merkle::Hash leaf_hash{};
};

// An inclusion proof of one entry against a signed checkpoint, self-contained for a third party.
struct InclusionBundle {
  Entry entry;
  uint64_t tree_size = 0;
  std::vector<merkle::Hash> hashes;
  std::string checkpoint_note;

  Json ToJson() const;
  static Result<InclusionBundle> FromJson(const Json& j);
};

struct ConsistencyBundle {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<merkle::Hash> hashes;
  std::string old_checkpoint_note;
  std::string new_checkpoint_note;

  Json ToJson() const;
  static Result<ConsistencyBundle> FromJson(const Json& j);
};

// One thing verification found wrong, with where it is.
struct Problem {
  std::string where;    // "ledger entry 41", "ledger node (3, 5)", "checkpoint 120"
  std::string message;  // what differs, with both values
};

struct VerifyReport {
  uint64_t entries_checked = 0;
  uint64_t checkpoints_checked = 0;
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};

using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

class Ledger {
 public:
  // `db` must outlive the ledger. `signers` may be empty for a ledger that only reads and proves.
  Ledger(store::Database& db, std::string origin, std::vector<NoteSigner> signers);

  // Appends `events` inside the caller's open write transaction and stores a signed checkpoint
  // for the new size. Returns their sequence numbers. On error the caller must roll back.
  Result<std::vector<uint64_t>> AppendInTransaction(const std::vector<Event>& events);
  // The same in a write transaction of its own.
  Result<std::vector<uint64_t>> Append(const std::vector<Event>& events);

  Result<uint64_t> Size();
  Result<Entry> GetEntry(uint64_t seq);
  // The newest signed checkpoint note; FailedPrecondition for an empty ledger.
  Result<std::string> LatestCheckpointNote();
  // The stored checkpoint note for exactly `tree_size`; NotFound if that size was never committed.
  Result<std::string> CheckpointNote(uint64_t tree_size);

  // Proof that entry `seq` is in the tree of the latest checkpoint. Appends a "proof.requested"
  // event only when `actor` is non-empty.
  Result<InclusionBundle> ProveInclusion(uint64_t seq);
  // Proof that the checkpointed tree of `old_size` is a prefix of the latest one.
  Result<ConsistencyBundle> ProveConsistency(uint64_t old_size);

  // Re-hashes every entry and subtree node from the stored event bytes and compares them with
  // the stored leaf hashes, nodes and every checkpoint root; checks the newest checkpoint's
  // signatures against `pinned`. Reads the store only; memory does not grow with its size.
  VerifyReport Verify(const std::vector<NoteVerifier>& pinned, const ProgressFn& progress = {});

 private:
  Result<merkle::Hash> ReadNode(int level, uint64_t index);
  merkle::NodeSource Nodes();
  Result<Checkpoint> ParseNote(const std::string& note) const;

  store::Database& db_;
  std::string origin_;
  std::vector<NoteSigner> signers_;
};

// Third-party checks, needing only the bundle and pinned keys (no store).
// Ok only when the checkpoint is signed by every pinned key and the proof holds.
Status VerifyInclusionBundle(const InclusionBundle& bundle, const std::vector<NoteVerifier>& pinned);
Status VerifyConsistencyBundle(const ConsistencyBundle& bundle,
                               const std::vector<NoteVerifier>& pinned);

// Parses verifier strings, one per line (see NoteVerifier::ToVerifierString).
Result<std::vector<NoteVerifier>> ParseVerifiers(const std::string& text);

}  // namespace fullrecord::ledger
