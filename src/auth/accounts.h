// Accounts and sessions: who may sign in, with which password, and how long a signed-in session
// lasts (等保 2.0 level 3: identification and authentication, handling of failed logins, idle
// time-out; 三员分立: only the security administrator manages accounts). No HTTP here: the server
// turns these results into cookies and status codes.
//
// Every attempt, allowed or refused, is a ledger event ("auth.*"), with the peer address where
// there is one. No password, password hash or session token is ever written to the ledger; the
// store keeps only Argon2id hashes of passwords and SHA-256 digests of session tokens.
//
// Thread safety: as the Context's database — one AccountService per connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password.h"
#include "services/context.h"

namespace fullrecord::auth {

constexpr UnixMicros kMicrosPerSecond = 1000 * 1000;
constexpr UnixMicros kMicrosPerMinute = 60 * kMicrosPerSecond;

// Thresholds; tests shorten or cheapen them.
struct AccountOptions {
  HashParams hash;
  int max_failures = 5;                                  // consecutive failures that lock
  UnixMicros lock_us = 10 * kMicrosPerMinute;            // how long a lock lasts
  UnixMicros idle_us = 30 * kMicrosPerMinute;            // a session unused this long ends
  UnixMicros touch_interval_us = 60 * kMicrosPerSecond;  // last_seen is written at most this often
};

struct LoginResult {
  std::string token;         // the session token for the cookie; the store keeps only its SHA-256
  std::string csrf;          // to be echoed by the browser in a request header
  bool must_change = false;  // the server allows nothing but a password change until it is done
  services::Actor actor;
};

struct SessionInfo {
  services::Actor actor;
  std::string csrf;
  bool must_change = false;
  bool secure = false;  // signed in over HTTPS
  UnixMicros created_us = 0;
};

// An account as the security administrator sees it: no hash.
struct AccountInfo {
  std::string person;
  bool active = true;  // the person's own flag (bureau)
  bool must_change = false;
  int failed_count = 0;
  std::optional<UnixMicros> locked_until_us;  // set while (or since) locked
  UnixMicros changed_us = 0;
  int sessions = 0;
};

class AccountService {
 public:
  // `ctx` must outlive the service. The store must hold the auth tables (schema.h).
  explicit AccountService(services::Context& ctx, AccountOptions options = {})
      : ctx_(ctx), options_(options) {}

  // First start of a store without any account: makes (or completes) the person "secadmin"
  // (安全管理员, no section) with the security administrator role, acting as console
  // "bootstrap", and gives it an account with a random 16-character password that must be
  // changed at first login. Returns that password, which is stored nowhere in clear: the caller
  // shows it once. FailedPrecondition when any account exists (or when "secadmin" holds another
  // role, 三员分立).
  Result<std::string> Bootstrap();

  // The security administrator sets `person`'s password, creating the account if the person
  // has none; the person must change it at next login and their sessions end. Refused
  // (PermissionDenied, logged) for anyone else, and for the administrator's own account, which
  // changes through ChangeOwnPassword. NotFound for an unknown person; InvalidArgument when the
  // password fails the policy.
  Status SetPassword(const services::Actor& actor, const std::string& person,
                     const std::string& new_password);

  // Signs `person` in. `secure`: the request came over HTTPS; `peer`: the client's address, for
  // the ledger. Refusals are PermissionDenied: while the account is locked, "locked until HH:MM"
  // (Beijing time) without looking at the password; otherwise the same message and about the
  // same time for an unknown person, a wrong password and a deactivated person. After
  // `max_failures` consecutive wrong passwords the account locks for `lock_us`; failures during
  // a lock are not counted; a success clears the count.
  Result<LoginResult> Login(const std::string& person, const std::string& password, bool secure,
                            const std::string& peer);

  // The signed-in person changes their own password: `old_password` must be right (otherwise
  // PermissionDenied, logged), the new one must pass the policy (InvalidArgument) and differ
  // from the old one. Clears must_change and ends the person's other sessions. NotFound when the
  // session is unknown or expired.
  Status ChangeOwnPassword(const std::string& token, const std::string& old_password,
                           const std::string& new_password);

  // The session of `token` at `now`, with the person's current roles. NotFound ("session
  // expired") when it was idle for longer than `idle_us` (the session is then ended and the end
  // logged) or the person is no longer active; NotFound when there is no such session. Marks the
  // session used, writing at most once per `touch_interval_us`.
  Result<SessionInfo> Authenticate(const std::string& token, UnixMicros now);

  // Ok when `header_value` equals the session's CSRF token (compared in constant time);
  // PermissionDenied otherwise, logged as "auth.csrf" refused.
  Status CheckCsrf(const SessionInfo& session, std::string_view header_value);

  // Ends the session of `token` (logged). NotFound when there is no such session.
  Status Logout(const std::string& token);

  // Ends every session of `person` (after a password reset or deactivation); logged with the
  // number ended, as actor "system". Ok when there were none.
  Status EndSessionsOf(const std::string& person);

  // Every account, ordered by person, for the security administrator only (PermissionDenied,
  // logged, for anyone else).
  Result<std::vector<AccountInfo>> List(const services::Actor& actor);

 private:
  Status RequireSecAdmin(const services::Actor& actor, const char* type, const Json& detail);
  // Counts a wrong password against `person`, locking the account at `max_failures`, records
  // `type` refused and returns `answer`.
  Status CountFailure(const std::string& person, const std::string& type, Json detail,
                      const Status& answer);
  Result<LoginResult> OpenSession(services::Actor actor, bool must_change, bool secure,
                                  Json detail);
  // Creates or replaces `person`'s account with `hash`, clearing failures and any lock. Runs
  // inside the caller's transaction.
  Status StorePassword(const std::string& person, const std::string& hash, bool must_change);
  Status EndSession(const Bytes& digest, const std::string& actor, const std::string& type,
                    Json detail);

  services::Context& ctx_;
  AccountOptions options_;
};

}  // namespace fullrecord::auth
