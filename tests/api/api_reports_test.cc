// The workbench and the compliance report, retention and disposal, and copies for a party,
// through the API with a clock the test moves.
#include <filesystem>

#include "api/flow_fixture.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {
namespace {

class ApiReportsTest : public ApiFlowTest {
 protected:
  // Registers body camera BC-7 of s1, issued to officer1.
  void IssueCamera() {
    Expect(As("head1").PostJson("/api/devices",
                                {{"serial", "BC-7"}, {"type", "body_camera"}, {"section", "s1"}}),
           200);
    Expect(As("head1").PostJson("/api/devices/BC-7/assign",
                                {{"person", "officer1"}, {"from", "2026-03-01T08:00:00+08:00"}}),
           200);
  }

  int64_t AddRecording(int64_t case_id, const std::string& start, const std::string& end) {
    Json body = {{"case_id", case_id},
                 {"stage", "start"},
                 {"device", "BC-7"},
                 {"start", start},
                 {"end", end}};
    return Expect(As("officer1").PostJson("/api/av-records", body), 201)["id"].get<int64_t>();
  }

  // An original in the vault, as an upload would leave it.
  std::string Ingest(const std::string& content) {
    TempDir tmp;
    WriteFile(tmp / "f", content);
    return server_->store().vault().IngestFile(tmp / "f", "test").value().blob.sha256;
  }

  int64_t AddText(int64_t case_id, const std::string& sha, const std::string& cls) {
    Json body = {{"stage", "start"},
                 {"doc_type", "onsite_inspection_record"},
                 {"title", "笔录 " + cls},
                 {"sha256", sha},
                 {"classification", cls}};
    return Expect(As("officer1").PostJson(CasePath(case_id) + "/text-records", body), 201)["id"]
        .get<int64_t>();
  }

  void SignInAgain() {
    for (auto& [who, client] : clients_) ASSERT_EQ(client.Login(who).status, 200u) << who;
  }
};

TEST_F(ApiReportsTest, WorkbenchListsTheCallersDutiesSoonestFirst) {
  int64_t id = OpenCase("教罚〔2026〕51号");
  IssueCamera();
  int64_t later = AddRecording(id, "2026-03-02T08:00:00+08:00", "2026-03-02T08:30:00+08:00");
  int64_t sooner = AddRecording(id, "2026-03-02T07:00:00+08:00", "2026-03-02T07:30:00+08:00");
  Advance(48 * kHour);
  SignInAgain();

  Json items = Expect(As("officer1").Get("/api/workbench"), 200)["items"];
  ASSERT_FALSE(items.empty());
  std::string previous;
  int sooner_at = -1, later_at = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i]["responsible"], "officer1");
    if (items[i]["due_at"].is_null()) continue;
    std::string due = items[i]["due_at"];
    EXPECT_LE(previous, due) << "item " << i << " is out of order";
    previous = due;
    if (items[i]["rule"] != "upload_overdue") continue;
    std::string object = items[i]["object"];
    if (object.find(std::to_string(sooner)) != std::string::npos) sooner_at = static_cast<int>(i);
    if (object.find(std::to_string(later)) != std::string::npos) later_at = static_cast<int>(i);
    EXPECT_TRUE(items[i]["overdue"].get<bool>());
  }
  ASSERT_GE(sooner_at, 0);
  ASSERT_GE(later_at, 0);
  EXPECT_LT(sooner_at, later_at);
  EXPECT_TRUE(Expect(As("auditor1").Get("/api/workbench"), 200)["items"].empty());
}

// R13.1: from the end of the enforcement until the discs are registered, the archivist's
// workbench and the case page carry the deadline, 30 working days on the State Council calendar
// (2026-03-02 plus 30 working days, the Qingming holiday of 4–6 April skipped: 14 April).
TEST_F(ApiReportsTest, ArchiveDeadlineShowsUntilTheCaseIsArchived) {
  int64_t id = OpenCase("教罚〔2026〕61号");
  auto deadline_items = [&] {
    Json out = Json::array(), work = Expect(As("archivist1").Get("/api/workbench"), 200);
    for (const auto& j : work["items"]) {
      if (j.value("rule_id", "") == "R13.1" && j.value("case_id", int64_t{0}) == id) out.push_back(j);
    }
    return out;
  };
  EXPECT_TRUE(deadline_items().empty()) << "the enforcement has not ended";
  EXPECT_TRUE(Expect(As("head1").Get(CasePath(id)), 200)["case"]["archive_due_at"].is_null());

  Expect(As("officer1").PostJson(CasePath(id) + "/end", Json::object()), 200);
  Json items = deadline_items();
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["kind"], "archive_deadline");
  EXPECT_EQ(items[0]["due_at_display"].get<std::string>().substr(0, 10), "2026-04-14");
  EXPECT_FALSE(items[0]["overdue"].get<bool>());
  Json detail = Expect(As("head1").Get(CasePath(id)), 200);
  EXPECT_EQ(detail["case"]["archive_due_at_display"].get<std::string>().substr(0, 10), "2026-04-14");
  Json officer_work = Expect(As("officer1").Get("/api/workbench"), 200);
  for (const auto& j : officer_work["items"]) {
    EXPECT_NE(j.value("kind", ""), "archive_deadline") << "the officer does not make discs";
  }

  // In its last five working days (from 8 April) the report's own finding takes the item's
  // place: still one.
  Advance(int64_t{37} * 24 * kHour);
  SignInAgain();
  items = deadline_items();
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["rule"], "archive_due");

  Expect(As("archivist1").PostJson(CasePath(id) + "/archived", Json::object()), 200);
  EXPECT_TRUE(deadline_items().empty());
  EXPECT_TRUE(Expect(As("head1").Get(CasePath(id)), 200)["case"]["archive_due_at"].is_null());
}

