// What people type and read on the command line: times in Asia/Shanghai, ids, and tables whose
// columns line up with Chinese text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"

namespace fullrecord::cli {

// Reads a time typed on the command line: RFC 3339 ("2026-12-03T14:05:00+08:00"), or
// "YYYY-MM-DD HH:MM[:SS]" read as Shanghai time (UTC+8). InvalidArgument naming `what` and the
// text otherwise.
Result<UnixMicros> ParseTime(const std::string& text, const std::string& what);

// `text` as a time when it is not empty, else `fallback`.
Result<UnixMicros> ParseTimeOr(const std::string& text, const std::string& what,
                               UnixMicros fallback);

// "2026-12-03 14:05" in Shanghai time; "-" for an empty optional.
std::string LocalTime(UnixMicros t);
std::string LocalTime(const std::optional<UnixMicros>& t);

// RFC 3339 UTC for --json; null for an empty optional.
Json TimeJson(const std::optional<UnixMicros>& t);

// A positive decimal id. InvalidArgument naming `what` and the text otherwise.
Result<int64_t> ParseId(const std::string& text, const std::string& what);

// Columns a terminal gives `utf8`: two for East Asian wide characters, one for the rest.
size_t DisplayWidth(const std::string& utf8);

// A table printed on stdout with columns padded to the widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  // Prints the header, a rule, and the rows; only "(none)" when there are no rows.
  void Print() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace fullrecord::cli
