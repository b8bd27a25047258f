// case: opening a case, its stages (R3.1), officers, flags, on-site times and end (R13.1).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/actor.h"
#include "cli/case_view.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/cases.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct CaseArgs {
  std::string ref;  // ID or number
  std::string number, kind, title, section, classification = "ordinary", retention = "30y";
  std::vector<std::string> officers, parties, flags;
  std::string onsite_start, onsite_end;
  std::string stage, reason, at, person;
  std::string officer, text;  // list filters
  int limit = 20, offset = 0;
};

// case open

Status ParseOnsite(const CaseArgs& a, CaseInput& in) {
  if (a.onsite_start.empty() != a.onsite_end.empty()) {
    return Status::InvalidArgument("give both --onsite-start and --onsite-end, or neither");
  }
  if (a.onsite_start.empty()) return Status::Ok();
  FR_ASSIGN_OR_RETURN(in.onsite_start_us, ParseTime(a.onsite_start, "--onsite-start"));
  FR_ASSIGN_OR_RETURN(in.onsite_end_us, ParseTime(a.onsite_end, "--onsite-end"));
  return Status::Ok();
}

Result<CaseInput> ParseCaseInput(const CaseArgs& a) {
  CaseInput in;
  in.number = a.number;
  in.title = a.title;
  in.section = a.section;
  FR_ASSIGN_OR_RETURN(in.kind, ParseCaseKind(a.kind));
  FR_ASSIGN_OR_RETURN(in.classification, ParseClassification(a.classification));
  FR_ASSIGN_OR_RETURN(in.retention, ParseRetention(a.retention));
  in.officers = a.officers;
  for (const auto& name : a.parties) in.parties.push_back({name, "person", ""});
  in.flags.insert(a.flags.begin(), a.flags.end());
  FR_RETURN_IF_ERROR(ParseOnsite(a, in));
  return in;
}

