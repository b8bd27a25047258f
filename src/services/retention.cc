// RetentionService: long-term keeping, retention classes, and the disposal of expired cases.
#include "services/retention.h"

#include <algorithm>
#include <array>

#include "services/retention_internal.h"

namespace fullrecord::services {
namespace retention_detail {

bool Blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

int Rank(RetentionClass r) {
  return r == RetentionClass::kPermanent ? 1'000'000 : RetentionYears(r);
}

Status InsertChange(Context& ctx, const RetentionChange& ch) {
  return ctx.db.Exec(
      "INSERT INTO retention_change (case_id, from_class, to_class, long_term, trigger, reason, "
      "actor, approved_by, at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {ch.case_id, std::string(RetentionCode(ch.from)), std::string(RetentionCode(ch.to)),
       int64_t{ch.long_term}, ch.trigger.empty() ? store::Value{} : ch.trigger, ch.reason, ch.actor,
       ch.approved_by.empty() ? store::Value{} : ch.approved_by, ch.at_us});
}

}  // namespace retention_detail

namespace {

using retention_detail::Blank;
using retention_detail::InsertChange;
using retention_detail::Rank;

constexpr const char* kRaiseEvent = "case.long_term_raised";
constexpr const char* kRetentionEvent = "case.retention_changed";
constexpr const char* kProposeEvent = "disposal.proposed";
constexpr const char* kDecideEvent = "disposal.decided";
constexpr const char* kExecuteEvent = "case.disposed";

constexpr std::array<const char*, 4> kDisposalStates = {"proposed", "approved", "refused",
                                                        "executed"};

bool IsOfficerOf(const Actor& actor, const Case& c) {
  return actor.Has(Role::kOfficer) &&
         std::find(c.officers.begin(), c.officers.end(), actor.id) != c.officers.end();
}

// Whether `actor` holds `role` in the case's own section.
bool HoldsInSection(const Actor& actor, const Case& c, Role role) {
  return actor.Has(role) && !actor.section.empty() && actor.section == c.section;
}

// The date `years` calendar years after `d`. 29 February becomes 1 March in a common year, so a
// period is rounded towards keeping longer.
Date AddYears(const Date& d, int years) {
  Date out{d.year + years, d.month, d.day};
  if (!out.IsValid()) out = {d.year + years, 3, 1};
  return out;
}

DisposalState ParseDisposalState(const std::string& code) {
  for (size_t i = 0; i < kDisposalStates.size(); ++i) {
    if (code == kDisposalStates[i]) return static_cast<DisposalState>(i);
  }
  return DisposalState::kProposed;  // unreachable: the service writes only the codes above
}

// As the web UI names the states.
const char* DisposalStateZh(DisposalState s) {
  constexpr std::array<const char*, 4> kNames = {"待审批", "已批准", "不予批准", "已销毁"};
  return kNames[static_cast<size_t>(s)];
}

std::string Optional(const store::Row& r, size_t i) {
  return r.IsNull(i) ? "" : r.Text(i);
}

Disposal DisposalFromRow(const store::Row& r) {
  Disposal p;
  p.id = r.Int(0);
  p.case_id = r.Int(1);
  p.state = ParseDisposalState(r.Text(2));
  p.reason = r.Text(3);
  p.proposed_by = r.Text(4);
  p.proposed_us = r.Int(5);
  p.decided_by = Optional(r, 6);
  p.decided_us = OptionalInt(r, 7);
  p.decision = Optional(r, 8);
  p.executed_by = Optional(r, 9);
  p.executed_us = OptionalInt(r, 10);
  return p;
}

// Lengthening: the case's officers, its section's head and archivist, the principal leader.
Status CheckLengthening(Context& ctx, const Actor& actor, const Case& c, const Json& detail) {
  if (MayChange(actor, c) || actor.Has(Role::kPrincipalLeader)) return Status::Ok();
  return Refuse(ctx, actor, kRetentionEvent, detail,
                Status::PermissionDenied("a retention period is lengthened by the case's "
                                         "officers, its section's head or archivist, or the "
                                         "principal leader",
                                         "只有本案执法人员、所属科室负责人或档案员、主要领导可以"
                                         "延长保管期限"));
}

// Shortening: only the principal leader, approving it in their own name.
Status CheckShortening(Context& ctx, const Actor& actor, const std::string& approved_by,
                       const Json& detail) {
  Status denied = Status::PermissionDenied(
      "shortening a retention period needs the principal leader's approval: the principal "
      "leader makes the change and names themselves as approver (R9.5, R17.5)",
      "缩短保管期限须经主要领导批准，由主要领导本人操作并作为批准人");
  if (approved_by.empty() || approved_by != actor.id || !actor.Has(Role::kPrincipalLeader)) {
    return Refuse(ctx, actor, kRetentionEvent, detail, denied);
  }

  // The approver's role is read from the store, not taken from the caller's Actor.
  FR_ASSIGN_OR_RETURN(
      auto rows, ctx.db.Query("SELECT 1 FROM person p JOIN person_role r ON r.person = p.id "
                              "WHERE p.id = ? AND p.active = 1 AND r.role = 'principal_leader'",
                              {approved_by}));
  if (rows.empty()) return Refuse(ctx, actor, kRetentionEvent, detail, denied);
  return Status::Ok();
}

}  // namespace

