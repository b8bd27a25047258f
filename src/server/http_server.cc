#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/http/buffer_body.hpp>
#include <cerrno>
#include <cstring>
#include <set>
#include <thread>

namespace fullrecord::server {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kSendChunk = 256 * 1024;

std::mutex g_fds_mu;
std::set<int> g_open_fds;  // guarded by g_fds_mu: connections to shut down on Stop

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PeerOf(const sockaddr_in& addr) {
  char buf[INET_ADDRSTRLEN] = "?";
  ::inet_ntop(AF_INET, &addr.sin_addr, buf, sizeof(buf));
  return std::string(buf) + ":" + std::to_string(ntohs(addr.sin_port));
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexDigit(s[i + 1]);
    int lo = HexDigit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

Exchange::Exchange(TimedSocket& socket, boost::beast::flat_buffer& buffer,
                   http::request_parser<http::buffer_body>& parser, const ServerOptions& options,
                   std::string peer)
    : socket_(socket), buffer_(buffer), parser_(parser), options_(options), peer_(std::move(peer)) {
  std::string_view target = parser_.get().target();
  auto q = target.find('?');
  path_ = PercentDecode(target.substr(0, q)).value_or("");
  if (q == std::string_view::npos) return;

  // key=value pairs separated by '&'.
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : PercentDecode(pair.substr(eq + 1));
    if (key && value) query_.emplace(*key, *value);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
}

std::string Exchange::Query(const std::string& name) const {
  auto it = query_.find(name);
  return it == query_.end() ? "" : it->second;
}

std::string Exchange::Header(http::field field) const {
  auto it = request().find(field);
  return it == request().end() ? "" : std::string(it->value());
}

std::string Exchange::Header(const std::string& name) const {
  auto it = request().find(name);
  return it == request().end() ? "" : std::string(it->value());
}

Result<size_t> Exchange::ReadBodySome(uint8_t* buf, size_t cap) {
  if (!body_error_.ok()) return body_error_;
  if (parser_.is_done() || cap == 0) return size_t{0};
  socket_.SetDeadline(Clock::now() + options_.idle_timeout);
  auto& body = parser_.get().body();
  body.data = buf;
  body.size = cap;
  body.more = true;
  boost::system::error_code ec;
  http::read(socket_, buffer_, parser_, ec);
  if (ec == http::error::need_buffer) ec = {};
  size_t got = cap - body.size;
  if (ec) {
    keep_alive_ = false;
    body_error_ = ec == boost::asio::error::timed_out
                      ? Status::IOError("request body timed out")
                      : Status::InvalidArgument("malformed request body: " + ec.message(),
                                                "请求内容格式错误，无法读取");
    if (got == 0) return body_error_;
  }
  return got;
}

Result<std::string> Exchange::ReadBody(size_t limit) {
  if (content_length() && *content_length() > limit) {
    keep_alive_ = false;
    return Status::InvalidArgument("request body over " + std::to_string(limit) + " bytes",
                                   "请求内容超过 " + std::to_string(limit) + " 字节的上限");
  }
  std::string out;
  uint8_t chunk[16 * 1024];
  for (;;) {
    FR_ASSIGN_OR_RETURN(size_t n, ReadBodySome(chunk, sizeof(chunk)));
    if (n == 0) break;
    if (out.size() + n > limit) {
      keep_alive_ = false;
      return Status::InvalidArgument("request body over " + std::to_string(limit) + " bytes",
                                   "请求内容超过 " + std::to_string(limit) + " 字节的上限");
    }
    out.append(reinterpret_cast<const char*>(chunk), n);
  }
  return out;
}

void Exchange::Prepare(http::header<false>& h, unsigned status) {
  h.result(status);
  h.version(11);
  if (h.find(http::field::server) == h.end()) h.set(http::field::server, "fullrecord");
  h.set("X-Content-Type-Options", "nosniff");
  if (h.find(http::field::cache_control) == h.end()) h.set(http::field::cache_control, "no-store");
  keep_alive_ = keep_alive_ && parser_.keep_alive() && parser_.is_done();
  if (!keep_alive_) h.set(http::field::connection, "close");
  status_ = status;
  responded_ = true;
}

bool Exchange::WriteAll(const void* data, size_t len) {
  auto p = static_cast<const char*>(data);
  while (len > 0) {
    socket_.SetDeadline(Clock::now() + options_.idle_timeout);
    boost::system::error_code ec;
    size_t n = socket_.write_some(boost::asio::buffer(p, len), ec);
    if (ec) {
      keep_alive_ = false;
      return false;
    }
    p += n;
    len -= n;
    bytes_sent_ += n;
  }
  return true;
}

void Exchange::Send(http::response<http::string_body>&& res) {
  Prepare(res.base(), res.result_int());
  res.prepare_payload();
  socket_.SetDeadline(Clock::now() + options_.idle_timeout);
  boost::system::error_code ec;
  if (method() == http::verb::head) {
    // A response to HEAD has no body, whatever the handler put in it (RFC 9110 §9.3.2).
    http::response_serializer<http::string_body> sr(res);
    bytes_sent_ += http::write_header(socket_, sr, ec);
  } else {
    bytes_sent_ += http::write(socket_, res, ec);
  }
  if (ec) keep_alive_ = false;
}

void Exchange::SendJson(http::status status, const Json& body) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  Send(std::move(res));
}

void Exchange::SendParts(http::response<http::empty_body>&& res, int fd,
                         const std::vector<Part>& parts, const std::string& trailer) {
  uint64_t total = trailer.size();
  for (const auto& p : parts) total += p.prefix.size() + p.length;
  Prepare(res.base(), res.result_int());
  res.content_length(total);

  // Header, then each part's prefix and bytes, read in bounded chunks.
  http::response_serializer<http::empty_body> sr(res);
  socket_.SetDeadline(Clock::now() + options_.idle_timeout);
  boost::system::error_code ec;
  bytes_sent_ += http::write_header(socket_, sr, ec);
  if (ec) {
    keep_alive_ = false;
    return;
  }
  if (res.base().result() == http::status::not_modified || method() == http::verb::head) return;
  std::vector<char> chunk(kSendChunk);
  for (const auto& p : parts) {
    if (!WriteAll(p.prefix.data(), p.prefix.size())) return;
    for (uint64_t done = 0; done < p.length;) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(chunk.size(), p.length - done));
      ssize_t n = ::pread(fd, chunk.data(), want, static_cast<off_t>(p.offset + done));
      if (n <= 0 || !WriteAll(chunk.data(), static_cast<size_t>(n))) {
        keep_alive_ = false;
        return;
      }
      done += static_cast<uint64_t>(n);
    }
  }
  WriteAll(trailer.data(), trailer.size());
}

