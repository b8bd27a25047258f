#include "services/case_deadlines.h"

#include <array>

#include "services/compliance.h"

namespace fullrecord::services {
namespace {

struct StateName {
  DeadlineState state;
  const char* code;
  const char* name_zh;
};

constexpr std::array<StateName, 4> kStates{{
    {DeadlineState::kOverdue, "overdue", "已逾期"},
    {DeadlineState::kDueSoon, "due_soon", "即将到期"},
    {DeadlineState::kRunning, "running", "期限内"},
    {DeadlineState::kNone, "none", "无期限"},
}};

const StateName& NameOf(DeadlineState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n;
  }
  return kStates.back();
}

// Keeps in `into` the more urgent of it and `d`: overdue before due soon, then the sooner term.
void KeepUrgent(CaseDeadline& into, const CaseDeadline& d) {
  bool more_urgent = d.state < into.state ||
                     (d.state == into.state && d.due_us.value_or(0) < into.due_us.value_or(0));
  if (more_urgent) into = d;
}

}  // namespace

std::string_view DeadlineStateCode(DeadlineState s) {
  return NameOf(s).code;
}
std::string_view DeadlineStateNameZh(DeadlineState s) {
  return NameOf(s).name_zh;
}

Result<DeadlineState> ParseDeadlineState(std::string_view code) {
  for (const auto& n : kStates) {
    if (code == n.code) return n.state;
  }
  return Status::InvalidArgument(
      "unknown deadline state \"" + std::string(code) +
          "\"; use overdue, due_soon, running or none",
      "期限状态“" + std::string(code) + "”无效，应为已逾期、即将到期、期限内或无期限之一");
}

bool MayReadDeadlines(const Actor& actor) {
  for (Role r : {Role::kPrincipalLeader, Role::kAuditor, Role::kSectionHead, Role::kArchivist,
                 Role::kOfficer}) {
    if (actor.Has(r)) return true;
  }
  return false;
}

Result<std::map<int64_t, CaseDeadline>> UrgentDeadlines(Context& ctx, const Actor& actor,
                                                        UnixMicros now) {
  ComplianceFilter filter;
  filter.rules = {"upload_overdue", "upload_due", "archive_overdue", "archive_due"};
  FR_ASSIGN_OR_RETURN(auto findings, ComplianceService(ctx).Report(actor, filter, now));

  std::map<int64_t, CaseDeadline> out;
  for (const auto& f : findings) {
    if (f.case_id == 0) continue;  // a recording tied to no case has no case to tag
    bool overdue = f.rule == "upload_overdue" || f.rule == "archive_overdue";
    CaseDeadline d{overdue ? DeadlineState::kOverdue : DeadlineState::kDueSoon, f.due_us,
                   f.rule_id};
    auto [it, inserted] = out.emplace(f.case_id, d);
    if (!inserted) KeepUrgent(it->second, d);
  }
  return out;
}

void NarrowToDeadlineState(CaseFilter& filter, DeadlineState state,
                           const std::map<int64_t, CaseDeadline>& urgent) {
  std::vector<int64_t> of_state, all_urgent;
  for (const auto& [id, d] : urgent) {
    all_urgent.push_back(id);
    if (d.state == state) of_state.push_back(id);
  }
  switch (state) {
    case DeadlineState::kOverdue:
    case DeadlineState::kDueSoon: filter.only_ids = std::move(of_state); break;
    case DeadlineState::kRunning:
      filter.except_ids = std::move(all_urgent);
      filter.archive_pending = true;
      break;
    case DeadlineState::kNone:
      filter.except_ids = std::move(all_urgent);
      filter.archive_pending = false;
      break;
  }
}

CaseDeadline DeadlineOf(const Context& ctx, const Case& c,
                        const std::map<int64_t, CaseDeadline>& urgent) {
  if (auto it = urgent.find(c.id); it != urgent.end()) return it->second;
  if (!c.ended_us || c.archived_us || c.disposed_us) return {};
  auto due = ArchiveDueAt(ctx, c);
  CaseDeadline d{DeadlineState::kRunning, std::nullopt, "R13.1"};
  if (due.ok()) d.due_us = *due;
  return d;
}

}  // namespace fullrecord::services
