// The built web UI as the server sends it: hashed assets cached for a year and compressed when
// the browser accepts gzip, index.html never cached and answering the browser router's paths.
#include <gtest/gtest.h>

#include <filesystem>

#include "api/harness.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {
namespace {

class ApiWebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(web_ / "assets");
    WriteFile(web_ / "index.html", kIndex);
    WriteFile(web_ / "assets/index-Ab12.js", kScript);
    WriteFile(web_ / "assets/index-Ab12.js.gz", kScriptGz);
    WriteFile(web_ / "assets/plain-Cd34.css", "body{}");
    server_ = std::make_unique<TestServer>([this](api::ApiOptions& o) { o.web_dir = web_.path(); });
  }

  Response Get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return Client(server_->port()).Request(http::verb::get, target, "", headers);
  }

  static constexpr const char* kIndex = "<!doctype html><title>执法全过程记录</title>";
  static constexpr const char* kScript = "console.log('fullrecord')";
  // Stands for the compressed twin the build writes; the server sends its bytes as they are.
  static constexpr const char* kScriptGz = "\x1f\x8b compressed bytes";
  TempDir web_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ApiWebTest, HashedAssetIsCachedForAYearAndSentCompressedWhenGzipIsAccepted) {
  Response r = Get("/assets/index-Ab12.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, kScriptGz);
  EXPECT_EQ(r.headers["content-encoding"], "gzip");
  EXPECT_EQ(r.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(r.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable");
}

TEST_F(ApiWebTest, AssetIsSentUncompressedWhenGzipIsNotAccepted) {
  for (const char* accept : {"", "identity", "br", "gzip;q=0", "deflate, gzip; q=0.0"}) {
    Response r = accept[0] ? Get("/assets/index-Ab12.js", {{"Accept-Encoding", accept}})
                           : Get("/assets/index-Ab12.js");
    EXPECT_EQ(r.status, 200u) << accept;
    EXPECT_EQ(r.body, kScript) << accept;
    EXPECT_EQ(r.headers.count("content-encoding"), 0u) << accept;
  }
  Response weighted = Get("/assets/index-Ab12.js", {{"Accept-Encoding", "GZIP;q=0.5"}});
  EXPECT_EQ(weighted.headers["content-encoding"], "gzip");
}

TEST_F(ApiWebTest, AssetWithoutACompressedTwinIsSentAsItIs) {
  Response r = Get("/assets/plain-Cd34.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "body{}");
  EXPECT_EQ(r.headers.count("content-encoding"), 0u);
  EXPECT_EQ(r.headers["content-type"], "text/css; charset=utf-8");
}

TEST_F(ApiWebTest, RouterPathsGetIndexHtmlThatIsNeverCached) {
  for (const char* path : {"/", "/cases/12", "/workbench"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 200u) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(r.headers["cache-control"], "no-cache") << path;
  }
}

TEST_F(ApiWebTest, UnknownApiPathAndPathsOutsideTheWebFolderAreNotServed) {
  Response api = Get("/api/no-such-route");
  EXPECT_EQ(api.status, 404u);
  EXPECT_EQ(api.json()["code"], "not_found");
  Response escape = Get("/assets/../../etc/passwd");
  EXPECT_NE(escape.body.find("执法全过程记录"), std::string::npos)
      << "a path with .. falls back to index.html, never to a file outside: " << escape.body;
}

}  // namespace
}  // namespace fullrecord::testing
