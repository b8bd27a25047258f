#include "api/api.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <map>

#include "api/session.h"

namespace fullrecord::api {

// Request counters and a latency histogram, shared by all connection threads.
struct Api::Metrics {
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,   5.0};
  std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx … 5xx, [0] unused
  std::array<std::atomic<uint64_t>, kBuckets.size()> latency{};
  std::atomic<uint64_t> latency_count{0};
  std::atomic<uint64_t> latency_sum_us{0};
  std::atomic<uint64_t> bytes_sent{0};
  std::atomic<uint64_t> uploads{0};
  std::atomic<uint64_t> upload_bytes{0};
};

ApiError ErrorFor(const Status& s) {
  using C = Status::Code;
  switch (s.code()) {
    case C::kInvalidArgument:
      return {http::status::bad_request, "invalid_argument", "请求内容有误", "invalid request"};
    case C::kNotFound:
      return {http::status::not_found, "not_found", "未找到", "not found"};
    case C::kAlreadyExists:
      return {http::status::conflict, "already_exists", "已存在", "already exists"};
    case C::kPermissionDenied:
      return {http::status::forbidden, "forbidden", "无权进行此操作", "not allowed"};
    case C::kFailedPrecondition:
      return {http::status::conflict, "failed_precondition", "当前状态不允许此操作",
              "not allowed in the current state"};
    case C::kCorruption:
      return {http::status::internal_server_error, "corruption", "存储数据校验失败",
              "stored data failed verification"};
    case C::kNoSpace:
      return {http::status::insufficient_storage, "no_space", "存储空间不足", "storage is full"};
    case C::kIOError:
      return {http::status::service_unavailable, "io_error", "存储暂时不可用",
              "storage unavailable"};
    default:
      return {http::status::internal_server_error, "internal", "系统内部错误", "internal error"};
  }
}

std::string ErrorMessageZh(const ApiError& e, const Status& status) {
  const std::string& reason = status.message_zh().empty() ? status.message() : status.message_zh();
  return e.message_zh + "：" + reason;
}

std::string ErrorMessageEn(const ApiError& e, const Status& status) {
  return e.message_en + ": " + status.message();
}

Result<app::Store*> ThreadStore(const std::string& store_dir) {
  thread_local std::unique_ptr<app::Store> store;
  if (!store) {
    FR_ASSIGN_OR_RETURN(store, app::Store::Open(store_dir, true));
  }
  return store.get();
}

namespace {

// The Chinese name of a path parameter, for the answer to a malformed one.
std::string PathParamZh(const std::string& name) {
  if (name == "id") return "编号";
  if (name == "person") return "人员账号";
  if (name == "serial") return "设备编号";
  if (name == "role") return "角色";
  if (name == "sha256") return "文件摘要";
  return "参数“" + name + "”";
}

}  // namespace

Result<Json> Call::JsonBody(size_t limit) {
  FR_ASSIGN_OR_RETURN(std::string body, ex.ReadBody(limit));
  if (body.empty()) return Json::object();
  auto j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("the request body is not a JSON object",
                                   "请求内容不是有效的 JSON 对象");
  }
  return j;
}

Result<int64_t> Call::IdParam(const std::string& name) const {
  auto it = ex.params.find(name);
  if (it == ex.params.end()) {
    return Status::InvalidArgument("missing " + name, "地址中缺少" + PathParamZh(name));
  }
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || *end != '\0' || v <= 0) {
    return Status::InvalidArgument(
        name + " must be a positive integer, not \"" + it->second + "\"",
        "地址中的" + PathParamZh(name) + "应为正整数，“" + it->second + "”无效");
  }
  return static_cast<int64_t>(v);
}

void Call::Reply(const Json& body, http::status status) { ex.SendJson(status, body); }

void Call::Fail(const Status& status) {
  ApiError e = ErrorFor(status);
  ex.SendJson(e.status, {{"code", e.code},
                         {"message", ErrorMessageZh(e, status)},
                         {"message_en", ErrorMessageEn(e, status)}});
}

Api::Api(ApiOptions options) : options_(std::move(options)), metrics_(new Metrics()) {}
Api::~Api() = default;

void Api::Route(http::verb method, const std::string& pattern, RouteDoc doc, Access access,
                std::function<void(Call&)> handler) {
  infos_.push_back({method, pattern, std::move(doc), access});
  RouteInfo info = infos_.back();
  router_.Add(method, pattern, [this, info, handler](server::Exchange& ex) {
    Handle(ex, info, handler);
  });
}

void Api::Handle(server::Exchange& ex, const RouteInfo& info,
                 const std::function<void(Call&)>& fn) {
  auto store = ThreadStore(options_.store_dir);
  if (!store.ok()) {
    spdlog::error("store unavailable: {}", store.status().ToString());
    ex.SendJson(http::status::service_unavailable,
                {{"code", "io_error"}, {"message", "存储不可用"}, {"message_en", "store unavailable"}});
    return;
  }
  Call call{ex, **store, (*store)->services(), {}, {}};
  if (options_.clock) call.ctx.now = options_.clock;

  // A session for every route but the public ones; a CSRF token on every change.
  if (info.access == Access::kSession) {
    Status s = ResolveSession(call, options_.secure_cookies);
    if (s.IsNotFound()) {
      ex.SendJson(http::status::unauthorized,
                  {{"code", "unauthenticated"}, {"message", "未登录或会话已过期，请重新登录"},
                   {"message_en", "not signed in, or the session expired"}});
      return;
    }
    if (s.code() == Status::Code::kFailedPrecondition) {
      ex.SendJson(http::status::forbidden,
                  {{"code", "password_change_required"}, {"message", "请先修改初始密码"},
                   {"message_en", "change your password first"}});
      return;
    }
    if (!s.ok()) {
      call.Fail(s);
      return;
    }
  }
  try {
    fn(call);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", std::string(http::to_string(info.method)),
                  info.pattern, e.what());
    if (!ex.responded()) call.Fail(Status::Internal("unexpected failure"));
  }
}

