// Archive discs through the API (R13.1, R11.1): only the section archivist makes a case's disc
// set and registers it; a made set is in the registry with its digests and label text; a failed
// four-property check (四性检测) answers with the report and writes nothing; registering marks
// the case archived, once.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "api/flow_fixture.h"
#include "crypto/digest.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {
namespace {

namespace fs = std::filesystem;

// A minimal one-page PDF with a correct cross-reference table: it opens, so it passes usability.
std::string MinimalPdf() {
  std::vector<std::string> objs = {"<< /Type /Catalog /Pages 2 0 R >>",
                                   "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 4\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof(line), "%010zu 00000 n \n", off);
    pdf += line;
  }
  return pdf + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
}

class ApiArchiveTest : public ApiFlowTest {
 protected:
  std::string Ingest(const std::string& content) {
    TempDir tmp;
    WriteFile(tmp / "f", content);
    return server_->store().vault().IngestFile(tmp / "f", "test").value().blob.sha256;
  }

  void AddText(int64_t case_id, const std::string& title, const std::string& sha) {
    Json body = {{"stage", "start"},
                 {"doc_type", "onsite_inspection_record"},
                 {"title", title},
                 {"sha256", sha}};
    Expect(As("officer1").PostJson(CasePath(case_id) + "/text-records", body), 201);
  }

  // An ended case with one PDF record; returns its id.
  int64_t EndedCase(const std::string& number) {
    int64_t id = OpenCase(number);
    AddText(id, "现场检查笔录", Ingest(MinimalPdf()));
    Expect(As("officer1").PostJson(CasePath(id) + "/end", Json::object()), 200);
    return id;
  }

  std::string DiscsDir() const { return server_->dir() + "/discs"; }

  size_t FilesUnder(const std::string& dir) {
    std::error_code ec;
    size_t n = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); ++it) {
      n += it->is_regular_file() ? 1 : 0;
    }
    return n;
  }
};

// R13.1, R11.1: only the archivist of the case's section makes the discs.
TEST_F(ApiArchiveTest, OnlyTheSectionArchivistMakesTheDiscSet) {
  int64_t id = EndedCase("教罚〔2026〕61号");
  for (const char* who : {"officer1", "head1", "leader1"}) {
    Json j = Expect(As(who).PostJson(CasePath(id) + "/archive", {{"media", "cd"}}), 403);
    EXPECT_NE(j["message_en"].get<std::string>().find("archivist"), std::string::npos) << who;
  }
  EXPECT_EQ(FilesUnder(DiscsDir()), 0u);
  Expect(As("auditor1").PostJson(CasePath(id) + "/archive", {{"media", "cd"}}), 404);
}

// R13.1: one click makes the set; the registry has it with each disc's digest and label text.
TEST_F(ApiArchiveTest, ArchivistMakesADiscSetThatTheRegistryLists) {
  int64_t id = EndedCase("教罚〔2026〕62号");
  Json made = Expect(As("archivist1").PostJson(CasePath(id) + "/archive", {{"media", "cd"}}), 201);
  const Json& set = made["set"];
  EXPECT_EQ(set["state"], "made");
  EXPECT_EQ(set["media"], "cd");
  EXPECT_EQ(set["maker"], "archivist1");
  ASSERT_EQ(set["discs"].size(), 1u);
  const Json& disc = set["discs"][0];
  EXPECT_EQ(disc["seq"], 1);
  EXPECT_EQ(disc["total"], 1);
  EXPECT_NE(disc["label_text"].get<std::string>().find("制片人："), std::string::npos);
  EXPECT_NE(disc["label_text"].get<std::string>().find("第 1/1 张"), std::string::npos);

  // The image is where the registry says, with the digest it records.
  std::string image = disc["image"].get<std::string>();
  EXPECT_EQ(image.rfind(DiscsDir() + "/", 0), 0u) << image;
  EXPECT_EQ(crypto::DigestHex(crypto::Sha256(ReadFile(image))), disc["sha256"]);

  // The four-property report comes back, every item passed.
  ASSERT_FALSE(made["check"]["items"].empty());
  for (const auto& item : made["check"]["items"]) EXPECT_TRUE(item["passed"].get<bool>()) << item;

  Json listed = Expect(As("head1").Get(CasePath(id) + "/discs"), 200);
  ASSERT_EQ(listed["sets"].size(), 1u);
  EXPECT_EQ(listed["sets"][0]["discs"][0]["sha256"], disc["sha256"]);
  std::string one = "/api/disc-sets/" + std::to_string(set["id"].get<int64_t>());
  EXPECT_EQ(Expect(As("officer1").Get(one), 200)["code"], set["code"]);
  Expect(As("auditor1").Get(one), 404);
}

