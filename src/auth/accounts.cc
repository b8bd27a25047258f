// Accounts: the first security administrator, passwords set and changed, the list of accounts.
#include "auth/accounts.h"

#include "auth/internal.h"
#include "auth/secrets.h"
#include "services/bureau.h"

namespace fullrecord::auth {
namespace {

using internal::RecordRefusal;
using services::Actor;
using services::Role;

constexpr const char* kSecAdminId = "secadmin";
constexpr size_t kBootstrapPasswordLength = 16;

// Makes sure the person "secadmin" exists, is active and holds the security administrator role.
Status EnsureSecAdminPerson(services::Context& ctx, const Actor& console) {
  services::BureauService bureau(ctx);
  auto existing = bureau.GetPerson(kSecAdminId);
  if (existing.status().IsNotFound()) {
    services::Person p{kSecAdminId, "安全管理员", "", "", "", true, {}};
    FR_RETURN_IF_ERROR(bureau.AddPerson(console, p));
  } else if (!existing.ok()) {
    return existing.status();
  } else if (!existing->active) {
    FR_RETURN_IF_ERROR(bureau.SetActive(console, kSecAdminId, true));
  }
  return bureau.GrantRole(console, kSecAdminId, Role::kSecAdmin);
}

Status AccountsExist() {
  return Status::FailedPrecondition(
      "已有账户，不能再次初始化 / accounts exist: bootstrap runs only on a store without any",
      "已有账户，不能再次初始化");
}

Status CheckNewPassword(const std::string& person, const std::string& old_password,
                        const std::string& new_password) {
  FR_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, person));
  if (new_password == old_password) {
    return Status::InvalidArgument(
        "新密码不能与旧密码相同 / the new password must differ from the old one",
        "新密码不能与原密码相同");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> AccountService::Bootstrap() {
  constexpr const char* kCount = "SELECT count(*) FROM account";
  FR_ASSIGN_OR_RETURN(int64_t accounts, internal::CountRows(ctx_.db, kCount, {}));
  if (accounts > 0) return AccountsExist();

  Actor console = Actor::Console("bootstrap");
  FR_RETURN_IF_ERROR(EnsureSecAdminPerson(ctx_, console));
  std::string password = GeneratePassword(kSecAdminId, kBootstrapPasswordLength);
  FR_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.hash));

  // Counted again inside the transaction: of two concurrent bootstraps only one succeeds.
  FR_RETURN_IF_ERROR(services::Commit(ctx_, console, "auth.bootstrap", [&](Json& d) {
    FR_ASSIGN_OR_RETURN(int64_t now_accounts, internal::CountRows(ctx_.db, kCount, {}));
    if (now_accounts > 0) return AccountsExist();
    d = {{"person", kSecAdminId}, {"must_change", true}};
    return StorePassword(kSecAdminId, hash, true);
  }));
  return password;
}

Status AccountService::SetPassword(const Actor& actor, const std::string& person,
                                   const std::string& new_password) {
  constexpr const char* kType = "auth.password.set";
  Json detail = {{"person", internal::LedgerText(person)}};
  FR_RETURN_IF_ERROR(RequireSecAdmin(actor, kType, detail));
  if (actor.id == person) {
    return RecordRefusal(ctx_, actor.LedgerName(), kType, detail, "own account",
                         Status::PermissionDenied("自己的密码须凭旧密码修改 / change your own "
                                                  "password with your old one",
                                                  "本人密码须输入原密码后修改"));
  }
  FR_RETURN_IF_ERROR(services::BureauService(ctx_).GetPerson(person).status());
  FR_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, person));
  FR_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password, options_.hash));

  // The person must choose their own at next login; sessions opened with the old one end.
  return services::Commit(ctx_, actor, kType, [&](Json& d) {
    FR_ASSIGN_OR_RETURN(
        int64_t sessions,
        internal::CountRows(ctx_.db, "SELECT count(*) FROM session WHERE person = ?", {person}));
    d = {{"person", person}, {"must_change", true}, {"sessions_ended", sessions}};
    FR_RETURN_IF_ERROR(ctx_.db.Exec("DELETE FROM session WHERE person = ?", {person}));
    return StorePassword(person, hash, true);
  });
}

