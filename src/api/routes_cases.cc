// Cases (R2.1, R3.1): the list with filters and pages, opening a case, its detail, its stages
// forward and back with a reason, officers, parties, flags, on-site times, the end of the
// enforcement, the disc archive, and its classification (R16.1).
#include <map>
#include <optional>

#include "api/case_detail.h"
#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/case_deadlines.h"
#include "services/cases.h"
#include "services/records.h"

namespace fullrecord::api {
namespace {

using services::CaseService;

Result<services::CaseFilter> ReadFilter(const Call& c) {
  services::CaseFilter f;
  if (std::string kind = c.ex.Query("kind"); !kind.empty()) {
    FR_ASSIGN_OR_RETURN(f.kind, services::ParseCaseKind(kind));
  }
  if (std::string stage = c.ex.Query("stage"); !stage.empty()) {
    FR_ASSIGN_OR_RETURN(f.stage, services::ParseStage(stage));
  }
  f.officer = c.ex.Query("officer");
  f.section = c.ex.Query("section");
  f.text = c.ex.Query("q");
  f.limit = static_cast<int>(QueryInt(c, "limit", 20, 1, 100));
  f.offset = static_cast<int>(QueryInt(c, "offset", 0, 0, 1'000'000'000));
  return f;
}

Json DeadlineJson(const services::CaseDeadline& d) {
  Json j = {{"state", services::DeadlineStateCode(d.state)},
            {"state_zh", services::DeadlineStateNameZh(d.state)},
            {"rule_id", d.rule_id}};
  PutTime(j, "due_at", d.due_us);
  return j;
}

// ?deadline=overdue|due_soon|running|none narrows the list by the R12.1 and R13.1 terms, which
// only those who may read the compliance report may ask for; the rows then carry each case's
// deadline. Everyone else gets the list without deadlines.
void ListCases(Call& c) {
  auto filter = ReadFilter(c);
  if (!filter.ok()) return c.Fail(filter.status());
  std::string wanted = c.ex.Query("deadline");
  std::optional<services::DeadlineState> state;
  if (!wanted.empty()) {
    auto parsed = services::ParseDeadlineState(wanted);
    if (!parsed.ok()) return c.Fail(parsed.status());
    state = *parsed;
  }

  std::map<int64_t, services::CaseDeadline> urgent;
  bool with_deadlines = state.has_value() || services::MayReadDeadlines(c.actor);
  if (with_deadlines) {
    auto found = services::UrgentDeadlines(c.ctx, c.actor, c.ctx.now());
    if (!found.ok()) return c.Fail(found.status());
    urgent = std::move(*found);
  }
  if (state) services::NarrowToDeadlineState(*filter, *state, urgent);

  auto page = CaseService(c.ctx).List(c.actor, *filter);
  if (!page.ok()) return c.Fail(page.status());
  Json cases = Json::array();
  for (const auto& k : page->cases) {
    Json row = CaseSummaryJson(k);
    if (with_deadlines) row["deadline"] = DeadlineJson(services::DeadlineOf(c.ctx, k, urgent));
    cases.push_back(std::move(row));
  }
  c.Reply({{"cases", cases},
           {"total", page->total},
           {"limit", filter->limit},
           {"offset", filter->offset}});
}

Result<std::vector<services::Party>> ReadParties(const Json& body) {
  std::vector<services::Party> out;
  if (!body.contains("parties")) return out;
  if (!body["parties"].is_array()) {
    return Status::InvalidArgument("\"parties\" must be an array", "“当事人”应为列表");
  }
  for (const auto& p : body["parties"]) {
    Fields f(p.is_object() ? p : Json::object());
    services::Party party{f.Text("name"), f.OptionalText("type", "person"),
                          f.OptionalText("id_no")};
    if (!f.ok()) {
      return Status::InvalidArgument(f.status().WithContext("parties").message(),
                                     "当事人" + f.status().message_zh());
    }
    out.push_back(std::move(party));
  }
  return out;
}

void CreateCase(Call& c) {
  auto body = c.JsonBody();
  if (!body.ok()) return c.Fail(body.status());
  Fields f(*body);
  services::CaseInput in;
  in.number = f.Text("number");
  in.kind = f.Enum("kind", services::ParseCaseKind, services::CaseKind::kPenalty);
  in.title = f.Text("title");
  in.section = f.OptionalText("section", c.actor.section);
  in.classification =
      f.Enum("classification", services::ParseClassification, services::Classification::kOrdinary);
  in.retention =
      f.Enum("retention", services::ParseRetention, services::RetentionClass::kThirtyYears);
  in.officers = f.Strings("officers");
  for (auto& flag : f.Strings("flags")) in.flags.insert(flag);
  in.onsite_start_us = f.OptionalTime("onsite_start");
  in.onsite_end_us = f.OptionalTime("onsite_end");
  if (!f.ok()) return c.Fail(f.status());
  auto parties = ReadParties(*body);
  if (!parties.ok()) return c.Fail(parties.status());
  in.parties = std::move(parties).value();

  auto id = CaseService(c.ctx).Create(c.actor, in);
  if (!id.ok()) return c.Fail(id.status());
  c.Reply({{"id", *id}, {"number", in.number}}, http::status::created);
}

void GetCase(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto detail = CaseDetail(c, *id);
  if (!detail.ok()) return c.Fail(detail.status());
  c.Reply(*detail);
}

void StageHistory(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto history = CaseService(c.ctx).History(c.actor, *id);
  if (!history.ok()) return c.Fail(history.status());
  Json out = Json::array();
  for (const auto& h : *history) out.push_back(StageChangeJson(h));
  c.Reply({{"case_id", *id}, {"history", out}});
}

void ChangeStage(Call& c, bool backward) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  services::Stage to = f->Enum("to", services::ParseStage);
  std::string reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  CaseService cases(c.ctx);
  Status s =
      backward ? cases.GoBack(c.actor, *id, to, reason) : cases.Advance(c.actor, *id, to, reason);
  Answer(c, s,
         {{"case_id", *id},
          {"stage", services::StageCode(to)},
          {"stage_zh", services::StageNameZh(to)}});
}

void AddOfficer(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string person = f->Text("person");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CaseService(c.ctx).AddOfficer(c.actor, *id, person));
}

void AddParty(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  services::Party p{f->Text("name"), f->OptionalText("type", "person"), f->OptionalText("id_no")};
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CaseService(c.ctx).AddParty(c.actor, *id, p));
}

void SetFlags(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  if (!f->Present("flags")) {
    return c.Fail(Status::InvalidArgument("\"flags\" is required", "“案件标记”为必填项"));
  }
  std::vector<std::string> list = f->Strings("flags");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CaseService(c.ctx).SetFlags(c.actor, *id, {list.begin(), list.end()}));
}

