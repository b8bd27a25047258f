// The compliance report: every rule shown firing on a breach and silent on compliant data, who
// may run the report over what, the filter, the order of findings, and the Excel export.
#include <cstdio>
#include <string>
#include <vector>

#include "services/xlsx_export.h"
#include "unit/compliance_fixture.h"

namespace fullrecord::services {
namespace {

// ---- R12.1, R12.2 upload --------------------------------------------------------------------

TEST_F(ComplianceTest, UploadWithinDayIsSilent) {
  int64_t av = Av(std::nullopt, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  Segment(av, kNow - 2 * kDay + 23 * kHour);
  EXPECT_TRUE(Run("leader", {"R12.1", "R12.2"}).empty());
}

TEST_F(ComplianceTest, UploadAfterDayIsLateViolationOfTheOfficer) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  int64_t av = Av(c, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  Segment(av, kNow - 2 * kDay + kHour);
  Segment(av, kNow - 2 * kDay + 25 * kHour);

  auto f = Run("leader", {"R12.1"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "upload_late");
  EXPECT_EQ(f[0].rule_id, "R12.1");
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].case_id, c);
  EXPECT_EQ(f[0].case_number, "C-1");
  EXPECT_EQ(f[0].object, "av_record " + std::to_string(av));
  EXPECT_EQ(f[0].due_us, kNow - kDay);
  EXPECT_EQ(f[0].responsible, "off1");
}

TEST_F(ComplianceTest, NothingUploadedPastDayIsOverdueViolation) {
  Av(std::nullopt, "off1", kNow - 26 * kHour, kNow - 25 * kHour);
  auto f = Run("leader", {"upload_overdue", "upload_due"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "upload_overdue");
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].due_us, kNow - kHour);
}

TEST_F(ComplianceTest, NothingUploadedWithinDayIsReminder) {
  Av(std::nullopt, "off1", kNow - 3 * kHour, kNow - 2 * kHour);
  auto f = Run("leader", {"R12.1"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "upload_due");
  EXPECT_EQ(f[0].severity, "reminder");
  EXPECT_EQ(f[0].due_us, kNow + 22 * kHour);
}

TEST_F(ComplianceTest, ExemptedUploadIsReportedAsWarningNotViolation) {
  int64_t av = Av(std::nullopt, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  Sql("UPDATE av_record SET upload_exemption = 'poor_transport' WHERE id = ?", {av});
  auto f = Run("leader", {"R12.1", "R12.2"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "upload_exempted");
  EXPECT_EQ(f[0].rule_id, "R12.2");
  EXPECT_EQ(f[0].severity, "warning");
  EXPECT_EQ(f[0].message_en, "upload when possible, exempted: poor_transport");
  EXPECT_NE(f[0].message_zh.find("暂缓理由：交通不便"), std::string::npos);
}

TEST_F(ComplianceTest, ExemptionNoteIsShownBesideTheReason) {
  int64_t av = Av(std::nullopt, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  Sql("UPDATE av_record SET upload_exemption = 'away_from_base: 乌达区' WHERE id = ?", {av});
  Segment(av, kNow - 2 * kHour);
  auto f = Run("leader", {"upload_exempted"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message_zh.find("暂缓理由：异地执法（乌达区）"), std::string::npos);
  EXPECT_NE(f[0].message_zh.find("已于"), std::string::npos);
}

TEST_F(ComplianceTest, UploadFindingFollowsFilesMovedOrRemoved) {
  int64_t av = Av(std::nullopt, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  int64_t other = Av(std::nullopt, "off1", kNow - 3 * kDay, kNow - 2 * kDay);
  Segment(av, kNow - 2 * kDay + kHour);
  Segment(av, kNow - 2 * kDay + 30 * kHour);
  EXPECT_EQ(Codes(Run("leader", {"R12.1"})),
            (std::vector<std::string>{"upload_late", "upload_overdue"}));

  // The late file moves to the other recording, then is removed.
  Sql("UPDATE av_segment SET av_id = ? WHERE uploaded_us = ?",
      {other, kNow - 2 * kDay + 30 * kHour});
  auto moved = Run("leader", {"R12.1"});
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].rule, "upload_late");
  EXPECT_EQ(moved[0].object, "av_record " + std::to_string(other));
  Sql("DELETE FROM av_segment WHERE av_id = ?", {other});
  auto removed = Run("leader", {"R12.1"});
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].rule, "upload_overdue");
  EXPECT_EQ(removed[0].object, "av_record " + std::to_string(other));
}

// ---- R13.1 archive --------------------------------------------------------------------------

TEST_F(ComplianceTest, ArchivePastThirtyWorkingDaysIsViolationOfSectionArchivist) {
  int64_t c = Case("a", "archive", {"off1"});
  UnixMicros ended = At("2026-01-05T09:00:00");
  SetCase(c, "ended_us", ended);

  auto f = Run("leader", {"R13.1"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "archive_overdue");
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].due_us, WorkingDayDeadline(calendar_, ended, 30).value());
  EXPECT_EQ(f[0].responsible, "arch_a");
}

TEST_F(ComplianceTest, ArchiveTermsFollowOptions) {
  // Three working days from Monday 9 March: due at the end of Thursday 12 March; the last
  // working day before it is the warning window.
  int64_t c = Case("a", "archive", {"off1"});
  SetCase(c, "ended_us", At("2026-03-09T17:00:00"));
  ComplianceOptions terms;
  terms.archive_working_days = 3;
  terms.archive_warning_working_days = 1;

  EXPECT_TRUE(Run("leader", {"R13.1"}, At("2026-03-11T23:00:00"), terms).empty());
  auto near = Run("leader", {"R13.1"}, At("2026-03-12T09:00:00"), terms);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].rule, "archive_due");
  EXPECT_EQ(near[0].severity, "warning");
  EXPECT_EQ(near[0].due_us, At("2026-03-12T23:59:59") + 999'999);
  auto late = Run("leader", {"R13.1"}, At("2026-03-13T00:00:00"), terms);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].rule, "archive_overdue");
}

