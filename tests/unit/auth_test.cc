// Accounts and sessions (等保 2.0 identification and authentication; 三员分立).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "app/store.h"
#include "auth/accounts.h"
#include "auth/schema.h"
#include "auth/secrets.h"
#include "services/bureau.h"
#include "util/temp_dir.h"

namespace fullrecord::auth {
namespace {

using fullrecord::testing::ReadFile;
using fullrecord::testing::TempDir;
using services::Actor;
using services::Role;

constexpr const char* kWrong = "用户名或密码错误 / wrong user name or password";
constexpr const char* kLiPassword = "Quick-Brown-42";
constexpr const char* kNewPassword = "Lazy.Dog.2027";

UnixMicros At(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// True when `sql` holds nothing but blanks and "--" comments.
bool OnlyComments(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "--") == 0) {
      i = sql.find('\n', i);
      if (i == std::string::npos) return true;
    } else if (!std::isspace(static_cast<unsigned char>(sql[i]))) {
      return false;
    }
    ++i;
  }
  return true;
}

// Runs src/auth/schema.sql one statement at a time (the interface runs single statements).
Status RunAuthSchema(store::Database& db) {
  std::string sql = AuthSchemaSql();
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = std::min(sql.find(';', start), sql.size());
    std::string statement = sql.substr(start, end - start);
    start = end + 1;
    if (!OnlyComments(statement)) FR_RETURN_IF_ERROR(db.Exec(statement));
  }
  return Status::Ok();
}

// Creates the auth tables unless the store's own schema already holds them.
Status ApplyAuthSchema(store::Database& db) {
  FR_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT count(*) FROM sqlite_schema WHERE type = "
                                          "'table' AND name IN ('account', 'session')"));
  return rows[0].Int(0) == 2 ? Status::Ok() : RunAuthSchema(db);
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ctx().now = [this] { return now_; };
    Status schema = ApplyAuthSchema(ctx().db);
    ASSERT_TRUE(schema.ok()) << schema.ToString();

    ASSERT_TRUE(bureau().AddSection(console_, {"zf", "执法科"}).ok());
    AddPerson("li", "zf", Role::kOfficer);
    AddPerson("wang", "zf", Role::kOfficer);
    AddPerson("audit", "", Role::kAuditor);
    auto password = accounts().Bootstrap();
    ASSERT_TRUE(password.ok()) << password.status().ToString();
    secadmin_password_ = *password;
  }

  services::Context& ctx() { return store_->services(); }
  services::BureauService bureau() { return services::BureauService(ctx()); }
  AccountService accounts() { return AccountService(ctx(), options_); }
  Actor As(const std::string& id) { return services::LoadActor(ctx(), id).value(); }

  void AddPerson(const std::string& id, const std::string& section, Role role) {
    ASSERT_TRUE(bureau().AddPerson(console_, {id, id + "名", section, "", "", true, {}}).ok());
    ASSERT_TRUE(bureau().GrantRole(console_, id, role).ok());
  }

  // The security administrator gives `person` an account with `password`.
  void GiveAccount(const std::string& person, const std::string& password = kLiPassword) {
    Status s = accounts().SetPassword(As("secadmin"), person, password);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  LoginResult SignIn(const std::string& person, const std::string& password = kLiPassword) {
    auto r = accounts().Login(person, password, true, "10.0.0.7");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : LoginResult{};
  }

  uint64_t LedgerSize() { return *store_->ledger().Size(); }
  Json Event(uint64_t seq) { return Json::parse(store_->ledger().GetEntry(seq)->data); }
  Json LastEvent() { return Event(LedgerSize() - 1); }
  // Every event of `type` from `from` on.
  std::vector<Json> EventsOf(const std::string& type, uint64_t from = 0) {
    std::vector<Json> out;
    for (uint64_t seq = from; seq < LedgerSize(); ++seq) {
      Json e = Event(seq);
      if (e["type"] == type) out.push_back(e);
    }
    return out;
  }
  std::string AllLedgerText() {
    std::string all;
    for (uint64_t seq = 0; seq < LedgerSize(); ++seq) all += store_->ledger().GetEntry(seq)->data;
    return all;
  }

  AccountInfo InfoOf(const std::string& person) {
    std::vector<AccountInfo> all = accounts().List(As("secadmin")).value();
    for (const AccountInfo& a : all) {
      if (a.person == person) return a;
    }
    ADD_FAILURE() << "no account " << person;
    return {};
  }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
  UnixMicros now_ = At("2026-12-03T02:00:00Z");  // 10:00 in Beijing
  Actor console_ = Actor::Console("root");
  AccountOptions options_{{1, 64, 1}};  // cheap hashes; the thresholds are the real ones
  std::string secadmin_password_;
};

