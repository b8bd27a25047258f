// Archive discs end to end through the library (R13.1, R13.2, R9.5, R17.5): the four-property
// check (四性检测) stops bad discs, images verify offline and name a flipped byte's file, a large
// case becomes a numbered set, and registration by the section archivist archives the case.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/store.h"
#include "archive/burner.h"
#include "archive/disc_reader.h"
#include "archive/maker.h"
#include "archive/register.h"
#include "services/bureau.h"
#include "store/sqlite/sqlite_database.h"
#include "util/tamper.h"
#include "util/temp_dir.h"

// Debian 12's cairo 1.16 leaks a few buffers inside cairo_surface_finish while it subsets the
// CJK fonts of every PDF (fixed in later cairo); fontconfig keeps its configuration until exit.
// Neither is ours: LeakSanitizer is told to ignore them in the sanitizer build.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

namespace fullrecord::archive {
namespace {

namespace fs = std::filesystem;
using fullrecord::testing::TempDir;
using namespace services;  // NOLINT(google-build-using-namespace)

constexpr const char* kCase = "乌教罚〔2026〕3号";

UnixMicros At(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}

// A minimal valid one-page PDF with a correct cross-reference table.
std::string MinimalPdf() {
  std::vector<std::string> objs = {"<< /Type /Catalog /Pages 2 0 R >>",
                                   "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 4\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof(line), "%010zu 00000 n \n", off);
    pdf += line;
  }
  return pdf + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
}

class ArchiveDiscTest : public ::testing::Test {
 protected:
  // One short real video for every test, made with the ffmpeg command.
  static void SetUpTestSuite() {
    video_dir_ = new TempDir();
    // Noise does not compress: each clip is a few MB, far larger than a disc's structure.
    for (int seed : {1, 2}) {
      std::string size = seed == 1 ? "320x240" : "320x256";
      std::string cmd = "ffmpeg -v error -y -f lavfi -i 'nullsrc=size=" + size +
                        ":rate=15:duration=3,"
                        "geq=lum=random(" +
                        std::to_string(seed) +
                        ")*255:cb=128:cr=128' "
                        "-c:v mpeg4 -q:v 2 " +
                        *video_dir_ / (seed == 1 ? "clip.mp4" : "clip2.mp4");
      ASSERT_EQ(std::system(cmd.c_str()), 0) << "ffmpeg (Debian package ffmpeg) is needed";
    }
  }
  static void TearDownTestSuite() { delete video_dir_; }

  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ctx().now = [this] { return now_; };
    SetUpBureau();
    OpenCaseWithRecords();
  }

  void SetUpBureau() {
    BureauService b(ctx());
    ASSERT_TRUE(b.AddSection(console_, {"zf", "执法科"}).ok());
    ASSERT_TRUE(b.AddSection(console_, {"jd", "监督科"}).ok());
    AddPerson("li", "zf", "15010001", Role::kOfficer);
    AddPerson("wang", "zf", "15010002", Role::kOfficer);
    AddPerson("chen", "zf", "", Role::kArchivist);
    AddPerson("zhou", "jd", "", Role::kArchivist);
    ASSERT_TRUE(b.RegisterDevice(console_, {"DSJ-9", "body_camera", "zf"}).ok());
    ASSERT_TRUE(b.AssignDevice(console_, "DSJ-9", "li", At("2026-11-01T00:00:00Z")).ok());
  }

  void AddPerson(const std::string& id, const std::string& section, const std::string& cert,
                 Role role) {
    BureauService b(ctx());
    Person p{id,   id == "chen" ? "陈静" : id + "名", section,
             cert, cert.empty() ? "" : "2030-12-31",  true,
             {}};
    ASSERT_TRUE(b.AddPerson(console_, p).ok()) << id;
    ASSERT_TRUE(b.GrantRole(console_, id, role).ok()) << id;
  }

  std::string Ingest(const std::string& name, const std::string& content) {
    testing::WriteFile(dir_ / name, content);
    return store_->vault().IngestFile(dir_ / name, "test")->blob.sha256;
  }

  void AddText(const std::string& title, const std::string& sha) {
    TextRecordInput in{
        case_, Stage::kInvestigation,    "investigation_transcript", title, Json::object(),
        sha,   Classification::kOrdinary};
    ASSERT_TRUE(RecordService(ctx()).AddText(As("li"), in).ok());
  }

