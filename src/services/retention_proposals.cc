// RetentionService: proposals on a case's retention that the principal leader decides.
#include "services/retention.h"
#include "services/retention_internal.h"

namespace fullrecord::services {
namespace {

using retention_detail::Blank;
using retention_detail::InsertChange;
using retention_detail::Rank;

constexpr const char* kProposeEvent = "retention.proposed";
constexpr const char* kDecideEvent = "retention.decided";

constexpr const char* kSelectProposal =
    "SELECT id, case_id, kind, trigger, to_class, reason, state, proposed_by, proposed_us, "
    "decided_by, decided_us, decision FROM retention_proposal";

std::string TextOr(const store::Row& r, size_t i) {
  return r.IsNull(i) ? "" : r.Text(i);
}

RetentionProposal ProposalFromRow(const store::Row& r) {
  RetentionProposal p;
  p.id = r.Int(0);
  p.case_id = r.Int(1);
  p.input.kind = r.Text(2);
  p.input.trigger = TextOr(r, 3);
  if (!r.IsNull(4)) p.input.to = ParseRetention(r.Text(4)).value();
  p.input.reason = r.Text(5);
  p.state = r.Text(6);
  p.proposed_by = r.Text(7);
  p.proposed_us = r.Int(8);
  p.decided_by = TextOr(r, 9);
  p.decided_us = OptionalInt(r, 10);
  p.decision = r.Text(11);
  return p;
}

const char* KindZh(const std::string& kind) {
  return kind == "long_term" ? "长期保存" : "缩短保管期限";
}

}  // namespace

Status RetentionService::CheckProposal(const Case& c, const RetentionProposalInput& in) {
  if (c.disposed_us) {
    return Status::FailedPrecondition("case " + c.number + " is disposed",
                                      "案件" + c.number + "已销毁，不能变更保管期限");
  }
  if (in.kind == "long_term") {
    if (c.long_term) {
      return Status::FailedPrecondition("case " + c.number + " is kept long-term already",
                                        "案件" + c.number + "已列为长期保存");
    }
    return Status::Ok();
  }
  if (!in.to || Rank(*in.to) >= Rank(c.retention)) {
    return Status::FailedPrecondition(
        "case " + c.number + " is kept " + std::string(RetentionCode(c.retention)) +
            "; a proposal to shorten it must name a shorter class",
        "案件" + c.number + "的保管期限为" + RetentionNameZh(c.retention) +
            "，缩短申请须选择更短的保管期限");
  }
  return Status::Ok();
}

Result<int64_t> RetentionService::ProposeRetention(const Actor& actor, int64_t case_id,
                                                   const RetentionProposalInput& input) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  Json detail = {{"case", case_id}, {"number", c.number}, {"kind", input.kind}};
  if (!MayChange(actor, c)) {
    return Refuse(ctx_, actor, kProposeEvent, detail,
                  Status::PermissionDenied("retention proposals come from the case's officers "
                                           "and its section's head and archivist",
                                           "只有本案执法人员、所属科室负责人或档案员可以提出"
                                           "保管期限申请"));
  }

  // What is proposed, checked before anything is written.
  RetentionProposalInput in = input;
  if (in.kind == "long_term") {
    FR_ASSIGN_OR_RETURN(in.trigger, ParseLongTermTrigger(in.trigger));
    in.to.reset();
  } else if (in.kind == "shorten") {
    in.trigger.clear();
  } else {
    return Status::InvalidArgument(
        "unknown retention proposal \"" + in.kind + "\"; use long_term or shorten",
        "保管期限申请类型“" + in.kind + "”无效，应为长期保存或缩短保管期限");
  }
  if (Blank(in.reason)) {
    return Status::InvalidArgument("a retention proposal needs a reason", "保管期限申请须填写理由");
  }
  Status applies = CheckProposal(c, in);
  if (!applies.ok()) return Refuse(ctx_, actor, kProposeEvent, detail, applies);
  FR_ASSIGN_OR_RETURN(auto open, ctx_.db.Query("SELECT id FROM retention_proposal WHERE case_id "
                                               "= ? AND kind = ? AND state = 'proposed'",
                                               {case_id, in.kind}));
  if (!open.empty()) {
    std::string id = std::to_string(open[0].Int(0));
    return Refuse(ctx_, actor, kProposeEvent, detail,
                  Status::FailedPrecondition("case " + c.number + " has proposal " + id +
                                                 " of this kind awaiting a decision",
                                             "案件" + c.number + "已有一项" + KindZh(in.kind) +
                                                 "申请（ID：" + id + "）待审批，不能重复申请"));
  }

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, kProposeEvent, [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO retention_proposal (case_id, kind, trigger, to_class, reason, proposed_by, "
        "proposed_us, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed')",
        {case_id, in.kind, in.trigger.empty() ? store::Value{} : in.trigger,
         in.to ? store::Value{std::string(RetentionCode(*in.to))} : store::Value{}, in.reason,
         actor.LedgerName(), ctx_.now()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = detail;
    d["proposal"] = id;
    d["trigger"] = in.trigger;
    d["to"] = in.to ? RetentionCode(*in.to) : "";
    d["reason"] = in.reason;
    return Status::Ok();
  }));
  return id;
}

