// HTTP Range requests (RFC 9110 §14) over a representation of known size: which bytes to send,
// and the multipart/byteranges framing when there are several pieces. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fullrecord::api {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

// More pieces than this (after coalescing) and the whole representation is sent instead.
constexpr size_t kMaxRanges = 16;

struct RangePlan {
  enum class Outcome { kWhole, kPartial, kUnsatisfiable } outcome = Outcome::kWhole;
  std::vector<ByteRange> ranges;  // kPartial: ascending, disjoint, not touching
};

// The plan for a Range header value over `size` bytes:
//   - no value, a unit other than "bytes", or a malformed value: kWhole (the header is
//     ignored, as RFC 9110 allows);
//   - no satisfiable range (each starts at or past the end, or is an empty suffix "-0"):
//     kUnsatisfiable (answered 416 with Content-Range: bytes */size);
//   - otherwise kPartial with the satisfiable ranges clipped to the end, sorted, and merged
//     where they overlap or touch; but more than kMaxRanges pieces left after merging give
//     kWhole: a client asking for many scattered pieces gets the bytes once, and a response
//     never grows with the number of ranges asked for.
RangePlan PlanRanges(std::string_view header, uint64_t size);

// "bytes first-last/size", the Content-Range of one piece.
std::string ContentRange(const ByteRange& r, uint64_t size);

// The framing of a multipart/byteranges body (RFC 9110 §14.6): the text before each piece
// (boundary line, Content-Type, Content-Range, blank line) and the closing boundary.
struct Multipart {
  std::string content_type;           // "multipart/byteranges; boundary=…"
  std::vector<std::string> prefixes;  // one per range
  std::string trailer;
};
Multipart FrameRanges(const std::vector<ByteRange>& ranges, uint64_t size,
                      const std::string& part_type, const std::string& boundary);

}  // namespace fullrecord::api
