#include "common/time.h"

#include <gtest/gtest.h>

namespace fullrecord {
namespace {

TEST(Time, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtc(1'796'346'711'123'456), "2026-12-04T01:11:51.123Z");
  EXPECT_EQ(FormatUtc(951'782'400'000'000), "2000-02-29T00:00:00.000Z");
}

TEST(Time, ParsesZonesIntoUtc) {
  auto utc = ParseRfc3339("2026-12-03T06:05:00Z");
  auto shanghai = ParseRfc3339("2026-12-03T14:05:00+08:00");
  ASSERT_TRUE(utc && shanghai);
  EXPECT_EQ(*utc, *shanghai);
  EXPECT_EQ(FormatUtc(*ParseRfc3339("2026-12-03T14:05:00.25+08:00")), "2026-12-03T06:05:00.250Z");
}

TEST(Time, RejectsImpossibleDates) {
  EXPECT_FALSE(ParseRfc3339("2026-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-12-03T24:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-12-03T10:00:00"));
  EXPECT_FALSE(ParseRfc3339("2026-12-03 10:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z"));
}

TEST(Time, FormatAndParseRoundTrip) {
  for (int64_t t = -86'400'000'000; t < 4'102'444'800'000'000; t += 7'777'777'777'777) {
    int64_t ms = t / 1000 * 1000;
    EXPECT_EQ(ParseRfc3339(FormatUtc(ms)), ms);
  }
}

}  // namespace
}  // namespace fullrecord
