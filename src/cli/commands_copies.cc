// copy-request: a party's copy of the case record (R15.1).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/actor.h"
#include "cli/case_view.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/copies.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct CopyArgs {
  std::string case_ref, party, purpose, id, decision, note, received_by;
  std::vector<std::string> items;
  bool all = false;
};

Result<bool> ParseDecision(const std::string& text) {
  if (text == "approve") return true;
  if (text == "refuse") return false;
  return Status::InvalidArgument("decision \"" + text + "\" must be approve or refuse");
}

// copy-request new / decide / produce / deliver / list / show

Result<CopyItem> ParseItem(const std::string& text) {
  auto colon = text.find(':');
  if (colon != std::string::npos) {
    CopyItem item{text.substr(0, colon), 0};
    auto id = ParseId(text.substr(colon + 1), "item");
    if (id.ok() && (item.kind == "text" || item.kind == "av")) return CopyItem{item.kind, *id};
  }
  return Status::InvalidArgument("item \"" + text + "\" must be text:ID or av:ID");
}

Status CopyNew(Session& s, const CopyArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t case_id, ResolveCase(s, a.case_ref));
  CopyRequestInput in{a.party, a.purpose, {}, a.all};
  for (const auto& text : a.items) {
    FR_ASSIGN_OR_RETURN(CopyItem item, ParseItem(text));
    in.items.push_back(item);
  }
  FR_ASSIGN_OR_RETURN(int64_t id, CopyService(s.ctx()).Request(s.actor, case_id, in));
  if (s.json()) {
    PrintJson({{"id", id}, {"case", case_id}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

Status CopyDecide(Session& s, const CopyArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "copy request"));
  FR_ASSIGN_OR_RETURN(bool approve, ParseDecision(a.decision));
  FR_RETURN_IF_ERROR(CopyService(s.ctx()).Decide(s.actor, id, approve, a.note));
  PrintDone(s, "copy request " + a.id + (approve ? " approved" : " refused"),
            {{"id", id}, {"approved", approve}});
  return Status::Ok();
}

void PrintCopySet(const CopySet& set) {
  std::printf("copy of case %s for %s (request %lld)\n", set.case_number.c_str(), set.party.c_str(),
              static_cast<long long>(set.request_id));
  for (const auto& e : set.included) {
    std::printf("  %s %lld 《%s》\n", e.kind.c_str(), static_cast<long long>(e.id),
                e.title.c_str());
    for (const auto& f : e.files) {
      std::printf("    %s  sha256 %s  sm3 %s  %llu bytes\n", f.name.c_str(), f.sha256.c_str(),
                  f.sm3.c_str(), static_cast<unsigned long long>(f.size));
    }
  }
  for (const auto& e : set.excluded) {
    std::printf("  excluded %s %lld (%s): %s\n", e.kind.c_str(), static_cast<long long>(e.id),
                ClassificationNameZh(e.classification), e.excluded_reason.c_str());
  }
}

Status CopyProduce(Session& s, const CopyArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "copy request"));
  FR_ASSIGN_OR_RETURN(CopySet set, CopyService(s.ctx()).Produce(s.actor, id));
  if (s.json()) {
    PrintJson(set.ToJson());
  } else {
    PrintCopySet(set);
  }
  return Status::Ok();
}

Status CopyDeliver(Session& s, const CopyArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "copy request"));
  FR_RETURN_IF_ERROR(CopyService(s.ctx()).Deliver(s.actor, id, a.received_by));
  PrintDone(s, "copy request " + a.id + " delivered to " + a.received_by,
            {{"id", id}, {"received_by", a.received_by}});
  return Status::Ok();
}

