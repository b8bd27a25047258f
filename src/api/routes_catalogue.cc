// GET /api/catalogue: every code the case and record pages offer, with its Chinese name, so the
// web UI never hard-codes a list the server also keeps.
#include "api/routes.h"
#include "services/catalogue.h"
#include "services/records.h"

namespace fullrecord::api {
namespace {

using services::Classification;
using services::RetentionClass;

// Codes whose Chinese names live only here: the services keep the codes.
struct NamedCode {
  const char* code;
  const char* name_zh;
};

constexpr NamedCode kInterruptionReasons[] = {
    {"device_fault", "设备故障或损坏"},
    {"low_battery", "电量不足"},
    {"storage_full", "存储空间已满"},
    {"bad_weather", "恶劣天气"},
    {"obstruction", "现场人员阻挠"},
    {"r8_content", "涉及不宜录制的内容"},
    {"other", "其他原因"},
};
constexpr NamedCode kUploadExemptions[] = {
    {"continuous_enforcement", "连续执法"},
    {"away_from_base", "异地执法"},
    {"poor_transport", "交通不便"},
};
constexpr NamedCode kLongTermTriggers[] = {
    {"R14.1", "当事人对现场执法有异议或投诉、上访"},
    {"R14.2", "当事人拒绝、阻挠执法或辱骂、殴打执法人员"},
    {"R14.3", "处置群体性事件或突发事件"},
    {"R14.4", "其他需要长期保存的情形"},
};

Json NamedCodes(const NamedCode* begin, const NamedCode* end) {
  Json out = Json::array();
  for (const NamedCode* n = begin; n != end; ++n) {
    out.push_back({{"code", n->code}, {"name_zh", n->name_zh}});
  }
  return out;
}

Json KindsJson(const services::Catalogue* catalogue) {
  Json out = Json::array();
  for (auto kind : services::kCaseKinds) {
    Json stages = Json::array();
    if (catalogue) {
      for (auto s : catalogue->StagesOf(kind)) stages.push_back(services::StageCode(s));
    }
    out.push_back({{"code", services::CaseKindCode(kind)},
                   {"name_zh", services::CaseKindNameZh(kind)},
                   {"name_en", services::CaseKindNameEn(kind)},
                   {"stages", stages}});
  }
  return out;
}

Json DocTypesJson(const services::Catalogue* catalogue) {
  Json out = Json::array();
  if (!catalogue) return out;
  for (const auto& t : catalogue->types()) {
    Json fields = Json::array();
    for (const auto& f : t.fields) {
      Json field = {{"name", f.name}, {"name_zh", f.name_zh}, {"kind", services::FieldKindCode(f.kind)}};
      if (f.kind == services::FieldKind::kOfficers || f.kind == services::FieldKind::kList) {
        field["min"] = f.min_count;
      }
      if (!f.values.empty()) field["values"] = f.values;
      fields.push_back(std::move(field));
    }
    out.push_back({{"code", t.code},
                   {"name_zh", t.name_zh},
                   {"name_en", t.name_en},
                   {"fields", fields},
                   {"requirement_ids", t.requirement_ids}});
  }
  return out;
}

Json FlagsJson(const services::Catalogue* catalogue) {
  Json out = Json::array();
  if (!catalogue) return out;
  for (const auto& f : catalogue->flags()) {
    out.push_back({{"code", f.code}, {"name_zh", f.name_zh}, {"name_en", f.name_en}});
  }
  return out;
}

Json EnumsJson() {
  Json stages = Json::array();
  for (auto s : services::kStages) {
    stages.push_back({{"code", services::StageCode(s)}, {"name_zh", services::StageNameZh(s)}});
  }
  Json classes = Json::array();
  for (auto c : {Classification::kOrdinary, Classification::kInternal,
                 Classification::kCommercialSecret, Classification::kPersonalPrivacy}) {
    classes.push_back({{"code", services::ClassificationCode(c)},
                       {"name_zh", services::ClassificationNameZh(c)},
                       {"secret", services::IsSecret(c)}});
  }
  Json retention = Json::array();
  for (auto r :
       {RetentionClass::kTenYears, RetentionClass::kThirtyYears, RetentionClass::kPermanent}) {
    retention.push_back(
        {{"code", services::RetentionCode(r)}, {"name_zh", services::RetentionNameZh(r)}});
  }
  Json checklist = Json::array();
  for (const auto& i : services::ChecklistItems()) {
    checklist.push_back(
        {{"code", i.code}, {"name_zh", i.name_zh}, {"requirement_id", i.requirement_id}});
  }
  return {{"stages", stages},
          {"classifications", classes},
          {"retention_classes", retention},
          {"checklist_items", checklist}};
}

}  // namespace

void CatalogueReference(Call& c) {
  Json out = EnumsJson();
  out["case_kinds"] = KindsJson(c.ctx.catalogue);
  out["doc_types"] = DocTypesJson(c.ctx.catalogue);
  out["flags"] = FlagsJson(c.ctx.catalogue);
  out["interruption_reasons"] =
      NamedCodes(std::begin(kInterruptionReasons), std::end(kInterruptionReasons));
  out["upload_exemptions"] = NamedCodes(std::begin(kUploadExemptions), std::end(kUploadExemptions));
  out["long_term_triggers"] =
      NamedCodes(std::begin(kLongTermTriggers), std::end(kLongTermTriggers));
  c.Reply(out);
}

}  // namespace fullrecord::api
