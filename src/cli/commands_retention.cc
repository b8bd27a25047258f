// retention (R13.2, R14) and disposal (R17.5): how long a case file is kept, and the only way
// an original leaves the vault.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/actor.h"
#include "cli/case_view.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/retention.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct RetentionArgs {
  std::string case_ref, trigger, retention, reason, approved_by, id, decision;
  std::string long_term, shorten;  // retention propose: one of the two
};

// retention raise / set / history

Status RetentionRaise(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.case_ref));
  FR_RETURN_IF_ERROR(RetentionService(s.ctx()).RaiseLongTerm(s.actor, id, a.trigger, a.reason));
  PrintDone(s, "case " + std::to_string(id) + ": recordings kept long-term (" + a.trigger + ")",
            {{"case", id}, {"trigger", a.trigger}});
  return Status::Ok();
}

Status RetentionSet(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.case_ref));
  FR_ASSIGN_OR_RETURN(RetentionClass to, ParseRetention(a.retention));
  FR_RETURN_IF_ERROR(
      RetentionService(s.ctx()).SetRetention(s.actor, id, to, a.reason, a.approved_by));
  PrintDone(s, "case " + std::to_string(id) + " retention: " + RetentionNameZh(to),
            {{"case", id}, {"retention", RetentionCode(to)}});
  return Status::Ok();
}

// retention propose / decide: proposals the principal leader decides

Status RetentionPropose(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t case_id, ResolveCase(s, a.case_ref));
  if (a.long_term.empty() == a.shorten.empty()) {
    return Status::InvalidArgument("name one of --long-term R14.x and --shorten CLASS",
                                   "请在 --long-term 与 --shorten 中选择一项");
  }
  RetentionProposalInput in{a.long_term.empty() ? "shorten" : "long_term", a.long_term,
                            std::nullopt, a.reason};
  if (!a.shorten.empty()) {
    FR_ASSIGN_OR_RETURN(in.to, ParseRetention(a.shorten));
  }
  FR_ASSIGN_OR_RETURN(int64_t id,
                      RetentionService(s.ctx()).ProposeRetention(s.actor, case_id, in));
  if (s.json()) {
    PrintJson({{"id", id}, {"case", case_id}, {"kind", in.kind}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

Status RetentionDecide(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "retention proposal"));
  if (a.decision != "approve" && a.decision != "refuse") {
    return Status::InvalidArgument("decision \"" + a.decision + "\" must be approve or refuse");
  }
  bool approve = a.decision == "approve";
  FR_RETURN_IF_ERROR(RetentionService(s.ctx()).DecideRetention(s.actor, id, approve, a.reason));
  PrintDone(s, "retention proposal " + a.id + (approve ? " approved" : " refused"),
            {{"id", id}, {"approved", approve}});
  return Status::Ok();
}

// "2036-12-03 00:00", "never", or why it is not known yet.
std::string ExpiryText(const Case& c, Json& json) {
  auto expires = RetentionService::ExpiresAt(c);
  if (!expires.ok()) {
    json = Json();
    return expires.status().message();
  }
  json = TimeJson(*expires);
  return *expires ? LocalTime(**expires) : "never (permanent or long-term)";
}

Status RetentionHistory(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.case_ref));
  FR_ASSIGN_OR_RETURN(Case c, CaseService(s.ctx()).Get(s.actor, id));
  FR_ASSIGN_OR_RETURN(auto history, RetentionService(s.ctx()).History(s.actor, id));
  Json expires_json;
  std::string expires = ExpiryText(c, expires_json);

  Json changes = Json::array();
  Table table({"时间", "原期限", "新期限", "长期", "依据", "理由", "操作人", "批准人"});
  for (const auto& h : history) {
    changes.push_back({{"id", h.id},
                       {"from", RetentionCode(h.from)},
                       {"to", RetentionCode(h.to)},
                       {"long_term", h.long_term},
                       {"trigger", h.trigger},
                       {"reason", h.reason},
                       {"actor", h.actor},
                       {"approved_by", h.approved_by},
                       {"at", FormatUtc(h.at_us)}});
    table.AddRow({LocalTime(h.at_us), RetentionNameZh(h.from), RetentionNameZh(h.to),
                  h.long_term ? "是" : "否", h.trigger, h.reason, h.actor, h.approved_by});
  }
  if (s.json()) {
    PrintJson({{"case", id},
               {"retention", RetentionCode(c.retention)},
               {"long_term", c.long_term},
               {"expires", expires_json},
               {"changes", changes}});
    return Status::Ok();
  }
  std::printf("case %lld %s: %s%s, expires %s\n", static_cast<long long>(id), c.number.c_str(),
              RetentionNameZh(c.retention), c.long_term ? " (长期保存)" : "", expires.c_str());
  table.Print();
  return Status::Ok();
}

