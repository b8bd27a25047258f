// The regulation core's bureau, case and record services (R3, R6.2, R9, R11, R16.1, R17.2).
#include <gtest/gtest.h>

#include "app/store.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/records.h"
#include "util/temp_dir.h"

namespace fullrecord::services {
namespace {

using fullrecord::testing::TempDir;

UnixMicros At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ctx().now = [this] { return now_; };
    ASSERT_TRUE(store_->services_warnings().empty()) << store_->services_warnings()[0];

    ASSERT_TRUE(bureau().AddSection(console_, {"zf", "执法科"}).ok());
    ASSERT_TRUE(bureau().AddSection(console_, {"jd", "监督科"}).ok());
    AddPerson("li", "zf", "15010001", {Role::kOfficer});
    AddPerson("wang", "zf", "15010002", {Role::kOfficer});
    AddPerson("zhao", "zf", "", {Role::kOfficer});
    AddPerson("chen", "zf", "", {Role::kArchivist});
    AddPerson("head", "zf", "", {Role::kSectionHead});
    AddPerson("boss", "", "", {Role::kPrincipalLeader});
    AddPerson("legal", "jd", "", {Role::kLegalReviewer});
    AddPerson("audit", "", "", {Role::kAuditor});
    AddPerson("other", "jd", "15020001", {Role::kOfficer});
  }

  Context& ctx() { return store_->services(); }
  BureauService bureau() { return BureauService(ctx()); }
  CaseService cases() { return CaseService(ctx()); }
  RecordService records() { return RecordService(ctx()); }
  Actor As(const std::string& id) { return LoadActor(ctx(), id).value(); }
  uint64_t LedgerSize() { return *store_->ledger().Size(); }

  void AddPerson(const std::string& id, const std::string& section, const std::string& cert,
                 std::vector<Role> roles) {
    Person p{id, id + "名", section, cert, cert.empty() ? "" : "2030-12-31", true, {}};
    ASSERT_TRUE(bureau().AddPerson(console_, p).ok()) << id;
    for (Role r : roles) ASSERT_TRUE(bureau().GrantRole(console_, id, r).ok()) << id;
  }

