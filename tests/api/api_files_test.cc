// Originals out: byte ranges (pure), the zip writer (read back by Python's zipfile), GET
// /api/blobs/{sha256} against a real server (ranges, ETag, access, ledger), and the package of
// a produced copy for a party (R15.1).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "api/byte_ranges.h"
#include "api/harness.h"
#include "api/tus.h"
#include "api/zip_writer.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/copies.h"
#include "services/records.h"

namespace fullrecord::testing {
namespace {

namespace fs = std::filesystem;
using api::ByteRange;
using api::PlanRanges;
using api::RangePlan;
using Outcome = RangePlan::Outcome;

std::string Sha256Hex(const std::string& s) {
  return crypto::DigestHex(crypto::Sha256(s));
}
std::string B64(const std::string& s) {
  return Base64Encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string Pieces(const RangePlan& p) {
  std::string out;
  for (const auto& r : p.ranges)
    out += std::to_string(r.first) + "-" + std::to_string(r.last) + " ";
  return out;
}

TEST(ByteRanges, NoOrForeignOrMalformedHeaderMeansTheWhole) {
  EXPECT_EQ(PlanRanges("", 100).outcome, Outcome::kWhole);
  EXPECT_EQ(PlanRanges("items=0-5", 100).outcome, Outcome::kWhole);
  EXPECT_EQ(PlanRanges("bytes=5", 100).outcome, Outcome::kWhole);
  EXPECT_EQ(PlanRanges("bytes=9-3", 100).outcome, Outcome::kWhole);
  EXPECT_EQ(PlanRanges("bytes=a-b", 100).outcome, Outcome::kWhole);
  EXPECT_EQ(PlanRanges("bytes=", 100).outcome, Outcome::kWhole);
}

TEST(ByteRanges, SingleOpenAndSuffixRangesAreClippedToTheEnd) {
  EXPECT_EQ(Pieces(PlanRanges("bytes=0-9", 100)), "0-9 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=90-", 100)), "90-99 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=90-500", 100)), "90-99 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=-10", 100)), "90-99 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=-1000", 100)), "0-99 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes= 0-0 ", 1)), "0-0 ");
}

TEST(ByteRanges, NothingSatisfiableIs416) {
  EXPECT_EQ(PlanRanges("bytes=100-", 100).outcome, Outcome::kUnsatisfiable);
  EXPECT_EQ(PlanRanges("bytes=200-300,100-150", 100).outcome, Outcome::kUnsatisfiable);
  EXPECT_EQ(PlanRanges("bytes=-0", 100).outcome, Outcome::kUnsatisfiable);
  EXPECT_EQ(PlanRanges("bytes=0-", 0).outcome, Outcome::kUnsatisfiable);
  // One satisfiable range is enough.
  EXPECT_EQ(Pieces(PlanRanges("bytes=200-300,0-1", 100)), "0-1 ");
}

TEST(ByteRanges, OverlappingAndTouchingRangesAreMerged) {
  EXPECT_EQ(Pieces(PlanRanges("bytes=0-9,5-14", 100)), "0-14 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=10-19,0-9", 100)), "0-19 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=50-59,0-4,-10", 100)), "0-4 50-59 90-99 ");
  EXPECT_EQ(Pieces(PlanRanges("bytes=0-1,0-1,0-1", 100)), "0-1 ");
}

TEST(ByteRanges, AThousandScatteredRangesGetTheWholeOnce) {
  std::string many = "bytes=";
  for (int i = 0; i < 1000; ++i)
    many += (i ? "," : "") + std::to_string(i * 3) + "-" + std::to_string(i * 3);
  EXPECT_EQ(PlanRanges(many, 10000).outcome, Outcome::kWhole);

  std::string same = "bytes=";
  for (int i = 0; i < 1000; ++i)
    same += (i ? "," : "") + std::to_string(i) + "-" + std::to_string(i + 5);
  EXPECT_EQ(Pieces(PlanRanges(same, 10000)), "0-1004 ");

  std::string sixteen = "bytes=";
  for (int i = 0; i < 16; ++i)
    sixteen += (i ? "," : "") + std::to_string(i * 10) + "-" + std::to_string(i * 10);
  EXPECT_EQ(PlanRanges(sixteen, 1000).ranges.size(), 16u);
}

