#include "services/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#ifndef FR_DATA_DIR
#define FR_DATA_DIR "data"
#endif

namespace fullrecord::services {
namespace {

constexpr std::string_view kFormatName = "fullrecord-catalogue";
constexpr int kFormatVersion = 1;
constexpr int kDefaultMinOfficers = 2;  // Administrative Penalty Law art. 42

struct KindInfo {
  CaseKind kind;
  const char* code;
  const char* name_zh;
  const char* name_en;
};

constexpr KindInfo kKindInfo[] = {
    {CaseKind::kPenalty, "penalty", "行政处罚", "Administrative penalty"},
    {CaseKind::kInspectionRoutine, "inspection_routine", "日常检查", "Routine inspection"},
    {CaseKind::kInspectionRandom, "inspection_random", "双随机一公开检查",
     "\"Double random, one public\" inspection"},
    {CaseKind::kInspectionComprehensive, "inspection_comprehensive", "综合检查",
     "Comprehensive inspection"},
    {CaseKind::kInspectionSpecial, "inspection_special", "专项检查", "Special inspection"},
    {CaseKind::kComplaint, "complaint", "投诉举报核查", "Complaint and report verification"},
};

struct StageInfo {
  Stage stage;
  const char* code;
  const char* name_zh;
  const char* name_en;
};

constexpr StageInfo kStageInfo[] = {
    {Stage::kStart, "start", "程序启动", "Procedure start"},
    {Stage::kInvestigation, "investigation", "调查取证", "Investigation and evidence"},
    {Stage::kDecision, "decision", "审查决定", "Review and decision"},
    {Stage::kExecution, "execution", "送达执行", "Service and execution"},
    {Stage::kArchive, "archive", "归档管理", "Archiving"},
};

constexpr const char* kFieldKindCodes[] = {"text", "time", "officers", "list"};

// The tables are indexed by the enums' values, so their rows must follow the enums' order.
constexpr bool TablesFollowEnums() {
  for (size_t i = 0; i < kCaseKinds.size(); ++i) {
    if (kKindInfo[i].kind != kCaseKinds[i]) return false;
  }
  for (size_t i = 0; i < kStages.size(); ++i) {
    if (kStageInfo[i].stage != kStages[i]) return false;
  }
  return std::size(kKindInfo) == kCaseKinds.size() && std::size(kStageInfo) == kStages.size();
}
static_assert(TablesFollowEnums());

const KindInfo& InfoOf(CaseKind kind) {
  return kKindInfo[static_cast<size_t>(kind)];
}
const StageInfo& InfoOf(Stage stage) {
  return kStageInfo[static_cast<size_t>(stage)];
}

template <typename Row>
std::string JoinCodes(const Row* rows, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    out += rows[i].code;
  }
  return out;
}

template <typename Row>
std::string JoinNamesZh(const Row* rows, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += "、";
    out += rows[i].name_zh;
  }
  return out;
}

std::string Quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

Status Invalid(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what);
}

