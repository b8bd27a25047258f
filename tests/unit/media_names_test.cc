// Pure logic of the media component: body-camera file names, GPS text, gap detection between
// segments (R9.2–R9.4), and the bounded job queue.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "media/file_name.h"
#include "media/geo.h"
#include "media/job_queue.h"
#include "media/sessions.h"

namespace fullrecord::media {
namespace {

UnixMicros At(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}
constexpr int64_t kSec = 1'000'000;

TEST(FileNameTest, EveryDocumentedExampleParsesWithItsOwnPattern) {
  for (const auto& p : NamePatterns()) {
    auto facts = ParseBodyCameraName(p.example);
    ASSERT_TRUE(facts.has_value()) << p.example;
    EXPECT_EQ(facts->pattern, p.id) << p.example;
    EXPECT_TRUE(facts->start_us.has_value()) << p.example;
  }
}

TEST(FileNameTest, SerialDateTimeSequenceGivesDeviceAndBeijingStart) {
  auto f = ParseBodyCameraName("DSJ-001_20261203_140500_0001.MP4");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->device, "DSJ-001");
  EXPECT_EQ(f->sequence, "0001");
  EXPECT_EQ(f->officer, "");
  EXPECT_EQ(*f->start_us, At("2026-12-03T06:05:00Z"));  // 14:05 in Beijing is 06:05 UTC
}

TEST(FileNameTest, StampFirstGivesOfficerAndDevice) {
  auto f = ParseBodyCameraName("20261203140500_000123_DSJ001.mp4");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->officer, "000123");
  EXPECT_EQ(f->device, "DSJ001");
  EXPECT_EQ(*f->start_us, At("2026-12-03T06:05:00Z"));
}

TEST(FileNameTest, PolicePatternHasOfficerAndLetterButNoDevice) {
  auto f = ParseBodyCameraName("POLICE_1234567_20261203-140500_A.MOV");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->officer, "1234567");
  EXPECT_EQ(f->sequence, "A");
  EXPECT_EQ(f->device, "");
}

TEST(FileNameTest, ChannelPatternKeepsTheChannel) {
  auto f = ParseBodyCameraName("ch01_20261203140500.mp4");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->channel, "01");
  EXPECT_EQ(*f->start_us, At("2026-12-03T06:05:00Z"));
}

TEST(FileNameTest, LowerCaseNamesAreRead) {
  auto f = ParseBodyCameraName("dsj-001_20261203_140500_0002.mp4");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->device, "dsj-001");
}

TEST(FileNameTest, ImpossibleDatesAndTimesAreNotRead) {
  EXPECT_FALSE(ParseBodyCameraName("DSJ-001_20261303_140500_0001.mp4"));  // month 13
  EXPECT_FALSE(ParseBodyCameraName("DSJ-001_20260230_140500_0001.mp4"));  // 30 February
  EXPECT_FALSE(ParseBodyCameraName("ch01_20261203250000.mp4"));           // 25 o'clock
}

TEST(FileNameTest, OtherNamesAreNotRead) {
  EXPECT_FALSE(ParseBodyCameraName("holiday.mp4"));
  EXPECT_FALSE(ParseBodyCameraName("DSJ-001.mp4"));
  EXPECT_FALSE(ParseBodyCameraName(""));
}

TEST(FileNameTest, SerialsCompareWithoutCaseOrPunctuation) {
  EXPECT_EQ(NormalizeSerial("dsj-001"), "DSJ001");
  EXPECT_EQ(NormalizeSerial("DSJ 001"), NormalizeSerial("DSJ001"));
}

TEST(GeoTest, Iso6709DecimalDegreesAreRead) {
  auto p = ParseIso6709("+39.9042+116.4074/");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->lat_microdeg, 39'904'200);
  EXPECT_EQ(p->lon_microdeg, 116'407'400);
  EXPECT_FALSE(p->alt_mm);
}

TEST(GeoTest, Iso6709AltitudeAndSouthWestAreRead) {
  auto p = ParseIso6709("-33.8688-070.6693+050.500/");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->lat_microdeg, -33'868'800);
  EXPECT_EQ(p->lon_microdeg, -70'669'300);
  EXPECT_EQ(p->alt_mm, 50'500);
}

TEST(GeoTest, Iso6709DegreesMinutesAreRead) {
  auto p = ParseIso6709("+3954.252+11624.444/");  // 39°54.252' N, 116°24.444' E
  ASSERT_TRUE(p);
  EXPECT_EQ(p->lat_microdeg, 39'904'200);
  EXPECT_EQ(p->lon_microdeg, 116'407'400);
}

TEST(GeoTest, MalformedOrOffTheGlobeIsRefused) {
  EXPECT_FALSE(ParseIso6709("39.9042,116.4074"));
  EXPECT_FALSE(ParseIso6709("+95.0+116.4/"));
  EXPECT_FALSE(ParseIso6709("+39.9+116.4x"));
  EXPECT_FALSE(ParseIso6709(""));
}

TEST(GeoTest, ExifRationalsAsFfmpegPrintsThemAreRead) {
  std::map<std::string, std::string> tags = {
      {"GPSLatitude", "     39:1      ,      54:1      ,     378:25     "},
      {"GPSLatitudeRef", "N"},
      {"GPSLongitude", "    116:1      ,      24:1      ,     666:25     "},
      {"GPSLongitudeRef", "W"},
      {"GPSAltitude", "     50:1      "}};
  auto p = ParseExifGps(tags);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->lat_microdeg, 39'904'200);
  EXPECT_EQ(p->lon_microdeg, -116'407'400);
  EXPECT_EQ(p->alt_mm, 50'000);
  EXPECT_EQ(p->source, "exif");
}

