// Copies of the full-process record for a party (R15.1, R16.1, R17.3): the request an officer or
// the section archivist records, the principal leader's decision, the produced manifest with
// secret items left out, and the delivery.
#include "api/case_detail.h"
#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/copies.h"

namespace fullrecord::api {
namespace {

using services::CopyService;

void ListOfCase(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto k = services::CaseService(c.ctx).Get(c.actor, *id);
  if (!k.ok()) return c.Fail(k.status());
  auto list = CopyRequestsOf(c, *k);
  if (!list.ok()) return c.Fail(list.status());
  c.Reply({{"case_id", *id}, {"copy_requests", *list}});
}

Result<std::vector<services::CopyItem>> ReadItems(const Json& body) {
  std::vector<services::CopyItem> out;
  if (!body.contains("items")) return out;
  if (!body["items"].is_array()) {
    return Status::InvalidArgument("\"items\" must be an array", "“复制范围”应为列表");
  }
  for (const auto& item : body["items"]) {
    Fields f(item.is_object() ? item : Json::object());
    services::CopyItem ci{f.Text("kind"), f.Id("id")};
    if (!f.ok()) {
      return Status::InvalidArgument(f.status().WithContext("items").message(),
                                     "复制范围中" + f.status().message_zh());
    }
    out.push_back(std::move(ci));
  }
  return out;
}

void Request(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto body = c.JsonBody();
  if (!body.ok()) return c.Fail(body.status());
  Fields f(*body);
  services::CopyRequestInput in;
  in.party = f.Text("party");
  in.purpose = f.Text("purpose");
  in.all = f.OptionalBool("all", false);
  if (!f.ok()) return c.Fail(f.status());
  auto items = ReadItems(*body);
  if (!items.ok()) return c.Fail(items.status());
  in.items = std::move(items).value();

  auto rid = CopyService(c.ctx).Request(c.actor, *id, in);
  if (!rid.ok()) return c.Fail(rid.status());
  c.Reply({{"id", *rid}}, http::status::created);
}

void Pending(Call& c) {
  auto list = CopyService(c.ctx).ListPending(c.actor);
  if (!list.ok()) return c.Fail(list.status());
  Json out = Json::array();
  for (const auto& r : *list) out.push_back(CopyRequestJson(r));
  AddCaseNumbers(c, out);
  c.Reply({{"copy_requests", out}});
}

void Get(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto r = CopyService(c.ctx).Get(c.actor, *id);
  if (!r.ok()) return c.Fail(r.status());
  c.Reply(CopyRequestJson(*r));
}

void Decide(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  bool approve = f->Bool("approve");
  std::string note = f->OptionalText("note");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CopyService(c.ctx).Decide(c.actor, *id, approve, note));
}

void Produce(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto set = CopyService(c.ctx).Produce(c.actor, *id);
  if (!set.ok()) return c.Fail(set.status());
  c.Reply(CopySetJson(*set));
}

void Deliver(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string received_by = f->Text("received_by");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, CopyService(c.ctx).Deliver(c.actor, *id, received_by));
}

}  // namespace

void AddCopyRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  const char* tag = "copies";
  api.Route(V::get, "/api/cases/{id}/copy-requests", {"The case's copy requests", tag}, s,
            ListOfCase);
  api.Route(V::post, "/api/cases/{id}/copy-requests",
            {"Record a party's request for a copy (R15.1)", tag}, s, Request);
  // Before /api/copy-requests/{id}: the first matching pattern answers.
  api.Route(V::get, "/api/copy-requests/pending",
            {"Requests awaiting the principal leader's decision", tag}, s, Pending);
  api.Route(V::get, "/api/copy-requests/{id}", {"A copy request", tag}, s, Get);
  api.Route(V::post, "/api/copy-requests/{id}/decide",
            {"Approve or refuse (principal leader, R15.1)", tag}, s, Decide);
  api.Route(V::post, "/api/copy-requests/{id}/produce",
            {"Produce the copy's manifest, secrets left out (R16.1)", tag}, s, Produce);
  api.Route(V::post, "/api/copy-requests/{id}/deliver", {"Record the hand-over", tag}, s, Deliver);
}

}  // namespace fullrecord::api
