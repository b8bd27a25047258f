// Cases and records through the API as the people of a section use them: opening a case, its
// stages with reasons, the list with filters and pages, text and audio-visual records with
// their files, gaps and interruptions, and bad input answered with the field it concerns.
#include "api/flow_fixture.h"

namespace fullrecord::testing {
namespace {

TEST_F(ApiFlowTest, CaseMovesThroughStagesForwardAndBackWithReasons) {
  int64_t id = OpenCase("教罚〔2026〕11号");
  Client& officer = As("officer1");
  std::string c = CasePath(id);

  Expect(officer.PostJson(c + "/stages/advance", {{"to", "investigation"}, {"reason", "立案"}}),
         200);
  Json skip = Expect(
      officer.PostJson(c + "/stages/advance", {{"to", "execution"}, {"reason", "跳过"}}), 409);
  EXPECT_EQ(skip["code"], "failed_precondition");
  Expect(officer.PostJson(c + "/stages/advance", {{"to", "decision"}, {"reason", " "}}), 400);
  Expect(officer.PostJson(c + "/stages/back", {{"to", "start"}, {"reason", "补充材料"}}), 200);

  Json history = Expect(officer.Get(c + "/stages"), 200)["history"];
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["from"], nullptr);
  EXPECT_EQ(history[1]["to_zh"], "调查取证");
  EXPECT_TRUE(history[2]["backward"].get<bool>());
  EXPECT_EQ(history[2]["reason"], "补充材料");
  EXPECT_EQ(history[2]["at_display"], "2026-03-02 09:00");

  Json detail = Expect(officer.Get(c), 200);
  EXPECT_EQ(detail["case"]["stage"], "start");
  EXPECT_TRUE(detail["may_change"].get<bool>());
  EXPECT_TRUE(detail["stages"]["timeline"][0]["current"].get<bool>());
  EXPECT_FALSE(detail["stages"]["timeline"][1]["reached"].get<bool>());
  EXPECT_EQ(detail["case"]["kind_zh"], "行政处罚");
  EXPECT_EQ(detail["case"]["officers"][1]["name"], "officer2");
}

// The document fields of the catalogue (R5, R6) go to the browser with how each is checked, so
// its form offers a time picker, the case's officers, a list or a choice as the check expects.
TEST_F(ApiFlowTest, CatalogueNamesHowEachDocumentFieldIsChecked) {
  Json types = Expect(As("officer1").Get("/api/catalogue"), 200)["doc_types"];
  auto type = [&](const std::string& code) {
    for (const Json& t : types) {
      if (t["code"] == code) return t;
    }
    ADD_FAILURE() << "no document type " << code;
    return Json::object();
  };
  Json transcript = type("investigation_transcript")["fields"];
  ASSERT_EQ(transcript.size(), 4u);
  EXPECT_EQ(transcript[0], Json({{"name", "officers"},
                                 {"name_zh", "执法人员及证件号"},
                                 {"kind", "officers"},
                                 {"min", 2}}));
  EXPECT_EQ(transcript[1],
            Json({{"name", "interviewee"}, {"name_zh", "被询问人"}, {"kind", "text"}}));
  EXPECT_EQ(transcript[2]["kind"], "time");
  EXPECT_EQ(type("party_papers")["fields"][2],
            Json({{"name", "items"}, {"name_zh", "材料清单"}, {"kind", "list"}, {"min", 1}}));
  Json method = type("service_receipt")["fields"][3];
  EXPECT_EQ(method["kind"], "text");
  EXPECT_EQ(method["values"][0], "direct");
  EXPECT_EQ(method["values"].size(), 7u);
}

TEST_F(ApiFlowTest, CaseListFiltersAndPages) {
  for (int i = 1; i <= 3; ++i) OpenCase("教罚〔2026〕2" + std::to_string(i) + "号");
  Client& officer = As("officer1");
  Json page = Expect(officer.Get("/api/cases?limit=2"), 200);
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["cases"].size(), 2u);
  EXPECT_EQ(page["cases"][0]["number"], "教罚〔2026〕23号");  // newest first
  Json next = Expect(officer.Get("/api/cases?limit=2&offset=2"), 200);
  ASSERT_EQ(next["cases"].size(), 1u);
  EXPECT_EQ(next["cases"][0]["number"], "教罚〔2026〕21号");

  EXPECT_EQ(Expect(officer.Get("/api/cases?q=22"), 200)["total"], 1);
  EXPECT_EQ(Expect(officer.Get("/api/cases?stage=decision"), 200)["total"], 0);
  EXPECT_EQ(Expect(officer.Get("/api/cases?officer=officer2&kind=penalty"), 200)["total"], 3);
  Json bad = Expect(officer.Get("/api/cases?kind=robbery"), 400);
  EXPECT_NE(bad["message_en"].get<std::string>().find("robbery"), std::string::npos);
  EXPECT_EQ(Expect(As("auditor1").Get("/api/cases"), 200)["total"], 0);
}

