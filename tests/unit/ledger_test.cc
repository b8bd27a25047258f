// The ledger: append-only, tamper-evident, provable offline (R1.1, R17.2).
#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include "app/store.h"
#include "util/temp_dir.h"

namespace fullrecord {
namespace {

using testing::TempDir;

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  void AppendEvents(int n) {
    std::vector<ledger::Event> events;
    for (int i = 0; i < n; ++i) {
      events.push_back({"test.event", "tester", "ok", {{"i", i}}});
    }
    ASSERT_TRUE(ledger().Append(events).ok());
  }
  ledger::Ledger& ledger() { return store_->ledger(); }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
};

TEST_F(LedgerTest, InitRecordsStoreCreatedAsEntryZero) {
  auto e = ledger().GetEntry(0);
  ASSERT_TRUE(e.ok());
  Json j = Json::parse(e->data);
  EXPECT_EQ(j["type"], "store.created");
  EXPECT_EQ(j["seq"], 0);
  EXPECT_EQ(j["detail"]["origin"], store_->origin());
}

TEST_F(LedgerTest, EveryCommitSignsACheckpointOverTheNewSize) {
  AppendEvents(5);
  AppendEvents(3);
  EXPECT_EQ(*ledger().Size(), 9u);
  auto note = ledger().LatestCheckpointNote();
  ASSERT_TRUE(note.ok());
  auto body = ledger::OpenNote(*note, store_->verifiers());
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  auto cp = ledger::Checkpoint::ParseBody(*body);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->tree_size, 9u);
  EXPECT_EQ(cp->origin, store_->origin());
  EXPECT_TRUE(ledger().CheckpointNote(6).ok());
  EXPECT_TRUE(ledger().CheckpointNote(7).status().IsNotFound());
}

TEST_F(LedgerTest, EventsAreCanonicalJsonWithSequenceAndTime) {
  AppendEvents(1);
  auto e = ledger().GetEntry(1);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->data, CanonicalJson(Json::parse(e->data)));
  EXPECT_EQ(e->leaf_hash, merkle::LeafHash(e->data));
}

TEST_F(LedgerTest, InclusionProofsOfEveryEntryVerifyOffline) {
  for (int batch = 1; batch <= 6; ++batch) AppendEvents(batch);
  uint64_t size = *ledger().Size();
  for (uint64_t seq = 0; seq < size; ++seq) {
    auto bundle = ledger().ProveInclusion(seq);
    ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
    auto reparsed = ledger::InclusionBundle::FromJson(bundle->ToJson());
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(ledger::VerifyInclusionBundle(*reparsed, store_->verifiers()).ok()) << seq;
  }
}

TEST_F(LedgerTest, InclusionProofWithAlteredEntryIsRejected) {
  AppendEvents(10);
  auto bundle = ledger().ProveInclusion(4);
  ASSERT_TRUE(bundle.ok());
  bundle->entry.data.replace(bundle->entry.data.find("\"i\":3"), 5, "\"i\":9");
  EXPECT_FALSE(ledger::VerifyInclusionBundle(*bundle, store_->verifiers()).ok());
}

TEST_F(LedgerTest, InclusionProofWithoutPinnedKeysOrWithOtherKeysIsRejected) {
  AppendEvents(2);
  auto bundle = ledger().ProveInclusion(1);
  ASSERT_TRUE(bundle.ok());
  EXPECT_FALSE(ledger::VerifyInclusionBundle(*bundle, {}).ok());

  TempDir other_dir;
  auto other = app::Store::Init(other_dir / "s", "test");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(ledger::VerifyInclusionBundle(*bundle, (*other)->verifiers()).ok());
}