Status CaseOpen(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(CaseInput in, ParseCaseInput(a));
  FR_ASSIGN_OR_RETURN(int64_t id, CaseService(s.ctx()).Create(s.actor, in));
  if (s.json()) {
    PrintJson({{"id", id}, {"number", in.number}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

// case list

Result<CaseFilter> ParseFilter(const CaseArgs& a) {
  CaseFilter f;
  if (!a.kind.empty()) {
    FR_ASSIGN_OR_RETURN(f.kind, ParseCaseKind(a.kind));
  }
  if (!a.stage.empty()) {
    FR_ASSIGN_OR_RETURN(f.stage, ParseStage(a.stage));
  }
  f.officer = a.officer;
  f.section = a.section;
  f.text = a.text;
  f.limit = a.limit;
  f.offset = a.offset;
  return f;
}

Status CaseList(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(CaseFilter filter, ParseFilter(a));
  FR_ASSIGN_OR_RETURN(CasePage page, CaseService(s.ctx()).List(s.actor, filter));
  if (s.json()) {
    Json cases = Json::array();
    for (const auto& c : page.cases) cases.push_back(CaseJson(c));
    PrintJson({{"total", page.total}, {"offset", filter.offset}, {"cases", cases}});
    return Status::Ok();
  }
  Table table({"ID", "案号", "类型", "阶段", "标题", "科室"});
  for (const auto& c : page.cases) {
    table.AddRow({std::to_string(c.id), c.number, CaseKindNameZh(c.kind), StageNameZh(c.stage),
                  c.title, c.section});
  }
  table.Print();
  std::printf("%zu of %lld cases\n", page.cases.size(), static_cast<long long>(page.total));
  return Status::Ok();
}

// case advance / back / end / officer / flags / onsite / archived

Status CaseStage(Session& s, const CaseArgs& a, bool backward) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  FR_ASSIGN_OR_RETURN(Stage to, ParseStage(a.stage));
  CaseService cases(s.ctx());
  FR_RETURN_IF_ERROR(backward ? cases.GoBack(s.actor, id, to, a.reason)
                              : cases.Advance(s.actor, id, to, a.reason));
  PrintDone(s,
            "case " + std::to_string(id) + (backward ? " went back to " : " advanced to ") +
                StageNameZh(to) + " (" + StageCode(to) + ")",
            {{"case", id}, {"stage", StageCode(to)}});
  return Status::Ok();
}

Status CaseEnd(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  FR_ASSIGN_OR_RETURN(UnixMicros at, ParseTimeOr(a.at, "--at", s.ctx().now()));
  FR_RETURN_IF_ERROR(CaseService(s.ctx()).EndEnforcement(s.actor, id, at));
  PrintDone(s,
            "case " + std::to_string(id) + ": enforcement ended " + LocalTime(at) +
                "; the 30-working-day archive clock runs (R13.1)",
            {{"case", id}, {"ended", FormatUtc(at)}});
  return Status::Ok();
}

Status CaseArchived(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  FR_ASSIGN_OR_RETURN(UnixMicros at, ParseTimeOr(a.at, "--at", s.ctx().now()));
  FR_RETURN_IF_ERROR(CaseService(s.ctx()).MarkArchived(s.actor, id, at));
  PrintDone(s, "case " + std::to_string(id) + ": disc archive registered " + LocalTime(at),
            {{"case", id}, {"archived", FormatUtc(at)}});
  return Status::Ok();
}

Status CaseOfficer(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  FR_RETURN_IF_ERROR(CaseService(s.ctx()).AddOfficer(s.actor, id, a.person));
  PrintDone(s, a.person + " is an officer of case " + std::to_string(id),
            {{"case", id}, {"officer", a.person}});
  return Status::Ok();
}

Status CaseFlags(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  std::set<std::string> flags(a.flags.begin(), a.flags.end());
  FR_RETURN_IF_ERROR(CaseService(s.ctx()).SetFlags(s.actor, id, flags));
  std::string list;
  for (const auto& f : flags) list += (list.empty() ? "" : ", ") + f;
  PrintDone(s, "case " + std::to_string(id) + " flags: " + (list.empty() ? "(none)" : list),
            {{"case", id}, {"flags", flags}});
  return Status::Ok();
}

Status CaseOnsite(Session& s, const CaseArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a.ref));
  FR_ASSIGN_OR_RETURN(UnixMicros start, ParseTime(a.onsite_start, "--start"));
  FR_ASSIGN_OR_RETURN(UnixMicros end, ParseTime(a.onsite_end, "--end"));
  FR_RETURN_IF_ERROR(CaseService(s.ctx()).SetOnsite(s.actor, id, start, end));
  PrintDone(s,
            "case " + std::to_string(id) + " on site " + LocalTime(start) + " – " + LocalTime(end),
            {{"case", id}, {"start", FormatUtc(start)}, {"end", FormatUtc(end)}});
  return Status::Ok();
}

// Registration

void AddOpen(CLI::App* cmd, const std::shared_ptr<CaseArgs>& a) {
  cmd->add_option("NUMBER", a->number, "the bureau's case number")->required();
  cmd->add_option("--kind", a->kind,
                  "penalty, inspection_routine, inspection_random, inspection_comprehensive, "
                  "inspection_special, complaint")
      ->required();
  cmd->add_option("--title", a->title)->required();
  cmd->add_option("--section", a->section, "section code")->required();
  cmd->add_option("--officer", a->officers, "officer person id (repeat)");
  cmd->add_option("--party", a->parties, "party name (repeat)");
  cmd->add_option("--classification", a->classification,
                  "ordinary, internal, commercial_secret, personal_privacy")
      ->capture_default_str();
  cmd->add_option("--retention", a->retention, "10y, 30y, permanent")->capture_default_str();
  cmd->add_option("--flag", a->flags, "catalogue flag, e.g. if_hearing (repeat)");
  cmd->add_option("--onsite-start", a->onsite_start, "on-site work began");
  cmd->add_option("--onsite-end", a->onsite_end, "on-site work ended");
}

void AddList(CLI::App* cmd, const std::shared_ptr<CaseArgs>& a) {
  cmd->add_option("--kind", a->kind, "case kind code");
  cmd->add_option("--stage", a->stage, "start, investigation, decision, execution, archive");
  cmd->add_option("--officer", a->officer, "cases of this officer");
  cmd->add_option("--section", a->section, "cases of this section");
  cmd->add_option("--text", a->text, "in the number or title");
  cmd->add_option("--limit", a->limit, "at most this many (1–500)")->capture_default_str();
  cmd->add_option("--offset", a->offset, "skip this many")->capture_default_str();
}

void AddStageCommands(CLI::App* cmd, const GlobalOptions& g, int& code,
                      const std::shared_ptr<CaseArgs>& a) {
  for (bool backward : {false, true}) {
    auto* sub = cmd->add_subcommand(backward ? "back" : "advance",
                                    backward ? "go back to an earlier stage, with a reason"
                                             : "move to the next stage, with a reason");
    sub->add_option("ID", a->ref, "case id or number")->required();
    sub->add_option("STAGE", a->stage, "start, investigation, decision, execution, archive")
        ->required();
    sub->add_option("--reason", a->reason, "why")->required();
    OnRun(sub, g, code, [a, backward](Session& s) { return CaseStage(s, *a, backward); });
  }
}

void AddCaseDetailCommands(CLI::App* cmd, const GlobalOptions& g, int& code,
                           const std::shared_ptr<CaseArgs>& a) {
  auto* end = cmd->add_subcommand("end", "the enforcement ended: start the R13.1 archive clock");
  end->add_option("ID", a->ref, "case id or number")->required();
  end->add_option("--at", a->at, "when (default now)");
  OnRun(end, g, code, [a](Session& s) { return CaseEnd(s, *a); });

  auto* archived = cmd->add_subcommand("archived", "the archivist registers the disc archive");
  archived->add_option("ID", a->ref, "case id or number")->required();
  archived->add_option("--at", a->at, "when (default now)");
  OnRun(archived, g, code, [a](Session& s) { return CaseArchived(s, *a); });

  auto* officer = cmd->add_subcommand("officer", "add an officer to the case");
  officer->add_option("ID", a->ref, "case id or number")->required();
  officer->add_option("PERSON", a->person)->required();
  OnRun(officer, g, code, [a](Session& s) { return CaseOfficer(s, *a); });

  auto* flags = cmd->add_subcommand("flags", "set the case's catalogue flags (replaces them)");
  flags->add_option("ID", a->ref, "case id or number")->required();
  flags->add_option("FLAGS", a->flags, "e.g. if_hearing if_serious");
  OnRun(flags, g, code, [a](Session& s) { return CaseFlags(s, *a); });

  auto* onsite = cmd->add_subcommand("onsite", "when the on-site work began and ended");
  onsite->add_option("ID", a->ref, "case id or number")->required();
  onsite->add_option("--start", a->onsite_start)->required();
  onsite->add_option("--end", a->onsite_end)->required();
  OnRun(onsite, g, code, [a](Session& s) { return CaseOnsite(s, *a); });
}

}  // namespace

void AddCaseCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<CaseArgs>();
  auto* cmd = app.add_subcommand("case", "案件: cases and their stages");
  cmd->require_subcommand(1);

  auto* open = cmd->add_subcommand("open", "open a case at the start stage; prints its id");
  AddOpen(open, a);
  OnRun(open, g, code, [a](Session& s) { return CaseOpen(s, *a); });

  auto* list = cmd->add_subcommand("list", "the cases you may see, newest first");
  AddList(list, a);
  OnRun(list, g, code, [a](Session& s) { return CaseList(s, *a); });

  auto* show = cmd->add_subcommand("show", "a case with its records, gaps and missing documents");
  show->add_option("ID_OR_NUMBER", a->ref)->required();
  OnRun(show, g, code, [a](Session& s) -> Status {
    FR_ASSIGN_OR_RETURN(int64_t id, ResolveCase(s, a->ref));
    return ShowCase(s, id);
  });

  AddStageCommands(cmd, g, code, a);
  AddCaseDetailCommands(cmd, g, code, a);
}

}  // namespace fullrecord::cli
