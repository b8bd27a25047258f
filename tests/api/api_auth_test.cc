// Signing in and staying signed in over HTTP: the session cookie, refusals that do not tell an
// unknown user from a wrong password, the lock after five failures, the idle time-out, CSRF on
// every change, and the first start, when the security administrator must change the password
// before anything else. The services' clock is the test's (ApiOptions::clock).
#include <gtest/gtest.h>

#include <atomic>

#include "api/harness.h"
#include "auth/accounts.h"

namespace fullrecord::testing {
namespace {

using services::Role;

constexpr UnixMicros kMinute = 60'000'000;

class ApiAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = NowMicros();
    server_ = std::make_unique<TestServer>(
        [this](api::ApiOptions& o) { o.clock = [this] { return now_.load(); }; });
    server_->AddSection("s1", "执法一科");
    server_->AddUser("officer1", "s1", {Role::kOfficer});
    server_->AddUser("secadmin1", "", {Role::kSecAdmin});
  }

  void Advance(UnixMicros us) { now_ += us; }

  std::atomic<UnixMicros> now_{0};
  std::unique_ptr<TestServer> server_;
};

TEST_F(ApiAuthTest, LoginSetsHttpOnlyCookieAndMeAnswers) {
  Client c(server_->port());
  Response r = c.Login("officer1");
  ASSERT_EQ(r.status, 200u) << r.body;
  const std::string& cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("fr_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  Json j = r.json();
  EXPECT_EQ(j["id"], "officer1");
  EXPECT_FALSE(j["must_change"].get<bool>());

  // The token travels in the cookie only, never in a body.
  std::string token = c.cookie().substr(c.cookie().find('=') + 1);
  EXPECT_EQ(r.body.find(token), std::string::npos);
  Response me = c.Get("/api/auth/me");
  ASSERT_EQ(me.status, 200u);
  EXPECT_EQ(me.json()["id"], "officer1");
  EXPECT_EQ(me.body.find(token), std::string::npos);
}

TEST_F(ApiAuthTest, WrongPasswordAndUnknownUserAnswerAlike) {
  Client c(server_->port());
  Response wrong = c.Login("officer1", "Wrong#2026-password");
  Response unknown = c.Login("nobody", "Wrong#2026-password");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(wrong.status, unknown.status);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);
  EXPECT_EQ(c.Get("/api/auth/me").status, 401u);
}

TEST_F(ApiAuthTest, FiveFailuresLockTheAccountForTenMinutes) {
  Client c(server_->port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login("officer1", "Wrong#2026-password").status, 401u);

  // Locked: the right password is refused too, until ten minutes have passed.
  Response locked = c.Login("officer1");
  EXPECT_EQ(locked.status, 401u);
  EXPECT_EQ(locked.json()["code"], "account_locked") << locked.body;
  Advance(9 * kMinute);
  EXPECT_EQ(c.Login("officer1").status, 401u);
  Advance(kMinute + 1'000'000);
  EXPECT_EQ(c.Login("officer1").status, 200u);
}

TEST_F(ApiAuthTest, FourFailuresThenSuccessClearTheCount) {
  Client c(server_->port());
  for (int i = 0; i < 4; ++i) c.Login("officer1", "Wrong#2026-password");
  EXPECT_EQ(c.Login("officer1").status, 200u);
  for (int i = 0; i < 4; ++i) c.Login("officer1", "Wrong#2026-password");
  EXPECT_EQ(c.Login("officer1").status, 200u);
}

TEST_F(ApiAuthTest, SessionEndsAfterThirtyIdleMinutes) {
  Client c(server_->port());
  ASSERT_EQ(c.Login("officer1").status, 200u);
  Advance(29 * kMinute);
  EXPECT_EQ(c.Get("/api/auth/me").status, 200u);  // used: the idle time starts again
  Advance(29 * kMinute);
  EXPECT_EQ(c.Get("/api/auth/me").status, 200u);
  Advance(31 * kMinute);
  Response r = c.Get("/api/auth/me");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(r.json()["code"], "unauthenticated");
  Advance(-31 * kMinute);  // the session stays ended
  EXPECT_EQ(c.Get("/api/auth/me").status, 401u);
}

TEST_F(ApiAuthTest, ChangeWithoutCsrfTokenIsRefusedAndChangesNothing) {
  Client c(server_->port());
  ASSERT_EQ(c.Login("secadmin1").status, 200u);
  c.ForgetCsrf();
  Json section = {{"code", "s9"}, {"name", "第九科"}};
  Response r = c.PostJson("/api/sections", section);
  EXPECT_EQ(r.status, 403u) << r.body;
  Response forged = c.Request(http::verb::post, "/api/sections", section.dump(),
                              {{"Content-Type", "application/json"}, {"X-CSRF-Token", "forged"}});
  EXPECT_EQ(forged.status, 403u);
  Response sections = c.Get("/api/sections");
  ASSERT_EQ(sections.status, 200u);
  EXPECT_EQ(sections.body.find("s9"), std::string::npos);

  // With the token it goes through.
  Client good(server_->port());
  ASSERT_EQ(good.Login("secadmin1").status, 200u);
  EXPECT_EQ(good.PostJson("/api/sections", section).status, 200u);
}

TEST_F(ApiAuthTest, FirstStartSecAdminMustChangePasswordBeforeAnythingElse) {
  TestServer fresh;
  auto password = auth::AccountService(fresh.store().services()).Bootstrap();
  ASSERT_TRUE(password.ok()) << password.status().ToString();

  Client c(fresh.port());
  Response login = c.Login("secadmin", *password);
  ASSERT_EQ(login.status, 200u) << login.body;
  EXPECT_TRUE(login.json()["must_change"].get<bool>());
  Response blocked = c.Get("/api/people");
  EXPECT_EQ(blocked.status, 403u);
  EXPECT_EQ(blocked.json()["code"], "password_change_required");
  EXPECT_EQ(c.PostJson("/api/sections", {{"code", "s1"}, {"name", "一科"}}).status, 403u);
  EXPECT_EQ(c.Get("/api/auth/me").status, 200u);

  const std::string chosen = "Anquan#2026-admin";
  Response changed =
      c.PostJson("/api/auth/password", {{"old_password", *password}, {"new_password", chosen}});
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(c.Get("/api/people").status, 200u);
  Client again(fresh.port());
  Response relogin = again.Login("secadmin", chosen);
  ASSERT_EQ(relogin.status, 200u);
  EXPECT_FALSE(relogin.json()["must_change"].get<bool>());
}

TEST_F(ApiAuthTest, LogoutEndsTheSession) {
  Client c(server_->port());
  ASSERT_EQ(c.Login("officer1").status, 200u);
  EXPECT_EQ(c.PostJson("/api/auth/logout", Json::object()).status, 200u);
  EXPECT_EQ(c.Get("/api/auth/me").status, 401u);
}

}  // namespace
}  // namespace fullrecord::testing
