// API tests: a real server on a free loopback port with a fresh store, and a small HTTP client
// that keeps a session cookie and CSRF token like a browser.
#pragma once

#include <boost/beast/http.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/api.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {

namespace http = boost::beast::http;

struct Response {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  Json json() const { return Json::parse(body, nullptr, false); }
};

// Starts api::Api with every route on 127.0.0.1:<free port> over a new store; stops on destruction.
class TestServer {
 public:
  explicit TestServer(std::function<void(api::ApiOptions&)> configure = {});
  ~TestServer();

  uint16_t port() const { return api_->port(); }
  app::Store& store() { return *store_; }
  api::Api& api() { return *api_; }
  const std::string& dir() const { return store_dir_; }

  // A person with `roles` in `section` and a ready account (password already changed).
  void AddUser(const std::string& id, const std::string& section,
               const std::vector<services::Role>& roles, const std::string& password = kPassword,
               const std::string& cert_no = "");
  void AddSection(const std::string& code, const std::string& name);

  static constexpr const char* kPassword = "Zhifa#2026-record";

 private:
  TempDir dir_;
  std::string store_dir_;
  std::unique_ptr<app::Store> store_;
  std::unique_ptr<api::Api> api_;
  std::thread thread_;
};

class Client {
 public:
  explicit Client(uint16_t port) : port_(port) {}

  Response Request(http::verb method, const std::string& target, const std::string& body = "",
                   const std::map<std::string, std::string>& headers = {});
  Response Get(const std::string& target) { return Request(http::verb::get, target); }
  Response PostJson(const std::string& target, const Json& body);
  Response Send(http::verb method, const std::string& target, const Json& body);

  // Signs in; keeps the cookie and the CSRF token for later requests. Returns the login reply.
  Response Login(const std::string& person, const std::string& password = TestServer::kPassword);
  void ForgetCsrf() { csrf_.clear(); }
  const std::string& cookie() const { return cookie_; }

  // Sends raw bytes on a new connection and returns what came back (for malformed HTTP tests).
  static std::string Raw(uint16_t port, const std::string& bytes, int timeout_ms = 3000);

 private:
  uint16_t port_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace fullrecord::testing