// True for text made only of white space, counting the ideographic space U+3000.
bool IsBlankText(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  size_t i = 0;
  while (i < s.size()) {
    if (s.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
      i += kIdeographicSpace.size();
    } else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

bool IsBlank(const Json& value) {
  return !value.is_string() || IsBlankText(value.get_ref<const std::string&>());
}

// Codes are lower-case snake_case: "service_receipt", "if_hearing".
bool IsCode(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "R5" or "R5.2".
bool IsRequirementId(std::string_view s) {
  if (s.size() < 2 || s[0] != 'R') return false;
  std::string_view rest = s.substr(1);
  size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return AllDigits(rest);
  return AllDigits(rest.substr(0, dot)) && AllDigits(rest.substr(dot + 1));
}

using Keys = std::initializer_list<std::string_view>;

bool Contains(Keys keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// `value` must be an object with every key of `required` and no key outside `required` and
// `optional`: a misspelt key is an error, never silently ignored.
Status CheckKeys(const Json& value, Keys required, Keys optional, const std::string& where) {
  if (!value.is_object()) return Invalid(where, "must be an object");

  for (std::string_view key : required) {
    if (!value.contains(std::string(key))) return Invalid(where, "lacks key " + Quote(key));
  }

  for (const auto& item : value.items()) {
    if (!Contains(required, item.key()) && !Contains(optional, item.key())) {
      return Invalid(where, "unknown key " + Quote(item.key()));
    }
  }
  return Status::Ok();
}

// The non-blank string at `key`; "" when the key is absent.
Result<std::string> GetText(const Json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) return std::string();
  if (IsBlank(*it)) return Invalid(where, Quote(key) + " must be a non-blank string");
  return it->get<std::string>();
}

// The non-empty array of non-blank strings at `key`.
Result<std::vector<std::string>> GetTextList(const Json& object, const char* key,
                                             const std::string& where) {
  const Json& list = object.at(key);
  if (!list.is_array() || list.empty()) {
    return Invalid(where, Quote(key) + " must be a non-empty array");
  }

  std::vector<std::string> out;
  for (const Json& item : list) {
    if (IsBlank(item)) return Invalid(where, Quote(key) + " must hold non-blank strings only");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::string> GetCode(const Json& object, const std::string& where) {
  FR_ASSIGN_OR_RETURN(std::string code, GetText(object, "code", where));
  if (!IsCode(code)) return Invalid(where, "code " + Quote(code) + " is not lower snake_case");
  return code;
}

Status CheckRequirementIds(const std::vector<std::string>& ids, const std::string& where) {
  for (const std::string& id : ids) {
    if (!IsRequirementId(id)) return Invalid(where, Quote(id) + " is not a requirement id (R5.2)");
  }
  return Status::Ok();
}

Result<FieldKind> ParseFieldKind(const std::string& code, const std::string& where) {
  for (size_t i = 0; i < std::size(kFieldKindCodes); ++i) {
    if (code == kFieldKindCodes[i]) return static_cast<FieldKind>(i);
  }
  return Invalid(where,
                 "unknown field kind " + Quote(code) + " (valid: text, time, officers, list)");
}

Status ParseMinCount(const Json& item, FieldSpec* spec, const std::string& where) {
  bool counted = spec->kind == FieldKind::kOfficers || spec->kind == FieldKind::kList;
  spec->min_count = spec->kind == FieldKind::kOfficers ? kDefaultMinOfficers : counted ? 1 : 0;
  if (!item.contains("min")) return Status::Ok();

  if (!counted) return Invalid(where, "\"min\" applies to officers and list fields only");
  const Json& min = item.at("min");
  if (!min.is_number_integer() || min.get<int64_t>() < 1 || min.get<int64_t>() > 100) {
    return Invalid(where, "\"min\" must be an integer from 1 to 100");
  }
  spec->min_count = min.get<int>();
  return Status::Ok();
}

Result<FieldSpec> ParseField(const Json& item, const std::string& where) {
  FR_RETURN_IF_ERROR(CheckKeys(item, {"name", "name_zh", "kind"}, {"min", "values"}, where));

  FieldSpec spec;
  FR_ASSIGN_OR_RETURN(spec.name, GetText(item, "name", where));
  FR_ASSIGN_OR_RETURN(spec.name_zh, GetText(item, "name_zh", where));
  FR_ASSIGN_OR_RETURN(std::string kind, GetText(item, "kind", where));
  FR_ASSIGN_OR_RETURN(spec.kind, ParseFieldKind(kind, where));
  FR_RETURN_IF_ERROR(ParseMinCount(item, &spec, where));

  if (item.contains("values")) {
    if (spec.kind != FieldKind::kText) return Invalid(where, "\"values\" applies to text only");
    FR_ASSIGN_OR_RETURN(spec.values, GetTextList(item, "values", where));
  }
  return spec;
}

Result<std::vector<FieldSpec>> ParseFields(const Json& list, const std::string& where) {
  if (!list.is_array()) return Invalid(where, "\"fields\" must be an array");

  std::vector<FieldSpec> fields;
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string field_where = where + ": fields[" + std::to_string(i) + "]";
    FR_ASSIGN_OR_RETURN(FieldSpec spec, ParseField(list[i], field_where));
    if (!names.insert(spec.name).second) {
      return Invalid(field_where, "duplicate field " + Quote(spec.name));
    }
    fields.push_back(std::move(spec));
  }
  return fields;
}

Result<std::vector<Stage>> ParseStageList(const Json& item, const std::string& where) {
  FR_ASSIGN_OR_RETURN(std::vector<std::string> codes, GetTextList(item, "stages", where));

  std::vector<Stage> stages;
  for (const std::string& code : codes) {
    auto stage = ParseStage(code);
    if (!stage.ok()) return Invalid(where, stage.status().message());
    if (!stages.empty() && StageIndex(*stage) <= StageIndex(stages.back())) {
      return Invalid(where, "stages must be in order without repeats, at " + Quote(code));
    }
    stages.push_back(*stage);
  }
  return stages;
}

bool OfficersMet(const Json& value, int min_count) {
  if (!value.is_array() || value.size() < static_cast<size_t>(min_count)) return false;

  std::set<std::string> certificates;
  for (const Json& officer : value) {
    if (!officer.is_object() || IsBlank(officer.value("name", Json()))) return false;
    const Json certificate = officer.value("certificate_no", Json());
    if (IsBlank(certificate)) return false;
    if (!certificates.insert(certificate.get<std::string>()).second) return false;
  }
  return true;
}

bool ListMet(const Json& value, int min_count) {
  if (!value.is_array() || value.size() < static_cast<size_t>(min_count)) return false;
  return std::none_of(value.begin(), value.end(), [](const Json& item) {
    return item.is_null() || (item.is_string() && IsBlank(item)) ||
           (item.is_structured() && item.empty());
  });
}

bool FieldMet(const FieldSpec& spec, const Json& fields) {
  if (!fields.is_object() || !fields.contains(spec.name)) return false;
  const Json& value = fields.at(spec.name);

  switch (spec.kind) {
    case FieldKind::kText:
      if (IsBlank(value)) return false;
      return spec.values.empty() || std::find(spec.values.begin(), spec.values.end(),
                                              value.get<std::string>()) != spec.values.end();
    case FieldKind::kTime: return !IsBlank(value);
    case FieldKind::kOfficers: return OfficersMet(value, spec.min_count);
    case FieldKind::kList: return ListMet(value, spec.min_count);
  }
  return false;
}

}  // namespace

const char* FieldKindCode(FieldKind kind) {
  return kFieldKindCodes[static_cast<size_t>(kind)];
}

const char* CaseKindCode(CaseKind kind) {
  return InfoOf(kind).code;
}
const char* CaseKindNameZh(CaseKind kind) {
  return InfoOf(kind).name_zh;
}
const char* CaseKindNameEn(CaseKind kind) {
  return InfoOf(kind).name_en;
}

Result<CaseKind> ParseCaseKind(std::string_view code) {
  for (const KindInfo& info : kKindInfo) {
    if (code == info.code) return info.kind;
  }
  return Status::InvalidArgument("unknown case kind " + Quote(code) +
                                     " (valid: " + JoinCodes(kKindInfo, std::size(kKindInfo)) + ")",
                                 "案件类型“" + std::string(code) + "”无效，应为以下之一：" +
                                     JoinNamesZh(kKindInfo, std::size(kKindInfo)));
}

const char* StageCode(Stage stage) {
  return InfoOf(stage).code;
}
const char* StageNameZh(Stage stage) {
  return InfoOf(stage).name_zh;
}
const char* StageNameEn(Stage stage) {
  return InfoOf(stage).name_en;
}
int StageIndex(Stage stage) {
  return static_cast<int>(stage);
}

Result<Stage> ParseStage(std::string_view code) {
  for (const StageInfo& info : kStageInfo) {
    if (code == info.code) return info.stage;
  }
  return Status::InvalidArgument("unknown stage " + Quote(code) + " (valid: " +
                                     JoinCodes(kStageInfo, std::size(kStageInfo)) + ")",
                                 "执法阶段“" + std::string(code) + "”无效，应为以下之一：" +
                                     JoinNamesZh(kStageInfo, std::size(kStageInfo)));
}

bool Requirement::AppliesUnder(const std::set<std::string>& flags) const {
  bool when_holds = when.empty() || flags.count(when) > 0;
  bool unless_holds = !unless.empty() && flags.count(unless) > 0;
  return when_holds && !unless_holds;
}

Result<Catalogue> Catalogue::LoadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("catalogue file " + path + " does not exist");
  }

  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in.is_open()) text << in.rdbuf();
  if (!in.is_open() || in.bad()) return Status::IOError("cannot read catalogue file " + path);

  auto catalogue = LoadJson(text.str());
  if (!catalogue.ok()) return catalogue.status().WithContext(path);
  return catalogue;
}