// The list's deadline state (R12.1, R13.1) follows the compliance report: a recording waiting
// for upload makes its case due soon, a day later overdue; bad states and roles without the
// report are refused.
TEST_F(ApiFlowTest, CaseListTagsAndFiltersByDeadlineState) {
  int64_t late = OpenCase("教罚〔2026〕41号");
  int64_t calm = OpenCase("教罚〔2026〕42号");
  Client& officer = As("officer1");
  Expect(As("head1").PostJson("/api/devices",
                              {{"serial", "BC-9"}, {"type", "body_camera"}, {"section", "s1"}}),
         200);
  Expect(As("head1").PostJson("/api/devices/BC-9/assign",
                              {{"person", "officer1"}, {"from", "2026-03-01T08:00:00+08:00"}}),
         200);
  Json av = Expect(officer.PostJson("/api/av-records", {{"device", "BC-9"},
                                                        {"start", "2026-03-02T08:00:00+08:00"},
                                                        {"end", "2026-03-02T08:30:00+08:00"}}),
                   201);
  Expect(officer.PostJson("/api/av-records/" + std::to_string(av["id"].get<int64_t>()) + "/assign",
                          {{"case_id", late}, {"stage", "start"}}),
         200);

  auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    Json page = Expect(officer.Get("/api/cases" + query), 200);
    for (const Json& k : page["cases"]) {
      out.push_back(k["id"].get<int64_t>());
    }
    return out;
  };
  Json rows = Expect(officer.Get("/api/cases"), 200)["cases"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["deadline"]["state"], "due_soon");
  EXPECT_EQ(rows[1]["deadline"]["state_zh"], "即将到期");
  EXPECT_EQ(rows[1]["deadline"]["rule_id"], "R12.1");
  EXPECT_EQ(rows[1]["deadline"]["due_at_display"], "2026-03-03 08:30");
  EXPECT_EQ(rows[0]["deadline"]["state"], "none");
  EXPECT_EQ(ids("?deadline=due_soon"), std::vector<int64_t>{late});
  EXPECT_EQ(ids("?deadline=none"), std::vector<int64_t>{calm});

  Advance(25 * kHour);  // past the idle timeout too: sign in again
  ASSERT_EQ(officer.Login("officer1").status, 200u);
  EXPECT_EQ(ids("?deadline=overdue"), std::vector<int64_t>{late});
  EXPECT_TRUE(ids("?deadline=due_soon").empty());
  EXPECT_EQ(ids("?deadline=overdue&q=42"), std::vector<int64_t>{});

  Json bad = Expect(officer.Get("/api/cases?deadline=late"), 400);
  EXPECT_NE(bad["message_en"].get<std::string>().find("\"late\""), std::string::npos);
  EXPECT_NE(bad["message"].get<std::string>().find("期限状态"), std::string::npos);
  server_->AddUser("reviewer1", "s1", {services::Role::kLegalReviewer});
  Client reviewer(server_->port());
  ASSERT_EQ(reviewer.Login("reviewer1").status, 200u);
  EXPECT_FALSE(Expect(reviewer.Get("/api/cases"), 200)["cases"].is_null());
  Expect(reviewer.Get("/api/cases?deadline=overdue"), 403);
}

// R14, R13.2: the archivist proposes long-term keeping, the principal leader finds it on the
// workbench and in the open proposals, approves it, and the case shows it kept long-term.
TEST_F(ApiFlowTest, RetentionProposalReachesTheLeaderAndApprovalKeepsTheCaseLongTerm) {
  int64_t id = OpenCase("教罚〔2026〕51号");
  std::string c = CasePath(id);
  Client& archivist = As("archivist1");
  Client& leader = As("leader1");
  Json bad =
      Expect(archivist.PostJson(c + "/retention/proposals",
                                {{"kind", "long_term"}, {"trigger", "R9.1"}, {"reason", "信访"}}),
             400);
  EXPECT_NE(bad["message_en"].get<std::string>().find("R9.1"), std::string::npos);
  Json made = Expect(
      archivist.PostJson(c + "/retention/proposals",
                         {{"kind", "long_term"}, {"trigger", "R14.1"}, {"reason", "当事人信访"}}),
      201);
  int64_t pid = made["id"].get<int64_t>();

  Json open = Expect(leader.Get("/api/retention/proposals"), 200)["proposals"];
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["case_number"], "教罚〔2026〕51号");
  EXPECT_EQ(open[0]["kind_zh"], "长期保存");
  EXPECT_TRUE(Expect(archivist.Get("/api/retention/proposals"), 200)["proposals"].empty());
  bool on_workbench = false;
  Json workbench = Expect(leader.Get("/api/workbench"), 200);
  for (const Json& item : workbench["items"]) {
    on_workbench |= item["kind"] == "retention_proposal" && item["id"] == pid;
  }
  EXPECT_TRUE(on_workbench);

  std::string decide = "/api/retention/proposals/" + std::to_string(pid) + "/decide";
  Expect(As("head1").PostJson(decide, {{"approve", true}, {"reason", "同意"}}), 403);
  Expect(leader.PostJson(decide, {{"approve", true}, {"reason", "同意长期保存"}}), 200);
  Json retention = Expect(archivist.Get(c), 200)["retention"];
  EXPECT_TRUE(retention["long_term"].get<bool>());
  EXPECT_EQ(retention["proposals"][0]["state"], "approved");
  EXPECT_EQ(retention["history"][0]["approved_by"], "leader1");
  Expect(leader.PostJson(decide, {{"approve", false}, {"reason", "再议"}}), 409);
}

