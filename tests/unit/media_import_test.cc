// Dock import end to end on a real store with media the ffmpeg CLI makes: originals stored
// byte for byte and never changed (R9.5), facts recorded, segments grouped into recordings of
// the device's holder (R11.2), gaps turned into interruptions (R9.2–R9.4), recordings matched to
// cases or left unassigned (R17.4), upload time measured (R12.1), derivatives linked.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/store.h"
#include "crypto/digest.h"
#include "media/derivatives.h"
#include "media/importer.h"
#include "media/watch.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/records.h"
#include "util/temp_dir.h"

namespace fullrecord::media {
namespace {

namespace fs = std::filesystem;
using fullrecord::testing::ReadFile;
using fullrecord::testing::TempDir;
using services::Actor;
using services::Role;

UnixMicros At(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}
std::string Sha(const std::string& path) {
  return crypto::DigestHex(crypto::Sha256(ReadFile(path)));
}

void Ffmpeg(const std::string& args) {
  std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -y " + args;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ctx().now = [this] { return now_; };
    services::BureauService b(ctx());
    ASSERT_TRUE(b.AddSection(console_, {"zf", "执法科"}).ok());
    AddOfficer("li", "15010001");
    AddOfficer("wang", "15010002");
    for (const char* serial : {"DSJ-001", "DSJ-002"}) {
      ASSERT_TRUE(b.RegisterDevice(console_, {serial, "body_camera", "zf"}).ok());
    }
    ASSERT_TRUE(b.AssignDevice(console_, "DSJ-001", "li", At("2026-12-01T00:00:00Z")).ok());
    ASSERT_TRUE(b.AssignDevice(console_, "DSJ-002", "wang", At("2026-12-01T00:00:00Z")).ok());
    fs::create_directories(dock_);
  }

  services::Context& ctx() { return store_->services(); }

  void AddOfficer(const std::string& id, const std::string& cert) {
    services::BureauService b(ctx());
    ASSERT_TRUE(b.AddPerson(console_, {id, id + "名", "zf", cert, "2030-12-31", true, {}}).ok());
    ASSERT_TRUE(b.GrantRole(console_, id, Role::kOfficer).ok());
  }