const char* DisposalStateCode(DisposalState s) {
  return kDisposalStates[static_cast<size_t>(s)];
}

Status RetentionService::RaiseLongTerm(const Actor& actor, int64_t case_id,
                                       const std::string& trigger, const std::string& reason) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  bool allowed = IsOfficerOf(actor, c) || HoldsInSection(actor, c, Role::kSectionHead) ||
                 actor.Has(Role::kPrincipalLeader);
  if (!allowed) {
    return Refuse(
        ctx_, actor, kRaiseEvent, {{"case", case_id}, {"trigger", trigger}},
        Status::PermissionDenied("long-term keeping is raised by the case's officers, "
                                 "its section's head or the principal leader (R14)",
                                 "只有本案执法人员、所属科室负责人或主要领导可以将录音录像"
                                 "列为长期保存"));
  }
  FR_ASSIGN_OR_RETURN(std::string code, ParseLongTermTrigger(trigger));
  if (Blank(reason)) {
    return Status::InvalidArgument("raising long-term keeping needs a reason (R14)",
                                   "列为长期保存须填写理由");
  }
  if (c.disposed_us) {
    return Status::FailedPrecondition("case " + c.number + " is disposed",
                                      "案件" + c.number + "已销毁，不能列为长期保存");
  }

  return Commit(ctx_, actor, kRaiseEvent, [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET long_term = 1 WHERE id = ?", {case_id}));
    FR_RETURN_IF_ERROR(InsertChange(ctx_, {.case_id = case_id,
                                           .from = c.retention,
                                           .to = c.retention,
                                           .long_term = true,
                                           .trigger = code,
                                           .reason = reason,
                                           .actor = actor.LedgerName(),
                                           .approved_by = "",
                                           .at_us = ctx_.now()}));
    d = {{"case", case_id},
         {"number", c.number},
         {"trigger", code},
         {"reason", reason},
         {"was_long_term", c.long_term}};
    return Status::Ok();
  });
}

Status RetentionService::SetRetention(const Actor& actor, int64_t case_id, RetentionClass to,
                                      const std::string& reason, const std::string& approved_by) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  bool shortening = Rank(to) < Rank(c.retention);
  Json detail = {{"case", case_id},
                 {"number", c.number},
                 {"from", RetentionCode(c.retention)},
                 {"to", RetentionCode(to)},
                 {"approved_by", approved_by}};
  FR_RETURN_IF_ERROR(shortening ? CheckShortening(ctx_, actor, approved_by, detail)
                                : CheckLengthening(ctx_, actor, c, detail));

  if (Blank(reason)) {
    return Status::InvalidArgument("a change of retention needs a reason",
                                   "变更保管期限须填写理由");
  }
  if (to == c.retention) {
    return Status::FailedPrecondition(
        "case " + c.number + " is already kept " + RetentionCode(to),
        "案件" + c.number + "的保管期限已是“" + RetentionNameZh(to) + "”，无需变更");
  }
  if (c.disposed_us) {
    return Status::FailedPrecondition("case " + c.number + " is disposed",
                                      "案件" + c.number + "已销毁，不能变更保管期限");
  }

  return Commit(ctx_, actor, kRetentionEvent, [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET retention = ? WHERE id = ?",
                                    {std::string(RetentionCode(to)), case_id}));
    FR_RETURN_IF_ERROR(InsertChange(ctx_, {.case_id = case_id,
                                           .from = c.retention,
                                           .to = to,
                                           .long_term = c.long_term,
                                           .trigger = "",
                                           .reason = reason,
                                           .actor = actor.LedgerName(),
                                           .approved_by = shortening ? approved_by : "",
                                           .at_us = ctx_.now()}));
    d = detail;
    d["reason"] = reason;
    d["shortened"] = shortening;
    if (!shortening) d.erase("approved_by");
    return Status::Ok();
  });
}