  void OpenCaseWithRecords() {
    CaseInput in;
    in.number = kCase;
    in.title = "无证办学";
    in.section = "zf";
    in.officers = {"wang"};
    in.parties = {{"某培训机构", "organisation", ""}};
    auto id = CaseService(ctx()).Create(As("li"), in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    case_ = *id;
    pdf_ = Ingest("doc.pdf", MinimalPdf());
    AddText("询问笔录", pdf_);
    video_ = store_->vault().IngestFile(*video_dir_ / "clip.mp4", "test")->blob.sha256;
    AvRecordInput av;
    av.case_id = case_;
    av.stage = Stage::kInvestigation;
    av.device = "DSJ-9";
    av.start_us = At("2026-12-01T01:00:00Z");
    av.end_us = At("2026-12-01T01:10:00Z");
    auto av_id = RecordService(ctx()).AddAv(As("li"), av);
    ASSERT_TRUE(av_id.ok());
    av_ = *av_id;
    ASSERT_TRUE(
        RecordService(ctx()).AddSegment(As("li"), av_, video_, av.start_us, av.end_us).ok());
    ASSERT_TRUE(
        CaseService(ctx()).EndEnforcement(As("li"), case_, At("2026-12-02T08:00:00Z")).ok());
    now_ = At("2026-12-03T02:00:00Z");  // the discs are made the next day
  }

  Context& ctx() { return store_->services(); }
  Actor As(const std::string& id) { return LoadActor(ctx(), id).value(); }

  Result<MadeSet> Make(uint64_t capacity = 0, const std::string& who = "chen",
                       CheckReport* report = nullptr) {
    MakeRequest req;
    req.case_number = kCase;
    req.media = *FindMedia("dvd");
    if (capacity) req.media = {"custom", "test", capacity};
    req.out_dir = dir_ / "out";
    req.pinned = &store_->verifiers();
    for (const char* name : {"ledger.vkeys", "ledger-ed25519.pub.pem", "ledger-sm2.pub.pem"}) {
      req.keys[name] = testing::ReadFile(store_->dir() + "/keys/" + name);
    }
    req.origin = store_->origin();
    return MakeDiscSet(ctx(), As(who), req, report);
  }

  VerifyOptions Pinned() { return {{store_->VerifierKeysPath()}, {}}; }

  std::vector<std::string> Images(const MadeSet& made) {
    std::vector<std::string> out;
    for (const auto& d : made.set.discs) out.push_back(d.image_file);
    return out;
  }

  // The set's files, as read back from its images.
  std::set<std::string> FilesOn(const std::string& image) {
    std::set<std::string> out;
    auto src = OpenDisc(image);
    EXPECT_TRUE(src.ok());
    EXPECT_TRUE((*src)
                    ->ForEachFile([&](const DiscEntry& e, const vault::ReadFn&) {
                      out.insert(e.path);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  size_t FilesIn(const std::string& dir) {
    std::error_code ec;
    size_t n = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); ++it) {
      n += it->is_regular_file() ? 1 : 0;
    }
    return n;
  }

  static TempDir* video_dir_;
  TempDir dir_;
  std::unique_ptr<app::Store> store_;
  UnixMicros now_ = At("2026-12-01T00:00:00Z");
  Actor console_ = Actor::Console("root");
  int64_t case_ = 0, av_ = 0;
  std::string pdf_, video_;
};

TempDir* ArchiveDiscTest::video_dir_ = nullptr;

// R13.1: one click makes a disc marked with maker and date that proves itself offline.
TEST_F(ArchiveDiscTest, DiscCarriesOriginalsBagIndexProofsAndKeysAndVerifiesOffline) {
  auto made = Make();
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_EQ(made->set.discs.size(), 1u);
  EXPECT_EQ(made->set.state, "made");
  EXPECT_TRUE(made->report.ok());

  auto files = FilesOn(made->set.discs[0].image_file);
  for (const char* f :
       {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt",
        "tagmanifest-sha256.txt", "tagmanifest-sm3.txt", "读我.txt", "README.txt", "data/case.json",
        "data/索引.pdf", "data/索引.html", "data/四性检测报告.txt", "data/ledger/checkpoint.txt",
        "data/keys/ledger.vkeys", "data/keys/ledger-sm2.pub.pem",
        "data/文字记录/T0001-询问笔录.pdf"}) {
    EXPECT_TRUE(files.count(f)) << f;
  }
  EXPECT_TRUE(files.count("data/ledger/proofs/" + video_ + ".json"));
  EXPECT_NE(made->set.discs[0].label_text.find("制片人：陈静"), std::string::npos);
  EXPECT_NE(made->set.discs[0].label_text.find("制作日期：2026-12-03"), std::string::npos);

  DiscReport r = VerifyDisc(made->set.discs[0].image_file, Pinned());
  EXPECT_TRUE(r.ok()) << r.problems[0].file << ": " << r.problems[0].message;
  EXPECT_EQ(r.case_number, kCase);
  EXPECT_EQ(r.proofs_checked, 2u);
  EXPECT_FALSE(r.keys_from_disc);
}

// A set's code is the second it was made; a second set made within the same second, of this case
// or another, takes the next letter instead of failing once its images are written.
TEST_F(ArchiveDiscTest, SetsMadeInTheSameSecondGetDistinctCodes) {
  auto first = Make();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = Make();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  auto third = Make();
  ASSERT_TRUE(third.ok()) << third.status().ToString();

  EXPECT_EQ(first->set.code, "FR20261203020000");
  EXPECT_EQ(second->set.code, "FR20261203020000B");
  EXPECT_EQ(third->set.code, "FR20261203020000C");
  EXPECT_NE(first->set.id, second->set.id);
  for (const auto* made : {&*first, &*second, &*third}) {
    DiscReport r = VerifyDisc(made->set.discs[0].image_file, Pinned());
    EXPECT_TRUE(r.ok()) << made->set.code;
    EXPECT_EQ(r.set_code, made->set.code);
  }
  EXPECT_EQ(FilesOn(first->set.discs[0].image_file), FilesOn(second->set.discs[0].image_file));
}

// R9.5: making a disc only reads the originals; the vault still verifies.
TEST_F(ArchiveDiscTest, MakingDiscsLeavesTheVaultUntouched) {
  ASSERT_TRUE(Make().ok());
  EXPECT_TRUE(store_->vault().VerifyAll().empty());
  EXPECT_TRUE(store_->vault().Verify(video_).ok());
}

TEST_F(ArchiveDiscTest, FlippedByteInTheImageNamesTheFile) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  std::string image = made->set.discs[0].image_file;
  std::string bytes = testing::ReadFile(image);
  std::string video = testing::ReadFile(*video_dir_ / "clip.mp4");
  size_t at = bytes.find(video.substr(4096, 64));
  ASSERT_NE(at, std::string::npos);
  testing::FlipByte(image, at + 7);

  DiscReport r = VerifyDisc(image, Pinned());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].file, "data/音像记录/A0001-01-DSJ-9-20261201-090000.mp4");
}

TEST_F(ArchiveDiscTest, FlippedManifestDigestNamesTheManifest) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  std::string image = made->set.discs[0].image_file;
  std::string bytes = testing::ReadFile(image);
  size_t at = bytes.find(pdf_ + "  data/");  // the PDF's line in manifest-sha256.txt
  ASSERT_NE(at, std::string::npos);
  testing::FlipByte(image, at + 3, 0x01);

