// The working-day calendar behind R12.1 (upload within 24 hours of recording) and R13.1 (archive
// discs within 30 working days after the enforcement ends), checked against the published State
// Council schedules in data/holidays.json.
#include "services/calendar.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/temp_dir.h"

#ifndef FR_SOURCE_DIR
#define FR_SOURCE_DIR "."
#endif

namespace fullrecord::services {
namespace {

using fullrecord::testing::TempDir;
using fullrecord::testing::WriteFile;

constexpr const char* kDataFile = FR_SOURCE_DIR "/data/holidays.json";

Date D(const char* text) {
  return Date::Parse(text).value();
}

UnixMicros At(const char* rfc3339) {
  return ParseRfc3339(rfc3339).value();
}

// The repository's holiday file, loaded once.
const HolidayCalendar& Real() {
  static const HolidayCalendar calendar = [] {
    auto loaded = HolidayCalendar::LoadFile(kDataFile);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return calendar;
}

bool Working(const char* date) {
  auto working = Real().IsWorkingDay(D(date));
  EXPECT_TRUE(working.ok()) << date << ": " << working.status().ToString();
  return working.ok() && *working;
}

// Every date from `first` to `last` inclusive, via the Shanghai day boundaries.
std::vector<Date> Range(const char* first, const char* last) {
  std::vector<Date> days;
  for (Date d = D(first); d <= D(last); d = ShanghaiDate(ShanghaiEndOfDay(d) + 1)) {
    days.push_back(d);
  }
  return days;
}

// --- Dates and Shanghai time -----------------------------------------------------------------

TEST(Date, ParsesAndPrintsIsoDates) {
  Date date = D("2026-12-03");
  EXPECT_EQ(date.year, 2026);
  EXPECT_EQ(date.month, 12);
  EXPECT_EQ(date.day, 3);
  EXPECT_EQ(date.ToString(), "2026-12-03");
  EXPECT_EQ(D("0001-01-01").ToString(), "0001-01-01");
  EXPECT_TRUE(Date::Parse("2024-02-29").ok());
}

TEST(Date, RejectsMalformedOrImpossibleDates) {
  for (const char* text : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "0000-01-01",
                           "2026-2-03", "2026/02/03", "2026-02-03x", " 2026-02-03", ""}) {
    auto parsed = Date::Parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument);
  }
}

TEST(Date, ComparesChronologically) {
  EXPECT_LT(D("2025-12-31"), D("2026-01-01"));
  EXPECT_LT(D("2026-01-31"), D("2026-02-01"));
  EXPECT_EQ(D("2026-10-01"), (Date{2026, 10, 1}));
  EXPECT_GT(D("2026-10-02"), D("2026-10-01"));
}

TEST(Date, KnowsWeekdays) {
  EXPECT_EQ(D("1970-01-01").IsoWeekday(), 4);  // Thursday
  EXPECT_EQ(D("2026-02-14").IsoWeekday(), 6);  // Saturday
  EXPECT_EQ(D("2026-09-20").IsoWeekday(), 7);  // Sunday
  EXPECT_EQ(D("2026-10-01").IsoWeekday(), 4);  // Thursday
  EXPECT_EQ(D("1969-12-29").IsoWeekday(), 1);  // Monday, before the epoch
}

TEST(ShanghaiTime, DateChangesAt1600Utc) {
  EXPECT_EQ(ShanghaiDate(At("2026-12-02T15:59:59.999999Z")), D("2026-12-02"));
  EXPECT_EQ(ShanghaiDate(At("2026-12-02T16:00:00Z")), D("2026-12-03"));
  EXPECT_EQ(ShanghaiDate(At("2026-12-03T00:00:00+08:00")), D("2026-12-03"));
  EXPECT_EQ(ShanghaiDate(-1), D("1970-01-01"));  // 07:59:59.999999 in Shanghai
  EXPECT_EQ(ShanghaiDate(At("1969-12-31T15:59:59Z")), D("1969-12-31"));
}

TEST(ShanghaiTime, DayRunsFrom1600UtcToLastMicrosecondBefore) {
  EXPECT_EQ(ShanghaiStartOfDay(D("2026-12-03")), At("2026-12-02T16:00:00Z"));
  EXPECT_EQ(ShanghaiEndOfDay(D("2026-12-03")), At("2026-12-03T15:59:59.999999Z"));
  EXPECT_EQ(ShanghaiEndOfDay(D("2024-02-28")) + 1, ShanghaiStartOfDay(D("2024-02-29")));
}

TEST(ShanghaiTime, AgreesWithUtcFormattingAcrossCenturies) {
  // Start of each Shanghai day is 08:00 of the same date at +08:00, i.e. FormatUtc of start+8h.
  constexpr int64_t kEightHours = int64_t{8} * 3600 * 1'000'000;
  for (UnixMicros t = At("1899-12-30T16:00:00Z"); t < At("2101-01-01T00:00:00Z");
       t += int64_t{86'400} * 1'000'000 * 13) {
    Date date = ShanghaiDate(t);
    ASSERT_EQ(date.ToString(), FormatUtc(t + kEightHours).substr(0, 10));
    ASSERT_EQ(ShanghaiDate(ShanghaiStartOfDay(date)), date);
    ASSERT_EQ(ShanghaiDate(ShanghaiEndOfDay(date)), date);
  }
}

TEST(ShanghaiTime, ExtremeInstantsDoNotOverflow) {
  EXPECT_GT(ShanghaiDate(std::numeric_limits<UnixMicros>::max()).year, 200000);
  EXPECT_LT(ShanghaiDate(std::numeric_limits<UnixMicros>::min()).year, -200000);
}

// --- The holiday data ------------------------------------------------------------------------

TEST(HolidayData, CoversYears2020To2026FromChineseDays) {
  EXPECT_EQ(Real().Years(), (std::vector<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026}));
  EXPECT_NE(Real().source().find("State Council"), std::string::npos);
  EXPECT_NE(Real().source().find("chinese-days"), std::string::npos);
}

TEST(HolidayData, SpringFestival2026IsOffFeb15To23WithSaturdayMakeUpDays) {
  for (Date d : Range("2026-02-15", "2026-02-23")) EXPECT_FALSE(Working(d.ToString().c_str()));
  EXPECT_TRUE(Working("2026-02-13"));   // Friday before
  EXPECT_TRUE(Working("2026-02-14"));   // Saturday, make-up working day
  EXPECT_TRUE(Working("2026-02-24"));   // Tuesday after
  EXPECT_TRUE(Working("2026-02-28"));   // Saturday, make-up working day
  EXPECT_FALSE(Working("2026-03-01"));  // an ordinary Sunday
}

TEST(HolidayData, NationalDay2026IsOffOct1To7WithMakeUpDaysSep20AndOct10) {
  for (Date d : Range("2026-10-01", "2026-10-07")) EXPECT_FALSE(Working(d.ToString().c_str()));
  EXPECT_TRUE(Working("2026-09-20"));  // Sunday, make-up working day
  EXPECT_TRUE(Working("2026-10-08"));
  EXPECT_TRUE(Working("2026-10-10"));   // Saturday, make-up working day
  EXPECT_FALSE(Working("2026-10-11"));  // an ordinary Sunday
  EXPECT_FALSE(Working("2026-09-25"));  // Friday, Mid-Autumn Festival
}

TEST(HolidayData, SpringFestival2025IsOffJan28ToFeb4WithMakeUpDaysJan26AndFeb8) {
  for (Date d : Range("2025-01-28", "2025-02-04")) EXPECT_FALSE(Working(d.ToString().c_str()));
  EXPECT_TRUE(Working("2025-01-26"));  // Sunday
  EXPECT_TRUE(Working("2025-02-05"));
  EXPECT_TRUE(Working("2025-02-08"));  // Saturday
}

TEST(HolidayData, NationalDay2024IsOffOct1To7WithMakeUpDaysSep29AndOct12) {
  for (Date d : Range("2024-10-01", "2024-10-07")) EXPECT_FALSE(Working(d.ToString().c_str()));
  EXPECT_TRUE(Working("2024-09-29"));  // Sunday
  EXPECT_TRUE(Working("2024-10-08"));
  EXPECT_TRUE(Working("2024-10-12"));  // Saturday
}

TEST(HolidayData, SpringFestival2020ExtensionCancelledTheFeb1MakeUpDay) {
  // 国务院办公厅关于延长2020年春节假期的通知: the holiday ran to Sunday 2020-02-02, so the
  // Saturday 2020-02-01 planned as a make-up working day became a day off.
  EXPECT_TRUE(Working("2020-01-19"));   // Sunday, make-up working day
  EXPECT_FALSE(Working("2020-01-31"));  // Friday
  EXPECT_FALSE(Working("2020-02-01"));  // Saturday
  EXPECT_TRUE(Working("2020-02-03"));   // Monday, work resumed
}

TEST(HolidayData, Year2026Has248WorkingDays) {
  // 2026 starts on a Thursday: 52 weeks + 1 day = 261 weekdays. Weekday holidays: Jan 1–2 (2),
  // Feb 16–20 and 23 (6), Apr 6 (1), May 1, 4, 5 (3), Jun 19 (1), Sep 25 (1), Oct 1, 2, 5–7 (5)
  // = 19. Make-up weekend days: Jan 4, Feb 14, Feb 28, May 9, Sep 20, Oct 10 = 6.
  // 261 − 19 + 6 = 248.
  auto count = Real().WorkingDaysBetween(D("2025-12-31"), D("2026-12-31"));
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 248);
}

