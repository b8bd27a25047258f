// The HTTP/1.1 server: Boost.Beast's parser and serializer over blocking sockets with deadlines,
// one thread per connection up to a fixed number of connections (further clients get 503 and
// are closed). Explicit limits on header size and field count, body size, request time and idle
// time: a slow or malformed client is cut off without harming the others.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/status.h"
#include "server/timed_socket.h"

namespace fullrecord::server {

namespace http = boost::beast::http;

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port)
  int max_connections = 256;
  size_t header_limit = 16 * 1024;
  size_t max_fields = 100;
  size_t body_limit = 1 << 20;  // bodies read whole; streamed bodies have their own limits
  std::chrono::seconds request_timeout{30};  // to receive a request's header (and small body)
  std::chrono::seconds idle_timeout{30};     // keep-alive wait, and each streamed read or write
};

// One request and its response. Handlers read the body at most once, either whole or streamed,
// and send exactly one response.
class Exchange {
 public:
  Exchange(TimedSocket& socket, boost::beast::flat_buffer& buffer,
           http::request_parser<http::buffer_body>& parser, const ServerOptions& options,
           std::string peer);

  const http::request_header<>& request() const { return parser_.get(); }
  http::verb method() const { return request().method(); }
  const std::string& path() const { return path_; }
  // The decoded query parameter, or "" when absent.
  std::string Query(const std::string& name) const;
  std::string Header(http::field field) const;
  std::string Header(const std::string& name) const;
  const std::string& peer() const { return peer_; }
  // Path parameters filled by the router ("id" of /api/cases/{id}).
  std::map<std::string, std::string> params;

  // The whole body, refused (413) above `limit` bytes.
  Result<std::string> ReadBody(size_t limit);
  // Streams the body: up to `cap` bytes per call, 0 at its end. Each read has the idle timeout.
  // When the body breaks off (the client went away, a timeout), the bytes that did arrive are
  // returned first and the error on the next call.
  Result<size_t> ReadBodySome(uint8_t* buf, size_t cap);
  bool body_done() const { return parser_.is_done(); }
  std::optional<uint64_t> content_length() const {
    auto n = parser_.content_length();
    return n ? std::optional<uint64_t>(*n) : std::nullopt;
  }

  // Sends a response (adds Content-Length, Connection and common security headers).
  void Send(http::response<http::string_body>&& res);
  void SendJson(http::status status, const Json& body);
  // Sends `length` bytes of `fd` from `offset` as the body of `res` (whose body is ignored),
  // in chunks: memory does not grow with the file.
  void SendFileRange(http::response<http::empty_body>&& res, int fd, uint64_t offset,
                     uint64_t length);
  // Sends a pre-built body made of several parts read from `fd` (multipart/byteranges).
  struct Part {
    std::string prefix;  // written before the bytes
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  void SendParts(http::response<http::empty_body>&& res, int fd, const std::vector<Part>& parts,
                 const std::string& trailer);
  // Sends the header of a body made on the fly (a zip of several files) that will be exactly
  // `length` bytes, which the caller then writes with WriteBody. Returns whether the body is
  // wanted: false for HEAD and 304, and when the header could not be written. A caller that
  // cannot write all `length` bytes stops and calls Close(), so the client sees the cut.
  bool SendHeader(http::response<http::empty_body>&& res, uint64_t length);
  // The next bytes of a body begun with SendHeader; false once the connection failed.
  bool WriteBody(const void* data, size_t len) { return WriteAll(data, len); }

  bool responded() const { return responded_; }
  unsigned status() const { return status_; }
  uint64_t bytes_sent() const { return bytes_sent_; }
  bool keep_alive() const { return keep_alive_; }
  // Forces the connection to close after this response.
  void Close() { keep_alive_ = false; }

 private:
  void Prepare(http::header<false>& h, unsigned status);
  bool WriteAll(const void* data, size_t len);

  TimedSocket& socket_;
  boost::beast::flat_buffer& buffer_;
  http::request_parser<http::buffer_body>& parser_;
  const ServerOptions& options_;
  std::string peer_;
  std::string path_;
  std::multimap<std::string, std::string> query_;
  Status body_error_;  // a broken body, reported after the bytes that came before it
  bool responded_ = false;
  bool keep_alive_ = true;
  unsigned status_ = 0;
  uint64_t bytes_sent_ = 0;
};

using Handler = std::function<void(Exchange&)>;
// Called once per request after the response, for access logs and metrics.
using Observer = std::function<void(const Exchange&, std::chrono::microseconds)>;

class HttpServer {
 public:
  HttpServer(ServerOptions options, Handler handler, Observer observer = {});
  ~HttpServer();

  // Binds and listens. IOError naming the address when the port is taken.
  Status Listen();
  uint16_t port() const { return port_; }
  // Accepts connections until Stop(); returns after every connection thread has ended.
  void Serve();
  // Makes Serve return; safe from any thread and from signal-driven code paths.
  void Stop();
  int active_connections() const { return active_.load(); }

 private:
  void HandleConnection(int fd, std::string peer);
  bool HandleOne(TimedSocket& socket, boost::beast::flat_buffer& buffer, const std::string& peer);
  void Reject(int fd, http::status status, const char* message);

  ServerOptions options_;
  Handler handler_;
  Observer observer_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::mutex mu_;
  std::condition_variable drained_;
};

// Percent-decoding of a URL component ('+' stays '+'); nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace fullrecord::server
