// The deadline state of a case: where its running terms stand, the upload of its recordings
// within 24 hours (R12.1) and its discs within 30 working days of the enforcement's end (R13.1).
// The case list filters and tags by it; the terms themselves come from the compliance report,
// so the list and the report never disagree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "services/cases.h"

namespace fullrecord::services {

enum class DeadlineState {
  kOverdue,  // a term has passed with its duty undone (upload_overdue, archive_overdue)
  kDueSoon,  // a recording awaits upload, or the archive term is in its last working days
  kRunning,  // the enforcement ended and its archive term runs, not yet near
  kNone,     // no term runs
};

std::string_view DeadlineStateCode(DeadlineState s);  // "overdue", "due_soon", "running", "none"
std::string_view DeadlineStateNameZh(DeadlineState s);
// InvalidArgument lists the codes.
Result<DeadlineState> ParseDeadlineState(std::string_view code);

struct CaseDeadline {
  DeadlineState state = DeadlineState::kNone;
  std::optional<UnixMicros> due_us;  // the soonest term of that state
  std::string rule_id;               // "R12.1" or "R13.1"; empty for kNone
};

// The cases with an overdue or soon-due term among those `actor` may see, by case id, at `now`.
// Runs the R12.1 and R13.1 rules of the compliance report, so who may ask is who may read the
// report: anyone else is refused (PermissionDenied, logged as a refused "compliance.report").
Result<std::map<int64_t, CaseDeadline>> UrgentDeadlines(Context& ctx, const Actor& actor,
                                                        UnixMicros now);

// Whether `actor` may read deadlines at all (UrgentDeadlines would not refuse them).
bool MayReadDeadlines(const Actor& actor);

// Narrows `filter` to the cases in `state`, given the map UrgentDeadlines returned.
void NarrowToDeadlineState(CaseFilter& filter, DeadlineState state,
                           const std::map<int64_t, CaseDeadline>& urgent);

// The deadline of listed case `c`: its entry in `urgent`, else its running archive term, else
// none. A term the calendar cannot count shows as running without a due time.
CaseDeadline DeadlineOf(const Context& ctx, const Case& c,
                        const std::map<int64_t, CaseDeadline>& urgent);

}  // namespace fullrecord::services