Result<std::vector<RetentionChange>> RetentionService::History(const Actor& actor,
                                                               int64_t case_id) {
  FR_RETURN_IF_ERROR(cases_.ReadableCase(actor, case_id).status());
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "SELECT id, from_class, to_class, long_term, trigger, reason, actor, approved_by, at_us "
          "FROM retention_change WHERE case_id = ? ORDER BY id",
          {case_id}));
  std::vector<RetentionChange> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int(0), case_id, ParseRetention(r.Text(1)).value(),
                   ParseRetention(r.Text(2)).value(), r.Int(3) != 0, Optional(r, 4), r.Text(5),
                   r.Text(6), Optional(r, 7), r.Int(8)});
  }
  return out;
}

Result<std::optional<UnixMicros>> RetentionService::ExpiresAt(const Case& c) {
  using Expiry = std::optional<UnixMicros>;
  if (c.retention == RetentionClass::kPermanent || c.long_term) return Expiry();
  std::optional<UnixMicros> start = c.archived_us ? c.archived_us : c.ended_us;
  if (!start) {
    return Status::FailedPrecondition(
        "case " + c.number +
            " has neither ended nor been "
            "archived: its retention period has not begun",
        "案件" + c.number + "尚未结束执法或归档，保管期限尚未开始计算");
  }

  // Beyond year 9999 there is no date to name; such a case is simply kept.
  Date end = AddYears(ShanghaiDate(*start), RetentionYears(c.retention));
  if (!end.IsValid()) return Expiry();
  return Expiry(ShanghaiStartOfDay(end));
}

Status RetentionService::CheckEligible(const Case& c) {
  if (c.disposed_us) {
    return Status::FailedPrecondition(
        "case " + c.number + " was disposed on " + ShanghaiDate(*c.disposed_us).ToString(),
        "案件" + c.number + "已于" + ShanghaiDate(*c.disposed_us).ToString() + "销毁");
  }
  if (c.retention == RetentionClass::kPermanent || c.long_term) {
    return Status::FailedPrecondition(
        "case " + c.number + " is never disposed: " +
            (c.long_term ? std::string("its audio-visual records are kept long-term (R14)")
                         : std::string("it is kept permanently (永久)")),
        "案件" + c.number +
            (c.long_term ? "的录音录像已列为长期保存，不得销毁" : "为永久保管，不得销毁"));
  }
  FR_ASSIGN_OR_RETURN(auto expiry, ExpiresAt(c));
  if (expiry && ctx_.now() >= *expiry) return Status::Ok();
  return Status::FailedPrecondition(
      "case " + c.number + " is kept " + RetentionCode(c.retention) +
          (expiry ? "; it may be disposed from " + ShanghaiDate(*expiry).ToString() : "") +
          ", not before (R9.5, R17.5)",
      "案件" + c.number + "的保管期限为“" + RetentionNameZh(c.retention) + "”" +
          (expiry ? "，" + ShanghaiDate(*expiry).ToString() + "起方可销毁"
                  : "，保管期满前不得销毁"));
}

Result<int64_t> RetentionService::ProposeDisposal(const Actor& actor, int64_t case_id,
                                                  const std::string& reason) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  Json detail = {{"case", case_id}, {"number", c.number}};
  if (!HoldsInSection(actor, c, Role::kArchivist)) {
    return Refuse(
        ctx_, actor, kProposeEvent, detail,
        Status::PermissionDenied("only the archivist of section " + c.section +
                                     " proposes disposing of its cases (R11.1)",
                                 "只有科室“" + c.section + "”的档案员可以申请销毁本科室案卷"));
  }
  if (Blank(reason)) {
    return Status::InvalidArgument("a disposal needs a reason", "销毁申请须填写理由");
  }
  Status eligible = CheckEligible(c);
  if (!eligible.ok()) return Refuse(ctx_, actor, kProposeEvent, detail, eligible);

  // One disposal at a time per case.
  FR_ASSIGN_OR_RETURN(
      auto open,
      ctx_.db.Query(
          "SELECT id, state FROM disposal WHERE case_id = ? AND state IN ('proposed', 'approved')",
          {case_id}));
  if (!open.empty()) {
    return Refuse(
        ctx_, actor, kProposeEvent, detail,
        Status::FailedPrecondition("disposal " + std::to_string(open[0].Int(0)) + " of case " +
                                       c.number + " is already " + open[0].Text(1),
                                   "案件" + c.number + "已有一项销毁申请（ID：" +
                                       std::to_string(open[0].Int(0)) + "）处于“" +
                                       DisposalStateZh(ParseDisposalState(open[0].Text(1))) +
                                       "”状态，不能重复申请"));
  }

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, kProposeEvent, [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(
        ctx_.db.Exec("INSERT INTO disposal (case_id, state, reason, proposed_by, proposed_us) "
                     "VALUES (?, 'proposed', ?, ?, ?)",
                     {case_id, reason, actor.LedgerName(), ctx_.now()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = detail;
    d["disposal"] = id;
    d["reason"] = reason;
    d["retention"] = RetentionCode(c.retention);
    return Status::Ok();
  }));
  return id;
}

