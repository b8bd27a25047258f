#include "server/router.h"

namespace fullrecord::server {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    parts.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

}  // namespace

void Router::Add(http::verb method, std::string pattern, Handler handler) {
  routes_.push_back({method, std::move(pattern), std::move(handler)});
}

bool Router::Match(const std::string& pattern, const std::string& path,
                   std::map<std::string, std::string>* params) {
  auto want = Split(pattern);
  auto got = Split(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    bool is_param = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (is_param && !got[i].empty()) {
      found[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

void Router::Dispatch(Exchange& ex) const {
  std::string allow;
  http::verb method = ex.method() == http::verb::head ? http::verb::get : ex.method();
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(r.pattern, ex.path(), &params)) continue;
    if (r.method == method) {
      ex.params = std::move(params);
      r.handler(ex);
      return;
    }
    allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(r.method));
  }
  if (allow.empty() && fallback_ && method == http::verb::get) {
    fallback_(ex);
    return;
  }
  if (allow.empty()) {
    ex.SendJson(http::status::not_found,
                {{"code", "not_found"}, {"message", "请求的地址不存在"},
                 {"message_en", "no such path"}});
    return;
  }
  http::response<http::string_body> res{http::status::method_not_allowed, 11};
  res.set(http::field::allow, allow);
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = Json{{"code", "method_not_allowed"},
                    {"message", "该地址不支持此请求方法"},
                    {"message_en", "method not allowed"}}.dump();
  ex.Send(std::move(res));
}

}  // namespace fullrecord::server
