#include "cli/human.h"

#include <cstdio>
#include <regex>

namespace fullrecord::cli {
namespace {

constexpr int64_t kShanghaiOffsetUs = int64_t{8} * 3600 * 1000000;

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

void PrintRow(const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < widths.size(); ++i) {
    std::string cell = i < cells.size() ? cells[i] : "";
    line += cell;
    if (i + 1 < widths.size()) line += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
  }
  std::printf("%s\n", line.c_str());
}

}  // namespace

Result<UnixMicros> ParseTime(const std::string& text, const std::string& what) {
  if (auto t = ParseRfc3339(text)) return *t;

  // "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS", Shanghai time.
  static const std::regex kLocal(R"((\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?)");
  std::smatch m;
  if (std::regex_match(text, m, kLocal)) {
    std::string seconds = m[3].matched ? m[3].str() : ":00";
    if (auto t = ParseRfc3339(m[1].str() + "T" + m[2].str() + seconds + "+08:00")) return *t;
  }
  return Status::InvalidArgument(what + " \"" + text +
                                 "\" is not a time: use RFC 3339 (2026-12-03T14:05:00+08:00) or "
                                 "\"YYYY-MM-DD HH:MM\" in Shanghai time");
}

Result<UnixMicros> ParseTimeOr(const std::string& text, const std::string& what,
                               UnixMicros fallback) {
  if (text.empty()) return fallback;
  return ParseTime(text, what);
}

std::string LocalTime(UnixMicros t) {
  std::string utc = FormatUtc(t + kShanghaiOffsetUs);  // "2026-12-03T06:05:06.789Z"
  return utc.substr(0, 10) + " " + utc.substr(11, 5);
}

std::string LocalTime(const std::optional<UnixMicros>& t) {
  return t ? LocalTime(*t) : "-";
}

Json TimeJson(const std::optional<UnixMicros>& t) {
  return t ? Json(FormatUtc(*t)) : Json();
}

Result<int64_t> ParseId(const std::string& text, const std::string& what) {
  bool digits = !text.empty() && text.size() <= 18 &&
                text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && std::stoll(text) > 0) return std::stoll(text);
  return Status::InvalidArgument(what + " \"" + text + "\" is not an id (a positive number)");
}

size_t DisplayWidth(const std::string& utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    uint32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (int k = 1; k < len && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    width += IsWide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

void Table::Print() const {
  if (rows_.empty()) {
    std::printf("(none)\n");
    return;
  }
  std::vector<size_t> widths(headers_.size(), 0);
  for (size_t i = 0; i < headers_.size(); ++i) widths[i] = DisplayWidth(headers_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }

  PrintRow(headers_, widths);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  PrintRow(rule, widths);
  for (const auto& row : rows_) PrintRow(row, widths);
}

}  // namespace fullrecord::cli
