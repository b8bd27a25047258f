// Retention of case files (R13.2), long-term keeping of recordings (R14), proposals on either for
// the principal leader to decide, and disposal after the period ends — proposed by the section
// archivist, decided by the principal leader, carried out by the archivist (R9.5, R17.5).
#include <filesystem>

#include "api/case_detail.h"
#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/retention.h"

namespace fullrecord::api {
namespace {

using services::RetentionService;

void GetRetention(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto k = services::CaseService(c.ctx).Get(c.actor, *id);
  if (!k.ok()) return c.Fail(k.status());
  auto view = RetentionView(c, *k);
  if (!view.ok()) return c.Fail(view.status());
  c.Reply(*view);
}

void RaiseLongTerm(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string trigger = f->Text("trigger"), reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RetentionService(c.ctx).RaiseLongTerm(c.actor, *id, trigger, reason));
}

void SetRetention(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  auto to = f->Enum("retention", services::ParseRetention);
  std::string reason = f->Text("reason"), approved_by = f->OptionalText("approved_by");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RetentionService(c.ctx).SetRetention(c.actor, *id, to, reason, approved_by));
}

void ProposeDisposal(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  auto did = RetentionService(c.ctx).ProposeDisposal(c.actor, *id, reason);
  if (!did.ok()) return c.Fail(did.status());
  c.Reply({{"id", *did}}, http::status::created);
}

void GetDisposal(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto d = RetentionService(c.ctx).GetDisposal(c.actor, *id);
  if (!d.ok()) return c.Fail(d.status());
  c.Reply(DisposalJson(*d));
}

void DecideDisposal(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  bool approve = f->Bool("approve");
  std::string reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RetentionService(c.ctx).DecideDisposal(c.actor, *id, approve, reason));
}

void ExecuteDisposal(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  Status s = RetentionService(c.ctx).ExecuteDisposal(
      c.actor, *id, [&c](const std::string& sha) { return c.store.vault().RemoveTombstoned(sha); });
  Answer(c, s, {{"ok", true}, {"id", *id}});
}

void ProposeRetention(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  services::RetentionProposalInput in;
  in.kind = f->Text("kind");
  in.trigger = f->OptionalText("trigger");
  if (std::string to = f->OptionalText("to"); !to.empty()) {
    auto parsed = services::ParseRetention(to);
    if (!parsed.ok()) return c.Fail(parsed.status());
    in.to = *parsed;
  }
  in.reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  auto pid = RetentionService(c.ctx).ProposeRetention(c.actor, *id, in);
  if (!pid.ok()) return c.Fail(pid.status());
  c.Reply({{"id", *pid}}, http::status::created);
}

void OpenRetentionProposals(Call& c) {
  auto open = RetentionService(c.ctx).OpenProposals(c.actor);
  if (!open.ok()) return c.Fail(open.status());
  services::CaseService cases(c.ctx);
  Json out = Json::array();
  for (const auto& p : *open) {
    Json j = RetentionProposalJson(p);
    auto k = cases.Get(c.actor, p.case_id);
    j["case_number"] = k.ok() ? k->number : "";
    j["retention_zh"] = k.ok() ? services::RetentionNameZh(k->retention) : "";
    out.push_back(std::move(j));
  }
  c.Reply({{"proposals", out}});
}

void DecideRetention(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  bool approve = f->Bool("approve");
  std::string reason = f->Text("reason");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RetentionService(c.ctx).DecideRetention(c.actor, *id, approve, reason));
}

}  // namespace

void AddRetentionRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  const char* tag = "retention";
  api.Route(V::get, "/api/cases/{id}/retention",
            {"Retention class, long-term mark, expiry, history and disposals", tag}, s,
            GetRetention);
  api.Route(V::post, "/api/cases/{id}/retention/long-term",
            {"Keep the recordings long-term (R14.1-R14.4)", tag}, s, RaiseLongTerm);
  api.Route(V::put, "/api/cases/{id}/retention",
            {"Change the retention class (shortening: principal leader)", tag}, s, SetRetention);
  api.Route(
      V::post, "/api/cases/{id}/retention/proposals",
      {"Propose long-term keeping or a shorter class for the principal leader to decide", tag}, s,
      ProposeRetention);
  api.Route(V::get, "/api/retention/proposals",
            {"Open retention proposals (the principal leader's; empty for others)", tag}, s,
            OpenRetentionProposals);
  api.Route(V::post, "/api/retention/proposals/{id}/decide",
            {"Approve or refuse a retention proposal (principal leader)", tag}, s, DecideRetention);
  api.Route(V::post, "/api/cases/{id}/disposals",
            {"Propose disposal of an expired case (section archivist)", tag}, s, ProposeDisposal);
  api.Route(V::get, "/api/disposals/{id}", {"A disposal", tag}, s, GetDisposal);
  api.Route(V::post, "/api/disposals/{id}/decide",
            {"Approve or refuse a disposal (principal leader)", tag}, s, DecideDisposal);
  api.Route(V::post, "/api/disposals/{id}/execute",
            {"Carry out an approved disposal (section archivist)", tag}, s, ExecuteDisposal);
}

}  // namespace fullrecord::api
