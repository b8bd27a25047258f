// Views of retention, disposals, copies, findings and ledger entries.
#include "api/views.h"

namespace fullrecord::api {
namespace {

Json CopyEntryJson(const services::CopyEntry& e) {
  Json files = Json::array();
  if (e.excluded_reason.empty()) {
    for (const auto& f : e.files) {
      files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"sm3", f.sm3}, {"size", f.size}});
    }
  }
  return {{"kind", e.kind},
          {"id", e.id},
          {"title", e.title},
          {"classification", services::ClassificationCode(e.classification)},
          {"classification_zh", services::ClassificationNameZh(e.classification)},
          {"files", files},
          {"excluded_reason", e.excluded_reason},
          {"excluded_reason_zh", e.excluded_reason_zh}};
}

}  // namespace

Json RetentionChangeJson(const services::RetentionChange& r) {
  Json j = {{"id", r.id},
            {"from", services::RetentionCode(r.from)},
            {"from_zh", services::RetentionNameZh(r.from)},
            {"to", services::RetentionCode(r.to)},
            {"to_zh", services::RetentionNameZh(r.to)},
            {"long_term", r.long_term},
            {"trigger", r.trigger},
            {"reason", r.reason},
            {"actor", r.actor},
            {"approved_by", r.approved_by}};
  PutTime(j, "at", r.at_us);
  return j;
}

Json DisposalJson(const services::Disposal& d) {
  Json j = {{"id", d.id},
            {"case_id", d.case_id},
            {"state", services::DisposalStateCode(d.state)},
            {"reason", d.reason},
            {"proposed_by", d.proposed_by},
            {"decided_by", d.decided_by},
            {"decision", d.decision},
            {"executed_by", d.executed_by}};
  PutTime(j, "proposed_at", d.proposed_us);
  PutTime(j, "decided_at", d.decided_us);
  PutTime(j, "executed_at", d.executed_us);
  return j;
}

Json RetentionProposalJson(const services::RetentionProposal& p) {
  const auto& in = p.input;
  bool long_term = in.kind == "long_term";
  Json j = {{"id", p.id},
            {"case_id", p.case_id},
            {"kind", in.kind},
            {"kind_zh", long_term ? "长期保存" : "缩短保管期限"},
            {"trigger", in.trigger},
            {"to", in.to ? services::RetentionCode(*in.to) : ""},
            {"to_zh", in.to ? services::RetentionNameZh(*in.to) : ""},
            {"reason", in.reason},
            {"state", p.state},
            {"proposed_by", p.proposed_by},
            {"decided_by", p.decided_by},
            {"decision", p.decision}};
  PutTime(j, "proposed_at", p.proposed_us);
  PutTime(j, "decided_at", p.decided_us);
  return j;
}

Json CopyRequestJson(const services::CopyRequest& r) {
  Json items = Json::array();
  for (const auto& i : r.input.items) items.push_back({{"kind", i.kind}, {"id", i.id}});
  Json j = {{"id", r.id},
            {"case_id", r.case_id},
            {"party", r.input.party},
            {"purpose", r.input.purpose},
            {"all", r.input.all},
            {"items", items},
            {"state", services::CopyStateCode(r.state)},
            {"requested_by", r.requested_by},
            {"decided_by", r.decided_by},
            {"decision_note", r.decision_note},
            {"manifest", r.manifest},
            {"produced_by", r.produced_by},
            {"received_by", r.received_by},
            {"delivered_by", r.delivered_by}};
  PutTime(j, "requested_at", r.requested_us);
  PutTime(j, "decided_at", r.decided_us);
  PutTime(j, "produced_at", r.produced_us);
  PutTime(j, "delivered_at", r.delivered_us);
  return j;
}

Json CopySetJson(const services::CopySet& s) {
  Json included = Json::array();
  for (const auto& e : s.included) included.push_back(CopyEntryJson(e));
  Json excluded = Json::array();
  for (const auto& e : s.excluded) excluded.push_back(CopyEntryJson(e));
  return {{"request_id", s.request_id}, {"case_id", s.case_id}, {"case_number", s.case_number},
          {"party", s.party},           {"included", included}, {"excluded", excluded}};
}

Json FindingJson(const services::Finding& f) {
  Json j = {{"rule_id", f.rule_id},         {"rule", f.rule},
            {"severity", f.severity},       {"case_id", f.case_id},
            {"case_number", f.case_number}, {"object", f.object},
            {"message", f.message_zh},      {"message_en", f.message_en},
            {"responsible", f.responsible}};
  PutTime(j, "due_at", f.due_us);
  return j;
}

Json LedgerEntryJson(int64_t seq, const std::string& data) {
  Json stored = Json::parse(data, nullptr, false);
  if (stored.is_discarded() || !stored.is_object()) return {{"seq", seq}, {"unreadable", true}};
  Json j = {{"seq", seq},
            {"type", stored.value("type", "")},
            {"actor", stored.value("actor", "")},
            {"outcome", stored.value("outcome", "")},
            {"detail", stored.value("detail", Json::object())},
            {"time", stored.value("time", "")}};
  auto t = ParseRfc3339(j["time"].get<std::string>());
  j["time_display"] = t ? Json(services::FormatShanghaiMinute(*t)) : Json(nullptr);
  return j;
}

}  // namespace fullrecord::api