TEST_F(AuthTest, BootstrapGivesSecadminAPolicyPasswordThatMustBeChanged) {
  EXPECT_EQ(secadmin_password_.size(), 16u);
  EXPECT_TRUE(CheckPasswordPolicy(secadmin_password_, "secadmin").ok());
  auto person = bureau().GetPerson("secadmin");
  EXPECT_EQ(person->name, "安全管理员");
  EXPECT_EQ(person->section, "");
  EXPECT_EQ(person->roles, std::vector<Role>{Role::kSecAdmin});
  EXPECT_EQ(EventsOf("auth.bootstrap").at(0)["actor"], "console:bootstrap");

  LoginResult r = SignIn("secadmin", secadmin_password_);
  EXPECT_TRUE(r.must_change);
  EXPECT_TRUE(r.actor.Has(Role::kSecAdmin));
}

TEST_F(AuthTest, BootstrapIsRefusedOnceAnyAccountExists) {
  uint64_t before = LedgerSize();
  auto again = accounts().Bootstrap();
  EXPECT_EQ(again.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(LedgerSize(), before);
  EXPECT_EQ(accounts().List(As("secadmin"))->size(), 1u);
}

TEST_F(AuthTest, PolicyListsEveryShortcomingInChineseAndEnglish) {
  Status s = CheckPasswordPolicy("abc", "li");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(s.message(), "少于10个字符")) << s.message();
  EXPECT_TRUE(Contains(s.message(), "shorter than 10 characters"));
  EXPECT_TRUE(Contains(s.message(), "缺少大写字母、数字、符号"));
  EXPECT_TRUE(Contains(s.message(), "missing upper-case letters, digits, symbols"));
  EXPECT_FALSE(Contains(s.message(), "user name"));

  Status with_id = CheckPasswordPolicy("Strong-LI-2026", "li");
  EXPECT_EQ(with_id.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(with_id.message(), "含有用户名 / contains the user name"));
  EXPECT_FALSE(Contains(with_id.message(), "characters"));
}

TEST_F(AuthTest, PolicyAcceptsThreeKindsAndCountsCharactersNotBytes) {
  EXPECT_TRUE(CheckPasswordPolicy("Abcdefgh12", "li").ok());
  EXPECT_TRUE(CheckPasswordPolicy("abcdefg-12", "li").ok());
  EXPECT_TRUE(CheckPasswordPolicy("执法记录全过程留痕A1", "li").ok());
  EXPECT_FALSE(CheckPasswordPolicy("执法记录A1", "li").ok());  // 14 bytes but 6 characters
  EXPECT_FALSE(CheckPasswordPolicy("abcdefghij12", "li").ok());
}

TEST_F(AuthTest, GeneratedPasswordsMeetThePolicyWithoutLookAlikes) {
  for (int i = 0; i < 50; ++i) {
    std::string p = GeneratePassword("secadmin");
    EXPECT_EQ(p.size(), 16u);
    EXPECT_TRUE(CheckPasswordPolicy(p, "secadmin").ok()) << p;
    EXPECT_EQ(p.find_first_of("0O1lIo"), std::string::npos) << p;
  }
}