  int64_t OpenCase(const std::string& number, std::vector<std::string> officers = {"wang"},
                   Classification c = Classification::kOrdinary) {
    CaseInput in;
    in.number = number;
    in.kind = CaseKind::kPenalty;
    in.title = "无证办学";
    in.section = "zf";
    in.officers = officers;
    in.classification = c;
    in.parties = {{"某培训机构", "organisation", "91150300MA0N000000"}};
    auto id = cases().Create(As("li"), in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  bool LastEventRefused(const std::string& type) {
    auto e = store_->ledger().GetEntry(LedgerSize() - 1);
    Json j = Json::parse(e->data);
    return j["type"] == type && j["outcome"] == "refused";
  }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
  UnixMicros now_ = At("2026-12-03T02:00:00Z");
  Actor console_ = Actor::Console("root");
};

// 三员分立: the separated administrators stand alone on their accounts.
TEST_F(ServicesTest, SeparatedAdministratorRolesAreNeverCombined) {
  Status s = bureau().GrantRole(console_, "audit", Role::kSecAdmin);
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("三员分立"), std::string::npos);
  EXPECT_TRUE(LastEventRefused("role.granted"));
  EXPECT_FALSE(bureau().GrantRole(console_, "li", Role::kAuditor).ok());
  EXPECT_FALSE(bureau().GrantRole(console_, "audit", Role::kOfficer).ok());
  EXPECT_EQ(bureau().GetPerson("audit")->roles, std::vector<Role>{Role::kAuditor});
}

TEST_F(ServicesTest, OnlyTheSecurityAdministratorOrConsoleManagesPeople) {
  AddPerson("sec", "", "", {Role::kSecAdmin});
  EXPECT_TRUE(bureau().AddPerson(As("sec"), {"new", "新人", "zf", "", "", true, {}}).ok());
  Status s = bureau().GrantRole(As("boss"), "new", Role::kOfficer);
  EXPECT_EQ(s.code(), Status::Code::kPermissionDenied);
  EXPECT_TRUE(LastEventRefused("role.granted"));
}

TEST_F(ServicesTest, BadPersonInputIsRejectedAndNothingIsStored) {
  uint64_t before = LedgerSize();
  EXPECT_EQ(bureau().AddPerson(console_, {"x y", "名", "zf", "", "", true, {}}).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(bureau().AddPerson(console_, {"x", "名", "zf", "123", "next year", true, {}}).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(bureau().AddPerson(console_, {"x", "名", "nowhere", "", "", true, {}}).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(bureau().AddPerson(console_, {"li", "重名", "zf", "", "", true, {}}).code(),
            Status::Code::kAlreadyExists);
  EXPECT_EQ(LedgerSize(), before);
  EXPECT_EQ(bureau().GetPerson("li")->name, "li名");
}

// R11.2: who held which device when.
TEST_F(ServicesTest, DeviceHolderFollowsTheAssignmentHistory) {
  ASSERT_TRUE(bureau().RegisterDevice(console_, {"DSJ-001", "body_camera", "zf"}).ok());
  ASSERT_TRUE(bureau().AssignDevice(console_, "DSJ-001", "li", At("2026-11-01T00:00:00Z")).ok());
  ASSERT_TRUE(bureau().AssignDevice(console_, "DSJ-001", "wang", At("2026-11-15T00:00:00Z")).ok());
  EXPECT_EQ(*bureau().HolderAt("DSJ-001", At("2026-11-10T00:00:00Z")), "li");
  EXPECT_EQ(*bureau().HolderAt("DSJ-001", At("2026-11-20T00:00:00Z")), "wang");
  EXPECT_TRUE(bureau().HolderAt("DSJ-001", At("2026-10-01T00:00:00Z")).status().IsNotFound());
  EXPECT_FALSE(bureau().AssignDevice(console_, "DSJ-001", "li", At("2026-11-10T00:00:00Z")).ok());
  auto history = bureau().History("DSJ-001");
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(*history->at(0).to_us, At("2026-11-15T00:00:00Z"));
  EXPECT_FALSE(history->at(1).to_us.has_value());
}

TEST_F(ServicesTest, UnknownDeviceTypeIsRejectedNamingTheValidOnes) {
  Status s = bureau().RegisterDevice(console_, {"X1", "phone", "zf"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("body_camera"), std::string::npos);
}

TEST_F(ServicesTest, ConsoleCannotOpenCasesOrReadThem) {
  CaseInput in{"C-1", CaseKind::kPenalty, "t", "zf", {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(cases().Create(console_, in).status().code(), Status::Code::kPermissionDenied);
  int64_t id = OpenCase("C-2");
  EXPECT_TRUE(cases().Get(console_, id).status().IsNotFound());
}

// R3.1: five stages in order; going back is explicit and recorded.
TEST_F(ServicesTest, StagesAdvanceOneAtATimeAndGoingBackIsRecorded) {
  int64_t id = OpenCase("C-3");
  Status skip = cases().Advance(As("li"), id, Stage::kDecision, "跳过");
  EXPECT_EQ(skip.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(skip.message().find("investigation"), std::string::npos);
  EXPECT_EQ(cases().Advance(As("li"), id, Stage::kInvestigation, "").code(),
            Status::Code::kInvalidArgument);

  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kDecision, "调查终结").ok());
  ASSERT_TRUE(cases().GoBack(As("head"), id, Stage::kInvestigation, "证据不足，补充调查").ok());
  auto history = cases().History(As("li"), id);
  ASSERT_EQ(history->size(), 4u);
  EXPECT_TRUE(history->back().backward);
  EXPECT_EQ(history->back().reason, "证据不足，补充调查");
  EXPECT_EQ(history->back().actor, "user:head");
  EXPECT_EQ(cases().Get(As("li"), id)->stage, Stage::kInvestigation);
}

// Administrative Penalty Law art. 42: two officers with valid certificates.
TEST_F(ServicesTest, InvestigationNeedsTwoCertifiedOfficers) {
  int64_t id = OpenCase("C-4", {"zhao"});
  Status s = cases().Advance(As("li"), id, Stage::kInvestigation, "立案");
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("art. 42"), std::string::npos);
  EXPECT_NE(s.message().find("zhao"), std::string::npos);

  // An expired certificate does not count either.
  ASSERT_TRUE(bureau().UpdatePerson(console_, {"zhao", "赵", "zf", "15010003", "2026-12-02", true, {}}).ok());
  EXPECT_FALSE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
  ASSERT_TRUE(cases().AddOfficer(As("li"), id, "wang").ok());
  EXPECT_TRUE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
}

// R16.1: who may see a case; an unreachable case answers exactly like a missing one.
TEST_F(ServicesTest, CaseAccessFollowsRolesAndUnreachableLooksMissing) {
  int64_t id = OpenCase("C-5");
  for (const char* who : {"li", "wang", "chen", "head", "boss"}) {
    EXPECT_TRUE(cases().Get(As(who), id).ok()) << who;
  }
  for (const char* who : {"other", "audit", "legal", "zhao"}) {
    auto r = cases().Get(As(who), id);
    auto missing = cases().Get(As(who), 999999);
    EXPECT_EQ(r.status().code(), missing.status().code()) << who;
    EXPECT_EQ(r.status().message(), "no case " + std::to_string(id)) << who;
  }
  EXPECT_TRUE(LastEventRefused("case.viewed"));

  // The legal reviewer sees the case once it is in review.
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kDecision, "调查终结").ok());
  EXPECT_TRUE(cases().Get(As("legal"), id).ok());
}

TEST_F(ServicesTest, SecretCasesAreHiddenFromTheLegalReviewer) {
  int64_t id = OpenCase("C-6", {"wang"}, Classification::kCommercialSecret);
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kDecision, "调查终结").ok());
  EXPECT_TRUE(cases().Get(As("legal"), id).status().IsNotFound());
  EXPECT_TRUE(cases().Get(As("boss"), id).ok());
}

TEST_F(ServicesTest, StateSecretsAreRefusedWithAClearMessage) {
  auto c = ParseClassification("state_secret");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("classified system"), std::string::npos);
}

