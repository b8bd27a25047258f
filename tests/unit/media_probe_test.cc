// Media facts read with FFmpeg's libraries from media the ffmpeg CLI makes (R3.3, R10.3): codecs,
// sizes, rates, durations, creation times, GPS and device tags; unreadable files are facts too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/json.h"
#include "media/probe.h"
#include "util/temp_dir.h"

namespace fullrecord::media {
namespace {

using fullrecord::testing::TempDir;

UnixMicros At(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}

// Makes test media with the ffmpeg CLI (Debian package ffmpeg).
void Ffmpeg(const std::string& args) {
  std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -y " + args;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// A one-second 160x120 15 fps clip with a tone, encoded with `vcodec`.
std::string Clip(const TempDir& dir, const std::string& name, const std::string& vcodec,
                 const std::string& extra = "") {
  std::string out = dir / name;
  std::string codec = vcodec == "libx265" ? "libx265 -x265-params log-level=error" : vcodec;
  Ffmpeg(
      "-f lavfi -i testsrc=size=160x120:rate=15:duration=1 "
      "-f lavfi -i sine=frequency=440:duration=1 -c:v " +
      codec + " -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest " + extra + " " + out);
  return out;
}

void Truncate(const std::string& path, double keep_fraction) {
  auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path,
                               static_cast<uintmax_t>(static_cast<double>(size) * keep_fraction));
}

TEST(ProbeTest, H264ClipGivesCodecsSizeRateDurationAndCreationTime) {
  TempDir dir;
  std::string clip = Clip(dir, "a.mp4", "libx264", "-metadata creation_time=2026-12-03T06:05:00Z");
  auto f = Probe(clip);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_TRUE(f->readable);
  EXPECT_EQ(f->kind, "video");
  EXPECT_NE(f->container.find("mp4"), std::string::npos);
  const StreamFacts* v = f->FirstStream("video");
  const StreamFacts* a = f->FirstStream("audio");
  ASSERT_TRUE(v && a);
  EXPECT_EQ(v->codec, "h264");
  EXPECT_EQ(v->width, 160);
  EXPECT_EQ(v->height, 120);
  EXPECT_EQ(v->fps_num * 1.0 / v->fps_den, 15.0);
  EXPECT_EQ(a->codec, "aac");
  EXPECT_EQ(a->sample_rate, 44100);
  ASSERT_TRUE(f->duration_us);
  EXPECT_NEAR(static_cast<double>(*f->duration_us), 1e6, 0.1e6);
  EXPECT_EQ(f->created_us, At("2026-12-03T06:05:00Z"));
  EXPECT_EQ(f->created_tag, "creation_time");
  EXPECT_FALSE(f->truncated);
  EXPECT_TRUE(IsBrowserPlayable(*f));
}

TEST(ProbeTest, HevcClipIsReadButNeedsAProxy) {
  TempDir dir;
  auto f = Probe(Clip(dir, "a.mp4", "libx265"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->readable);
  EXPECT_EQ(f->FirstStream("video")->codec, "hevc");
  EXPECT_FALSE(IsBrowserPlayable(*f));
}

TEST(ProbeTest, GpsAndDeviceTagsOfAnMp4AreRead) {
  TempDir dir;
  auto f = Probe(Clip(dir, "a.mp4", "libx264",
                      "-movflags use_metadata_tags -metadata location=+39.9042+116.4074/ "
                      "-metadata make=Hytera -metadata model=DSJ-V7 -metadata serial=DSJ-001"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->gps);
  EXPECT_EQ(f->gps->lat_microdeg, 39'904'200);
  EXPECT_EQ(f->gps->lon_microdeg, 116'407'400);
  EXPECT_EQ(f->make, "Hytera");
  EXPECT_EQ(f->model, "DSJ-V7");
  EXPECT_EQ(f->serial, "DSJ-001");
}

TEST(ProbeTest, ClipCutBeforeItsIndexIsUnreadableWithFfmpegsReasonAndStillHasFacts) {
  TempDir dir;
  std::string clip = Clip(dir, "a.mp4", "libx264");  // the MP4 index (moov) is at the end
  Truncate(clip, 0.6);
  auto f = Probe(clip);
  ASSERT_TRUE(f.ok()) << "an unreadable file is a fact, not an error";
  EXPECT_FALSE(f->readable);
  EXPECT_NE(f->reason.find("moov atom not found"), std::string::npos) << f->reason;
  EXPECT_EQ(f->kind, "unknown");
  EXPECT_FALSE(IsBrowserPlayable(*f));
}

TEST(ProbeTest, ClipCutAfterItsIndexIsReadAsTruncatedWithThePresentDuration) {
  TempDir dir;
  std::string clip = dir / "long.mp4";
  Ffmpeg(
      "-f lavfi -i testsrc=size=160x120:rate=15:duration=6 -c:v libx264 -preset ultrafast "
      "-pix_fmt yuv420p -movflags +faststart " +
      clip);
  Truncate(clip, 0.5);
  auto f = Probe(clip);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->readable) << f->reason;
  EXPECT_TRUE(f->truncated);
  ASSERT_TRUE(f->declared_duration_us && f->duration_us);
  EXPECT_NEAR(static_cast<double>(*f->declared_duration_us), 6e6, 0.1e6);
  EXPECT_LT(*f->duration_us, 5'000'000);
}

TEST(ProbeTest, AudioOnlyFileIsAudio) {
  TempDir dir;
  std::string m4a = dir / "a.m4a";
  Ffmpeg("-f lavfi -i sine=frequency=440:duration=1:sample_rate=16000 -ac 1 -c:a aac " + m4a);
  auto f = Probe(m4a);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, "audio");
  EXPECT_EQ(f->FirstStream("audio")->sample_rate, 16000);
  EXPECT_EQ(f->FirstStream("audio")->channels, 1);
  EXPECT_TRUE(IsBrowserPlayable(*f));
}

TEST(ProbeTest, Mpeg2AudioInAnMpegFileNeedsAProxy) {
  TempDir dir;
  std::string mpg = dir / "a.mpg";
  Ffmpeg(
      "-f lavfi -i testsrc=size=160x120:rate=25:duration=1 -f lavfi -i sine=duration=1 "
      "-c:v mpeg2video -c:a mp2 " +
      mpg);
  auto f = Probe(mpg);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->FirstStream("video")->codec, "mpeg2video");
  EXPECT_FALSE(IsBrowserPlayable(*f));
}

TEST(ProbeTest, JpegExifGivesBeijingTimeGpsAndCamera) {
  TempDir dir;
  std::string jpg = dir / "IMG_20261203_140512.jpg";
  Ffmpeg("-f lavfi -i testsrc=size=64x48 -frames:v 1 " + jpg);
  std::string exif =
      "exiftool -q -overwrite_original '-DateTimeOriginal=2026:12:03 14:05:12' "
      "-Make=Hytera -Model=DSJ-V7 -GPSLatitude=39.9042 -GPSLatitudeRef=N "
      "-GPSLongitude=116.4074 -GPSLongitudeRef=E " +
      jpg;
  ASSERT_EQ(std::system(exif.c_str()), 0) << "exiftool (Debian libimage-exiftool-perl)";
  auto f = Probe(jpg);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->readable) << f->reason;
  EXPECT_EQ(f->kind, "image");
  EXPECT_EQ(f->created_us, At("2026-12-03T06:05:12Z"));  // EXIF time is local: Beijing
  EXPECT_EQ(f->created_tag, "datetimeoriginal");
  ASSERT_TRUE(f->gps);
  EXPECT_EQ(f->gps->lat_microdeg, 39'904'200);
  EXPECT_EQ(f->gps->lon_microdeg, 116'407'400);
  EXPECT_EQ(f->make, "Hytera");
}