Result<RetentionProposal> RetentionService::LoadProposal(int64_t proposal_id) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query(std::string(kSelectProposal) + " WHERE id = ?", {proposal_id}));
  if (rows.empty()) {
    return Status::NotFound("no retention proposal " + std::to_string(proposal_id),
                            "未找到该保管期限申请");
  }
  return ProposalFromRow(rows[0]);
}

// The change an approved proposal makes, in the decision's transaction.
Status RetentionService::ApplyProposal(const Actor& leader, const Case& c,
                                       const RetentionProposal& p, const std::string& reason,
                                       Json& detail) {
  bool long_term = p.input.kind == "long_term";
  RetentionClass to = long_term ? c.retention : *p.input.to;
  if (long_term) {
    FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET long_term = 1 WHERE id = ?", {c.id}));
  } else {
    FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET retention = ? WHERE id = ?",
                                    {std::string(RetentionCode(to)), c.id}));
  }
  detail["from"] = RetentionCode(c.retention);
  detail["to"] = RetentionCode(to);
  detail["long_term"] = long_term || c.long_term;
  return InsertChange(ctx_, {.case_id = c.id,
                             .from = c.retention,
                             .to = to,
                             .long_term = long_term || c.long_term,
                             .trigger = p.input.trigger,
                             .reason = p.input.reason + "（主要领导意见：" + reason + "）",
                             .actor = leader.LedgerName(),
                             .approved_by = leader.id,
                             .at_us = ctx_.now()});
}

Status RetentionService::DecideRetention(const Actor& actor, int64_t proposal_id, bool approve,
                                         const std::string& reason) {
  FR_ASSIGN_OR_RETURN(RetentionProposal p, LoadProposal(proposal_id));
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, p.case_id));
  const char* decision = approve ? "approved" : "refused";
  Json detail = {{"proposal", proposal_id},
                 {"case", c.id},
                 {"number", c.number},
                 {"kind", p.input.kind},
                 {"decision", decision}};
  if (!actor.Has(Role::kPrincipalLeader)) {
    return Refuse(ctx_, actor, kDecideEvent, detail,
                  Status::PermissionDenied("only the principal leader (主要领导) decides a "
                                           "retention proposal",
                                           "只有主要领导可以审批保管期限申请"));
  }
  if (Blank(reason)) {
    return Status::InvalidArgument("a decision on a retention proposal needs a reason",
                                   "审批保管期限申请须填写意见");
  }
  if (p.state != "proposed") {
    return Refuse(ctx_, actor, kDecideEvent, detail,
                  Status::FailedPrecondition("retention proposal " + std::to_string(proposal_id) +
                                                 " is " + p.state + ", not awaiting a decision",
                                             "该保管期限申请（ID：" + std::to_string(proposal_id) +
                                                 "）已审批，不能重复审批"));
  }
  Status applies = approve ? CheckProposal(c, p.input) : Status::Ok();
  if (!applies.ok()) return Refuse(ctx_, actor, kDecideEvent, detail, applies);

  return Commit(ctx_, actor, kDecideEvent, [&](Json& d) -> Status {
    d = detail;
    d["reason"] = reason;
    if (approve) FR_RETURN_IF_ERROR(ApplyProposal(actor, c, p, reason, d));
    return ctx_.db.Exec(
        "UPDATE retention_proposal SET state = ?, decided_by = ?, decided_us = ?, decision = ? "
        "WHERE id = ? AND state = 'proposed'",
        {std::string(decision), actor.LedgerName(), ctx_.now(), reason, proposal_id});
  });
}

Result<std::vector<RetentionProposal>> RetentionService::Proposals(const Actor& actor,
                                                                   int64_t case_id) {
  FR_RETURN_IF_ERROR(cases_.ReadableCase(actor, case_id).status());
  FR_ASSIGN_OR_RETURN(
      auto rows, ctx_.db.Query(std::string(kSelectProposal) + " WHERE case_id = ? ORDER BY id DESC",
                               {case_id}));
  std::vector<RetentionProposal> out;
  for (const auto& r : rows) out.push_back(ProposalFromRow(r));
  return out;
}

Result<std::vector<RetentionProposal>> RetentionService::OpenProposals(const Actor& actor) {
  std::vector<RetentionProposal> out;
  if (!actor.Has(Role::kPrincipalLeader)) return out;
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectProposal) +
                                               " WHERE state = 'proposed' ORDER BY id"));
  for (const auto& r : rows) out.push_back(ProposalFromRow(r));
  return out;
}

}  // namespace fullrecord::services