TEST_F(ComplianceTest, ArchiveFarFromDeadlineOrDoneIsSilent) {
  int64_t open = Case("a", "archive", {"off1"});
  SetCase(open, "ended_us", kNow - kDay);
  int64_t done = Case("a", "archive", {"off1"});
  SetCase(done, "ended_us", At("2025-01-06T09:00:00"));
  SetCase(done, "archived_us", At("2025-01-20T09:00:00"));
  EXPECT_TRUE(Run("leader", {"R13.1"}).empty());
}

TEST_F(ComplianceTest, CalendarWithoutTheYearGivesWarningNotSilence) {
  auto only_2026 = HolidayCalendar::LoadJson(
      R"({"years": {"2026": {"holidays": ["2026-01-01"], "workdays": []}}})");
  ASSERT_TRUE(only_2026.ok()) << only_2026.status().ToString();
  ctx_->calendar = &*only_2026;
  int64_t c = Case("a", "archive", {"off1"});
  SetCase(c, "ended_us", At("2026-12-20T09:00:00"));

  auto f = Run("leader", {"R13.1"}, At("2026-12-21T09:00:00"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "archive_deadline_unknown");
  EXPECT_EQ(f[0].severity, "warning");
  EXPECT_NE(f[0].message_en.find("calendar missing for year 2027"), std::string::npos);
  EXPECT_NE(f[0].message_zh.find("2027年"), std::string::npos);
}

TEST_F(ComplianceTest, NoCalendarGivesWarningNotSilence) {
  ctx_->calendar = nullptr;
  int64_t c = Case("a", "archive", {"off1"});
  SetCase(c, "ended_us", kNow - kDay);
  auto f = Run("leader", {"R13.1"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "archive_deadline_unknown");
  EXPECT_EQ(f[0].severity, "warning");
}

// ---- R9.3, R9.4 interruptions ---------------------------------------------------------------

TEST_F(ComplianceTest, UnexplainedGapIsViolationOfTheRecordingOfficer) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  int64_t gap = Interruption(av, kNow - 100 * kMinute, kNow - 90 * kMinute, {});
  auto f = Run("leader", {"R9.3", "R9.4"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "gap_unexplained");
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].responsible, "off2");
  EXPECT_EQ(f[0].object.rfind("interruption " + std::to_string(gap), 0), 0u);
  EXPECT_EQ(f[0].due_us, kNow - 90 * kMinute);
}

TEST_F(ComplianceTest, ExplainedResumedGapIsSilent) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  Interruption(av, kNow - 100 * kMinute, kNow - 90 * kMinute, std::string("low_battery"));
  EXPECT_TRUE(Run("leader", {"R9.3", "R9.4"}).empty());
}