Status Api::Listen() {
  server_ = std::make_unique<server::HttpServer>(
      options_.http, [this](server::Exchange& ex) { router_.Dispatch(ex); },
      [this](const server::Exchange& ex, std::chrono::microseconds took) { Observe(ex, took); });
  return server_->Listen();
}

uint16_t Api::port() const { return server_ ? server_->port() : 0; }
void Api::Serve() { server_->Serve(); }
void Api::Stop() {
  if (server_) server_->Stop();
}

void Api::Observe(const server::Exchange& ex, std::chrono::microseconds took) {
  unsigned cls = std::min(ex.status() / 100, 5u);
  metrics_->by_class[cls]++;
  double secs = static_cast<double>(took.count()) / 1e6;
  for (size_t i = 0; i < Metrics::kBuckets.size(); ++i) {
    if (secs <= Metrics::kBuckets[i]) metrics_->latency[i]++;
  }
  metrics_->latency_count++;
  metrics_->latency_sum_us += static_cast<uint64_t>(took.count());
  metrics_->bytes_sent += ex.bytes_sent();

  // One structured line per request: never the query, cookies or tokens.
  spdlog::info("http method={} path={} status={} bytes={} us={} peer={}",
               std::string(http::to_string(ex.method())), ex.path(), ex.status(), ex.bytes_sent(),
               took.count(), ex.peer());
}

void Api::CountUpload(uint64_t bytes) {
  metrics_->uploads++;
  metrics_->upload_bytes += bytes;
}

std::string Api::MetricsExposition(app::Store& store) const {
  std::string out;
  out += "# HELP fullrecord_http_requests_total HTTP requests by status class.\n";
  out += "# TYPE fullrecord_http_requests_total counter\n";
  for (unsigned c = 1; c <= 5; ++c) {
    out += "fullrecord_http_requests_total{class=\"" + std::to_string(c) + "xx\"} " +
           std::to_string(metrics_->by_class[c].load()) + "\n";
  }
  out += "# HELP fullrecord_http_request_seconds Time to handle a request.\n";
  out += "# TYPE fullrecord_http_request_seconds histogram\n";
  for (size_t i = 0; i < Metrics::kBuckets.size(); ++i) {
    out += "fullrecord_http_request_seconds_bucket{le=\"" + fmt::format("{}", Metrics::kBuckets[i]) +
           "\"} " + std::to_string(metrics_->latency[i].load()) + "\n";
  }
  out += "fullrecord_http_request_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(metrics_->latency_count.load()) + "\n";
  out += "fullrecord_http_request_seconds_sum " +
         fmt::format("{:.6f}", static_cast<double>(metrics_->latency_sum_us.load()) / 1e6) + "\n";
  out += "fullrecord_http_request_seconds_count " + std::to_string(metrics_->latency_count.load()) + "\n";
  out += "# TYPE fullrecord_http_sent_bytes_total counter\n";
  out += "fullrecord_http_sent_bytes_total " + std::to_string(metrics_->bytes_sent.load()) + "\n";
  out += "# TYPE fullrecord_uploads_total counter\n";
  out += "fullrecord_uploads_total " + std::to_string(metrics_->uploads.load()) + "\n";
  out += "# TYPE fullrecord_upload_bytes_total counter\n";
  out += "fullrecord_upload_bytes_total " + std::to_string(metrics_->upload_bytes.load()) + "\n";
  auto size = store.ledger().Size();
  out += "# HELP fullrecord_ledger_entries Entries in the ledger.\n";
  out += "# TYPE fullrecord_ledger_entries gauge\n";
  out += "fullrecord_ledger_entries " + std::to_string(size.ok() ? *size : 0) + "\n";
  return out;
}

Json Api::OpenApi() const {
  Json paths = Json::object();
  for (const auto& r : infos_) {
    std::string method = std::string(http::to_string(r.method));
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    Json op = {{"summary", r.doc.summary}, {"tags", {r.doc.tag}},
               {"responses", {{"200", {{"description", "success"}}},
                              {"default", {{"description", "error: {code, message, message_en}"}}}}}};
    Json params = Json::array();
    for (size_t p = r.pattern.find('{'); p != std::string::npos; p = r.pattern.find('{', p + 1)) {
      std::string name = r.pattern.substr(p + 1, r.pattern.find('}', p) - p - 1);
      params.push_back({{"name", name}, {"in", "path"}, {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access == Access::kSession) op["security"] = Json::array({{{"session", Json::array()}}});
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "fullrecord API"}, {"version", "1"},
                    {"description", "行政执法全过程记录系统 API"}}},
          {"components", {{"securitySchemes", {{"session", {{"type", "apiKey"}, {"in", "cookie"},
                                                            {"name", "fr_session"}}}}}}},
          {"paths", paths}};
}

}  // namespace fullrecord::api
