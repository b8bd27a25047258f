// The pure parts of the archive discs: file identification for the security check (四性检测),
// the disc plan of a numbered set (R13.1), and BagIt text (RFC 8493).
#include <gtest/gtest.h>

#include "archive/bag.h"
#include "archive/case_content.h"
#include "archive/file_type.h"
#include "archive/plan.h"

namespace fullrecord::archive {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(ArchiveFileTypeTest, MediaAndDocumentsAreRecognisedByMagicBytes) {
  EXPECT_EQ(SniffType("%PDF-1.7\n").code, "pdf");
  EXPECT_EQ(SniffType(Bytes({0xff, 0xd8, 0xff, 0xe0})).code, "jpeg");
  EXPECT_EQ(SniffType(std::string("\0\0\0\x18" "ftypisom\0\0\0\0", 16)).code, "mp4");
  EXPECT_EQ(SniffType(std::string("\0\0\0\x14" "ftypqt  \0\0\0\0", 16)).code, "mov");
  EXPECT_EQ(SniffType(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)).category, Category::kAudio);
  EXPECT_EQ(SniffType("#!AMR\n").code, "amr");
  EXPECT_EQ(SniffType("询问笔录\n当事人：某某").category, Category::kText);
  EXPECT_EQ(SniffType(Bytes({0x00, 0x01, 0x02, 0xfe})).code, "unknown");
}

// Security (安全性): programs never go on a disc, whatever they are called.
TEST(ArchiveFileTypeTest, ExecutablesAreNotOnTheAllowlist) {
  for (const std::string& head : {std::string("MZ\x90\0", 4), std::string("\x7f" "ELF\x02\x01"),
                                  std::string("#!/bin/sh\nrm -rf /\n"),
                                  Bytes({0xcf, 0xfa, 0xed, 0xfe})}) {
    FileType t = SniffType(head);
    EXPECT_EQ(t.category, Category::kExecutable) << t.code;
    EXPECT_FALSE(OnAllowlist(t)) << t.code;
  }
  EXPECT_TRUE(OnAllowlist(SniffType("%PDF-1.4")));
}

TEST(ArchiveFileTypeTest, MacrosInOfficeFilesAreHazards) {
  EXPECT_EQ(ZipTypeFromNames({"[Content_Types].xml", "word/document.xml"}).code, "docx");
  EXPECT_EQ(ZipTypeFromNames({"OFD.xml", "Doc_0/Document.xml"}).code, "ofd");
  EXPECT_TRUE(ZipHazards({"[Content_Types].xml", "word/document.xml"}).empty());
  auto h = ZipHazards({"[Content_Types].xml", "word/vbaProject.bin", "word/payload.EXE"});
  ASSERT_EQ(h.size(), 2u);
  EXPECT_NE(h[0].find("macros"), std::string::npos);
  EXPECT_NE(h[1].find("payload.EXE"), std::string::npos);

  std::string vba = "\xd0\xcf\x11\xe0" + std::string("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0", 24);
  EXPECT_EQ(OleHazards(vba).size(), 1u);
  EXPECT_TRUE(OleHazards("\xd0\xcf\x11\xe0 plain document").empty());
}

TEST(ArchiveFileTypeTest, JavaScriptAndLaunchActionsInPdfsAreHazards) {
  EXPECT_TRUE(PdfHazards("%PDF-1.4 1 0 obj << /Type /Catalog >> endobj").empty());
  EXPECT_EQ(PdfHazards("<< /S /JavaScript /JS (app.alert(1)) >>").size(), 1u);
  EXPECT_EQ(PdfHazards("<< /JS(x) >>").size(), 1u);
  EXPECT_TRUE(PdfHazards("<< /JSON 1 >>").empty());
  EXPECT_EQ(PdfHazards("<< /S /Launch /F (cmd.exe) >>").size(), 1u);
}