TEST_F(ApiReportsTest, ComplianceReportFiltersByRuleAndCase) {
  int64_t first = OpenCase("教罚〔2026〕61号");
  int64_t second = OpenCase("教罚〔2026〕62号");
  IssueCamera();
  AddRecording(first, "2026-03-02T08:00:00+08:00", "2026-03-02T08:30:00+08:00");
  AddRecording(second, "2026-03-02T08:00:00+08:00", "2026-03-02T08:30:00+08:00");
  Advance(48 * kHour);
  SignInAgain();

  Json all = Expect(As("auditor1").Get("/api/compliance?rules=R12.1"), 200);
  ASSERT_GE(all["total"].get<int>(), 2);
  for (const auto& f : all["findings"]) EXPECT_EQ(f["rule_id"], "R12.1");
  EXPECT_EQ(all["counts"]["violation"].get<int>() + all["counts"]["warning"].get<int>() +
                all["counts"]["reminder"].get<int>(),
            all["total"].get<int>());
  Json one = Expect(
      As("head1").Get("/api/compliance?rules=upload_overdue&case_id=" + std::to_string(first)),
      200);
  ASSERT_EQ(one["total"], 1);
  EXPECT_EQ(one["findings"][0]["case_id"], first);
  EXPECT_EQ(one["findings"][0]["case_number"], "教罚〔2026〕61号");
  Expect(As("head1").Get("/api/compliance?rules=R99.9"), 400);
  EXPECT_FALSE(Expect(As("head1").Get("/api/compliance/rules"), 200)["rules"].empty());
}

