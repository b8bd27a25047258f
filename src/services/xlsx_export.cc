#include "services/xlsx_export.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <map>

namespace fullrecord::services {
namespace {

constexpr int64_t kMaxRows = 1'048'575;  // an Excel sheet's rows, less the header

struct Column {
  const char* header;
  double width;
};
constexpr Column kColumns[] = {
    {"规则", 24}, {"条款", 9},  {"严重程度", 10}, {"案件编号", 20},
    {"对象", 26}, {"说明", 70}, {"期限", 18},     {"责任人", 14},
};

const char* SeverityZh(const std::string& severity) {
  if (severity == "violation") return "违规";
  if (severity == "warning") return "警告";
  if (severity == "reminder") return "提醒";
  return severity.c_str();
}

// Rule code -> Chinese name.
const std::map<std::string, std::string>& RuleNamesZh() {
  static const std::map<std::string, std::string> names = [] {
    std::map<std::string, std::string> m;
    for (const auto& r : ComplianceService::Rules()) m[r.code] = r.name_zh;
    return m;
  }();
  return names;
}

std::vector<std::string> Cells(const Finding& f) {
  auto name = RuleNamesZh().find(f.rule);
  return {name == RuleNamesZh().end() ? f.rule : name->second,
          f.rule_id,
          SeverityZh(f.severity),
          f.case_number,
          f.object,
          f.message_zh,
          f.due_us ? FormatShanghaiMinute(*f.due_us) : "",
          f.responsible};
}

lxw_error WriteSheet(lxw_workbook* book, const std::vector<Finding>& findings) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, "合规报告");
  lxw_format* bold = workbook_add_format(book);
  if (sheet == nullptr || bold == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  format_set_bold(bold);
  constexpr lxw_col_t kLast = std::size(kColumns) - 1;

  // The header: bold, frozen, with the filter over every row below it.
  for (lxw_col_t c = 0; c <= kLast; ++c) {
    lxw_error e = worksheet_write_string(sheet, 0, c, kColumns[c].header, bold);
    if (e == LXW_NO_ERROR) e = worksheet_set_column(sheet, c, c, kColumns[c].width, nullptr);
    if (e != LXW_NO_ERROR) return e;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  lxw_error e = worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(findings.size()), kLast);

  for (size_t r = 0; r < findings.size() && e == LXW_NO_ERROR; ++r) {
    std::vector<std::string> cells = Cells(findings[r]);
    for (lxw_col_t c = 0; c <= kLast && e == LXW_NO_ERROR; ++c) {
      if (cells[c].empty()) continue;
      e = worksheet_write_string(sheet, static_cast<lxw_row_t>(r + 1), c, cells[c].c_str(),
                                 nullptr);
    }
  }
  return e;
}

}  // namespace

Status WriteComplianceXlsx(const std::vector<Finding>& findings, const std::string& path) {
  if (static_cast<int64_t>(findings.size()) > kMaxRows) {
    return Status::InvalidArgument(
        std::to_string(findings.size()) + " findings do not fit one sheet (at most " +
            std::to_string(kMaxRows) + ")",
        "检查结果共" + std::to_string(findings.size()) + "条，超过单个工作表的上限（" +
            std::to_string(kMaxRows) + "条），请缩小筛选范围后再导出");
  }
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return Status::IOError("cannot start workbook " + path);

  // workbook_close writes the file and frees the workbook, whether or not the sheet was written.
  lxw_error written = WriteSheet(book, findings);
  lxw_error closed = workbook_close(book);
  if (written == LXW_NO_ERROR && closed == LXW_NO_ERROR) return Status::Ok();
  std::remove(path.c_str());
  lxw_error e = written != LXW_NO_ERROR ? written : closed;
  return Status::IOError("cannot write workbook " + path + ": " + lxw_strerror(e));
}

}  // namespace fullrecord::services
