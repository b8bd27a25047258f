#include "services/catalogue.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#ifndef FR_DATA_DIR
#define FR_DATA_DIR "data"  // as in catalogue.cc
#endif

namespace fullrecord::services {
namespace {

std::string ShippedFile() {
  return std::string(FR_SOURCE_DIR) + "/data/catalogue.json";
}

Catalogue Shipped() {
  auto catalogue = Catalogue::LoadFile(ShippedFile());
  EXPECT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  return std::move(catalogue).value();
}

std::set<std::string> AnyOfCodes(const std::vector<Missing>& missing) {
  std::set<std::string> codes;
  for (const Missing& m : missing) codes.insert(m.any_of.begin(), m.any_of.end());
  return codes;
}

Json Officer(const std::string& name, const std::string& certificate) {
  return Json{{"name", name}, {"certificate_no", certificate}};
}

Json Transcript(Json officers) {
  return Json{{"officers", std::move(officers)},
              {"interviewee", "张三"},
              {"time", "2026-03-02T09:30:00+08:00"},
              {"place", "某培训学校办公室"}};
}

// The text records R3.2, R5.1–R5.3 and R6.3 name.
std::vector<std::string> NamedRecords() {
  return {"inspection_notice",
          "inspection_plan",
          "superior_document",
          "complaint_letter",
          "phone_record",
          "website_message",
          "leader_instruction",
          "reply_supervision_document",
          "investigation_transcript",
          "onsite_inspection_record",
          "verification_report",
          "appraisal_opinion",
          "expert_argument_report",
          "hearing_report",
          "statement_defence",
          "internal_approval",
          "legal_review_opinion",
          "collective_discussion_record",
          "penalty_decision",
          "prior_notice",
          "inspection_result_notice",
          "rectification_order",
          "service_receipt",
          "party_papers",
          "execution_record",
          "case_closing_report",
          "archive_catalogue"};
}

// The smallest catalogue that loads: every kind described, one flag, one type, one requirement.
Json MinimalCatalogue() {
  Json kinds = Json::array();
  for (CaseKind kind : kCaseKinds) {
    kinds.push_back({{"code", CaseKindCode(kind)}, {"stages", {"start", "archive"}}});
  }
  Json field = {{"name", "served_at"}, {"name_zh", "送达时间"}, {"kind", "time"}};
  Json type = {{"code", "service_receipt"},
               {"name_zh", "送达回执"},
               {"name_en", "Service receipt"},
               {"fields", Json::array({field})},
               {"requirement_ids", {"R3.2"}}};
  Json requirement = {{"kinds", {"penalty"}},
                      {"stage", "start"},
                      {"any_of", {"service_receipt"}},
                      {"when", "if_hearing"},
                      {"requirement_id", "R5.3"}};
  return {{"format", "fullrecord-catalogue"},
          {"version", 1},
          {"flags",
           Json::array({{{"code", "if_hearing"}, {"name_zh", "听证"}, {"name_en", "Hearing"}}})},
          {"case_kinds", kinds},
          {"doc_types", Json::array({type})},
          {"requirements", Json::array({requirement})}};
}

// Loads `json` and returns the error message; "" when it loaded.
std::string LoadError(const Json& json) {
  auto catalogue = Catalogue::LoadJson(json.dump());
  if (catalogue.ok()) return "";
  EXPECT_EQ(catalogue.status().code(), Status::Code::kInvalidArgument);
  return catalogue.status().message();
}

// --- the shipped catalogue -------------------------------------------------------------------

TEST(Catalogue, ShippedFileLoads) {
  auto catalogue = Catalogue::LoadFile(ShippedFile());
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  EXPECT_GE(catalogue->types().size(), 25u);
  EXPECT_FALSE(catalogue->requirements().empty());
}

// R3.2, R5.1–R5.3, R6.3: every record the regulation names has a document type.
TEST(Catalogue, ShippedFileHasEveryRecordTheRegulationNames) {
  Catalogue catalogue = Shipped();
  for (const std::string& code : NamedRecords()) {
    const DocType* type = catalogue.Find(code);
    ASSERT_NE(type, nullptr) << code;
    EXPECT_FALSE(type->name_zh.empty()) << code;
    EXPECT_FALSE(type->fields.empty()) << code;
  }
  EXPECT_EQ(catalogue.Find("no_such_document"), nullptr);
}

// R3.1, R4.1: each kind needs records at each stage it passes through.
TEST(Catalogue, EveryKindHasRequirementsAtEveryStageItUses) {
  Catalogue catalogue = Shipped();
  for (CaseKind kind : kCaseKinds) {
    EXPECT_FALSE(catalogue.StagesOf(kind).empty()) << CaseKindCode(kind);
    for (Stage stage : catalogue.StagesOf(kind)) {
      size_t count = 0;
      for (const Requirement& req : catalogue.requirements()) {
        if (req.kind == kind && req.stage == stage) ++count;
      }
      EXPECT_GT(count, 0u) << CaseKindCode(kind) << " at " << StageCode(stage);
    }
  }
}

TEST(Catalogue, EveryShippedDocumentTypeIsRequiredSomewhere) {
  Catalogue catalogue = Shipped();
  std::set<std::string> required;
  for (const Requirement& req : catalogue.requirements()) {
    required.insert(req.any_of.begin(), req.any_of.end());
  }
  for (const DocType& type : catalogue.types())
    EXPECT_EQ(required.count(type.code), 1u) << type.code;
}

// --- missing documents -------------------------------------------------------------------------

// R5.2: a complaint may start from a letter, a call, a website message or a leader's instruction.
TEST(Catalogue, ComplaintStartWithOnlyAPhoneRecordIsComplete) {
  Catalogue catalogue = Shipped();
  EXPECT_TRUE(catalogue.MissingDocuments(CaseKind::kComplaint, Stage::kStart, {"phone_record"}, {})
                  .empty());
}

// R5.2: with nothing, the one missing group lists every acceptable source.
TEST(Catalogue, ComplaintStartWithNothingMissesOneAnyOfGroup) {
  Catalogue catalogue = Shipped();
  auto missing = catalogue.MissingDocuments(CaseKind::kComplaint, Stage::kStart, {}, {});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].stage, Stage::kStart);
  EXPECT_EQ(missing[0].requirement_id, "R5.2");
  EXPECT_EQ(AnyOfCodes(missing), (std::set<std::string>{"complaint_letter", "phone_record",
                                                        "website_message", "leader_instruction"}));
}

