// The system administrator's status and backups, the compliance history, and the daily
// snapshot thread of `serve`, against a real server.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "api/daily_snapshot.h"
#include "api/harness.h"
#include "services/compliance_history.h"

namespace fullrecord::testing {
namespace {

using services::Role;

class ApiSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    server_->AddSection("s1", "执法一科");
    server_->AddSection("s2", "执法二科");
    server_->AddUser("admin", "", {Role::kSysAdmin});
    server_->AddUser("officer", "s1", {Role::kOfficer});
    server_->AddUser("other", "s2", {Role::kOfficer});
    server_->AddUser("leader", "", {Role::kPrincipalLeader});
  }

  Client SignedIn(const std::string& who) {
    Client c(server_->port());
    Response r = c.Login(who);
    EXPECT_EQ(r.status, 200u) << who << ": " << r.body;
    return c;
  }

  Json LastEvent() {
    auto& ledger = server_->store().ledger();
    return Json::parse(ledger.GetEntry(ledger.Size().value() - 1).value().data);
  }

  TempDir out_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ApiSystemTest, StatusGivesStorageLedgerServerFiguresToTheSystemAdministratorOnly) {
  Client admin = SignedIn("admin");
  Response r = admin.Get("/api/system/status");
  ASSERT_EQ(r.status, 200u) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["store"]["path"], server_->dir());
  EXPECT_GT(j["disk"]["total_bytes"].get<uint64_t>(), 0u);
  EXPECT_LE(j["disk"]["free_bytes"].get<uint64_t>(), j["disk"]["total_bytes"].get<uint64_t>());
  EXPECT_EQ(j["vault"]["blobs"], 0);
  EXPECT_GT(j["database"]["bytes"].get<uint64_t>(), 0u);
  EXPECT_GT(j["ledger"]["entries"].get<uint64_t>(), 0u);
  EXPECT_TRUE(j["ledger"]["newest_checkpoint_at"].is_string());
  EXPECT_EQ(j["uploads_in_progress"], 0);
  EXPECT_FALSE(j["server"]["version"].get<std::string>().empty());
  EXPECT_GE(j["server"]["uptime_seconds"].get<int64_t>(), 0);
  EXPECT_TRUE(j["backups"].is_array());

  Client officer = SignedIn("officer");
  EXPECT_EQ(officer.Get("/api/system/status").status, 403u);
  EXPECT_EQ(LastEvent()["type"], "system.status");
  EXPECT_EQ(LastEvent()["outcome"], "refused");
}

TEST_F(ApiSystemTest, BackupIsMadeListedAndVerifiesWithTheCommand) {
  TempDir input;
  WriteFile(input / "f", "an original");
  ASSERT_TRUE(server_->store().vault().IngestFile(input / "f", "test").ok());

  Client admin = SignedIn("admin");
  std::string dest = out_ / "backup";
  Response r = admin.PostJson("/api/system/backups", {{"destination", dest}});
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(r.json()["blobs_copied"], 1);
  EXPECT_EQ(LastEvent()["type"], "backup.made");
  EXPECT_EQ(LastEvent()["actor"], "user:admin");

  Json status = admin.Get("/api/system/status").json();
  ASSERT_EQ(status["backups"].size(), 1u);
  EXPECT_EQ(status["backups"][0]["destination"], dest);
  EXPECT_EQ(status["backups"][0]["result"], "ok");

  std::string verify = std::string(FR_BINARY) + " --store " + dest + " verify > /dev/null 2>&1";
  EXPECT_EQ(std::system(verify.c_str()), 0);
}

TEST_F(ApiSystemTest, BackupRefusesOthersAndRelativeDestinations) {
  Client officer = SignedIn("officer");
  EXPECT_EQ(officer.PostJson("/api/system/backups", {{"destination", out_ / "b"}}).status, 403u);
  EXPECT_EQ(LastEvent()["outcome"], "refused");
  EXPECT_FALSE(std::filesystem::exists(out_ / "b"));
  Client admin = SignedIn("admin");
  Response r = admin.PostJson("/api/system/backups", {{"destination", "relative/dir"}});
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(admin.PostJson("/api/system/backups", Json::object()).status, 400u);
}

TEST_F(ApiSystemTest, HistoryGivesCountedDaysToTheSectionAndTheLeader) {
  services::ComplianceHistory history(server_->store().services());
  ASSERT_TRUE(history.TakeSnapshot(NowMicros()).ok());
  Client leader = SignedIn("leader");
  Response r = leader.Get("/api/compliance/history?days=7");
  ASSERT_EQ(r.status, 200u) << r.body;
  ASSERT_EQ(r.json()["days"].size(), 1u);
  EXPECT_TRUE(r.json()["days"][0].contains("violation"));
  Client officer = SignedIn("officer");
  EXPECT_EQ(officer.Get("/api/compliance/history").status, 200u);
  EXPECT_EQ(officer.Get("/api/compliance/history?section=s2").status, 403u);
  EXPECT_EQ(leader.Get("/api/compliance/history?days=0").status, 400u);
  Client admin = SignedIn("admin");
  EXPECT_EQ(admin.Get("/api/compliance/history").status, 403u);
}

// Waits up to five seconds for `done`.
bool Eventually(const std::function<bool()>& done) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST_F(ApiSystemTest, DailySnapshotThreadCountsAtStartAndWhenTheDayChanges) {
  constexpr int64_t kDay = 86'400'000'000;
  std::atomic<UnixMicros> now = *ParseRfc3339("2026-03-02T09:00:00+08:00");
  api::DailySnapshot snapshots(
      server_->dir(), [&now] { return now.load(); }, std::chrono::milliseconds(20));
  snapshots.Start();
  EXPECT_TRUE(Eventually([&] { return snapshots.taken() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(snapshots.taken(), 1) << "one snapshot per day";
  now += kDay;
  EXPECT_TRUE(Eventually([&] { return snapshots.taken() == 2; }));
  auto start = std::chrono::steady_clock::now();
  snapshots.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  auto rows = server_->store().db().Query(
      "SELECT count(DISTINCT day) FROM compliance_snapshot WHERE severity = 'total'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), 2);
}

}  // namespace
}  // namespace fullrecord::testing