TEST_F(AuthTest, RightPasswordOpensASessionWithTheRolesOfThePerson) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  EXPECT_EQ(r.token.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_EQ(r.token.find_first_of("+/="), std::string::npos);
  EXPECT_FALSE(r.csrf.empty());
  EXPECT_TRUE(r.must_change);  // set by the administrator

  auto session = accounts().Authenticate(r.token, now_);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->actor.id, "li");
  EXPECT_TRUE(session->actor.Has(Role::kOfficer));
  EXPECT_EQ(session->csrf, r.csrf);
  EXPECT_TRUE(session->must_change);
  EXPECT_TRUE(session->secure);
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserAnswerAlike) {
  GiveAccount("li");
  auto wrong = accounts().Login("li", "Not-The-Password-1", false, "10.0.0.7");
  auto unknown = accounts().Login("nobody", kLiPassword, false, "10.0.0.7");
  auto no_account = accounts().Login("wang", kLiPassword, false, "10.0.0.7");
  for (const auto* r : {&wrong, &unknown, &no_account}) {
    EXPECT_EQ(r->status().code(), Status::Code::kPermissionDenied);
    EXPECT_EQ(r->status().message(), kWrong);
  }
}

TEST_F(AuthTest, UnknownUserIsCheckedAgainstAHashOfTheSameCost) {
  for (HashParams p : {HashParams{}, HashParams{1, 64, 1}, HashParams{3, 4096, 2}}) {
    std::string real = HashPassword("x", p).value();
    std::string dummy = DummyHash(p);
    auto params_of = [](const std::string& h) { return h.substr(0, h.find('$', 15)); };
    EXPECT_EQ(params_of(dummy), params_of(real));
    EXPECT_EQ(dummy.size(), real.size());
    EXPECT_EQ(VerifyPassword(dummy, "x").code(), Status::Code::kPermissionDenied);
  }
}

TEST_F(AuthTest, FiveFailuresLockTheAccountForTenMinutes) {
  GiveAccount("li");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(accounts().Login("li", "Wrong-Password-1", false, "").status().message(), kWrong);
  }
  now_ += 9 * kMicrosPerMinute;
  auto locked = accounts().Login("li", kLiPassword, false, "10.0.0.7");
  EXPECT_EQ(locked.status().code(), Status::Code::kPermissionDenied);
  EXPECT_TRUE(Contains(locked.status().message(), "locked until 10:10"))
      << locked.status().message();
  EXPECT_TRUE(Contains(locked.status().message(), "账户已锁定至 10:10"));

  now_ += 1 * kMicrosPerMinute;
  EXPECT_TRUE(accounts().Login("li", kLiPassword, false, "10.0.0.7").ok());
}