// R13.1: registering a verified set marks the case archived; only the archivist; only once.
TEST_F(ApiArchiveTest, RegisteringTheSetArchivesTheCaseOnce) {
  int64_t id = EndedCase("教罚〔2026〕63号");
  Json made = Expect(As("archivist1").PostJson(CasePath(id) + "/archive", {{"media", "cd"}}), 201);
  std::string reg =
      "/api/disc-sets/" + std::to_string(made["set"]["id"].get<int64_t>()) + "/register";
  Expect(As("officer1").PostJson(reg, {{"location", "档案室 A-3"}}), 403);
  Expect(As("archivist1").PostJson(reg, {{"location", " "}}), 400);

  Json done = Expect(As("archivist1").PostJson(reg, {{"location", "档案室 A-3"}}), 200);
  EXPECT_EQ(done["set"]["state"], "registered");
  EXPECT_EQ(done["set"]["location"], "档案室 A-3");
  ASSERT_EQ(done["verified"].size(), 1u);
  EXPECT_TRUE(done["verified"][0]["ok"].get<bool>()) << done["verified"];
  EXPECT_TRUE(done["set"]["discs"][0]["sm3"].is_string());

  Json kase = Expect(As("archivist1").Get(CasePath(id)), 200);
  EXPECT_TRUE(kase["case"]["archived_at"].is_string()) << kase["case"];
  Expect(As("archivist1").PostJson(reg, {{"location", "别处"}}), 409);
}

// The four-property check stops the disc, says what failed, and nothing is written.
TEST_F(ApiArchiveTest, FailedFourPropertyCheckAnswersWithTheReportAndWritesNothing) {
  int64_t id = OpenCase("教罚〔2026〕64号");
  AddText(id, "现场检查笔录", Ingest(MinimalPdf()));
  AddText(id, "附件",
          Ingest(std::string("\x7f"
                             "ELF\x02\x01\x01",
                             7) +
                 std::string(4089, '\0')));
  Expect(As("officer1").PostJson(CasePath(id) + "/end", Json::object()), 200);

  Json j = Expect(As("archivist1").PostJson(CasePath(id) + "/archive", Json::object()), 409);
  EXPECT_NE(j["message_en"].get<std::string>().find("security"), std::string::npos) << j;
  bool security_failed = false;
  for (const auto& item : j["check"]["items"]) {
    if (item["property"] == "security" && !item["passed"].get<bool>()) security_failed = true;
  }
  EXPECT_TRUE(security_failed) << j["check"];
  EXPECT_EQ(FilesUnder(DiscsDir()), 0u);
  EXPECT_TRUE(Expect(As("archivist1").Get(CasePath(id) + "/discs"), 200)["sets"].empty());
}

TEST_F(ApiArchiveTest, UnknownMediaIsBadInput) {
  int64_t id = EndedCase("教罚〔2026〕65号");
  Json j = Expect(As("archivist1").PostJson(CasePath(id) + "/archive", {{"media", "lp"}}), 400);
  EXPECT_NE(j["message_en"].get<std::string>().find("bd25"), std::string::npos) << j;
}

}  // namespace
}  // namespace fullrecord::testing
