#include "ledger/ledger.h"

#include <array>

#include "common/time.h"

namespace fullrecord::ledger {
namespace {

constexpr int kMaxLevels = 64;

// Hashes of the perfect subtrees along the right edge of a tree: level L holds a value exactly
// when bit L of the tree size is set (the "compact range" of the whole tree).
struct Frontier {
  std::array<merkle::Hash, kMaxLevels> nodes{};
  uint64_t size = 0;

  // Adds a leaf; calls `emit(level, index, hash)` for every perfect node it completes above it.
  template <typename Emit>
  void Push(const merkle::Hash& leaf, Emit&& emit) {
    merkle::Hash cur = leaf;
    int level = 0;
    uint64_t index = size;
    while (index & 1) {
      cur = merkle::NodeHash(nodes[level], cur);
      ++level;
      index >>= 1;
      emit(level, index, cur);
    }
    nodes[level] = cur;
    ++size;
  }

  merkle::Hash Root() const {
    if (size == 0) return merkle::EmptyRoot();
    std::optional<merkle::Hash> acc;
    for (int level = 0; level < kMaxLevels; ++level) {
      if (!(size >> level & 1)) continue;
      acc = acc ? merkle::NodeHash(nodes[level], *acc) : nodes[level];
    }
    return *acc;
  }
};

merkle::Hash ToHash(const Bytes& b) {
  merkle::Hash h{};
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}

Bytes FromHash(const merkle::Hash& h) { return Bytes(h.begin(), h.end()); }

Json HashesToJson(const std::vector<merkle::Hash>& hashes) {
  Json arr = Json::array();
  for (const auto& h : hashes) arr.push_back(Base64Encode(h.data(), h.size()));
  return arr;
}

Result<std::vector<merkle::Hash>> HashesFromJson(const Json& arr) {
  if (!arr.is_array()) return Status::InvalidArgument("\"hashes\" must be an array");
  std::vector<merkle::Hash> out;
  for (const auto& item : arr) {
    auto bytes = item.is_string() ? Base64Decode(item.get<std::string>()) : std::nullopt;
    if (!bytes || bytes->size() != 32) {
      return Status::InvalidArgument("proof hash " + std::to_string(out.size()) +
                                     " is not base64 of 32 bytes");
    }
    out.push_back(ToHash(*bytes));
  }
  return out;
}

Result<uint64_t> GetSize(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_unsigned()) {
    return Status::InvalidArgument(std::string("\"") + key + "\" must be a non-negative integer");
  }
  return j[key].get<uint64_t>();
}

Result<std::string> GetString(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) {
    return Status::InvalidArgument(std::string("\"") + key + "\" must be a string");
  }
  return j[key].get<std::string>();
}

}  // namespace

Ledger::Ledger(store::Database& db, std::string origin, std::vector<NoteSigner> signers)
    : db_(db), origin_(std::move(origin)), signers_(std::move(signers)) {}

Result<uint64_t> Ledger::Size() {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT coalesce(max(seq) + 1, 0) FROM ledger_entry"));
  return static_cast<uint64_t>(rows[0].Int(0));
}

Result<merkle::Hash> Ledger::ReadNode(int level, uint64_t index) {
  auto rows = level == 0
                  ? db_.Query("SELECT leaf_hash FROM ledger_entry WHERE seq = ?",
                              {static_cast<int64_t>(index)})
                  : db_.Query("SELECT hash FROM ledger_node WHERE level = ? AND idx = ?",
                              {int64_t{level}, static_cast<int64_t>(index)});
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().IsNull(0) || rows->front().Blob(0).size() != 32) {
    return Status::Corruption("ledger node (" + std::to_string(level) + ", " +
                              std::to_string(index) + ") is missing or malformed");
  }
  return ToHash(rows->front().Blob(0));
}

merkle::NodeSource Ledger::Nodes() {
  return [this](int level, uint64_t index) { return ReadNode(level, index); };
}

