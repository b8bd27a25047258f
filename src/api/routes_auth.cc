// Sign-in, sign-out, the signed-in person, password changes, and accounts for the security
// administrator.
#include "api/api.h"
#include "api/fields.h"
#include "api/session.h"
#include "auth/accounts.h"
#include "services/bureau.h"

namespace fullrecord::api {
namespace {

Json RolesJson(const services::Actor& a) {
  Json roles = Json::array();
  for (auto r : a.roles) roles.push_back(services::RoleCode(r));
  return roles;
}

Json PersonJson(Call& c, const services::Actor& actor) {
  auto person = services::BureauService(c.ctx).GetPerson(actor.id);
  return {{"id", actor.id}, {"name", person.ok() ? person->name : actor.id},
          {"section", actor.section}, {"roles", RolesJson(actor)}};
}

Result<std::string> StringField(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) {
    return Status::InvalidArgument(std::string("\"") + key + "\" is required",
                                   "“" + FieldNameZh(key) + "”为必填项");
  }
  return j[key].get<std::string>();
}

void Login(Call& c, bool secure) {
  auto body = c.JsonBody(16 * 1024);
  if (!body.ok()) return c.Fail(body.status());
  auto person = StringField(*body, "person");
  auto password = StringField(*body, "password");
  if (!person.ok() || !password.ok()) return c.Fail(person.ok() ? password.status() : person.status());

  auth::AccountService accounts(c.ctx);
  auto r = accounts.Login(*person, *password, secure, c.ex.peer());
  if (!r.ok()) {
    // Refusals say why in Chinese: wrong credentials or a lock, never which one of the two.
    const Status& s = r.status();
    c.ex.SendJson(http::status::unauthorized,
                  {{"code", s.message().find("locked") != std::string::npos
                                ? "account_locked" : "login_failed"},
                   {"message", s.message_zh().empty() ? s.message() : s.message_zh()},
                   {"message_en", s.message()}});
    return;
  }
  http::response<http::string_body> res{http::status::ok, 11};
  res.set(http::field::set_cookie, SessionCookie(r->token, secure));
  res.set(http::field::content_type, "application/json; charset=utf-8");
  Json out = PersonJson(c, r->actor);
  out["csrf"] = r->csrf;
  out["must_change"] = r->must_change;
  res.body() = out.dump();
  c.ex.Send(std::move(res));
}

void Me(Call& c) {
  auth::AccountService accounts(c.ctx);
  auto s = accounts.Authenticate(c.session_token, c.ctx.now());
  if (!s.ok()) return c.Fail(s.status());
  Json out = PersonJson(c, c.actor);
  out["csrf"] = s->csrf;
  out["must_change"] = s->must_change;
  c.Reply(out);
}

void Logout(Call& c, bool secure) {
  Status s = auth::AccountService(c.ctx).Logout(c.session_token);
  if (!s.ok()) return c.Fail(s);
  http::response<http::string_body> res{http::status::ok, 11};
  res.set(http::field::set_cookie, SessionCookie("", secure));
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = Json{{"ok", true}}.dump();
  c.ex.Send(std::move(res));
}

void ChangePassword(Call& c) {
  auto body = c.JsonBody(16 * 1024);
  if (!body.ok()) return c.Fail(body.status());
  auto old_pw = StringField(*body, "old_password");
  auto new_pw = StringField(*body, "new_password");
  if (!old_pw.ok() || !new_pw.ok()) return c.Fail(old_pw.ok() ? new_pw.status() : old_pw.status());
  Status s = auth::AccountService(c.ctx).ChangeOwnPassword(c.session_token, *old_pw, *new_pw);
  if (!s.ok()) return c.Fail(s);
  c.Reply({{"ok", true}});
}

void ListAccounts(Call& c) {
  auto list = auth::AccountService(c.ctx).List(c.actor);
  if (!list.ok()) return c.Fail(list.status());
  Json out = Json::array();
  for (const auto& a : *list) {
    out.push_back({{"person", a.person}, {"active", a.active}, {"must_change", a.must_change},
                   {"failed_count", a.failed_count}, {"sessions", a.sessions},
                   {"locked_until", a.locked_until_us ? FormatUtc(*a.locked_until_us) : ""}});
  }
  c.Reply({{"accounts", out}});
}

void ResetPassword(Call& c) {
  auto body = c.JsonBody(16 * 1024);
  if (!body.ok()) return c.Fail(body.status());
  auto pw = StringField(*body, "password");
  if (!pw.ok()) return c.Fail(pw.status());
  Status s = auth::AccountService(c.ctx).SetPassword(c.actor, c.ex.params["person"], *pw);
  if (!s.ok()) return c.Fail(s);
  c.Reply({{"ok", true}});
}

}  // namespace

void AddAuthRoutes(Api& api) {
  bool secure = api.options().secure_cookies;
  api.Route(http::verb::post, "/api/auth/login", {"Sign in; sets the session cookie", "auth"},
            Access::kPublic, [secure](Call& c) { Login(c, secure); });
  api.Route(http::verb::post, "/api/auth/logout", {"Sign out", "auth"}, Access::kSession,
            [secure](Call& c) { Logout(c, secure); });
  api.Route(http::verb::get, "/api/auth/me", {"The signed-in person and CSRF token", "auth"},
            Access::kSession, Me);
  api.Route(http::verb::post, "/api/auth/password", {"Change one's own password", "auth"},
            Access::kSession, ChangePassword);
  api.Route(http::verb::get, "/api/accounts", {"Accounts (security administrator)", "accounts"},
            Access::kSession, ListAccounts);
  api.Route(http::verb::post, "/api/accounts/{person}/password",
            {"Set a person's password (security administrator)", "accounts"}, Access::kSession,
            ResetPassword);
}

}  // namespace fullrecord::api
