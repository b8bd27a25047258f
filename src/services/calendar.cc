#include "services/calendar.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/json.h"

#ifndef FR_DATA_DIR
#define FR_DATA_DIR "data"
#endif

namespace fullrecord::services {

namespace {

constexpr int64_t kMicrosPerHour = int64_t{3600} * 1'000'000;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
constexpr int64_t kShanghaiOffset = 8 * kMicrosPerHour;  // UTC+8, no daylight saving
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// Days before the first of each month in a common year.
constexpr int kDaysBeforeMonth[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int month) {
  if (month == 2) return IsLeapYear(year) ? 29 : 28;
  return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
}

// Leap years in [1, year) of the proleptic Gregorian calendar (negative for year < 1).
int64_t LeapYearsBefore(int64_t year) {
  int64_t prev = year - 1;
  return FloorDiv(prev, 4) - FloorDiv(prev, 100) + FloorDiv(prev, 400);
}

// Days from 1970-01-01 to year-month-day (negative before it). `month` is 1..12.
int64_t DayNumber(int64_t year, int month, int day) {
  int64_t days = 365 * (year - 1970) + LeapYearsBefore(year) - LeapYearsBefore(1970);
  days += kDaysBeforeMonth[month - 1] + (month > 2 && IsLeapYear(year) ? 1 : 0);
  return days + day - 1;
}

int64_t DayNumber(const Date& date) {
  return DayNumber(date.year, date.month, date.day);
}

// The inverse of DayNumber: estimate the year from the mean Gregorian year, then correct it.
Date DateFromDayNumber(int64_t n) {
  int64_t year = 1970 + FloorDiv(n * 400, 146097);
  while (DayNumber(year, 1, 1) > n) --year;
  while (DayNumber(year + 1, 1, 1) <= n) ++year;

  int month = 1;
  while (month < 12 && DayNumber(year, month + 1, 1) <= n) ++month;

  int day = static_cast<int>(n - DayNumber(year, month, 1)) + 1;
  return Date{static_cast<int>(year), month, day};
}

Date NextDay(const Date& date) {
  if (date.day < DaysInMonth(date.year, date.month)) {
    return Date{date.year, date.month, date.day + 1};
  }
  if (date.month < 12) return Date{date.year, date.month + 1, 1};
  return Date{date.year + 1, 1, 1};
}

// For messages about dates that may not be valid.
std::string Describe(const Date& date) {
  if (date.IsValid()) return date.ToString();
  return "invalid date (year " + std::to_string(date.year) + ", month " +
         std::to_string(date.month) + ", day " + std::to_string(date.day) + ")";
}

Status RequireValid(const Date& date) {
  if (date.IsValid()) return Status::Ok();
  return Status::InvalidArgument(Describe(date));
}

// "2020-2026", or "2020, 2022" when not contiguous.
std::string DescribeYears(const std::set<int>& years) {
  if (years.empty()) return "no year";
  if (*years.rbegin() - *years.begin() + 1 == static_cast<int>(years.size())) {
    if (years.size() == 1) return std::to_string(*years.begin());
    return std::to_string(*years.begin()) + "-" + std::to_string(*years.rbegin());
  }
  std::string out;
  for (int year : years) out += (out.empty() ? "" : ", ") + std::to_string(year);
  return out;
}

// A year key of the "years" object: exactly four digits, 0001..9999.
Result<int> ParseYearKey(const std::string& key) {
  bool digits = key.size() == 4;
  for (char c : key) digits = digits && c >= '0' && c <= '9';
  int year = digits ? std::atoi(key.c_str()) : 0;
  if (year < kMinYear) {
    return Status::InvalidArgument("years.\"" + key + "\" is not a four-digit year");
  }
  return year;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("holiday file " + path + " does not exist");
  }

  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::IOError("holiday file " + path + " is not a regular file");
  }

  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in.is_open()) text << in.rdbuf();
  if (!in.is_open() || in.bad()) return Status::IOError("cannot read holiday file " + path);
  return text.str();
}

// The parts of a holiday file while it is being checked.
struct Schedules {
  std::set<int> years;
  std::set<Date> holidays;
  std::set<Date> workdays;
};

