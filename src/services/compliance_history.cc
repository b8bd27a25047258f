#include "services/compliance_history.h"

#include <map>
#include <tuple>
#include <unordered_map>

namespace fullrecord::services {
namespace {

constexpr int64_t kDayMicros = 86'400'000'000;

// The snapshot reads the whole bureau as the auditor does: it may see every finding and acts on
// none.
Actor SnapshotReader() {
  return Actor{"system:compliance-snapshot", {Role::kAuditor}, false, ""};
}

Result<std::unordered_map<std::string, std::string>> SectionsOf(store::Database& db,
                                                                const char* sql) {
  std::unordered_map<std::string, std::string> out;
  FR_RETURN_IF_ERROR(db.ForEach(sql, {}, [&](const store::Row& r) {
    out.emplace(r.Text(0), r.IsNull(1) ? "" : r.Text(1));
    return true;
  }));
  return out;
}

using Key = std::tuple<std::string, std::string, std::string>;  // section, rule id, severity

Result<std::map<Key, int64_t>> CountFindings(Context& ctx, const std::vector<Finding>& findings) {
  FR_ASSIGN_OR_RETURN(auto case_sections,
                      SectionsOf(ctx.db, "SELECT CAST(id AS TEXT), section FROM case_file"));
  FR_ASSIGN_OR_RETURN(auto person_sections, SectionsOf(ctx.db, "SELECT id, section FROM person"));
  std::map<Key, int64_t> counts;
  for (const auto& f : findings) {
    std::string section;
    if (f.case_id != 0) {
      auto it = case_sections.find(std::to_string(f.case_id));
      if (it != case_sections.end()) section = it->second;
    } else if (auto it = person_sections.find(f.responsible); it != person_sections.end()) {
      section = it->second;
    }
    ++counts[{section, f.rule_id, f.severity}];
  }
  return counts;
}

// The section `actor` may read, given the one asked for; PermissionDenied when none.
Result<std::string> ReadableSection(const Actor& actor, const std::string& asked) {
  if (actor.Has(Role::kPrincipalLeader) || actor.Has(Role::kAuditor)) return asked;
  bool member =
      actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist) || actor.Has(Role::kOfficer);
  if (member && !actor.section.empty() && (asked.empty() || asked == actor.section)) {
    return actor.section;
  }
  return Status::PermissionDenied(
      "compliance history is for the principal leader, the auditor, and a section's own people",
      asked.empty() || !member
          ? std::string("只有主要领导、安全审计员和本科室人员可以查看合规情况统计")
          : "只能查看本科室的合规情况统计，无权查看科室“" + asked + "”");
}

}  // namespace

Result<int64_t> ComplianceHistory::TakeSnapshot(UnixMicros now) {
  FR_ASSIGN_OR_RETURN(auto findings, ComplianceService(ctx_).Report(SnapshotReader(), {}, now));
  FR_ASSIGN_OR_RETURN(auto counts, CountFindings(ctx_, findings));
  std::string day = ShanghaiDate(now).ToString();

  store::WriteTransaction tx(ctx_.db);
  FR_RETURN_IF_ERROR(tx.status());
  FR_RETURN_IF_ERROR(ctx_.db.Exec("DELETE FROM compliance_snapshot WHERE day = ?", {day}));
  // The day's total, in a row of no section and no rule, marks the day as counted even when
  // nothing was found.
  counts[{"", "", "total"}] = static_cast<int64_t>(findings.size());
  for (const auto& [key, count] : counts) {
    const auto& [section, rule_id, severity] = key;
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO compliance_snapshot (day, section, rule_id, severity, count, taken_us) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {day, section, rule_id, severity, count, now}));
  }
  FR_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(findings.size());
}

Result<bool> ComplianceHistory::TakeSnapshotIfDue(UnixMicros now) {
  std::string day = ShanghaiDate(now).ToString();
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query("SELECT count(*) FROM compliance_snapshot "
                                               "WHERE day = ? AND severity = 'total'",
                                               {day}));
  if (rows[0].Int(0) > 0) return false;
  FR_RETURN_IF_ERROR(TakeSnapshot(now).status());
  return true;
}

Result<std::vector<DayCounts>> ComplianceHistory::History(const Actor& actor,
                                                          const std::string& section, int64_t days,
                                                          UnixMicros now) {
  auto readable = ReadableSection(actor, section);
  if (!readable.ok()) {
    return Refuse(ctx_, actor, "compliance.history", {{"section", section}}, readable.status());
  }
  if (days < 1 || days > 366) {
    return Status::InvalidArgument("days must be 1 to 366, not " + std::to_string(days),
                                   "统计天数应为1至366天，当前为" + std::to_string(days) + "天");
  }
  std::string first = ShanghaiDate(now - (days - 1) * kDayMicros).ToString();
  std::string last = ShanghaiDate(now).ToString();

  // Every counted day, then the section's counts of each severity on it.
  std::map<std::string, DayCounts> by_day;
  FR_RETURN_IF_ERROR(ctx_.db.ForEach(
      "SELECT day, max(reconstructed) FROM compliance_snapshot WHERE day BETWEEN ? AND ? "
      "AND severity = 'total' GROUP BY day",
      {first, last}, [&](const store::Row& r) {
        by_day[r.Text(0)] = DayCounts{r.Text(0), 0, 0, 0, r.Int(1) != 0};
        return true;
      }));
  FR_RETURN_IF_ERROR(ctx_.db.ForEach(
      "SELECT day, severity, sum(count) FROM compliance_snapshot WHERE day BETWEEN ? AND ? "
      "AND severity <> 'total' AND (? = '' OR section = ?) GROUP BY day, severity",
      {first, last, *readable, *readable}, [&](const store::Row& r) {
        auto it = by_day.find(r.Text(0));
        if (it == by_day.end()) return true;
        DayCounts& d = it->second;
        if (r.Text(1) == "violation") d.violation = r.Int(2);
        if (r.Text(1) == "warning") d.warning = r.Int(2);
        if (r.Text(1) == "reminder") d.reminder = r.Int(2);
        return true;
      }));
  std::vector<DayCounts> out;
  for (auto& [day, counts] : by_day) out.push_back(counts);
  return out;
}

}  // namespace fullrecord::services