TEST_F(AuthTest, FailuresDuringALockAreNotCounted) {
  GiveAccount("li");
  for (int i = 0; i < 5; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  for (int i = 0; i < 3; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  EXPECT_EQ(InfoOf("li").failed_count, 0);

  // After the lock, four more failures are not yet five.
  now_ += 10 * kMicrosPerMinute;
  for (int i = 0; i < 4; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  EXPECT_EQ(InfoOf("li").failed_count, 4);
  EXPECT_TRUE(accounts().Login("li", kLiPassword, false, "").ok());
}

TEST_F(AuthTest, ASuccessfulLoginClearsTheFailureCount) {
  GiveAccount("li");
  for (int i = 0; i < 4; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  SignIn("li");
  EXPECT_EQ(InfoOf("li").failed_count, 0);
  for (int i = 0; i < 4; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  EXPECT_TRUE(accounts().Login("li", kLiPassword, false, "").ok());
}

TEST_F(AuthTest, SessionIdleForThirtyMinutesEnds) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  auto later = accounts().Authenticate(r.token, now_ + 30 * kMicrosPerMinute + 1);
  EXPECT_TRUE(later.status().IsNotFound());
  EXPECT_EQ(later.status().message(), "会话已过期 / session expired");
  Json ended = LastEvent();
  EXPECT_EQ(ended["type"], "auth.session.ended");
  EXPECT_EQ(ended["detail"]["reason"], "idle");
  EXPECT_TRUE(
      accounts().Authenticate(r.token, now_ + 30 * kMicrosPerMinute + 2).status().IsNotFound());
  EXPECT_EQ(InfoOf("li").sessions, 0);
}

TEST_F(AuthTest, ActivityKeepsTheSessionAlive) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  UnixMicros t = now_;
  for (int i = 0; i < 5; ++i) {
    t += 20 * kMicrosPerMinute;
    ASSERT_TRUE(accounts().Authenticate(r.token, t).ok()) << "after " << (i + 1) * 20 << " min";
  }
  EXPECT_TRUE(accounts().Authenticate(r.token, t + 31 * kMicrosPerMinute).status().IsNotFound());
}

TEST_F(AuthTest, LastSeenIsWrittenAtMostOncePerMinute) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  auto last_seen = [&] {
    return ctx().db.Query("SELECT last_seen_us FROM session WHERE person = 'li'")->at(0).Int(0);
  };
  ASSERT_TRUE(accounts().Authenticate(r.token, now_ + 30 * kMicrosPerSecond).ok());
  EXPECT_EQ(last_seen(), now_);
  ASSERT_TRUE(accounts().Authenticate(r.token, now_ + 61 * kMicrosPerSecond).ok());
  EXPECT_EQ(last_seen(), now_ + 61 * kMicrosPerSecond);
}

TEST_F(AuthTest, CsrfMismatchIsRefusedAndLogged) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  SessionInfo session = accounts().Authenticate(r.token, now_).value();
  EXPECT_TRUE(accounts().CheckCsrf(session, r.csrf).ok());

  std::string tampered = r.csrf;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (const std::string& bad : {tampered, std::string(), r.csrf + "x"}) {
    EXPECT_EQ(accounts().CheckCsrf(session, bad).code(), Status::Code::kPermissionDenied);
    Json e = LastEvent();
    EXPECT_EQ(e["type"], "auth.csrf");
    EXPECT_EQ(e["outcome"], "refused");
    EXPECT_EQ(e["actor"], "user:li");
  }
}

TEST_F(AuthTest, LogoutEndsTheSession) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  ASSERT_TRUE(accounts().Logout(r.token).ok());
  EXPECT_EQ(LastEvent()["type"], "auth.logout");
  EXPECT_TRUE(accounts().Authenticate(r.token, now_).status().IsNotFound());
  EXPECT_TRUE(accounts().Logout(r.token).IsNotFound());
}