// R3.1: reaching a stage does not excuse the records of the stages before it.
TEST(Catalogue, PenaltyAtDecisionListsMissingDocumentsOfEarlierStagesToo) {
  Catalogue catalogue = Shipped();
  auto missing =
      catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kDecision, {"filing_approval"}, {});

  std::set<std::string> codes = AnyOfCodes(missing);
  EXPECT_EQ(codes.count("filing_approval"), 0u);
  EXPECT_EQ(codes.count("investigation_transcript"), 1u);
  EXPECT_EQ(codes.count("party_papers"), 1u);
  EXPECT_EQ(codes.count("prior_notice"), 1u);
  EXPECT_EQ(codes.count("penalty_decision"), 1u);
  EXPECT_EQ(codes.count("service_receipt"), 0u);  // execution is not reached yet
  EXPECT_EQ(codes.count("case_closing_report"), 0u);

  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing.front().stage, Stage::kInvestigation);
  EXPECT_EQ(missing.back().stage, Stage::kDecision);
  for (size_t i = 1; i < missing.size(); ++i) {
    EXPECT_LE(StageIndex(missing[i - 1].stage), StageIndex(missing[i].stage));
  }
}

std::set<std::string> PenaltyBasics() {
  return {"filing_approval",     "investigation_transcript", "party_papers",    "internal_approval",
          "prior_notice",        "penalty_decision",         "service_receipt", "execution_record",
          "case_closing_report", "archive_catalogue"};
}

TEST(Catalogue, PenaltyWithItsBasicDocumentsAndNoFlagsIsComplete) {
  Catalogue catalogue = Shipped();
  EXPECT_TRUE(
      catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kArchive, PenaltyBasics(), {}).empty());
}

// R3.2, R5.3: hearing reports, appraisals, legal review and collective discussion are needed only
// when the case has them.
TEST(Catalogue, FlagsSwitchConditionalDocumentsOn) {
  Catalogue catalogue = Shipped();
  auto codes_with = [&](const std::set<std::string>& flags) {
    return AnyOfCodes(
        catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kArchive, PenaltyBasics(), flags));
  };

  EXPECT_EQ(codes_with({"if_hearing"}), (std::set<std::string>{"hearing_report"}));
  EXPECT_EQ(codes_with({"if_appraisal"}), (std::set<std::string>{"appraisal_opinion"}));
  EXPECT_EQ(codes_with({"if_serious"}),
            (std::set<std::string>{"legal_review_opinion", "collective_discussion_record"}));
  EXPECT_EQ(codes_with({"if_statement", "if_expert_argument"}),
            (std::set<std::string>{"statement_defence", "expert_argument_report"}));
}

