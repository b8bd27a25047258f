// The built web UI: hashed assets with long-lived caching, index.html never cached, and every
// other non-API path answered with index.html so the browser's router can take it. A file the
// build compressed beforehand (name.gz beside name) is sent compressed to browsers that accept
// gzip.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "api/api.h"

namespace fullrecord::api {
namespace {

const char* ContentType(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                  {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},               {".json", "application/json"}};
  for (const auto& [ext, type] : kTypes) {
    size_t n = std::strlen(ext);
    if (path.size() >= n && path.compare(path.size() - n, n, ext) == 0) return type;
  }
  return "application/octet-stream";
}

// Whether the request's Accept-Encoding admits gzip ("gzip;q=0" refuses it).
bool AcceptsGzip(const server::Exchange& ex) {
  std::string accept = ex.Header(http::field::accept_encoding);
  for (char& ch : accept) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  size_t at = accept.find("gzip");
  if (at == std::string::npos) return false;
  size_t end = accept.find(',', at);
  std::string params = accept.substr(at + 4, end == std::string::npos ? end : end - at - 4);
  size_t q = params.find("q=");
  return q == std::string::npos || std::atof(params.c_str() + q + 2) > 0;
}

// A regular file opened for reading, or -1.
int OpenRegular(const std::string& file, struct stat& st) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Serves `file` (under the web directory) or returns false when it is not a regular file.
bool ServeFile(server::Exchange& ex, const std::string& file, bool immutable) {
  struct stat st;
  int fd = OpenRegular(file, st);
  if (fd < 0) return false;
  http::response<http::empty_body> res{http::status::ok, 11};
  struct stat gz_st;
  int gz = AcceptsGzip(ex) ? OpenRegular(file + ".gz", gz_st) : -1;
  if (gz >= 0) {
    ::close(fd);
    fd = gz;
    st = gz_st;
    res.set(http::field::content_encoding, "gzip");
  }
  res.set(http::field::vary, "Accept-Encoding");
  res.set(http::field::content_type, ContentType(file));
  res.set(http::field::cache_control, immutable ? "public, max-age=31536000, immutable" : "no-cache");
  ex.SendFileRange(std::move(res), fd, 0, static_cast<uint64_t>(st.st_size));
  ::close(fd);
  return true;
}

}  // namespace

void AddWebRoutes(Api& api, server::Router& router) {
  std::string dir = api.options().web_dir;
  if (dir.empty()) return;
  router.SetFallback([dir](server::Exchange& ex) {
    const std::string& path = ex.path();
    bool api_path = path.rfind("/api/", 0) == 0;
    bool safe = path.find("..") == std::string::npos;
    if (!api_path && safe && path.rfind("/assets/", 0) == 0 && ServeFile(ex, dir + path, true)) {
      return;
    }
    if (!api_path && safe && path != "/" && path.find('.') != std::string::npos &&
        ServeFile(ex, dir + path, false)) {
      return;
    }
    if (api_path || !ServeFile(ex, dir + "/index.html", false)) {
      ex.SendJson(http::status::not_found,
                  {{"code", "not_found"}, {"message", "请求的地址不存在"},
                   {"message_en", "no such path"}});
    }
  });
}

}  // namespace fullrecord::api
