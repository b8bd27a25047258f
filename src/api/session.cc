#include "api/session.h"

#include "auth/accounts.h"

namespace fullrecord::api {

std::string CookieValue(const server::Exchange& ex, const std::string& name) {
  std::string header = ex.Header(http::field::cookie);
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(pos, end - pos);
    size_t start = pair.find_first_not_of(' ');
    size_t eq = pair.find('=');
    if (start != std::string::npos && eq != std::string::npos &&
        pair.substr(start, eq - start) == name) {
      return pair.substr(eq + 1);
    }
    pos = end + 1;
  }
  return "";
}

std::string SessionCookie(const std::string& token, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (token.empty()) c += "; Max-Age=0";
  return c;
}

Status ResolveSession(Call& call, bool secure_cookies) {
  (void)secure_cookies;
  std::string token = CookieValue(call.ex, kSessionCookie);
  if (token.empty()) return Status::NotFound("not signed in (未登录)", "未登录");
  auth::AccountService accounts(call.ctx);
  auto session = accounts.Authenticate(token, call.ctx.now());
  if (!session.ok()) {
    return session.status().IsNotFound() ? Status::NotFound("not signed in or session expired",
                                                            "未登录或会话已过期")
                                         : session.status();
  }

  // Safe methods change nothing; everything else carries the CSRF token.
  http::verb m = call.ex.method();
  bool safe = m == http::verb::get || m == http::verb::head || m == http::verb::options;
  if (!safe) FR_RETURN_IF_ERROR(accounts.CheckCsrf(*session, call.ex.Header(std::string(kCsrfHeader))));

  if (session->must_change && call.ex.path().rfind("/api/auth/", 0) != 0) {
    return Status::FailedPrecondition("password_change_required: change the initial password first",
                                      "请先修改初始密码");
  }
  call.actor = session->actor;
  call.session_token = token;
  return Status::Ok();
}

}  // namespace fullrecord::api
