// The compliance report as an Excel workbook (.xlsx), for the bureau's leaders and auditors who
// work in spreadsheets. Written with libxlsxwriter; one sheet, one finding per row.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "services/compliance.h"

namespace fullrecord::services {

// Writes `findings`, in the order given, to a new workbook at `path`, replacing any file there.
// The sheet has a bold, frozen Chinese header row (规则, 条款, 严重程度, 案件编号, 对象, 说明,
// 期限, 责任人) with an autofilter; times are Asia/Shanghai text "2026-12-03 14:05", the rule
// column its Chinese name. IOError naming the path when the file cannot be written (it is then not
// left half-written); InvalidArgument when there are more findings than a sheet has rows.
Status WriteComplianceXlsx(const std::vector<Finding>& findings, const std::string& path);

}  // namespace fullrecord::services