Status AccountService::StorePassword(const std::string& person, const std::string& hash,
                                     bool must_change) {
  return ctx_.db.Exec(
      "INSERT INTO account (person, password_hash, must_change, failed_count, locked_until_us, "
      "changed_us) VALUES (?, ?, ?, 0, NULL, ?) ON CONFLICT (person) DO UPDATE SET "
      "password_hash = excluded.password_hash, must_change = excluded.must_change, "
      "failed_count = 0, locked_until_us = NULL, changed_us = excluded.changed_us",
      {person, hash, int64_t{must_change}, ctx_.now()});
}

Status AccountService::ChangeOwnPassword(const std::string& token, const std::string& old_password,
                                         const std::string& new_password) {
  constexpr const char* kType = "auth.password.changed";
  FR_ASSIGN_OR_RETURN(SessionInfo session, Authenticate(token, ctx_.now()));
  const Actor& me = session.actor;
  FR_ASSIGN_OR_RETURN(auto account, internal::ReadAccount(ctx_.db, me.id));
  if (!account) return Status::NotFound("no account for " + me.id, "账户“" + me.id + "”不存在");
  Json detail = {{"person", me.id}};

  // Guessing through a stolen session is held to the same limits as guessing at login.
  if (account->LockedAt(ctx_.now())) {
    return RecordRefusal(ctx_, me.LedgerName(), kType, detail, "locked",
                         internal::LockedAnswer(*account->locked_until_us));
  }
  Status old_ok = VerifyPassword(account->password_hash, old_password);
  if (old_ok.code() == Status::Code::kPermissionDenied) {
    return CountFailure(me.id, kType, detail,
                        Status::PermissionDenied("旧密码错误 / the old password is wrong",
                                                 "原密码错误"));
  }
  FR_RETURN_IF_ERROR(old_ok);
  FR_RETURN_IF_ERROR(CheckNewPassword(me.id, old_password, new_password));
  FR_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password, options_.hash));

  // Other sessions, perhaps opened by whoever knew the old password, end.
  Bytes mine = TokenDigest(token);
  return services::Commit(ctx_, me, kType, [&](Json& d) {
    constexpr const char* kOthers =
        "SELECT count(*) FROM session WHERE person = ? AND token_hash <> ?";
    FR_ASSIGN_OR_RETURN(int64_t others, internal::CountRows(ctx_.db, kOthers, {me.id, mine}));
    d = {{"person", me.id}, {"other_sessions_ended", others}};
    FR_RETURN_IF_ERROR(
        ctx_.db.Exec("DELETE FROM session WHERE person = ? AND token_hash <> ?", {me.id, mine}));
    return StorePassword(me.id, hash, false);
  });
}

Result<std::vector<AccountInfo>> AccountService::List(const Actor& actor) {
  FR_RETURN_IF_ERROR(RequireSecAdmin(actor, "auth.accounts.listed", Json::object()));
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT a.person, p.active, a.must_change, a.failed_count, a.locked_until_us, "
                    "a.changed_us, "
                    "(SELECT count(*) FROM session s WHERE s.person = a.person) "
                    "FROM account a JOIN person p ON p.id = a.person ORDER BY a.person"));
  std::vector<AccountInfo> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Int(1) != 0, r.Int(2) != 0, static_cast<int>(r.Int(3)),
                   services::OptionalInt(r, 4), r.Int(5), static_cast<int>(r.Int(6))});
  }
  return out;
}

Status AccountService::RequireSecAdmin(const Actor& actor, const char* type, const Json& detail) {
  if (!actor.console && actor.Has(Role::kSecAdmin)) return Status::Ok();
  return RecordRefusal(
      ctx_, actor.LedgerName(), type, detail, "not the security administrator",
      Status::PermissionDenied("只有安全管理员管理账户 / only the security administrator manages "
                               "accounts",
                               "只有安全管理员可以管理账户"));
}

}  // namespace fullrecord::auth