Result<Catalogue> Catalogue::LoadJson(std::string_view text) {
  Json root = Json::parse(text, nullptr, false);
  if (root.is_discarded()) return Status::InvalidArgument("catalogue: the text is not valid JSON");

  Catalogue catalogue;
  FR_RETURN_IF_ERROR(catalogue.Parse(root).WithContext("catalogue"));
  return catalogue;
}

Status Catalogue::Parse(const Json& root) {
  FR_RETURN_IF_ERROR(
      CheckKeys(root, {"format", "version", "flags", "case_kinds", "doc_types", "requirements"},
                {"about"}, "top level"));
  if (root.at("format") != std::string(kFormatName) || root.at("version") != kFormatVersion) {
    return Invalid("top level", "format must be " + Quote(kFormatName) + " version " +
                                    std::to_string(kFormatVersion));
  }

  for (const char* key : {"flags", "case_kinds", "doc_types", "requirements"}) {
    if (!root.at(key).is_array()) return Invalid("top level", Quote(key) + " must be an array");
  }

  // Requirements refer to flags, stages and document types, so those are read first.
  FR_RETURN_IF_ERROR(ParseFlags(root.at("flags")));
  FR_RETURN_IF_ERROR(ParseCaseKinds(root.at("case_kinds")));
  FR_RETURN_IF_ERROR(ParseDocTypes(root.at("doc_types")));
  return ParseRequirements(root.at("requirements"));
}