TEST_F(ComplianceTest, UnresumedInterruptionNamesTheMissingStep) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  int64_t gap = Interruption(av, kNow - 70 * kMinute, std::nullopt, std::string("device_fault"));
  Sql("UPDATE interruption SET head_reported_us = ? WHERE id = ?", {kNow, gap});

  auto f = Run("leader", {"R9.3", "R9.4"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "interruption_unreported");
  EXPECT_NE(f[0].message_zh.find("未作书面说明"), std::string::npos);
  EXPECT_EQ(f[0].message_zh.find("未报告科室负责人"), std::string::npos);
  EXPECT_NE(f[0].message_en.find("no written explanation"), std::string::npos);
}

TEST_F(ComplianceTest, UnresumedInterruptionReportedAndWrittenIsSilent) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  int64_t gap = Interruption(av, kNow - 70 * kMinute, std::nullopt, std::string("device_fault"));
  Sql("UPDATE interruption SET head_reported_us = ?, written_us = ? WHERE id = ?",
      {kNow, kNow, gap});
  EXPECT_TRUE(Run("leader", {"R9.3", "R9.4"}).empty());
}

// ---- R7, R10.1 checklist --------------------------------------------------------------------

TEST_F(ComplianceTest, IncompleteChecklistListsMissingItemsInChinese) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour,
     R"({"rights_informed":true,"standard_notice_given":false})");
  auto f = Run("leader", {"checklist_incomplete"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].responsible, "off1");
  for (const auto& item : ChecklistItems()) {
    std::string named = std::string(item.name_zh) + "（" + item.requirement_id + "）";
    bool shown = std::string(item.code) == "rights_informed";
    EXPECT_EQ(f[0].message_zh.find(named) == std::string::npos, shown) << item.code;
    EXPECT_EQ(f[0].message_en.find(item.code) == std::string::npos, shown) << item.code;
  }
}

TEST_F(ComplianceTest, CompleteChecklistIsSilentInAnyJsonLayout) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour);
  Json spaced = Json::parse(kFullChecklist);
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour, spaced.dump(2));
  EXPECT_TRUE(Run("leader", {"checklist_incomplete"}).empty());
}

TEST_F(ComplianceTest, ChecklistItemNestedOrNotTrueCountsAsMissing) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  Json nested = Json::parse(kFullChecklist);
  nested.erase("rights_informed");
  nested["x"] = {{"rights_informed", true}};
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour, nested.dump());
  Json text = Json::parse(kFullChecklist);
  text["rights_informed"] = "true";
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour, text.dump());
  auto f = Run("leader", {"checklist_incomplete"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].message_en, "the recording does not show: rights_informed");
  EXPECT_EQ(f[1].message_en, "the recording does not show: rights_informed");
}

TEST_F(ComplianceTest, ChecklistThatIsNotJsonMissesEveryItem) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  Av(c, "off1", kNow - 2 * kHour, kNow - kHour, "{not json");
  auto f = Run("leader", {"checklist_incomplete"});
  ASSERT_EQ(f.size(), 1u);
  for (const auto& item : ChecklistItems()) {
    EXPECT_NE(f[0].message_en.find(item.code), std::string::npos) << item.code;
  }
}

TEST_F(ComplianceTest, ChecklistOfRecordingWithoutCaseIsNotChecked) {
  Av(std::nullopt, "off1", kNow - 2 * kHour, kNow - kHour, "{}");
  EXPECT_TRUE(Run("leader", {"checklist_incomplete"}).empty());
}

// The schema's av_record.checklist_complete names the items itself: it must know every one.
TEST_F(ComplianceTest, ChecklistLackingAnyOneItemIsFound) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  for (const auto& item : ChecklistItems()) {
    Json lacking = Json::parse(kFullChecklist);
    lacking.erase(item.code);
    Av(c, "off1", kNow - 2 * kHour, kNow - kHour, lacking.dump());
  }
  auto f = Run("leader", {"checklist_incomplete"});
  ASSERT_EQ(f.size(), ChecklistItems().size());
  std::set<std::string> named;
  for (const auto& x : f) named.insert(x.message_en);
  for (const auto& item : ChecklistItems()) {
    EXPECT_TRUE(named.count("the recording does not show: " + std::string(item.code))) << item.code;
  }
}

TEST_F(ComplianceTest, ChecklistCompletedLaterIsSilent) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  int64_t av = Av(c, "off1", kNow - 2 * kHour, kNow - kHour, "{}");
  ASSERT_EQ(Run("leader", {"checklist_incomplete"}).size(), 1u);
  Sql("UPDATE av_record SET checklist = ? WHERE id = ?", {std::string(kFullChecklist), av});
  EXPECT_TRUE(Run("leader", {"checklist_incomplete"}).empty());
}

// ---- Administrative Penalty Law art. 42 -----------------------------------------------------