// A decision not to punish needs no prior notice and no execution, but its own decision.
TEST(Catalogue, NoPenaltyFlagSwitchesPenaltyDocumentsOff) {
  Catalogue catalogue = Shipped();
  std::set<std::string> present = {
      "filing_approval", "investigation_transcript", "party_papers",     "internal_approval",
      "service_receipt", "case_closing_report",      "archive_catalogue"};
  auto missing =
      catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kArchive, present, {"if_no_penalty"});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].any_of, (std::vector<std::string>{"no_penalty_decision"}));
  EXPECT_EQ(missing[0].stage, Stage::kDecision);
}

// R5.1: a "double random" inspection also needs its draw record and the published results.
TEST(Catalogue, RandomInspectionNeedsDrawAndPublication) {
  Catalogue catalogue = Shipped();
  std::set<std::string> present = {"inspection_plan", "onsite_inspection_record",
                                   "inspection_result_notice", "service_receipt",
                                   "archive_catalogue"};
  EXPECT_TRUE(catalogue.MissingDocuments(CaseKind::kInspectionRoutine, Stage::kArchive, present, {})
                  .empty());
  EXPECT_EQ(AnyOfCodes(catalogue.MissingDocuments(CaseKind::kInspectionRandom, Stage::kArchive,
                                                  present, {})),
            (std::set<std::string>{"random_selection_record", "result_publicity"}));
}

TEST(Catalogue, UnknownPresentTypesAndFlagsChangeNothing) {
  Catalogue catalogue = Shipped();
  auto plain = catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kDecision, {}, {});
  auto noisy =
      catalogue.MissingDocuments(CaseKind::kPenalty, Stage::kDecision, {"junk"}, {"if_junk"});
  EXPECT_EQ(plain, noisy);
}

// --- missing fields ----------------------------------------------------------------------------

// R6.2 and Administrative Penalty Law art. 42: two officers, each named with a certificate.
TEST(Catalogue, TranscriptWithOneOfficerMissesOfficers) {
  Catalogue catalogue = Shipped();
  const DocType* transcript = catalogue.Find("investigation_transcript");
  ASSERT_NE(transcript, nullptr);
  EXPECT_EQ(catalogue.MissingFields(*transcript, Transcript({Officer("李四", "15010001")})),
            (std::vector<std::string>{"officers"}));
}

TEST(Catalogue, TranscriptWithTwoCertifiedOfficersIsComplete) {
  Catalogue catalogue = Shipped();
  const DocType* transcript = catalogue.Find("investigation_transcript");
  ASSERT_NE(transcript, nullptr);
  Json officers = {Officer("李四", "15010001"), Officer("王五", "15010002")};
  EXPECT_TRUE(catalogue.MissingFields(*transcript, Transcript(officers)).empty());
}

// R6.2: an officer without a certificate number, or the same officer twice, does not count.
TEST(Catalogue, UncertifiedOrRepeatedOfficersMissOfficers) {
  Catalogue catalogue = Shipped();
  const DocType& transcript = *catalogue.Find("investigation_transcript");
  Json uncertified = {Officer("李四", "15010001"), Json{{"name", "王五"}}};
  Json repeated = {Officer("李四", "15010001"), Officer("李四", "15010001")};
  Json blank = {Officer("李四", "15010001"), Officer("王五", " ")};
  for (const Json& officers : {uncertified, repeated, blank}) {
    EXPECT_EQ(catalogue.MissingFields(transcript, Transcript(officers)),
              (std::vector<std::string>{"officers"}))
        << officers.dump();
  }
}

TEST(Catalogue, BlankOrAbsentFieldsAreMissingInTheTypesOrder) {
  Catalogue catalogue = Shipped();
  const DocType& transcript = *catalogue.Find("investigation_transcript");
  Json fields = Transcript({Officer("李四", "1"), Officer("王五", "2")});
  fields["interviewee"] = "\xE3\x80\x80 ";  // an ideographic space and a space
  fields.erase("place");
  EXPECT_EQ(catalogue.MissingFields(transcript, fields),
            (std::vector<std::string>{"interviewee", "place"}));
  EXPECT_EQ(catalogue.MissingFields(transcript, Json("not an object")).size(),
            transcript.fields.size());
}

