#include "api/case_detail.h"

#include <map>

#include "api/views.h"
#include "services/copies.h"
#include "services/records.h"
#include "services/retention.h"

namespace fullrecord::api {
namespace {

using services::Case;
using services::Stage;

// The stages the case's kind passes through, each with whether and when it was reached.
Json Timeline(const services::Catalogue* catalogue, const Case& k,
              const std::vector<services::StageChange>& history) {
  std::vector<Stage> stages(services::kStages.begin(), services::kStages.end());
  if (catalogue) stages = catalogue->StagesOf(k.kind);
  Json out = Json::array();
  for (Stage s : stages) {
    std::optional<UnixMicros> entered;
    for (const auto& h : history) {
      if (h.to == s) entered = h.at_us;
    }
    Json j = {{"stage", services::StageCode(s)},
              {"stage_zh", services::StageNameZh(s)},
              {"reached", services::StageIndex(s) <= services::StageIndex(k.stage)},
              {"current", s == k.stage}};
    PutTime(j, "entered_at", entered);
    out.push_back(j);
  }
  return out;
}

Result<Json> StagesOf(Call& c, const Case& k) {
  FR_ASSIGN_OR_RETURN(auto history, services::CaseService(c.ctx).History(c.actor, k.id));
  Json changes = Json::array();
  for (const auto& h : history) changes.push_back(StageChangeJson(h));
  return Json{{"timeline", Timeline(c.ctx.catalogue, k, history)}, {"history", changes}};
}

Result<Json> TextRecords(Call& c, int64_t id) {
  FR_ASSIGN_OR_RETURN(auto records, services::RecordService(c.ctx).ListText(c.actor, id));
  Json out = Json::array();
  for (const auto& t : records) out.push_back(TextRecordJson(c.ctx.catalogue, t));
  return out;
}

// What the catalogue still asks of the case. Every text record of the case counts as present,
// also those the reader may not open: the requirement is met whoever can see the document.
Result<Json> MissingDocuments(Call& c, const Case& k) {
  Json out = Json::array();
  if (!c.ctx.catalogue) return out;
  FR_ASSIGN_OR_RETURN(
      auto rows,
      c.ctx.db.Query("SELECT DISTINCT doc_type FROM text_record WHERE case_id = ?", {k.id}));
  std::set<std::string> present;
  for (const auto& r : rows) present.insert(r.Text(0));
  for (const auto& m : c.ctx.catalogue->MissingDocuments(k.kind, k.stage, present, k.flags)) {
    out.push_back(MissingJson(c.ctx.catalogue, m));
  }
  return out;
}

Result<Json> AvRecords(Call& c, int64_t id) {
  FR_ASSIGN_OR_RETURN(auto records, services::RecordService(c.ctx).ListAv(c.actor, id));
  Json out = Json::array();
  for (const auto& a : records) out.push_back(AvRecordJson(a));
  return out;
}

}  // namespace

Result<Json> RetentionView(Call& c, const Case& k) {
  services::RetentionService retention(c.ctx);
  FR_ASSIGN_OR_RETURN(auto history, retention.History(c.actor, k.id));
  Json changes = Json::array();
  for (const auto& h : history) changes.push_back(RetentionChangeJson(h));

  FR_ASSIGN_OR_RETURN(
      auto rows, c.ctx.db.Query("SELECT id FROM disposal WHERE case_id = ? ORDER BY id", {k.id}));
  Json disposals = Json::array();
  for (const auto& r : rows) {
    FR_ASSIGN_OR_RETURN(auto d, retention.GetDisposal(c.actor, r.Int(0)));
    disposals.push_back(DisposalJson(d));
  }

  FR_ASSIGN_OR_RETURN(auto asked, retention.Proposals(c.actor, k.id));
  Json proposals = Json::array();
  for (const auto& p : asked) proposals.push_back(RetentionProposalJson(p));

  // Expiry: null while the period has not begun, and for a case kept for ever.
  auto expiry = services::RetentionService::ExpiresAt(k);
  bool begun = expiry.ok();
  bool forever = begun && !expiry->has_value();
  Json j = {{"retention", services::RetentionCode(k.retention)},
            {"retention_zh", services::RetentionNameZh(k.retention)},
            {"long_term", k.long_term},
            {"period_begun", begun},
            {"kept_forever",
             forever || k.retention == services::RetentionClass::kPermanent || k.long_term},
            {"history", changes},
            {"disposals", disposals},
            {"proposals", proposals}};
  PutTime(j, "expires_at", begun && !forever ? std::optional<UnixMicros>(**expiry) : std::nullopt);
  return j;
}

Result<Json> CopyRequestsOf(Call& c, const Case& k) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      c.ctx.db.Query("SELECT id FROM copy_request WHERE case_id = ? ORDER BY id", {k.id}));
  services::CopyService copies(c.ctx);
  Json out = Json::array();
  for (const auto& r : rows) {
    FR_ASSIGN_OR_RETURN(auto req, copies.Get(c.actor, r.Int(0)));
    out.push_back(CopyRequestJson(req));
  }
  return out;
}

Result<Json> CaseLedger(Call& c, int64_t case_id, int64_t limit) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      c.store.db().Query(
          "SELECT seq, data FROM ledger_entry WHERE json_extract(data, '$.detail.case') = ? "
          "ORDER BY seq LIMIT ?",
          {case_id, limit}));
  Json out = Json::array();
  for (const auto& r : rows) out.push_back(LedgerEntryJson(r.Int(0), r.Text(1)));
  return out;
}

Result<Json> CaseDetail(Call& c, int64_t id) {
  services::CaseService cases(c.ctx);
  FR_ASSIGN_OR_RETURN(Case k, cases.Get(c.actor, id));
  Json out = {{"case", CaseJson(c.ctx, k)}, {"may_change", services::MayChange(c.actor, k)}};
  FR_ASSIGN_OR_RETURN(out["stages"], StagesOf(c, k));
  FR_ASSIGN_OR_RETURN(out["text_records"], TextRecords(c, id));
  FR_ASSIGN_OR_RETURN(out["missing_documents"], MissingDocuments(c, k));
  FR_ASSIGN_OR_RETURN(out["av_records"], AvRecords(c, id));
  FR_ASSIGN_OR_RETURN(out["retention"], RetentionView(c, k));
  FR_ASSIGN_OR_RETURN(out["copy_requests"], CopyRequestsOf(c, k));
  FR_ASSIGN_OR_RETURN(out["ledger"], CaseLedger(c, id, 1000));

  // R13.1: shown until the disc set is registered; a calendar gap is said, not hidden.
  auto due = services::ArchiveDueAt(c.ctx, k);
  PutTime(out["case"], "archive_due_at", due.ok() ? *due : std::nullopt);
  if (!due.ok()) out["case"]["archive_due_problem"] = due.status().message();
  return out;
}

void AddCaseNumbers(Call& c, Json& items) {
  services::CaseService cases(c.ctx);
  std::map<int64_t, std::string> numbers;
  for (auto& item : items) {
    int64_t id = item.value("case_id", int64_t{0});
    auto [it, fresh] = numbers.try_emplace(id);
    if (fresh) {
      auto k = cases.Get(c.actor, id);
      if (k.ok()) it->second = k->number;
    }
    item["case_number"] = it->second;
  }
}

}  // namespace fullrecord::api
