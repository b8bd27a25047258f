#include "api/harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <stdexcept>

#include "api/serve.h"
#include "auth/accounts.h"
#include "services/bureau.h"

namespace fullrecord::testing {

namespace net = boost::asio;

TestServer::TestServer(std::function<void(api::ApiOptions&)> configure) {
  store_dir_ = dir_ / "store";
  auto s = app::Store::Init(store_dir_, "test");
  if (!s.ok()) throw std::runtime_error(s.status().ToString());
  store_ = std::move(s).value();

  api::ApiOptions options;
  options.store_dir = store_dir_;
  options.http.port = 0;
  options.http.request_timeout = std::chrono::seconds(5);
  options.http.idle_timeout = std::chrono::seconds(5);
  if (configure) configure(options);
  api_ = std::make_unique<api::Api>(options);
  api::AddAllRoutes(*api_);
  api::AddWebRoutes(*api_, api_->mutable_router());  // only with options.web_dir
  Status listening = api_->Listen();
  if (!listening.ok()) throw std::runtime_error(listening.ToString());
  thread_ = std::thread([this] { api_->Serve(); });
}

TestServer::~TestServer() {
  api_->Stop();
  if (thread_.joinable()) thread_.join();
}

void TestServer::AddSection(const std::string& code, const std::string& name) {
  auto console = services::Actor::Console("test");
  Status s = services::BureauService(store_->services()).AddSection(console, {code, name});
  if (!s.ok()) throw std::runtime_error(s.ToString());
}

void TestServer::AddUser(const std::string& id, const std::string& section,
                         const std::vector<services::Role>& roles, const std::string& password,
                         const std::string& cert_no) {
  auto console = services::Actor::Console("test");
  services::BureauService bureau(store_->services());
  services::Person p{id, id, section, cert_no, cert_no.empty() ? "" : "2035-12-31", true, {}};
  Status s = bureau.AddPerson(console, p);
  for (auto r : roles) {
    if (s.ok()) s = bureau.GrantRole(console, id, r);
  }

  // The account is set by a security administrator, then marked as already changed.
  services::Actor secadmin{"test-secadmin", {services::Role::kSecAdmin}, false, ""};
  if (s.ok()) s = auth::AccountService(store_->services()).SetPassword(secadmin, id, password);
  if (s.ok()) s = store_->db().Exec("UPDATE account SET must_change = 0 WHERE person = ?", {id});
  if (!s.ok()) throw std::runtime_error("AddUser " + id + ": " + s.ToString());
}

Response Client::Request(http::verb method, const std::string& target, const std::string& body,
                         const std::map<std::string, std::string>& headers) {
  net::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));

  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!cookie_.empty()) req.set(http::field::cookie, cookie_);
  if (!csrf_.empty()) req.set("X-CSRF-Token", csrf_);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);

  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(method == http::verb::head);
  http::read(stream, buffer, parser);
  auto& res = parser.get();

  Response out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  boost::system::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  return out;
}

Response Client::PostJson(const std::string& target, const Json& body) {
  return Send(http::verb::post, target, body);
}

Response Client::Send(http::verb method, const std::string& target, const Json& body) {
  return Request(method, target, body.dump(), {{"Content-Type", "application/json"}});
}

Response Client::Login(const std::string& person, const std::string& password) {
  Response r = PostJson("/api/auth/login", {{"person", person}, {"password", password}});
  auto cookie = r.headers.find("set-cookie");
  if (cookie != r.headers.end()) cookie_ = cookie->second.substr(0, cookie->second.find(';'));
  Json j = r.json();
  if (j.is_object() && j.contains("csrf")) csrf_ = j["csrf"].get<std::string>();
  return r;
}

std::string Client::Raw(uint16_t port, const std::string& bytes, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace fullrecord::testing