TEST_F(ComplianceTest, OneCertifiedOfficerInInvestigationIsViolation) {
  int64_t c = Case("a", "investigation", {"off1", "expired", "reviewer"});
  auto f = Run("leader", {"Art.42"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "officers_uncertified");
  EXPECT_EQ(f[0].case_id, c);
  EXPECT_EQ(f[0].responsible, "head_a");
  EXPECT_NE(f[0].message_en.find("the case has 1"), std::string::npos);
}

TEST_F(ComplianceTest, CertificateValidThroughTodayCounts) {
  Case("a", "decision", {"off1", "expired"});
  EXPECT_TRUE(Run("leader", {"Art.42"}, At("2026-03-09T23:00:00")).empty());
  EXPECT_EQ(Run("leader", {"Art.42"}, At("2026-03-10T00:00:00")).size(), 1u);
}

TEST_F(ComplianceTest, TwoCertifiedOfficersOrStartStageOrEndedCaseIsSilent) {
  Case("a", "investigation", {"off1", "off2"});
  Case("a", "start", {"expired"});
  int64_t ended = Case("a", "archive", {"expired"});
  SetCase(ended, "ended_us", kNow - kDay);
  EXPECT_TRUE(Run("leader", {"officers_uncertified"}).empty());
}

// ---- R17.1, R9.2 on-site recording ----------------------------------------------------------

TEST_F(ComplianceTest, OnsiteWorkWithoutRecordingIsViolation) {
  int64_t c = Case("a", "investigation", {"off2", "off1"});
  SetCase(c, "onsite_start_us", kNow - 5 * kHour);
  SetCase(c, "onsite_end_us", kNow - 4 * kHour);
  Av(c, "off1", kNow - 9 * kHour, kNow - 8 * kHour);  // an earlier visit does not count
  auto f = Run("leader", {"R17.1", "R9.2"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "no_av_record");
  EXPECT_EQ(f[0].due_us, kNow - 5 * kHour);
  EXPECT_EQ(f[0].responsible, "off1");
}

TEST_F(ComplianceTest, RecordingStartedAfterGraceIsLate) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  SetCase(c, "onsite_start_us", kNow - 5 * kHour);
  SetCase(c, "onsite_end_us", kNow - 4 * kHour);
  Av(c, "off1", kNow - 5 * kHour + 2 * kMinute, kNow - 4 * kHour);
  auto f = Run("leader", {"R17.1", "R9.2"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "recording_started_late");
  EXPECT_EQ(f[0].rule_id, "R9.2");
}

TEST_F(ComplianceTest, RecordingFromOnsiteStartWithinGraceIsSilent) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  SetCase(c, "onsite_start_us", kNow - 5 * kHour);
  SetCase(c, "onsite_end_us", kNow - 4 * kHour);
  Av(c, "off1", kNow - 5 * kHour + kMinute, kNow - 4 * kHour);
  int64_t at_start = Case("a", "start", {"off1"});
  SetCase(at_start, "onsite_start_us", kNow - 5 * kHour);
  EXPECT_TRUE(Run("leader", {"R17.1", "R9.2"}).empty());
}

TEST_F(ComplianceTest, OnsiteFindingFollowsVisitAndRecordingsChangedLater) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  int64_t other = Case("a", "investigation", {"off1", "off2"});
  int64_t av = Av(c, "off1", kNow - 5 * kHour, kNow - 4 * kHour);
  SetCase(c, "onsite_start_us", kNow - 5 * kHour);  // the visit is entered after the recording
  SetCase(c, "onsite_end_us", kNow - 4 * kHour);
  EXPECT_TRUE(Run("leader", {"R17.1", "R9.2"}).empty());

  SetCase(c, "onsite_start_us", kNow - 6 * kHour);
  EXPECT_EQ(Codes(Run("leader", {"R17.1", "R9.2"})),
            (std::vector<std::string>{"recording_started_late"}));
  Sql("UPDATE av_record SET start_us = ? WHERE id = ?", {kNow - 6 * kHour, av});
  EXPECT_TRUE(Run("leader", {"R17.1", "R9.2"}).empty());
  Sql("UPDATE av_record SET case_id = ? WHERE id = ?", {other, av});
  EXPECT_EQ(Codes(Run("leader", {"R17.1", "R9.2"})), (std::vector<std::string>{"no_av_record"}));
}

// ---- R17.4 unassigned recordings ------------------------------------------------------------