TEST_F(AuthTest, OnlyTheSecurityAdministratorResetsOthersPasswords) {
  GiveAccount("li");
  for (const Actor& who : {As("li"), As("audit"), console_}) {
    Status s = accounts().SetPassword(who, "wang", kNewPassword);
    EXPECT_EQ(s.code(), Status::Code::kPermissionDenied) << who.id;
    Json e = LastEvent();
    EXPECT_EQ(e["type"], "auth.password.set");
    EXPECT_EQ(e["outcome"], "refused");
  }
  EXPECT_EQ(accounts().SetPassword(As("secadmin"), "secadmin", kNewPassword).code(),
            Status::Code::kPermissionDenied);
  EXPECT_EQ(accounts().SetPassword(As("secadmin"), "ghost", kNewPassword).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(accounts().SetPassword(As("secadmin"), "wang", "short").code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(accounts().SetPassword(As("secadmin"), "wang", kNewPassword).ok());
  EXPECT_TRUE(accounts().Login("wang", kNewPassword, false, "").ok());
}

TEST_F(AuthTest, AdministratorResetForcesAChangeAndEndsTheSessions) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  ASSERT_TRUE(accounts().ChangeOwnPassword(r.token, kLiPassword, kNewPassword).ok());
  EXPECT_FALSE(accounts().Authenticate(r.token, now_)->must_change);

  GiveAccount("li", "Reset-By-Admin-9");
  EXPECT_EQ(LastEvent()["detail"]["sessions_ended"], 1);
  EXPECT_TRUE(accounts().Authenticate(r.token, now_).status().IsNotFound());
  EXPECT_TRUE(SignIn("li", "Reset-By-Admin-9").must_change);
}

TEST_F(AuthTest, ChangingOwnPasswordNeedsTheOldOneAndClearsMustChange) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  LoginResult other = SignIn("li");

  Status wrong_old = accounts().ChangeOwnPassword(r.token, "Not-The-Old-1", kNewPassword);
  EXPECT_EQ(wrong_old.code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(LastEvent()["outcome"], "refused");
  EXPECT_EQ(accounts().ChangeOwnPassword(r.token, kLiPassword, kLiPassword).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(accounts().ChangeOwnPassword(r.token, kLiPassword, "weak").code(),
            Status::Code::kInvalidArgument);

  ASSERT_TRUE(accounts().ChangeOwnPassword(r.token, kLiPassword, kNewPassword).ok());
  EXPECT_EQ(LastEvent()["type"], "auth.password.changed");
  EXPECT_FALSE(accounts().Authenticate(r.token, now_)->must_change);
  EXPECT_TRUE(accounts().Authenticate(other.token, now_).status().IsNotFound());
  EXPECT_EQ(accounts().Login("li", kLiPassword, false, "").status().message(), kWrong);
  EXPECT_FALSE(SignIn("li", kNewPassword).must_change);
}

TEST_F(AuthTest, WrongOldPasswordsCountTowardTheLock) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  for (int i = 0; i < 5; ++i)
    (void)accounts().ChangeOwnPassword(r.token, "Guess-Number-1", kNewPassword);
  Status s = accounts().ChangeOwnPassword(r.token, kLiPassword, kNewPassword);
  EXPECT_TRUE(Contains(s.message(), "locked until")) << s.message();
  EXPECT_TRUE(
      Contains(accounts().Login("li", kLiPassword, false, "").status().message(), "locked until"));
}

TEST_F(AuthTest, EveryLoginAttemptLandsInTheLedgerWithItsOutcome) {
  GiveAccount("li");
  uint64_t from = LedgerSize();
  SignIn("li");
  (void)accounts().Login("li", "Wrong-Password-1", false, "10.0.0.8");
  (void)accounts().Login("nobody", "Wrong-Password-2", false, "10.0.0.9");
  for (int i = 0; i < 4; ++i) (void)accounts().Login("li", "Wrong-Password-3", false, "10.0.0.8");
  (void)accounts().Login("li", kLiPassword, false, "10.0.0.8");

  std::vector<Json> logins = EventsOf("auth.login", from);
  ASSERT_EQ(logins.size(), 8u);
  EXPECT_EQ(logins[0]["outcome"], "ok");
  EXPECT_EQ(logins[0]["detail"]["peer"], "10.0.0.7");
  EXPECT_EQ(logins[1]["outcome"], "refused");
  EXPECT_EQ(logins[1]["detail"]["reason"], "wrong password");
  EXPECT_EQ(logins[2]["detail"]["reason"], "unknown person");
  EXPECT_EQ(logins[2]["detail"]["person"], "nobody");
  EXPECT_EQ(logins[2]["detail"]["peer"], "10.0.0.9");
  EXPECT_TRUE(logins[6]["detail"].contains("locked_until"));
  EXPECT_EQ(logins[7]["outcome"], "refused");
  EXPECT_EQ(logins[7]["detail"]["reason"], "locked");

  std::string ledger = AllLedgerText();
  for (const char* secret : {kLiPassword, "Wrong-Password-1", "Wrong-Password-2", "$argon2id$"}) {
    EXPECT_FALSE(Contains(ledger, secret)) << secret;
  }
  EXPECT_FALSE(Contains(ledger, secadmin_password_));
}

TEST_F(AuthTest, TheSessionTokenItselfIsNeverStored) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  auto rows = ctx().db.Query("SELECT token_hash, person, csrf FROM session").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Blob(0), TokenDigest(r.token));
  for (const auto& column : rows[0].columns) {
    if (auto* text = std::get_if<std::string>(&column)) {
      EXPECT_FALSE(Contains(*text, r.token));
    }
  }

  // Nor anywhere in the database files or the ledger.
  for (const char* file : {"metadata.db", "metadata.db-wal"}) {
    EXPECT_FALSE(Contains(ReadFile(dir_ / "store/" + file), r.token)) << file;
  }
  EXPECT_FALSE(Contains(AllLedgerText(), r.token));
}

