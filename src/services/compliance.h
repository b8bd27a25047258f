// The compliance report: the regulation's checkable duties run as rules over the metadata store,
// each finding naming the requirement it enforces, how serious it is, when it falls due and who
// must act. Rules read the tables with a handful of set-based queries (never one per case), and
// the indexes, generated columns and trigger-kept columns of schema.sql let those queries read
// mostly the rows that break a rule. The report changes nothing; only a refused request is
// written to the ledger.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "services/context.h"

namespace fullrecord::services {

// One thing the report found.
struct Finding {
  std::string rule_id;   // the requirement enforced, e.g. "R12.1", "Art.42"
  std::string rule;      // stable code, e.g. "upload_late" (see ComplianceService::Rules)
  std::string severity;  // "violation", "warning" or "reminder"
  int64_t case_id = 0;   // 0 when the finding belongs to no case
  std::string case_number;
  std::string object;  // what it is about: "case 7", "av_record 12", "interruption 3", …
  std::string message_zh;
  std::string message_en;
  std::optional<UnixMicros> due_us;  // when the duty falls or fell due; empty if it has no term
  std::string responsible;           // person id of who must act; empty if nobody is known
};

// Narrows a report. Empty members narrow nothing; set members all apply together.
struct ComplianceFilter {
  std::string section;             // cases of this section, and unassigned recordings of its people
  std::string officer;             // cases this person is officer on, and the person's recordings
  std::optional<int64_t> case_id;  // this case only (findings of no case are left out)
  std::set<std::string> rules;     // rule codes ("upload_late") or requirement ids ("R12.1")
};

// Terms of the rules; the defaults are the regulation's.
struct ComplianceOptions {
  int upload_hours = 24;                 // R12.1
  int archive_working_days = 30;         // R13.1
  int archive_warning_working_days = 5;  // R13.1 "deadline near": the last days before it
  int unassigned_days = 7;               // R17.4 recordings tied to no case
  int64_t start_grace_us = 60'000'000;   // R9.2 recording may start this late on site
};

// One rule of the report, for listing (the UI's legend and filter).
struct RuleInfo {
  std::string id;    // requirement id, e.g. "R12.1"
  std::string code;  // the Finding::rule it produces, e.g. "upload_late"
  std::string name_zh;
  std::string name_en;
};

class ComplianceService {
 public:
  // `ctx` must outlive the service. ctx.calendar and ctx.catalogue may be null: the archive rule
  // then reports that it cannot compute deadlines, and the documents rule is skipped.
  explicit ComplianceService(Context& ctx, ComplianceOptions options = {})
      : ctx_(ctx), options_(options) {}

  // Runs the rules at instant `now` and returns their findings, those with a due time first,
  // soonest (most overdue) first, then those without one. Who may run it: the principal leader
  // and the auditor see the whole bureau; a section's head and archivist see their section; an
  // officer sees their own cases and recordings. Anyone else gets PermissionDenied (logged as a
  // refused "compliance.report"). InvalidArgument names an unknown rule in `filter.rules`.
  Result<std::vector<Finding>> Report(const Actor& actor, const ComplianceFilter& filter,
                                      UnixMicros now);

  // Every rule the report runs, in report order. The reference lives as long as the program.
  static const std::vector<RuleInfo>& Rules();

 private:
  Context& ctx_;
  ComplianceOptions options_;
};

// "2026-12-03 14:05": the minute of `t` in Asia/Shanghai, as the report shows times.
std::string FormatShanghaiMinute(UnixMicros t);

// ---------------------------------------------------------------------------------------------
// Internal: shared by compliance.cc and compliance_rules.cc; not for other callers.
namespace compliance_detail {

// What a rule works with: the store, the terms, the clock of the report, and the reach of the
// report as SQL (the actor's access joined with the caller's filter).
class RuleRun {
 public:
  RuleRun(Context& ctx, const ComplianceOptions& options, UnixMicros now, const Actor& actor,
          const ComplianceFilter& filter);

  // A SQL condition limiting a row to the report's reach. `case_col` is the row's case id
  // (NULL-able), `person_col` the person it belongs to (its officer, its actor); either may be
  // "NULL". Parameters are appended to `params` in placeholder order.
  std::string Where(std::string_view case_col, std::string_view person_col,
                    std::vector<store::Value>& params) const;

  // Whether the actor may run a report at all.
  bool allowed() const { return all_ || !officer_.empty() || !section_.empty(); }

  Context& ctx;
  const ComplianceOptions& options;
  const UnixMicros now;

 private:
  bool all_ = false;     // principal leader or auditor
  std::string officer_;  // reach of an officer: their id
  std::string section_;  // reach of a section head or archivist: their section
  const ComplianceFilter& filter_;
};

using RuleFn = Status (*)(const RuleRun& run, std::vector<Finding>& out);

// A rule of the table. Several entries may share one function when it yields several codes;
// the function then runs once.
struct RuleEntry {
  RuleInfo info;
  RuleFn fn;
};

// The rules, in report order (defined in compliance_rules.cc).
const std::vector<RuleEntry>& RuleTable();

}  // namespace compliance_detail
}  // namespace fullrecord::services
