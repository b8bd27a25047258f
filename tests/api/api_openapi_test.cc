// /api/openapi.json describes exactly the routes the server has: each (method, path) of the router
// is in the document, and each operation of the document is a route.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api/harness.h"

namespace fullrecord::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // (lower-case method, path)

std::set<Operation> RouterOperations(TestServer& server) {
  std::set<Operation> out;
  for (const auto& r : server.api().router().routes()) {
    std::string method(http::to_string(r.method));
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    out.insert({method, r.pattern});
  }
  return out;
}

std::set<Operation> DocumentOperations(const Json& doc) {
  std::set<Operation> out;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) out.insert({method, path});
  }
  return out;
}

TEST(ApiOpenApiTest, DocumentListsExactlyTheServersRoutes) {
  TestServer server;
  Response r = Client(server.port()).Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200u);
  Json doc = r.json();
  ASSERT_TRUE(doc.is_object()) << r.body;
  EXPECT_EQ(doc["openapi"], "3.0.3");

  std::set<Operation> routes = RouterOperations(server);
  std::set<Operation> documented = DocumentOperations(doc);
  for (const auto& op : routes) {
    EXPECT_TRUE(documented.count(op)) << "undocumented route " << op.first << " " << op.second;
  }
  for (const auto& op : documented) {
    EXPECT_TRUE(routes.count(op)) << "documented but not served " << op.first << " " << op.second;
  }
  EXPECT_EQ(routes.size(), documented.size());
}

TEST(ApiOpenApiTest, EveryOperationHasSummaryTagAndPathParameters) {
  TestServer server;
  Json doc = Client(server.port()).Get("/api/openapi.json").json();
  for (const auto& [path, item] : doc["paths"].items()) {
    size_t braces = std::count(path.begin(), path.end(), '{');
    for (const auto& [method, op] : item.items()) {
      SCOPED_TRACE(method + " " + path);
      EXPECT_FALSE(op["summary"].get<std::string>().empty());
      EXPECT_EQ(op["tags"].size(), 1u);
      size_t params = op.contains("parameters") ? op["parameters"].size() : 0;
      EXPECT_EQ(params, braces);
    }
  }
}

TEST(ApiOpenApiTest, SessionRoutesDeclareTheCookieAndRefuseWithoutIt) {
  TestServer server;
  Client anonymous(server.port());
  Json doc = anonymous.Get("/api/openapi.json").json();
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (!op.contains("security") || method != "get" || path.find('{') != std::string::npos) {
        continue;
      }
      SCOPED_TRACE(path);
      EXPECT_EQ(anonymous.Get(path).status, 401u);
    }
  }
}

}  // namespace
}  // namespace fullrecord::testing