// Adds one list ("holidays" or "workdays") of `year`; `where` is "years.2026.holidays".
Status AddDateList(int year, const std::string& where, const Json& list, bool is_holiday,
                   Schedules* out) {
  if (!list.is_array()) return Status::InvalidArgument(where + " is not a list of dates");

  std::set<Date>& dest = is_holiday ? out->holidays : out->workdays;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string entry = where + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) return Status::InvalidArgument(entry + " is not a date string");

    std::string text = list[i].get<std::string>();
    entry += " \"" + text + "\"";
    auto date = Date::Parse(text);
    if (!date.ok()) return Status::InvalidArgument(entry + " is not a valid YYYY-MM-DD date");
    if (date->year != year) {
      return Status::InvalidArgument(entry + " is not in " + std::to_string(year));
    }

    if (!is_holiday && out->holidays.count(*date) != 0) {
      return Status::InvalidArgument(entry + " is listed both as a holiday and as a workday");
    }
    if (!is_holiday && date->IsoWeekday() < 6) {
      return Status::InvalidArgument(entry + " is a make-up workday but not a Saturday or Sunday");
    }
    if (!dest.insert(*date).second) return Status::InvalidArgument(entry + " is listed twice");
  }
  return Status::Ok();
}

// Adds the schedule of one year: {"holidays": [...], "workdays": [...]} and nothing else.
Status AddYear(const std::string& key, const Json& schedule, Schedules* out) {
  FR_ASSIGN_OR_RETURN(int year, ParseYearKey(key));
  std::string where = "years." + key;
  if (!schedule.is_object()) return Status::InvalidArgument(where + " is not an object");
  for (const auto& [name, value] : schedule.items()) {
    if (name != "holidays" && name != "workdays") {
      std::string message = where;
      message += " has unknown key \"" + name + "\"";
      return Status::InvalidArgument(std::move(message));
    }
  }
  if (!schedule.contains("holidays") || !schedule.contains("workdays")) {
    return Status::InvalidArgument(where + " needs both \"holidays\" and \"workdays\"");
  }

  // Holidays first, so that a workday that is also a holiday is caught in the second list.
  size_t before = out->holidays.size();
  FR_RETURN_IF_ERROR(AddDateList(year, where + ".holidays", schedule["holidays"], true, out));
  if (out->holidays.size() == before) {
    return Status::InvalidArgument(where + ".holidays is empty (every year has New Year's Day)");
  }
  FR_RETURN_IF_ERROR(AddDateList(year, where + ".workdays", schedule["workdays"], false, out));

  out->years.insert(year);
  return Status::Ok();
}

}  // namespace

bool Date::IsValid() const {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return false;
  return day >= 1 && day <= DaysInMonth(year, month);
}

std::string Date::ToString() const {
  char buf[40];  // room for any int, though IsValid() keeps it to 10 characters
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  return buf;
}

int Date::IsoWeekday() const {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  int64_t n = DayNumber(*this);
  return static_cast<int>(n + 3 - FloorDiv(n + 3, 7) * 7) + 1;
}

Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not a YYYY-MM-DD date",
                                   "“" + std::string(text) + "”不是有效日期，格式应为YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();

  int fields[3] = {0, 0, 0};
  constexpr size_t kStarts[] = {0, 5, 8};
  constexpr size_t kLengths[] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = kStarts[f]; i < kStarts[f] + kLengths[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') return bad();
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }

  Date date{fields[0], fields[1], fields[2]};
  if (!date.IsValid()) return bad();
  return date;
}

Date ShanghaiDate(UnixMicros t) {
  // Split first so that adding the offset cannot overflow near the ends of the range.
  int64_t days = t / kMicrosPerDay;
  int64_t rest = t % kMicrosPerDay;
  if (rest < 0) {
    --days;
    rest += kMicrosPerDay;
  }

  if (rest + kShanghaiOffset >= kMicrosPerDay) ++days;
  return DateFromDayNumber(days);
}

UnixMicros ShanghaiStartOfDay(Date date) {
  return DayNumber(date) * kMicrosPerDay - kShanghaiOffset;
}

UnixMicros ShanghaiEndOfDay(Date date) {
  return ShanghaiStartOfDay(date) + kMicrosPerDay - 1;
}

std::string FormatShanghaiTime(UnixMicros t) {
  Date date = ShanghaiDate(t);
  if (!date.IsValid()) return FormatUtc(t);
  int64_t secs = (t - ShanghaiStartOfDay(date)) / 1000000;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return date.ToString() + buf;
}

Result<HolidayCalendar> HolidayCalendar::LoadFile(const std::string& path) {
  FR_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));

  auto calendar = LoadJson(text);
  if (!calendar.ok()) return calendar.status().WithContext("holiday file " + path);
  return calendar;
}