TEST(ByteRanges, MultipartFramingNamesEachPiece) {
  auto m = api::FrameRanges({{0, 1}, {5, 6}}, 10, "video/mp4", "B");
  EXPECT_EQ(m.content_type, "multipart/byteranges; boundary=B");
  EXPECT_EQ(m.prefixes[0], "--B\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-1/10\r\n\r\n");
  EXPECT_EQ(m.prefixes[1].substr(0, 5), "\r\n--B");
  EXPECT_EQ(m.trailer, "\r\n--B--\r\n");
}

// Runs a Python check over the zip at `path`; returns its exit code.
int Python(const std::string& script, const std::string& path) {
  TempDir dir;
  std::string file = dir / "check.py";
  std::ofstream(file) << "import sys, zipfile, hashlib, json\nz = zipfile.ZipFile(sys.argv[1])\n"
                      << script;
  return std::system(("python3 " + file + " " + path).c_str());
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries, bool zip64,
                uint64_t* predicted) {
  std::string out;
  api::ZipWriter::Options o{1'772'400'000'000'000, zip64};
  std::vector<std::pair<std::string, uint64_t>> layout;
  for (const auto& [name, data] : entries) layout.push_back({name, data.size()});
  *predicted = api::ZipWriter::ArchiveSize(layout, o);
  api::ZipWriter w(
      [&out](const void* p, size_t n) {
        out.append(static_cast<const char*>(p), n);
        return true;
      },
      o);
  for (const auto& [name, data] : entries) {
    EXPECT_TRUE(w.Begin(name, data.size(), api::Crc32(0, data.data(), data.size())).ok());
    EXPECT_TRUE(w.Write(data.data(), data.size()).ok());
  }
  EXPECT_TRUE(w.Finish().ok());
  return out;
}

TEST(ZipWriter, PythonReadsWhatItWrites) {
  for (bool zip64 : {false, true}) {
    uint64_t predicted = 0;
    std::string zip = Zip({{"manifest.json", "{\"a\": 1}\n"},
                           {"data/视频-1", std::string(70000, 'v')},
                           {"empty", ""}},
                          zip64, &predicted);
    EXPECT_EQ(zip.size(), predicted);
    TempDir dir;
    std::string path = dir / "t.zip";
    std::ofstream(path, std::ios::binary) << zip;
    EXPECT_EQ(Python("assert z.testzip() is None\n"
                     "assert z.namelist() == ['manifest.json', 'data/视频-1', 'empty']\n"
                     "assert z.read('data/视频-1') == b'v' * 70000\n"
                     "assert z.getinfo('manifest.json').compress_type == zipfile.ZIP_STORED\n"
                     "assert z.getinfo('manifest.json').date_time == (2026, 3, 2, 5, 20, 0)\n",
                     path),
              0)
        << "zip64=" << zip64;
    EXPECT_EQ(std::system(("unzip -tq " + path + " >/dev/null").c_str()), 0);
  }
}

TEST(ZipWriter, RefusesShortAndLongEntries) {
  api::ZipWriter w([](const void*, size_t) { return true; }, {});
  ASSERT_TRUE(w.Begin("a", 3, 0).ok());
  EXPECT_FALSE(w.Write("abcd", 4).ok());
  EXPECT_TRUE(w.Write("ab", 2).ok());
  EXPECT_EQ(w.Begin("b", 1, 0).code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(w.Finish().code(), Status::Code::kFailedPrecondition);
}

// An entry past 4 GiB needs ZIP64 for real. Its zeros go to a sparse file.
TEST(ZipWriter, EntriesPastFourGibUseZip64) {
  if (std::getenv("FR_QUICK")) GTEST_SKIP() << "FR_QUICK: skips the 4 GiB entry";
  TempDir dir;
  std::string path = dir / "big.zip";
  FILE* f = std::fopen(path.c_str(), "wb");
  uint64_t big = (4ull << 30) + 3;
  std::vector<char> zeros(1 << 20, 0);
  uint32_t crc = 0;
  for (uint64_t done = 0; done < big; done += zeros.size()) {
    crc = api::Crc32(crc, zeros.data(), std::min<uint64_t>(zeros.size(), big - done));
  }
  api::ZipWriter::Options o{0, false};
  api::ZipWriter w(
      [f](const void* p, size_t n) {
        bool all_zero = std::all_of(static_cast<const char*>(p), static_cast<const char*>(p) + n,
                                    [](char ch) { return ch == 0; });
        if (all_zero && n > 4096) return std::fseek(f, static_cast<long>(n), SEEK_CUR) == 0;
        return std::fwrite(p, 1, n, f) == n;
      },
      o);
  ASSERT_TRUE(w.Begin("small", 2, api::Crc32(0, "hi", 2)).ok());
  ASSERT_TRUE(w.Write("hi", 2).ok());
  ASSERT_TRUE(w.Begin("big", big, crc).ok());
  for (uint64_t done = 0; done < big; done += zeros.size()) {
    ASSERT_TRUE(w.Write(zeros.data(), std::min<uint64_t>(zeros.size(), big - done)).ok());
  }
  ASSERT_TRUE(w.Begin("after", 2, api::Crc32(0, "ok", 2)).ok());
  ASSERT_TRUE(w.Write("ok", 2).ok());
  ASSERT_TRUE(w.Finish().ok());
  std::fclose(f);
  EXPECT_EQ(fs::file_size(path),
            api::ZipWriter::ArchiveSize({{"small", 2}, {"big", big}, {"after", 2}}, o));
  EXPECT_EQ(Python("assert z.getinfo('big').file_size == " + std::to_string(big) +
                       "\n"
                       "assert z.read('after') == b'ok' and z.read('small') == b'hi'\n"
                       "assert z.getinfo('after').header_offset > 2**32\n",
                   path),
            0);
}

// A bureau with one case of section s1 and its records, served by a real server.
class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddSection("s1", "执法一科");
    server_.AddSection("s2", "执法二科");
    server_.AddUser("li.ming", "s1", {services::Role::kOfficer}, TestServer::kPassword, "C-1");
    server_.AddUser("zhao.lei", "s2", {services::Role::kOfficer}, TestServer::kPassword, "C-3");
    server_.AddUser("boss", "", {services::Role::kPrincipalLeader});
    officer_ = *services::LoadActor(ctx(), "li.ming");
    services::CaseInput in;
    in.number = "乌教罚〔2026〕7号";
    in.title = "某培训学校违规办学";
    in.section = "s1";
    in.officers = {"li.ming"};
    in.parties = {{"某培训学校", "organisation", ""}};
    case_id_ = *services::CaseService(ctx()).Create(officer_, in);
    content_ = "";
    for (int i = 0; i < 1000; ++i) content_ += static_cast<char>('a' + i % 26);
    sha_ = Ingest(content_);
    text_id_ = AddText(sha_, "现场检查笔录", services::Classification::kOrdinary);
    ASSERT_EQ(client_.Login("li.ming").status, 200u);
  }

  std::string Ingest(const std::string& bytes) {
    std::string path = dir_ / ("in-" + std::to_string(inputs_++));
    std::ofstream(path, std::ios::binary) << bytes;
    return server_.store().vault().IngestFile(path, "test")->blob.sha256;
  }

  int64_t AddText(const std::string& sha, const std::string& title, services::Classification c) {
    services::TextRecordInput t;
    t.case_id = case_id_;
    t.doc_type = "onsite_inspection_record";
    t.title = title;
    t.blob_sha256 = sha;
    t.classification = c;
    auto id = services::RecordService(ctx()).AddText(officer_, t);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  Response Get(const std::string& target, const std::map<std::string, std::string>& h = {},
               Client* as = nullptr) {
    return (as ? *as : client_).Request(http::verb::get, target, "", h);
  }

  int CountEvents(const std::string& type) {
    auto rows = server_.store().db().Query(
        "SELECT count(*) FROM ledger_entry WHERE json_extract(data, '$.type') = ?", {type});
    return rows.ok() ? static_cast<int>((*rows)[0].Int(0)) : -1;
  }

  services::Context& ctx() { return server_.store().services(); }

  TempDir dir_;
  int inputs_ = 0;
  TestServer server_;
  Client client_{server_.port()};
  services::Actor officer_;
  int64_t case_id_ = 0;
  int64_t text_id_ = 0;
  std::string content_;
  std::string sha_;
};

TEST_F(FilesTest, TheWholeOriginalWithItsHeadersAndALedgerEvent) {
  int before = CountEvents("blob.viewed");
  Response r = Get("/api/blobs/" + sha_);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.body, content_);
  EXPECT_EQ(r.headers["etag"], "\"" + sha_ + "\"");
  EXPECT_EQ(r.headers["accept-ranges"], "bytes");
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(r.headers["content-type"], "application/octet-stream");
  EXPECT_EQ(r.headers["content-disposition"].substr(0, 6), "inline");
  EXPECT_EQ(CountEvents("blob.viewed"), before + 1);

  Response d = Get("/api/blobs/" + sha_ + "?download=1");
  EXPECT_EQ(d.headers["content-disposition"].substr(0, 10), "attachment");
  EXPECT_EQ(CountEvents("blob.downloaded"), 1);

  Response h = client_.Request(http::verb::head, "/api/blobs/" + sha_);
  EXPECT_EQ(h.status, 200u);
  EXPECT_EQ(h.headers["content-length"], "1000");
  EXPECT_EQ(CountEvents("blob.viewed"), before + 1);  // HEAD shows nothing, logs nothing
}

