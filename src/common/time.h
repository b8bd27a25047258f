// Time: UTC inside, Asia/Shanghai for people. Instants are microseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fullrecord {

using UnixMicros = int64_t;

// The clock every component reads. The process clock is the system clock unless
// FULLRECORD_FAKE_NOW (an RFC 3339 UTC instant) is set, which tests use to control time;
// a fake clock advances by one microsecond per reading so events stay ordered.
UnixMicros NowMicros();

// "2026-12-03T04:05:06.789Z" (millisecond precision, always UTC).
std::string FormatUtc(UnixMicros t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)"; nullopt if malformed or out of range.
std::optional<UnixMicros> ParseRfc3339(std::string_view text);

}  // namespace fullrecord
