// The compliance report's frame: who may run it and over what, which rules run, and the order of
// the findings. The rules themselves are in compliance_rules.cc.
#include "services/compliance.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>

namespace fullrecord::services {
namespace compliance_detail {
namespace {

// The row belongs to one of `officer`'s cases, or to `officer` themself.
std::string OfficerCondition(std::string_view case_col, std::string_view person_col,
                             const std::string& officer, std::vector<store::Value>& params) {
  params.push_back(officer);
  params.push_back(officer);
  return "(" + std::string(case_col) +
         " IN (SELECT case_id FROM case_officer WHERE person = ?) OR " + std::string(person_col) +
         " = ?)";
}

// The row belongs to a case of `section`, or, belonging to no case, to a person of `section`.
std::string SectionCondition(std::string_view case_col, std::string_view person_col,
                             const std::string& section, std::vector<store::Value>& params) {
  params.push_back(section);
  params.push_back(section);
  std::string c(case_col);
  return "(" + c + " IN (SELECT id FROM case_file WHERE section = ?) OR (" + c + " IS NULL AND " +
         std::string(person_col) + " IN (SELECT id FROM person WHERE section = ?)))";
}

}  // namespace

RuleRun::RuleRun(Context& ctx_in, const ComplianceOptions& options_in, UnixMicros now_in,
                 const Actor& actor, const ComplianceFilter& filter)
    : ctx(ctx_in), options(options_in), now(now_in), filter_(filter) {
  if (actor.console) return;
  all_ = actor.Has(Role::kPrincipalLeader) || actor.Has(Role::kAuditor);
  if (actor.Has(Role::kOfficer)) officer_ = actor.id;
  if (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist)) section_ = actor.section;
}

std::string RuleRun::Where(std::string_view case_col, std::string_view person_col,
                           std::vector<store::Value>& params) const {
  // The actor's reach: any of their roles may open a row to them.
  std::string where = "1";
  if (!all_) {
    std::string reach;
    if (!officer_.empty()) reach = OfficerCondition(case_col, person_col, officer_, params);
    if (!section_.empty()) {
      reach +=
          (reach.empty() ? "" : " OR ") + SectionCondition(case_col, person_col, section_, params);
    }
    where = "(" + reach + ")";
  }

  // The caller's filter: every member set narrows further.
  if (!filter_.section.empty()) {
    where += " AND " + SectionCondition(case_col, person_col, filter_.section, params);
  }
  if (!filter_.officer.empty()) {
    where += " AND " + OfficerCondition(case_col, person_col, filter_.officer, params);
  }
  if (filter_.case_id) {
    where += " AND " + std::string(case_col) + " = ?";
    params.emplace_back(std::in_place_type<int64_t>, *filter_.case_id);
  }
  return where;
}

}  // namespace compliance_detail

namespace {

using compliance_detail::RuleEntry;
using compliance_detail::RuleFn;
using compliance_detail::RuleRun;
using compliance_detail::RuleTable;

// The codes `wanted` selects: every code when it is empty; else the codes named, and the codes of
// the rules whose requirement id is named. InvalidArgument for a name no rule has.
Result<std::set<std::string>> SelectCodes(const std::set<std::string>& wanted) {
  std::set<std::string> codes;
  for (const auto& entry : RuleTable()) {
    const RuleInfo& info = entry.info;
    if (wanted.empty() || wanted.count(info.code) || wanted.count(info.id)) codes.insert(info.code);
  }
  for (const auto& name : wanted) {
    bool known = std::any_of(RuleTable().begin(), RuleTable().end(), [&](const RuleEntry& e) {
      return e.info.code == name || e.info.id == name;
    });
    if (!known) {
      return Status::InvalidArgument("unknown compliance rule \"" + name +
                                         "\"; ComplianceService::Rules() lists the codes and ids",
                                     "合规检查规则“" + name + "”不存在");
    }
  }
  return codes;
}

int SeverityRank(const std::string& severity) {
  if (severity == "violation") return 0;
  if (severity == "warning") return 1;
  return 2;
}

// Due findings first, soonest (most overdue) first; then by severity, case and object. The key
// refers to the strings rather than copying them: a bureau's report sorts tens of thousands.
bool Before(const Finding& a, const Finding& b) {
  auto key = [](const Finding& f) {
    return std::tuple<bool, int64_t, int, const std::string&, const std::string&, size_t,
                      const std::string&, const std::string&>(
        !f.due_us.has_value(), f.due_us.value_or(0), SeverityRank(f.severity), f.case_number,
        f.rule, f.object.size(), f.object, f.message_en);
  };
  return key(a) < key(b);
}

}  // namespace

Result<std::vector<Finding>> ComplianceService::Report(const Actor& actor,
                                                       const ComplianceFilter& filter,
                                                       UnixMicros now) {
  RuleRun run(ctx_, options_, now, actor, filter);
  if (!run.allowed()) {
    return Refuse(ctx_, actor, "compliance.report", Json::object(),
                  Status::PermissionDenied("the compliance report is for the principal leader, "
                                           "the auditor, section heads, archivists and officers",
                                           "只有主要领导、安全审计员、科室负责人、档案员和执法人员"
                                           "可以查看合规检查报告"));
  }
  FR_ASSIGN_OR_RETURN(auto codes, SelectCodes(filter.rules));

  // Each rule function once, even when it yields several of the selected codes.
  std::vector<Finding> findings;
  std::set<RuleFn> ran;
  for (const auto& entry : RuleTable()) {
    if (!codes.count(entry.info.code) || !ran.insert(entry.fn).second) continue;
    Status s = entry.fn(run, findings);
    if (!s.ok()) return s.WithContext("compliance rule " + entry.info.code);
  }

  // Drop the codes a shared function yielded but the filter did not ask for.
  std::erase_if(findings, [&](const Finding& f) { return !codes.count(f.rule); });
  std::sort(findings.begin(), findings.end(), Before);
  return findings;
}

const std::vector<RuleInfo>& ComplianceService::Rules() {
  static const std::vector<RuleInfo> rules = [] {
    std::vector<RuleInfo> out;
    for (const auto& entry : RuleTable()) out.push_back(entry.info);
    return out;
  }();
  return rules;
}

std::string FormatShanghaiMinute(UnixMicros t) {
  Date day = ShanghaiDate(t);
  int64_t minutes = (t - ShanghaiStartOfDay(day)) / 60'000'000;
  char text[32];
  std::snprintf(text, sizeof text, " %02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return day.ToString() + text;
}

}  // namespace fullrecord::services