Result<Disposal> RetentionService::LoadDisposal(int64_t disposal_id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "SELECT id, case_id, state, reason, proposed_by, proposed_us, decided_by, decided_us, "
          "decision, executed_by, executed_us FROM disposal WHERE id = ?",
          {disposal_id}));
  if (rows.empty()) {
    return Status::NotFound("no disposal " + std::to_string(disposal_id),
                            "销毁申请不存在或无权查看（ID：" + std::to_string(disposal_id) + "）");
  }
  return DisposalFromRow(rows[0]);
}

Result<Case> RetentionService::CaseOfDisposal(const Actor& actor, const Disposal& p) {
  auto c = cases_.ReadableCase(actor, p.case_id);
  if (!c.ok() && c.status().IsNotFound()) {
    return Status::NotFound("no disposal " + std::to_string(p.id),
                            "销毁申请不存在或无权查看（ID：" + std::to_string(p.id) + "）");
  }
  return c;
}

Result<Disposal> RetentionService::GetDisposal(const Actor& actor, int64_t disposal_id) {
  FR_ASSIGN_OR_RETURN(Disposal p, LoadDisposal(disposal_id));
  FR_RETURN_IF_ERROR(CaseOfDisposal(actor, p).status());
  return p;
}

Status RetentionService::DecideDisposal(const Actor& actor, int64_t disposal_id, bool approve,
                                        const std::string& reason) {
  FR_ASSIGN_OR_RETURN(Disposal p, LoadDisposal(disposal_id));
  FR_ASSIGN_OR_RETURN(Case c, CaseOfDisposal(actor, p));
  const char* decision = approve ? "approved" : "refused";
  Json detail = {
      {"disposal", disposal_id}, {"case", c.id}, {"number", c.number}, {"decision", decision}};
  if (!actor.Has(Role::kPrincipalLeader)) {
    return Refuse(ctx_, actor, kDecideEvent, detail,
                  Status::PermissionDenied("only the principal leader (主要领导) decides a "
                                           "disposal",
                                           "只有主要领导可以审批销毁申请"));
  }
  if (Blank(reason)) {
    return Status::InvalidArgument("a decision on a disposal needs a reason",
                                   "审批销毁申请须填写意见");
  }
  if (p.state != DisposalState::kProposed) {
    return Refuse(
        ctx_, actor, kDecideEvent, detail,
        Status::FailedPrecondition("disposal " + std::to_string(disposal_id) + " is " +
                                       DisposalStateCode(p.state) + ", not awaiting a decision",
                                   "该销毁申请（ID：" + std::to_string(disposal_id) + "）状态为“" +
                                       DisposalStateZh(p.state) + "”，不能重复审批"));
  }
  Status eligible = approve ? CheckEligible(c) : Status::Ok();
  if (!eligible.ok()) return Refuse(ctx_, actor, kDecideEvent, detail, eligible);

  return Commit(ctx_, actor, kDecideEvent, [&](Json& d) {
    d = detail;
    d["reason"] = reason;
    return ctx_.db.Exec(
        "UPDATE disposal SET state = ?, decided_by = ?, decided_us = ?, decision = ? "
        "WHERE id = ? AND state = 'proposed'",
        {std::string(decision), actor.LedgerName(), ctx_.now(), reason, disposal_id});
  });
}

