// What a body camera's file name says. Cameras and docks name files after the device, the
// officer and the start time, in vendor patterns; NamePatterns() lists the ones read here (see
// docs/media.md for examples). Times in names are the device's local clock, taken as Beijing
// time (UTC+8, no daylight saving). A name is a hint: the file's own metadata wins when the two
// disagree, and the disagreement is kept as a finding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace fullrecord::media {

struct NamePattern {
  const char* id;           // stable code, e.g. "serial_date_time_seq"
  const char* example;      // a file name it reads
  const char* description;  // which fields it carries
};

// The patterns, in the order they are tried. The reference lives as long as the program.
const std::vector<NamePattern>& NamePatterns();

struct NameFacts {
  std::string pattern;  // NamePattern::id that matched
  std::string device;   // serial as written ("DSJ-001"); empty when the name has none
  std::string officer;  // officer or badge number as written; empty when none
  std::optional<UnixMicros> start_us;  // start of recording
  std::string sequence;                // segment number or letter as written; empty when none
  std::string channel;                 // dock or recorder channel ("01"); empty when none
};

// Reads `file_name` (a name, not a path; the extension is ignored). nullopt when no pattern
// matches or the date or time in it does not exist (month 13, 25 o'clock).
std::optional<NameFacts> ParseBodyCameraName(std::string_view file_name);

// A serial reduced for comparison: ASCII letters upper-cased, everything but letters and digits
// dropped ("dsj-001" and "DSJ001" compare equal).
std::string NormalizeSerial(std::string_view serial);

// Reads "YYYYMMDD" and "HHMMSS" as Beijing time. nullopt when they name no real instant.
std::optional<UnixMicros> BeijingTime(std::string_view yyyymmdd, std::string_view hhmmss);

}  // namespace fullrecord::media