TEST_F(FilesTest, IfNoneMatchIs304) {
  Response r = Get("/api/blobs/" + sha_, {{"If-None-Match", "\"" + sha_ + "\""}});
  EXPECT_EQ(r.status, 304u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get("/api/blobs/" + sha_, {{"If-None-Match", "\"other\""}}).status, 200u);
  EXPECT_EQ(Get("/api/blobs/" + sha_, {{"If-None-Match", "*"}}).status, 304u);
}

TEST_F(FilesTest, RangeRequestsForPlayback) {
  Response one = Get("/api/blobs/" + sha_, {{"Range", "bytes=10-19"}});
  EXPECT_EQ(one.status, 206u);
  EXPECT_EQ(one.body, content_.substr(10, 10));
  EXPECT_EQ(one.headers["content-range"], "bytes 10-19/1000");

  Response suffix = Get("/api/blobs/" + sha_, {{"Range", "bytes=-5"}});
  EXPECT_EQ(suffix.body, content_.substr(995));

  Response past = Get("/api/blobs/" + sha_, {{"Range", "bytes=1000-"}});
  EXPECT_EQ(past.status, 416u);
  EXPECT_EQ(past.headers["content-range"], "bytes */1000");

  Response merged = Get("/api/blobs/" + sha_, {{"Range", "bytes=0-9,5-14"}});
  EXPECT_EQ(merged.status, 206u);
  EXPECT_EQ(merged.headers["content-range"], "bytes 0-14/1000");
  EXPECT_EQ(merged.body, content_.substr(0, 15));

  Response stale = Get("/api/blobs/" + sha_, {{"Range", "bytes=0-1"}, {"If-Range", "\"x\""}});
  EXPECT_EQ(stale.status, 200u);
}