TEST_F(AuthTest, PasswordsAreStoredAsArgon2idHashes) {
  GiveAccount("li");
  auto rows = ctx().db.Query("SELECT password_hash FROM account").value();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) EXPECT_EQ(r.Text(0).rfind("$argon2id$", 0), 0u) << r.Text(0);
  std::string with_defaults = HashPassword(kLiPassword, HashParams{}).value();
  EXPECT_TRUE(Contains(with_defaults, "$argon2id$v=19$m=19456,t=2,p=1$")) << with_defaults;
  EXPECT_TRUE(VerifyPassword(with_defaults, kLiPassword).ok());
}

TEST_F(AuthTest, OnlyTheSecurityAdministratorListsAccountsAndSeesNoHashes) {
  GiveAccount("li");
  for (int i = 0; i < 5; ++i) (void)accounts().Login("li", "Wrong-Password-1", false, "");
  auto list = accounts().List(As("secadmin"));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).person, "li");
  EXPECT_EQ(list->at(0).locked_until_us, now_ + 10 * kMicrosPerMinute);
  EXPECT_TRUE(list->at(1).must_change);

  EXPECT_EQ(accounts().List(As("audit")).status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(LastEvent()["type"], "auth.accounts.listed");
  EXPECT_EQ(LastEvent()["outcome"], "refused");
}

TEST_F(AuthTest, DeactivatedPersonLosesTheSessionAndCannotSignIn) {
  GiveAccount("li");
  LoginResult r = SignIn("li");
  ASSERT_TRUE(bureau().SetActive(As("secadmin"), "li", false).ok());
  EXPECT_TRUE(accounts().Authenticate(r.token, now_).status().IsNotFound());
  EXPECT_EQ(LastEvent()["detail"]["reason"], "person not active");
  EXPECT_EQ(accounts().Login("li", kLiPassword, false, "").status().message(), kWrong);
}

TEST_F(AuthTest, EndSessionsOfEndsEverySessionOfThatPersonOnly) {
  GiveAccount("li");
  LoginResult a = SignIn("li");
  LoginResult b = SignIn("li");
  LoginResult admin = SignIn("secadmin", secadmin_password_);
  ASSERT_TRUE(accounts().EndSessionsOf("li").ok());
  EXPECT_EQ(LastEvent()["detail"]["count"], 2);
  EXPECT_TRUE(accounts().Authenticate(a.token, now_).status().IsNotFound());
  EXPECT_TRUE(accounts().Authenticate(b.token, now_).status().IsNotFound());
  EXPECT_TRUE(accounts().Authenticate(admin.token, now_).ok());
}

TEST_F(AuthTest, UserNamesThatAreNotUtf8AreLoggedAsHex) {
  auto r = accounts().Login("\xff\xfe", "x", false, "\xc0\xaf");
  EXPECT_EQ(r.status().message(), kWrong);
  Json e = LastEvent();
  EXPECT_EQ(e["detail"]["person"], "hex:fffe");
  EXPECT_EQ(e["detail"]["peer"], "hex:c0af");
  EXPECT_EQ(e["actor"], "anonymous");
}

TEST_F(AuthTest, AuthSchemaCanBeAppliedToAStoreThatHasIt) {
  EXPECT_TRUE(ApplyAuthSchema(ctx().db).ok());
  Status again = RunAuthSchema(ctx().db);
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_TRUE(Contains(AuthSchemaSql(), "CREATE TABLE IF NOT EXISTS account"));
  EXPECT_EQ(accounts().List(As("secadmin"))->size(), 1u);
}

}  // namespace
}  // namespace fullrecord::auth
