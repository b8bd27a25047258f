// Ledger::Verify: recompute everything from the stored event bytes and compare.
#include <array>
#include <optional>

#include "common/time.h"
#include "ledger/ledger.h"

namespace fullrecord::ledger {
namespace {

constexpr int kMaxLevels = 64;
constexpr int64_t kCheckpointPage = 1000;

std::string HashHex(const merkle::Hash& h) { return ToHex(h.data(), h.size()); }

merkle::Hash ToHash(const Bytes& b) {
  merkle::Hash h{};
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}

// Walks the stored checkpoints in tree-size order, a page at a time.
class CheckpointCursor {
 public:
  explicit CheckpointCursor(store::Database& db) : db_(db) {}

  // The next checkpoint (size, note) at or after nothing consumed yet; nullopt at the end.
  const std::optional<std::pair<uint64_t, std::string>>& Peek() {
    if (page_pos_ >= page_.size() && !exhausted_) Fetch();
    static const std::optional<std::pair<uint64_t, std::string>> kNone;
    if (page_pos_ >= page_.size()) return kNone;
    current_ = page_[page_pos_];
    return current_;
  }
  void Next() { ++page_pos_; }
  Status status() const { return status_; }

 private:
  void Fetch() {
    page_.clear();
    page_pos_ = 0;
    auto rows = db_.Query(
        "SELECT tree_size, note FROM ledger_checkpoint WHERE tree_size > ? "
        "ORDER BY tree_size LIMIT ?",
        {last_size_, kCheckpointPage});
    if (!rows.ok()) {
      status_ = rows.status();
      exhausted_ = true;
      return;
    }
    for (const auto& r : *rows) page_.emplace_back(static_cast<uint64_t>(r.Int(0)), r.Text(1));
    if (!page_.empty()) last_size_ = static_cast<int64_t>(page_.back().first);
    exhausted_ = page_.size() < static_cast<size_t>(kCheckpointPage);
  }

  store::Database& db_;
  std::vector<std::pair<uint64_t, std::string>> page_;
  size_t page_pos_ = 0;
  int64_t last_size_ = -1;
  bool exhausted_ = false;
  Status status_;
  std::optional<std::pair<uint64_t, std::string>> current_;
};

std::optional<merkle::Hash> NoteRoot(const std::string& note, uint64_t* size) {
  auto split = note.find("\n\n");
  if (split == std::string::npos) return std::nullopt;
  auto cp = Checkpoint::ParseBody(std::string_view(note).substr(0, split + 1));
  if (!cp.ok()) return std::nullopt;
  *size = cp->tree_size;
  return cp->root;
}

}  // namespace

VerifyReport Ledger::Verify(const std::vector<NoteVerifier>& pinned, const ProgressFn& progress) {
  VerifyReport report;
  auto add = [&report](std::string where, std::string message) {
    report.problems.push_back({std::move(where), std::move(message)});
  };
  auto total = Size();
  if (!total.ok()) {
    add("ledger", total.status().ToString());
    return report;
  }

  std::array<merkle::Hash, kMaxLevels> frontier{};
  uint64_t size = 0;
  CheckpointCursor checkpoints(db_);
  std::string latest_note;
  uint64_t latest_size = 0;

  // Compares the recomputed root with every checkpoint signed at the current size.
  auto check_checkpoints = [&](uint64_t at) {
    while (const auto& cp = checkpoints.Peek()) {
      if (cp->first > at) break;
      uint64_t body_size = 0;
      auto root = NoteRoot(cp->second, &body_size);
      std::string where = "checkpoint " + std::to_string(cp->first);
      if (cp->first < at) {
        add(where, "no ledger entries back this checkpoint's size");
      } else if (!root || body_size != cp->first) {
        add(where, "note is malformed or names another size");
      } else {
        std::optional<merkle::Hash> acc;
        for (int l = 0; l < kMaxLevels; ++l) {
          if (at >> l & 1) acc = acc ? merkle::NodeHash(frontier[l], *acc) : frontier[l];
        }
        merkle::Hash computed = acc ? *acc : merkle::EmptyRoot();
        if (computed != *root) {
          add(where, "signed root " + HashHex(*root) + " but entries 0.." +
                         std::to_string(at - 1) + " hash to " + HashHex(computed));
        }
      }
      latest_note = cp->second;
      latest_size = cp->first;
      report.checkpoints_checked++;
      checkpoints.Next();
    }
  };

  Status scan = db_.ForEach(
      "SELECT seq, leaf_hash, data FROM ledger_entry ORDER BY seq", {},
      [&](const store::Row& row) {
        uint64_t seq = static_cast<uint64_t>(row.Int(0));
        std::string where = "ledger entry " + std::to_string(seq);
        if (seq != size) {
          add(where, "sequence gap: expected entry " + std::to_string(size));
          return false;
        }

        // The leaf: stored hash and the "seq" inside the event must match the bytes.
        const std::string& data = row.Text(2);
        merkle::Hash leaf = merkle::LeafHash(data);
        if (row.IsNull(1) || ToHash(row.Blob(1)) != leaf) {
          add(where, "stored leaf hash differs from the hash of its event text " + HashHex(leaf));
        }
        auto parsed = Json::parse(data, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object() || parsed.value("seq", Json()) != seq) {
          add(where, "event text does not carry its own sequence number");
        }

        // Recompute the perfect nodes this leaf completes and compare them with the stored ones.
        merkle::Hash cur = leaf;
        int level = 0;
        uint64_t index = size;
        while (index & 1) {
          cur = merkle::NodeHash(frontier[level], cur);
          ++level;
          index >>= 1;
          auto stored = ReadNode(level, index);
          if (!stored.ok() || *stored != cur) {
            add("ledger node (" + std::to_string(level) + ", " + std::to_string(index) + ")",
                "stored hash differs from the recomputed " + HashHex(cur));
          }
        }
        frontier[level] = cur;
        ++size;
        check_checkpoints(size);
        report.entries_checked = size;
        if (progress) progress(size, *total);
        return true;
      });
  if (!scan.ok()) add("ledger", scan.ToString());
  if (!checkpoints.status().ok()) add("checkpoints", checkpoints.status().ToString());
  if (checkpoints.Peek()) {
    add("checkpoint " + std::to_string(checkpoints.Peek()->first),
        "signed for a size the ledger no longer has: entries were removed after signing");
  }

  // The newest checkpoint must cover the whole ledger and carry valid signatures.
  if (latest_note.empty()) {
    add("ledger", "no checkpoint was found");
  } else if (latest_size != size) {
    add("checkpoint " + std::to_string(latest_size),
        "newest checkpoint covers " + std::to_string(latest_size) + " entries but the ledger has " +
            std::to_string(size) + ": entries were added without signing");
  } else if (auto opened = OpenNote(latest_note, pinned); !opened.ok()) {
    add("checkpoint " + std::to_string(latest_size), opened.status().ToString());
  }
  return report;
}

}  // namespace fullrecord::ledger
