// Sessions over HTTP: the fr_session cookie (HttpOnly, SameSite=Strict, Secure behind TLS) and
// the X-CSRF-Token header that every change must carry.
#pragma once

#include "api/api.h"

namespace fullrecord::api {

constexpr const char* kSessionCookie = "fr_session";
constexpr const char* kCsrfHeader = "X-CSRF-Token";

// Fills call.actor and call.session_token from the cookie. NotFound ("not signed in") without a
// valid session; PermissionDenied for a change without the session's CSRF token;
// FailedPrecondition while the person must change their password, except on the routes that do
// that (/api/auth/*).
Status ResolveSession(Call& call, bool secure_cookies);

// The value of cookie `name` in the request, or "".
std::string CookieValue(const server::Exchange& ex, const std::string& name);

// A Set-Cookie value for the session token; an empty token clears the cookie.
std::string SessionCookie(const std::string& token, bool secure);

}  // namespace fullrecord::api
