// The document catalogue: which text records (文字记录, R3.2, R5.1–R5.3) each kind of case needs
// at each of the five stages (R3.1), and which fields each record needs (R6.2, R6.3). The
// catalogue is data (data/catalogue.json, format in the file's "about" text); this component
// loads and checks it and answers "what is missing". It changes nothing and logs nothing.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace fullrecord::services {

// The kinds of enforcement the regulation covers (R2.1, R5.1, R5.2).
enum class CaseKind {
  kPenalty,                  // 行政处罚
  kInspectionRoutine,        // 日常检查
  kInspectionRandom,         // 双随机一公开检查
  kInspectionComprehensive,  // 综合检查
  kInspectionSpecial,        // 专项检查
  kComplaint,                // 投诉举报核查
};

inline constexpr std::array<CaseKind, 6> kCaseKinds = {
    CaseKind::kPenalty,           CaseKind::kInspectionRoutine,
    CaseKind::kInspectionRandom,  CaseKind::kInspectionComprehensive,
    CaseKind::kInspectionSpecial, CaseKind::kComplaint,
};

// The five stages of R3.1, in the order a case passes through them.
enum class Stage {
  kStart,          // 程序启动
  kInvestigation,  // 调查取证
  kDecision,       // 审查决定
  kExecution,      // 送达执行
  kArchive,        // 归档管理
};

inline constexpr std::array<Stage, 5> kStages = {
    Stage::kStart, Stage::kInvestigation, Stage::kDecision, Stage::kExecution, Stage::kArchive,
};

// Stable codes ("penalty", "inspection_random" …) used in data, the API and the ledger.
const char* CaseKindCode(CaseKind kind);
// "行政处罚", "双随机一公开检查" …
const char* CaseKindNameZh(CaseKind kind);
// "Administrative penalty" …
const char* CaseKindNameEn(CaseKind kind);
// The kind whose code is `code`; InvalidArgument naming the valid codes otherwise.
Result<CaseKind> ParseCaseKind(std::string_view code);

// "start", "investigation", "decision", "execution", "archive".
const char* StageCode(Stage stage);
// "程序启动" …
const char* StageNameZh(Stage stage);
// "Procedure start" …
const char* StageNameEn(Stage stage);
// 0 for kStart up to 4 for kArchive: stages compare by this index.
int StageIndex(Stage stage);
// The stage whose code is `code`; InvalidArgument naming the valid codes otherwise.
Result<Stage> ParseStage(std::string_view code);

// How a field of a document is checked by Catalogue::MissingFields.
enum class FieldKind {
  kText,      // a string that is not blank; when `values` is set, one of them
  kTime,      // a string that is not blank (its format is checked where times are parsed)
  kOfficers,  // an array of at least `min_count` objects, each with a non-blank "name" and
              // "certificate_no", the certificate numbers all different (R6.2; Administrative
              // Penalty Law art. 42: two officers holding certificates)
  kList,      // an array of at least `min_count` items, none null or blank
};
// "text", "time", "officers" or "list", as written in the catalogue file.
const char* FieldKindCode(FieldKind kind);

struct FieldSpec {
  std::string name;     // key in the document's fields object, e.g. "served_at"
  std::string name_zh;  // label for people, e.g. "送达时间"
  FieldKind kind = FieldKind::kText;
  int min_count = 0;                // kOfficers and kList only
  std::vector<std::string> values;  // kText only; empty: any non-blank text
};

struct DocType {
  std::string code;     // e.g. "service_receipt"
  std::string name_zh;  // e.g. "送达回执"
  std::string name_en;  // e.g. "Service receipt"
  std::vector<FieldSpec> fields;
  std::vector<std::string> requirement_ids;  // the R-ids the document serves, e.g. {"R3.2"}
};

// A condition of a case that switches documents on or off, e.g. "if_hearing".
struct Flag {
  std::string code;
  std::string name_zh;
  std::string name_en;
};

