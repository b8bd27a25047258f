// Views of the bureau and of cases.
#include "api/views.h"

namespace fullrecord::api {

using services::Case;

void PutTime(Json& j, const std::string& key, std::optional<UnixMicros> t) {
  j[key] = t ? Json(FormatUtc(*t)) : Json(nullptr);
  j[key + "_display"] = t ? Json(services::FormatShanghaiMinute(*t)) : Json(nullptr);
}

Json RoleListJson(const std::vector<services::Role>& roles) {
  Json out = Json::array();
  for (auto r : roles)
    out.push_back({{"code", services::RoleCode(r)}, {"name_zh", services::RoleNameZh(r)}});
  return out;
}

Json PersonJson(const services::Person& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"section", p.section},
          {"cert_no", p.cert_no},
          {"cert_valid_until", p.cert_valid_until},
          {"active", p.active},
          {"roles", RoleListJson(p.roles)}};
}

Json DeviceJson(const services::Device& d) {
  return {{"serial", d.serial}, {"type", d.type}, {"section", d.section}};
}

Json AssignmentJson(const services::Assignment& a) {
  Json j = {{"serial", a.serial}, {"person", a.person}, {"current", !a.to_us.has_value()}};
  PutTime(j, "from", a.from_us);
  PutTime(j, "to", a.to_us);
  return j;
}

Json CaseSummaryJson(const Case& c) {
  Json flags = Json::array();
  for (const auto& f : c.flags) flags.push_back(f);
  Json j = {{"id", c.id},
            {"number", c.number},
            {"title", c.title},
            {"kind", services::CaseKindCode(c.kind)},
            {"kind_zh", services::CaseKindNameZh(c.kind)},
            {"section", c.section},
            {"stage", services::StageCode(c.stage)},
            {"stage_zh", services::StageNameZh(c.stage)},
            {"classification", services::ClassificationCode(c.classification)},
            {"classification_zh", services::ClassificationNameZh(c.classification)},
            {"retention", services::RetentionCode(c.retention)},
            {"retention_zh", services::RetentionNameZh(c.retention)},
            {"long_term", c.long_term},
            {"flags", flags},
            {"created_by", c.created_by}};
  PutTime(j, "created_at", c.created_us);
  PutTime(j, "onsite_start_at", c.onsite_start_us);
  PutTime(j, "onsite_end_at", c.onsite_end_us);
  PutTime(j, "ended_at", c.ended_us);
  PutTime(j, "archived_at", c.archived_us);
  PutTime(j, "disposed_at", c.disposed_us);
  return j;
}

Json CaseJson(services::Context& ctx, const Case& c) {
  Json j = CaseSummaryJson(c);
  services::BureauService bureau(ctx);
  Json officers = Json::array();
  for (const auto& id : c.officers) {
    auto p = bureau.GetPerson(id);
    officers.push_back({{"id", id}, {"name", p.ok() ? p->name : id}});
  }
  Json parties = Json::array();
  for (const auto& p : c.parties) {
    parties.push_back({{"name", p.name}, {"type", p.type}, {"id_no", p.id_no}});
  }
  j["officers"] = officers;
  j["parties"] = parties;
  return j;
}

Json StageChangeJson(const services::StageChange& s) {
  Json j = {{"from", s.from ? Json(services::StageCode(*s.from)) : Json(nullptr)},
            {"from_zh", s.from ? Json(services::StageNameZh(*s.from)) : Json(nullptr)},
            {"to", services::StageCode(s.to)},
            {"to_zh", services::StageNameZh(s.to)},
            {"backward", s.backward},
            {"reason", s.reason},
            {"actor", s.actor}};
  PutTime(j, "at", s.at_us);
  return j;
}

Json MissingJson(const services::Catalogue* catalogue, const services::Missing& m) {
  Json any_of = Json::array();
  for (const auto& code : m.any_of) {
    const services::DocType* type = catalogue ? catalogue->Find(code) : nullptr;
    any_of.push_back({{"code", code}, {"name_zh", type ? type->name_zh : code}});
  }
  return {{"stage", services::StageCode(m.stage)},
          {"stage_zh", services::StageNameZh(m.stage)},
          {"any_of", any_of},
          {"requirement_id", m.requirement_id}};
}

}  // namespace fullrecord::api
