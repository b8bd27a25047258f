// Signing in and out, and the life of a session.
#include "auth/accounts.h"
#include "auth/internal.h"
#include "auth/secrets.h"

namespace fullrecord::auth {
namespace {

using internal::LedgerText;
using internal::Record;
using internal::RecordRefusal;

constexpr size_t kTokenBytes = 32;

Status WrongCredentials() {
  return Status::PermissionDenied("用户名或密码错误 / wrong user name or password", "用户名或密码错误");
}

Status NoSession() {
  return Status::NotFound("会话不存在 / no such session", "会话不存在，请重新登录");
}
Status SessionExpired() {
  return Status::NotFound("会话已过期 / session expired", "会话已过期，请重新登录");
}

// What the ledger shows of a session: a prefix of its token's digest, enough to follow one
// session from login to logout and useless to sign in with.
std::string SessionLabel(const Bytes& digest) {
  return ToHex(digest).substr(0, 16);
}

std::string UserName(const std::string& person) {
  return "user:" + LedgerText(person);
}

}  // namespace

Result<LoginResult> AccountService::Login(const std::string& person, const std::string& password,
                                          bool secure, const std::string& peer) {
  constexpr const char* kType = "auth.login";
  Json detail = {{"person", LedgerText(person)}, {"peer", LedgerText(peer)}, {"secure", secure}};
  FR_ASSIGN_OR_RETURN(auto account, internal::ReadAccount(ctx_.db, person));

  // A locked account answers without the password being looked at; the attempt does not count.
  if (account && account->LockedAt(ctx_.now())) {
    detail["locked_until"] = FormatUtc(*account->locked_until_us);
    return RecordRefusal(ctx_, UserName(person), kType, detail, "locked",
                         internal::LockedAnswer(*account->locked_until_us));
  }

  // An unknown person is checked against a dummy hash of the same cost, so that both refusals
  // take as long and read alike.
  Status match =
      VerifyPassword(account ? account->password_hash : DummyHash(options_.hash), password);
  if (!account) {
    return RecordRefusal(ctx_, "anonymous", kType, detail, "unknown person", WrongCredentials());
  }
  if (match.code() == Status::Code::kPermissionDenied) {
    return CountFailure(person, kType, detail, WrongCredentials());
  }
  if (!match.ok()) {
    return RecordRefusal(ctx_, UserName(person), kType, detail, match.ToString(), match);
  }

  auto actor = services::LoadActor(ctx_, person);
  if (!actor.ok()) {
    return RecordRefusal(ctx_, UserName(person), kType, detail, "person not active",
                         WrongCredentials());
  }
  detail["must_change"] = account->must_change;
  return OpenSession(std::move(actor).value(), account->must_change, secure, detail);
}

Status AccountService::CountFailure(const std::string& person, const std::string& type, Json detail,
                                    const Status& answer) {
  UnixMicros now = ctx_.now();
  return RecordRefusal(
      ctx_, UserName(person), type, std::move(detail), "wrong password", answer, [&](Json& d) {
        // Read inside the write transaction so concurrent failures are all counted.
        FR_ASSIGN_OR_RETURN(auto account, internal::ReadAccount(ctx_.db, person));
        if (!account) return Status::NotFound("account of " + person + " vanished");
        int failures = account->failed_count + 1;
        store::Value locked_until;
        if (failures >= options_.max_failures) {
          locked_until = now + options_.lock_us;
          d["locked_until"] = FormatUtc(now + options_.lock_us);
          failures = 0;  // the next round of attempts starts afresh when the lock ends
        }
        d["failures"] = account->failed_count + 1;
        return ctx_.db.Exec(
            "UPDATE account SET failed_count = ?, locked_until_us = ? WHERE person = ?",
            {int64_t{failures}, locked_until, person});
      });
}

Result<LoginResult> AccountService::OpenSession(services::Actor actor, bool must_change,
                                                bool secure, Json detail) {
  UnixMicros now = ctx_.now();
  std::string token = RandomToken(kTokenBytes);
  Bytes digest = TokenDigest(token);
  LoginResult result{token, RandomToken(kTokenBytes), must_change, std::move(actor)};
  detail["session"] = SessionLabel(digest);

  FR_RETURN_IF_ERROR(
      Record(ctx_, result.actor.LedgerName(), "auth.login", "ok", detail, [&](Json&) {
        FR_RETURN_IF_ERROR(ctx_.db.Exec(
            "UPDATE account SET failed_count = 0, locked_until_us = NULL WHERE person = ?",
            {result.actor.id}));
        return ctx_.db.Exec(
            "INSERT INTO session (token_hash, person, csrf, created_us, last_seen_us, secure) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {digest, result.actor.id, result.csrf, now, now, int64_t{secure}});
      }));
  return result;
}

Result<SessionInfo> AccountService::Authenticate(const std::string& token, UnixMicros now) {
  Bytes digest = TokenDigest(token);
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "SELECT s.person, s.csrf, s.created_us, s.last_seen_us, s.secure, a.must_change "
          "FROM session s JOIN account a ON a.person = s.person WHERE s.token_hash = ?",
          {digest}));
  if (rows.empty()) return NoSession();
  const store::Row& r = rows[0];
  std::string person = r.Text(0);
  UnixMicros last_seen = r.Int(3);
  Json detail = {{"person", person}, {"session", SessionLabel(digest)}};