void SetOnsite(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  UnixMicros start = f->Time("start"), end = f->Time("end");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CaseService(c.ctx).SetOnsite(c.actor, *id, start, end));
}

// POST /end and /archived: an instant, now when the body names none.
void SetInstant(Call& c, bool archived) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  UnixMicros at = f->OptionalTime("at").value_or(c.ctx.now());
  if (!f->ok()) return c.Fail(f->status());
  CaseService cases(c.ctx);
  Answer(c,
         archived ? cases.MarkArchived(c.actor, *id, at) : cases.EndEnforcement(c.actor, *id, at));
}

void SetClassification(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  auto cls = f->Enum("classification", services::ParseClassification);
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CaseService(c.ctx).SetClassification(c.actor, *id, cls));
}

}  // namespace

void AddCaseRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  api.Route(V::get, "/api/cases",
            {"Cases the caller may see: ?kind ?stage ?officer ?section ?q ?deadline ?limit ?offset",
             "cases"},
            s, ListCases);
  api.Route(V::post, "/api/cases", {"Open a case", "cases"}, s, CreateCase);
  api.Route(V::get, "/api/cases/{id}", {"The case with everything its reader may see", "cases"}, s,
            GetCase);
  api.Route(V::get, "/api/cases/{id}/stages", {"Stage changes (R3.1)", "cases"}, s, StageHistory);
  api.Route(V::post, "/api/cases/{id}/stages/advance", {"Move to the next stage", "cases"}, s,
            [](Call& c) { ChangeStage(c, false); });
  api.Route(V::post, "/api/cases/{id}/stages/back",
            {"Go back to an earlier stage, with a reason", "cases"}, s,
            [](Call& c) { ChangeStage(c, true); });
  api.Route(V::post, "/api/cases/{id}/officers", {"Add an officer", "cases"}, s, AddOfficer);
  api.Route(V::post, "/api/cases/{id}/parties", {"Add a party (当事人)", "cases"}, s, AddParty);
  api.Route(V::put, "/api/cases/{id}/flags", {"Set the catalogue flags", "cases"}, s, SetFlags);
  api.Route(V::put, "/api/cases/{id}/onsite", {"On-site start and end (R9.2)", "cases"}, s,
            SetOnsite);
  api.Route(V::post, "/api/cases/{id}/end", {"The enforcement ended (R13.1 clock)", "cases"}, s,
            [](Call& c) { SetInstant(c, false); });
  api.Route(V::post, "/api/cases/{id}/archived",
            {"The disc archive is done (section archivist, R13.1)", "cases"}, s,
            [](Call& c) { SetInstant(c, true); });
  api.Route(V::put, "/api/cases/{id}/classification", {"Classification (R16.1)", "cases"}, s,
            SetClassification);
}

}  // namespace fullrecord::api