// R17.3, R17.6: the report as an Excel workbook for the bureau, its export a ledger event.
TEST_F(ApiReportsTest, ComplianceReportExportsToExcelAndTheExportIsLogged) {
  int64_t id = OpenCase("教罚〔2026〕63号");
  IssueCamera();
  AddRecording(id, "2026-03-02T08:00:00+08:00", "2026-03-02T08:30:00+08:00");
  Advance(48 * kHour);
  SignInAgain();

  Response r = As("auditor1").Get("/api/compliance?rules=R12.1&format=xlsx");
  ASSERT_EQ(r.status, 200u) << r.body.substr(0, 200);
  EXPECT_EQ(r.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.headers["content-disposition"].rfind("attachment;", 0), 0u);
  ASSERT_GT(r.body.size(), 1000u);
  EXPECT_EQ(r.body.substr(0, 2), "PK") << "an .xlsx is a zip archive";

  auto rows = server_->store().db().Query(
      "SELECT json_extract(data, '$.actor'), json_extract(data, '$.detail.findings') "
      "FROM ledger_entry WHERE json_extract(data, '$.type') = 'compliance.exported'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].Text(0).find("auditor1"), std::string::npos);
  EXPECT_GE((*rows)[0].Int(1), 1);
}

TEST_F(ApiReportsTest, CopyForAPartyLeavesSecretsOutAndIsDelivered) {
  int64_t id = OpenCase("教罚〔2026〕71号");
  std::string open_sha = Ingest("ordinary transcript");
  int64_t open_text = AddText(id, open_sha, "ordinary");
  int64_t secret_text = AddText(id, Ingest("trade secret"), "commercial_secret");
  Json request = {
      {"party", "某培训学校"},
      {"purpose", "申请行政复议"},
      {"items", {{{"kind", "text"}, {"id", open_text}}, {{"kind", "text"}, {"id", secret_text}}}}};
  int64_t rid =
      Expect(As("officer1").PostJson(CasePath(id) + "/copy-requests", request), 201)["id"];
  std::string r = "/api/copy-requests/" + std::to_string(rid);

  // The principal leader sees it waiting, on the list and on the workbench, and approves it.
  Json pending = Expect(As("leader1").Get("/api/copy-requests/pending"), 200);
  ASSERT_EQ(pending["copy_requests"].size(), 1u);
  EXPECT_EQ(pending["copy_requests"][0]["case_number"], "教罚〔2026〕71号");
  Json work = Expect(As("leader1").Get("/api/workbench"), 200)["items"];
  ASSERT_FALSE(work.empty());
  EXPECT_EQ(work[0]["kind"], "copy_request");
  Expect(As("officer1").PostJson(r + "/produce", Json::object()), 409);
  Expect(As("leader1").PostJson(r + "/decide", {{"approve", true}, {"note", "同意"}}), 200);

  Json set = Expect(As("officer1").PostJson(r + "/produce", Json::object()), 200);
  ASSERT_EQ(set["included"].size(), 1u);
  EXPECT_EQ(set["included"][0]["files"][0]["sha256"], open_sha);
  ASSERT_EQ(set["excluded"].size(), 1u);
  EXPECT_EQ(set["excluded"][0]["title"], "");
  EXPECT_TRUE(set["excluded"][0]["files"].empty());
  Expect(As("officer1").PostJson(r + "/deliver", {{"received_by", "张某"}}), 200);
  Json done = Expect(As("head1").Get(r), 200);
  EXPECT_EQ(done["state"], "delivered");
  EXPECT_EQ(done["received_by"], "张某");
  EXPECT_FALSE(done["delivered_at_display"].is_null());
}

TEST_F(ApiReportsTest, ExpiredCaseIsDisposedWithItsOriginals) {
  int64_t id = OpenCase("教罚〔2026〕81号", "10y");
  std::string sha = Ingest("an original kept ten years");
  AddText(id, sha, "ordinary");
  Expect(As("officer1").PostJson(CasePath(id) + "/end", Json::object()), 200);
  Expect(As("archivist1").PostJson(CasePath(id) + "/disposals", {{"reason", "期满"}}), 409);

  Advance(int64_t{11} * 366 * 24 * kHour);
  SignInAgain();
  Json proposed =
      Expect(As("archivist1").PostJson(CasePath(id) + "/disposals", {{"reason", "期满鉴定"}}), 201);
  std::string d = "/api/disposals/" + std::to_string(proposed["id"].get<int64_t>());
  Json work = Expect(As("leader1").Get("/api/workbench"), 200)["items"];
  ASSERT_FALSE(work.empty());
  EXPECT_EQ(work[0]["kind"], "disposal");
  Expect(As("leader1").PostJson(d + "/decide", {{"approve", true}, {"reason", "同意销毁"}}), 200);
  Expect(As("archivist1").PostJson(d + "/execute", Json::object()), 200);

  std::filesystem::path blob =
      std::filesystem::path(server_->dir()) / "blobs" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  EXPECT_FALSE(std::filesystem::exists(blob));
  Json retention = Expect(As("head1").Get(CasePath(id) + "/retention"), 200);
  EXPECT_EQ(retention["disposals"][0]["state"], "executed");
  EXPECT_FALSE(Expect(As("head1").Get(CasePath(id)), 200)["case"]["disposed_at"].is_null());
  Expect(As("archivist1").PostJson(d + "/execute", Json::object()), 409);
}

TEST_F(ApiReportsTest, LongTermKeepingAndRetentionChangesAreKeptInHistory) {
  int64_t id = OpenCase("教罚〔2026〕91号", "10y");
  std::string r = CasePath(id) + "/retention";
  Expect(
      As("officer1").PostJson(r + "/long-term", {{"trigger", "R14.2"}, {"reason", "当事人阻挠"}}),
      200);
  Expect(As("officer1").PostJson(r + "/long-term", {{"trigger", "R15"}, {"reason", "x"}}), 400);
  Expect(As("officer1").Send(http::verb::put, r, {{"retention", "permanent"}, {"reason", "重大"}}),
         200);
  Expect(As("officer1").Send(http::verb::put, r, {{"retention", "10y"}, {"reason", "缩短"}}), 403);

  Json view = Expect(As("head1").Get(r), 200);
  EXPECT_EQ(view["retention"], "permanent");
  EXPECT_EQ(view["retention_zh"], "永久");
  EXPECT_TRUE(view["long_term"].get<bool>());
  EXPECT_TRUE(view["kept_forever"].get<bool>());
  EXPECT_TRUE(view["expires_at"].is_null());
  ASSERT_EQ(view["history"].size(), 2u);
  EXPECT_EQ(view["history"][0]["trigger"], "R14.2");
  EXPECT_EQ(view["history"][1]["to"], "permanent");
}

}  // namespace
}  // namespace fullrecord::testing
