#include "media/sessions.h"

#include <algorithm>

namespace fullrecord::media {
namespace {

void SortByStart(std::vector<TimedSegment>& segments) {
  std::sort(segments.begin(), segments.end(), [](const TimedSegment& a, const TimedSegment& b) {
    return a.start_us != b.start_us ? a.start_us < b.start_us : a.id < b.id;
  });
}

Session NewSession(const TimedSegment& first) {
  Session s;
  s.segments.push_back(first);
  s.start_us = first.start_us;
  s.end_us = first.end_us;
  return s;
}

}  // namespace

std::vector<Gap> FindGaps(std::vector<TimedSegment> segments, int64_t min_us) {
  SortByStart(segments);
  std::vector<Gap> gaps;
  if (segments.empty()) return gaps;

  // `covered` is the latest end so far and `last` the segment that reached it.
  UnixMicros covered = segments[0].end_us;
  const TimedSegment* last = &segments[0];
  for (size_t i = 1; i < segments.size(); ++i) {
    const TimedSegment& s = segments[i];
    if (s.start_us - covered > min_us) gaps.push_back({covered, s.start_us, last->id, s.id});
    if (s.end_us >= covered) {
      covered = s.end_us;
      last = &s;
    }
  }
  return gaps;
}

std::vector<Session> GroupSessions(std::vector<TimedSegment> segments, const GapOptions& options) {
  SortByStart(segments);
  std::vector<Session> sessions;
  for (const auto& seg : segments) {
    if (sessions.empty() || seg.start_us - sessions.back().end_us > options.session_break_us) {
      sessions.push_back(NewSession(seg));
      continue;
    }
    Session& s = sessions.back();
    s.segments.push_back(seg);
    s.end_us = std::max(s.end_us, seg.end_us);
  }
  for (auto& s : sessions) s.interruptions = FindGaps(s.segments, options.interruption_us());
  return sessions;
}

}  // namespace fullrecord::media
