// report: the compliance report (every checkable duty of the regulation) and its rules.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/actor.h"
#include "cli/case_view.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/compliance.h"
#include "services/compliance_history.h"
#include "services/xlsx_export.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct ReportArgs {
  std::string case_ref, section, officer, format = "table", out;
  std::vector<std::string> rules;
};

// report compliance / rules

const char* SeverityZh(const std::string& severity) {
  if (severity == "violation") return "违规";
  if (severity == "warning") return "警告";
  if (severity == "reminder") return "提醒";
  return severity.c_str();
}

Json FindingJson(const Finding& f) {
  return {{"rule_id", f.rule_id},         {"rule", f.rule},
          {"severity", f.severity},       {"case", f.case_id ? Json(f.case_id) : Json()},
          {"case_number", f.case_number}, {"object", f.object},
          {"message_zh", f.message_zh},   {"message_en", f.message_en},
          {"due", TimeJson(f.due_us)},    {"responsible", f.responsible}};
}

void PrintFindings(const std::vector<Finding>& findings) {
  Table table({"条款", "严重程度", "案号", "对象", "说明", "期限", "责任人"});
  for (const auto& f : findings) {
    table.AddRow({f.rule_id, SeverityZh(f.severity), f.case_number, f.object, f.message_zh,
                  LocalTime(f.due_us), f.responsible});
  }
  table.Print();
  std::printf("%zu findings\n", findings.size());
}

Result<std::vector<Finding>> RunReport(Session& s, const ReportArgs& a) {
  ComplianceFilter filter;
  filter.section = a.section;
  filter.officer = a.officer;
  if (!a.case_ref.empty()) {
    FR_ASSIGN_OR_RETURN(filter.case_id, ResolveCase(s, a.case_ref));
  }
  filter.rules.insert(a.rules.begin(), a.rules.end());
  return ComplianceService(s.ctx()).Report(s.actor, filter, s.ctx().now());
}

Status WriteJsonFile(const Json& value, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << value.dump(2) << "\n";
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

Status ReportCompliance(Session& s, const ReportArgs& a) {
  std::string format = s.json() && a.format == "table" ? "json" : a.format;
  if (format == "xlsx" && a.out.empty()) {
    return Status::InvalidArgument("--format xlsx needs --out FILE");
  }
  if (format == "table" && !a.out.empty()) {
    return Status::InvalidArgument("--out is for --format json or xlsx");
  }
  FR_ASSIGN_OR_RETURN(auto findings, RunReport(s, a));

  if (format == "xlsx") {
    FR_RETURN_IF_ERROR(WriteComplianceXlsx(findings, a.out));
    std::fprintf(stderr, "%zu findings written to %s\n", findings.size(), a.out.c_str());
    return Status::Ok();
  }
  if (format == "table") {
    PrintFindings(findings);
    return Status::Ok();
  }
  Json out = Json::array();
  for (const auto& f : findings) out.push_back(FindingJson(f));
  if (a.out.empty()) {
    PrintJson(out);
    return Status::Ok();
  }
  return WriteJsonFile(out, a.out);
}

Status ReportRules(Session& s) {
  Json out = Json::array();
  Table table({"条款", "代码", "名称"});
  for (const auto& r : ComplianceService::Rules()) {
    out.push_back({{"id", r.id}, {"code", r.code}, {"name_zh", r.name_zh}, {"name_en", r.name_en}});
    table.AddRow({r.id, r.code, r.name_zh});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

// report --snapshot: today's counts for the workbench chart (services/compliance_history.h).
Status ReportSnapshot(Session& s) {
  UnixMicros now = s.ctx().now();
  FR_ASSIGN_OR_RETURN(int64_t findings, ComplianceHistory(s.ctx()).TakeSnapshot(now));
  std::string day = ShanghaiDate(now).ToString();
  PrintDone(s, "合规快照已记录 compliance snapshot of " + day + ": " + std::to_string(findings) +
                   " open findings",
            {{"day", day}, {"findings", findings}});
  return Status::Ok();
}

}  // namespace

void AddReportCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "报告: compliance with the regulation");
  cmd->require_subcommand(0, 1);
  auto snapshot = std::make_shared<bool>(false);
  cmd->add_flag("--snapshot", *snapshot,
                "count today's open findings per section and rule for the workbench chart");
  cmd->callback([cmd, snapshot, &g, &code] {
    if (*snapshot) {
      code = RunAs(g, ReportSnapshot);
    } else if (cmd->get_subcommands().empty()) {
      throw CLI::RequiredError("report needs a subcommand (compliance, rules) or --snapshot");
    }
  });

  auto* compliance = cmd->add_subcommand("compliance", "findings of every checkable duty");
  compliance->add_option("--section", a->section, "cases and recordings of this section");
  compliance->add_option("--officer", a->officer, "cases and recordings of this officer");
  compliance->add_option("--case", a->case_ref, "this case only (id or number)");
  compliance->add_option("--rule", a->rules, "rule code or requirement id, e.g. R9.3 (repeat)");
  compliance->add_option("--format", a->format, "table, json or xlsx")
      ->check(CLI::IsMember({"table", "json", "xlsx"}))
      ->capture_default_str();
  compliance->add_option("--out", a->out, "file to write (needed for xlsx)");
  OnRun(compliance, g, code, [a](Session& s) { return ReportCompliance(s, *a); });

  OnRun(cmd->add_subcommand("rules", "the rules the compliance report runs"), g, code, ReportRules);
}

}  // namespace fullrecord::cli
