// Health, metrics, the OpenAPI document, and the ledger for the auditor.
#include "api/api.h"

namespace fullrecord::api {
namespace {

using services::Role;

Status RequireAuditor(Call& c, const char* event) {
  if (c.actor.Has(Role::kAuditor)) return Status::Ok();
  return services::Refuse(c.ctx, c.actor, event, Json::object(),
                          Status::PermissionDenied("only the auditor reads the ledger",
                                                   "只有安全审计员可以查阅审计账本"));
}

void LedgerEntries(Call& c) {
  if (Status s = RequireAuditor(c, "ledger.read"); !s.ok()) return c.Fail(s);
  int64_t from = std::atoll(c.ex.Query("from").c_str());
  int64_t limit = std::clamp<int64_t>(std::atoll(c.ex.Query("limit").c_str()), 1, 500);
  std::string type = c.ex.Query("type");
  auto rows = c.store.db().Query(
      "SELECT seq, data FROM ledger_entry WHERE seq >= ? AND (? = '' OR "
      "json_extract(data, '$.type') = ?) ORDER BY seq DESC LIMIT ?",
      {from, type, type, limit});
  if (!rows.ok()) return c.Fail(rows.status());
  Json entries = Json::array();
  for (const auto& r : *rows) entries.push_back(Json::parse(r.Text(1)));
  auto size = c.store.ledger().Size();
  c.Reply({{"entries", entries}, {"tree_size", size.ok() ? *size : 0}});
}

void LedgerProof(Call& c) {
  if (Status s = RequireAuditor(c, "proof.requested"); !s.ok()) return c.Fail(s);
  auto seq = c.IdParam("seq");
  if (!seq.ok() && c.ex.params["seq"] != "0") return c.Fail(seq.status());
  auto bundle = c.store.ledger().ProveInclusion(seq.ok() ? static_cast<uint64_t>(*seq) : 0);
  if (!bundle.ok()) return c.Fail(bundle.status());
  Status logged = c.store.ledger().Append({{"proof.requested", c.actor.LedgerName(), "ok",
                                            {{"kind", "inclusion"},
                                             {"leaf_index", bundle->entry.seq}}}}).status();
  if (!logged.ok()) return c.Fail(logged);
  c.Reply(bundle->ToJson());
}

// Re-hashes the whole ledger against its checkpoints; blobs are verified by `fullrecord verify`.
void LedgerVerify(Call& c) {
  if (Status s = RequireAuditor(c, "verification.run"); !s.ok()) return c.Fail(s);
  auto report = c.store.ledger().Verify(c.store.verifiers());
  Json problems = Json::array();
  for (const auto& p : report.problems) problems.push_back({{"where", p.where}, {"message", p.message}});
  if (report.ok()) {
    Status logged = c.store.ledger().Append(
        {{"verification.run", c.actor.LedgerName(), "ok",
          {{"scope", "ledger"}, {"ledger_entries_checked", report.entries_checked}}}}).status();
    if (!logged.ok()) return c.Fail(logged);
  }
  c.Reply({{"ok", report.ok()}, {"entries_checked", report.entries_checked},
           {"checkpoints_checked", report.checkpoints_checked}, {"problems", problems}});
}

}  // namespace

void AddSystemRoutes(Api& api) {
  api.Route(http::verb::get, "/healthz", {"Liveness check", "system"}, Access::kPublic,
            [](Call& c) { c.Reply({{"status", "ok"}}); });
  api.Route(http::verb::get, "/metrics", {"Prometheus metrics", "system"}, Access::kPublic,
            [&api](Call& c) {
              http::response<http::string_body> res{http::status::ok, 11};
              res.set(http::field::content_type, "text/plain; version=0.0.4");
              res.body() = api.MetricsExposition(c.store);
              c.ex.Send(std::move(res));
            });
  api.Route(http::verb::get, "/api/openapi.json", {"This document", "system"}, Access::kPublic,
            [&api](Call& c) { c.Reply(api.OpenApi()); });
  api.Route(http::verb::get, "/api/ledger/checkpoint", {"Newest signed checkpoint", "ledger"},
            Access::kSession, [](Call& c) {
              auto note = c.store.ledger().LatestCheckpointNote();
              if (!note.ok()) return c.Fail(note.status());
              std::string vkeys;
              for (const auto& v : c.store.verifiers()) vkeys += v.ToVerifierString() + "\n";
              c.Reply({{"checkpoint", *note}, {"verifier_keys", vkeys}});
            });
  api.Route(http::verb::get, "/api/ledger/entries", {"Ledger entries (auditor)", "ledger"},
            Access::kSession, LedgerEntries);
  api.Route(http::verb::get, "/api/ledger/proof/{seq}", {"Inclusion proof (auditor)", "ledger"},
            Access::kSession, LedgerProof);
  api.Route(http::verb::post, "/api/ledger/verify", {"Verify the ledger (auditor)", "ledger"},
            Access::kSession, LedgerVerify);
}

}  // namespace fullrecord::api