Result<std::vector<uint64_t>> Ledger::AppendInTransaction(const std::vector<Event>& events) {
  if (signers_.empty()) return Status::FailedPrecondition("ledger opened without signing keys");
  FR_ASSIGN_OR_RETURN(uint64_t size, Size());

  // Rebuild the right edge of the tree from stored nodes: one read per set bit of the size.
  Frontier frontier;
  for (int level = 0; level < kMaxLevels; ++level) {
    if (!(size >> level & 1)) continue;
    FR_ASSIGN_OR_RETURN(frontier.nodes[level], ReadNode(level, (size >> level) - 1));
  }
  frontier.size = size;

  std::vector<uint64_t> seqs;
  for (const Event& event : events) {
    uint64_t seq = frontier.size;
    Json j = {{"seq", seq},          {"time", FormatUtc(NowMicros())}, {"type", event.type},
              {"actor", event.actor}, {"outcome", event.outcome},       {"detail", event.detail}};
    std::string data = CanonicalJson(j);
    merkle::Hash leaf = merkle::LeafHash(data);
    FR_RETURN_IF_ERROR(db_.Exec("INSERT INTO ledger_entry (seq, leaf_hash, data) VALUES (?, ?, ?)",
                                {static_cast<int64_t>(seq), FromHash(leaf), data}));

    Status node_status;
    frontier.Push(leaf, [&](int level, uint64_t index, const merkle::Hash& h) {
      if (!node_status.ok()) return;
      node_status = db_.Exec("INSERT INTO ledger_node (level, idx, hash) VALUES (?, ?, ?)",
                             {int64_t{level}, static_cast<int64_t>(index), FromHash(h)});
    });
    FR_RETURN_IF_ERROR(node_status);
    seqs.push_back(seq);
  }

  // Sign the new size and root.
  Checkpoint cp{origin_, frontier.size, frontier.Root(), {}};
  FR_ASSIGN_OR_RETURN(std::string note, SignNote(cp.Body(), signers_));
  FR_RETURN_IF_ERROR(db_.Exec("INSERT INTO ledger_checkpoint (tree_size, note) VALUES (?, ?)",
                              {static_cast<int64_t>(cp.tree_size), note}));
  return seqs;
}

Result<std::vector<uint64_t>> Ledger::Append(const std::vector<Event>& events) {
  store::WriteTransaction tx(db_);
  FR_RETURN_IF_ERROR(tx.status());
  FR_ASSIGN_OR_RETURN(auto seqs, AppendInTransaction(events));
  FR_RETURN_IF_ERROR(tx.Commit());
  return seqs;
}

Result<Entry> Ledger::GetEntry(uint64_t seq) {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT leaf_hash, data FROM ledger_entry WHERE seq = ?",
                                           {static_cast<int64_t>(seq)}));
  if (rows.empty()) return Status::NotFound("no ledger entry " + std::to_string(seq));
  return Entry{seq, rows[0].Text(1), ToHash(rows[0].Blob(0))};
}

Result<std::string> Ledger::LatestCheckpointNote() {
  FR_ASSIGN_OR_RETURN(
      auto rows, db_.Query("SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1"));
  if (rows.empty()) return Status::FailedPrecondition("the ledger has no checkpoint yet");
  return rows[0].Text(0);
}

Result<std::string> Ledger::CheckpointNote(uint64_t tree_size) {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT note FROM ledger_checkpoint WHERE tree_size = ?",
                                           {static_cast<int64_t>(tree_size)}));
  if (rows.empty()) {
    return Status::NotFound("no checkpoint was signed at tree size " + std::to_string(tree_size));
  }
  return rows[0].Text(0);
}

Result<Checkpoint> Ledger::ParseNote(const std::string& note) const {
  auto split = note.find("\n\n");
  if (split == std::string::npos) return Status::Corruption("stored checkpoint is not a note");
  return Checkpoint::ParseBody(std::string_view(note).substr(0, split + 1));
}

Result<InclusionBundle> Ledger::ProveInclusion(uint64_t seq) {
  FR_ASSIGN_OR_RETURN(std::string note, LatestCheckpointNote());
  FR_ASSIGN_OR_RETURN(Checkpoint cp, ParseNote(note));
  if (seq >= cp.tree_size) {
    return Status::InvalidArgument("entry " + std::to_string(seq) + " is beyond the tree size " +
                                   std::to_string(cp.tree_size));
  }
  FR_ASSIGN_OR_RETURN(Entry entry, GetEntry(seq));
  FR_ASSIGN_OR_RETURN(auto hashes, merkle::InclusionProof(Nodes(), seq, cp.tree_size));
  return InclusionBundle{std::move(entry), cp.tree_size, std::move(hashes), std::move(note)};
}

Result<ConsistencyBundle> Ledger::ProveConsistency(uint64_t old_size) {
  FR_ASSIGN_OR_RETURN(std::string new_note, LatestCheckpointNote());
  FR_ASSIGN_OR_RETURN(Checkpoint cp, ParseNote(new_note));
  if (old_size == 0 || old_size > cp.tree_size) {
    return Status::InvalidArgument("old size must be between 1 and " +
                                   std::to_string(cp.tree_size));
  }
  FR_ASSIGN_OR_RETURN(std::string old_note, CheckpointNote(old_size));
  FR_ASSIGN_OR_RETURN(auto hashes, merkle::ConsistencyProof(Nodes(), old_size, cp.tree_size));
  return ConsistencyBundle{old_size, cp.tree_size, std::move(hashes), std::move(old_note),
                           std::move(new_note)};
}