TEST(GeoTest, ExifWithoutReferenceIsRefused) {
  EXPECT_FALSE(ParseExifGps({{"GPSLatitude", "39:1"}, {"GPSLongitude", "116:1"}}));
}

TEST(GeoTest, DegreesFormatWithSixPlaces) {
  EXPECT_EQ(FormatDegrees(39'904'200), "39.904200");
  EXPECT_EQ(FormatDegrees(-500), "-0.000500");
}

// Segments of `seconds` each, starting at the given offsets from t0.
std::vector<TimedSegment> Segments(std::initializer_list<std::pair<int64_t, int64_t>> spans) {
  UnixMicros t0 = At("2026-12-03T06:00:00Z");
  std::vector<TimedSegment> out;
  int i = 0;
  for (auto [start, length] : spans) {
    out.push_back({"s" + std::to_string(i++), t0 + start * kSec, t0 + (start + length) * kSec});
  }
  return out;
}

TEST(SessionsTest, SegmentsSplitAtTheDeviceSplitFormOneRecordingWithoutInterruption) {
  auto sessions = GroupSessions(Segments({{0, 600}, {600, 600}, {1201, 300}}), GapOptions{});
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].segments.size(), 3u);
  EXPECT_TRUE(sessions[0].interruptions.empty());
  EXPECT_EQ(sessions[0].end_us - sessions[0].start_us, 1501 * kSec);
}

TEST(SessionsTest, GapLongerThanSplitPlusToleranceIsAnInterruptionR9_2) {
  auto sessions = GroupSessions(Segments({{0, 60}, {67, 60}}), GapOptions{});
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_EQ(sessions[0].interruptions.size(), 1u);
  const Gap& g = sessions[0].interruptions[0];
  EXPECT_EQ(g.length_us(), 7 * kSec);
  EXPECT_EQ(g.before_id, "s0");
  EXPECT_EQ(g.after_id, "s1");
}

TEST(SessionsTest, GapOfExactlySplitPlusToleranceIsNotAnInterruption) {
  auto sessions = GroupSessions(Segments({{0, 60}, {66, 60}}), GapOptions{});
  EXPECT_TRUE(sessions[0].interruptions.empty());
}

TEST(SessionsTest, ToleranceIsConfigurable) {
  GapOptions strict;
  strict.tolerance_us = 1 * kSec;
  EXPECT_EQ(GroupSessions(Segments({{0, 60}, {63, 60}}), strict)[0].interruptions.size(), 1u);
}

TEST(SessionsTest, GapLongerThanTheSessionBreakStartsANewRecording) {
  auto sessions = GroupSessions(Segments({{0, 60}, {60 + 31 * 60, 60}}), GapOptions{});
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_TRUE(sessions[0].interruptions.empty());
  EXPECT_TRUE(sessions[1].interruptions.empty());
}

TEST(SessionsTest, OverlappingAndContainedSegmentsLeaveNoGap) {
  auto gaps = FindGaps(Segments({{0, 100}, {50, 10}, {90, 50}}), 0);
  EXPECT_TRUE(gaps.empty());
}

TEST(SessionsTest, GapAfterAContainedSegmentIsMeasuredFromTheLatestEnd) {
  auto gaps = FindGaps(Segments({{0, 100}, {10, 5}, {120, 10}}), 6 * kSec);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].length_us(), 20 * kSec);
  EXPECT_EQ(gaps[0].before_id, "s0");
}

TEST(SessionsTest, SegmentOfUnknownDurationDoesNotHideAGap) {
  // An unreadable file counts from its start only: its lost tail cannot prove continuity.
  auto sessions = GroupSessions(Segments({{0, 60}, {60, 0}, {120, 60}}), GapOptions{});
  ASSERT_EQ(sessions[0].interruptions.size(), 1u);
  EXPECT_EQ(sessions[0].interruptions[0].length_us(), 60 * kSec);
}

TEST(SessionsTest, UnsortedInputIsOrderedByStart) {
  auto sessions = GroupSessions(Segments({{67, 60}, {0, 60}}), GapOptions{});
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].segments[0].id, "s1");
  EXPECT_EQ(sessions[0].interruptions.size(), 1u);
}

TEST(SessionsTest, NoSegmentsGiveNoSessions) {
  EXPECT_TRUE(GroupSessions({}, GapOptions{}).empty());
}

TEST(JobQueueTest, RunsEveryJobWithNoMoreThanItsWorkersAtOnce) {
  std::atomic<int> running{0}, most{0}, ran{0};
  {
    JobQueue q(2);
    for (int i = 0; i < 12; ++i) {
      q.Submit([&] {
        int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --running;
        ++ran;
      });
    }
    q.Wait();
    EXPECT_EQ(q.Counts().done, 12u);
  }
  EXPECT_EQ(ran.load(), 12);
  EXPECT_LE(most.load(), 2);
}

TEST(JobQueueTest, AnExceptionEscapingAJobIsRethrownByWait) {
  JobQueue q(1);
  q.Submit([] { throw std::runtime_error("bug"); });
  EXPECT_THROW(q.Wait(), std::runtime_error);
  q.Submit([] {});
  EXPECT_NO_THROW(q.Wait());
}

TEST(JobQueueTest, WaitForTimesOutWhileAJobRuns) {
  JobQueue q(1);
  std::atomic<bool> release{false};
  q.Submit([&] {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  EXPECT_FALSE(q.WaitFor(std::chrono::milliseconds(20)));
  release = true;
  EXPECT_TRUE(q.WaitFor(std::chrono::seconds(10)));
}

TEST(JobQueueTest, DefaultWorkersMatchTheCores) {
  EXPECT_EQ(JobQueue::DefaultWorkers(), std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace fullrecord::media