// R6.1: service follows one of the lawful methods.
TEST(Catalogue, ServiceReceiptNeedsALawfulMethod) {
  Catalogue catalogue = Shipped();
  const DocType& receipt = *catalogue.Find("service_receipt");
  Json fields = {{"document", "行政处罚决定书 乌教罚〔2026〕1号"},
                 {"served_to", "某培训学校"},
                 {"served_at", "2026-03-10T10:00:00+08:00"},
                 {"method", "direct"}};
  EXPECT_TRUE(catalogue.MissingFields(receipt, fields).empty());

  fields["method"] = "carrier pigeon";
  EXPECT_EQ(catalogue.MissingFields(receipt, fields), (std::vector<std::string>{"method"}));
}

// --- bad catalogue files -----------------------------------------------------------------------

TEST(CatalogueLoad, MinimalCatalogueLoads) {
  EXPECT_EQ(LoadError(MinimalCatalogue()), "");
}

TEST(CatalogueLoad, RejectsTextThatIsNotJson) {
  auto catalogue = Catalogue::LoadJson("{\"format\": ");
  ASSERT_FALSE(catalogue.ok());
  EXPECT_NE(catalogue.status().message().find("not valid JSON"), std::string::npos);
}

TEST(CatalogueLoad, RejectsRequirementNamingAnUnknownDocumentType) {
  Json json = MinimalCatalogue();
  json["requirements"][0]["any_of"] = {"hearing_reprot"};
  std::string error = LoadError(json);
  EXPECT_NE(error.find("requirements[0]"), std::string::npos) << error;
  EXPECT_NE(error.find("unknown document type \"hearing_reprot\""), std::string::npos) << error;
}

TEST(CatalogueLoad, RejectsDuplicateDocumentTypeCode) {
  Json json = MinimalCatalogue();
  json["doc_types"].push_back(json["doc_types"][0]);
  EXPECT_NE(LoadError(json).find("duplicate document type \"service_receipt\""), std::string::npos);
}

TEST(CatalogueLoad, RejectsDuplicateFlagAndDuplicateField) {
  Json flags = MinimalCatalogue();
  flags["flags"].push_back(flags["flags"][0]);
  EXPECT_NE(LoadError(flags).find("duplicate flag \"if_hearing\""), std::string::npos);

  Json fields = MinimalCatalogue();
  fields["doc_types"][0]["fields"].push_back(fields["doc_types"][0]["fields"][0]);
  EXPECT_NE(LoadError(fields).find("duplicate field \"served_at\""), std::string::npos);
}

TEST(CatalogueLoad, RejectsUnknownCaseKindAndStageListingValidCodes) {
  Json kind = MinimalCatalogue();
  kind["requirements"][0]["kinds"] = {"penalti"};
  std::string error = LoadError(kind);
  EXPECT_NE(error.find("unknown case kind \"penalti\""), std::string::npos) << error;
  EXPECT_NE(error.find("inspection_random"), std::string::npos) << error;

  Json stage = MinimalCatalogue();
  stage["requirements"][0]["stage"] = "appeal";
  error = LoadError(stage);
  EXPECT_NE(error.find("unknown stage \"appeal\""), std::string::npos) << error;
  EXPECT_NE(error.find("investigation"), std::string::npos) << error;
}

TEST(CatalogueLoad, RejectsUnknownFlag) {
  Json json = MinimalCatalogue();
  json["requirements"][0]["when"] = "if_hearnig";
  EXPECT_NE(LoadError(json).find("unknown flag \"if_hearnig\""), std::string::npos);
}

// A misspelt "when" must not turn a conditional requirement into an unconditional one.
TEST(CatalogueLoad, RejectsMisspeltKey) {
  Json json = MinimalCatalogue();
  json["requirements"][0].erase("when");
  json["requirements"][0]["wehn"] = "if_hearing";
  EXPECT_NE(LoadError(json).find("unknown key \"wehn\""), std::string::npos);
}

TEST(CatalogueLoad, RejectsRequirementOnAStageTheKindDoesNotUse) {
  Json json = MinimalCatalogue();
  json["requirements"][0]["stage"] = "decision";
  EXPECT_NE(LoadError(json).find("case kind \"penalty\" does not use stage \"decision\""),
            std::string::npos);
}