TEST_F(ServicesTest, CaseListShowsOnlyReachableCasesWithFilters) {
  OpenCase("C-7");
  OpenCase("C-8");
  auto mine = cases().List(As("wang"), {});
  EXPECT_EQ(mine->total, 2);
  EXPECT_EQ(cases().List(As("other"), {})->total, 0);
  EXPECT_EQ(cases().List(As("audit"), {})->total, 0);
  CaseFilter f;
  f.text = "C-8";
  EXPECT_EQ(cases().List(As("boss"), f)->total, 1);
  f = {};
  f.stage = Stage::kDecision;
  EXPECT_EQ(cases().List(As("boss"), f)->total, 0);
}

TEST_F(ServicesTest, EveryChangeIsOneLedgerEvent) {
  uint64_t before = LedgerSize();
  int64_t id = OpenCase("C-9");
  EXPECT_EQ(LedgerSize(), before + 1);
  ASSERT_TRUE(cases().Advance(As("li"), id, Stage::kInvestigation, "立案").ok());
  EXPECT_EQ(LedgerSize(), before + 2);
  Json e = Json::parse(store_->ledger().GetEntry(before + 1)->data);
  EXPECT_EQ(e["type"], "case.stage_advanced");
  EXPECT_EQ(e["actor"], "user:li");
  EXPECT_EQ(e["detail"]["number"], "C-9");
}

class RecordsTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ASSERT_TRUE(bureau().RegisterDevice(console_, {"DSJ-9", "body_camera", "zf"}).ok());
    ASSERT_TRUE(bureau().AssignDevice(console_, "DSJ-9", "li", At("2026-11-01T00:00:00Z")).ok());
    case_ = OpenCase("R-1");
    testing::WriteFile(dir_ / "clip.mp4", "not really a video, but an original");
    sha_ = store_->vault().IngestFile(dir_ / "clip.mp4", "test")->blob.sha256;
  }

  int64_t AddRecording() {
    AvRecordInput in;
    in.case_id = case_;
    in.stage = Stage::kInvestigation;
    in.device = "DSJ-9";
    in.start_us = At("2026-12-02T01:00:00Z");
    in.end_us = At("2026-12-02T01:30:00Z");
    auto id = records().AddAv(As("li"), in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return *id;
  }

  int64_t case_ = 0;
  std::string sha_;
};

// R11.2: the officer of a recording is whoever held the device when it began.
TEST_F(RecordsTest, RecordingOfficerDefaultsToTheDeviceHolder) {
  int64_t av = AddRecording();
  EXPECT_EQ(records().GetAv(As("li"), av)->input.officer, "li");
}

// R12.1: the upload time is taken from the clock, so lateness is measured.
TEST_F(RecordsTest, SegmentUploadTimeIsMeasuredNotTyped) {
  int64_t av = AddRecording();
  ASSERT_TRUE(records().AddSegment(As("li"), av, sha_, At("2026-12-02T01:00:00Z"),
                                   At("2026-12-02T01:30:00Z")).ok());
  auto rec = records().GetAv(As("li"), av);
  ASSERT_EQ(rec->segments.size(), 1u);
  EXPECT_EQ(rec->segments[0].uploaded_us, now_);
  EXPECT_EQ(records().AddSegment(As("li"), av, std::string(64, 'a'), 0, 1).status().code(),
            Status::Code::kInvalidArgument);
}