TEST_F(FilesTest, SeveralRangesComeAsMultipartByteranges) {
  Response r = Get("/api/blobs/" + sha_, {{"Range", "bytes=0-1,100-102"}});
  ASSERT_EQ(r.status, 206u);
  std::string type = r.headers["content-type"];
  ASSERT_EQ(type.rfind("multipart/byteranges; boundary=", 0), 0u);
  std::string boundary = type.substr(type.find('=') + 1);
  EXPECT_NE(r.body.find("Content-Range: bytes 0-1/1000\r\n\r\nab\r\n--" + boundary),
            std::string::npos);
  EXPECT_NE(r.body.find("Content-Range: bytes 100-102/1000\r\n\r\n" + content_.substr(100, 3) +
                        "\r\n--" + boundary + "--\r\n"),
            std::string::npos);

  std::string many = "bytes=";
  for (int i = 0; i < 1000; ++i)
    many += (i ? "," : "") + std::to_string(i) + "-" + std::to_string(i);
  Response flood = Get("/api/blobs/" + sha_, {{"Range", many.substr(0, 6 + 5000)}});
  EXPECT_EQ(flood.status, 206u);  // all touching: merged into one piece
  std::string scattered = "bytes=";
  for (int i = 0; i < 300; ++i)
    scattered += (i ? "," : "") + std::to_string(i * 3) + "-" + std::to_string(i * 3);
  Response whole = Get("/api/blobs/" + sha_, {{"Range", scattered}});
  EXPECT_EQ(whole.status, 200u);
  EXPECT_EQ(whole.body, content_);
}