// One line of the catalogue: in a case of `kind` that has reached `stage`, at least one
// document of a type in `any_of` must be present, provided the flag `when` is set (or `when`
// is empty) and the flag `unless` is not set (or `unless` is empty).
struct Requirement {
  CaseKind kind = CaseKind::kPenalty;
  Stage stage = Stage::kStart;
  std::vector<std::string> any_of;
  std::string when;
  std::string unless;
  std::string requirement_id;  // the R-id it enforces, e.g. "R5.2"

  // True when this requirement holds for a case with `flags` set.
  bool AppliesUnder(const std::set<std::string>& flags) const;
};

// A requirement that a case does not meet: none of `any_of` is present.
struct Missing {
  Stage stage = Stage::kStart;
  std::vector<std::string> any_of;
  std::string requirement_id;

  bool operator==(const Missing&) const = default;
};

class Catalogue {
 public:
  // Reads and checks a catalogue file. NotFound or IOError when the file cannot be read;
  // InvalidArgument naming the file and the problem when its content is wrong (see LoadJson).
  static Result<Catalogue> LoadFile(const std::string& path);

  // Parses and checks catalogue JSON. InvalidArgument naming the place and the problem when the
  // text is not JSON, a key is unknown or missing, a code is duplicated, a requirement names an
  // unknown document type, flag, case kind or stage, a requirement falls on a stage its kind
  // does not use, or a case kind is not described.
  static Result<Catalogue> LoadJson(std::string_view text);

  // The document type with `code`, or nullptr. The pointer lives as long as the catalogue.
  const DocType* Find(std::string_view code) const;
  // The flag with `code`, or nullptr. The pointer lives as long as the catalogue.
  const Flag* FindFlag(std::string_view code) const;

  // Everything, in file order.
  const std::vector<DocType>& types() const { return types_; }
  const std::vector<Flag>& flags() const { return flags_; }
  const std::vector<Requirement>& requirements() const { return requirements_; }

  // The stages a case of `kind` passes through, in order.
  const std::vector<Stage>& StagesOf(CaseKind kind) const;

  // The names of the fields of `type` that `fields` lacks or that break their rule (see
  // FieldKind), in the type's order; empty when the document is complete. A `fields` that is
  // not an object lacks every field.
  std::vector<std::string> MissingFields(const DocType& type, const Json& fields) const;

  // Every requirement of `kind` at each stage up to and including `reached` that applies under
  // `flags` and that none of `present_types` meets, ordered by stage, then by file order.
  // Unknown codes in `present_types` or `flags` meet nothing and switch nothing on; callers
  // check them with Find and FindFlag.
  std::vector<Missing> MissingDocuments(CaseKind kind, Stage reached,
                                        const std::set<std::string>& present_types,
                                        const std::set<std::string>& flags) const;

 private:
  Catalogue() = default;

  Status Parse(const Json& root);
  Status ParseFlags(const Json& list);
  Status ParseCaseKinds(const Json& list);
  Status ParseDocTypes(const Json& list);
  Status ParseRequirements(const Json& list);
  Status ParseRequirement(const Json& item, const std::string& where);
  Status CheckRequirementRefs(const Requirement& req, const std::string& where) const;

  std::vector<DocType> types_;
  std::vector<Flag> flags_;
  std::vector<Requirement> requirements_;
  std::array<std::vector<Stage>, kCaseKinds.size()> stages_;
  std::map<std::string, size_t, std::less<>> type_index_;
  std::map<std::string, size_t, std::less<>> flag_index_;
};

// The catalogue file to load: $FULLRECORD_CATALOGUE when set and not empty, else
// `<store_dir>/catalogue.json` when that file exists, else FR_DATA_DIR "/catalogue.json" (the
// shipped copy). The file is not opened or checked.
std::string FindCatalogueFile(const std::string& store_dir);

}  // namespace fullrecord::services
