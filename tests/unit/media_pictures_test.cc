// Posters, contact sheets and browser-playable proxies made with FFmpeg's libraries from media
// the ffmpeg CLI makes. Originals are only read (R9.5).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "crypto/digest.h"
#include "media/pictures.h"
#include "media/probe.h"
#include "media/proxy.h"
#include "util/temp_dir.h"

namespace fullrecord::media {
namespace {

using fullrecord::testing::ReadFile;
using fullrecord::testing::TempDir;

void Ffmpeg(const std::string& args) {
  std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -y " + args;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// A clip of `seconds` at `size`, 15 fps, with a tone; `vcodec` libx264 or libx265.
std::string Clip(const TempDir& dir, const std::string& name, const std::string& vcodec,
                 const std::string& size = "160x120", int seconds = 2) {
  std::string out = dir / name;
  std::string codec = vcodec == "libx265" ? "libx265 -x265-params log-level=error" : vcodec;
  std::string d = std::to_string(seconds);
  Ffmpeg("-f lavfi -i testsrc=size=" + size + ":rate=15:duration=" + d +
         " -f lavfi -i sine=frequency=440:duration=" + d + " -c:v " + codec +
         " -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest " + out);
  return out;
}

std::string Sha(const std::string& path) {
  return crypto::DigestHex(crypto::Sha256(ReadFile(path)));
}

// The top-level boxes of an MP4 file, in order ("ftyp", "moov", "mdat", …).
std::vector<std::string> TopLevelBoxes(const std::string& path) {
  std::string data = ReadFile(path);
  std::vector<std::string> boxes;
  size_t pos = 0;
  while (pos + 8 <= data.size()) {
    uint64_t size = 0;
    for (int i = 0; i < 4; ++i) size = size << 8 | static_cast<uint8_t>(data[pos + i]);
    boxes.push_back(data.substr(pos + 4, 4));
    if (size == 1 && pos + 16 <= data.size()) {
      size = 0;
      for (int i = 8; i < 16; ++i) size = size << 8 | static_cast<uint8_t>(data[pos + i]);
    }
    if (size < 8) break;
    pos += size;
  }
  return boxes;
}

size_t IndexOf(const std::vector<std::string>& v, const std::string& s) {
  return static_cast<size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

TEST(PicturesTest, PosterIsAJpegOfTheVideoAtItsOwnSizeWhenSmall) {
  TempDir dir;
  std::string clip = Clip(dir, "a.mp4", "libx264", "320x240");
  std::string before = Sha(clip);
  auto p = MakePoster(clip, dir / "poster.jpg");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->width, 320);
  EXPECT_EQ(p->height, 240);
  std::string jpeg = ReadFile(dir / "poster.jpg");
  ASSERT_GT(jpeg.size(), 2u);
  EXPECT_EQ(jpeg.substr(0, 2), "\xFF\xD8");
  auto facts = Probe(dir / "poster.jpg");
  ASSERT_TRUE(facts.ok() && facts->readable);
  EXPECT_EQ(facts->FirstStream("video")->width, 320);
  EXPECT_EQ(Sha(clip), before) << "the original must never change";
}

TEST(PicturesTest, PosterOfALargeVideoIsScaledDownKeepingItsShape) {
  TempDir dir;
  PictureOptions o;
  o.poster_width = 80;
  auto p = MakePoster(Clip(dir, "a.mp4", "libx265", "320x180", 1), dir / "p.jpg", o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->width, 80);
  EXPECT_EQ(p->height, 44);  // 45 rounded down to even
}

TEST(PicturesTest, ContactSheetIsAGridOfThumbnailsSpreadOverTheVideo) {
  TempDir dir;
  PictureOptions o;
  o.thumb_width = 80;
  o.columns = 3;
  o.rows = 2;
  auto sheet = MakeContactSheet(Clip(dir, "a.mp4", "libx264", "160x120", 2), dir / "s.jpg", o);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->width, 240);
  EXPECT_EQ(sheet->height, 120);
  EXPECT_EQ(sheet->frames, 6);
  auto facts = Probe(dir / "s.jpg");
  ASSERT_TRUE(facts.ok() && facts->readable);
  EXPECT_EQ(facts->FirstStream("video")->codec, "mjpeg");
}

TEST(PicturesTest, AudioOnlyFileHasNoPoster) {
  TempDir dir;
  std::string m4a = dir / "a.m4a";
  Ffmpeg("-f lavfi -i sine=duration=1 -c:a aac " + m4a);
  auto p = MakePoster(m4a, dir / "p.jpg");
  EXPECT_EQ(p.status().code(), Status::Code::kInvalidArgument);
}

TEST(ProxyTest, HevcBecomesH264AacMp4WithItsIndexAtTheFront) {
  TempDir dir;
  std::string clip = Clip(dir, "hevc.mp4", "libx265", "320x240", 2);
  std::string before = Sha(clip);
  std::vector<int> progress;
  ProxyOptions o;
  o.max_height = 120;
  auto r = MakeProxy(clip, dir / "proxy.mp4", o, [&](int p) { progress.push_back(p); });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->video && r->audio);
  EXPECT_EQ(r->width, 160);
  EXPECT_EQ(r->height, 120);

  auto facts = Probe(dir / "proxy.mp4");
  ASSERT_TRUE(facts.ok() && facts->readable) << facts->reason;
  EXPECT_EQ(facts->FirstStream("video")->codec, "h264");
  EXPECT_EQ(facts->FirstStream("audio")->codec, "aac");
  EXPECT_TRUE(IsBrowserPlayable(*facts));
  EXPECT_NEAR(static_cast<double>(*facts->duration_us), 2e6, 0.15e6);

  auto boxes = TopLevelBoxes(dir / "proxy.mp4");
  ASSERT_LT(IndexOf(boxes, "moov"), boxes.size());
  EXPECT_LT(IndexOf(boxes, "moov"), IndexOf(boxes, "mdat")) << "moov must precede mdat";

  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_GE(progress.back(), 900);
  EXPECT_EQ(Sha(clip), before) << "the original must never change";
}

TEST(ProxyTest, AudioOnlyRecordingBecomesAnAacMp4) {
  TempDir dir;
  std::string mp2 = dir / "a.mp2";
  Ffmpeg("-f lavfi -i sine=duration=1:sample_rate=32000 -c:a mp2 " + mp2);
  auto r = MakeProxy(mp2, dir / "a.mp4");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->video);
  EXPECT_TRUE(r->audio);
  auto facts = Probe(dir / "a.mp4");
  ASSERT_TRUE(facts.ok() && facts->readable);
  EXPECT_EQ(facts->kind, "audio");
  EXPECT_EQ(facts->FirstStream("audio")->codec, "aac");
  EXPECT_NEAR(static_cast<double>(*facts->duration_us), 1e6, 0.1e6);
}

TEST(ProxyTest, UnreadableInputFailsAndLeavesNoOutput) {
  TempDir dir;
  fullrecord::testing::WriteFile(dir / "junk.mp4", std::string(2048, '\x33'));
  auto r = MakeProxy(dir / "junk.mp4", dir / "out.mp4");
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir / "out.mp4"));
}

TEST(ProxyTest, ParamsAreIntegersAndStringsOnly) {
  Json p = ProxyParams(ProxyOptions{});
  EXPECT_EQ(p["video"], "libx264");
  EXPECT_EQ(p["movflags"], "+faststart");
  EXPECT_NO_THROW(CanonicalJson(p));
}

}  // namespace
}  // namespace fullrecord::media