TEST_F(FilesTest, RangeRequestsAreLoggedOncePerMinuteAndSession) {
  int before = CountEvents("blob.viewed");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Get("/api/blobs/" + sha_, {{"Range", "bytes=" + std::to_string(i) + "-"}}).status,
              206u);
  }
  EXPECT_EQ(CountEvents("blob.viewed"), before + 1);
  Client again(server_.port());
  ASSERT_EQ(again.Login("li.ming").status, 200u);
  EXPECT_EQ(Get("/api/blobs/" + sha_, {{"Range", "bytes=0-"}}, &again).status, 206u);
  EXPECT_EQ(CountEvents("blob.viewed"), before + 2);  // another session
}

TEST_F(FilesTest, APersonWhoMayNotSeeTheCaseGets404LikeAMissingBlob) {
  Client other(server_.port());
  ASSERT_EQ(other.Login("zhao.lei").status, 200u);
  Response hidden = Get("/api/blobs/" + sha_, {}, &other);
  Response missing = Get("/api/blobs/" + std::string(64, '0'), {}, &other);
  EXPECT_EQ(hidden.status, 404u);
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(hidden.json()["code"], missing.json()["code"]);
  EXPECT_EQ(Get("/api/blobs/not-a-digest", {}, &other).status, 404u);
  auto rows = server_.store().db().Query(
      "SELECT count(*) FROM ledger_entry WHERE json_extract(data, '$.type') = 'blob.viewed' AND "
      "json_extract(data, '$.outcome') = 'refused'");
  EXPECT_GE((*rows)[0].Int(0), 2);
}

TEST_F(FilesTest, SecretRecordsNarrowWhoSeesTheirOriginals) {
  server_.AddUser("reviewer", "", {services::Role::kLegalReviewer});
  std::string secret = Ingest("商业秘密");
  AddText(secret, "财务账册", services::Classification::kCommercialSecret);
  EXPECT_EQ(Get("/api/blobs/" + secret).status, 200u);  // an officer of the case
  Client boss(server_.port());
  ASSERT_EQ(boss.Login("boss").status, 200u);
  EXPECT_EQ(Get("/api/blobs/" + secret, {}, &boss).status, 200u);
}

TEST_F(FilesTest, AnOriginalNoRecordHoldsYetIsTheUploadersAlone) {
  Response created = client_.Request(http::verb::post, "/api/uploads", "vault only",
                                     {{"Tus-Resumable", "1.0.0"},
                                      {"Upload-Length", "10"},
                                      {"Content-Type", "application/offset+octet-stream"},
                                      {"Upload-Metadata", "filename " + B64("现场.jpg")}});
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string sha = Sha256Hex("vault only");
  Response mine = Get("/api/blobs/" + sha + "?download=1");
  EXPECT_EQ(mine.status, 200u);
  EXPECT_EQ(mine.headers["content-type"], "image/jpeg");
  EXPECT_NE(mine.headers["content-disposition"].find("filename*=UTF-8''%E7%8E%B0"),
            std::string::npos);
  Client boss(server_.port());
  ASSERT_EQ(boss.Login("boss").status, 200u);
  EXPECT_EQ(Get("/api/blobs/" + sha, {}, &boss).status, 404u);
}

