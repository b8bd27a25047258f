// Retention proposals (R13.2, R14): those who work on a case propose long-term keeping or a
// shorter class, and only the principal leader's approval changes anything.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/retention.h"
#include "unit/services_fixture.h"

namespace fullrecord::services {
namespace {

using fullrecord::testing::Must;

class RetentionProposalTest : public fullrecord::testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    AddSection("s1");
    AddSection("s2");
    officer_ = AddPerson("officer.a", "s1", {Role::kOfficer});
    archivist_ = AddPerson("archivist.s1", "s1", {Role::kArchivist});
    head_ = AddPerson("head.s1", "s1", {Role::kSectionHead});
    leader_ = AddPerson("leader", "", {Role::kPrincipalLeader});
    outsider_ = AddPerson("officer.c", "s2", {Role::kOfficer});
    case_ = AddCase(officer_, "乌教罚〔2026〕7号", "s1", {});
    retention_ = std::make_unique<RetentionService>(ctx());
  }

  Case Load() { return Must(CaseService(ctx()).Get(leader_, case_), "load case"); }

  int64_t Propose(const Actor& who, const RetentionProposalInput& in) {
    return Must(retention_->ProposeRetention(who, case_, in), "propose");
  }

  static RetentionProposalInput LongTerm(const std::string& trigger = "R14.4") {
    return {"long_term", trigger, std::nullopt, "当事人多次信访，需长期保存"};
  }
  static RetentionProposalInput Shorten(RetentionClass to) {
    return {"shorten", "", to, "鉴定后确认无需保存三十年"};
  }

  std::unique_ptr<RetentionService> retention_;
  Actor officer_, archivist_, head_, leader_, outsider_;
  int64_t case_ = 0;
};

TEST_F(RetentionProposalTest, ApprovedLongTermProposalMarksTheCaseWithTheLeaderAsApprover) {
  int64_t id = Propose(archivist_, LongTerm());
  EXPECT_EQ(LastEvent()["type"], "retention.proposed");
  EXPECT_FALSE(Load().long_term) << "a proposal changes nothing by itself";
  auto open = Must(retention_->OpenProposals(leader_), "open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].input.trigger, "R14.4");
  EXPECT_EQ(open[0].proposed_by, "user:archivist.s1");

  uint64_t before = LedgerSize();
  ASSERT_TRUE(retention_->DecideRetention(leader_, id, true, "同意长期保存").ok());
  EXPECT_TRUE(Load().long_term);
  EXPECT_EQ(LedgerSize(), before + 1) << "decision and change are one event";
  Json e = LastEvent();
  EXPECT_EQ(e["type"], "retention.decided");
  EXPECT_EQ(e["detail"]["decision"], "approved");
  EXPECT_EQ(e["detail"]["long_term"], true);
  auto history = Must(retention_->History(leader_, case_), "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].trigger, "R14.4");
  EXPECT_EQ(history[0].approved_by, "leader");
  EXPECT_TRUE(Must(retention_->OpenProposals(leader_), "open").empty());
  EXPECT_EQ(Must(retention_->Proposals(officer_, case_), "of case")[0].state, "approved");
}

TEST_F(RetentionProposalTest, ApprovedShorteningChangesTheClassOnlyThen) {
  int64_t id = Propose(head_, Shorten(RetentionClass::kTenYears));
  EXPECT_EQ(Load().retention, RetentionClass::kThirtyYears);
  ASSERT_TRUE(retention_->DecideRetention(leader_, id, true, "同意").ok());
  EXPECT_EQ(Load().retention, RetentionClass::kTenYears);
  auto history = Must(retention_->History(leader_, case_), "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from, RetentionClass::kThirtyYears);
  EXPECT_EQ(history[0].to, RetentionClass::kTenYears);
  EXPECT_EQ(history[0].approved_by, "leader");
}

TEST_F(RetentionProposalTest, RefusedProposalChangesNothingButItsState) {
  int64_t id = Propose(officer_, Shorten(RetentionClass::kTenYears));
  ASSERT_TRUE(retention_->DecideRetention(leader_, id, false, "保存价值仍在").ok());
  EXPECT_EQ(Load().retention, RetentionClass::kThirtyYears);
  EXPECT_TRUE(Must(retention_->History(leader_, case_), "history").empty());
  auto p = Must(retention_->Proposals(officer_, case_), "of case");
  EXPECT_EQ(p[0].state, "refused");
  EXPECT_EQ(p[0].decision, "保存价值仍在");
  Status again = retention_->DecideRetention(leader_, id, true, "改为同意");
  EXPECT_EQ(again.code(), Status::Code::kFailedPrecondition) << again.ToString();
  EXPECT_EQ(LastEvent()["outcome"], "refused");
}

TEST_F(RetentionProposalTest, OnlyThePrincipalLeaderDecidesAndRefusalsAreLogged) {
  int64_t id = Propose(archivist_, LongTerm());
  for (const Actor& who : {officer_, archivist_, head_}) {
    Status s = retention_->DecideRetention(who, id, true, "同意");
    EXPECT_EQ(s.code(), Status::Code::kPermissionDenied) << who.id;
    EXPECT_EQ(LastEvent()["type"], "retention.decided");
    EXPECT_EQ(LastEvent()["outcome"], "refused");
  }
  EXPECT_FALSE(Load().long_term);
  EXPECT_TRUE(Must(retention_->OpenProposals(head_), "open").empty()) << "not the head's list";
}

TEST_F(RetentionProposalTest, WhoMayProposeAndWhatIsCheckedFirst) {
  Status outsider = retention_->ProposeRetention(outsider_, case_, LongTerm()).status();
  EXPECT_EQ(outsider.code(), Status::Code::kNotFound) << "a case out of reach answers as missing";
  Status leader = retention_->ProposeRetention(leader_, case_, LongTerm()).status();
  EXPECT_EQ(leader.code(), Status::Code::kPermissionDenied) << "the leader decides, not proposes";
  EXPECT_EQ(LastEvent()["outcome"], "refused");

  auto bad = [&](RetentionProposalInput in) {
    return retention_->ProposeRetention(officer_, case_, in).status().code();
  };
  EXPECT_EQ(bad(LongTerm("R15.1")), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad({"extend", "", std::nullopt, "理由"}), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad({"long_term", "R14.1", std::nullopt, " "}), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad(Shorten(RetentionClass::kPermanent)), Status::Code::kFailedPrecondition);
  EXPECT_EQ(bad(Shorten(RetentionClass::kThirtyYears)), Status::Code::kFailedPrecondition);
  EXPECT_TRUE(Must(retention_->Proposals(leader_, case_), "of case").empty());

  Propose(officer_, LongTerm());
  EXPECT_EQ(bad(LongTerm("R14.1")), Status::Code::kFailedPrecondition) << "one open per kind";
  EXPECT_TRUE(
      retention_->ProposeRetention(officer_, case_, Shorten(RetentionClass::kTenYears)).ok());
}

TEST_F(RetentionProposalTest, ApprovalThatNoLongerAppliesIsRefused) {
  int64_t id = Propose(archivist_, LongTerm());
  ASSERT_TRUE(retention_->RaiseLongTerm(officer_, case_, "R14.1", "当事人当场提出异议").ok());
  Status s = retention_->DecideRetention(leader_, id, true, "同意");
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition) << s.ToString();
  EXPECT_EQ(Must(retention_->Proposals(leader_, case_), "of case")[0].state, "proposed");
  EXPECT_TRUE(retention_->DecideRetention(leader_, id, false, "已由执法人员列为长期保存").ok());
}

}  // namespace
}  // namespace fullrecord::services