  // A case of li's whose on-site work ran 14:00–15:00 Beijing time on 2026-12-03.
  int64_t OpenCase() {
    services::CaseInput in;
    in.number = "乌教罚〔2026〕1号";
    in.title = "无证办学";
    in.section = "zf";
    in.officers = {"li", "wang"};
    in.onsite_start_us = At("2026-12-03T06:00:00Z");
    in.onsite_end_us = At("2026-12-03T07:00:00Z");
    auto id = services::CaseService(ctx()).Create(*services::LoadActor(ctx(), "li"), in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // The one-second clip every segment is remuxed from (no re-encoding: fast).
  const std::string& Base(const std::string& vcodec = "libx264") {
    std::string& path = base_[vcodec];
    if (path.empty()) {
      path = dir_ / ("base-" + vcodec + ".mp4");
      std::string codec = vcodec == "libx265" ? "libx265 -x265-params log-level=error" : vcodec;
      Ffmpeg(
          "-f lavfi -i testsrc=size=160x120:rate=15:duration=1 -f lavfi -i "
          "sine=duration=1 -c:v " +
          codec +
          " -preset ultrafast -pix_fmt yuv420p -c:a aac "
          "-shortest " +
          path);
    }
    return path;
  }

  // A segment at dock/`rel`, one second long, with `creation` (UTC) as its metadata time when
  // not empty; each segment's bytes differ (its name is written into it).
  std::string Segment(const std::string& rel, const std::string& creation,
                      const std::string& vcodec = "libx264") {
    std::string out = dock_ + "/" + rel;
    fs::create_directories(fs::path(out).parent_path());
    std::string meta = creation.empty() ? "" : "-metadata creation_time=" + creation + " ";
    Ffmpeg("-i " + Base(vcodec) + " -c copy -map_metadata -1 " + meta +
           "-metadata comment=" + fs::path(rel).filename().string() + " " + out);
    return out;
  }

  ImportReport Import(ImportOptions options = {}, DerivativeMaker* maker = nullptr) {
    Importer importer(*store_, mu_, "cli:test", std::move(options), maker);
    auto r = importer.ImportDirectory(dock_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }

  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto rows = ctx().db.Query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  uint64_t LedgerSize() { return *store_->ledger().Size(); }
  std::string BlobPath(const std::string& sha) { return BlobFilePath(*store_, sha); }

  TempDir dir_;
  std::string dock_ = dir_ / "dock";
  std::unique_ptr<app::Store> store_;
  std::mutex mu_;
  std::map<std::string, std::string> base_;
  UnixMicros now_ = At("2026-12-03T08:00:00Z");
  Actor console_ = Actor::Console("root");
};

TEST_F(ImportTest, SegmentsBecomeOneRecordingOfTheHolderStoredByteForByteR11_2) {
  int64_t case_id = OpenCase();
  std::vector<std::string> files = {
      Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z"),
      Segment("DSJ-001_20261203_140501_0002.MP4", "2026-12-03T06:05:01Z"),
      Segment("DSJ-001_20261203_140502_0003.MP4", "2026-12-03T06:05:02Z")};
  std::map<std::string, std::string> before;
  for (const auto& f : files) before[f] = Sha(f);

  ImportReport r = Import();
  ASSERT_EQ(r.files.size(), 3u);
  ASSERT_EQ(r.recordings.size(), 1u);
  const RecordingOutcome& rec = r.recordings[0];
  ASSERT_TRUE(rec.status.ok()) << rec.status.ToString();
  EXPECT_TRUE(rec.created);
  EXPECT_EQ(rec.officer, "li");
  EXPECT_EQ(rec.case_id, case_id);
  EXPECT_TRUE(rec.interruptions.empty());
  EXPECT_EQ(r.Problems(), 0u);
  for (const auto& f : r.files) {
    EXPECT_EQ(f.outcome, "stored");
    EXPECT_EQ(f.av_id, rec.av_id);
    EXPECT_EQ(f.device, "DSJ-001");
    EXPECT_EQ(Sha(f.path), before[f.path]) << "the source must not change";
    EXPECT_EQ(ReadFile(BlobPath(f.sha256)), ReadFile(f.path)) << "the vault copy is the source";
  }

  auto av = services::RecordService(ctx()).GetAv(*services::LoadActor(ctx(), "li"), rec.av_id);
  ASSERT_TRUE(av.ok());
  EXPECT_EQ(av->segments.size(), 3u);
  EXPECT_EQ(av->input.stage, services::Stage::kStart) << "recorded before the case was opened";
  EXPECT_EQ(av->input.start_us, At("2026-12-03T06:05:00Z"));
  EXPECT_NEAR(static_cast<double>(av->input.end_us - At("2026-12-03T06:05:03Z")), 0, 100'000);
  for (const auto& s : av->segments) EXPECT_EQ(s.uploaded_us, now_) << "R12.1 upload time";
  EXPECT_EQ(Count("SELECT count(*) FROM media_facts"), 3);
}

TEST_F(ImportTest, ImportingTheSameFolderAgainWritesNothing) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  Import();
  uint64_t ledger = LedgerSize();
  int64_t blobs = Count("SELECT count(*) FROM blob");

  ImportReport again = Import();
  ASSERT_EQ(again.files.size(), 1u);
  EXPECT_EQ(again.files[0].outcome, "duplicate");
  EXPECT_NE(again.files[0].av_id, 0);
  EXPECT_TRUE(again.recordings.empty());
  EXPECT_EQ(LedgerSize(), ledger) << "not even a ledger event";
  EXPECT_EQ(Count("SELECT count(*) FROM blob"), blobs);
  EXPECT_EQ(Count("SELECT count(*) FROM av_segment"), 1);
}

TEST_F(ImportTest, GapLongerThanTheSplitBecomesAnInterruptionToExplainR9_3) {
  OpenCase();
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  Segment("DSJ-001_20261203_140503_0002.MP4", "2026-12-03T06:05:03Z");  // 2 s gap: a split
  Segment("DSJ-001_20261203_140515_0003.MP4", "2026-12-03T06:05:15Z");  // 11 s gap
  ImportReport r = Import();
  ASSERT_EQ(r.recordings.size(), 1u);
  ASSERT_EQ(r.recordings[0].interruptions.size(), 1u);
  auto av = services::RecordService(ctx()).GetAv(*services::LoadActor(ctx(), "li"),
                                                 r.recordings[0].av_id);
  ASSERT_TRUE(av.ok());
  ASSERT_EQ(av->interruptions.size(), 1u);
  const auto& gap = av->interruptions[0];
  EXPECT_NEAR(static_cast<double>(gap.start_us - At("2026-12-03T06:05:04Z")), 0, 100'000);
  EXPECT_EQ(gap.end_us, At("2026-12-03T06:05:15Z"));
  EXPECT_TRUE(gap.reason.empty()) << "unexplained until the officer explains it";
}

TEST_F(ImportTest, ToleranceComesFromTheOptions) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  Segment("DSJ-001_20261203_140504_0002.MP4", "2026-12-03T06:05:04Z");  // 3 s gap
  ImportOptions strict;
  strict.recordings.gaps.tolerance_us = 1'000'000;
  EXPECT_EQ(Import(strict).recordings[0].interruptions.size(), 1u);
}

TEST_F(ImportTest, LaterSegmentExtendsTheRecordingAndItsGapIsFound) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  ImportReport first = Import();
  ASSERT_EQ(first.recordings.size(), 1u);
  int64_t av_id = first.recordings[0].av_id;

  Segment("DSJ-001_20261203_140530_0002.MP4", "2026-12-03T06:05:30Z");
  ImportReport second = Import();
  ASSERT_EQ(second.recordings.size(), 1u);
  EXPECT_EQ(second.recordings[0].av_id, av_id);
  EXPECT_FALSE(second.recordings[0].created);
  EXPECT_EQ(second.recordings[0].interruptions.size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM av_record"), 1);
  EXPECT_GE(Count("SELECT end_us FROM av_record WHERE id = ?", {av_id}),
            At("2026-12-03T06:05:31Z"));
}

TEST_F(ImportTest, StopLongerThanTheSessionBreakDuringAVisitIsAnInterruptionR9_2) {
  int64_t case_id = OpenCase();                                          // on site 14:00–15:00
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  Segment("DSJ-001_20261203_144000_0002.MP4", "2026-12-03T06:40:00Z");  // 35 min stopped
  ImportReport r = Import();
  ASSERT_EQ(r.recordings.size(), 2u) << "two sessions";
  EXPECT_EQ(r.recordings[1].av_id, r.recordings[0].av_id) << "one recording of the visit";
  EXPECT_FALSE(r.recordings[1].created);
  EXPECT_EQ(r.recordings[1].case_id, case_id);
  EXPECT_EQ(r.recordings[1].interruptions.size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM av_record"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM interruption WHERE reason IS NULL AND end_us = ?",
                  {At("2026-12-03T06:40:00Z")}),
            1);
}

TEST_F(ImportTest, StopAfterTheVisitStartsANewRecordingWithoutAnInterruption) {
  OpenCase();
  Segment("DSJ-001_20261203_145000_0001.MP4", "2026-12-03T06:50:00Z");
  Segment("DSJ-001_20261203_153000_0002.MP4", "2026-12-03T07:30:00Z");  // after 15:00
  Import();
  EXPECT_EQ(Count("SELECT count(*) FROM av_record"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM interruption"), 0);
}

TEST_F(ImportTest, UnreadableFileIsKeptByteForByteAndMarkedWithTheReason) {
  std::string clip = Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  fs::resize_file(clip, fs::file_size(clip) / 2);  // the MP4 index is lost with the tail
  ImportReport r = Import();
  ASSERT_EQ(r.files.size(), 1u);
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.outcome, "stored");
  EXPECT_FALSE(f.readable);
  EXPECT_NE(f.reason.find("moov atom not found"), std::string::npos) << f.reason;
  EXPECT_EQ(ReadFile(BlobPath(f.sha256)), ReadFile(clip));
  EXPECT_EQ(Count("SELECT count(*) FROM media_facts WHERE readable = 0 AND reason <> ''"), 1);
  EXPECT_NE(f.av_id, 0) << "the file name still dates it; it is part of the recording";
  EXPECT_EQ(f.start_us, At("2026-12-03T06:05:00Z"));
}

TEST_F(ImportTest, MetadataTimeWinsOverTheNameAndTheDriftIsAFinding) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:30Z");
  ImportReport r = Import();
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.start_us, At("2026-12-03T06:05:30Z"));
  ASSERT_EQ(f.findings.size(), 1u) << f.findings.dump();
  EXPECT_EQ(f.findings[0]["kind"], "clock_drift");
  EXPECT_EQ(f.findings[0]["drift_ms"], 30000);
  EXPECT_EQ(Count("SELECT count(*) FROM media_facts WHERE facts LIKE '%clock_drift%'"), 1);
}

TEST_F(ImportTest, NameTimeIsUsedWhenTheFileHasNone) {
  Segment("20261203140500_15010001_DSJ001.mp4", "");
  ImportReport r = Import();
  EXPECT_EQ(r.files[0].start_us, At("2026-12-03T06:05:00Z"));
  EXPECT_EQ(r.files[0].device, "DSJ-001") << "DSJ001 in the name is the registered DSJ-001";
  EXPECT_TRUE(r.files[0].findings.empty()) << r.files[0].findings.dump();
}

TEST_F(ImportTest, DeviceComesFromTheFolderAndAForeignOfficerNumberIsAFinding) {
  Segment("DSJ-002/POLICE_1234567_20261203-140500_A.MOV", "2026-12-03T06:05:00Z");
  ImportReport r = Import();
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.device, "DSJ-002");
  ASSERT_EQ(r.recordings.size(), 1u);
  EXPECT_EQ(r.recordings[0].officer, "wang");
  ASSERT_EQ(f.findings.size(), 1u) << f.findings.dump();
  EXPECT_EQ(f.findings[0]["kind"], "officer_mismatch");
  EXPECT_EQ(f.findings[0]["holder_cert"], "15010002");
}

TEST_F(ImportTest, RecordingOutsideEveryOnsiteTimeStaysUnassignedR17_4) {
  OpenCase();
  Segment("DSJ-001_20261203_180000_0001.MP4", "2026-12-03T10:00:00Z");  // 18:00, after on-site
  ImportReport r = Import();
  ASSERT_EQ(r.recordings.size(), 1u);
  EXPECT_FALSE(r.recordings[0].case_id);
  auto unassigned =
      services::RecordService(ctx()).ListUnassigned(*services::LoadActor(ctx(), "li"));
  ASSERT_TRUE(unassigned.ok());
  ASSERT_EQ(unassigned->size(), 1u);
  EXPECT_EQ((*unassigned)[0].id, r.recordings[0].av_id);
}

TEST_F(ImportTest, RecordingMatchingTwoCasesEquallyStaysUnassigned) {
  OpenCase();
  services::CaseInput in;
  in.number = "乌教罚〔2026〕2号";
  in.title = "同时段另一案";
  in.section = "zf";
  in.officers = {"li", "wang"};
  in.onsite_start_us = At("2026-12-03T06:00:00Z");
  in.onsite_end_us = At("2026-12-03T07:00:00Z");
  ASSERT_TRUE(services::CaseService(ctx()).Create(*services::LoadActor(ctx(), "li"), in).ok());
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  ImportReport r = Import();
  ASSERT_EQ(r.recordings.size(), 1u);
  EXPECT_FALSE(r.recordings[0].case_id) << "a guess between two cases would be worse than none";
}

TEST_F(ImportTest, RecordingOfADeviceNobodyHeldIsStoredButNotRegistered) {
  Segment("DSJ-001_20261130_090000_0001.MP4", "2026-11-30T01:00:00Z");  // before li got it
  ImportReport r = Import();
  ASSERT_EQ(r.recordings.size(), 1u);
  EXPECT_EQ(r.recordings[0].status.code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(r.files[0].outcome, "stored");
  EXPECT_EQ(r.files[0].av_id, 0);
  EXPECT_NE(r.files[0].problem.find("nobody held"), std::string::npos) << r.files[0].problem;
  EXPECT_EQ(r.Problems(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM av_record"), 0);
}

TEST_F(ImportTest, UnknownDeviceIsStoredAndRegisteredOnceTheDeviceIs) {
  Segment("XYZ-9/XYZ-9_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  ImportReport r = Import();
  EXPECT_EQ(r.files[0].outcome, "stored");
  EXPECT_EQ(r.files[0].av_id, 0);
  EXPECT_NE(r.files[0].problem.find("no registered device"), std::string::npos);

  services::BureauService b(ctx());
  ASSERT_TRUE(b.RegisterDevice(console_, {"XYZ-9", "body_camera", "zf"}).ok());
  ASSERT_TRUE(b.AssignDevice(console_, "XYZ-9", "li", At("2026-12-01T00:00:00Z")).ok());
  int64_t blobs = Count("SELECT count(*) FROM blob");
  ImportReport again = Import();
  EXPECT_EQ(again.files[0].outcome, "known");
  EXPECT_NE(again.files[0].av_id, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM blob"), blobs);
}

TEST_F(ImportTest, RemoveAfterVerifyRemovesOnlySourcesThatAreSafelyRecorded) {
  std::string recorded = Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  std::string orphan = Segment("XYZ-9_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  ImportOptions o;
  o.remove_after_verify = true;
  ImportReport r = Import(o);
  EXPECT_FALSE(fs::exists(recorded));
  EXPECT_TRUE(fs::exists(orphan)) << "not part of a recording: kept";
  for (const auto& f : r.files) EXPECT_EQ(f.removed, f.path == recorded);
}

TEST_F(ImportTest, WithoutRemoveAfterVerifySourcesStay) {
  std::string src = Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  Import();
  EXPECT_TRUE(fs::exists(src));
}

TEST_F(ImportTest, PhotoAndAudioFilesOfTheDeviceAreRecordsToo) {
  std::string jpg = dock_ + "/DSJ-001/IMG_20261203_140512.jpg";
  fs::create_directories(dock_ + "/DSJ-001");
  Ffmpeg("-f lavfi -i testsrc=size=64x48 -frames:v 1 " + jpg);
  std::string wav = dock_ + "/DSJ-001/REC_20261203_140520.wav";
  Ffmpeg("-f lavfi -i sine=duration=1 " + wav);
  ImportReport r = Import();
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files[0].kind, "image");
  EXPECT_EQ(r.files[1].kind, "audio");
  for (const auto& f : r.files) EXPECT_NE(f.av_id, 0) << f.path << ": " << f.problem;
}

TEST_F(ImportTest, OtherFilesAndHiddenFilesAreSkipped) {
  fullrecord::testing::WriteFile(dock_ + "/notes.txt", "not media");
  fullrecord::testing::WriteFile(dock_ + "/.DSJ-001_20261203_140500_0001.MP4", "partial copy");
  EXPECT_TRUE(Import().files.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM blob"), 0);
}

TEST_F(ImportTest, MissingFolderIsAnErrorAndChangesNothing) {
  uint64_t ledger = LedgerSize();
  Importer importer(*store_, mu_, "cli:test", {});
  EXPECT_TRUE(importer.ImportDirectory(dir_ / "no-such-dock").status().IsNotFound());
  EXPECT_EQ(importer.ImportDirectory(dir_ / "store/store.json").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(LedgerSize(), ledger);
}

TEST_F(ImportTest, ForcedDeviceMustBeRegistered) {
  Segment("holiday.mp4", "2026-12-03T06:05:00Z");
  ImportOptions o;
  o.device = "NOPE-1";
  ImportReport r = Import(o);
  EXPECT_EQ(r.files[0].av_id, 0);
  EXPECT_NE(r.files[0].problem.find("NOPE-1"), std::string::npos) << r.files[0].problem;
  o.device = "dsj001";
  EXPECT_NE(Import(o).files[0].av_id, 0);
}

TEST_F(ImportTest, DerivativesAreStoredLinkedAndLoggedWithoutTouchingTheOriginal) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z", "libx265");
  Segment("DSJ-002_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z", "libx264");
  ImportReport r;
  std::vector<DerivativeOutcome> made;
  {
    DerivativeMaker maker(*store_, mu_, Actor{"cli:test", {}, true, ""});
    r = Import({}, &maker);
    ASSERT_TRUE(maker.WaitFor(std::chrono::minutes(5)));
    made = maker.TakeOutcomes();
    EXPECT_EQ(maker.Progress().permille, 1000);
  }
  ASSERT_EQ(made.size(), 5u) << "poster + sheet for both, a proxy for HEVC only";
  for (const auto& d : made) EXPECT_TRUE(d.status.ok()) << d.kind << ": " << d.status.ToString();

  const std::string& hevc = r.files[0].sha256;
  MediaStore media(ctx());
  auto derived = media.ListDerivatives(hevc);
  ASSERT_TRUE(derived.ok());
  ASSERT_EQ(derived->size(), 3u);
  EXPECT_EQ((*derived)[0].kind, "contact_sheet");
  EXPECT_EQ((*derived)[1].kind, "poster");
  EXPECT_EQ((*derived)[2].kind, "proxy");
  for (const auto& d : *derived) {
    EXPECT_TRUE(store_->vault().Verify(d.sha256).ok()) << d.kind;
    EXPECT_NE(d.sha256, hevc);
  }
  EXPECT_FALSE(*media.HasDerivative(r.files[1].sha256, "proxy")) << "H.264 plays as it is";
  EXPECT_TRUE(store_->vault().Verify(hevc).ok()) << "the original is unchanged";
  EXPECT_EQ(Count("SELECT count(*) FROM ledger_entry WHERE data LIKE '%derivative.created%'"), 5);
}

TEST_F(ImportTest, DerivativesAreNotMadeTwice) {
  Segment("DSJ-001_20261203_140500_0001.MP4", "2026-12-03T06:05:00Z");
  for (int round = 0; round < 2; ++round) {
    DerivativeMaker maker(*store_, mu_, Actor{"cli:test", {}, true, ""});
    Import({}, &maker);
    ASSERT_TRUE(maker.WaitFor(std::chrono::minutes(5)));
    EXPECT_EQ(maker.TakeOutcomes().size(), round == 0 ? 2u : 0u);
  }
}

TEST(WatchTest, GrowingFileIsHandedOnOnceWhenItHasStoppedGrowing) {
  TempDir dir;
  std::string file = dir / "DSJ-001_20261203_140500_0001.MP4";
  std::thread writer([&] {
    std::ofstream out(file, std::ios::binary);
    for (int step = 0; step < 4; ++step) {
      out << std::string(1000, 'x') << std::flush;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  fullrecord::testing::WriteFile(dir / "notes.txt", "not media");
  fullrecord::testing::WriteFile(dir / ".DSJ-001_partial.MP4", "hidden");

  std::vector<std::pair<std::string, uintmax_t>> seen;
  WatchOptions o;
  o.max_seconds = 5;
  o.settle_ms = 1500;
  o.poll_ms = 50;
  Status s = WatchDirectory(dir.path(), o, [&](const std::vector<std::string>& files) {
    for (const auto& f : files) seen.emplace_back(f, fs::file_size(f));
  });
  writer.join();
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, file);
  EXPECT_EQ(seen[0].second, 4000u) << "handed on only once complete";
}

TEST(WatchTest, FilesInFoldersMadeLaterAreSeenAndStopEndsTheWatch) {
  TempDir dir;
  std::atomic<bool> stop{false};
  std::vector<std::string> seen;
  std::thread maker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fs::create_directories(dir / "DSJ-002");
    fullrecord::testing::WriteFile(dir / "DSJ-002/ch01_20261203140500.mp4", "bytes");
  });
  WatchOptions o;
  o.max_seconds = 10;  // a bound, should `stop` never be set
  o.settle_ms = 200;
  o.poll_ms = 50;
  Status s = WatchDirectory(
      dir.path(), o,
      [&](const std::vector<std::string>& files) {
        seen.insert(seen.end(), files.begin(), files.end());
        stop = true;
      },
      &stop);
  maker.join();
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], dir / "DSJ-002/ch01_20261203140500.mp4");
}

TEST(WatchTest, MissingFolderIsNotFound) {
  TempDir dir;
  WatchOptions o;
  o.max_seconds = 1;
  EXPECT_TRUE(WatchDirectory(dir / "none", o, [](const std::vector<std::string>&) {}).IsNotFound());
}

}  // namespace
}  // namespace fullrecord::media