void AddRetention(CLI::App& app, const GlobalOptions& g, int& code,
                  const std::shared_ptr<RetentionArgs>& a) {
  auto* cmd = app.add_subcommand("retention", "保管期限: how long a case file is kept");
  cmd->require_subcommand(1);

  auto* raise = cmd->add_subcommand("raise", "keep the case's recordings long-term (R14)");
  raise->add_option("CASE", a->case_ref, "case id or number")->required();
  raise->add_option("TRIGGER", a->trigger, "R14.1, R14.2, R14.3 or R14.4")->required();
  raise->add_option("--reason", a->reason)->required();
  OnRun(raise, g, code, [a](Session& s) { return RetentionRaise(s, *a); });

  auto* set = cmd->add_subcommand("set", "change the retention class (R13.2)");
  set->add_option("CASE", a->case_ref, "case id or number")->required();
  set->add_option("CLASS", a->retention, "10y, 30y or permanent")->required();
  set->add_option("--reason", a->reason)->required();
  set->add_option("--approved-by", a->approved_by, "principal leader approving a shortening");
  OnRun(set, g, code, [a](Session& s) { return RetentionSet(s, *a); });

  auto* propose = cmd->add_subcommand(
      "propose", "propose long-term keeping or a shorter class for the principal leader");
  propose->add_option("CASE", a->case_ref, "case id or number")->required();
  propose->add_option("--long-term", a->long_term, "R14.1, R14.2, R14.3 or R14.4");
  propose->add_option("--shorten", a->shorten, "the shorter class: 10y or 30y");
  propose->add_option("--reason", a->reason)->required();
  OnRun(propose, g, code, [a](Session& s) { return RetentionPropose(s, *a); });

  auto* decide = cmd->add_subcommand("decide", "decide a retention proposal (principal leader)");
  decide->add_option("ID", a->id, "proposal id")->required();
  decide->add_option("DECISION", a->decision, "approve or refuse")->required();
  decide->add_option("--reason", a->reason)->required();
  OnRun(decide, g, code, [a](Session& s) { return RetentionDecide(s, *a); });

  auto* history = cmd->add_subcommand("history", "retention changes and the expiry date");
  history->add_option("CASE", a->case_ref, "case id or number")->required();
  OnRun(history, g, code, [a](Session& s) { return RetentionHistory(s, *a); });
}

// disposal propose / decide / execute / show

Status DisposalPropose(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t case_id, ResolveCase(s, a.case_ref));
  FR_ASSIGN_OR_RETURN(int64_t id,
                      RetentionService(s.ctx()).ProposeDisposal(s.actor, case_id, a.reason));
  if (s.json()) {
    PrintJson({{"id", id}, {"case", case_id}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

Status DisposalDecide(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "disposal"));
  if (a.decision != "approve" && a.decision != "refuse") {
    return Status::InvalidArgument("decision \"" + a.decision + "\" must be approve or refuse");
  }
  bool approve = a.decision == "approve";
  FR_RETURN_IF_ERROR(RetentionService(s.ctx()).DecideDisposal(s.actor, id, approve, a.reason));
  PrintDone(s, "disposal " + a.id + (approve ? " approved" : " refused"),
            {{"id", id}, {"approved", approve}});
  return Status::Ok();
}

Status DisposalExecute(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "disposal"));
  FR_RETURN_IF_ERROR(RetentionService(s.ctx()).ExecuteDisposal(
      s.actor, id,
      [&s](const std::string& sha) { return s.store->vault().RemoveTombstoned(sha); }));
  PrintDone(s, "disposal " + a.id + " executed", {{"id", id}});
  return Status::Ok();
}

Status DisposalShow(Session& s, const RetentionArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "disposal"));
  FR_ASSIGN_OR_RETURN(Disposal d, RetentionService(s.ctx()).GetDisposal(s.actor, id));
  if (s.json()) {
    PrintJson({{"id", d.id},
               {"case", d.case_id},
               {"state", DisposalStateCode(d.state)},
               {"reason", d.reason},
               {"proposed_by", d.proposed_by},
               {"proposed", FormatUtc(d.proposed_us)},
               {"decided_by", d.decided_by},
               {"decided", TimeJson(d.decided_us)},
               {"decision", d.decision},
               {"executed_by", d.executed_by},
               {"executed", TimeJson(d.executed_us)}});
    return Status::Ok();
  }
  std::printf("disposal %lld  case %lld  %s\n  proposed %s by %s: %s\n",
              static_cast<long long>(d.id), static_cast<long long>(d.case_id),
              DisposalStateCode(d.state), LocalTime(d.proposed_us).c_str(), d.proposed_by.c_str(),
              d.reason.c_str());
  if (d.decided_us) {
    std::printf("  decided %s by %s: %s\n", LocalTime(d.decided_us).c_str(), d.decided_by.c_str(),
                d.decision.c_str());
  }
  if (d.executed_us) {
    std::printf("  executed %s by %s\n", LocalTime(d.executed_us).c_str(), d.executed_by.c_str());
  }
  return Status::Ok();
}

void AddDisposal(CLI::App& app, const GlobalOptions& g, int& code,
                 const std::shared_ptr<RetentionArgs>& a) {
  auto* cmd = app.add_subcommand("disposal", "销毁: destroying an expired case file (R17.5)");
  cmd->require_subcommand(1);

  auto* propose = cmd->add_subcommand("propose", "the archivist proposes; prints the id");
  propose->add_option("CASE", a->case_ref, "case id or number")->required();
  propose->add_option("--reason", a->reason)->required();
  OnRun(propose, g, code, [a](Session& s) { return DisposalPropose(s, *a); });

  auto* decide = cmd->add_subcommand("decide", "the principal leader approves or refuses");
  decide->add_option("ID", a->id)->required();
  decide->add_option("DECISION", a->decision, "approve or refuse")->required();
  decide->add_option("--reason", a->reason)->required();
  OnRun(decide, g, code, [a](Session& s) { return DisposalDecide(s, *a); });

  auto* execute = cmd->add_subcommand("execute", "the archivist removes the originals");
  execute->add_option("ID", a->id)->required();
  OnRun(execute, g, code, [a](Session& s) { return DisposalExecute(s, *a); });

  auto* show = cmd->add_subcommand("show", "one disposal");
  show->add_option("ID", a->id)->required();
  OnRun(show, g, code, [a](Session& s) { return DisposalShow(s, *a); });
}

}  // namespace

void AddRetentionCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<RetentionArgs>();
  AddRetention(app, g, code, a);
  AddDisposal(app, g, code, a);
}

}  // namespace fullrecord::cli