// The case's originals not yet tombstoned that nothing else still needs: no other case that is
// not disposed, and no recording not yet tied to any case.
Result<std::vector<std::string>> RetentionService::DigestsToTombstone(int64_t case_id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "WITH mine(sha) AS ("
          "  SELECT blob_sha256 FROM text_record WHERE case_id = ? AND blob_sha256 IS NOT NULL"
          "  UNION SELECT s.blob_sha256 FROM av_segment s JOIN av_record a ON a.id = s.av_id"
          "  WHERE a.case_id = ?), "
          "needed(sha) AS ("
          "  SELECT t.blob_sha256 FROM text_record t JOIN case_file c ON c.id = t.case_id"
          "  WHERE t.case_id <> ? AND c.disposed_us IS NULL AND t.blob_sha256 IS NOT NULL"
          "  UNION SELECT s.blob_sha256 FROM av_segment s JOIN av_record a ON a.id = s.av_id"
          "  LEFT JOIN case_file c ON c.id = a.case_id"
          "  WHERE a.case_id IS NULL OR (a.case_id <> ? AND c.disposed_us IS NULL)) "
          "SELECT sha FROM mine WHERE sha NOT IN (SELECT sha FROM needed) "
          "AND sha NOT IN (SELECT sha256 FROM blob_tombstone) ORDER BY sha",
          {case_id, case_id, case_id, case_id}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status RetentionService::InsertTombstones(const std::vector<std::string>& digests,
                                          int64_t disposal_id, UnixMicros now) {
  // Inside the transaction the ledger's size is the sequence number of the event that Commit
  // appends next: the "case.disposed" event that names these tombstones.
  FR_ASSIGN_OR_RETURN(uint64_t seq, ctx_.ledger.Size());
  for (const auto& sha : digests) {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO blob_tombstone (sha256, disposal_id, at_us, ledger_seq) VALUES (?, ?, ?, ?)",
        {sha, disposal_id, now, static_cast<int64_t>(seq)}));
  }
  return Status::Ok();
}

Status RetentionService::RemoveFiles(const std::vector<std::string>& digests,
                                     const BlobRemover& remove) {
  std::string remaining;
  for (const auto& sha : digests) {
    Status s = remove(sha);
    if (!s.ok()) remaining += (remaining.empty() ? "" : "; ") + sha + " (" + s.ToString() + ")";
  }
  if (remaining.empty()) return Status::Ok();
  return Status::IOError(
      "the disposal is recorded and its originals are tombstoned, but these "
      "files remain and must be removed by hand: " +
      remaining);
}

Status RetentionService::ExecuteDisposal(const Actor& actor, int64_t disposal_id,
                                         const BlobRemover& remove) {
  if (!remove) return Status::InvalidArgument("executing a disposal needs a blob remover");
  FR_ASSIGN_OR_RETURN(Disposal p, LoadDisposal(disposal_id));
  FR_ASSIGN_OR_RETURN(Case c, CaseOfDisposal(actor, p));
  Json detail = {{"disposal", disposal_id}, {"case", c.id}, {"number", c.number}};
  if (!HoldsInSection(actor, c, Role::kArchivist)) {
    return Refuse(
        ctx_, actor, kExecuteEvent, detail,
        Status::PermissionDenied("only the archivist of section " + c.section +
                                     " executes a disposal of its cases (R11.1)",
                                 "只有科室“" + c.section + "”的档案员可以执行本科室案卷的销毁"));
  }
  if (p.state != DisposalState::kApproved) {
    return Refuse(
        ctx_, actor, kExecuteEvent, detail,
        Status::FailedPrecondition(
            "disposal " + std::to_string(disposal_id) + " is " + DisposalStateCode(p.state) +
                "; only a disposal "
                "the principal leader approved is executed",
            "该销毁申请（ID：" + std::to_string(disposal_id) + "）状态为“" +
                DisposalStateZh(p.state) + "”，只有经主要领导批准的销毁申请才能执行"));
  }
  Status eligible = CheckEligible(c);
  if (!eligible.ok()) return Refuse(ctx_, actor, kExecuteEvent, detail, eligible);

  std::vector<std::string> digests;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, kExecuteEvent, [&](Json& d) -> Status {
    FR_ASSIGN_OR_RETURN(digests, DigestsToTombstone(c.id));
    UnixMicros now = ctx_.now();
    FR_RETURN_IF_ERROR(InsertTombstones(digests, disposal_id, now));
    FR_RETURN_IF_ERROR(
        ctx_.db.Exec("UPDATE case_file SET disposed_us = ? WHERE id = ?", {now, c.id}));
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "UPDATE disposal SET state = 'executed', executed_by = ?, executed_us = ? WHERE id = ?",
        {actor.LedgerName(), now, disposal_id}));
    d = detail;
    d["approved_by"] = p.decided_by;
    d["retention"] = RetentionCode(c.retention);
    d["removed"] = digests;
    return Status::Ok();
  }));

  // The bytes go only after the tombstones are durable: a crash in between leaves a leftover
  // file that is recorded as gone, never a missing original that nothing accounts for.
  return RemoveFiles(digests, remove);
}

}  // namespace fullrecord::services