  // An idle session, or one whose person left, ends here.
  if (last_seen < now - options_.idle_us) {
    detail["reason"] = "idle";
    FR_RETURN_IF_ERROR(EndSession(digest, "system", "auth.session.ended", detail));
    return SessionExpired();
  }
  auto actor = services::LoadActor(ctx_, person);
  if (!actor.ok()) {
    detail["reason"] = "person not active";
    FR_RETURN_IF_ERROR(EndSession(digest, "system", "auth.session.ended", detail));
    return SessionExpired();
  }

  if (now - last_seen >= options_.touch_interval_us) {
    FR_RETURN_IF_ERROR(
        ctx_.db.Exec("UPDATE session SET last_seen_us = ? WHERE token_hash = ?", {now, digest}));
  }
  return SessionInfo{std::move(actor).value(), r.Text(1), r.Int(5) != 0, r.Int(4) != 0, r.Int(2)};
}

Status AccountService::CheckCsrf(const SessionInfo& session, std::string_view header_value) {
  if (!header_value.empty() && ConstantTimeEquals(session.csrf, header_value)) {
    return Status::Ok();
  }
  Json detail = {{"person", session.actor.id}, {"header_present", !header_value.empty()}};
  return RecordRefusal(ctx_, session.actor.LedgerName(), "auth.csrf", detail, "csrf mismatch",
                       Status::PermissionDenied("CSRF 校验失败 / CSRF token missing or wrong",
                                                "请求校验失败，请刷新页面后重试"));
}

Status AccountService::Logout(const std::string& token) {
  Bytes digest = TokenDigest(token);
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query("SELECT person FROM session WHERE token_hash = ?", {digest}));
  if (rows.empty()) return NoSession();
  std::string person = rows[0].Text(0);
  Json detail = {{"person", person}, {"session", SessionLabel(digest)}};
  return EndSession(digest, "user:" + person, "auth.logout", detail);
}

Status AccountService::EndSession(const Bytes& digest, const std::string& actor,
                                  const std::string& type, Json detail) {
  return Record(ctx_, actor, type, "ok", std::move(detail), [&](Json&) {
    return ctx_.db.Exec("DELETE FROM session WHERE token_hash = ?", {digest});
  });
}

Status AccountService::EndSessionsOf(const std::string& person) {
  Json detail = {{"person", LedgerText(person)}};
  return Record(ctx_, "system", "auth.sessions.ended", "ok", detail, [&](Json& d) {
    FR_ASSIGN_OR_RETURN(
        int64_t n,
        internal::CountRows(ctx_.db, "SELECT count(*) FROM session WHERE person = ?", {person}));
    d["count"] = n;
    return ctx_.db.Exec("DELETE FROM session WHERE person = ?", {person});
  });
}

}  // namespace fullrecord::auth
