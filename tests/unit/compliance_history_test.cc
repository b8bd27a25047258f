// Daily compliance snapshots and the history the workbench chart reads
// (services/compliance_history.h).
#include "services/compliance_history.h"

#include <gtest/gtest.h>

#include "services_fixture.h"

namespace fullrecord::testing {
namespace {

using services::ComplianceHistory;
using services::Role;

constexpr int64_t kDay = 86'400'000'000;

class ComplianceHistoryTest : public ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    AddSection("s1");
    AddSection("s2");
    leader_ = AddPerson("leader", "", {Role::kPrincipalLeader});
    a1_ = AddPerson("a1", "s1", {Role::kOfficer});
    a2_ = AddPerson("a2", "s1", {Role::kOfficer});
    b1_ = AddPerson("b1", "s2", {Role::kOfficer});
    sysadmin_ = AddPerson("admin", "", {Role::kSysAdmin}, false);
    // A recording of s1 whose footage never arrives: overdue after a day (R12.1).
    int64_t c = AddCase(a1_, "S1-001", "s1", {"a1", "a2"});
    AddAv(a1_, c, {});
  }

  ComplianceHistory history() { return ComplianceHistory(ctx()); }

  services::Actor leader_, a1_, a2_, b1_, sysadmin_;
};

TEST_F(ComplianceHistoryTest, SnapshotCountsTheSectionsFindingsPerDay) {
  UnixMicros day1 = Now() + 2 * kDay;
  int64_t counted = Must(history().TakeSnapshot(day1), "snapshot");
  EXPECT_GT(counted, 0);

  auto all = Must(history().History(leader_, "", 7, day1), "history");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].day, services::ShanghaiDate(day1).ToString());
  EXPECT_GE(all[0].violation, 1);
  EXPECT_FALSE(all[0].reconstructed);

  auto s1 = Must(history().History(a1_, "", 7, day1), "s1 history");
  ASSERT_EQ(s1.size(), 1u);
  EXPECT_EQ(s1[0].violation, all[0].violation);
  auto s2 = Must(history().History(b1_, "", 7, day1), "s2 history");
  ASSERT_EQ(s2.size(), 1u) << "a counted day shows even with nothing found";
  EXPECT_EQ(s2[0].violation, 0);
  EXPECT_EQ(s2[0].warning, 0);
}

TEST_F(ComplianceHistoryTest, SnapshotIsTakenOncePerDay) {
  UnixMicros day1 = Now() + 2 * kDay;
  EXPECT_TRUE(Must(history().TakeSnapshotIfDue(day1), "first"));
  EXPECT_FALSE(Must(history().TakeSnapshotIfDue(day1 + 60'000'000), "same day"));
  EXPECT_TRUE(Must(history().TakeSnapshotIfDue(day1 + kDay), "next day"));
  auto days = Must(history().History(leader_, "s1", 30, day1 + kDay), "history");
  ASSERT_EQ(days.size(), 2u);
  EXPECT_LT(days[0].day, days[1].day);
  auto one = Must(history().History(leader_, "s1", 1, day1 + kDay), "one day");
  EXPECT_EQ(one.size(), 1u);
}

TEST_F(ComplianceHistoryTest, AnotherSectionOrAnAdministratorIsRefusedWithALedgerEvent) {
  UnixMicros day1 = Now() + 2 * kDay;
  Must(history().TakeSnapshot(day1), "snapshot");
  auto other = history().History(b1_, "s1", 7, day1);
  EXPECT_EQ(other.status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(LastEvent()["type"], "compliance.history");
  EXPECT_EQ(LastEvent()["outcome"], "refused");
  auto admin = history().History(sysadmin_, "", 7, day1);
  EXPECT_EQ(admin.status().code(), Status::Code::kPermissionDenied);
  auto bad = history().History(leader_, "", 0, day1);
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace fullrecord::testing
