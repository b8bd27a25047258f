// Copies of the full-process record for a party: approved by the principal leader, with what is
// kept secret by law left out (R15.1, R16.1), and no copy any other way (R17.3).
#include "services/copies.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "unit/services_fixture.h"

namespace fullrecord::services {
namespace {

using fullrecord::testing::Must;

constexpr const char* kParty = "某某培训学校";

std::set<std::string> DigestsOf(const std::vector<CopyEntry>& entries) {
  std::set<std::string> out;
  for (const auto& e : entries) {
    for (const auto& f : e.files) out.insert(f.sha256);
  }
  return out;
}

std::set<std::string> JsonSet(const Json& array) {
  return array.get<std::set<std::string>>();
}

class CopiesTest : public fullrecord::testing::ServicesFixture {
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
    case_ = AddCase(officer_, "乌教罚〔2026〕2号", "s1", {"officer.b"});
    copies_ = std::make_unique<CopyService>(ctx());

    plain_ = Ingest("inspection record"), secret_ = Ingest("trade secret");
    video1_ = Ingest("video part 1"), video2_ = Ingest("video part 2");
    private_ = Ingest("private footage");
    text_plain_ = AddText(officer_, case_, plain_);
    text_secret_ = AddText(officer_, case_, secret_, Classification::kCommercialSecret);
    text_paper_ = AddText(officer_, case_, "");
    av_plain_ = AddAv(officer_, case_, {video1_, video2_});
    av_private_ = AddAv(officer_, case_, {private_}, Classification::kPersonalPrivacy);
  }

  CopyRequestInput All() { return {kParty, "申请行政复议", {}, true}; }

  int64_t Requested(int64_t case_id, const CopyRequestInput& in) {
    return Must(copies_->Request(officer_, case_id, in), "request");
  }
  int64_t ApprovedRequest() {
    int64_t id = Requested(case_, All());
    Must(copies_->Decide(leader_, id, true, "同意复制"), "approve");
    return id;
  }
  CopyState StateOf(int64_t id) { return Must(copies_->Get(leader_, id), "get").state; }

  void ExpectRefusalLogged(const std::string& type) {
    Json e = LastEvent();
    EXPECT_EQ(e["type"], type);
    EXPECT_EQ(e["outcome"], "refused");
  }

  std::unique_ptr<CopyService> copies_;
  Actor officer_, head_, archivist_, leader_, outsider_;
  int64_t case_ = 0;
  std::string plain_, secret_, video1_, video2_, private_;
  int64_t text_plain_ = 0, text_secret_ = 0, text_paper_ = 0, av_plain_ = 0, av_private_ = 0;
};

// R15.1: an officer of the case records the party's request; one event.
TEST_F(CopiesTest, RequestByOfficerOfTheCaseIsRecorded) {
  uint64_t before = LedgerSize();
  CopyRequestInput in{kParty, "核对证据", {{"text", text_plain_}, {"av", av_plain_}}, false};
  int64_t id = Must(copies_->Request(officer_, case_, in), "request");

  CopyRequest req = Must(copies_->Get(officer_, id), "get");
  EXPECT_EQ(req.state, CopyState::kRequested);
  EXPECT_EQ(req.input.party, kParty);
  ASSERT_EQ(req.input.items.size(), 2u);
  EXPECT_EQ(req.input.items[1].kind, "av");
  EXPECT_EQ(req.requested_by, "user:officer.a");
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["type"], "copy.requested");
}

// R11.1, R15.1: the section's archivist may record it; the section head may not.
TEST_F(CopiesTest, RequestByArchivistIsRecordedAndBySectionHeadIsRefusedAndLogged) {
  EXPECT_TRUE(copies_->Request(archivist_, case_, All()).ok());
  EXPECT_EQ(copies_->Request(head_, case_, All()).status().code(), Status::Code::kPermissionDenied);
  ExpectRefusalLogged("copy.requested");
  EXPECT_TRUE(copies_->Request(outsider_, case_, All()).status().IsNotFound());
}

// R15.1: the request names a party of the case and records of this case, each once.
TEST_F(CopiesTest, MalformedRequestsAreInvalidAndChangeNothing) {
  int64_t other = AddCase(officer_, "乌教罚〔2026〕3号", "s1", {});
  int64_t foreign = AddText(officer_, other, "");
  std::vector<CopyRequestInput> bad = {
      {"路人甲", "好奇", {}, true},
      {kParty, " ", {}, true},
      {kParty, "复议", {}, false},
      {kParty, "复议", {{"text", text_plain_}}, true},
      {kParty, "复议", {{"photo", text_plain_}}, false},
      {kParty, "复议", {{"text", text_plain_}, {"text", text_plain_}}, false},
      {kParty, "复议", {{"text", foreign}}, false},
  };
  uint64_t before = LedgerSize();
  for (const auto& in : bad) {
    EXPECT_EQ(copies_->Request(officer_, case_, in).status().code(), Status::Code::kInvalidArgument)
        << in.party << " " << in.purpose;
  }
  EXPECT_EQ(LedgerSize(), before);
}

