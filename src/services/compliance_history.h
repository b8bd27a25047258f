// Compliance over time: once a day the open findings of the whole bureau are counted per section,
// rule and severity (table compliance_snapshot), and the workbench chart reads the counts back
// per day. A snapshot holds counts only, never a case, so a section's people may read their
// section's curve.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/compliance.h"

namespace fullrecord::services {

// The open findings of one day, by severity.
struct DayCounts {
  std::string day;  // YYYY-MM-DD, Asia/Shanghai
  int64_t violation = 0;
  int64_t warning = 0;
  int64_t reminder = 0;
  bool reconstructed = false;  // counted afterwards for a past day
};

class ComplianceHistory {
 public:
  // `ctx` must outlive the history.
  explicit ComplianceHistory(Context& ctx) : ctx_(ctx) {}

  // Runs every rule over the whole bureau at `now` and stores the counts as the snapshot of
  // `now`'s Shanghai day, replacing an earlier snapshot of that day, in one transaction. A
  // finding belongs to its case's section, or, with no case, to the section of the person who
  // must act ('' when there is none). Returns the number of findings counted.
  Result<int64_t> TakeSnapshot(UnixMicros now);

  // Takes the snapshot of `now`'s day unless the day already has one; returns whether it did.
  Result<bool> TakeSnapshotIfDue(UnixMicros now);

  // The counts of the `days` days up to `now`'s day (1–366), oldest first; days without a
  // snapshot are left out. The principal leader and the auditor read the whole bureau or one
  // `section`; a section head, archivist or officer reads their own section (`section` empty or
  // theirs). Anyone else, or another section, gets PermissionDenied, logged as a refused
  // "compliance.history". InvalidArgument for `days` out of range.
  Result<std::vector<DayCounts>> History(const Actor& actor, const std::string& section,
                                         int64_t days, UnixMicros now);

 private:
  Context& ctx_;
};

}  // namespace fullrecord::services