TEST(ArchiveNamesTest, SafeNamesKeepChineseAndDropSeparators) {
  EXPECT_EQ(SafeName("询问笔录/第1次: 张三?", 40), "询问笔录_第1次_ 张三_");
  EXPECT_EQ(SafeName("  ..", 40), "_");
  EXPECT_EQ(SafeName("现场检查笔录现场检查笔录", 6), "现场检查笔录");
  EXPECT_EQ(SafeName("100%", 40), "100_");  // '%' would need percent-encoding in BagIt
}

// R13.1: a case larger than one disc becomes a numbered set; files stay whole.
TEST(ArchivePlanTest, FilesAreSpreadOverDiscsWithoutBeingCut) {
  // Room for 100 sectors of data per disc after 10 sectors of structure.
  uint64_t cap = 110 * kSector;
  auto plans = PlanDiscs({60 * kSector, 50 * kSector, 30 * kSector, 10}, cap, 10 * kSector, 0);
  ASSERT_TRUE(plans.ok()) << plans.status().ToString();
  ASSERT_EQ(plans->size(), 2u);
  // First fit in record order: 60, then 30 and the 10-byte file fill the gap; 50 goes on disc 2.
  ASSERT_EQ((*plans)[0].pieces.size(), 3u);
  EXPECT_EQ((*plans)[0].pieces[1].file, 2u);
  ASSERT_EQ((*plans)[1].pieces.size(), 1u);
  EXPECT_EQ((*plans)[1].pieces[0].file, 1u);
  for (const auto& d : *plans) {
    for (const auto& p : d.pieces) EXPECT_EQ(p.parts, 1);
  }
}

TEST(ArchivePlanTest, FileLargerThanADiscIsCutIntoWholeSectorParts) {
  uint64_t cap = 110 * kSector;
  auto plans = PlanDiscs({250 * kSector + 7}, cap, 10 * kSector, 0);
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 3u);
  uint64_t total = 0;
  for (size_t i = 0; i < plans->size(); ++i) {
    const Piece& p = (*plans)[i].pieces.at(0);
    EXPECT_EQ(p.part, static_cast<int>(i + 1));
    EXPECT_EQ(p.parts, 3);
    EXPECT_EQ(p.offset, total);
    if (i + 1 < plans->size()) {
      EXPECT_EQ(p.length % kSector, 0u);
    }
    total += p.length;
  }
  EXPECT_EQ(total, 250 * kSector + 7);
}

TEST(ArchivePlanTest, MediaTooSmallForTheStructureIsRefused) {
  auto plans = PlanDiscs({1}, 10 * kSector, 10 * kSector, 0);
  EXPECT_EQ(plans.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(FindMedia("floppy").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(FindMedia("dvd")->capacity, 2'295'104ull * 2048);
}

TEST(ArchiveBagTest, ManifestLinesAreSortedAndReadBySha256sum) {
  std::vector<BagFile> files = {{"data/b.txt", "bb", "22", 1}, {"data/a 1.txt", "aa", "11", 2}};
  EXPECT_EQ(ManifestText(files, false), "aa  data/a 1.txt\nbb  data/b.txt\n");
  EXPECT_EQ(ManifestText(files, true), "11  data/a 1.txt\n22  data/b.txt\n");
  EXPECT_EQ(PayloadOxum(files), "3.2");
  auto parsed = ParseManifest("aa  data/a 1.txt\nbb  data/100%25.txt\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("data/a 1.txt"), "aa");
  EXPECT_EQ(parsed->at("data/100%.txt"), "bb");
}

TEST(ArchiveBagTest, MalformedManifestsAndBagInfoNameTheLine) {
  auto bad = ParseManifest("aa  data/x\nnot-hex data/y\n");
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseManifest("aa  data/x\nbb  data/x\n").ok());

  auto info = ParseBagInfo("Bag-Count: 1 of 3\nMaker: 陈某\n  (chen)\n");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->at("Bag-Count"), "1 of 3");
  EXPECT_EQ(info->at("Maker"), "陈某 (chen)");
  EXPECT_FALSE(ParseBagInfo("no colon here\n").ok());
}

}  // namespace
}  // namespace fullrecord::archive
