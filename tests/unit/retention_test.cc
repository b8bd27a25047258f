// Retention of case files (R13.2), long-term keeping (R14.1–R14.4), and disposal as the only
// way an original ever leaves the vault (R9.5, R17.5).
#include "services/retention.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "unit/services_fixture.h"

namespace fullrecord::services {
namespace {

using fullrecord::testing::At;
using fullrecord::testing::Must;

// What a disposal may change; equal before and after a refused attempt.
struct Snapshot {
  std::vector<std::string> disposals;  // "id:state"
  int64_t tombstones = 0;
  bool disposed = false;
  std::vector<bool> files;

  bool operator==(const Snapshot&) const = default;
};

class RetentionTest : public fullrecord::testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    AddSection("s1");
    AddSection("s2");
    officer_ = AddPerson("officer.a", "s1", {Role::kOfficer});
    AddPerson("officer.b", "s1", {Role::kOfficer});
    head_ = AddPerson("head.s1", "s1", {Role::kSectionHead});
    archivist_ = AddPerson("archivist.s1", "s1", {Role::kArchivist});
    leader_ = AddPerson("leader", "", {Role::kPrincipalLeader});
    outsider_ = AddPerson("officer.c", "s2", {Role::kOfficer});
    case_ = AddCase(officer_, "乌教罚〔2026〕1号", "s1", {"officer.b"});
    retention_ = std::make_unique<RetentionService>(ctx());
  }

  Case Load(int64_t id) { return Must(CaseService(ctx()).Get(leader_, id), "load case"); }

  // A 10-year case opened in 2014, archived on 2015-06-01 and so expired on 2025-06-01, with
  // `digests` as originals: the first on a text record, the rest on one recording.
  int64_t ExpiredCase(const std::string& number, const std::vector<std::string>& digests) {
    SetNow(At("2014-01-06T09:00:00+08:00"));
    int64_t id =
        AddCase(officer_, number, "s1", {}, Classification::kOrdinary, RetentionClass::kTenYears);
    AddText(officer_, id, digests.at(0));
    AddAv(officer_, id, std::vector<std::string>(digests.begin() + 1, digests.end()));
    Must(CaseService(ctx()).MarkArchived(archivist_, id, At("2015-06-01T10:00:00+08:00")),
         "archive");
    SetNow(At("2026-03-02T09:00:00+08:00"));
    return id;
  }

  // Proposes and approves the disposal of `case_id`.
  int64_t Approved(int64_t case_id) {
    int64_t id =
        Must(retention_->ProposeDisposal(archivist_, case_id, "期满鉴定无保存价值"), "propose");
    Must(retention_->DecideDisposal(leader_, id, true, "同意销毁"), "approve");
    return id;
  }

  // The vault's own remover, which refuses any blob without a tombstone.
  BlobRemover Remover() {
    return [this](const std::string& sha) {
      ++removals_;
      return store_->vault().RemoveTombstoned(sha);
    };
  }

  Snapshot Take(int64_t case_id, const std::vector<std::string>& digests) {
    Snapshot s;
    auto rows = Must(ctx().db.Query("SELECT id, state FROM disposal ORDER BY id"), "disposals");
    for (const auto& r : rows) s.disposals.push_back(std::to_string(r.Int(0)) + ":" + r.Text(1));
    s.tombstones = Must(ctx().db.Query("SELECT count(*) FROM blob_tombstone"), "count")[0].Int(0);
    s.disposed = Load(case_id).disposed_us.has_value();
    for (const auto& d : digests) s.files.push_back(BlobFileExists(d));
    return s;
  }

  void ExpectRefusalLogged(const std::string& type) {
    Json e = LastEvent();
    EXPECT_EQ(e["type"], type);
    EXPECT_EQ(e["outcome"], "refused");
  }

  std::unique_ptr<RetentionService> retention_;
  Actor officer_, head_, archivist_, leader_, outsider_;
  int64_t case_ = 0;
  int removals_ = 0;
};