// R9.3–R9.4: an interruption is explained, reported to the head, and explained in writing.
TEST_F(RecordsTest, InterruptionIsExplainedReportedAndWritten) {
  int64_t av = AddRecording();
  auto gap = records().AddInterruption(As("li"), av, At("2026-12-02T01:10:00Z"), std::nullopt);
  ASSERT_TRUE(gap.ok());
  Status bad = records().ExplainInterruption(As("li"), *gap, "tired", "", false);
  EXPECT_NE(bad.message().find("low_battery"), std::string::npos);
  EXPECT_FALSE(records().ExplainInterruption(As("li"), *gap, "other", " ", false).ok());
  ASSERT_TRUE(records().ExplainInterruption(As("li"), *gap, "low_battery", "", true).ok());
  EXPECT_FALSE(records().ReportToHead(As("li"), *gap, "wang").ok());
  ASSERT_TRUE(records().ReportToHead(As("li"), *gap, "head").ok());
  ASSERT_TRUE(records().WriteExplanation(As("li"), *gap, "执法记录仪电量耗尽，无法恢复录制。").ok());

  auto rec = records().GetAv(As("li"), av);
  const Interruption& i = rec->interruptions.at(0);
  EXPECT_EQ(i.reason, "low_battery");
  EXPECT_TRUE(i.voice_explained);
  EXPECT_EQ(i.head_reported_to, "head");
  EXPECT_EQ(*i.written_us, now_);
  EXPECT_FALSE(records().ExplainInterruption(As("other"), *gap, "low_battery", "", true).ok());
}

// R16.1: a secret record inside an ordinary case is hidden from the legal reviewer.
TEST_F(RecordsTest, SecretRecordsAreListedOnlyToThoseAllowed) {
  ASSERT_TRUE(cases().Advance(As("li"), case_, Stage::kInvestigation, "立案").ok());
  ASSERT_TRUE(cases().Advance(As("li"), case_, Stage::kDecision, "调查终结").ok());
  TextRecordInput open{case_, Stage::kInvestigation, "investigation_transcript", "询问笔录",
                       Json::object(), "", Classification::kOrdinary};
  TextRecordInput secret = open;
  secret.title = "财务资料";
  secret.doc_type = "party_papers";
  secret.classification = Classification::kCommercialSecret;
  ASSERT_TRUE(records().AddText(As("li"), open).ok());
  ASSERT_TRUE(records().AddText(As("li"), secret).ok());
  EXPECT_EQ(records().ListText(As("legal"), case_)->size(), 1u);
  EXPECT_EQ(records().ListText(As("boss"), case_)->size(), 2u);
}

// R6.2: a transcript that does not name two certified officers is reported incomplete.
TEST_F(RecordsTest, TranscriptWithoutOfficersReportsTheMissingField) {
  TextRecordInput in{case_, Stage::kInvestigation, "investigation_transcript", "询问笔录",
                     Json{{"interviewee", "张三"}}, sha_, Classification::kOrdinary};
  ASSERT_TRUE(records().AddText(As("li"), in).ok());
  auto list = records().ListText(As("li"), case_);
  ASSERT_EQ(list->size(), 1u);
  const auto& missing = list->at(0).missing_fields;
  EXPECT_NE(std::find(missing.begin(), missing.end(), "officers"), missing.end());
  in.doc_type = "no_such_type";
  EXPECT_EQ(records().AddText(As("li"), in).status().code(), Status::Code::kInvalidArgument);
}

// R9.5, R17.2: a request to change an original is refused and lands in the ledger.
TEST_F(RecordsTest, AttemptToChangeAnOriginalIsRefusedAndLogged) {
  Status s = records().RefuseOriginalChange(As("li"), sha_, "delete");
  EXPECT_EQ(s.code(), Status::Code::kPermissionDenied);
  EXPECT_TRUE(LastEventRefused("original.change_attempt"));
  EXPECT_TRUE(store_->vault().Verify(sha_).ok());
}

TEST_F(RecordsTest, UnassignedRecordingIsAssignedToACase) {
  AvRecordInput in;
  in.device = "DSJ-9";
  in.start_us = At("2026-12-01T01:00:00Z");
  in.end_us = At("2026-12-01T02:00:00Z");
  auto av = records().AddAv(As("li"), in);
  ASSERT_TRUE(av.ok()) << av.status().ToString();
  EXPECT_EQ(records().ListUnassigned(As("li"))->size(), 1u);
  EXPECT_TRUE(records().GetAv(As("other"), *av).status().IsNotFound());
  ASSERT_TRUE(records().AssignToCase(As("li"), *av, case_, Stage::kInvestigation).ok());
  EXPECT_TRUE(records().ListUnassigned(As("li"))->empty());
  EXPECT_EQ(records().ListAv(As("wang"), case_)->size(), 1u);
}

TEST_F(RecordsTest, ChecklistAcceptsOnlyKnownItemsAsBooleans) {
  int64_t av = AddRecording();
  EXPECT_FALSE(records().SetChecklist(As("li"), av, Json{{"made_up", true}}).ok());
  EXPECT_FALSE(records().SetChecklist(As("li"), av, Json{{"rights_informed", "yes"}}).ok());
  EXPECT_TRUE(records().SetChecklist(As("li"), av, Json{{"rights_informed", true}}).ok());
  EXPECT_EQ(records().GetAv(As("li"), av)->input.checklist["rights_informed"], true);
}

}  // namespace
}  // namespace fullrecord::services