TEST_F(ApiFlowTest, RecordsInterruptionsAndGapsShowInTheCase) {
  int64_t id = OpenCase("教罚〔2026〕31号");
  std::string c = CasePath(id);
  Client& officer = As("officer1");
  Expect(As("head1").PostJson("/api/devices",
                              {{"serial", "BC-7"}, {"type", "body_camera"}, {"section", "s1"}}),
         200);
  Expect(As("head1").PostJson("/api/devices/BC-7/assign",
                              {{"person", "officer1"}, {"from", "2026-03-01T08:00:00+08:00"}}),
         200);

  // A recording registered before its case was known, then tied to it.
  Json av = Expect(officer.PostJson("/api/av-records", {{"device", "BC-7"},
                                                        {"start", "2026-03-02T08:00:00+08:00"},
                                                        {"end", "2026-03-02T08:30:00+08:00"},
                                                        {"place", "某路 1 号"}}),
                   201);
  std::string a = "/api/av-records/" + std::to_string(av["id"].get<int64_t>());
  EXPECT_EQ(Expect(officer.Get("/api/av-records/unassigned"), 200)["av_records"].size(), 1u);
  Expect(officer.PostJson(a + "/assign", {{"case_id", id}, {"stage", "start"}}), 200);
  EXPECT_EQ(Expect(officer.Get("/api/av-records/unassigned"), 200)["av_records"].size(), 0u);

  Json av_j = Expect(officer.Get(a), 200);
  EXPECT_EQ(av_j["officer"], "officer1");  // the holder of BC-7 at the start
  EXPECT_TRUE(av_j["gaps"].empty());       // nothing uploaded yet
  Json in =
      Expect(officer.PostJson(a + "/interruptions", {{"start", "2026-03-02T08:10:00+08:00"}}), 201);
  std::string i = "/api/interruptions/" + std::to_string(in["id"].get<int64_t>());
  Expect(officer.PostJson(i + "/explain", {{"reason", "low_battery"}, {"voice_explained", false}}),
         200);
  Expect(officer.PostJson(i + "/explain", {{"reason", "tired"}}), 400);
  Expect(officer.PostJson(i + "/report-head", {{"head", "head1"}}), 200);
  Expect(officer.PostJson(i + "/written", {{"text", "电池耗尽，无法继续录像。"}}), 200);
  Expect(
      officer.Send(http::verb::put, a + "/checklist",
                   {{"checklist", {{"rights_informed", true}, {"standard_notice_given", true}}}}),
      200);
  Expect(officer.PostJson(c + "/text-records", {{"stage", "start"},
                                                {"doc_type", "onsite_inspection_record"},
                                                {"title", "现场检查笔录"},
                                                {"fields", Json::object()}}),
         201);

  Json detail = Expect(officer.Get(c), 200);
  Json rec = detail["av_records"][0];
  EXPECT_FALSE(rec["interruptions"][0]["resumed"].get<bool>());
  EXPECT_EQ(rec["interruptions"][0]["reason"], "low_battery");
  EXPECT_EQ(rec["interruptions"][0]["head_reported_to"], "head1");
  EXPECT_FALSE(rec["interruptions"][0]["written_at"].is_null());
  EXPECT_TRUE(rec["checklist"][1]["done"].get<bool>());
  EXPECT_FALSE(detail["text_records"][0]["complete"].get<bool>());
  EXPECT_FALSE(detail["text_records"][0]["missing_fields"].empty());
  EXPECT_FALSE(detail["missing_documents"].empty());
}

TEST_F(ApiFlowTest, BadInputIsRefusedNamingTheField) {
  int64_t id = OpenCase("教罚〔2026〕41号");
  Client& officer = As("officer1");
  Json j = Expect(officer.Send(http::verb::put, CasePath(id) + "/onsite", {{"start", "yesterday"}}),
                  400);
  EXPECT_NE(j["message_en"].get<std::string>().find("\"start\""), std::string::npos);
  j = Expect(officer.PostJson("/api/cases", {{"number", 7}}), 400);
  EXPECT_NE(j["message_en"].get<std::string>().find("\"number\""), std::string::npos);
  Expect(officer.Request(http::verb::post, "/api/cases", "not json",
                         {{"Content-Type", "application/json"}}),
         400);
  Expect(officer.Get("/api/cases/abc"), 400);
  Expect(officer.Send(http::verb::put, CasePath(id) + "/classification",
                      {{"classification", "state_secret"}}),
         400);
  Expect(officer.Get("/api/cases/424242"), 404);
}

}  // namespace
}  // namespace fullrecord::testing
