// Copies of a case's full-process record for its party (R15.1). An officer of the case or its
// section's archivist records the party's request; only the principal leader approves or refuses
// it; an approved request is produced as a manifest of the originals to hand over, with every
// item kept secret by law left out and listed (R15.1, R16.1); then its delivery is recorded.
// This is the only way a copy leaves the system, and each step is a ledger event (R17.3).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/cases.h"
#include "services/context.h"

namespace fullrecord::services {

struct CopyItem {
  std::string kind;  // "text" (a text record) or "av" (an audio-visual record)
  int64_t id = 0;
};

struct CopyRequestInput {
  std::string party;            // the applicant: one of the case's parties, by name
  std::string purpose;          // why the party wants the copy
  std::vector<CopyItem> items;  // the records asked for; empty when `all`
  bool all = false;             // every record of the case, as it stands when produced
};

enum class CopyState { kRequested, kApproved, kRefused, kProduced, kDelivered };

const char* CopyStateCode(CopyState s);  // "requested", "approved", "refused", …

struct CopyRequest {
  int64_t id = 0;
  int64_t case_id = 0;
  CopyRequestInput input;
  CopyState state = CopyState::kRequested;
  std::string requested_by;  // ledger names of who acted
  UnixMicros requested_us = 0;
  std::string decided_by;
  std::optional<UnixMicros> decided_us;
  std::string decision_note;
  Json manifest;  // CopySet::ToJson() once produced; null before
  std::string produced_by;
  std::optional<UnixMicros> produced_us;
  std::string received_by;  // who received the copy, as the deliverer recorded it
  std::string delivered_by;
  std::optional<UnixMicros> delivered_us;
};

// One original in a copy, as the vault holds it.
struct CopyFile {
  std::string name;  // name inside the copy: "text-12", "av-7-segment-3"
  std::string sha256;
  std::string sm3;
  uint64_t size = 0;
};

// One record asked for: included with its files, or excluded with the reason.
struct CopyEntry {
  std::string kind;  // "text" or "av"
  int64_t id = 0;
  std::string title;  // empty for an excluded record: a title may itself tell the secret
  Classification classification = Classification::kOrdinary;
  std::vector<CopyFile> files;     // of an excluded record too, so the ledger can name them
  std::string excluded_reason;     // empty when included
  std::string excluded_reason_zh;  // the same in Chinese, for the party's copy and the screen
};

// The product of an approved request: what the party receives and what was left out.
struct CopySet {
  int64_t request_id = 0;
  int64_t case_id = 0;
  std::string case_number;
  std::string party;
  std::vector<CopyEntry> included;
  std::vector<CopyEntry> excluded;

  // The manifest stored with the request. Excluded entries carry their reason, not their files.
  Json ToJson() const;
};

class CopyService {
 public:
  explicit CopyService(Context& ctx) : ctx_(ctx), cases_(ctx) {}

  // Records a party's request. Allowed to an officer of the case or its section's archivist;
  // anyone else is refused and logged. InvalidArgument for a blank party or purpose, a party
  // not of the case, no items without `all` (or items with it), an unknown kind, a repeated
  // item, or a record not of this case. NotFound for a case out of reach; FailedPrecondition
  // for a disposed case. One "copy.requested" event; returns the request's id.
  Result<int64_t> Request(const Actor& actor, int64_t case_id, const CopyRequestInput& input);

  // The principal leader approves or refuses a request awaiting decision (R15.1); anyone else
  // is refused and logged. A refusal needs a note (InvalidArgument). FailedPrecondition when
  // the request was already decided. One "copy.decided" event.
  Status Decide(const Actor& actor, int64_t request_id, bool approve, const std::string& note);

  // Computes the copy set of an approved request: each included record's originals with
  // SHA-256, SM3 and size, each re-verified against its stored bytes; records classified
  // commercial_secret or personal_privacy, or all records of a case so classified, are excluded
  // and listed with the reason (R15.1, R16.1). Stores the manifest and marks the request
  // produced. Allowed to an officer of the case or its section's archivist. Refused and logged:
  // anyone else, and a request not approved or already produced (R17.3). Corruption when an
  // original no longer matches its digests; nothing is produced then. One "copy.produced"
  // event listing the included and excluded digests.
  Result<CopySet> Produce(const Actor& actor, int64_t request_id);

  // Records that the produced copy was handed to `received_by`. The same people as Produce;
  // InvalidArgument for a blank name; FailedPrecondition unless produced. One "copy.delivered"
  // event.
  Status Deliver(const Actor& actor, int64_t request_id, const std::string& received_by);

  // A request, to those who may read its case; NotFound otherwise.
  Result<CopyRequest> Get(const Actor& actor, int64_t request_id);

  // Requests awaiting the principal leader's decision, oldest first. Only for the principal
  // leader; anyone else is refused and logged.
  Result<std::vector<CopyRequest>> ListPending(const Actor& actor);

 private:
  Result<CopyRequest> Load(int64_t request_id);
  Result<Case> CaseOfRequest(const Actor& actor, const CopyRequest& request);
  Status CheckItems(const Case& c, const CopyRequestInput& input);
  Result<CopyEntry> TextEntry(const Case& c, int64_t id);
  Result<CopyEntry> AvEntry(const Case& c, int64_t id);
  Result<std::vector<CopyItem>> AllItems(int64_t case_id);
  Result<CopyFile> FileOf(const std::string& sha256, const std::string& name);
  Result<CopySet> Compute(const Case& c, const CopyRequest& request);

  Context& ctx_;
  CaseService cases_;
};

// Whether `actor` handles copies of case `c`: an officer of the case or its section's archivist.
bool MayHandleCopies(const Actor& actor, const Case& c);

}  // namespace fullrecord::services
