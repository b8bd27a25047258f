// Retention of case files and the only way anything leaves the vault: long-term keeping of
// audio-visual records (R14.1–R14.4), changes of a case's retention class (R13.2), and the
// disposal of a case whose period has run out, proposed by its section's archivist, approved by
// the principal leader and executed by the archivist (R9.5, R17.5).
//
// Records have no retention class of their own: every text and audio-visual record of a case
// inherits the case file's class and long-term mark (R13.2), so no record is ever kept for a
// shorter time than the case file it belongs to.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/cases.h"
#include "services/context.h"

namespace fullrecord::services {

// One row of a case's retention history: a raise to long-term keeping or a change of class.
struct RetentionChange {
  int64_t id = 0;
  int64_t case_id = 0;
  RetentionClass from = RetentionClass::kThirtyYears;
  RetentionClass to = RetentionClass::kThirtyYears;
  bool long_term = false;  // the case's long-term mark after the change
  std::string trigger;     // "R14.1" … "R14.4" for a raise; empty for a change of class
  std::string reason;
  std::string actor;        // ledger name of who made the change
  std::string approved_by;  // person id of the principal leader, for a shortening; else empty
  UnixMicros at_us = 0;
};

enum class DisposalState { kProposed, kApproved, kRefused, kExecuted };

const char* DisposalStateCode(DisposalState s);  // "proposed", "approved", "refused", "executed"

struct Disposal {
  int64_t id = 0;
  int64_t case_id = 0;
  DisposalState state = DisposalState::kProposed;
  std::string reason;
  std::string proposed_by;  // ledger names
  UnixMicros proposed_us = 0;
  std::string decided_by;
  std::optional<UnixMicros> decided_us;
  std::string decision;  // the principal leader's reason
  std::string executed_by;
  std::optional<UnixMicros> executed_us;
};

// A proposal on a case's retention that the principal leader decides: keeping its recordings
// long-term (R14) or a shorter retention class (R13.2).
struct RetentionProposalInput {
  std::string kind;                  // "long_term" or "shorten"
  std::string trigger;               // R14.1 … R14.4, for long_term
  std::optional<RetentionClass> to;  // the shorter class, for shorten
  std::string reason;
};

struct RetentionProposal {
  int64_t id = 0;
  int64_t case_id = 0;
  RetentionProposalInput input;
  std::string state;        // "proposed", "approved" or "refused"
  std::string proposed_by;  // ledger names
  UnixMicros proposed_us = 0;
  std::string decided_by;
  std::optional<UnixMicros> decided_us;
  std::string decision;  // the principal leader's reason
};

// Removes the stored bytes of one original from the vault's backend. Called only after the
// blob's tombstone is committed; must succeed when the bytes are already gone. The vault's
// backends offer no removal by design, so the caller supplies this (see ExecuteDisposal).
using BlobRemover = std::function<Status(const std::string& sha256)>;

class RetentionService {
 public:
  explicit RetentionService(Context& ctx) : ctx_(ctx), cases_(ctx) {}

  // Marks the case's audio-visual records for long-term keeping at once (R14). Allowed to the
  // case's officers, its section's head and the principal leader; anyone else is refused and
  // logged. `trigger` is "R14.1" … "R14.4": InvalidArgument lists the valid ones, as it does
  // for a blank reason. NotFound for a case out of the actor's reach; FailedPrecondition for a
  // disposed case. One "case.long_term_raised" event; the raise is never undone.
  Status RaiseLongTerm(const Actor& actor, int64_t case_id, const std::string& trigger,
                       const std::string& reason);

  // Changes the case's retention class. Lengthening (10y → 30y → permanent) is allowed to the
  // case's officers, its section's head and archivist, and the principal leader. Shortening is
  // allowed only to the principal leader approving it themselves: `approved_by` must be the
  // actor's own id and the actor must hold that role; otherwise it is refused and logged.
  // InvalidArgument for a blank reason; FailedPrecondition when `to` is the current class or the
  // case is disposed. One "case.retention_changed" event.
  Status SetRetention(const Actor& actor, int64_t case_id, RetentionClass to,
                      const std::string& reason, const std::string& approved_by);

  // The case's retention changes, oldest first. NotFound for a case out of reach.
  Result<std::vector<RetentionChange>> History(const Actor& actor, int64_t case_id);