Json InclusionBundle::ToJson() const {
  return {{"format", "fullrecord-inclusion-proof/v1"},
          {"leaf_index", entry.seq},
          {"tree_size", tree_size},
          {"entry", entry.data},
          {"hashes", HashesToJson(hashes)},
          {"checkpoint", checkpoint_note}};
}

Result<InclusionBundle> InclusionBundle::FromJson(const Json& j) {
  if (!j.is_object() || j.value("format", "") != "fullrecord-inclusion-proof/v1") {
    return Status::InvalidArgument("not a fullrecord inclusion proof (format field)");
  }
  InclusionBundle b;
  FR_ASSIGN_OR_RETURN(b.entry.seq, GetSize(j, "leaf_index"));
  FR_ASSIGN_OR_RETURN(b.tree_size, GetSize(j, "tree_size"));
  FR_ASSIGN_OR_RETURN(b.entry.data, GetString(j, "entry"));
  FR_ASSIGN_OR_RETURN(b.checkpoint_note, GetString(j, "checkpoint"));
  FR_ASSIGN_OR_RETURN(b.hashes, HashesFromJson(j.value("hashes", Json())));
  b.entry.leaf_hash = merkle::LeafHash(b.entry.data);
  return b;
}

Json ConsistencyBundle::ToJson() const {
  return {{"format", "fullrecord-consistency-proof/v1"},
          {"old_size", old_size},
          {"new_size", new_size},
          {"hashes", HashesToJson(hashes)},
          {"old_checkpoint", old_checkpoint_note},
          {"new_checkpoint", new_checkpoint_note}};
}

Result<ConsistencyBundle> ConsistencyBundle::FromJson(const Json& j) {
  if (!j.is_object() || j.value("format", "") != "fullrecord-consistency-proof/v1") {
    return Status::InvalidArgument("not a fullrecord consistency proof (format field)");
  }
  ConsistencyBundle b;
  FR_ASSIGN_OR_RETURN(b.old_size, GetSize(j, "old_size"));
  FR_ASSIGN_OR_RETURN(b.new_size, GetSize(j, "new_size"));
  FR_ASSIGN_OR_RETURN(b.old_checkpoint_note, GetString(j, "old_checkpoint"));
  FR_ASSIGN_OR_RETURN(b.new_checkpoint_note, GetString(j, "new_checkpoint"));
  FR_ASSIGN_OR_RETURN(b.hashes, HashesFromJson(j.value("hashes", Json())));
  return b;
}

namespace {

Result<Checkpoint> OpenCheckpoint(const std::string& note, const std::vector<NoteVerifier>& pinned,
                                  const char* which) {
  if (pinned.empty()) return Status::InvalidArgument("no public keys were given to verify with");
  auto body = OpenNote(note, pinned);
  if (!body.ok()) return body.status().WithContext(std::string(which) + " checkpoint");
  return Checkpoint::ParseBody(*body);
}

}  // namespace

Status VerifyInclusionBundle(const InclusionBundle& b, const std::vector<NoteVerifier>& pinned) {
  FR_ASSIGN_OR_RETURN(Checkpoint cp, OpenCheckpoint(b.checkpoint_note, pinned, "the"));
  if (cp.tree_size != b.tree_size) {
    return Status::Corruption("proof is for tree size " + std::to_string(b.tree_size) +
                              " but the checkpoint has " + std::to_string(cp.tree_size));
  }

  // The entry must name its own position, so a proof cannot be replayed for another index.
  auto parsed = Json::parse(b.entry.data, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || parsed.value("seq", Json()) != b.entry.seq) {
    return Status::Corruption("entry text does not carry seq " + std::to_string(b.entry.seq));
  }
  return merkle::VerifyInclusion(b.entry.seq, b.tree_size, merkle::LeafHash(b.entry.data),
                                 b.hashes, cp.root);
}

Status VerifyConsistencyBundle(const ConsistencyBundle& b,
                               const std::vector<NoteVerifier>& pinned) {
  FR_ASSIGN_OR_RETURN(Checkpoint old_cp, OpenCheckpoint(b.old_checkpoint_note, pinned, "old"));
  FR_ASSIGN_OR_RETURN(Checkpoint new_cp, OpenCheckpoint(b.new_checkpoint_note, pinned, "new"));
  if (old_cp.origin != new_cp.origin) {
    return Status::Corruption("checkpoints come from different logs: \"" + old_cp.origin +
                              "\" and \"" + new_cp.origin + "\"");
  }
  if (old_cp.tree_size != b.old_size || new_cp.tree_size != b.new_size) {
    return Status::Corruption("proof sizes do not match the checkpoints' sizes");
  }
  return merkle::VerifyConsistency(b.old_size, b.new_size, old_cp.root, new_cp.root, b.hashes);
}

}  // namespace fullrecord::ledger