// R14.1: an objection raises long-term keeping at once, recorded with who and why.
TEST_F(RetentionTest, RaiseLongTermTakesEffectAtOnceAndRecordsWhoAndWhy) {
  uint64_t before = LedgerSize();
  ASSERT_TRUE(retention_->RaiseLongTerm(officer_, case_, "R14.1", "当事人当场提出异议").ok());

  EXPECT_TRUE(Load(case_).long_term);
  auto history = Must(retention_->History(officer_, case_), "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].trigger, "R14.1");
  EXPECT_EQ(history[0].actor, "user:officer.a");
  EXPECT_EQ(history[0].reason, "当事人当场提出异议");
  EXPECT_TRUE(history[0].long_term);
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["type"], "case.long_term_raised");
  EXPECT_EQ(LastEvent()["detail"]["trigger"], "R14.1");
}

// R14.2, R14.3: the section head and the principal leader raise it too.
TEST_F(RetentionTest, SectionHeadAndPrincipalLeaderMayRaiseLongTerm) {
  EXPECT_TRUE(retention_->RaiseLongTerm(head_, case_, "R14.2", "当事人阻碍执法").ok());
  EXPECT_TRUE(retention_->RaiseLongTerm(leader_, case_, "R14.3", "处置群体性事件").ok());
  EXPECT_EQ(Must(retention_->History(leader_, case_), "history").size(), 2u);
}

// R14: the archivist keeps records but does not decide long-term keeping.
TEST_F(RetentionTest, RaiseLongTermByArchivistIsRefusedAndLogged) {
  Status s = retention_->RaiseLongTerm(archivist_, case_, "R14.4", "其他");
  EXPECT_EQ(s.code(), Status::Code::kPermissionDenied) << s.ToString();
  ExpectRefusalLogged("case.long_term_raised");
  EXPECT_FALSE(Load(case_).long_term);
}

// R14.1–R14.4: an unknown trigger is refused with the list of valid ones.
TEST_F(RetentionTest, BadTriggerCodeListsValidOnesAndChangesNothing) {
  uint64_t before = LedgerSize();
  Status s = retention_->RaiseLongTerm(officer_, case_, "R14.9", "理由");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  for (const char* code : {"R14.1", "R14.2", "R14.3", "R14.4"}) {
    EXPECT_NE(s.message().find(code), std::string::npos) << s.message();
  }
  EXPECT_EQ(LedgerSize(), before);
  EXPECT_FALSE(Load(case_).long_term);
}

// R14: a raise needs its reason.
TEST_F(RetentionTest, RaiseLongTermWithBlankReasonIsInvalid) {
  EXPECT_EQ(retention_->RaiseLongTerm(officer_, case_, "R14.1", "  ").code(),
            Status::Code::kInvalidArgument);
}

// R16.1: a case out of reach answers as if it did not exist.
TEST_F(RetentionTest, RaiseLongTermOnCaseOutOfReachIsNotFound) {
  EXPECT_TRUE(retention_->RaiseLongTerm(outsider_, case_, "R14.1", "理由").IsNotFound());
}

