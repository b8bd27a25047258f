// CheckReport: the four-property check's findings, as JSON and as a printable text.
#include <algorithm>

#include "archive/four_checks.h"

namespace fullrecord::archive {
namespace {

constexpr Property kProperties[] = {Property::kAuthenticity, Property::kIntegrity,
                                    Property::kUsability, Property::kSecurity};

}  // namespace

void CheckReport::Add(Property p, std::string subject, bool passed, std::string detail,
                      std::string detail_zh) {
  items.push_back({p, std::move(subject), passed, std::move(detail), std::move(detail_zh)});
}

bool CheckReport::ok() const {
  return std::all_of(items.begin(), items.end(), [](const CheckItem& i) { return i.passed; });
}

std::vector<std::string> CheckReport::Failures() const {
  std::vector<std::string> out;
  for (const auto& i : items) {
    if (!i.passed) out.push_back(std::string(PropertyCode(i.property)) + ": " + i.subject + ": " + i.detail);
  }
  return out;
}

Json CheckReport::ToJson() const {
  Json items_json = Json::array();
  for (const auto& i : items) {
    items_json.push_back({{"property", PropertyCode(i.property)},
                          {"subject", i.subject},
                          {"passed", i.passed},
                          {"detail", i.detail},
                          {"detail_zh", i.detail_zh.empty() ? i.detail : i.detail_zh}});
  }
  return {{"format", "fullrecord-four-property-check/v1"},
          {"at", FormatUtc(at_us)},
          {"passed", ok()},
          {"items", items_json}};
}

std::string CheckReport::ToText() const {
  std::string out = "四性检测报告 / Four-property check report\n";
  out += "检测时间 / checked at: " + FormatUtc(at_us) + "\n";
  out += std::string("结论 / result: ") + (ok() ? "通过 / passed" : "未通过 / FAILED") + "\n";
  for (Property p : kProperties) {
    int passed = 0, total = 0;
    for (const auto& i : items) {
      if (i.property != p) continue;
      ++total;
      passed += i.passed ? 1 : 0;
    }
    out += "\n" + std::string(PropertyNameZh(p)) + " / " + PropertyCode(p) + ": " +
           std::to_string(passed) + "/" + std::to_string(total) + " 项通过 passed\n";
    for (const auto& i : items) {
      if (i.property != p) continue;
      out += std::string(i.passed ? "  [通过] " : "  [失败] ") + i.subject + " — ";
      out += i.detail_zh.empty() ? i.detail + "\n" : i.detail_zh + "\n      " + i.detail + "\n";
    }
  }
  return out;
}

}  // namespace fullrecord::archive