Status Catalogue::ParseFlags(const Json& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string where = "flags[" + std::to_string(i) + "]";
    FR_RETURN_IF_ERROR(CheckKeys(list[i], {"code", "name_zh", "name_en"}, {}, where));

    Flag flag;
    FR_ASSIGN_OR_RETURN(flag.code, GetCode(list[i], where));
    FR_ASSIGN_OR_RETURN(flag.name_zh, GetText(list[i], "name_zh", where));
    FR_ASSIGN_OR_RETURN(flag.name_en, GetText(list[i], "name_en", where));
    if (!flag_index_.emplace(flag.code, flags_.size()).second) {
      return Invalid(where, "duplicate flag " + Quote(flag.code));
    }
    flags_.push_back(std::move(flag));
  }
  return Status::Ok();
}

Status Catalogue::ParseCaseKinds(const Json& list) {
  std::set<CaseKind> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string where = "case_kinds[" + std::to_string(i) + "]";
    FR_RETURN_IF_ERROR(CheckKeys(list[i], {"code", "stages"}, {}, where));

    FR_ASSIGN_OR_RETURN(std::string code, GetText(list[i], "code", where));
    auto kind = ParseCaseKind(code);
    if (!kind.ok()) return Invalid(where, kind.status().message());
    if (!seen.insert(*kind).second) return Invalid(where, "duplicate case kind " + Quote(code));
    FR_ASSIGN_OR_RETURN(stages_[static_cast<size_t>(*kind)], ParseStageList(list[i], where));
  }

  // Every kind the code knows must be described, or its cases would silently need nothing.
  for (CaseKind kind : kCaseKinds) {
    if (seen.count(kind) == 0) {
      return Invalid("case_kinds", "case kind " + Quote(CaseKindCode(kind)) + " is not described");
    }
  }
  return Status::Ok();
}

Status Catalogue::ParseDocTypes(const Json& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string where = "doc_types[" + std::to_string(i) + "]";
    FR_RETURN_IF_ERROR(CheckKeys(
        list[i], {"code", "name_zh", "name_en", "fields", "requirement_ids"}, {"note"}, where));

    DocType type;
    FR_ASSIGN_OR_RETURN(type.code, GetCode(list[i], where));
    where += " " + Quote(type.code);
    FR_ASSIGN_OR_RETURN(type.name_zh, GetText(list[i], "name_zh", where));
    FR_ASSIGN_OR_RETURN(type.name_en, GetText(list[i], "name_en", where));
    FR_ASSIGN_OR_RETURN(type.fields, ParseFields(list[i].at("fields"), where));
    FR_ASSIGN_OR_RETURN(type.requirement_ids, GetTextList(list[i], "requirement_ids", where));
    FR_RETURN_IF_ERROR(CheckRequirementIds(type.requirement_ids, where));

    if (!type_index_.emplace(type.code, types_.size()).second) {
      return Invalid(where, "duplicate document type " + Quote(type.code));
    }
    types_.push_back(std::move(type));
  }
  return Status::Ok();
}