TEST_F(ComplianceTest, RecordingWithoutCaseAfterSevenDaysIsViolation) {
  Av(std::nullopt, "off3", kNow - 9 * kDay, kNow - 8 * kDay);
  auto f = Run("leader", {"unassigned_recording"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].responsible, "off3");
  EXPECT_EQ(f[0].due_us, kNow - kDay);
  EXPECT_EQ(f[0].case_id, 0);
}

TEST_F(ComplianceTest, RecentRecordingWithoutCaseIsReminder) {
  Av(std::nullopt, "off3", kNow - 2 * kDay, kNow - kDay);
  auto f = Run("leader", {"unassigned_recording"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, "reminder");
  EXPECT_EQ(f[0].due_us, kNow + 6 * kDay);
}

TEST_F(ComplianceTest, RecordingTiedToCaseIsNotUnassigned) {
  Av(Case("a", "investigation", {"off1"}), "off1", kNow - 9 * kDay, kNow - 8 * kDay);
  EXPECT_TRUE(Run("leader", {"unassigned_recording"}).empty());
}

// ---- R3.2, R5 documents ---------------------------------------------------------------------

TEST_F(ComplianceTest, MissingDocumentIsNamedInChinese) {
  int64_t c = Case("a", "start", {"off1"});
  auto f = Run("leader", {"documents_missing"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, "warning");
  EXPECT_EQ(f[0].case_id, c);
  EXPECT_EQ(f[0].rule_id, "R3.2");
  EXPECT_EQ(f[0].responsible, "off1");
  std::string name = catalogue_.Find("filing_approval")->name_zh;
  EXPECT_EQ(f[0].message_zh, "程序启动阶段缺少文书：" + name);
}

TEST_F(ComplianceTest, MissingAnyOfNamesEveryAlternativeAndFollowsFlags) {
  int64_t c = Case("a", "start", {"off1"}, "complaint");
  SetCase(c, "flags", std::string(R"(["if_supervised"])"));
  auto f = Run("leader", {"documents_missing"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule_id, "R5.2");
  EXPECT_EQ(f[1].rule_id, "R5.2");
  int with_alternatives = 0;
  for (const auto& x : f)
    with_alternatives += x.message_zh.find("（其一即可）") != std::string::npos;
  EXPECT_EQ(with_alternatives, 1);
}

TEST_F(ComplianceTest, PresentDocumentsAreSilent) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  for (const char* t : {"filing_approval", "onsite_inspection_record", "party_papers"}) Text(c, t);
  EXPECT_TRUE(Run("leader", {"documents_missing"}).empty());
}

TEST_F(ComplianceTest, NoCatalogueSkipsDocumentsRule) {
  ctx_->catalogue = nullptr;
  Case("a", "start", {"off1"});
  EXPECT_TRUE(Run("leader", {"documents_missing"}).empty());
}

TEST_F(ComplianceTest, DocumentsFollowTextRecordsMovedOrRemoved) {
  int64_t c = Case("a", "start", {"off1"});
  int64_t other = Case("a", "start", {"off1"});
  Text(c, "filing_approval");
  Text(c, "filing_approval");
  auto f = Run("leader", {"documents_missing"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].case_id, other);

  Sql("UPDATE text_record SET case_id = ? WHERE id = (SELECT min(id) FROM text_record)", {other});
  EXPECT_TRUE(Run("leader", {"documents_missing"}).empty());
  Sql("DELETE FROM text_record WHERE case_id = ?", {c});
  f = Run("leader", {"documents_missing"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].case_id, c);
}

TEST_F(ComplianceTest, UnreadableCaseKindIsCorruptionOnlyWithinReach) {
  int64_t c = Case("b", "start", {"off3"});
  SetCase(c, "kind", std::string("no_such_kind"));
  ComplianceFilter filter;
  filter.rules = {"documents_missing"};
  auto r = ComplianceService(*ctx_).Report(As("leader"), filter, kNow);
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  EXPECT_NE(r.status().message().find("C-1"), std::string::npos);
  EXPECT_TRUE(Run("head_a", {"documents_missing"}).empty());
}

// ---- R17.2 change attempts ------------------------------------------------------------------

TEST_F(ComplianceTest, ChangeAttemptInLedgerIsViolationOfTheActor) {
  std::string sha(64, 'a');
  ASSERT_TRUE(store_->ledger()
                  .Append({{"original.change_attempt",
                            "user:off1",
                            "refused",
                            {{"sha256", sha}, {"attempt", "delete"}, {"reason", "no"}}}})
                  .ok());
  auto f = Run("leader", {"R17.2"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "original_change_attempt");
  EXPECT_EQ(f[0].severity, "violation");
  EXPECT_EQ(f[0].responsible, "off1");
  EXPECT_EQ(f[0].object, "ledger_entry 1");
  EXPECT_NE(f[0].message_en.find("aaaaaaaaaaaa"), std::string::npos);
  EXPECT_NE(f[0].message_en.find("(delete)"), std::string::npos);
}

TEST_F(ComplianceTest, RefusedBlobEventIsViolationAndOtherRefusalsAreSilent) {
  ASSERT_TRUE(store_->ledger()
                  .Append({{"blob.deleted", "user:off2", "refused", {{"sha256", "ab"}}},
                           {"blob.ingested", "user:off2", "ok", {{"sha256", "cd"}}},
                           {"case.viewed", "user:off2", "refused", {{"case", 1}}}})
                  .ok());
  auto f = Run("leader", {"R17.2"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].responsible, "off2");
  EXPECT_EQ(f[0].object, "ledger_entry 1");
}

// ---- who may run it, and over what ----------------------------------------------------------

// ---- R10.3 problems the import found in a recording's files ---------------------------------

TEST_F(ComplianceTest, ImportFindingsOfARecordingsFilesAreWarningsOfItsOfficer) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  Segment(av, kNow - kHour);
  Segment(av, kNow - kHour);
  auto shas =
      store_->db().Query("SELECT blob_sha256 FROM av_segment WHERE av_id = ? ORDER BY 1", {av});
  ASSERT_TRUE(shas.ok());
  ASSERT_EQ(shas->size(), 2u);
  const char* drift =
      R"({"media": {}, "findings": [{"kind": "clock_drift", "drift_ms": 93000}, {"kind": "truncated"}]})";
  const char* clean = R"({"media": {}, "findings": []})";
  Sql("INSERT INTO media_facts (sha256, file_name, kind, readable, facts, probed_us) "
      "VALUES (?, 'DSJ1_20261201_0900.mp4', 'video', 1, ?, 0)",
      {(*shas)[0].Text(0), std::string(drift)});
  Sql("INSERT INTO media_facts (sha256, file_name, kind, readable, facts, probed_us) "
      "VALUES (?, 'DSJ1_20261201_0910.mp4', 'video', 1, ?, 0)",
      {(*shas)[1].Text(0), std::string(clean)});

  auto f = Run("leader", {"R10.3"});
  ASSERT_EQ(f.size(), 2u);
  for (const auto& finding : f) {
    EXPECT_EQ(finding.rule, "media_problem");
    EXPECT_EQ(finding.severity, "warning");
    EXPECT_EQ(finding.responsible, "off2");
    EXPECT_EQ(finding.object, "av_record " + std::to_string(av));
    EXPECT_NE(finding.message_zh.find("DSJ1_20261201_0900.mp4"), std::string::npos);
  }
  int drift_findings = 0;
  for (const auto& finding : f)
    drift_findings += finding.message_zh.find("时钟") != std::string::npos;
  EXPECT_EQ(drift_findings, 1) << "one file's clock drifted, and the other file is clean";
  EXPECT_TRUE(Run("off1", {"R10.3"}).empty()) << "another officer's recording is out of reach";
}

TEST_F(ComplianceTest, FilesWithoutImportFindingsAreSilent) {
  int64_t av = Av(std::nullopt, "off2", kNow - 2 * kHour, kNow - kHour);
  Segment(av, kNow - kHour);
  auto shas = store_->db().Query("SELECT blob_sha256 FROM av_segment WHERE av_id = ?", {av});
  ASSERT_TRUE(shas.ok());
  Sql("INSERT INTO media_facts (sha256, file_name, kind, readable, facts, probed_us) "
      "VALUES (?, 'a.mp4', 'video', 1, '{\"findings\": []}', 0)",
      {(*shas)[0].Text(0)});
  EXPECT_TRUE(Run("leader", {"R10.3"}).empty());
}

class ComplianceReachTest : public ComplianceTest {
 protected:
  void SetUp() override {
    ComplianceTest::SetUp();
    case_a_ = Case("a", "investigation", {"off1"});   // uncertified: one officer
    case_a2_ = Case("a", "investigation", {"off2"});  // uncertified: one officer
    case_b_ = Case("b", "investigation", {"off3"});
    Av(std::nullopt, "off1", kNow - 9 * kDay, kNow - 8 * kDay);
    Av(std::nullopt, "off3", kNow - 9 * kDay, kNow - 8 * kDay);
    Av(case_b_, "off1", kNow - 9 * kDay, kNow - 8 * kDay);  // off1 helped in section b
  }

  std::set<std::string> Objects(const std::vector<Finding>& findings) {
    std::set<std::string> out;
    for (const auto& f : findings) out.insert(f.object);
    return out;
  }

  int64_t case_a_ = 0, case_a2_ = 0, case_b_ = 0;
  const std::set<std::string> rules_{"officers_uncertified", "unassigned_recording",
                                     "upload_overdue"};
};

TEST_F(ComplianceReachTest, LeaderAndAuditorSeeTheWholeBureau) {
  EXPECT_EQ(Run("leader", rules_).size(), 8u);
  EXPECT_EQ(Run("auditor", rules_).size(), 8u);
}

TEST_F(ComplianceReachTest, SectionHeadAndArchivistSeeTheirSectionOnly) {
  std::set<std::string> want{"case 1", "case 2", "av_record 1"};
  EXPECT_EQ(Objects(Run("head_a", rules_)), want);
  EXPECT_EQ(Objects(Run("arch_a", rules_)), want);
  EXPECT_EQ(Objects(Run("head_b", rules_)),
            (std::set<std::string>{"case 3", "av_record 2", "av_record 3"}));
}

TEST_F(ComplianceReachTest, OfficerSeesOwnCasesAndOwnRecordings) {
  EXPECT_EQ(Objects(Run("off1", rules_)),
            (std::set<std::string>{"case 1", "av_record 1", "av_record 3"}));
}

TEST_F(ComplianceReachTest, OthersAreRefusedAndTheRefusalIsLogged) {
  for (const char* who : {"reviewer", "sysadmin"}) {
    auto r = ComplianceService(*ctx_).Report(As(who), {}, kNow);
    EXPECT_EQ(r.status().code(), Status::Code::kPermissionDenied) << who;
  }
  auto console = ComplianceService(*ctx_).Report(Actor::Console("root"), {}, kNow);
  EXPECT_EQ(console.status().code(), Status::Code::kPermissionDenied);
  auto logged = store_->db().Query(
      "SELECT count(*) FROM ledger_entry WHERE json_extract(data, '$.type') = "
      "'compliance.report' AND json_extract(data, '$.outcome') = 'refused'");
  EXPECT_EQ(logged.value()[0].Int(0), 3);
}

TEST_F(ComplianceReachTest, FiltersNarrowToSectionOfficerAndCase) {
  ComplianceService service(*ctx_);
  ComplianceFilter by_section{"b", "", std::nullopt, rules_};
  EXPECT_EQ(Objects(*service.Report(As("leader"), by_section, kNow)),
            (std::set<std::string>{"case 3", "av_record 2", "av_record 3"}));
  ComplianceFilter by_officer{"", "off2", std::nullopt, rules_};
  EXPECT_EQ(Objects(*service.Report(As("leader"), by_officer, kNow)),
            (std::set<std::string>{"case 2"}));
  ComplianceFilter by_case{"", "", case_b_, rules_};
  EXPECT_EQ(Objects(*service.Report(As("leader"), by_case, kNow)),
            (std::set<std::string>{"case 3", "av_record 3"}));
  // A filter never widens an actor's reach.
  EXPECT_TRUE(service.Report(As("head_a"), by_case, kNow)->empty());
}

TEST_F(ComplianceReachTest, RulesFilterTakesCodesOrIdsAndRefusesUnknownNames) {
  EXPECT_EQ(Codes(Run("leader", {"Art.42"})),
            (std::vector<std::string>{"officers_uncertified", "officers_uncertified",
                                      "officers_uncertified"}));
  ComplianceFilter unknown;
  unknown.rules = {"R99.9"};
  auto r = ComplianceService(*ctx_).Report(As("leader"), unknown, kNow);
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("R99.9"), std::string::npos);
}

// ---- order, rule list, formatting -----------------------------------------------------------

TEST_F(ComplianceTest, FindingsAreSortedMostOverdueFirstThenUndated) {
  Av(std::nullopt, "off1", kNow - 3 * kHour, kNow - 2 * kHour);  // upload due in 22 h
  Av(std::nullopt, "off1", kNow - 30 * kDay, kNow - 29 * kDay);  // 28 days overdue
  Case("a", "investigation", {"off1"});                          // no due time
  auto f = Run("leader",
               {"upload_overdue", "upload_due", "unassigned_recording", "officers_uncertified"});
  ASSERT_EQ(f.size(), 5u);
  for (size_t i = 1; i + 1 < f.size(); ++i) EXPECT_LE(*f[i - 1].due_us, *f[i].due_us);
  EXPECT_EQ(f[0].due_us, kNow - 28 * kDay);
  EXPECT_EQ(f.back().rule, "officers_uncertified");
  EXPECT_FALSE(f.back().due_us.has_value());
}

TEST_F(ComplianceTest, EveryRuleListedOnceWithIdAndNames) {
  std::set<std::string> codes;
  for (const auto& r : ComplianceService::Rules()) {
    EXPECT_TRUE(codes.insert(r.code).second) << r.code;
    EXPECT_FALSE(r.id.empty() || r.name_zh.empty() || r.name_en.empty()) << r.code;
  }
  for (const char* c : {"upload_late", "upload_overdue", "archive_due", "archive_overdue",
                        "gap_unexplained", "interruption_unreported", "checklist_incomplete",
                        "officers_uncertified", "no_av_record", "recording_started_late",
                        "unassigned_recording", "documents_missing", "original_change_attempt"}) {
    EXPECT_TRUE(codes.count(c)) << c;
  }
}

TEST_F(ComplianceTest, CleanBureauHasNoFindings) {
  int64_t c = Case("a", "investigation", {"off1", "off2"});
  for (const char* t : {"filing_approval", "onsite_inspection_record", "party_papers"}) Text(c, t);
  SetCase(c, "onsite_start_us", kNow - 5 * kHour);
  SetCase(c, "onsite_end_us", kNow - 4 * kHour);
  int64_t av = Av(c, "off1", kNow - 5 * kHour, kNow - 4 * kHour);
  Segment(av, kNow - 3 * kHour);
  EXPECT_TRUE(Run("leader").empty());
}

TEST(FormatShanghaiMinuteTest, ShowsShanghaiWallClock) {
  EXPECT_EQ(FormatShanghaiMinute(kNow), "2026-03-10 10:00");
  EXPECT_EQ(FormatShanghaiMinute(ParseRfc3339("2026-12-03T06:05:59Z").value()), "2026-12-03 14:05");
  EXPECT_EQ(FormatShanghaiMinute(ParseRfc3339("2026-12-03T16:00:00Z").value()), "2026-12-04 00:00");
}

// ---- Excel export ---------------------------------------------------------------------------

std::string Unzip(const std::string& path, const std::string& member) {
  std::string out;
  FILE* p = ::popen(("unzip -p '" + path + "' " + member + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

TEST_F(ComplianceTest, XlsxHasChineseHeaderFrozenFilteredAndTheRows) {
  Finding f;
  f.rule_id = "R12.1";
  f.rule = "upload_late";
  f.severity = "violation";
  f.case_number = "教罚〔2026〕7号";
  f.object = "av_record 12";
  f.message_zh = "录像结束后超过24小时才上传";
  f.due_us = ParseRfc3339("2026-12-03T06:05:00Z").value();
  f.responsible = "zhang.wei";
  Finding undated = f;
  undated.due_us.reset();
  undated.object = "case 3";
  std::string path = dir_ / "report.xlsx";

  ASSERT_TRUE(WriteComplianceXlsx({f, undated}, path).ok());
  std::string strings = Unzip(path, "xl/sharedStrings.xml");
  for (const char* text : {"规则", "条款", "严重程度", "案件编号", "对象", "说明", "期限", "责任人",
                           "音像记录逾期上传", "违规", "教罚〔2026〕7号", "av_record 12", "case 3",
                           "录像结束后超过24小时才上传", "2026-12-03 14:05", "zhang.wei"}) {
    EXPECT_NE(strings.find(text), std::string::npos) << text;
  }
  std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:H3\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);
  EXPECT_NE(Unzip(path, "xl/styles.xml").find("<b/>"), std::string::npos);
}

TEST_F(ComplianceTest, XlsxOfRealReportWritesEveryFinding) {
  Av(std::nullopt, "off1", kNow - 9 * kDay, kNow - 8 * kDay);
  auto findings = Run("leader");
  ASSERT_EQ(findings.size(), 2u);  // upload_overdue and unassigned_recording
  std::string path = dir_ / "full.xlsx";
  ASSERT_TRUE(WriteComplianceXlsx(findings, path).ok());
  EXPECT_NE(Unzip(path, "xl/worksheets/sheet1.xml").find("<autoFilter ref=\"A1:H3\""),
            std::string::npos);
}

TEST_F(ComplianceTest, XlsxIntoMissingDirectoryIsIOError) {
  Status s = WriteComplianceXlsx({}, dir_ / "no/such/dir/report.xlsx");
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("no/such/dir"), std::string::npos);
}

}  // namespace
}  // namespace fullrecord::services
