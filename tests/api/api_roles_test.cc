// The role × route matrix: every route the server has, asked by every role, answers as the
// table (role_table.cc) says, and no refused or hidden answer tells anything of a case the
// caller may not read (R16.1). The separated administrators never read evidence (三员分立).
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <vector>

#include "api/harness.h"
#include "api/role_table.h"
#include "services/records.h"

namespace fullrecord::testing {
namespace {

using D = DemoBureau;

// "{me}" in every string of `j` becomes `login`.
Json WithLogin(Json j, const std::string& login) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    for (size_t p = s.find("{me}"); p != std::string::npos; p = s.find("{me}")) {
      s.replace(p, 4, login);
    }
    return s;
  }
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) v = WithLogin(v, login);
  }
  return j;
}

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Routes that reach a case's content: cases, records, retention, copies.
bool TouchesEvidence(const std::string& pattern) {
  for (const char* p :
       {"/api/cases/{id}", "/api/av-records/{id}", "/api/interruptions/", "/api/disposals/",
        "/api/copy-requests/{id}", "/api/blobs/", "/api/uploads/"}) {
    if (StartsWith(pattern, p)) return true;
  }
  return false;
}

bool IsSeparatedAdmin(Who w) {
  return w == kSysAdmin || w == kSecAdmin || w == kAuditor;
}

class ApiRolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    demo_ = DemoBureau::Build(*server_);
    for (size_t w = 0; w < kWhoCount; ++w) {
      clients_.emplace_back(server_->port());
      Response r = clients_.back().Login(LoginOf(static_cast<Who>(w)));
      ASSERT_EQ(r.status, 200u) << LoginOf(static_cast<Who>(w)) << ": " << r.body;
    }
    upload_ = NewUpload(clients_[kOfficer]);
    upload_to_end_ = NewUpload(clients_[kOfficer]);
  }

  // An unfinished tus upload of five bytes; returns its id.
  static std::string NewUpload(Client& c) {
    Response r = c.Request(http::verb::post, "/api/uploads", "",
                           {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "5"}});
    EXPECT_EQ(r.status, 201u) << r.body;
    std::string location = r.headers["location"];
    return location.substr(location.rfind('/') + 1);
  }

  RoleTable Table() const { return MakeRoleTable(demo_, upload_, upload_to_end_); }

  Response Ask(Who who, const std::string& method, const Probe& probe) {
    http::verb verb = http::string_to_verb(method);
    Client& client = clients_[who];
    if (!probe.headers.empty()) return client.Request(verb, probe.path, probe.raw, probe.headers);
    if (probe.body.is_null()) return client.Request(verb, probe.path);
    return client.Send(verb, probe.path, WithLogin(probe.body, LoginOf(who)));
  }

  // What `who` may not learn from this answer.
  void ExpectNoLeak(Who who, const std::string& pattern, const Response& r) {
    bool ledger = StartsWith(pattern, "/api/ledger/");
    bool report = pattern == "/api/compliance";
    std::vector<const char*> secrets = {D::kCaseTitle, D::kRecordTitle};
    if (!ReadsCase(who)) {
      // The auditor reads the ledger and the report, which name cases and parties.
      if (!(who == kAuditor && ledger)) secrets.push_back(D::kParty);
      if (!(who == kAuditor && (ledger || report))) secrets.push_back(D::kCaseNumber);
    }
    if (ReadsCase(who) && r.status < 400) return;
    for (const char* s : secrets) {
      EXPECT_EQ(r.body.find(s), std::string::npos) << "leaks \"" << s << "\": " << r.body;
    }
  }

  std::unique_ptr<TestServer> server_;
  DemoBureau demo_;
  std::vector<Client> clients_;
  std::string upload_, upload_to_end_;
};