// R13.2: lengthening is an ordinary change by those who keep the case.
TEST_F(RetentionTest, LengtheningByArchivistIsRecorded) {
  uint64_t before = LedgerSize();
  ASSERT_TRUE(
      retention_->SetRetention(archivist_, case_, RetentionClass::kPermanent, "重大案件", "").ok());
  EXPECT_EQ(Load(case_).retention, RetentionClass::kPermanent);
  auto history = Must(retention_->History(archivist_, case_), "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from, RetentionClass::kThirtyYears);
  EXPECT_EQ(history[0].to, RetentionClass::kPermanent);
  EXPECT_EQ(history[0].approved_by, "");
  EXPECT_EQ(LedgerSize(), before + 1);
}

// R9.5, R17.5: shortening without the principal leader is refused and logged.
TEST_F(RetentionTest, ShorteningWithoutPrincipalLeaderIsRefusedAndLogged) {
  struct Attempt {
    Actor actor;
    std::string approved_by;
  };
  for (const auto& [actor, approved_by] :
       {Attempt{officer_, ""}, Attempt{officer_, "leader"}, Attempt{archivist_, "leader"},
        Attempt{head_, "head.s1"}}) {
    uint64_t before = LedgerSize();
    Status s =
        retention_->SetRetention(actor, case_, RetentionClass::kTenYears, "缩短", approved_by);
    EXPECT_EQ(s.code(), Status::Code::kPermissionDenied) << actor.id << ": " << s.ToString();
    EXPECT_EQ(LedgerSize(), before + 1);
    ExpectRefusalLogged("case.retention_changed");
  }
  EXPECT_EQ(Load(case_).retention, RetentionClass::kThirtyYears);
  EXPECT_TRUE(Must(retention_->History(leader_, case_), "history").empty());
}

// R13.2: the principal leader approving in their own name may shorten; the approval is kept.
TEST_F(RetentionTest, ShorteningApprovedByPrincipalLeaderIsRecordedWithTheApproval) {
  uint64_t before = LedgerSize();
  ASSERT_TRUE(
      retention_->SetRetention(leader_, case_, RetentionClass::kTenYears, "鉴定后调整", "leader")
          .ok());
  EXPECT_EQ(Load(case_).retention, RetentionClass::kTenYears);
  auto history = Must(retention_->History(leader_, case_), "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].approved_by, "leader");
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["detail"]["shortened"], true);
  EXPECT_EQ(LastEvent()["detail"]["approved_by"], "leader");
}

// R13.2: the principal leader must still name the approval.
TEST_F(RetentionTest, ShorteningByPrincipalLeaderWithoutNamedApprovalIsRefused) {
  EXPECT_EQ(retention_->SetRetention(leader_, case_, RetentionClass::kTenYears, "调整", "").code(),
            Status::Code::kPermissionDenied);
  ExpectRefusalLogged("case.retention_changed");
}

// R13.2: setting the class a case already has is not a change.
TEST_F(RetentionTest, SettingTheCurrentClassIsFailedPrecondition) {
  EXPECT_EQ(
      retention_->SetRetention(archivist_, case_, RetentionClass::kThirtyYears, "同", "").code(),
      Status::Code::kFailedPrecondition);
}

// R13.2: N calendar years from the Shanghai date of archiving, not the UTC date.
TEST(RetentionExpiry, ExpiresOnTheShanghaiAnniversaryOfArchiving) {
  Case c;
  c.retention = RetentionClass::kTenYears;
  c.archived_us = At("2016-03-01T20:00:00Z");  // 2016-03-02 04:00 in Shanghai
  c.ended_us = At("2015-01-01T00:00:00Z");     // ignored once archived
  auto expiry = RetentionService::ExpiresAt(c);
  ASSERT_TRUE(expiry.ok()) << expiry.status().ToString();
  EXPECT_EQ(**expiry, At("2026-03-02T00:00:00+08:00"));
}

// R13.2: a period begun on 29 February ends on 1 March, never early.
TEST(RetentionExpiry, LeapDayPeriodEndsOnFirstOfMarch) {
  Case c;
  c.retention = RetentionClass::kThirtyYears;
  c.archived_us = At("2016-02-29T12:00:00+08:00");
  EXPECT_EQ(*RetentionService::ExpiresAt(c).value(), At("2046-03-01T00:00:00+08:00"));
}

// R13.2: an unarchived case counts from the end of enforcement.
TEST(RetentionExpiry, UnarchivedCaseCountsFromItsEnd) {
  Case c;
  c.retention = RetentionClass::kTenYears;
  c.ended_us = At("2020-05-10T08:00:00+08:00");
  EXPECT_EQ(*RetentionService::ExpiresAt(c).value(), At("2030-05-10T00:00:00+08:00"));
}

// R14: permanent and long-term cases never expire; a case not ended has not begun its period.
TEST(RetentionExpiry, PermanentAndLongTermNeverExpireAndOpenCasesHaveNoPeriodYet) {
  Case c;
  c.ended_us = At("2001-01-01T00:00:00Z");
  c.retention = RetentionClass::kPermanent;
  EXPECT_FALSE(RetentionService::ExpiresAt(c).value().has_value());
  c.retention = RetentionClass::kTenYears;
  c.long_term = true;
  EXPECT_FALSE(RetentionService::ExpiresAt(c).value().has_value());

  Case open;
  EXPECT_EQ(RetentionService::ExpiresAt(open).status().code(), Status::Code::kFailedPrecondition);
}

// R17.5: propose, approve, execute — tombstones, removed files and one event per step.
TEST_F(RetentionTest, DisposalEndToEndTombstonesAndRemovesOriginalsOfTheCaseOnly) {
  std::string a = Ingest("transcript"), b = Ingest("video 1"), c = Ingest("video 2");
  std::string shared = Ingest("party papers");
  int64_t old_case = ExpiredCase("乌教罚〔2014〕3号", {a, b, c});
  AddText(officer_, old_case, shared);
  AddText(officer_, case_, shared);  // the live case still needs it

  uint64_t size = LedgerSize();
  int64_t id = Must(retention_->ProposeDisposal(archivist_, old_case, "期满"), "propose");
  EXPECT_EQ(LedgerSize(), ++size);
  ASSERT_TRUE(retention_->DecideDisposal(leader_, id, true, "同意").ok());
  EXPECT_EQ(LedgerSize(), ++size);
  ASSERT_TRUE(retention_->ExecuteDisposal(archivist_, id, Remover()).ok());
  EXPECT_EQ(LedgerSize(), ++size);

  std::vector<std::string> gone = {a, b, c};
  std::sort(gone.begin(), gone.end());
  Json event = LastEvent();
  EXPECT_EQ(event["type"], "case.disposed");
  EXPECT_EQ(event["detail"]["removed"], Json(gone));
  auto rows = Must(
      ctx().db.Query("SELECT sha256, disposal_id, ledger_seq FROM blob_tombstone ORDER BY sha256"),
      "tombstones");
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].Text(0), gone[i]);
    EXPECT_EQ(rows[i].Int(1), id);
    EXPECT_EQ(rows[i].Int(2), event["seq"].get<int64_t>());
    EXPECT_FALSE(BlobFileExists(gone[i]));
  }
  EXPECT_TRUE(BlobFileExists(shared));
  EXPECT_TRUE(Load(old_case).disposed_us.has_value());
  EXPECT_EQ(Must(retention_->GetDisposal(archivist_, id), "get").state, DisposalState::kExecuted);
}

