// Cases (案件): the file that holds one enforcement from start to archive (R2.1, R3.1), its
// parties and officers, its five stages with every change recorded, and who may see it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/context.h"

namespace fullrecord::services {

struct Party {
  std::string name;
  std::string type = "person";  // person, organisation
  std::string id_no;            // ID card or unified social credit code; may be empty
};

struct CaseInput {
  std::string number;  // the bureau's case number, unique
  CaseKind kind = CaseKind::kPenalty;
  std::string title;
  std::string section;
  Classification classification = Classification::kOrdinary;
  RetentionClass retention = RetentionClass::kThirtyYears;
  std::vector<Party> parties;
  std::vector<std::string> officers;  // person ids; the creating officer is added
  std::set<std::string> flags;        // catalogue flags: if_hearing, if_serious, …
  std::optional<UnixMicros> onsite_start_us;
  std::optional<UnixMicros> onsite_end_us;
};

struct Case {
  int64_t id = 0;
  std::string number;
  CaseKind kind = CaseKind::kPenalty;
  std::string title;
  std::string section;
  Stage stage = Stage::kStart;
  Classification classification = Classification::kOrdinary;
  RetentionClass retention = RetentionClass::kThirtyYears;
  bool long_term = false;
  std::set<std::string> flags;
  std::optional<UnixMicros> onsite_start_us, onsite_end_us, ended_us, archived_us, disposed_us;
  UnixMicros created_us = 0;
  std::string created_by;
  std::vector<std::string> officers;
  std::vector<Party> parties;
};

struct StageChange {
  std::optional<Stage> from;
  Stage to = Stage::kStart;
  bool backward = false;
  std::string reason;
  std::string actor;
  UnixMicros at_us = 0;
};

struct CaseFilter {
  std::optional<CaseKind> kind;
  std::optional<Stage> stage;
  std::string officer;
  std::string section;
  std::string text;  // in number or title
  // Narrowing computed elsewhere (the deadline state, services/case_deadlines.h): when `only_ids`
  // is set, just those cases; never those in `except_ids`; when `archive_pending` is set, only
  // cases whose enforcement ended and whose discs are not registered (true) or the others.
  std::optional<std::vector<int64_t>> only_ids;
  std::vector<int64_t> except_ids;
  std::optional<bool> archive_pending;
  int limit = 20;
  int offset = 0;
};

struct CasePage {
  std::vector<Case> cases;  // officers and parties not filled, for speed
  int64_t total = 0;
};

class CaseService {
 public:
  explicit CaseService(Context& ctx) : ctx_(ctx) {}

  // An officer, section head or archivist of the case's section opens a case at the start
  // stage. The creator, when an officer, is one of its officers. InvalidArgument names a blank
  // field, an unknown officer or a flag the catalogue does not know; AlreadyExists a used number.
  Result<int64_t> Create(const Actor& actor, const CaseInput& input);

  // NotFound both when the case does not exist and when `actor` may not see it: the two answer
  // alike (R16.1).
  Result<Case> Get(const Actor& actor, int64_t id);
  Result<Case> GetByNumber(const Actor& actor, const std::string& number);
  // A page of the cases `actor` may see, newest first.
  Result<CasePage> List(const Actor& actor, const CaseFilter& filter);

  // Moves the case to the next stage. Entering investigation needs at least two officers whose
  // certificates are valid that day (Administrative Penalty Law art. 42); entering archive
  // starts the R13.1 clock if the enforcement's end was not set.
  Status Advance(const Actor& actor, int64_t id, Stage to, const std::string& reason);
  // Goes back to an earlier stage, explicitly, with a reason (recorded as backward).
  Status GoBack(const Actor& actor, int64_t id, Stage to, const std::string& reason);
  Result<std::vector<StageChange>> History(const Actor& actor, int64_t id);

  Status AddOfficer(const Actor& actor, int64_t id, const std::string& person);
  Status AddParty(const Actor& actor, int64_t id, const Party& party);
  Status SetFlags(const Actor& actor, int64_t id, const std::set<std::string>& flags);
  // When the on-site work began and ended (R9.2, R17.1).
  Status SetOnsite(const Actor& actor, int64_t id, UnixMicros start_us, UnixMicros end_us);
  // The enforcement ended at `at_us`: the 30-working-day archive clock starts (R13.1).
  Status EndEnforcement(const Actor& actor, int64_t id, UnixMicros at_us);
  // The section archivist registers that the case's disc set is archived (R13.1 met).
  Status MarkArchived(const Actor& actor, int64_t id, UnixMicros at_us);
  Status SetClassification(const Actor& actor, int64_t id, Classification c);

  // Whether `actor` may see / change the case. Both answer NotFound for a case out of reach.
  Result<Case> ReadableCase(const Actor& actor, int64_t id);
  Result<Case> WritableCase(const Actor& actor, int64_t id, const char* event);

 private:
  Status ChangeStage(const Actor& actor, int64_t id, Stage to, const std::string& reason,
                     bool backward);
  Status CheckCertifiedOfficers(const Case& c);
  Result<Case> Load(int64_t id);

  Context& ctx_;
};

// Access rules, shared by every service that shows case content.
// The separated administrators never see a case; the principal leader sees all; officers see
// their cases; the section's head and archivist see its cases; the legal reviewer sees cases in
// review (decision stage or later). Commercial secrets and personal privacy narrow it to the
// officers, the section's head and archivist, and the principal leader (R16.1).
bool MayRead(const Actor& actor, const Case& c);
// Changes: the officers on the case and the section's head and archivist.
bool MayChange(const Actor& actor, const Case& c);

// R13.1: the end of the day by which the discs of `c` are due in the archive, 30 working days
// (`working_days`) after its enforcement ended; empty while it has not ended and once it is
// archived. FailedPrecondition without a calendar; otherwise errors as WorkingDayDeadline (a
// year the calendar does not cover).
Result<std::optional<UnixMicros>> ArchiveDueAt(const Context& ctx, const Case& c,
                                               int working_days = 30);

}  // namespace fullrecord::services