// --- Counting working days -------------------------------------------------------------------

TEST(AddWorkingDays, StartDayIsNotCounted) {
  // 期间开始的日不计算在内: zero days after a date is the date itself, even a holiday.
  EXPECT_EQ(Real().AddWorkingDays(D("2026-10-01"), 0).value(), D("2026-10-01"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-12-01"), 1).value(), D("2026-12-02"));
}

TEST(AddWorkingDays, SkipsSpringFestival2026AndCountsMakeUpSaturdays) {
  // From Thursday 2026-02-12: 13 Fri (1), 14 Sat make-up (2), 15–23 off, 24 Tue (3), 25 (4),
  // 26 (5), 27 Fri (6), 28 Sat make-up (7), Mar 1 Sun off, Mar 2 Mon (8).
  EXPECT_EQ(Real().AddWorkingDays(D("2026-02-12"), 2).value(), D("2026-02-14"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-02-12"), 3).value(), D("2026-02-24"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-02-12"), 7).value(), D("2026-02-28"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-02-12"), 8).value(), D("2026-03-02"));
  // Starting inside the holiday: 2026-02-18 → 24 (1).
  EXPECT_EQ(Real().AddWorkingDays(D("2026-02-18"), 1).value(), D("2026-02-24"));
}

TEST(AddWorkingDays, SkipsNationalDay2026AndCountsMakeUpSaturday) {
  // From Wednesday 2026-09-30: Oct 1–7 off, 8 Thu (1), 9 Fri (2), 10 Sat make-up (3),
  // 11 Sun off, 12 Mon (4).
  EXPECT_EQ(Real().AddWorkingDays(D("2026-09-30"), 1).value(), D("2026-10-08"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-09-30"), 3).value(), D("2026-10-10"));
  EXPECT_EQ(Real().AddWorkingDays(D("2026-09-30"), 4).value(), D("2026-10-12"));
}

TEST(AddWorkingDays, SkipsSpringFestival2025) {
  // From Friday 2025-01-24: 25 Sat off, 26 Sun make-up (1), 27 Mon (2), Jan 28–Feb 4 off,
  // Feb 5 Wed (3), 6 (4), 7 Fri (5), 8 Sat make-up (6).
  EXPECT_EQ(Real().AddWorkingDays(D("2025-01-24"), 3).value(), D("2025-02-05"));
  EXPECT_EQ(Real().AddWorkingDays(D("2025-01-24"), 6).value(), D("2025-02-08"));
}

TEST(AddWorkingDays, CrossesTheYearEnd) {
  // From Wednesday 2025-12-31: Jan 1–3 2026 off, Jan 4 Sun make-up (1), Jan 5 Mon (2).
  EXPECT_EQ(Real().AddWorkingDays(D("2025-12-31"), 1).value(), D("2026-01-04"));
  EXPECT_EQ(Real().AddWorkingDays(D("2025-12-31"), 2).value(), D("2026-01-05"));
}

TEST(AddWorkingDays, RejectsNegativeCountsAndInvalidDates) {
  EXPECT_EQ(Real().AddWorkingDays(D("2026-03-02"), -1).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(Real().AddWorkingDays(Date{2026, 2, 30}, 1).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(Real().IsWorkingDay(Date{2026, 13, 1}).status().code(), Status::Code::kInvalidArgument);
}

TEST(WorkingDaysBetween, CountsTheHalfOpenIntervalLikeAddWorkingDays) {
  EXPECT_EQ(Real().WorkingDaysBetween(D("2026-02-12"), D("2026-03-02")).value(), 8);
  EXPECT_EQ(Real().WorkingDaysBetween(D("2026-10-01"), D("2026-10-07")).value(), 0);
  EXPECT_EQ(Real().WorkingDaysBetween(D("2026-05-06"), D("2026-05-06")).value(), 0);

  // For every 5th day of 2024–2026 and several counts, Between(d, Add(d, n)) == n.
  int index = 0;
  for (Date d : Range("2024-01-01", "2026-11-15")) {
    if (index++ % 5 != 0) continue;
    for (int n : {0, 1, 3, 10, 30}) {
      auto end = Real().AddWorkingDays(d, n);
      ASSERT_TRUE(end.ok()) << d.ToString() << " + " << n << ": " << end.status().ToString();
      ASSERT_EQ(Real().WorkingDaysBetween(d, *end).value(), n) << d.ToString() << " + " << n;
    }
  }
}

TEST(WorkingDaysBetween, RejectsAnEndBeforeTheStart) {
  EXPECT_EQ(Real().WorkingDaysBetween(D("2026-03-02"), D("2026-03-01")).status().code(),
            Status::Code::kInvalidArgument);
}

// --- Years without a schedule ----------------------------------------------------------------

TEST(MissingYear, Year2027FailsWithFailedPreconditionNamingTheYear) {
  auto working = Real().IsWorkingDay(D("2027-01-04"));
  ASSERT_FALSE(working.ok());
  EXPECT_EQ(working.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(working.status().message().find("no holiday schedule for 2027"), std::string::npos)
      << working.status().message();
  EXPECT_NE(working.status().message().find("update data/holidays.json"), std::string::npos);
}

TEST(MissingYear, Year2019FailsWithFailedPrecondition) {
  auto working = Real().IsWorkingDay(D("2019-12-31"));
  ASSERT_FALSE(working.ok());
  EXPECT_EQ(working.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(working.status().message().find("2019"), std::string::npos);
}

TEST(MissingYear, CountRunningIntoAnUnknownYearFailsInsteadOfGuessing) {
  // From 2026-12-15 there are 12 working days left in 2026 (16–18, 21–25, 28–31).
  EXPECT_EQ(Real().AddWorkingDays(D("2026-12-15"), 12).value(), D("2026-12-31"));
  auto beyond = Real().AddWorkingDays(D("2026-12-15"), 13);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(beyond.status().message().find("2027"), std::string::npos);

  EXPECT_EQ(Real().WorkingDaysBetween(D("2026-12-30"), D("2027-01-05")).status().code(),
            Status::Code::kFailedPrecondition);
}

// --- Deadlines -------------------------------------------------------------------------------

TEST(Deadlines, R13_1ThirtyWorkingDaysAcrossNationalDay2026EndsNov5) {
  // R13.1: archive within 30 working days after the enforcement ends. Ends Friday 2026-09-18,
  // 10:00 in Shanghai. Count: Sep 19 Sat off, 20 Sun make-up (1), 21–24 (2–5), 25 Mid-Autumn
  // off, 26–27 weekend, 28–30 (6–8), Oct 1–7 off, 8–9 (9–10), 10 Sat make-up (11),
  // 12–16 (12–16), 19–23 (17–21), 26–30 (22–26), Nov 2–5 (27–30).
  auto deadline = WorkingDayDeadline(Real(), At("2026-09-18T10:00:00+08:00"), 30);
  ASSERT_TRUE(deadline.ok()) << deadline.status().ToString();
  EXPECT_EQ(*deadline, At("2026-11-05T15:59:59.999999Z"));  // 23:59:59.999999 in Shanghai
  EXPECT_EQ(ShanghaiDate(*deadline), D("2026-11-05"));
}

TEST(Deadlines, R13_1CountsFromTheShanghaiDateNotTheUtcDate) {
  // R13.1: 2026-09-17T15:59:59Z is Thursday 23:59:59 in Shanghai, so Friday Sep 18 is day 1
  // and the 30th working day moves one earlier, to Wednesday Nov 4. One second later it is
  // already Friday in Shanghai and the deadline is Nov 5, as above.
  EXPECT_EQ(WorkingDayDeadline(Real(), At("2026-09-17T15:59:59Z"), 30).value(),
            ShanghaiEndOfDay(D("2026-11-04")));
  EXPECT_EQ(WorkingDayDeadline(Real(), At("2026-09-17T16:00:00Z"), 30).value(),
            ShanghaiEndOfDay(D("2026-11-05")));
}

TEST(Deadlines, R13_1DeadlineInAnUnpublishedYearIsFailedPrecondition) {
  // R13.1: 30 working days after 2026-12-01 reach into 2027, which has no schedule yet.
  auto deadline = WorkingDayDeadline(Real(), At("2026-12-01T09:00:00+08:00"), 30);
  ASSERT_FALSE(deadline.ok());
  EXPECT_EQ(deadline.status().code(), Status::Code::kFailedPrecondition);
}

TEST(Deadlines, R12_1UploadDeadlineIs24CalendarHoursEvenOnHolidays) {
  // R12.1: upload within 24 hours of recording; holidays do not extend it.
  EXPECT_EQ(HoursDeadline(At("2026-12-03T10:00:00+08:00"), 24), At("2026-12-04T02:00:00Z"));
  EXPECT_EQ(HoursDeadline(At("2026-09-30T20:00:00+08:00"), 24), At("2026-10-01T20:00:00+08:00"));
  EXPECT_EQ(HoursDeadline(At("2026-12-03T10:00:00Z"), 0), At("2026-12-03T10:00:00Z"));
}

// --- Loading holiday files -------------------------------------------------------------------

TEST(HolidayFile, LoadsAMinimalFile) {
  auto calendar = HolidayCalendar::LoadJson(
      R"({"years": {"2026": {"holidays": ["2026-01-01", "2026-01-03"],
                             "workdays": ["2026-01-04"]}}})");
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_EQ(calendar->Years(), std::vector<int>{2026});
  EXPECT_EQ(calendar->source(), "");
  EXPECT_FALSE(calendar->IsWorkingDay(D("2026-01-01")).value());
  EXPECT_TRUE(calendar->IsWorkingDay(D("2026-01-02")).value());
  EXPECT_FALSE(calendar->IsWorkingDay(D("2026-01-03")).value());  // a Saturday holiday
  EXPECT_TRUE(calendar->IsWorkingDay(D("2026-01-04")).value());   // Sunday make-up day
  EXPECT_FALSE(calendar->IsWorkingDay(D("2026-01-10")).value());  // an ordinary Saturday
}

TEST(HolidayFile, RejectsMalformedFilesNamingTheBadEntry) {
  struct Case {
    const char* text;
    const char* expected;  // a part of the error message
  };
  const Case cases[] = {
      {"{\"years\": {", "not valid JSON"},
      {"[]", "not a JSON object"},
      {R"({"source": "x"})", "\"years\""},
      {R"({"years": {}})", "\"years\""},
      {R"({"source": 3, "years": {"2026": {"holidays": ["2026-01-01"], "workdays": []}}})",
       "source"},
      {R"({"years": {"26": {"holidays": ["2026-01-01"], "workdays": []}}})", "\"26\""},
      {R"({"years": {"2026": ["2026-01-01"]}})", "years.2026 is not an object"},
      {R"({"years": {"2026": {"holidays": ["2026-01-01"]}}})", "\"workdays\""},
      {R"({"years": {"2026": {"holidays": ["2026-01-01"], "workdays": [], "note": 1}}})",
       "\"note\""},
      {R"({"years": {"2026": {"holidays": "2026-01-01", "workdays": []}}})",
       "years.2026.holidays is not a list"},
      {R"({"years": {"2026": {"holidays": [], "workdays": []}}})", "holidays is empty"},
      {R"({"years": {"2026": {"holidays": ["2026-01-01", 20260102], "workdays": []}}})",
       "years.2026.holidays[1] is not a date string"},
      // A date that does not exist.
      {R"({"years": {"2026": {"holidays": ["2026-01-01", "2026-02-30"], "workdays": []}}})",
       "years.2026.holidays[1] \"2026-02-30\" is not a valid"},
      {R"({"years": {"2026": {"holidays": ["2026-1-1"], "workdays": []}}})",
       "years.2026.holidays[0] \"2026-1-1\""},
      // A date filed under the wrong year.
      {R"({"years": {"2026": {"holidays": ["2026-01-01", "2025-10-01"], "workdays": []}}})",
       "years.2026.holidays[1] \"2025-10-01\" is not in 2026"},
      {R"({"years": {"2026": {"holidays": ["2026-01-01"], "workdays": ["2027-01-02"]}}})",
       "years.2026.workdays[0] \"2027-01-02\" is not in 2026"},
      // A date that is both a day off and a working day.
      {R"({"years": {"2026": {"holidays": ["2026-02-14"], "workdays": ["2026-02-14"]}}})",
       "years.2026.workdays[0] \"2026-02-14\" is listed both as a holiday and as a workday"},
      // A make-up working day that is already a weekday.
      {R"({"years": {"2026": {"holidays": ["2026-01-01"], "workdays": ["2026-02-16"]}}})",
       "\"2026-02-16\" is a make-up workday but not a Saturday or Sunday"},
      {R"({"years": {"2026": {"holidays": ["2026-01-01", "2026-01-01"], "workdays": []}}})",
       "years.2026.holidays[1] \"2026-01-01\" is listed twice"},
  };
  for (const Case& c : cases) {
    auto calendar = HolidayCalendar::LoadJson(c.text);
    ASSERT_FALSE(calendar.ok()) << c.text;
    EXPECT_EQ(calendar.status().code(), Status::Code::kInvalidArgument) << c.text;
    EXPECT_NE(calendar.status().message().find(c.expected), std::string::npos)
        << c.text << "\n  gave: " << calendar.status().message();
  }
}

TEST(HolidayFile, LoadFileNamesThePathOfABadFile) {
  TempDir dir;
  WriteFile(dir / "holidays.json", "not json");
  auto calendar = HolidayCalendar::LoadFile(dir / "holidays.json");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(calendar.status().message().find(dir / "holidays.json"), std::string::npos);
}

TEST(HolidayFile, MissingFileIsNotFound) {
  TempDir dir;
  auto calendar = HolidayCalendar::LoadFile(dir / "absent.json");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(HolidayCalendar::LoadFile(dir.path()).status().code(), Status::Code::kIOError);
}

// Sets or clears FULLRECORD_HOLIDAYS for one test and restores it afterwards.
class HolidayFileLocation : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("FULLRECORD_HOLIDAYS");
    if (old != nullptr) saved_ = old;
    ::unsetenv("FULLRECORD_HOLIDAYS");
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("FULLRECORD_HOLIDAYS", saved_->c_str(), 1);
    } else {
      ::unsetenv("FULLRECORD_HOLIDAYS");
    }
  }

  std::optional<std::string> saved_;
};

TEST_F(HolidayFileLocation, EnvironmentVariableWinsOverStoreAndBuiltIn) {
  TempDir store;
  WriteFile(store / "holidays.json", "{}");
  ::setenv("FULLRECORD_HOLIDAYS", "/etc/fullrecord/holidays.json", 1);
  EXPECT_EQ(FindHolidayFile(store.path()), "/etc/fullrecord/holidays.json");
}

TEST_F(HolidayFileLocation, StoreCopyWinsOverBuiltIn) {
  TempDir store;
  WriteFile(store / "holidays.json", "{}");
  EXPECT_EQ(FindHolidayFile(store.path()), store / "holidays.json");
  ::setenv("FULLRECORD_HOLIDAYS", "", 1);  // empty counts as unset
  EXPECT_EQ(FindHolidayFile(store.path()), store / "holidays.json");
}

TEST_F(HolidayFileLocation, FallsBackToBuiltInDataFile) {
  TempDir store;
  std::string found = FindHolidayFile(store.path());
  EXPECT_NE(found, store / "holidays.json");
  EXPECT_EQ(found.substr(found.size() - std::string("/holidays.json").size()), "/holidays.json");
  EXPECT_EQ(FindHolidayFile(""), found);
}

}  // namespace
}  // namespace fullrecord::services