Status Catalogue::ParseRequirements(const Json& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    FR_RETURN_IF_ERROR(ParseRequirement(list[i], "requirements[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

// One entry may name several kinds; it becomes one Requirement per kind.
Status Catalogue::ParseRequirement(const Json& item, const std::string& where) {
  FR_RETURN_IF_ERROR(CheckKeys(item, {"kinds", "stage", "any_of", "requirement_id"},
                               {"when", "unless", "note"}, where));

  Requirement req;
  FR_ASSIGN_OR_RETURN(std::string stage, GetText(item, "stage", where));
  auto parsed_stage = ParseStage(stage);
  if (!parsed_stage.ok()) return Invalid(where, parsed_stage.status().message());
  req.stage = *parsed_stage;
  FR_ASSIGN_OR_RETURN(req.any_of, GetTextList(item, "any_of", where));
  FR_ASSIGN_OR_RETURN(req.when, GetText(item, "when", where));
  FR_ASSIGN_OR_RETURN(req.unless, GetText(item, "unless", where));
  FR_ASSIGN_OR_RETURN(req.requirement_id, GetText(item, "requirement_id", where));
  FR_RETURN_IF_ERROR(CheckRequirementIds({req.requirement_id}, where));

  FR_ASSIGN_OR_RETURN(std::vector<std::string> kinds, GetTextList(item, "kinds", where));
  for (const std::string& code : kinds) {
    auto kind = ParseCaseKind(code);
    if (!kind.ok()) return Invalid(where, kind.status().message());
    req.kind = *kind;
    FR_RETURN_IF_ERROR(CheckRequirementRefs(req, where));
    requirements_.push_back(req);
  }
  return Status::Ok();
}

Status Catalogue::CheckRequirementRefs(const Requirement& req, const std::string& where) const {
  std::set<std::string> seen;
  for (const std::string& code : req.any_of) {
    if (Find(code) == nullptr) return Invalid(where, "unknown document type " + Quote(code));
    if (!seen.insert(code).second) return Invalid(where, "document type repeated: " + Quote(code));
  }

  for (const std::string* flag : {&req.when, &req.unless}) {
    if (!flag->empty() && FindFlag(*flag) == nullptr) {
      return Invalid(where, "unknown flag " + Quote(*flag));
    }
  }
  if (!req.when.empty() && req.when == req.unless) {
    return Invalid(where, "\"when\" and \"unless\" name the same flag " + Quote(req.when));
  }

  const std::vector<Stage>& stages = StagesOf(req.kind);
  if (std::find(stages.begin(), stages.end(), req.stage) == stages.end()) {
    return Invalid(where, "case kind " + Quote(CaseKindCode(req.kind)) + " does not use stage " +
                              Quote(StageCode(req.stage)));
  }
  return Status::Ok();
}

const DocType* Catalogue::Find(std::string_view code) const {
  auto it = type_index_.find(code);
  return it == type_index_.end() ? nullptr : &types_[it->second];
}

const Flag* Catalogue::FindFlag(std::string_view code) const {
  auto it = flag_index_.find(code);
  return it == flag_index_.end() ? nullptr : &flags_[it->second];
}

const std::vector<Stage>& Catalogue::StagesOf(CaseKind kind) const {
  return stages_[static_cast<size_t>(kind)];
}

std::vector<std::string> Catalogue::MissingFields(const DocType& type, const Json& fields) const {
  std::vector<std::string> missing;
  for (const FieldSpec& spec : type.fields) {
    if (!FieldMet(spec, fields)) missing.push_back(spec.name);
  }
  return missing;
}

std::vector<Missing> Catalogue::MissingDocuments(CaseKind kind, Stage reached,
                                                 const std::set<std::string>& present_types,
                                                 const std::set<std::string>& flags) const {
  std::vector<Missing> missing;
  for (const Requirement& req : requirements_) {
    if (req.kind != kind || StageIndex(req.stage) > StageIndex(reached)) continue;
    if (!req.AppliesUnder(flags)) continue;

    bool met = std::any_of(req.any_of.begin(), req.any_of.end(),
                           [&](const std::string& code) { return present_types.count(code) > 0; });
    if (!met) missing.push_back(Missing{req.stage, req.any_of, req.requirement_id});
  }

  // The file need not list requirements stage by stage; the answer is.
  std::stable_sort(missing.begin(), missing.end(), [](const Missing& a, const Missing& b) {
    return StageIndex(a.stage) < StageIndex(b.stage);
  });
  return missing;
}

std::string FindCatalogueFile(const std::string& store_dir) {
  const char* from_env = std::getenv("FULLRECORD_CATALOGUE");
  if (from_env != nullptr && *from_env != '\0') return from_env;

  if (!store_dir.empty()) {
    std::string in_store = store_dir + "/catalogue.json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(in_store, ec)) return in_store;
  }
  return FR_DATA_DIR "/catalogue.json";
}

}  // namespace fullrecord::services