// R17.5: an original shared with another case goes only with the last case that needs it.
TEST_F(RetentionTest, SharedOriginalIsRemovedWithTheLastCaseThatNeedsIt) {
  std::string shared = Ingest("shared");
  int64_t first = ExpiredCase("乌教罚〔2014〕4号", {shared});
  int64_t second = ExpiredCase("乌教罚〔2014〕5号", {shared});

  ASSERT_TRUE(retention_->ExecuteDisposal(archivist_, Approved(first), Remover()).ok());
  EXPECT_TRUE(BlobFileExists(shared));
  ASSERT_TRUE(retention_->ExecuteDisposal(archivist_, Approved(second), Remover()).ok());
  EXPECT_FALSE(BlobFileExists(shared));
  EXPECT_EQ(LastEvent()["detail"]["removed"], Json::array({shared}));
}

// R9.5, R17.5: before expiry nothing is destroyed; the date it may be is named.
TEST_F(RetentionTest, ProposeDisposalBeforeExpiryIsRefusedNamingTheDateAndChangesNothing) {
  std::string a = Ingest("a");
  SetNow(At("2019-01-06T09:00:00+08:00"));
  int64_t young = AddCase(officer_, "乌教罚〔2019〕1号", "s1", {}, Classification::kOrdinary,
                          RetentionClass::kTenYears);
  AddText(officer_, young, a);
  Must(CaseService(ctx()).MarkArchived(archivist_, young, At("2020-01-10T10:00:00+08:00")), "arch");
  SetNow(At("2026-03-02T09:00:00+08:00"));

  Snapshot before = Take(young, {a});
  Status s = retention_->ProposeDisposal(archivist_, young, "提前").status();
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("2030-01-10"), std::string::npos) << s.message();
  ExpectRefusalLogged("disposal.proposed");
  EXPECT_EQ(Take(young, {a}), before);
}