class PackageTest : public FilesTest {
 protected:
  void SetUp() override {
    FilesTest::SetUp();
    secret_sha_ = Ingest("当事人的商业秘密");
    AddText(secret_sha_, "财务账册", services::Classification::kCommercialSecret);
    services::CopyRequestInput in{"某培训学校", "行政复议", {}, true};
    services::CopyService copies(ctx());
    request_ = *copies.Request(officer_, case_id_, in);
  }

  void ApproveAndProduce() {
    services::CopyService copies(ctx());
    ASSERT_TRUE(copies.Decide(*services::LoadActor(ctx(), "boss"), request_, true, "同意").ok());
    auto set = copies.Produce(officer_, request_);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
  }

  std::string Target() { return "/api/copy-requests/" + std::to_string(request_) + "/package"; }

  std::string secret_sha_;
  int64_t request_ = 0;
};

TEST_F(PackageTest, NoPackageBeforeTheCopyIsApprovedAndProduced) {
  EXPECT_EQ(Get(Target()).status, 409u);
  services::CopyService copies(ctx());
  ASSERT_TRUE(copies.Decide(*services::LoadActor(ctx(), "boss"), request_, true, "同意").ok());
  EXPECT_EQ(Get(Target()).status, 409u);
}

TEST_F(PackageTest, ThePackageHoldsTheManifestAndOnlyTheIncludedOriginals) {
  ApproveAndProduce();
  int before = CountEvents("copy.package_downloaded");
  Response r = Get(Target());
  ASSERT_EQ(r.status, 200u) << r.body.substr(0, 300);
  EXPECT_EQ(r.headers["content-type"], "application/zip");
  EXPECT_EQ(r.headers["content-disposition"].substr(0, 10), "attachment");
  EXPECT_EQ(CountEvents("copy.package_downloaded"), before + 1);

  TempDir dir;
  std::string path = dir / "copy.zip";
  std::ofstream(path, std::ios::binary) << r.body;
  std::string script =
      "names = z.namelist()\n"
      "assert names[0] == 'manifest.json', names\n"
      "m = json.loads(z.read('manifest.json'))\n"
      "files = [f for e in m['included'] for f in e['files']]\n"
      "assert names[3:] == ['data/' + f['name'] for f in files], names\n"
      "for f in files:\n"
      "    assert hashlib.sha256(z.read('data/' + f['name'])).hexdigest() == f['sha256']\n"
      "assert '" +
      sha_ +
      "' in [f['sha256'] for f in files]\n"
      "assert '" +
      secret_sha_ +
      "' not in [f['sha256'] for f in files]\n"
      "assert len(m['excluded']) == 1 and m['excluded'][0]['classification'] == "
      "'commercial_secret'\n"
      "assert z.read('manifest-sha256.txt').decode().split() == "
      "[w for f in files for w in (f['sha256'], 'data/' + f['name'])]\n"
      "assert z.testzip() is None\n";
  EXPECT_EQ(Python(script, path), 0);
  EXPECT_EQ(r.body.find("当事人的商业秘密"), std::string::npos);
}

TEST_F(PackageTest, OnlyThoseWhoHandleTheCopyGetThePackage) {
  ApproveAndProduce();
  Client boss(server_.port());
  ASSERT_EQ(boss.Login("boss").status, 200u);
  EXPECT_EQ(Get(Target(), {}, &boss).status, 403u);  // approves, does not hand out
  Client other(server_.port());
  ASSERT_EQ(other.Login("zhao.lei").status, 200u);
  EXPECT_EQ(Get(Target(), {}, &other).status, 404u);
}

}  // namespace
}  // namespace fullrecord::testing
