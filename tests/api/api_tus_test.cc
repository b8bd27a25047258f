// tus 1.0.0 conformance of /api/uploads against a real server: every status the protocol and
// docs/uploads.md promise, the digests of finished uploads, attachment to records, expiry,
// termination of unfinished uploads only, and one writer per upload at a time.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "api/harness.h"
#include "api/tus.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/records.h"

namespace fullrecord::testing {
namespace {

namespace fs = std::filesystem;
using Headers = std::map<std::string, std::string>;

constexpr const char* kOctets = "application/offset+octet-stream";

std::string Sha256Hex(const std::string& s) {
  return crypto::DigestHex(crypto::Sha256(s));
}
std::string Sm3Hex(const std::string& s) {
  return crypto::DigestHex(crypto::Sm3(s));
}
std::string B64(const std::string& s) {
  return Base64Encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
std::string Sha256B64(const std::string& s) {
  auto d = crypto::Sha256(s);
  return Base64Encode(d.data(), d.size());
}

// A connection that sends a request in pieces, to hold a PATCH open mid-body.
class SlowRequest {
 public:
  SlowRequest(uint16_t port, const std::string& head) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    Send(head);
  }
  ~SlowRequest() { Close(); }
  void Send(const std::string& bytes) { ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // The status code of the response, reading until the status line is in.
  unsigned Status() {
    std::string in;
    char buf[4096];
    while (in.find("\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return 0;
      in.append(buf, static_cast<size_t>(n));
    }
    return static_cast<unsigned>(std::stoi(in.substr(9, 3)));
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

class TusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api::SetUploadLimitsForTesting({});
    server_.AddSection("s1", "执法一科");
    server_.AddUser("li.ming", "s1", {services::Role::kOfficer}, TestServer::kPassword, "C-1");
    server_.AddUser("wang.fang", "s1", {services::Role::kOfficer}, TestServer::kPassword, "C-2");
    server_.AddUser("sys", "", {services::Role::kSysAdmin});
    ASSERT_EQ(client_.Login("li.ming").status, 200u);
  }

  Response Create(uint64_t length, const std::string& metadata = "", const std::string& body = "",
                  Headers extra = {}) {
    Headers h = {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", std::to_string(length)}};
    if (!metadata.empty()) h["Upload-Metadata"] = metadata;
    if (!body.empty()) h["Content-Type"] = kOctets;
    for (const auto& [k, v] : extra) h[k] = v;
    return client_.Request(http::verb::post, "/api/uploads", body, h);
  }

  // Creates an upload and returns its id (the last segment of Location).
  std::string NewUpload(uint64_t length, const std::string& metadata = "") {
    Response r = Create(length, metadata);
    EXPECT_EQ(r.status, 201u) << r.body;
    std::string location = r.headers["location"];
    return location.substr(location.rfind('/') + 1);
  }

  Response Patch(const std::string& id, uint64_t offset, const std::string& body,
                 Headers extra = {}, Client* as = nullptr) {
    Headers h = {{"Tus-Resumable", "1.0.0"},
                 {"Upload-Offset", std::to_string(offset)},
                 {"Content-Type", kOctets}};
    for (const auto& [k, v] : extra) h[k] = v;
    return (as ? *as : client_).Request(http::verb::patch, "/api/uploads/" + id, body, h);
  }

  Response Head(const std::string& id, Client* as = nullptr) {
    return (as ? *as : client_)
        .Request(http::verb::head, "/api/uploads/" + id, "", {{"Tus-Resumable", "1.0.0"}});
  }

  Json Result(const std::string& id) {
    return client_.Get("/api/uploads/" + id + "/result").json();
  }
  std::string PartPath(const std::string& id) { return server_.dir() + "/uploads/" + id + ".part"; }
  services::Context& ctx() { return server_.store().services(); }

  Json LastEvent() {
    auto size = server_.store().ledger().Size();
    return Json::parse(server_.store().ledger().GetEntry(*size - 1)->data);
  }
  // The newest ledger event of `type`, or null.
  Json LastEventOf(const std::string& type) {
    auto rows = server_.store().db().Query(
        "SELECT data FROM ledger_entry WHERE json_extract(data, '$.type') = ? "
        "ORDER BY seq DESC LIMIT 1",
        {type});
    return rows.ok() && !rows->empty() ? Json::parse((*rows)[0].Text(0)) : Json();
  }

  std::string SlowPatchHead(const std::string& id, uint64_t offset, size_t length) {
    return "PATCH /api/uploads/" + id + " HTTP/1.1\r\nHost: x\r\nCookie: " + client_.cookie() +
           "\r\nX-CSRF-Token: " + csrf_ +
           "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + std::to_string(offset) +
           "\r\nContent-Type: " + kOctets + "\r\nContent-Length: " + std::to_string(length) +
           "\r\n\r\n";
  }

  TestServer server_;
  Client client_{server_.port()};
  std::string csrf_;
};

TEST_F(TusTest, OptionsAdvertisesVersionExtensionsAndChecksum) {
  Response r = client_.Request(http::verb::options, "/api/uploads");
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.headers["tus-resumable"], "1.0.0");
  EXPECT_EQ(r.headers["tus-version"], "1.0.0");
  for (const char* ext :
       {"creation", "creation-with-upload", "termination", "checksum", "expiration"}) {
    EXPECT_NE(r.headers["tus-extension"].find(ext), std::string::npos) << ext;
  }
  EXPECT_EQ(r.headers["tus-checksum-algorithm"], "sha256");
  EXPECT_EQ(r.headers["tus-max-size"], std::to_string(64ull << 30));
}

TEST_F(TusTest, PatchesToTheEndStoreTheFileWithItsDigests) {
  std::string content = "执法记录仪视频片段 0123456789";
  std::string id = NewUpload(content.size(), "filename " + B64("DSJ-001.mp4"));
  Response h = Head(id);
  EXPECT_EQ(h.status, 200u);
  EXPECT_EQ(h.headers["upload-offset"], "0");
  EXPECT_EQ(h.headers["upload-length"], std::to_string(content.size()));
  EXPECT_FALSE(h.headers["upload-expires"].empty());
  EXPECT_EQ(h.headers["cache-control"], "no-store");

  Response p1 = Patch(id, 0, content.substr(0, 7));
  EXPECT_EQ(p1.status, 204u) << p1.body;
  EXPECT_EQ(p1.headers["upload-offset"], "7");
  EXPECT_FALSE(p1.headers["upload-expires"].empty());
  EXPECT_EQ(Head(id).headers["upload-offset"], "7");

  Response p2 = Patch(id, 7, content.substr(7));
  ASSERT_EQ(p2.status, 204u) << p2.body;
  EXPECT_EQ(p2.headers["upload-offset"], std::to_string(content.size()));
  EXPECT_EQ(p2.headers["upload-sha256"], Sha256Hex(content));
  EXPECT_EQ(p2.headers["upload-sm3"], Sm3Hex(content));

  Json result = Result(id);
  EXPECT_EQ(result["state"], "done");
  EXPECT_EQ(result["sha256"], Sha256Hex(content));
  EXPECT_EQ(result["sm3"], Sm3Hex(content));
  EXPECT_EQ(result["size"], content.size());
  EXPECT_EQ(result["is_new"], true);
  EXPECT_EQ(result["attached"]["kind"], "vault");
  EXPECT_TRUE(server_.store().vault().Verify(Sha256Hex(content)).ok());
  EXPECT_FALSE(fs::exists(PartPath(id)));
  Json ingested = LastEventOf("blob.ingested");
  EXPECT_EQ(ingested["detail"]["source"], "upload:" + id);
  EXPECT_EQ(ingested["actor"], "user:li.ming");

  // The finished upload still answers HEAD with its final offset and digests.
  Response done = Head(id);
  EXPECT_EQ(done.status, 200u);
  EXPECT_EQ(done.headers["upload-offset"], std::to_string(content.size()));
  EXPECT_EQ(done.headers["upload-sha256"], Sha256Hex(content));
}

TEST_F(TusTest, TheSameBytesTwiceAreStoredOnce) {
  std::string content = "same bytes";
  std::string a = NewUpload(content.size());
  ASSERT_EQ(Patch(a, 0, content).status, 204u);
  std::string b = NewUpload(content.size());
  ASSERT_EQ(Patch(b, 0, content).status, 204u);
  EXPECT_EQ(Result(a)["is_new"], true);
  EXPECT_EQ(Result(b)["is_new"], false);
  EXPECT_EQ(*server_.store().vault().Count(), 1u);
}

TEST_F(TusTest, WrongTusVersionIs412WithTusVersion) {
  std::string id = NewUpload(4);
  Response p = Patch(id, 0, "abcd", {{"Tus-Resumable", "0.2.2"}});
  EXPECT_EQ(p.status, 412u);
  EXPECT_EQ(p.headers["tus-version"], "1.0.0");
  EXPECT_EQ(Create(4, "", "", {{"Tus-Resumable", ""}}).status, 412u);
  EXPECT_EQ(client_.Request(http::verb::head, "/api/uploads/" + id).status, 412u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
}

TEST_F(TusTest, PatchWithoutOffsetOctetStreamIs415) {
  std::string id = NewUpload(4);
  EXPECT_EQ(Patch(id, 0, "abcd", {{"Content-Type", "application/octet-stream"}}).status, 415u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
}

TEST_F(TusTest, OffsetMismatchIs409AndChangesNothing) {
  std::string id = NewUpload(8);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  Response p = Patch(id, 2, "cdef");
  EXPECT_EQ(p.status, 409u);
  EXPECT_EQ(p.headers["upload-offset"], "4");
  EXPECT_EQ(Patch(id, 0, "abcd").status, 409u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "4");
  EXPECT_EQ(Patch(id, 4, "efgh").status, 204u);
  EXPECT_EQ(Result(id)["sha256"], Sha256Hex("abcdefgh"));
}

TEST_F(TusTest, ChecksumMismatchIs460AndDiscardsTheBytes) {
  std::string id = NewUpload(8);
  Response bad = Patch(id, 0, "abcd", {{"Upload-Checksum", "sha256 " + Sha256B64("abcX")}});
  EXPECT_EQ(bad.status, 460u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
  EXPECT_EQ(fs::file_size(PartPath(id)), 0u);

  Response good = Patch(id, 0, "abcd", {{"Upload-Checksum", "sha256 " + Sha256B64("abcd")}});
  EXPECT_EQ(good.status, 204u);
  ASSERT_EQ(Patch(id, 4, "efgh").status, 204u);
  EXPECT_EQ(Result(id)["sha256"], Sha256Hex("abcdefgh"));
}

TEST_F(TusTest, UnsupportedChecksumAlgorithmIs400) {
  std::string id = NewUpload(4);
  EXPECT_EQ(Patch(id, 0, "abcd", {{"Upload-Checksum", "md5 4vxxTEcn7pOV8yTNLn8zHw=="}}).status,
            400u);
  EXPECT_EQ(Patch(id, 0, "abcd", {{"Upload-Checksum", "sha256 notbase64"}}).status, 400u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
}

TEST_F(TusTest, BytesPastUploadLengthAre413) {
  std::string id = NewUpload(4);
  Response p = Patch(id, 0, "abcdef");
  EXPECT_EQ(p.status, 413u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
  EXPECT_EQ(Patch(id, 0, "abcd").status, 204u);
}

TEST_F(TusTest, LengthOverMaxSizeIs413) {
  api::SetUploadLimitsForTesting({1000, api::UploadLimits{}.lifetime_us});
  Response r = Create(1001);
  EXPECT_EQ(r.status, 413u);
  EXPECT_EQ(r.headers["tus-max-size"], "1000");
  EXPECT_EQ(Create(1000).status, 201u);
  EXPECT_EQ(Create(0, "", "", {{"Upload-Length", "-1"}}).status, 400u);
  EXPECT_EQ(Create(0, "", "", {{"Upload-Length", ""}, {"Upload-Defer-Length", "1"}}).status, 400u);
}

TEST_F(TusTest, UnknownAndOtherPeoplesUploadsAre404) {
  EXPECT_EQ(Head("0123456789abcdef0123456789abcdef").status, 404u);
  EXPECT_EQ(Head("not-an-id").status, 404u);
  EXPECT_EQ(Patch("0123456789abcdef0123456789abcdef", 0, "x").status, 404u);

  std::string id = NewUpload(4);
  Client other(server_.port());
  ASSERT_EQ(other.Login("wang.fang").status, 200u);
  EXPECT_EQ(Head(id, &other).status, 404u);
  EXPECT_EQ(Patch(id, 0, "abcd", {}, &other).status, 404u);
  EXPECT_EQ(Head(id).headers["upload-offset"], "0");
}

TEST_F(TusTest, ExpiredUploadIs410AndLosesItsBytes) {
  std::string id = NewUpload(8);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  ASSERT_TRUE(
      server_.store().db().Exec("UPDATE upload SET expires_us = 1 WHERE id = ?", {id}).ok());
  EXPECT_EQ(Head(id).status, 410u);
  EXPECT_EQ(Patch(id, 4, "efgh").status, 410u);
  EXPECT_FALSE(fs::exists(PartPath(id)));
  EXPECT_EQ(Result(id)["state"], "expired");
}

TEST_F(TusTest, SweepRemovesExpiredPartFilesAndLeftovers) {
  std::string old_one = NewUpload(8);
  std::string fresh = NewUpload(8);
  ASSERT_EQ(Patch(old_one, 0, "abcd").status, 204u);
  ASSERT_TRUE(
      server_.store().db().Exec("UPDATE upload SET expires_us = 1 WHERE id = ?", {old_one}).ok());
  std::ofstream(server_.dir() + "/uploads/0123456789abcdef0123456789abcdef.part") << "x";

  auto removed = api::SweepUploads(server_.store(), NowMicros());
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 1);  // the row-less file is younger than an hour: kept
  EXPECT_FALSE(fs::exists(PartPath(old_one)));
  EXPECT_TRUE(fs::exists(PartPath(fresh)));
  EXPECT_EQ(Result(old_one)["state"], "expired");
  EXPECT_EQ(Head(fresh).status, 200u);
}

TEST_F(TusTest, TerminatingAnUnfinishedUploadRemovesIt) {
  std::string id = NewUpload(8);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  Response d =
      client_.Request(http::verb::delete_, "/api/uploads/" + id, "", {{"Tus-Resumable", "1.0.0"}});
  EXPECT_EQ(d.status, 204u);
  EXPECT_EQ(Head(id).status, 404u);
  EXPECT_EQ(Patch(id, 4, "efgh").status, 404u);
  EXPECT_FALSE(fs::exists(PartPath(id)));
  Json e = LastEventOf("upload.terminated");
  EXPECT_EQ(e["detail"]["upload"], id);
  EXPECT_EQ(e["detail"]["offset"], 4);
}

TEST_F(TusTest, TerminatingAFinishedUploadIsRefusedAndLogged) {
  std::string id = NewUpload(4);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  Response d =
      client_.Request(http::verb::delete_, "/api/uploads/" + id, "", {{"Tus-Resumable", "1.0.0"}});
  EXPECT_EQ(d.status, 403u);
  EXPECT_EQ(d.json()["code"], "original_protected");
  EXPECT_NE(d.json()["message"].get<std::string>().find("原始记录"), std::string::npos);
  Json e = LastEvent();
  EXPECT_EQ(e["type"], "original.change_attempt");
  EXPECT_EQ(e["outcome"], "refused");
  EXPECT_EQ(e["detail"]["sha256"], Sha256Hex("abcd"));
  EXPECT_TRUE(server_.store().vault().Verify(Sha256Hex("abcd")).ok());
  EXPECT_EQ(Head(id).status, 200u);
}

TEST_F(TusTest, CreationWithUploadCanFinishInOneRequest) {
  std::string content = "small scanned document";
  Response r = Create(content.size(), "", content);
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(r.headers["upload-offset"], std::to_string(content.size()));
  EXPECT_EQ(r.headers["upload-sha256"], Sha256Hex(content));
  EXPECT_FALSE(r.headers["location"].empty());

  Response part = Create(10, "", "abc");
  ASSERT_EQ(part.status, 201u);
  EXPECT_EQ(part.headers["upload-offset"], "3");
  EXPECT_EQ(Create(10, "", "abc", {{"Content-Type", "text/plain"}}).status, 415u);
}

TEST_F(TusTest, AnEmptyFileIsCompleteAtCreation) {
  Response r = Create(0);
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(r.headers["upload-sha256"], Sha256Hex(""));
}

TEST_F(TusTest, AnnouncedDigestMustMatchOrTheUploadStaysOutOfTheVault) {
  std::string content = "the real bytes";
  std::string id = NewUpload(content.size(), "sha256 " + B64(Sha256Hex("other bytes")));
  Response p = Patch(id, 0, content);
  EXPECT_EQ(p.status, 460u);
  EXPECT_EQ(p.json()["code"], "upload_digest_mismatch");
  EXPECT_EQ(*server_.store().vault().Count(), 0u);
  EXPECT_EQ(Result(id)["state"], "rejected");
  EXPECT_EQ(Head(id).status, 410u);
  EXPECT_EQ(LastEventOf("upload.rejected")["outcome"], "refused");

  std::string hex = NewUpload(content.size(), "sha256 " + B64(Sha256Hex(content)));
  EXPECT_EQ(Patch(hex, 0, content).status, 204u);
  std::string b64 = NewUpload(content.size(), "sha256 " + B64(Sha256B64(content)));
  EXPECT_EQ(Patch(b64, 0, content).status, 204u);
  EXPECT_EQ(Create(4, "sha256 " + B64("not a digest")).status, 400u);
}

TEST_F(TusTest, MalformedMetadataIs400) {
  EXPECT_EQ(Create(4, "filename not*base64").status, 400u);
  EXPECT_EQ(Create(4, "a " + B64("x") + ",a " + B64("y")).status, 400u);
  EXPECT_EQ(Create(4, "flag").status, 201u);
}

TEST_F(TusTest, SeparatedAdministratorsMayNotUpload) {
  Client admin(server_.port());
  ASSERT_EQ(admin.Login("sys").status, 200u);
  Response r = admin.Request(http::verb::post, "/api/uploads", "",
                             {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "4"}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(LastEvent()["type"], "upload.created");
  EXPECT_EQ(LastEvent()["outcome"], "refused");
}

TEST_F(TusTest, ChangesNeedTheCsrfToken) {
  std::string id = NewUpload(4);
  client_.ForgetCsrf();
  EXPECT_EQ(Patch(id, 0, "abcd").status, 403u);
}

// Two PATCHes at the same offset: one holds the upload while the other arrives.
TEST_F(TusTest, ConcurrentPatchesNeverInterleave) {
  std::string id = NewUpload(8);
  csrf_ = client_.Login("li.ming").json()["csrf"].get<std::string>();
  SlowRequest first(server_.port(), SlowPatchHead(id, 0, 8));
  first.Send("abcd");  // half the body; the server now holds the upload
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  Response second = Patch(id, 0, "WXYZwxyz");
  EXPECT_EQ(second.status, 423u);  // Locked; tus clients retry
  first.Send("efgh");
  EXPECT_EQ(first.Status(), 204u);
  EXPECT_EQ(Result(id)["sha256"], Sha256Hex("abcdefgh"));
}

// The loser is answered 423 (the other holds the upload) or 409 (the other already finished);
// its small body is read and dropped first, so it gets the answer, not a reset connection.
TEST_F(TusTest, RacingPatchesAtOneOffsetExactlyOneSucceeds) {
  std::string body(512 << 10, 'a');
  for (int round = 0; round < 5; ++round) {
    std::string id = NewUpload(body.size());
    auto run = [&] {
      Client c(server_.port());
      c.Login("li.ming");
      return Patch(id, 0, body, {}, &c).status;
    };
    auto a = std::async(std::launch::async, run);
    auto b = std::async(std::launch::async, run);
    unsigned sa = a.get(), sb = b.get();
    EXPECT_EQ((sa == 204) + (sb == 204), 1) << sa << " " << sb;
    EXPECT_TRUE(sa == 409 || sa == 423 || sb == 409 || sb == 423) << sa << " " << sb;
    EXPECT_EQ(Result(id)["sha256"], Sha256Hex(body));
  }
}

TEST_F(TusTest, AClientThatGoesAwayKeepsWhatArrived) {
  std::string id = NewUpload(10);
  csrf_ = client_.Login("li.ming").json()["csrf"].get<std::string>();
  {
    SlowRequest gone(server_.port(), SlowPatchHead(id, 0, 10));
    gone.Send("012345");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  for (int i = 0; i < 50 && Head(id).headers["upload-offset"] != "6"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(Head(id).headers["upload-offset"], "6");
  ASSERT_EQ(Patch(id, 6, "6789").status, 204u);
  EXPECT_EQ(Result(id)["sha256"], Sha256Hex("0123456789"));
}

// A server killed mid-PATCH leaves bytes past the stored offset and no digests in memory: the
// stored offset wins, and completion reads the file again.
TEST_F(TusTest, BytesPastTheStoredOffsetAreCutAndTheFileRehashed) {
  std::string id = NewUpload(8);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  std::ofstream(PartPath(id), std::ios::app) << "GARBAGE";
  ASSERT_TRUE(server_.store()
                  .db()
                  .Exec("UPDATE upload SET upload_offset = 2 WHERE id = ?", {id})
                  .ok());  // as if the last checkpoint had been at 2
  EXPECT_EQ(Head(id).headers["upload-offset"], "2");
  ASSERT_EQ(Patch(id, 2, "cdefgh").status, 204u);
  EXPECT_EQ(Result(id)["sha256"], Sha256Hex("abcdefgh"));
  EXPECT_EQ(Result(id)["sm3"], Sm3Hex("abcdefgh"));
}

TEST_F(TusTest, HeadFinishesAnUploadWhoseCompletionWasCutShort) {
  std::string id = NewUpload(8);
  ASSERT_EQ(Patch(id, 0, "abcd").status, 204u);
  std::ofstream(PartPath(id), std::ios::app) << "efgh";
  ASSERT_TRUE(
      server_.store().db().Exec("UPDATE upload SET upload_offset = 8 WHERE id = ?", {id}).ok());
  Response h = Head(id);
  EXPECT_EQ(h.status, 200u);
  EXPECT_EQ(h.headers["upload-offset"], "8");
  EXPECT_EQ(h.headers["upload-sha256"], Sha256Hex("abcdefgh"));
  EXPECT_EQ(Result(id)["state"], "done");
}

TEST_F(TusTest, AdoptingRefusesFilesOutsideTheStore) {
  TempDir elsewhere;
  std::string path = elsewhere / "file";
  std::ofstream(path) << "abcd";
  vault::StreamDigests d{crypto::Sha256("abcd"), crypto::Sm3("abcd"), 4};
  auto r = server_.store().vault().AdoptFile(path, d, "test", "test");
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
  d.size = 5;
  std::string inside = server_.dir() + "/uploads-test";
  std::ofstream(inside) << "abcd";
  EXPECT_EQ(server_.store().vault().AdoptFile(inside, d, "test", "test").status().code(),
            Status::Code::kInvalidArgument);
}

class TusAttachTest : public TusTest {
 protected:
  void SetUp() override {
    TusTest::SetUp();
    auto console = services::Actor::Console("test");
    services::BureauService bureau(ctx());
    ASSERT_TRUE(bureau.RegisterDevice(console, {"DSJ-001", "body_camera", "s1"}).ok());
    officer_ = *services::LoadActor(ctx(), "li.ming");
    services::CaseInput in;
    in.number = "乌教罚〔2026〕1号";
    in.title = "某培训学校违规办学";
    in.section = "s1";
    in.officers = {"li.ming"};
    in.parties = {{"某培训学校", "organisation", ""}};
    case_id_ = *services::CaseService(ctx()).Create(officer_, in);
    services::AvRecordInput av;
    av.case_id = case_id_;
    av.stage = services::Stage::kStart;
    av.device = "DSJ-001";
    av.officer = "li.ming";
    av.end_us = NowMicros() - 3'600'000'000;
    av.start_us = av.end_us - 600'000'000;
    auto id = services::RecordService(ctx()).AddAv(officer_, av);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    av_id_ = *id;
  }

  services::Actor officer_;
  int64_t case_id_ = 0;
  int64_t av_id_ = 0;
};

TEST_F(TusAttachTest, AnUploadForARecordingBecomesASegmentUploadedNow) {
  std::string content = "video bytes";
  UnixMicros before = NowMicros();
  std::string id = NewUpload(content.size(), "av_record " + B64(std::to_string(av_id_)));
  ASSERT_EQ(Patch(id, 0, content).status, 204u);
  Json attached = Result(id)["attached"];
  EXPECT_EQ(attached["kind"], "av_segment");
  EXPECT_EQ(attached["av_record"], av_id_);
  auto rows = server_.store().db().Query(
      "SELECT blob_sha256, uploaded_us FROM av_segment WHERE av_id = ?", {av_id_});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), Sha256Hex(content));
  EXPECT_GE((*rows)[0].Int(1), before);  // lateness (R12.1) is measured from the upload
}

TEST_F(TusAttachTest, AnUploadForACaseBecomesATextRecord) {
  std::string content = "%PDF-1.7 scanned decision";
  std::string meta = "case " + B64(std::to_string(case_id_)) + ",doc_type " +
                     B64("onsite_inspection_record") + ",title " + B64("现场检查笔录");
  std::string id = NewUpload(content.size(), meta);
  ASSERT_EQ(Patch(id, 0, content).status, 204u);
  Json attached = Result(id)["attached"];
  EXPECT_EQ(attached["kind"], "text_record");
  auto rows =
      server_.store().db().Query("SELECT title FROM text_record WHERE id = ? AND blob_sha256 = ?",
                                 {attached["text_record"].get<int64_t>(), Sha256Hex(content)});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "现场检查笔录");
}

TEST_F(TusAttachTest, ARecordTheUploaderMayNotChangeIsRefusedAtCreation) {
  Client other(server_.port());
  ASSERT_EQ(other.Login("wang.fang").status, 200u);
  Response r = other.Request(http::verb::post, "/api/uploads", "",
                             {{"Tus-Resumable", "1.0.0"},
                              {"Upload-Length", "4"},
                              {"Upload-Metadata", "av_record " + B64(std::to_string(av_id_))}});
  EXPECT_EQ(r.status, 404u) << r.body;  // not hers to see
  EXPECT_EQ(Create(4, "av_record " + B64("999")).status, 404u);
  EXPECT_EQ(Create(4, "av_record " + B64("x")).status, 400u);
  EXPECT_EQ(Create(4, "case " + B64(std::to_string(case_id_))).status, 400u);  // no title
}

}  // namespace
}  // namespace fullrecord::testing