// R15.1: the principal leader approves; one event.
TEST_F(CopiesTest, PrincipalLeaderApprovesRequest) {
  int64_t id = Requested(case_, All());
  uint64_t before = LedgerSize();
  ASSERT_TRUE(copies_->Decide(leader_, id, true, "").ok());
  EXPECT_EQ(StateOf(id), CopyState::kApproved);
  EXPECT_EQ(Must(copies_->Get(leader_, id), "get").decided_by, "user:leader");
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["detail"]["decision"], "approved");
}

// R15.1: nobody but the principal leader decides; each attempt is refused and logged.
TEST_F(CopiesTest, DecisionByAnyoneButThePrincipalLeaderIsRefusedAndLogged) {
  int64_t id = Requested(case_, All());
  for (const Actor& actor : {officer_, head_, archivist_}) {
    uint64_t before = LedgerSize();
    EXPECT_EQ(copies_->Decide(actor, id, true, "同意").code(), Status::Code::kPermissionDenied)
        << actor.id;
    EXPECT_EQ(LedgerSize(), before + 1);
    ExpectRefusalLogged("copy.decided");
  }
  EXPECT_EQ(StateOf(id), CopyState::kRequested);
}

// R15.1: a refusal states its reason, and a refused request is never produced.
TEST_F(CopiesTest, RefusalNeedsReasonAndRefusedRequestIsNeverProduced) {
  int64_t id = Requested(case_, All());
  EXPECT_EQ(copies_->Decide(leader_, id, false, " ").code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(copies_->Decide(leader_, id, false, "涉及第三人隐私").ok());
  EXPECT_EQ(StateOf(id), CopyState::kRefused);
  EXPECT_EQ(Must(copies_->Get(leader_, id), "get").decision_note, "涉及第三人隐私");
  EXPECT_EQ(copies_->Decide(leader_, id, true, "改为同意").code(),
            Status::Code::kFailedPrecondition);
  EXPECT_EQ(copies_->Produce(archivist_, id).status().code(), Status::Code::kFailedPrecondition);
  ExpectRefusalLogged("copy.produced");
}

// R15.1, R17.3: nothing is produced before the principal leader approves.
TEST_F(CopiesTest, ProduceBeforeApprovalIsRefusedAndLogged) {
  int64_t id = Requested(case_, All());
  uint64_t before = LedgerSize();
  EXPECT_EQ(copies_->Produce(officer_, id).status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(LedgerSize(), before + 1);
  ExpectRefusalLogged("copy.produced");
  CopyRequest req = Must(copies_->Get(officer_, id), "get");
  EXPECT_EQ(req.state, CopyState::kRequested);
  EXPECT_TRUE(req.manifest.is_null());
}

// R15.1, R16.1: secret records are left out and listed with the reason; the rest carry digests.
TEST_F(CopiesTest, SecretItemsAreExcludedAndListedWithTheReason) {
  int64_t id = ApprovedRequest();
  uint64_t before = LedgerSize();
  CopySet set = Must(copies_->Produce(archivist_, id), "produce");

  EXPECT_EQ(DigestsOf(set.included), (std::set<std::string>{plain_, video1_, video2_}));
  ASSERT_EQ(set.included.size(), 3u);  // the paper record has no file but is listed
  ASSERT_EQ(set.excluded.size(), 2u);
  for (const auto& e : set.excluded) {
    EXPECT_NE(e.excluded_reason.find("R15.1"), std::string::npos);
    EXPECT_NE(e.excluded_reason_zh.find("不向当事人提供复制件"), std::string::npos);
    EXPECT_TRUE(e.title.empty());
  }
  EXPECT_EQ(DigestsOf(set.excluded), (std::set<std::string>{secret_, private_}));
  for (const auto& e : set.included) {
    for (const auto& f : e.files) {
      vault::BlobInfo blob = Must(store_->vault().Get(f.sha256), "blob");
      EXPECT_EQ(f.sm3, blob.sm3);
      EXPECT_EQ(f.size, blob.size);
    }
  }

  CopyRequest req = Must(copies_->Get(archivist_, id), "get");
  EXPECT_EQ(req.state, CopyState::kProduced);
  EXPECT_EQ(req.produced_by, "user:archivist.s1");
  EXPECT_EQ(req.manifest, set.ToJson());
  EXPECT_EQ(req.manifest["excluded"].size(), 2u);
  EXPECT_EQ(LedgerSize(), before + 1);
  Json event = LastEvent();
  EXPECT_EQ(event["type"], "copy.produced");
  EXPECT_EQ(JsonSet(event["detail"]["included"]), DigestsOf(set.included));
  EXPECT_EQ(JsonSet(event["detail"]["excluded"]), DigestsOf(set.excluded));
}

// R16.1: when the whole case is secret, every record is left out.
TEST_F(CopiesTest, SecretCaseExcludesEveryRecord) {
  int64_t secret_case =
      AddCase(officer_, "乌教罚〔2026〕4号", "s1", {}, Classification::kPersonalPrivacy);
  AddText(officer_, secret_case, Ingest("statement"));
  int64_t id = Requested(secret_case, All());
  Must(copies_->Decide(leader_, id, true, "同意"), "approve");

  CopySet set = Must(copies_->Produce(officer_, id), "produce");
  EXPECT_TRUE(set.included.empty());
  ASSERT_EQ(set.excluded.size(), 1u);
  EXPECT_NE(set.excluded[0].excluded_reason.find("personal_privacy"), std::string::npos);
  EXPECT_EQ(set.excluded[0].excluded_reason_zh,
            "案件乌教罚〔2026〕4号属于" + std::string(ClassificationNameZh(
                                              Classification::kPersonalPrivacy)) +
                "，依法应当保密，不向当事人提供复制件");
  EXPECT_EQ(set.ToJson()["excluded"][0]["reason_zh"], set.excluded[0].excluded_reason_zh);
}

// R17.3: only the case's officers and the section's archivist make the copy.
TEST_F(CopiesTest, ProduceBySectionHeadIsRefusedAndLogged) {
  int64_t id = ApprovedRequest();
  EXPECT_EQ(copies_->Produce(head_, id).status().code(), Status::Code::kPermissionDenied);
  ExpectRefusalLogged("copy.produced");
  EXPECT_EQ(StateOf(id), CopyState::kApproved);
}

// Recompute before trusting: an original that no longer matches its digest stops the copy.
TEST_F(CopiesTest, ProduceRefusesAnOriginalThatNoLongerMatchesItsDigest) {
  int64_t id = ApprovedRequest();
  std::filesystem::permissions(BlobPath(plain_), std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  fullrecord::testing::WriteFile(BlobPath(plain_), "inspection recorc");

  EXPECT_TRUE(copies_->Produce(archivist_, id).status().IsCorruption());
  EXPECT_EQ(StateOf(id), CopyState::kApproved);
}

// R15.1: the delivery records who received the copy; only a produced copy is delivered.
TEST_F(CopiesTest, DeliveryRecordsWhoReceivedTheCopy) {
  int64_t id = ApprovedRequest();
  EXPECT_EQ(copies_->Deliver(officer_, id, "张三").code(), Status::Code::kFailedPrecondition);
  Must(copies_->Produce(officer_, id), "produce");
  EXPECT_EQ(copies_->Deliver(officer_, id, "").code(), Status::Code::kInvalidArgument);

  uint64_t before = LedgerSize();
  ASSERT_TRUE(copies_->Deliver(officer_, id, "张三（委托代理人）").ok());
  CopyRequest req = Must(copies_->Get(officer_, id), "get");
  EXPECT_EQ(req.state, CopyState::kDelivered);
  EXPECT_EQ(req.received_by, "张三（委托代理人）");
  EXPECT_EQ(req.delivered_by, "user:officer.a");
  EXPECT_EQ(LedgerSize(), before + 1);
  EXPECT_EQ(LastEvent()["type"], "copy.delivered");
}

// R15.1: the principal leader sees what awaits decision; others are refused and logged.
TEST_F(CopiesTest, PendingListShowsOnlyUndecidedRequestsToThePrincipalLeader) {
  int64_t first = Requested(case_, All());
  int64_t second = Requested(case_, {kParty, "复议", {{"text", text_plain_}}, false});
  Must(copies_->Decide(leader_, first, true, "同意"), "approve");

  auto pending = Must(copies_->ListPending(leader_), "pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, second);
  EXPECT_EQ(copies_->ListPending(officer_).status().code(), Status::Code::kPermissionDenied);
  ExpectRefusalLogged("copy.pending_listed");
}

// R16.1: a request on a case out of reach answers as if it did not exist.
TEST_F(CopiesTest, RequestOnCaseOutOfReachIsNotFound) {
  int64_t id = Requested(case_, All());
  EXPECT_TRUE(copies_->Get(outsider_, id).status().IsNotFound());
  EXPECT_TRUE(copies_->Produce(outsider_, id).status().IsNotFound());
}

// R1.1: each successful step of a copy appends exactly one ledger event of its own type.
TEST_F(CopiesTest, EachStepAppendsExactlyOneEvent) {
  uint64_t size = LedgerSize();
  int64_t id = Requested(case_, All());
  EXPECT_EQ(LedgerSize(), ++size);
  ASSERT_TRUE(copies_->Decide(leader_, id, true, "同意").ok());
  EXPECT_EQ(LedgerSize(), ++size);
  ASSERT_TRUE(copies_->Produce(archivist_, id).ok());
  EXPECT_EQ(LedgerSize(), ++size);
  ASSERT_TRUE(copies_->Deliver(archivist_, id, "张三").ok());
  EXPECT_EQ(LedgerSize(), ++size);

  std::vector<std::string> types;
  for (uint64_t seq = size - 4; seq < size; ++seq) types.push_back(Event(seq)["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"copy.requested", "copy.decided", "copy.produced",
                                             "copy.delivered"}));
  for (uint64_t seq = size - 4; seq < size; ++seq) EXPECT_EQ(Event(seq)["outcome"], "ok");
}

}  // namespace
}  // namespace fullrecord::services
