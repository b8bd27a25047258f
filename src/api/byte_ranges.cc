#include "api/byte_ranges.h"

#include <algorithm>
#include <optional>

namespace fullrecord::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> Number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  return v;
}

// One range-spec: "a-b", "a-" or "-n". nullopt when malformed; an unsatisfiable one is
// reported through `satisfiable`.
std::optional<ByteRange> Spec(std::string_view spec, uint64_t size, bool* satisfiable) {
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view a = Trim(spec.substr(0, dash));
  std::string_view b = Trim(spec.substr(dash + 1));
  *satisfiable = true;
  if (a.empty()) {  // suffix: the last n bytes
    auto n = Number(b);
    if (!n) return std::nullopt;
    *satisfiable = *n > 0 && size > 0;
    return ByteRange{size - std::min(*n, size), size == 0 ? 0 : size - 1};
  }
  auto first = Number(a);
  auto last = b.empty() ? std::optional<uint64_t>(UINT64_MAX) : Number(b);
  if (!first || !last || *last < *first) return std::nullopt;
  *satisfiable = *first < size;
  return ByteRange{*first, std::min(*last, size == 0 ? 0 : size - 1)};
}

// Sorts and merges overlapping or adjacent ranges.
std::vector<ByteRange> Coalesce(std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& x, const ByteRange& y) { return x.first < y.first; });
  std::vector<ByteRange> out;
  for (const auto& r : ranges) {
    if (!out.empty() && r.first <= out.back().last + 1) {
      out.back().last = std::max(out.back().last, r.last);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

RangePlan PlanRanges(std::string_view header, uint64_t size) {
  RangePlan plan;
  header = Trim(header);
  if (header.substr(0, 6) != "bytes=") return plan;

  std::vector<ByteRange> wanted;
  std::string_view rest = header.substr(6);
  bool any = false;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view spec = Trim(rest.substr(0, comma));
    if (!spec.empty()) {
      bool satisfiable = false;
      auto r = Spec(spec, size, &satisfiable);
      if (!r) return plan;
      any = true;
      if (satisfiable) wanted.push_back(*r);
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (!any) return plan;
  if (wanted.empty()) {
    plan.outcome = RangePlan::Outcome::kUnsatisfiable;
    return plan;
  }
  plan.ranges = Coalesce(std::move(wanted));
  if (plan.ranges.size() > kMaxRanges) {
    plan.ranges.clear();
    return plan;
  }
  plan.outcome = RangePlan::Outcome::kPartial;
  return plan;
}

std::string ContentRange(const ByteRange& r, uint64_t size) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
         std::to_string(size);
}

Multipart FrameRanges(const std::vector<ByteRange>& ranges, uint64_t size,
                      const std::string& part_type, const std::string& boundary) {
  Multipart m;
  m.content_type = "multipart/byteranges; boundary=" + boundary;
  for (size_t i = 0; i < ranges.size(); ++i) {
    m.prefixes.push_back((i == 0 ? "" : "\r\n") + std::string("--") + boundary +
                         "\r\nContent-Type: " + part_type +
                         "\r\nContent-Range: " + ContentRange(ranges[i], size) + "\r\n\r\n");
  }
  m.trailer = "\r\n--" + boundary + "--\r\n";
  return m;
}

}  // namespace fullrecord::api