  DiscReport r = VerifyDisc(image, Pinned());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].file, "manifest-sha256.txt");
}

TEST_F(ArchiveDiscTest, DiscSignedByOtherKeysFailsAgainstPinnedKeys) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  auto other = app::Store::Init(dir_ / "other", "test");
  ASSERT_TRUE(other.ok());
  DiscReport r = VerifyDisc(made->set.discs[0].image_file, {{(*other)->VerifierKeysPath()}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].file, "data/ledger/checkpoint.txt");
  DiscReport self = VerifyDisc(made->set.discs[0].image_file, {});
  EXPECT_TRUE(self.ok());
  EXPECT_TRUE(self.keys_from_disc);
  EXPECT_FALSE(self.warnings.empty());
}

// 四性检测, authenticity: a vault blob changed behind the vault stops the disc (R9.5, R17.2).
TEST_F(ArchiveDiscTest, TamperedVaultBlobStopsTheDiscAndSaysWhy) {
  std::string blob =
      store_->dir() + "/blobs/" + video_.substr(0, 2) + "/" + video_.substr(2, 2) + "/" + video_;
  testing::FlipByte(blob, 9000);
  CheckReport report;
  auto made = Make(0, "chen", &report);
  ASSERT_EQ(made.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(made.status().message().find("authenticity"), std::string::npos);
  EXPECT_NE(made.status().message().find("SHA-256 recomputed from the vault"), std::string::npos);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(FilesIn(dir_ / "out"), 0u);
  EXPECT_TRUE(SetsOfCase(ctx(), case_)->empty());
}

// 四性检测, security: a program among the originals stops the disc.
TEST_F(ArchiveDiscTest, ExecutableOriginalStopsTheDiscAndSaysWhy) {
  AddText("附件", Ingest("tool.exe", std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(512, 'x')));
  CheckReport report;
  auto made = Make(0, "chen", &report);
  ASSERT_EQ(made.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(made.status().message().find(
                "security: data/文字记录/T0002-附件.bin: executable program (pe)"),
            std::string::npos)
      << made.status().message();
  Json item;
  const Json report_json = report.ToJson();
  for (const Json& i : report_json["items"]) {
    if (i["property"] == "security" && !i["passed"].get<bool>()) item = i;
  }
  EXPECT_EQ(item["detail_zh"], "可执行程序（pe）") << report_json.dump();
  EXPECT_NE(report.ToText().find("[失败] data/文字记录/T0002-附件.bin — 可执行程序（pe）\n"
                                 "      executable program (pe)"),
            std::string::npos)
      << report.ToText();
  EXPECT_EQ(FilesIn(dir_ / "out"), 0u);
  auto last = store_->ledger().GetEntry(*store_->ledger().Size() - 1);
  EXPECT_NE(last->data.find("disc_set.check_failed"), std::string::npos);
}

// 四性检测, usability: a damaged PDF does not open and stops the disc.
TEST_F(ArchiveDiscTest, UnreadablePdfStopsTheDisc) {
  AddText("损坏文件", Ingest("bad.pdf", "%PDF-1.4\nthis is not a PDF body at all\n"));
  auto made = Make();
  ASSERT_EQ(made.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(made.status().message().find("usability: data/文字记录/T0002-损坏文件.pdf"),
            std::string::npos)
      << made.status().message();
}

TEST_F(ArchiveDiscTest, OnlyTheSectionArchivistMakesDiscs) {
  EXPECT_EQ(Make(0, "li").status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(Make(0, "zhou").status().code(), Status::Code::kNotFound);  // other section: unseen
  EXPECT_EQ(FilesIn(dir_ / "out"), 0u);
}

// R13.1: a case larger than a disc becomes a numbered set; each file is whole on one disc.
TEST_F(ArchiveDiscTest, CaseLargerThanADiscSplitsIntoNumberedSetOfWholeFiles) {
  std::string clip2 = store_->vault().IngestFile(*video_dir_ / "clip2.mp4", "test")->blob.sha256;
  ASSERT_TRUE(
      RecordService(ctx())
          .AddSegment(As("li"), av_, clip2, At("2026-12-01T01:10:00Z"), At("2026-12-01T01:20:00Z"))
          .ok());
  uint64_t video = std::max(store_->vault().Get(video_)->size, store_->vault().Get(clip2)->size);

  // Room for either video with a disc's structure (at most about 1 MB here), not for both.
  auto made = Make(video + (5u << 19));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_GE(made->set.discs.size(), 2u);
  std::map<std::string, int> copies;
  for (const auto& d : made->set.discs) {
    EXPECT_EQ(d.total, static_cast<int>(made->set.discs.size()));
    EXPECT_LE(d.size, video + (5u << 19));
    for (const auto& f : FilesOn(d.image_file)) {
      EXPECT_EQ(f.find(".part"), std::string::npos) << f;
      if (f.rfind("data/文字记录/", 0) == 0 || f.rfind("data/音像记录/", 0) == 0) copies[f]++;
    }
  }
  EXPECT_EQ(copies.size(), 3u);
  for (const auto& [f, n] : copies) EXPECT_EQ(n, 1) << f;
  for (const auto& r : VerifyDiscs(Images(*made), Pinned())) {
    EXPECT_TRUE(r.ok()) << r.problems[0].file << ": " << r.problems[0].message;
  }
}

// A file larger than a disc is cut into parts; joined, it is the proven original.
TEST_F(ArchiveDiscTest, FileLargerThanADiscIsSplitAndJoinsToTheProvenOriginal) {
  uint64_t video = store_->vault().Get(video_)->size;
  auto made = Make(video / 2 + (3u << 19));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_GE(made->set.discs.size(), 3u);
  std::vector<std::string> with_parts;
  for (const auto& d : made->set.discs) {
    for (const auto& f : FilesOn(d.image_file)) {
      if (f.find(".mp4.part") != std::string::npos) with_parts.push_back(d.image_file);
    }
  }
  ASSERT_GE(with_parts.size(), 2u);
  for (const auto& r : VerifyDiscs(Images(*made), Pinned())) {
    EXPECT_TRUE(r.ok()) << r.problems[0].file << ": " << r.problems[0].message;
    EXPECT_TRUE(r.warnings.empty());
  }
  auto alone = VerifyDiscs({with_parts[0]}, Pinned());
  EXPECT_TRUE(alone[0].ok());
  EXPECT_FALSE(alone[0].warnings.empty());  // the joined file needs every disc with a part
}

// R13.1, R11.1: registration by the section's archivist archives the case.
TEST_F(ArchiveDiscTest, RegisteringTheReadBackSetMarksTheCaseArchived) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  int64_t id = made->set.id;
  EXPECT_EQ(
      RegisterSet(ctx(), As("li"), id, "档案室 A-3", {}, {store_->VerifierKeysPath()}, nullptr)
          .code(),
      Status::Code::kPermissionDenied);
  EXPECT_EQ(RegisterSet(ctx(), As("chen"), id, " ", {}, {}, nullptr).code(),
            Status::Code::kInvalidArgument);
  EXPECT_FALSE(CaseService(ctx()).Get(As("chen"), case_)->archived_us.has_value());

  ASSERT_TRUE(
      RegisterSet(ctx(), As("chen"), id, "档案室 A-3", {}, {store_->VerifierKeysPath()}, nullptr)
          .ok());
  auto set = LoadSet(ctx(), id);
  EXPECT_EQ(set->state, "registered");
  EXPECT_EQ(set->location, "档案室 A-3");
  EXPECT_EQ(set->discs[0].image_sm3.size(), 64u);
  EXPECT_EQ(CaseService(ctx()).Get(As("chen"), case_)->archived_us, now_);
  EXPECT_EQ(RegisterSet(ctx(), As("chen"), id, "x", {}, {}, nullptr).code(),
            Status::Code::kFailedPrecondition);
}

TEST_F(ArchiveDiscTest, DiscReadBackDifferentFromTheImageMadeIsNotRegistered) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  std::string copy = dir_ / "burned.iso";
  fs::copy_file(made->set.discs[0].image_file, copy);
  testing::FlipByte(copy, 40000);
  Status s = RegisterSet(ctx(), As("chen"), made->set.id, "档案室", {copy}, {}, nullptr);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("disc 1/1"), std::string::npos);
  EXPECT_EQ(LoadSet(ctx(), made->set.id)->state, "made");
  EXPECT_FALSE(CaseService(ctx()).Get(As("chen"), case_)->archived_us.has_value());
}

// Burning goes through libburn; its stdio: pseudo-drive writes a file the way a drive writes a
// disc, so the whole path runs here without a burner.
TEST_F(ArchiveDiscTest, BurnedDiscIsReadBackAndVerifiedBeforeTheSetCountsAsBurned) {
  auto made = Make();
  ASSERT_TRUE(made.ok());
  std::string target = dir_ / "disc.bin";
  std::vector<DiscReport> reports;
  Status s = BurnSet(
      ctx(), As("chen"), made->set.id, {store_->VerifierKeysPath()},
      [&](int, int) -> Result<std::string> { return "stdio:" + target; }, {}, &reports);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].ok());
  auto set = LoadSet(ctx(), made->set.id);
  EXPECT_EQ(set->state, "burned");
  EXPECT_EQ(set->discs[0].readback, target);
}

TEST_F(ArchiveDiscTest, DriveScanWorksWithoutADrive) {
  auto drives = ScanDrives();
  ASSERT_TRUE(drives.ok()) << drives.status().ToString();
}

}  // namespace
}  // namespace fullrecord::archive