TEST(CatalogueLoad, RejectsCatalogueThatLeavesAKindUndescribed) {
  Json json = MinimalCatalogue();
  json["case_kinds"].erase(json["case_kinds"].size() - 1);
  EXPECT_NE(LoadError(json).find("case kind \"complaint\" is not described"), std::string::npos);
}

TEST(CatalogueLoad, RejectsMalformedRequirementIdFieldKindAndFormat) {
  Json id = MinimalCatalogue();
  id["requirements"][0]["requirement_id"] = "5.2";
  EXPECT_NE(LoadError(id).find("\"5.2\" is not a requirement id"), std::string::npos);

  Json kind = MinimalCatalogue();
  kind["doc_types"][0]["fields"][0]["kind"] = "date";
  EXPECT_NE(LoadError(kind).find("unknown field kind \"date\""), std::string::npos);

  Json version = MinimalCatalogue();
  version["version"] = 2;
  EXPECT_NE(LoadError(version).find("version 1"), std::string::npos);
}

TEST(CatalogueLoad, MissingFileIsNotFoundAndBadFileIsNamed) {
  auto absent = Catalogue::LoadFile("/nonexistent/catalogue.json");
  ASSERT_FALSE(absent.ok());
  EXPECT_TRUE(absent.status().IsNotFound());

  std::string path = std::filesystem::temp_directory_path() /
                     ("catalogue_test_" + std::to_string(getpid()) + ".json");
  std::ofstream(path) << "[]";
  auto bad = Catalogue::LoadFile(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(bad.status().message().find(path), std::string::npos) << bad.status().message();
}

// --- locating the file -------------------------------------------------------------------------

TEST(CatalogueLoad, FindCatalogueFilePrefersEnvironmentThenStoreThenShippedCopy) {
  char dir_template[] = "/tmp/catalogue_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string store_dir = dir_template;
  unsetenv("FULLRECORD_CATALOGUE");

  EXPECT_EQ(FindCatalogueFile(store_dir), std::string(FR_DATA_DIR) + "/catalogue.json");

  std::ofstream(store_dir + "/catalogue.json") << "{}";
  EXPECT_EQ(FindCatalogueFile(store_dir), store_dir + "/catalogue.json");

  setenv("FULLRECORD_CATALOGUE", "/etc/fullrecord/catalogue.json", 1);
  EXPECT_EQ(FindCatalogueFile(store_dir), "/etc/fullrecord/catalogue.json");
  unsetenv("FULLRECORD_CATALOGUE");
  std::filesystem::remove_all(store_dir);
}

// --- enums -------------------------------------------------------------------------------------

TEST(CatalogueEnums, CaseKindCodesRoundTrip) {
  for (CaseKind kind : kCaseKinds) {
    auto parsed = ParseCaseKind(CaseKindCode(kind));
    ASSERT_TRUE(parsed.ok()) << CaseKindCode(kind);
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_STREQ(CaseKindCode(CaseKind::kInspectionRandom), "inspection_random");
  EXPECT_STREQ(CaseKindNameZh(CaseKind::kInspectionRandom), "双随机一公开检查");
  EXPECT_STREQ(CaseKindNameZh(CaseKind::kComplaint), "投诉举报核查");
}

// R3.1: the five stages, in order.
TEST(CatalogueEnums, StageCodesRoundTripInOrder) {
  for (size_t i = 0; i < kStages.size(); ++i) {
    auto parsed = ParseStage(StageCode(kStages[i]));
    ASSERT_TRUE(parsed.ok()) << StageCode(kStages[i]);
    EXPECT_EQ(*parsed, kStages[i]);
    EXPECT_EQ(StageIndex(kStages[i]), static_cast<int>(i));
  }
  EXPECT_STREQ(StageNameZh(Stage::kExecution), "送达执行");
  EXPECT_STREQ(StageNameEn(Stage::kArchive), "Archiving");
}

TEST(CatalogueEnums, BadCodesAreRejectedListingTheValidOnes) {
  auto kind = ParseCaseKind("Penalty");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(kind.status().message().find("penalty, inspection_routine, inspection_random, "
                                         "inspection_comprehensive, inspection_special, complaint"),
            std::string::npos)
      << kind.status().message();

  auto stage = ParseStage("");
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("start, investigation, decision, execution, archive"),
            std::string::npos)
      << stage.status().message();
}

}  // namespace
}  // namespace fullrecord::services