Json RequestJson(const CopyRequest& r) {
  Json items = Json::array();
  for (const auto& i : r.input.items) items.push_back({{"kind", i.kind}, {"id", i.id}});
  return {{"id", r.id},
          {"case", r.case_id},
          {"party", r.input.party},
          {"purpose", r.input.purpose},
          {"items", r.input.all ? Json("all") : items},
          {"state", CopyStateCode(r.state)},
          {"requested_by", r.requested_by},
          {"requested", FormatUtc(r.requested_us)},
          {"decided_by", r.decided_by},
          {"decided", TimeJson(r.decided_us)},
          {"decision_note", r.decision_note},
          {"manifest", r.manifest},
          {"produced", TimeJson(r.produced_us)},
          {"received_by", r.received_by},
          {"delivered", TimeJson(r.delivered_us)}};
}

Status CopyList(Session& s) {
  FR_ASSIGN_OR_RETURN(auto pending, CopyService(s.ctx()).ListPending(s.actor));
  Json out = Json::array();
  Table table({"ID", "案件", "申请人", "用途", "申请时间", "登记人"});
  for (const auto& r : pending) {
    out.push_back(RequestJson(r));
    table.AddRow({std::to_string(r.id), std::to_string(r.case_id), r.input.party, r.input.purpose,
                  LocalTime(r.requested_us), r.requested_by});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

Status CopyShow(Session& s, const CopyArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "copy request"));
  FR_ASSIGN_OR_RETURN(CopyRequest r, CopyService(s.ctx()).Get(s.actor, id));
  if (s.json()) {
    PrintJson(RequestJson(r));
    return Status::Ok();
  }
  std::printf("copy request %lld  case %lld  %s\n", static_cast<long long>(r.id),
              static_cast<long long>(r.case_id), CopyStateCode(r.state));
  std::printf("  party %s, purpose %s\n  requested %s by %s\n", r.input.party.c_str(),
              r.input.purpose.c_str(), LocalTime(r.requested_us).c_str(), r.requested_by.c_str());
  if (r.decided_us) {
    std::printf("  decided %s by %s: %s\n", LocalTime(r.decided_us).c_str(), r.decided_by.c_str(),
                r.decision_note.c_str());
  }
  if (r.delivered_us) {
    std::printf("  delivered %s to %s\n", LocalTime(r.delivered_us).c_str(), r.received_by.c_str());
  }
  return Status::Ok();
}

}  // namespace

void AddCopyCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<CopyArgs>();
  auto* cmd = app.add_subcommand("copy-request", "复制申请: a party's copy of the record (R15.1)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("new", "record a party's request; prints its id");
  add->add_option("CASE", a->case_ref, "case id or number")->required();
  add->add_option("--party", a->party, "the applicant, one of the case's parties")->required();
  add->add_option("--purpose", a->purpose)->required();
  add->add_option("--item", a->items, "text:ID or av:ID (repeat)");
  add->add_flag("--all", a->all, "every record of the case");
  OnRun(add, g, code, [a](Session& s) { return CopyNew(s, *a); });

  auto* decide = cmd->add_subcommand("decide", "the principal leader approves or refuses");
  decide->add_option("ID", a->id)->required();
  decide->add_option("DECISION", a->decision, "approve or refuse")->required();
  decide->add_option("--note", a->note, "the reason (needed to refuse)");
  OnRun(decide, g, code, [a](Session& s) { return CopyDecide(s, *a); });

  auto* produce = cmd->add_subcommand("produce", "make the copy set of an approved request");
  produce->add_option("ID", a->id)->required();
  OnRun(produce, g, code, [a](Session& s) { return CopyProduce(s, *a); });

  auto* deliver = cmd->add_subcommand("deliver", "record the hand-over");
  deliver->add_option("ID", a->id)->required();
  deliver->add_option("--received-by", a->received_by, "who received it")->required();
  OnRun(deliver, g, code, [a](Session& s) { return CopyDeliver(s, *a); });

  OnRun(cmd->add_subcommand("list", "requests awaiting decision (principal leader)"), g, code,
        CopyList);

  auto* show = cmd->add_subcommand("show", "one request");
  show->add_option("ID", a->id)->required();
  OnRun(show, g, code, [a](Session& s) { return CopyShow(s, *a); });
}

}  // namespace fullrecord::cli