TEST_F(ApiRolesTest, EveryRouteAnswersEveryRoleAsTheTableSays) {
  RoleTable table = Table();
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& route : server_->api().router().routes()) {
    std::string method(http::to_string(route.method));
    auto key = std::make_pair(method, route.pattern);
    seen.insert(key);
    auto row = table.find(key);
    if (row == table.end()) {
      ADD_FAILURE() << "no row in role_table.cc for " << method << " " << route.pattern;
      continue;
    }
    for (size_t w = 0; w < kWhoCount; ++w) {
      Who who = static_cast<Who>(w);
      SCOPED_TRACE(method + " " + row->second.path + " as " + WhoName(who));
      Response r = Ask(who, method, row->second);
      EXPECT_EQ(r.status, row->second.expect[w]) << r.body;
      ExpectNoLeak(who, route.pattern, r);
      if (IsSeparatedAdmin(who) && TouchesEvidence(route.pattern)) {
        EXPECT_GE(r.status, 400u) << "a separated administrator read evidence";
      }
      if (route.pattern == "/api/auth/logout") clients_[w].Login(LoginOf(who));
    }
  }
  for (const auto& [key, probe] : table) {
    EXPECT_TRUE(seen.count(key)) << "row for a route the server lacks: " << key.first << " "
                                 << key.second;
  }
}

TEST_F(ApiRolesTest, HiddenRecordAnswersExactlyLikeMissingOne) {
  const int64_t kMissing = 99999;
  int compared = 0;
  RoleTable table = Table();
  for (const auto& [key, probe] : table) {
    // Uploads are their uploader's alone; api_tus_test covers another person's upload.
    if (!TouchesEvidence(key.second) || StartsWith(key.second, "/api/uploads/")) continue;
    for (Who who : {kOutsider, kSysAdmin, kAuditor}) {
      if (probe.expect[who] != 404) continue;
      SCOPED_TRACE(key.first + " " + probe.path + " as " + WhoName(who));

      // The same request with the path's id replaced by one that does not exist.
      bool blob = key.second.find("{sha256}") != std::string::npos;
      const std::string token = blob ? std::string(64, 'f') : std::to_string(kMissing);
      Probe missing = probe;
      size_t start =
          blob ? missing.path.find(demo_.sha256) : missing.path.find_first_of("0123456789");
      size_t end = missing.path.find('/', start);
      std::string real = missing.path.substr(start, end - start);
      missing.path.replace(start, real.size(), token);

      Response hidden_r = Ask(who, key.first, probe);
      Response missing_r = Ask(who, key.first, missing);
      std::string expected = missing_r.body;
      for (size_t at = expected.find(token); at != std::string::npos;
           at = expected.find(token, at + real.size())) {
        expected.replace(at, token.size(), real);
      }
      EXPECT_EQ(hidden_r.status, missing_r.status);
      EXPECT_EQ(hidden_r.body, expected);
      ++compared;
    }
  }
  EXPECT_GT(compared, 100);
}

TEST_F(ApiRolesTest, ReaderSeesTheWholeCaseInOneAnswer) {
  Response r = clients_[kOfficer].Get("/api/cases/" + std::to_string(demo_.case_id));
  ASSERT_EQ(r.status, 200u) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["case"]["number"], D::kCaseNumber);
  EXPECT_EQ(j["case"]["stage"], "decision");
  EXPECT_EQ(j["case"]["stage_zh"], "审查决定");
  EXPECT_EQ(j["case"]["parties"][0]["name"], D::kParty);
  EXPECT_EQ(j["case"]["officers"].size(), 2u);
  EXPECT_EQ(j["stages"]["history"].size(), 3u);
  EXPECT_EQ(j["text_records"][0]["title"], D::kRecordTitle);
  EXPECT_TRUE(j["text_records"][0]["missing_fields"].is_array());
  EXPECT_TRUE(j["missing_documents"].is_array());
  ASSERT_EQ(j["av_records"].size(), 1u);
  EXPECT_EQ(j["av_records"][0]["segments"].size(), 1u);
  EXPECT_EQ(j["av_records"][0]["gaps"].size(), 1u);  // 09:20 to 09:40 has no file
  EXPECT_EQ(j["av_records"][0]["interruptions"].size(), 1u);
  EXPECT_EQ(j["av_records"][0]["checklist"].size(), services::ChecklistItems().size());
  EXPECT_EQ(j["retention"]["retention"], "30y");
  EXPECT_EQ(j["copy_requests"][0]["state"], "delivered");
  EXPECT_FALSE(j["ledger"].empty());
  for (const auto& e : j["ledger"]) EXPECT_EQ(e["detail"]["case"], demo_.case_id);
  EXPECT_TRUE(j["case"]["created_at"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(j["case"]["created_at_display"].get<std::string>().size(), 16u);
}

}  // namespace
}  // namespace fullrecord::testing
