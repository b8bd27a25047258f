// Routes requests by method and path pattern ("/api/cases/{id}") to handlers, and keeps the
// list of routes so the OpenAPI document can be checked against it.
#pragma once

#include <string>
#include <vector>

#include "server/http_server.h"

namespace fullrecord::server {

struct Route {
  http::verb method;
  std::string pattern;  // literal segments and {name} parameters
  Handler handler;
};

class Router {
 public:
  void Add(http::verb method, std::string pattern, Handler handler);
  // Dispatches; 404 for an unknown path, 405 (with Allow) for a known path and another method.
  void Dispatch(Exchange& ex) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Handles GET and HEAD requests that match no route (the web UI's files); 404 when unset.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

 private:
  static bool Match(const std::string& pattern, const std::string& path,
                    std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace fullrecord::server