// R14, R17.5: permanent and long-term cases are never proposed for disposal.
TEST_F(RetentionTest, ProposeDisposalOfPermanentOrLongTermCaseIsRefused) {
  int64_t kept = ExpiredCase("乌教罚〔2014〕6号", {Ingest("x")});
  ASSERT_TRUE(retention_->RaiseLongTerm(officer_, kept, "R14.1", "投诉").ok());
  EXPECT_EQ(retention_->ProposeDisposal(archivist_, kept, "期满").status().code(),
            Status::Code::kFailedPrecondition);

  int64_t permanent = ExpiredCase("乌教罚〔2014〕7号", {Ingest("y")});
  ASSERT_TRUE(
      retention_->SetRetention(archivist_, permanent, RetentionClass::kPermanent, "重大", "").ok());
  EXPECT_EQ(retention_->ProposeDisposal(archivist_, permanent, "期满").status().code(),
            Status::Code::kFailedPrecondition);
  ExpectRefusalLogged("disposal.proposed");
}

// R11.1: only the section's archivist proposes and executes; only the principal leader decides.
TEST_F(RetentionTest, DisposalStepsByTheWrongPeopleAreRefusedAndLogged) {
  int64_t old_case = ExpiredCase("乌教罚〔2014〕8号", {Ingest("z")});
  EXPECT_EQ(retention_->ProposeDisposal(officer_, old_case, "期满").status().code(),
            Status::Code::kPermissionDenied);
  ExpectRefusalLogged("disposal.proposed");

  int64_t id = Must(retention_->ProposeDisposal(archivist_, old_case, "期满"), "propose");
  EXPECT_EQ(retention_->DecideDisposal(head_, id, true, "同意").code(),
            Status::Code::kPermissionDenied);
  ExpectRefusalLogged("disposal.decided");
  ASSERT_TRUE(retention_->DecideDisposal(leader_, id, true, "同意").ok());
  EXPECT_EQ(retention_->ExecuteDisposal(leader_, id, Remover()).code(),
            Status::Code::kPermissionDenied);
  ExpectRefusalLogged("case.disposed");
  EXPECT_EQ(removals_, 0);
}

// R17.5: execution without approval, after a refusal, or a second time, changes nothing.
TEST_F(RetentionTest, ExecuteWithoutApprovalOrTwiceIsRefusedAndChangesNothing) {
  std::string a = Ingest("a"), b = Ingest("b");
  int64_t old_case = ExpiredCase("乌教罚〔2014〕9号", {a, b});
  int64_t id = Must(retention_->ProposeDisposal(archivist_, old_case, "期满"), "propose");

  Snapshot proposed = Take(old_case, {a, b});
  EXPECT_EQ(retention_->ExecuteDisposal(archivist_, id, Remover()).code(),
            Status::Code::kFailedPrecondition);
  ExpectRefusalLogged("case.disposed");
  EXPECT_EQ(Take(old_case, {a, b}), proposed);

  ASSERT_TRUE(retention_->DecideDisposal(leader_, id, false, "仍有保存价值").ok());
  Snapshot refused = Take(old_case, {a, b});
  EXPECT_EQ(retention_->ExecuteDisposal(archivist_, id, Remover()).code(),
            Status::Code::kFailedPrecondition);
  EXPECT_EQ(Take(old_case, {a, b}), refused);
  EXPECT_EQ(removals_, 0);

  int64_t again = Approved(old_case);
  ASSERT_TRUE(retention_->ExecuteDisposal(archivist_, again, Remover()).ok());
  Snapshot executed = Take(old_case, {a, b});
  uint64_t size = LedgerSize();
  EXPECT_EQ(retention_->ExecuteDisposal(archivist_, again, Remover()).code(),
            Status::Code::kFailedPrecondition);
  EXPECT_EQ(LedgerSize(), size + 1);
  ExpectRefusalLogged("case.disposed");
  EXPECT_EQ(Take(old_case, {a, b}), executed);
}