Result<HolidayCalendar> HolidayCalendar::LoadJson(std::string_view text) {
  Json root = Json::parse(text, nullptr, false);
  if (root.is_discarded()) return Status::InvalidArgument("not valid JSON");
  if (!root.is_object()) return Status::InvalidArgument("the top level is not a JSON object");

  HolidayCalendar calendar;
  if (root.contains("source")) {
    if (!root["source"].is_string()) return Status::InvalidArgument("source is not a string");
    calendar.source_ = root["source"].get<std::string>();
  }

  if (!root.contains("years") || !root["years"].is_object() || root["years"].empty()) {
    return Status::InvalidArgument("\"years\" is missing, not an object, or empty");
  }
  Schedules schedules;
  for (const auto& [key, schedule] : root["years"].items()) {
    FR_RETURN_IF_ERROR(AddYear(key, schedule, &schedules));
  }

  calendar.years_ = std::move(schedules.years);
  calendar.holidays_ = std::move(schedules.holidays);
  calendar.workdays_ = std::move(schedules.workdays);
  return calendar;
}

Status HolidayCalendar::RequireYear(int year) const {
  if (years_.count(year) != 0) return Status::Ok();
  return Status::FailedPrecondition(
      "no holiday schedule for " + std::to_string(year) + " (the holiday file covers " +
          DescribeYears(years_) +
          "); update data/holidays.json with scripts/update-holidays once the State Council has "
          "published it",
      "节假日安排中没有" + std::to_string(year) + "年的数据" +
          (years_.empty() ? std::string() : "（现有" + DescribeYears(years_) + "年）") +
          "，无法计算工作日期限，请系统管理员在国务院办公厅公布当年节假日安排后更新节假日数据");
}

Result<bool> HolidayCalendar::IsWorkingDay(Date date) const {
  FR_RETURN_IF_ERROR(RequireValid(date));
  FR_RETURN_IF_ERROR(RequireYear(date.year));

  bool weekend = date.IsoWeekday() >= 6;
  if (weekend) return workdays_.count(date) != 0;
  return holidays_.count(date) == 0;
}

Result<Date> HolidayCalendar::AddWorkingDays(Date start, int n) const {
  FR_RETURN_IF_ERROR(RequireValid(start));
  if (n < 0) {
    return Status::InvalidArgument("cannot add a negative number of working days (" +
                                   std::to_string(n) + ")");
  }

  Date date = start;
  for (int counted = 0; counted < n;) {
    date = NextDay(date);
    FR_ASSIGN_OR_RETURN(bool working, IsWorkingDay(date));
    if (working) ++counted;
  }
  return date;
}

Result<int> HolidayCalendar::WorkingDaysBetween(Date from, Date to) const {
  FR_RETURN_IF_ERROR(RequireValid(from));
  FR_RETURN_IF_ERROR(RequireValid(to));
  if (to < from) {
    return Status::InvalidArgument("working days between " + from.ToString() + " and " +
                                   to.ToString() + ": the end is before the start");
  }

  int count = 0;
  for (Date date = from; date < to;) {
    date = NextDay(date);
    FR_ASSIGN_OR_RETURN(bool working, IsWorkingDay(date));
    if (working) ++count;
  }
  return count;
}

std::vector<int> HolidayCalendar::Years() const {
  return {years_.begin(), years_.end()};
}

Result<UnixMicros> WorkingDayDeadline(const HolidayCalendar& calendar,
                                      UnixMicros end_of_enforcement, int working_days) {
  Date end_day = ShanghaiDate(end_of_enforcement);

  FR_ASSIGN_OR_RETURN(Date last_day, calendar.AddWorkingDays(end_day, working_days));
  return ShanghaiEndOfDay(last_day);
}

UnixMicros HoursDeadline(UnixMicros t, int hours) {
  return t + int64_t{hours} * kMicrosPerHour;
}

std::string FindHolidayFile(const std::string& store_dir) {
  const char* env = std::getenv("FULLRECORD_HOLIDAYS");
  if (env != nullptr && *env != '\0') return env;

  if (!store_dir.empty()) {
    std::string in_store = store_dir + "/holidays.json";
    std::error_code ec;
    if (std::filesystem::exists(in_store, ec)) return in_store;
  }

  return FR_DATA_DIR "/holidays.json";
}

}  // namespace fullrecord::services
