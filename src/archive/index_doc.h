// The printable index of a disc, in Chinese (R13.1: marked with the maker and the date): as HTML
// and as a PDF drawn with cairo in a Noto CJK font found through fontconfig.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace fullrecord::archive {

struct IndexRow {
  std::string path;     // on disc
  std::string kind_zh;  // "文字记录", "音像记录"
  std::string type;     // "pdf", "mp4" …
  uint64_t size = 0;
  std::string sha256, sm3;
  std::string note;  // "第 1/3 部分" for a part of a split file; empty otherwise
};

struct DiscIndex {
  std::string case_number, case_title, case_kind_zh, section, retention_zh;
  std::string maker_name, maker_id;  // 制片人
  std::string made_date;             // 制作日期, Shanghai "YYYY-MM-DD"
  std::string made_time;             // RFC 3339 UTC
  std::string deadline;              // the R13.1 deadline, Shanghai date; may be empty
  int seq = 1, total = 1;
  std::string set_label, media_name;
  std::string checkpoint;            // "origin, tree size N, root <base64>"
  std::vector<std::string> keys;     // verifier key strings
  std::string check_result;          // "通过 / passed"
  std::vector<IndexRow> rows;
};

// A self-contained UTF-8 HTML page, printable.
std::string IndexHtml(const DiscIndex& index);

// A4 PDF. FailedPrecondition when fontconfig finds no Noto CJK font (Debian: fonts-noto-cjk).
Result<std::string> IndexPdf(const DiscIndex& index);

// "12.3 MB" style sizes (decimal units, as on disc packaging).
std::string HumanSize(uint64_t bytes);

}  // namespace fullrecord::archive