TEST_F(LedgerTest, ConsistencyProofsFromEveryCheckpointVerify) {
  for (int batch = 1; batch <= 5; ++batch) AppendEvents(batch * 2);
  uint64_t size = *ledger().Size();
  int checked = 0;
  for (uint64_t old_size = 1; old_size <= size; ++old_size) {
    if (!ledger().CheckpointNote(old_size).ok()) continue;
    auto b = ledger().ProveConsistency(old_size);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    auto reparsed = ledger::ConsistencyBundle::FromJson(b->ToJson());
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(ledger::VerifyConsistencyBundle(*reparsed, store_->verifiers()).ok()) << old_size;
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST_F(LedgerTest, VerifyPassesOnAnUntouchedLedger) {
  for (int batch = 1; batch <= 10; ++batch) AppendEvents(batch);
  auto report = ledger().Verify(store_->verifiers());
  EXPECT_TRUE(report.ok()) << report.problems[0].where << ": " << report.problems[0].message;
  EXPECT_EQ(report.entries_checked, 56u);
  EXPECT_EQ(report.checkpoints_checked, 11u);
}

TEST_F(LedgerTest, DatabaseRefusesToChangeOrDeleteLedgerRows) {
  AppendEvents(3);
  EXPECT_FALSE(store_->db().Exec("UPDATE ledger_entry SET data = 'x' WHERE seq = 1").ok());
  EXPECT_FALSE(store_->db().Exec("DELETE FROM ledger_entry WHERE seq = 2").ok());
  EXPECT_FALSE(store_->db().Exec("UPDATE ledger_node SET hash = x'00'").ok());
  EXPECT_FALSE(store_->db().Exec("DELETE FROM ledger_checkpoint").ok());
  EXPECT_TRUE(ledger().Verify(store_->verifiers()).ok());
}

// Tampering that bypasses the triggers, as someone with the database file could.
TEST_F(LedgerTest, VerifyNamesAnEntryChangedBehindTheTriggers) {
  AppendEvents(20);
  ASSERT_TRUE(store_->db().Exec("DROP TRIGGER ledger_entry_no_update").ok());
  ASSERT_TRUE(store_->db()
                  .Exec("UPDATE ledger_entry SET data = replace(data, '\"i\":6', '\"i\":7') "
                        "WHERE seq = 7")
                  .ok());
  auto report = ledger().Verify(store_->verifiers());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.problems[0].where, "ledger entry 7");
}

TEST_F(LedgerTest, VerifyDetectsARewrittenLeafHashThroughTheSignedRoot) {
  AppendEvents(8);
  ASSERT_TRUE(store_->db().Exec("DROP TRIGGER ledger_entry_no_update").ok());
  // The intruder rewrites the data and its leaf hash consistently.
  auto e = ledger().GetEntry(3);
  std::string forged = e->data;
  forged.replace(forged.find("\"i\":2"), 5, "\"i\":5");
  merkle::Hash h = merkle::LeafHash(forged);
  ASSERT_TRUE(store_->db()
                  .Exec("UPDATE ledger_entry SET data = ?, leaf_hash = ? WHERE seq = 3",
                        {forged, Bytes(h.begin(), h.end())})
                  .ok());
  auto report = ledger().Verify(store_->verifiers());
  ASSERT_FALSE(report.ok());
  bool named_checkpoint = false;
  for (const auto& p : report.problems) named_checkpoint |= p.where.rfind("checkpoint", 0) == 0;
  EXPECT_TRUE(named_checkpoint);
}

TEST_F(LedgerTest, VerifyDetectsEntriesRemovedAtTheEnd) {
  AppendEvents(4);
  ASSERT_TRUE(store_->db().Exec("DROP TRIGGER ledger_entry_no_delete").ok());
  ASSERT_TRUE(store_->db().Exec("DELETE FROM ledger_entry WHERE seq = 4").ok());
  EXPECT_FALSE(ledger().Verify(store_->verifiers()).ok());
}

TEST_F(LedgerTest, VerifyDetectsAForgedCheckpointSignature) {
  AppendEvents(2);
  auto note = ledger().LatestCheckpointNote();
  ASSERT_TRUE(note.ok());
  std::string forged = *note;
  forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
  ASSERT_TRUE(store_->db().Exec("INSERT INTO ledger_checkpoint VALUES (100, ?)", {forged}).ok());
  EXPECT_FALSE(ledger().Verify(store_->verifiers()).ok());
}

}  // namespace
}  // namespace fullrecord
