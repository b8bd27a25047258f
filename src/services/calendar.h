// Working days and deadlines on the Asia/Shanghai calendar.
//
// Two rules of the bureau's regulation need it: R12.1 (upload a recording within 24 hours of
// making it: HoursDeadline) and R13.1 (archive the discs within 30 working days after the
// enforcement ends: WorkingDayDeadline). Working days follow the State Council's yearly holiday
// schedule (国务院办公厅关于…节假日安排的通知), read from a JSON file the administrator can
// replace without a rebuild (FindHolidayFile). A year the file does not cover is an error, never
// a guess.
//
// Instants are UTC inside (UnixMicros); dates are civil dates in Asia/Shanghai, which is UTC+8
// with no daylight saving since 1991. Earlier instants are still read as UTC+8.
#pragma once

#include <compare>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace fullrecord::services {

// A civil (proleptic Gregorian) date without a time zone. Comparison is chronological.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  friend auto operator<=>(const Date&, const Date&) = default;

  // True when the fields name a real day with a year in 1..9999.
  bool IsValid() const;
  // "2026-12-03". Requires IsValid().
  std::string ToString() const;
  // ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. Requires IsValid().
  int IsoWeekday() const;
  // Parses exactly "YYYY-MM-DD"; InvalidArgument naming the text if malformed or not a real day.
  static Result<Date> Parse(std::string_view text);
};

// The Shanghai date of instant `t`.
Date ShanghaiDate(UnixMicros t);
// The first microsecond of `date` in Shanghai (16:00:00Z the day before). Requires IsValid().
UnixMicros ShanghaiStartOfDay(Date date);
// The last microsecond of `date` in Shanghai (15:59:59.999999Z). Requires IsValid().
UnixMicros ShanghaiEndOfDay(Date date);
// "2026-12-03 09:30:00": the instant in Beijing time, for messages read by people.
std::string FormatShanghaiTime(UnixMicros t);

// The State Council holiday schedules of the years a data file covers.
//
// File format (data/holidays.json):
//   {"source": "…",
//    "years": {"2026": {"holidays": ["2026-01-01", …], "workdays": ["2026-01-04", …]}, …}}
// `holidays` lists every official day off (weekend days inside a holiday range included);
// `workdays` lists the weekend days made working days (调休). Each date belongs to the list of its
// own year; a date is in at most one list; a make-up working day is a Saturday or Sunday; every
// listed year has at least one holiday.
class HolidayCalendar {
 public:
  // Reads and validates a holiday file. NotFound or IOError if it cannot be read;
  // InvalidArgument naming the file and the bad entry if it is malformed.
  static Result<HolidayCalendar> LoadFile(const std::string& path);
  // Validates holiday-file text; InvalidArgument naming the bad entry ("years.2026.holidays[3]").
  static Result<HolidayCalendar> LoadJson(std::string_view text);

  // Whether `date` is a working day: Monday to Friday unless a holiday, Saturday and Sunday only
  // when a make-up working day. FailedPrecondition naming the year if the file has no schedule
  // for it; InvalidArgument if `date` is not valid.
  Result<bool> IsWorkingDay(Date date) const;

  // The date that is the `n`-th working day after `start`; `start` itself is never counted
  // (期间开始的日不计算在内), so n = 0 gives `start`. InvalidArgument if n < 0 or `start` is
  // invalid; FailedPrecondition if the count runs into a year without a schedule.
  Result<Date> AddWorkingDays(Date start, int n) const;

  // The number of working days in (from, to]: 0 when from == to, and
  // WorkingDaysBetween(d, AddWorkingDays(d, n)) == n. InvalidArgument if to < from or a date
  // is invalid; FailedPrecondition as IsWorkingDay for any day in between.
  Result<int> WorkingDaysBetween(Date from, Date to) const;

  // The years with a schedule, ascending.
  std::vector<int> Years() const;
  // The file's "source" text (empty if it had none).
  const std::string& source() const { return source_; }

 private:
  HolidayCalendar() = default;

  Status RequireYear(int year) const;

  std::string source_;
  std::set<int> years_;
  std::set<Date> holidays_;
  std::set<Date> workdays_;
};

// R13.1: the end (last Shanghai microsecond) of the day that is `working_days` working days
// after the Shanghai date on which the enforcement ended. Errors as AddWorkingDays.
Result<UnixMicros> WorkingDayDeadline(const HolidayCalendar& calendar,
                                      UnixMicros end_of_enforcement, int working_days);

// R12.1: the instant `hours` hours after `t` (calendar hours; no working-day rule applies).
UnixMicros HoursDeadline(UnixMicros t, int hours);

// Where the holiday file is, first match wins: $FULLRECORD_HOLIDAYS if set and not empty;
// `<store_dir>/holidays.json` if that file exists; else the built-in FR_DATA_DIR/holidays.json.
// Does not check that the result exists.
std::string FindHolidayFile(const std::string& store_dir);

}  // namespace fullrecord::services