bool Exchange::SendHeader(http::response<http::empty_body>&& res, uint64_t length) {
  Prepare(res.base(), res.result_int());
  res.content_length(length);
  http::response_serializer<http::empty_body> sr(res);
  socket_.SetDeadline(Clock::now() + options_.idle_timeout);
  boost::system::error_code ec;
  bytes_sent_ += http::write_header(socket_, sr, ec);
  if (ec) {
    keep_alive_ = false;
    return false;
  }
  return res.base().result() != http::status::not_modified && method() != http::verb::head;
}

void Exchange::SendFileRange(http::response<http::empty_body>&& res, int fd, uint64_t offset,
                             uint64_t length) {
  SendParts(std::move(res), fd, {{"", offset, length}}, "");
}

HttpServer::HttpServer(ServerOptions options, Handler handler, Observer observer)
    : options_(std::move(options)), handler_(std::move(handler)), observer_(std::move(observer)) {}

HttpServer::~HttpServer() {
  Stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

Status HttpServer::Listen() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(options_.port);
  if (::inet_pton(AF_INET, options_.address.c_str(), &addr.sin_addr) != 1) {
    return Status::InvalidArgument("not an IPv4 address: " + options_.address);
  }
  std::string where = options_.address + ":" + std::to_string(options_.port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return Status::IOError("cannot listen on " + where + ": " + std::strerror(errno));
  }
  if (::listen(listen_fd_, 512) != 0) {
    return Status::IOError("cannot listen on " + where + ": " + std::strerror(errno));
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  return Status::Ok();
}

void HttpServer::Serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    sockaddr_in peer{};
    socklen_t len = sizeof(peer);
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (active_.load() >= options_.max_connections) {
      Reject(fd, http::status::service_unavailable, "too many connections");
      continue;
    }
    active_++;
    std::thread(&HttpServer::HandleConnection, this, fd, PeerOf(peer)).detach();
  }

  // Wait for the connection threads, which Stop has woken.
  std::unique_lock<std::mutex> lock(mu_);
  drained_.wait(lock, [this] { return active_.load() == 0; });
}

void HttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  std::lock_guard<std::mutex> lock(g_fds_mu);
  for (int fd : g_open_fds) ::shutdown(fd, SHUT_RDWR);
}

void HttpServer::Reject(int fd, http::status status, const char* message) {
  TimedSocket socket(fd);
  socket.SetDeadline(Clock::now() + std::chrono::seconds(1));
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(false);
  res.body() = Json{{"code", "unavailable"},
                    {"message", "服务器繁忙，请稍后重试"},
                    {"message_en", message}}.dump();
  res.prepare_payload();
  boost::system::error_code ec;
  http::write(socket, res, ec);
}

void HttpServer::HandleConnection(int fd, std::string peer) {
  {
    std::lock_guard<std::mutex> lock(g_fds_mu);
    g_open_fds.insert(fd);
  }
  {
    TimedSocket socket(fd);
    boost::beast::flat_buffer buffer;
    while (!stopping_ && HandleOne(socket, buffer, peer)) {
    }
    std::lock_guard<std::mutex> lock(g_fds_mu);
    g_open_fds.erase(fd);
  }
  std::lock_guard<std::mutex> lock(mu_);
  active_--;
  drained_.notify_all();
}

bool HttpServer::HandleOne(TimedSocket& socket, boost::beast::flat_buffer& buffer,
                           const std::string& peer) {
  // Wait up to the idle timeout for a request to begin, then give it the request timeout.
  boost::system::error_code ec;
  if (buffer.size() == 0) {
    socket.SetDeadline(Clock::now() + options_.idle_timeout);
    auto space = buffer.prepare(4096);
    size_t n = socket.read_some(space, ec);
    if (ec) return false;
    buffer.commit(n);
  }
  auto start = Clock::now();
  socket.SetDeadline(start + options_.request_timeout);

  http::request_parser<http::buffer_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
  parser.body_limit(boost::none);
  http::read_header(socket, buffer, parser, ec);
  Exchange ex(socket, buffer, parser, options_, peer);
  if (ec) {
    bool too_big = ec == http::error::header_limit;
    if (ec == boost::asio::error::timed_out || ec == boost::asio::error::eof) return false;
    ex.Close();
    ex.SendJson(too_big ? http::status::request_header_fields_too_large : http::status::bad_request,
                {{"code", too_big ? "header_too_large" : "bad_request"},
                 {"message", too_big ? "请求头过大" : "请求格式错误"},
                 {"message_en", std::string("malformed request: ") + ec.message()}});
    if (observer_) observer_(ex, std::chrono::microseconds(0));
    return false;
  }

  size_t fields = std::distance(parser.get().begin(), parser.get().end());
  if (fields > options_.max_fields) {
    ex.Close();
    ex.SendJson(http::status::request_header_fields_too_large,
                {{"code", "header_too_large"},
                 {"message", "请求头字段过多"},
                 {"message_en", "too many header fields"}});
  } else {
    handler_(ex);
    if (!ex.responded()) {
      ex.SendJson(http::status::internal_server_error,
                  {{"code", "internal"}, {"message", "系统内部错误：未生成应答"},
                   {"message_en", "no response"}});
    }
  }
  if (observer_) {
    observer_(ex, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start));
  }
  return ex.keep_alive();
}

}  // namespace fullrecord::server
