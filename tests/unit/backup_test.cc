// Backups (app/backup.h) and the upgrade of metadata schema version 2 to 3.
#include "app/backup.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "services_fixture.h"
#include "store/sqlite/sqlite_database.h"
#include "util/tamper.h"

namespace fullrecord::testing {
namespace {

using services::Role;

class BackupTest : public ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    AddSection("s1");
    sysadmin_ = AddPerson("admin", "", {Role::kSysAdmin}, false);
    officer_ = AddPerson("officer", "s1", {Role::kOfficer});
  }

  std::string Dest(const std::string& name = "backup") { return dir_ / name; }

  int64_t BackupRows() {
    return Must(ctx().db.Query("SELECT count(*) FROM backup"), "count backups")[0].Int(0);
  }

  std::string BackupBlobPath(const std::string& dest, const std::string& sha) {
    return dest + "/blobs/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha;
  }

  services::Actor sysadmin_, officer_;
};

std::vector<vault::BlobProblem> Fatal(std::vector<vault::BlobProblem> problems) {
  std::erase_if(problems, [](const vault::BlobProblem& p) { return !p.fatal; });
  return problems;
}

TEST_F(BackupTest, BackupOpensAsStoreThatVerifiesAndDetectsAChangedOriginal) {
  std::string a = Ingest("original A"), b = Ingest("original B, longer");
  auto record = app::MakeBackup(*store_, sysadmin_, Dest());
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->result, "ok");
  EXPECT_EQ(record->blobs_copied, 2u);
  EXPECT_EQ(record->bytes_copied, 28u);
  EXPECT_GT(record->database_bytes, 0u);

  auto copy = Must(app::Store::Open(Dest(), false), "open backup");
  EXPECT_TRUE(Fatal(copy->vault().VerifyAll()).empty());
  EXPECT_TRUE(copy->ledger().Verify(copy->verifiers()).ok());
  EXPECT_EQ(copy->origin(), store_->origin());

  FlipByte(BackupBlobPath(Dest(), a), 3);
  auto problems = Fatal(copy->vault().VerifyAll());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].sha256, a);
  EXPECT_TRUE(store_->vault().Verify(a).ok()) << "the source original must be untouched";
  EXPECT_TRUE(store_->vault().Verify(b).ok());
}

TEST_F(BackupTest, SecondBackupCopiesOnlyNewBlobsAndEachIsALedgerEvent) {
  Ingest("first");
  Ingest("second");
  Must(app::MakeBackup(*store_, sysadmin_, Dest()), "first backup");
  Ingest("third");
  auto again = Must(app::MakeBackup(*store_, sysadmin_, Dest()), "second backup");
  EXPECT_EQ(again.blobs_copied, 1u);
  EXPECT_EQ(again.blobs_skipped, 2u);
  EXPECT_EQ(BackupRows(), 2);

  Json event = LastEvent();
  EXPECT_EQ(event["type"], "backup.made");
  EXPECT_EQ(event["outcome"], "ok");
  EXPECT_EQ(event["actor"], "user:admin");
  EXPECT_EQ(event["detail"]["blobs_copied"], 1);

  auto list = Must(app::ListBackups(ctx().db, 10), "list");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, again.id);
  auto copy = Must(app::Store::Open(Dest(), false), "open backup");
  EXPECT_EQ(Must(copy->vault().Count(), "count"), 3u);
}

TEST_F(BackupTest, OfficerIsRefusedWithALedgerEventAndNothingWritten) {
  uint64_t before = LedgerSize();
  auto r = app::MakeBackup(*store_, officer_, Dest());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["type"], "backup.made");
  EXPECT_EQ(LastEvent()["outcome"], "refused");
  EXPECT_FALSE(std::filesystem::exists(Dest()));
  EXPECT_EQ(BackupRows(), 0);
}

