// The JSON API over the regulation services, served by server::HttpServer. Each route declares
// its documentation (for /api/openapi.json) and whether it needs a session; the API resolves the
// session cookie, checks the CSRF token on every change, maps service Status values to HTTP
// statuses with a stable code and a message in Chinese and English, and writes one access-log
// line per request. Evidence and audit events go to the ledger through the services, never to
// the log.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/store.h"
#include "server/router.h"
#include "services/model.h"

namespace fullrecord::api {

namespace http = server::http;

struct ApiOptions {
  server::ServerOptions http;
  std::string store_dir;
  std::string web_dir;          // built web UI; empty: none
  bool secure_cookies = false;  // behind TLS: cookies carry Secure
  // The services' clock for every request (sessions, deadlines, records); empty: the process
  // clock. Tests set it to control idle time-outs and lockouts.
  std::function<UnixMicros()> clock;
};

// One request as a route handler sees it.
struct Call {
  server::Exchange& ex;
  app::Store& store;
  services::Context& ctx;
  services::Actor actor;     // the session's person; empty id on public routes
  std::string session_token;  // empty on public routes

  // The body parsed as a JSON object; InvalidArgument with the parser's message otherwise.
  Result<Json> JsonBody(size_t limit = 1 << 20);
  // A path parameter as a positive integer; InvalidArgument naming it otherwise.
  Result<int64_t> IdParam(const std::string& name = "id") const;
  void Reply(const Json& body, http::status status = http::status::ok);
  // Sends the error response for `status` (see ErrorFor).
  void Fail(const Status& status);
};

enum class Access { kPublic, kSession };

struct RouteDoc {
  std::string summary;  // one line, English
  std::string tag;      // group in the OpenAPI document
};

class Api {
 public:
  explicit Api(ApiOptions options);
  ~Api();

  // Registers a route. Handlers run on the connection's thread with that thread's store.
  void Route(http::verb method, const std::string& pattern, RouteDoc doc, Access access,
             std::function<void(Call&)> handler);

  // Listens (port 0 picks a free one) and serves until Stop().
  Status Listen();
  uint16_t port() const;
  void Serve();
  void Stop();

  // The OpenAPI 3 document of every registered route.
  Json OpenApi() const;
  const server::Router& router() const { return router_; }
  server::Router& mutable_router() { return router_; }

 private:
  struct RouteInfo {
    http::verb method;
    std::string pattern;
    RouteDoc doc;
    Access access;
  };
  void Handle(server::Exchange& ex, const RouteInfo& info, const std::function<void(Call&)>& fn);
  void Observe(const server::Exchange& ex, std::chrono::microseconds took);

  ApiOptions options_;
  server::Router router_;
  std::vector<RouteInfo> infos_;
  std::unique_ptr<server::HttpServer> server_;
  struct Metrics;
  std::unique_ptr<Metrics> metrics_;

 public:
  // Prometheus text exposition of the request, upload and ledger counters.
  std::string MetricsExposition(app::Store& store) const;
  // Counts a finished upload and its bytes (for /metrics).
  void CountUpload(uint64_t bytes);
  const ApiOptions& options() const { return options_; }
};

// HTTP status, stable code and Chinese/English message for a service Status.
struct ApiError {
  http::status status;
  std::string code;
  std::string message_zh;
  std::string message_en;
};
ApiError ErrorFor(const Status& status);
// The `message` of an error answer: the category in Chinese, "：", then the reason in Chinese
// (in English only when the status carries no Chinese reason).
std::string ErrorMessageZh(const ApiError& e, const Status& status);
// The `message_en` of an error answer: the category and the reason in English.
std::string ErrorMessageEn(const ApiError& e, const Status& status);

// The store of the calling thread, opened on first use (SQLite connections are per thread).
Result<app::Store*> ThreadStore(const std::string& store_dir);

// Route groups, each in its own file.
void AddSystemRoutes(Api& api);  // healthz, metrics, openapi, ledger checkpoint and proofs
void AddAuthRoutes(Api& api);    // login, logout, me, passwords, accounts
// The built web UI from ApiOptions::web_dir, as the router's fallback.
void AddWebRoutes(Api& api, server::Router& router);

}  // namespace fullrecord::api