TEST(ProbeTest, RandomBytesAreUnreadableWithAReason) {
  TempDir dir;
  std::string junk = dir / "DSJ-001_20261203_140500_0001.MP4";
  fullrecord::testing::WriteFile(junk, std::string(4096, '\x5a'));
  auto f = Probe(junk);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->readable);
  EXPECT_FALSE(f->reason.empty());
}

TEST(ProbeTest, MissingFileIsNotFound) {
  TempDir dir;
  EXPECT_TRUE(Probe(dir / "nothing.mp4").status().IsNotFound());
}

TEST(ProbeTest, FactsJsonHasNoFloatsAndRoundTrips) {
  TempDir dir;
  auto f = Probe(Clip(dir, "a.mp4", "libx264",
                      "-metadata creation_time=2026-12-03T06:05:00Z -metadata "
                      "location=+39.9042+116.4074+050.000/"));
  ASSERT_TRUE(f.ok());
  Json j = FactsToJson(*f);
  EXPECT_NO_THROW(CanonicalJson(j)) << "the ledger's canonical JSON refuses floating point";
  auto back = FactsFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(FactsToJson(*back), j);
}

TEST(ProbeTest, FactsJsonWithoutRequiredMembersIsRefused) {
  EXPECT_EQ(FactsFromJson(Json::object()).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(FactsFromJson({{"readable", true}, {"kind", "video"}, {"streams", 3}}).status().code(),
            Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace fullrecord::media
