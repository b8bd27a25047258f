// Refusals are told in Chinese. The people of the bureau read Chinese only (the web UI is zh-CN
// first, shared/DESIGN.md), and the UI shows an error's `message` as the server sends it; the
// English reason goes in `message_en`, for logs and tests. This guards the README's former known
// limitation "some refusals of bad input carry the service's English reason inside the Chinese
// message": each refusal a person meets through the web UI must read as Chinese after the
// category, with no English word in it except what the person typed.
#include <set>
#include <string>
#include <vector>

#include "api/flow_fixture.h"

namespace fullrecord::testing {
namespace {

// Whether `text` holds a CJK unified ideograph (U+4E00–U+9FFF, three bytes in UTF-8).
bool HasCjk(const std::string& text) {
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

// The runs of three or more ASCII letters in `text`, once the values the test sent are removed.
// "JSON" is the one format name a message may use as Chinese software does ("请求内容不是有效的
// JSON 对象"); no other English word is allowed.
std::vector<std::string> EnglishWords(std::string text, std::vector<std::string> sent) {
  sent.push_back("JSON");
  for (const auto& value : sent) {
    for (size_t at = text.find(value); !value.empty() && at != std::string::npos;
         at = text.find(value)) {
      text.replace(at, value.size(), " ");
    }
  }
  std::vector<std::string> words;
  std::string run;
  for (char ch : text + " ") {
    bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    if (letter) {
      run += ch;
      continue;
    }
    if (run.size() >= 3) words.push_back(run);
    run.clear();
  }
  return words;
}

class ApiMessagesTest : public ApiFlowTest {
 protected:
  // Checks that `r` is a refusal with `status` whose `message` is Chinese: a CJK character after
  // the category's "：" (or anywhere, for answers without a category), and no English word
  // except the values in `sent`. `message_en` stays English.
  void ExpectChinese(const std::string& what, const Response& r, std::set<unsigned> statuses,
                     const std::vector<std::string>& sent = {}) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(statuses.count(r.status)) << r.status << " " << r.body;
    Json j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    ASSERT_TRUE(j.contains("message") && j["message"].is_string()) << r.body;
    std::string message = j["message"].get<std::string>();
    size_t colon = message.find("：");
    std::string reason = colon == std::string::npos ? message : message.substr(colon + 3);
    EXPECT_TRUE(HasCjk(reason)) << "no Chinese reason: " << message;
    std::vector<std::string> words = EnglishWords(message, sent);
    EXPECT_TRUE(words.empty()) << "English in \"" << message << "\": " << words.front();
    if (j.contains("message_en")) {
      std::string en = j["message_en"].get<std::string>();
      EXPECT_FALSE(EnglishWords(en, {}).empty()) << r.body;
    }
    seen_.insert(what);
  }

  std::set<std::string> seen_;
};

TEST_F(ApiMessagesTest, RefusalsAPersonMeetsAreToldInChinese) {
  int64_t id = OpenCase("教罚〔2026〕51号");
  std::string c = CasePath(id);
  Client& officer = As("officer1");

  // Request bodies and paths.
  ExpectChinese("body is not JSON",
                officer.Request(http::verb::post, "/api/cases", "{\"number\": ",
                                {{"Content-Type", "application/json"}}),
                {400});
  ExpectChinese("id in the path is not a number", officer.Get("/api/cases/abc"), {400}, {"abc"});
  ExpectChinese("case without its number",
                officer.PostJson("/api/cases", {{"title", "无编号案件"}, {"kind", "penalty"}}),
                {400});
  ExpectChinese("time not in RFC 3339",
                officer.Send(http::verb::put, c + "/onsite",
                             {{"start", "yesterday"}, {"end", "2026-03-02T10:00:00+08:00"}}),
                {400}, {"yesterday"});
  ExpectChinese("a path that does not exist", officer.Get("/api/nothing-here"), {404});

  // Stages.
  ExpectChinese("going back a stage without a reason",
                officer.PostJson(c + "/stages/back", {{"to", "start"}}), {400});
  ExpectChinese("skipping stages",
                officer.PostJson(c + "/stages/advance", {{"to", "execution"}, {"reason", "跳过"}}),
                {409});

  // Who may do what.
  Json secret = Expect(officer.PostJson("/api/cases", {{"number", "教罚〔2026〕52号"},
                                                       {"title", "商业秘密案件"},
                                                       {"kind", "penalty"},
                                                       {"section", "s1"},
                                                       {"classification", "commercial_secret"}}),
                       201);
  Client officer2(server_->port());
  ASSERT_EQ(officer2.Login("officer2").status, 200u);
  ExpectChinese("an officer opening someone else's secret case",
                officer2.Get(CasePath(secret.value("id", int64_t{0}))), {403, 404});
  ExpectChinese("a role refused a route", As("auditor1").Get("/api/system/status"), {403});
  ExpectChinese("an officer reading the ledger", officer.Get("/api/ledger/entries"), {403});

  // Signing in and passwords.
  Client stranger(server_->port());
  ExpectChinese("wrong password", stranger.Login("officer1", "Wrong#Password-2026"), {401});
  ExpectChinese("weak new password",
                officer2.PostJson("/api/auth/password", {{"old_password", TestServer::kPassword},
                                                         {"new_password", "short"}}),
                {400}, {"short"});
  ExpectChinese("wrong old password",
                officer2.PostJson("/api/auth/password", {{"old_password", "Not#The-Old-One9"},
                                                         {"new_password", "Zhifa#2027-record"}}),
                {403});
  Client forgetful(server_->port());
  ASSERT_EQ(forgetful.Login("head1").status, 200u);
  forgetful.ForgetCsrf();
  ExpectChinese("a change without the CSRF token",
                forgetful.PostJson(c + "/officers", {{"person", "officer2"}}), {403});

  // Uploads, copies, discs and devices.
  ExpectChinese("unknown upload", officer.Get("/api/uploads/0123456789abcdef0123456789abcdef"),
                {404}, {"0123456789abcdef0123456789abcdef"});
  ExpectChinese("copy request without its purpose",
                officer.PostJson(c + "/copy-requests", {{"party", "某培训学校"}, {"all", true}}),
                {400});
  ExpectChinese("unknown disc set", officer.Get("/api/disc-sets/999"), {404});
  ExpectChinese("unknown device", officer.Get("/api/devices/NOPE-9/assignments"), {404},
                {"NOPE"});

  EXPECT_GE(seen_.size(), 10u);
}

}  // namespace
}  // namespace fullrecord::testing