TEST_F(BackupTest, BadDestinationsAreRefusedAndRecordNothing) {
  std::filesystem::create_directories(Dest("foreign"));
  WriteFile(Dest("foreign") + "/notes.txt", "someone else's");
  uint64_t before = LedgerSize();
  auto foreign = app::MakeBackup(*store_, sysadmin_, Dest("foreign"));
  EXPECT_EQ(foreign.status().code(), Status::Code::kFailedPrecondition);
  auto relative = app::MakeBackup(*store_, sysadmin_, "relative/backup");
  EXPECT_EQ(relative.status().code(), Status::Code::kInvalidArgument);
  auto inside = app::MakeBackup(*store_, sysadmin_, store_->dir() + "/backup");
  EXPECT_EQ(inside.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(LedgerSize(), before);
  EXPECT_EQ(BackupRows(), 0);
  EXPECT_FALSE(std::filesystem::exists(store_->dir() + "/backup"));
}

TEST_F(BackupTest, ChangedOriginalInTheSourceFailsTheBackupNamingIt) {
  std::string sha = Ingest("evidence that will be altered");
  FlipByte(BlobPath(sha), 0);
  auto r = app::MakeBackup(*store_, sysadmin_, Dest());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
  EXPECT_NE(r.status().message().find(sha), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(BackupBlobPath(Dest(), sha)));
  EXPECT_FALSE(std::filesystem::exists(Dest() + "/store.json"));
  EXPECT_EQ(LastEvent()["outcome"], "failed");
  auto list = Must(app::ListBackups(ctx().db, 10), "list");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].result, "failed");
}

// ---- schema versions 2 and 3 → 4 ------------------------------------------------------------

class SchemaUpgradeTest : public ServicesFixture {
 protected:
  // Turns the store back into what a build of `version` made (a version it does not know: as
  // version 2), and closes it.
  void MakeVersion(const std::string& version) {
    store_.reset();
    auto db = Must(store::SqliteDatabase::Open(dir_ / "store/metadata.db", false), "open db");
    Must(db->ExecScript("DROP TABLE retention_proposal;"), "drop version 4 tables");
    if (version != "3") {
      Must(db->ExecScript("DROP TABLE backup; DROP TABLE compliance_snapshot;"), "drop tables");
    }
    Must(db->Exec("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", {version}),
         "set version");
  }

  std::string Version(app::Store& store) {
    return Must(store.db().Query("SELECT value FROM store_meta WHERE key = 'schema_version'"),
                "version")[0]
        .Text(0);
  }
};

TEST_F(SchemaUpgradeTest, NewStoreHasVersion4) {
  EXPECT_EQ(Version(*store_), "4");
}

TEST_F(SchemaUpgradeTest, Version2StoreIsUpgradedWhenOpenedForWriting) {
  MakeVersion("2");
  auto read_only = Must(app::Store::Open(dir_ / "store", false), "open read-only");
  EXPECT_EQ(Version(*read_only), "2") << "a read-only open writes nothing";
  read_only.reset();

  auto store = Must(app::Store::Open(dir_ / "store", true), "open writable");
  EXPECT_EQ(Version(*store), "4");
  EXPECT_TRUE(store->db().Query("SELECT count(*) FROM backup").ok());
  EXPECT_TRUE(store->db().Query("SELECT count(*) FROM compliance_snapshot").ok());
  EXPECT_TRUE(store->db().Query("SELECT count(*) FROM retention_proposal").ok());
  EXPECT_TRUE(store->ledger().Verify(store->verifiers()).ok());
}

TEST_F(SchemaUpgradeTest, Version3StoreIsUpgradedWhenOpenedForWriting) {
  MakeVersion("3");
  auto read_only = Must(app::Store::Open(dir_ / "store", false), "open read-only");
  EXPECT_EQ(Version(*read_only), "3") << "a read-only open writes nothing";
  read_only.reset();

  auto store = Must(app::Store::Open(dir_ / "store", true), "open writable");
  EXPECT_EQ(Version(*store), "4");
  EXPECT_TRUE(store->db().Query("SELECT count(*) FROM retention_proposal").ok());
  EXPECT_TRUE(store->db().Query("SELECT count(*) FROM backup").ok());
  EXPECT_TRUE(store->ledger().Verify(store->verifiers()).ok());
}

TEST_F(SchemaUpgradeTest, UnknownVersionIsRefusedAndLeftAsItWas) {
  MakeVersion("9");
  auto store = app::Store::Open(dir_ / "store", true);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 9"), std::string::npos);
  auto db = Must(store::SqliteDatabase::Open(dir_ / "store/metadata.db", false), "open db");
  auto rows = Must(db->Query("SELECT value FROM store_meta WHERE key = 'schema_version'"), "v");
  EXPECT_EQ(rows[0].Text(0), "9");
}

}  // namespace
}  // namespace fullrecord::testing