// R14, R17.5: a case raised to long-term after approval is not destroyed.
TEST_F(RetentionTest, ExecuteAfterLongTermRaiseIsRefused) {
  std::string a = Ingest("a");
  int64_t old_case = ExpiredCase("乌教罚〔2014〕10号", {a});
  int64_t id = Approved(old_case);
  ASSERT_TRUE(retention_->RaiseLongTerm(officer_, old_case, "R14.1", "当事人信访").ok());

  EXPECT_EQ(retention_->ExecuteDisposal(archivist_, id, Remover()).code(),
            Status::Code::kFailedPrecondition);
  EXPECT_TRUE(BlobFileExists(a));
  EXPECT_FALSE(Load(old_case).disposed_us.has_value());
}

// R17.5: a file that cannot be removed leaves the disposal recorded and the file named.
TEST_F(RetentionTest, RemoverFailureKeepsTheDisposalAndNamesTheLeftoverFile) {
  std::string a = Ingest("a");
  int64_t old_case = ExpiredCase("乌教罚〔2014〕11号", {a});
  int64_t id = Approved(old_case);
  BlobRemover failing = [](const std::string&) { return Status::IOError("read-only medium"); };

  Status s = retention_->ExecuteDisposal(archivist_, id, failing);
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find(a), std::string::npos) << s.message();
  EXPECT_TRUE(Load(old_case).disposed_us.has_value());
  EXPECT_EQ(Take(old_case, {a}).tombstones, 1);
}

// R9.5: the vault removes nothing an executed disposal has not tombstoned, and says why.
TEST_F(RetentionTest, VaultRefusesToRemoveAnOriginalWithoutATombstone) {
  std::string a = Ingest("a live original");
  Status s = store_->vault().RemoveTombstoned(a);
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("disposal"), std::string::npos) << s.message();
  EXPECT_TRUE(BlobFileExists(a));
  EXPECT_TRUE(store_->vault().Verify(a).ok());
}

// R17.5: after a disposal, verify passes: a tombstoned original is accounted for, not missing;
// a tombstoned file still on disk is a warning that names it.
TEST_F(RetentionTest, VerifyAccountsForDisposedOriginals) {
  std::string a = Ingest("disposed"), b = Ingest("disposed too"), keep = Ingest("kept");
  int64_t old_case = ExpiredCase("乌教罚〔2014〕12号", {a, b});
  AddText(officer_, case_, keep);
  BlobRemover only_a = [this, &a](const std::string& sha) {
    return sha == a ? store_->vault().RemoveTombstoned(sha) : Status::IOError("medium busy");
  };
  EXPECT_EQ(retention_->ExecuteDisposal(archivist_, Approved(old_case), only_a).code(),
            Status::Code::kIOError);

  auto problems = store_->vault().VerifyAll();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].sha256, b);
  EXPECT_FALSE(problems[0].fatal);
  EXPECT_NE(problems[0].message.find("still present"), std::string::npos);

  ASSERT_TRUE(store_->vault().RemoveTombstoned(b).ok());
  EXPECT_TRUE(store_->vault().VerifyAll().empty());
  EXPECT_TRUE(store_->vault().RemoveTombstoned(b).ok()) << "removing twice is harmless";
}

}  // namespace
}  // namespace fullrecord::services
