// Archive discs from the API (R13.1): the section archivist makes a case's disc set, reads the
// registry, and registers a set once its discs are kept somewhere, which marks the case archived.
// The archive component checks who may do what and logs refusals in the ledger; these routes only
// add the reach check that answers a case the caller may not read as missing (R16.1).
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "api/fields.h"
#include "api/routes.h"
#include "archive/case_content.h"
#include "archive/maker.h"
#include "archive/register.h"
#include "common/time.h"
#include "services/cases.h"

namespace fullrecord::api {
namespace {

using archive::DiscSetRow;

Json SetJson(const DiscSetRow& set) {
  Json discs = Json::array();
  for (const auto& d : set.discs) {
    discs.push_back({{"seq", d.seq},
                     {"total", d.total},
                     {"image", d.image_file},
                     {"size", d.size},
                     {"sha256", d.image_sha256},
                     {"sm3", d.image_sm3.empty() ? Json() : Json(d.image_sm3)},
                     {"label_text", d.label_text},
                     {"readback", d.readback.empty() ? Json() : Json(d.readback)}});
  }
  return {{"id", set.id},
          {"case_id", set.case_id},
          {"case_number", set.case_number},
          {"code", set.code},
          {"maker", set.maker},
          {"media", set.media},
          {"label", set.label},
          {"out_dir", set.out_dir},
          {"state", set.state},
          {"made_at", FormatUtc(set.made_us)},
          {"location", set.location.empty() ? Json() : Json(set.location)},
          {"registered_by", set.registered_by.empty() ? Json() : Json(set.registered_by)},
          {"registered_at", set.registered_us ? Json(FormatUtc(*set.registered_us)) : Json()},
          {"discs", discs}};
}

// The set `id` when its case is within the caller's reach; NotFound("disc set") otherwise, the
// same answer as for a set that does not exist.
Result<DiscSetRow> ReachableSet(Call& c, int64_t id) {
  auto set = archive::LoadSet(c.ctx, id);
  if (set.ok()) {
    auto k = services::CaseService(c.ctx).Get(c.actor, set->case_id);
    if (k.ok()) return set;
  }
  if (!set.ok() && !set.status().IsNotFound()) return set.status();
  return Status::NotFound("disc set " + std::to_string(id),
                          "未找到编号为 " + std::to_string(id) + " 的光盘组");
}

// POST /api/cases/{id}/archive {"media": "dvd"}: the four-property check, then the images and
// their labels under <store>/discs/<set code>/; 201 with the set and the check's report. A failed
// check answers 409 with the report, and nothing is written.
void MakeSet(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string media_code = f->OptionalText("media", "dvd");
  std::optional<int64_t> capacity = f->OptionalId("media_capacity");
  if (!f->ok()) return c.Fail(f->status());
  auto k = services::CaseService(c.ctx).Get(c.actor, *id);
  if (!k.ok()) return c.Fail(k.status());

  archive::MakeRequest req;
  auto media = archive::FindMedia(media_code);
  if (!media.ok()) return c.Fail(media.status());
  req.media = *media;
  if (capacity) {
    req.media = {"custom", std::to_string(*capacity) + " bytes", static_cast<uint64_t>(*capacity)};
  }
  req.case_number = k->number;
  req.out_dir = c.store.dir() + "/discs";
  req.pinned = &c.store.verifiers();
  req.keys = archive::StorePublicKeys(c.store.dir());
  req.origin = c.store.origin();

  archive::CheckReport report;
  auto made = archive::MakeDiscSet(c.ctx, c.actor, req, &report);
  if (!made.ok() && !report.ok()) {
    ApiError e = ErrorFor(made.status());
    return c.Reply({{"code", e.code},
                    {"message", ErrorMessageZh(e, made.status())},
                    {"message_en", ErrorMessageEn(e, made.status())},
                    {"check", report.ToJson()}},
                   e.status);
  }
  if (!made.ok()) return c.Fail(made.status());
  c.Reply({{"set", SetJson(made->set)}, {"check", made->report.ToJson()}}, http::status::created);
}

// GET /api/cases/{id}/discs: the registry rows of the case's disc sets.
void ListSets(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto k = services::CaseService(c.ctx).Get(c.actor, *id);
  if (!k.ok()) return c.Fail(k.status());
  auto sets = archive::SetsOfCase(c.ctx, k->id);
  if (!sets.ok()) return c.Fail(sets.status());
  Json out = Json::array();
  for (const auto& s : *sets) out.push_back(SetJson(s));
  c.Reply({{"case_id", k->id}, {"sets", out}});
}

void GetSet(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto set = ReachableSet(c, *id);
  if (!set.ok()) return c.Fail(set.status());
  c.Reply(SetJson(*set));
}

// POST /api/disc-sets/{id}/register {"location": "档案室 A-3"}: each disc is read back from the
// image it was made as and verified with the store's pinned keys before the set is registered.
// Burned discs in a drive are read back through the console (fullrecord archive register --disc),
// since the server does not open devices or paths named by a request.
void RegisterDiscSet(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string location = f->Text("location");
  if (!f->ok()) return c.Fail(f->status());
  auto set = ReachableSet(c, *id);
  if (!set.ok()) return c.Fail(set.status());
  std::vector<archive::DiscReport> reports;
  Status s = archive::RegisterSet(c.ctx, c.actor, *id, location, {}, {c.store.VerifierKeysPath()},
                                  &reports);
  if (!s.ok()) return c.Fail(s);
  auto done = archive::LoadSet(c.ctx, *id);
  if (!done.ok()) return c.Fail(done.status());
  Json verified = Json::array();
  for (const auto& r : reports) verified.push_back(r.ToJson());
  c.Reply({{"set", SetJson(*done)}, {"verified", verified}});
}

}  // namespace

void AddArchiveRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  const char* tag = "archive";
  api.Route(V::post, "/api/cases/{id}/archive",
            {"Check the case (four properties) and make its archive disc set (section archivist, "
             "R13.1)",
             tag},
            s, MakeSet);
  api.Route(V::get, "/api/cases/{id}/discs", {"The disc sets of a case, from the registry", tag}, s,
            ListSets);
  api.Route(V::get, "/api/disc-sets/{id}", {"A disc set with its discs, digests and labels", tag},
            s, GetSet);
  api.Route(V::post, "/api/disc-sets/{id}/register",
            {"Register where a verified disc set is kept; the case is archived (R13.1)", tag}, s,
            RegisterDiscSet);
}

}  // namespace fullrecord::api