  // When the case's retention period ends: nullopt for a permanent or long-term case (never);
  // else the first Shanghai microsecond of the anniversary, N calendar years after the Shanghai
  // date it was archived (or, if not archived, ended). A 29 February start ends on 1 March, so
  // a period is never cut short. FailedPrecondition when the case has neither ended nor been
  // archived: its period has not begun.
  static Result<std::optional<UnixMicros>> ExpiresAt(const Case& c);

  // The archivist of the case's section proposes destroying an expired case (R17.5 forbids it
  // before). FailedPrecondition, naming the expiry date, before expiry; FailedPrecondition for a
  // permanent, long-term or disposed case, or one with a disposal already open. Every refusal
  // but a blank reason (InvalidArgument) is logged. Returns the disposal's id.
  Result<int64_t> ProposeDisposal(const Actor& actor, int64_t case_id, const std::string& reason);

  // The principal leader approves or refuses a proposed disposal, with a reason either way.
  // Anyone else is refused and logged; NotFound for an unknown disposal; FailedPrecondition,
  // logged, when it is not awaiting a decision or (approving) the case is no longer eligible.
  Status DecideDisposal(const Actor& actor, int64_t disposal_id, bool approve,
                        const std::string& reason);

  // The archivist of the case's section carries out an approved disposal. In one transaction:
  // every original of the case's text and audio-visual records that no other undisposed case
  // and no unassigned recording references gets a blob_tombstone row, the case gets
  // disposed_us, and one "case.disposed" event lists every tombstoned digest. Then `remove`
  // deletes each tombstoned blob's bytes. Eligibility is checked again first. Refusals (not
  // approved, executed already, wrong person, no longer eligible) are logged and change
  // nothing. When `remove` fails after the commit, the disposal stands and IOError names the
  // digests whose bytes remain (tombstoned blobs count as gone; their files are leftovers).
  Status ExecuteDisposal(const Actor& actor, int64_t disposal_id, const BlobRemover& remove);

  // A disposal, to those who may read its case; NotFound otherwise.
  Result<Disposal> GetDisposal(const Actor& actor, int64_t disposal_id);

  // Those who work on the case (its officers, its section's head and archivist) propose keeping
  // its recordings long-term or a shorter retention class; the principal leader decides, so
  // nobody but the leader shortens a period and a long-term mark one cannot raise oneself still
  // reaches the one who can. Anyone else is refused and logged. InvalidArgument for an unknown
  // kind or trigger, a class that is not shorter, or a blank reason; FailedPrecondition for a
  // disposed case, a case already kept long-term (long_term), or a proposal of the same kind
  // still open. One "retention.proposed" event; returns the proposal's id.
  Result<int64_t> ProposeRetention(const Actor& actor, int64_t case_id,
                                   const RetentionProposalInput& input);

  // The principal leader approves or refuses an open proposal, with a reason either way.
  // Approving applies it in the same transaction: the long-term mark or the shorter class, and a
  // row of the case's retention history with the leader as approver; one "retention.decided"
  // event records both. Anyone else is refused and logged; NotFound for an unknown proposal or a
  // case out of reach; FailedPrecondition, logged, when it is decided already or no longer
  // applies (the case was disposed, is kept long-term already, or is no longer longer).
  Status DecideRetention(const Actor& actor, int64_t proposal_id, bool approve,
                         const std::string& reason);

  // The case's proposals, newest first, to those who may read it; NotFound otherwise.
  Result<std::vector<RetentionProposal>> Proposals(const Actor& actor, int64_t case_id);

  // Every open proposal of the bureau, oldest first, for the principal leader; anyone else gets
  // an empty list (it is their own work list, not a refusal).
  Result<std::vector<RetentionProposal>> OpenProposals(const Actor& actor);

 private:
  Status CheckEligible(const Case& c);
  Result<Disposal> LoadDisposal(int64_t disposal_id);
  Result<RetentionProposal> LoadProposal(int64_t proposal_id);
  Status CheckProposal(const Case& c, const RetentionProposalInput& in);
  Status ApplyProposal(const Actor& leader, const Case& c, const RetentionProposal& p,
                       const std::string& reason, Json& detail);
  Result<Case> CaseOfDisposal(const Actor& actor, const Disposal& p);
  Result<std::vector<std::string>> DigestsToTombstone(int64_t case_id);
  Status InsertTombstones(const std::vector<std::string>& digests, int64_t disposal_id,
                          UnixMicros now);
  Status RemoveFiles(const std::vector<std::string>& digests, const BlobRemover& remove);

  Context& ctx_;
  CaseService cases_;
};

}  // namespace fullrecord::services
