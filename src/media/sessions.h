// Recording sessions of one device and the gaps between their segments (R9.2–R9.4). A body
// camera splits one continuous recording into files every few minutes; between two files of one
// recording there is normally a gap of at most the device's split time. A longer gap means the
// camera was stopped: an interruption the officer must explain (R9.3). Gaps longer than the
// session break end one recording and start the next.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace fullrecord::media {

struct GapOptions {
  int64_t split_us = 1'000'000;      // the device's normal gap between segment files
  int64_t tolerance_us = 5'000'000;  // allowed beyond the split before it counts
  int64_t session_break_us = 30LL * 60 * 1'000'000;  // longer gaps start a new recording

  // Gaps longer than this are interruptions.
  int64_t interruption_us() const { return split_us + tolerance_us; }
};

struct TimedSegment {
  std::string id;  // the caller's key, e.g. the blob's SHA-256
  UnixMicros start_us = 0;
  UnixMicros end_us = 0;  // equals start_us when the duration is unknown (an unreadable
                          // file): the gap after it is then measured from its start, so a
                          // lost tail never hides an interruption
};

struct Gap {
  UnixMicros start_us = 0;  // end of the segment before
  UnixMicros end_us = 0;    // start of the segment after
  std::string before_id;
  std::string after_id;

  int64_t length_us() const { return end_us - start_us; }
};

struct Session {
  std::vector<TimedSegment> segments;  // by start time
  std::vector<Gap> interruptions;      // gaps longer than GapOptions::interruption_us()
  UnixMicros start_us = 0;
  UnixMicros end_us = 0;  // latest end of any segment
};

// The gaps between consecutive segments of `segments` (sorted by start, ties by id) that are
// longer than `min_us`. Overlapping segments leave no gap; a segment inside another is covered.
std::vector<Gap> FindGaps(std::vector<TimedSegment> segments, int64_t min_us);

// Splits one device's segments into sessions at gaps longer than the session break, each with
// its interruptions. Sessions are returned in time order; an empty input gives none.
std::vector<Session> GroupSessions(std::vector<TimedSegment> segments, const GapOptions& options);

}  // namespace fullrecord::media
