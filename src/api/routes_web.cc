// The built web UI: hashed assets with long-lived caching, index.html never cached, and every
// other non-API path answered with index.html so the browser's router can take it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

// Serves `file` (under the web directory) or returns false when it is not a regular file.
bool ServeFile(server::Exchange& ex, const std::string& file, bool immutable) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return false;
  }
  http::response<http::empty_body> res{http::status::ok, 11};
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
                  {{"code", "not_found"}, {"message", "没有这个地址 / no such path"}});
    }
  });
}

}  // namespace fullrecord::api
