// The rules of the compliance report, one function each, and their table. Each rule is one or two
// set-based queries whose WHERE clause keeps only the rows that break the rule, so the rows that
// reach C++ are the findings, not the bureau.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "services/compliance.h"
#include "services/records.h"

namespace fullrecord::services::compliance_detail {
namespace {

constexpr int64_t kMicrosPerHour = 3'600'000'000;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

Finding NewFinding(const char* rule_id, const char* code, const char* severity) {
  Finding f;
  f.rule_id = rule_id;
  f.rule = code;
  f.severity = severity;
  return f;
}

std::string TextOr(const store::Row& row, size_t i, const std::string& fallback = "") {
  return row.IsNull(i) ? fallback : row.Text(i);
}

std::string Object(const char* table, int64_t id) {
  return std::string(table) + " " + std::to_string(id);
}

// Fills case id and number from columns `i` (id) and `i + 1` (number), both NULL-able.
void SetCase(Finding& f, const store::Row& row, size_t i) {
  f.case_id = row.IsNull(i) ? 0 : row.Int(i);
  f.case_number = TextOr(row, i + 1);
}

// A number of the case as SQL, for rows that carry `case_col`.
std::string CaseNumberSql(const std::string& case_col) {
  return "(SELECT number FROM case_file WHERE id = " + case_col + ")";
}

// The first active holder of `role` in each section: section -> person id.
Result<std::map<std::string, std::string>> HoldersBySection(const RuleRun& run, const char* role) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      run.ctx.db.Query(
          "SELECT p.section, min(p.id) FROM person p JOIN person_role r ON r.person = p.id "
          "WHERE r.role = ? AND p.active = 1 AND p.section IS NOT NULL GROUP BY p.section",
          {std::string(role)}));
  std::map<std::string, std::string> out;
  for (const auto& r : rows) out[r.Text(0)] = r.Text(1);
  return out;
}

std::string Lookup(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

// ---------------------------------------------------------------------------------------------
// R12.1, R12.2: upload within 24 hours of recording, or as soon as conditions allow.

// "poor_transport: road closed" as "交通不便（road closed）"; text of no known reason as it is.
std::string ExemptionZh(const std::string& text) {
  static const std::pair<const char*, const char*> names[] = {
      {"continuous_enforcement", "连续执法"},
      {"away_from_base", "异地执法"},
      {"poor_transport", "交通不便"},
  };
  for (const auto& [code, name] : names) {
    std::string_view c(code);
    if (text.compare(0, c.size(), c) != 0) continue;
    std::string note = text.substr(c.size());
    if (note.starts_with(": ")) note = note.substr(2);
    return note.empty() ? name : std::string(name) + "（" + note + "）";
  }
  return text;
}

Finding UploadFinding(const RuleRun& run, UnixMicros end, UnixMicros due,
                      const std::optional<UnixMicros>& uploaded, const std::string& exemption) {
  std::string ended = FormatShanghaiMinute(end), by = FormatShanghaiMinute(due);
  if (!exemption.empty()) {
    Finding f = NewFinding("R12.2", "upload_exempted", "warning");
    f.message_zh = (uploaded ? "已于" + FormatShanghaiMinute(*uploaded) + "上传（晚于" + by + "）"
                             : "暂缓上传，条件允许时尽快上传") +
                   "。暂缓理由：" + ExemptionZh(exemption);
    f.message_en = (uploaded ? "uploaded " + FormatShanghaiMinute(*uploaded) + " (due " + by + ")"
                             : "upload when possible") +
                   ", exempted: " + exemption;
    return f;
  }
  if (uploaded) {
    Finding f = NewFinding("R12.1", "upload_late", "violation");
    f.message_zh = "录像结束于" + ended + "，应于" + by + "前上传，实际" +
                   FormatShanghaiMinute(*uploaded) + "才上传完毕";
    f.message_en = "recording ended " + ended + ", upload was due by " + by +
                   ", last file uploaded " + FormatShanghaiMinute(*uploaded);
    return f;
  }
  bool overdue = due < run.now;
  Finding f = overdue ? NewFinding("R12.1", "upload_overdue", "violation")
                      : NewFinding("R12.1", "upload_due", "reminder");
  f.message_zh = overdue ? "录像结束于" + ended + "，应于" + by + "前上传，至今未上传"
                         : "请于" + by + "前上传录像（结束于" + ended + "）";
  f.message_en = overdue ? "recording ended " + ended + ", upload was due by " + by +
                               " and nothing is uploaded"
                         : "upload by " + by + " (recording ended " + ended + ")";
  return f;
}

// Two range scans: recordings whose last file came later than the term after their end (index
// av_record_upload_delay), and recordings ended by now with no file at all
// (av_record_not_uploaded). last_upload_us is kept by the triggers on av_segment.
Status UploadRule(const RuleRun& run, std::vector<Finding>& out) {
  int64_t window = run.options.upload_hours * kMicrosPerHour;
  std::string columns = "SELECT a.id, a.case_id, " + CaseNumberSql("a.case_id") +
                        ", a.officer, a.end_us, a.upload_exemption, ";
  std::vector<store::Value> late_params{window};
  std::string late = columns + "a.last_upload_us FROM av_record a " +
                     "WHERE a.last_upload_us - a.end_us > ? AND " +
                     run.Where("a.case_id", "a.officer", late_params);
  std::vector<store::Value> none_params{run.now};
  std::string none = columns + "NULL FROM av_record a " +
                     "WHERE a.last_upload_us IS NULL AND a.end_us <= ? AND " +
                     run.Where("a.case_id", "a.officer", none_params);

  auto add = [&](const store::Row& row) {
    UnixMicros end = row.Int(4);
    Finding f = UploadFinding(run, end, end + window, OptionalInt(row, 6), TextOr(row, 5));
    SetCase(f, row, 1);
    f.object = Object("av_record", row.Int(0));
    f.due_us = end + window;
    f.responsible = TextOr(row, 3);
    out.push_back(std::move(f));
    return true;
  };
  FR_RETURN_IF_ERROR(run.ctx.db.ForEach(late, late_params, add));
  return run.ctx.db.ForEach(none, none_params, add);
}

// ---------------------------------------------------------------------------------------------
// R13.1: discs archived within 30 working days after the enforcement ends.

struct ArchiveTerms {
  Status status;             // not OK: the calendar cannot count these days
  UnixMicros deadline = 0;   // end of the last working day
  UnixMicros warn_from = 0;  // after this the deadline is near
};

// The first year from the enforcement's end on that the calendar has no schedule for.
int MissingYear(const HolidayCalendar& calendar, UnixMicros ended) {
  std::vector<int> years = calendar.Years();
  int year = ShanghaiDate(ended).year;
  while (std::find(years.begin(), years.end(), year) != years.end()) ++year;
  return year;
}

ArchiveTerms ComputeArchiveTerms(const RuleRun& run, UnixMicros ended) {
  ArchiveTerms t;
  int days = run.options.archive_working_days;
  auto deadline = WorkingDayDeadline(*run.ctx.calendar, ended, days);
  int before = std::max(0, days - run.options.archive_warning_working_days);
  auto warn = WorkingDayDeadline(*run.ctx.calendar, ended, before);
  if (!deadline.ok() || !warn.ok()) {
    t.status = deadline.ok() ? warn.status() : deadline.status();
    return t;
  }
  t.deadline = *deadline;
  t.warn_from = before == 0 ? ended : *warn;
  return t;
}

Finding ArchiveUnknown(const RuleRun& run, UnixMicros ended) {
  Finding f = NewFinding("R13.1", "archive_deadline_unknown", "warning");
  if (run.ctx.calendar == nullptr) {
    f.message_zh =
        "未载入节假日日历，无法计算归档期限（执法结束于" + FormatShanghaiMinute(ended) + "）";
    f.message_en = "no holiday calendar is loaded, so the archive deadline cannot be computed";
    return f;
  }
  std::string year = std::to_string(MissingYear(*run.ctx.calendar, ended));
  f.message_zh = "节假日日历缺少" + year + "年的安排，无法计算归档期限（执法结束于" +
                 FormatShanghaiMinute(ended) + "）";
  f.message_en =
      "calendar missing for year " + year + ", so the archive deadline cannot be computed";
  return f;
}

Finding ArchiveFinding(const RuleRun& run, UnixMicros ended, const ArchiveTerms& t) {
  std::string days = std::to_string(run.options.archive_working_days);
  std::string ended_text = FormatShanghaiMinute(ended), by = FormatShanghaiMinute(t.deadline);
  bool overdue = t.deadline < run.now;
  Finding f = overdue ? NewFinding("R13.1", "archive_overdue", "violation")
                      : NewFinding("R13.1", "archive_due", "warning");
  f.message_zh = "执法结束于" + ended_text + "，应在" + days + "个工作日内（" + by +
                 "前）刻录光盘归档" + (overdue ? "，已逾期" : "，期限将至");
  f.message_en = "enforcement ended " + ended_text + "; discs are due in the archive within " +
                 days + " working days, by " + by + (overdue ? " (overdue)" : " (deadline near)");
  f.due_us = t.deadline;
  return f;
}

// The finding, if any, on an enforcement that ended at `ended`; `terms` caches the deadlines.
std::optional<Finding> ArchiveCheck(const RuleRun& run, std::map<Date, ArchiveTerms>& terms,
                                    UnixMicros ended) {
  if (run.ctx.calendar == nullptr) return ArchiveUnknown(run, ended);
  Date day = ShanghaiDate(ended);
  auto it = terms.find(day);
  if (it == terms.end()) it = terms.emplace(day, ComputeArchiveTerms(run, ended)).first;
  const ArchiveTerms& t = it->second;

  if (!t.status.ok()) return ArchiveUnknown(run, ended);
  if (run.now > t.warn_from) return ArchiveFinding(run, ended, t);
  return std::nullopt;
}

// Reads the open cases in the order they ended (index case_archive_open). Whether a case is
// reported depends only on the day it ended, so the first case of a day that is not reported
// skips the rest of that day: the cases still within their term cost one seek a day.
Status ArchiveRule(const RuleRun& run, std::vector<Finding>& out) {
  FR_ASSIGN_OR_RETURN(auto archivists, HoldersBySection(run, "archivist"));
  FR_ASSIGN_OR_RETURN(auto heads, HoldersBySection(run, "section_head"));
  std::vector<store::Value> params{std::numeric_limits<int64_t>::min()};
  std::string sql =
      "SELECT c.id, c.number, c.section, c.ended_us, "
      "(SELECT min(person) FROM case_officer WHERE case_id = c.id) FROM case_file c "
      "WHERE c.ended_us >= ? AND c.archived_us IS NULL AND " +
      run.Where("c.id", "NULL", params) + " ORDER BY c.ended_us";

  std::map<Date, ArchiveTerms> terms;  // by the Shanghai day the enforcement ended
  std::optional<UnixMicros> next_day;
  auto add = [&](const store::Row& row) {
    std::optional<Finding> f = ArchiveCheck(run, terms, row.Int(3));
    if (!f) {
      next_day = ShanghaiEndOfDay(ShanghaiDate(row.Int(3))) + 1;
      return false;
    }
    SetCase(*f, row, 0);
    f->object = Object("case", row.Int(0));
    const std::string& section = row.Text(2);
    f->responsible = Lookup(archivists, section);
    if (f->responsible.empty()) f->responsible = Lookup(heads, section);
    if (f->responsible.empty()) f->responsible = TextOr(row, 4);
    out.push_back(std::move(*f));
    return true;
  };
  do {
    params[0] = next_day.value_or(std::numeric_limits<int64_t>::min());
    next_day.reset();
    FR_RETURN_IF_ERROR(run.ctx.db.ForEach(sql, params, add));
  } while (next_day);
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// R9.3, R9.4: interruptions explained on resuming; when recording cannot resume, the section
// head told and a written explanation made.

std::string GapText(const store::Row& row, bool zh) {
  std::string from = FormatShanghaiMinute(row.Int(5));
  if (row.IsNull(6)) return zh ? from + "起中断，未能恢复" : "from " + from + ", not resumed";
  std::string to = FormatShanghaiMinute(row.Int(6));
  return zh ? from + "至" + to + "中断" : "from " + from + " to " + to;
}

Finding Unexplained(const store::Row& row) {
  Finding f = NewFinding("R9.3", "gap_unexplained", "violation");
  f.message_zh = "录像" + GapText(row, true) + "，未说明中断原因";
  f.message_en = "recording interrupted " + GapText(row, false) + ", no reason given";
  f.due_us = row.IsNull(6) ? row.Int(5) : row.Int(6);
  return f;
}

Finding Unreported(const store::Row& row) {
  bool no_head = row.IsNull(8), no_text = row.IsNull(9);
  Finding f = NewFinding("R9.4", "interruption_unreported", "violation");
  std::string zh = no_head && no_text ? "未报告科室负责人，也未作书面说明"
                   : no_head          ? "未报告科室负责人"
                                      : "未作书面说明";
  std::string en = no_head && no_text ? "the section head was not told and no written explanation "
                                        "was made"
                   : no_head          ? "the section head was not told"
                                      : "no written explanation was made";
  f.message_zh = "录像" + GapText(row, true) + "，" + zh;
  f.message_en = "recording interrupted " + GapText(row, false) + "; " + en;
  f.due_us = row.Int(10);
  return f;
}

Status InterruptionRule(const RuleRun& run, std::vector<Finding>& out) {
  std::vector<store::Value> params;
  std::string sql =
      "SELECT i.id, i.av_id, a.case_id, " + CaseNumberSql("a.case_id") +
      ", a.officer, i.start_us, i.end_us, i.reason, i.head_reported_us, i.written_us, a.end_us "
      "FROM interruption i JOIN av_record a ON a.id = i.av_id WHERE (i.reason IS NULL OR "
      "(i.end_us IS NULL AND (i.head_reported_us IS NULL OR i.written_us IS NULL))) AND " +
      run.Where("a.case_id", "a.officer", params);

  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    std::vector<Finding> found;
    if (row.IsNull(7)) found.push_back(Unexplained(row));
    if (row.IsNull(6) && (row.IsNull(8) || row.IsNull(9))) found.push_back(Unreported(row));
    for (auto& f : found) {
      SetCase(f, row, 2);
      f.object =
          Object("interruption", row.Int(0)) + " (av_record " + std::to_string(row.Int(1)) + ")";
      f.responsible = TextOr(row, 4);
      out.push_back(std::move(f));
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// R7, R10.1: what an on-site recording must show.

std::vector<const ChecklistItem*> MissingItems(const std::string& text) {
  Json checklist = Json::parse(text, nullptr, false);
  std::vector<const ChecklistItem*> missing;
  for (const auto& item : ChecklistItems()) {
    bool shown = checklist.is_object() && checklist.contains(item.code) &&
                 checklist[item.code].is_boolean() && checklist[item.code].get<bool>();
    if (!shown) missing.push_back(&item);
  }
  return missing;
}

// The generated column av_record.checklist_complete (schema.sql) says whether the checklist
// holds every item as JSON true, and the partial index av_record_checklist_open holds the
// recordings where it does not. The items are checked again here, from ChecklistItems().
Status ChecklistRule(const RuleRun& run, std::vector<Finding>& out) {
  std::vector<store::Value> params;
  std::string sql = "SELECT a.id, a.case_id, " + CaseNumberSql("a.case_id") +
                    ", a.officer, a.end_us, a.checklist FROM av_record a "
                    "WHERE a.case_id IS NOT NULL AND a.checklist_complete = 0 AND " +
                    run.Where("a.case_id", "a.officer", params);

  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    auto missing = MissingItems(row.Text(5));
    if (missing.empty()) return true;
    Finding f = NewFinding("R7", "checklist_incomplete", "violation");
    std::string zh, en;
    for (const auto* item : missing) {
      zh += (zh.empty() ? "" : "、") + std::string(item->name_zh) + "（" + item->requirement_id +
            "）";
      en += (en.empty() ? "" : ", ") + std::string(item->code);
    }
    f.message_zh = "录像未记录：" + zh;
    f.message_en = "the recording does not show: " + en;
    SetCase(f, row, 1);
    f.object = Object("av_record", row.Int(0));
    f.due_us = row.Int(4);
    f.responsible = TextOr(row, 3);
    out.push_back(std::move(f));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Administrative Penalty Law art. 42: investigation by at least two certified officers.

// Ids of the active people whose certificate is valid on `today`, as a JSON array.
Result<std::string> CertifiedPeople(const RuleRun& run, const Date& today) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      run.ctx.db.Query(
          "SELECT id, cert_valid_until FROM person WHERE active = 1 AND cert_no IS NOT NULL "
          "AND cert_no <> '' AND cert_valid_until IS NOT NULL"));
  Json ids = Json::array();
  for (const auto& r : rows) {
    auto until = Date::Parse(r.Text(1));
    if (until.ok() && !(*until < today)) ids.push_back(r.Text(0));
  }
  return ids.dump();
}

Status OfficersRule(const RuleRun& run, std::vector<Finding>& out) {
  FR_ASSIGN_OR_RETURN(auto heads, HoldersBySection(run, "section_head"));
  FR_ASSIGN_OR_RETURN(std::string certified, CertifiedPeople(run, ShanghaiDate(run.now)));
  // The unary + keeps the planner from probing the case's officers once per certified person.
  std::vector<store::Value> params{certified};
  std::string sql =
      "SELECT r.id, r.number, r.section, r.certified, "
      "(SELECT group_concat(person, ', ') FROM case_officer WHERE case_id = r.id) FROM "
      "(SELECT c.id, c.number, c.section, (SELECT count(*) FROM case_officer o "
      "WHERE o.case_id = c.id AND +o.person IN (SELECT value FROM json_each(?))) AS certified "
      "FROM case_file c WHERE c.stage <> 'start' AND c.ended_us IS NULL AND " +
      run.Where("c.id", "NULL", params) + ") r WHERE r.certified < 2";

  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    Finding f = NewFinding("Art.42", "officers_uncertified", "violation");
    std::string n = std::to_string(row.Int(3)), officers = TextOr(row, 4, "-");
    f.message_zh = "调查取证须由两名以上持有效执法证的执法人员进行，本案仅" + n + "名（执法人员：" +
                   officers + "）";
    f.message_en =
        "investigation needs two or more officers holding valid enforcement "
        "certificates (Administrative Penalty Law art. 42); the case has " +
        n + " (officers: " + officers + ")";
    SetCase(f, row, 0);
    f.object = Object("case", row.Int(0));
    f.responsible = Lookup(heads, row.Text(2));
    out.push_back(std::move(f));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// R17.1, R9.2: on-site enforcement recorded, from its start, without a break.

Finding OnsiteFinding(const RuleRun& run, const store::Row& row) {
  std::string onsite = FormatShanghaiMinute(row.Int(2));
  if (row.IsNull(3)) {
    Finding f = NewFinding("R17.1", "no_av_record", "violation");
    f.message_zh = "现场执法（" + onsite + "起）没有音像记录";
    f.message_en = "on-site enforcement from " + onsite + " has no audio-visual record";
    f.due_us = row.Int(2);
    return f;
  }
  Finding f = NewFinding("R9.2", "recording_started_late", "violation");
  std::string first = FormatShanghaiMinute(row.Int(3));
  f.message_zh = "现场执法" + onsite + "开始，录像" + first + "才开始，未全程录像";
  f.message_en = "on-site enforcement began " + onsite + " but recording only at " + first;
  f.due_us = row.Int(2) + run.options.start_grace_us;
  return f;
}

// case_file.onsite_first_av_us, kept by triggers, is the first start of a recording that
// overlaps the visit. Two range scans: visits with no such recording (index
// case_onsite_unrecorded), and those whose first recording began after the grace
// (case_onsite_delay).
Status OnsiteRule(const RuleRun& run, std::vector<Finding>& out) {
  std::string columns =
      "SELECT c.id, c.number, c.onsite_start_us, c.onsite_first_av_us, "
      "(SELECT min(person) FROM case_officer WHERE case_id = c.id) FROM case_file c WHERE ";
  std::vector<store::Value> none_params;
  std::string none = columns +
                     "c.onsite_first_av_us IS NULL AND c.onsite_start_us IS NOT NULL "
                     "AND c.stage <> 'start' AND " +
                     run.Where("c.id", "NULL", none_params);
  std::vector<store::Value> late_params{run.options.start_grace_us};
  std::string late = columns +
                     "c.onsite_first_av_us - c.onsite_start_us > ? AND c.stage <> 'start' AND " +
                     run.Where("c.id", "NULL", late_params);

  auto add = [&](const store::Row& row) {
    Finding f = OnsiteFinding(run, row);
    SetCase(f, row, 0);
    f.object = Object("case", row.Int(0));
    f.responsible = TextOr(row, 4);
    out.push_back(std::move(f));
    return true;
  };
  FR_RETURN_IF_ERROR(run.ctx.db.ForEach(none, none_params, add));
  return run.ctx.db.ForEach(late, late_params, add);
}

// ---------------------------------------------------------------------------------------------
// R17.4: a recording tied to no enforcement is a use of the device for something else.

Status UnassignedRule(const RuleRun& run, std::vector<Finding>& out) {
  int64_t term = run.options.unassigned_days * kMicrosPerDay;
  std::vector<store::Value> params;
  std::string sql =
      "SELECT a.id, a.officer, a.start_us, a.end_us FROM av_record a "
      "WHERE a.case_id IS NULL AND " +
      run.Where("a.case_id", "a.officer", params);

  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    UnixMicros due = row.Int(3) + term;
    bool late = due < run.now;
    Finding f = NewFinding("R17.4", "unassigned_recording", late ? "violation" : "reminder");
    std::string span = FormatShanghaiMinute(row.Int(2)) + " – " + FormatShanghaiMinute(row.Int(3));
    std::string days = std::to_string(run.options.unassigned_days);
    f.message_zh = "录像（" + span + "）" +
                   (late ? "超过" + days + "天仍未关联案件"
                         : "未关联案件，请于" + FormatShanghaiMinute(due) + "前关联");
    f.message_en = "recording " + span + " is tied to no case" +
                   (late ? " after " + days + " days"
                         : "; assign it to a case by " + FormatShanghaiMinute(due));
    f.object = Object("av_record", row.Int(0));
    f.due_us = due;
    f.responsible = TextOr(row, 1);
    out.push_back(std::move(f));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// R3.2, R5: the text records each kind of case needs at each stage (the catalogue).

std::set<std::string> SplitSet(const std::string& text, char sep) {
  std::set<std::string> out;
  size_t from = 0;
  while (from <= text.size() && !text.empty()) {
    size_t to = text.find(sep, from);
    if (to == std::string::npos) to = text.size();
    out.insert(text.substr(from, to - from));
    from = to + 1;
  }
  return out;
}

Finding DocumentsFinding(const Catalogue& catalogue, const Missing& m) {
  Finding f = NewFinding(m.requirement_id.empty() ? "R3.2" : m.requirement_id.c_str(),
                         "documents_missing", "warning");
  std::string zh, en;
  for (const auto& code : m.any_of) {
    const DocType* type = catalogue.Find(code);
    zh += (zh.empty() ? "" : "、") + (type ? type->name_zh : code);
    en += (en.empty() ? "" : " or ") + (type ? type->name_en : code);
  }
  if (m.any_of.size() > 1) zh += "（其一即可）";
  f.message_zh = std::string(StageNameZh(m.stage)) + "阶段缺少文书：" + zh;
  f.message_en = std::string("missing at stage ") + StageNameEn(m.stage) + ": " + en;
  return f;
}

// What the cases of one combination of kind, stage, flags (JSON array) and document types
// (case_file.doc_types) miss. Corruption when the kind, stage or flags cannot be read.
Result<std::vector<Missing>> MissingFor(const Catalogue& catalogue, const store::Row& key) {
  auto kind = ParseCaseKind(key.Text(0));
  auto stage = ParseStage(key.Text(1));
  Json flags = Json::parse(key.Text(2), nullptr, false);
  if (!kind.ok() || !stage.ok() || !flags.is_array()) {
    return Status::Corruption("unreadable kind, stage or flags");
  }
  std::set<std::string> flag_set;
  for (const auto& flag : flags) {
    if (flag.is_string()) flag_set.insert(flag.get<std::string>());
  }
  return catalogue.MissingDocuments(*kind, *stage, SplitSet(key.Text(3), '\x1f'), flag_set);
}

// What a case misses depends only on the columns of the index case_documents, and a bureau has
// few distinct combinations of them: the rule walks those, one index seek each, and reads the
// cases of only the combinations that miss something.
Status DocumentsRule(const RuleRun& run, std::vector<Finding>& out) {
  if (run.ctx.catalogue == nullptr) return Status::Ok();
  const Catalogue& catalogue = *run.ctx.catalogue;
  const std::string columns =
      "SELECT kind, stage, flags, doc_types FROM case_file WHERE disposed_us IS NULL ";
  const std::string order = " ORDER BY kind, stage, flags, doc_types LIMIT 1";
  const std::string next = columns + "AND (kind, stage, flags, doc_types) > (?, ?, ?, ?)" + order;
  std::vector<store::Value> params;
  std::string cases =
      "SELECT c.id, c.number, (SELECT min(person) FROM case_officer WHERE case_id = c.id) "
      "FROM case_file c WHERE c.kind = ? AND c.stage = ? AND c.flags = ? AND c.doc_types = ? "
      "AND c.disposed_us IS NULL AND " +
      run.Where("c.id", "NULL", params);

  std::vector<store::Value> key;
  for (;;) {
    FR_ASSIGN_OR_RETURN(auto rows, run.ctx.db.Query(key.empty() ? columns + order : next, key));
    if (rows.empty()) return Status::Ok();
    key.assign({rows[0].Text(0), rows[0].Text(1), rows[0].Text(2), rows[0].Text(3)});
    auto missing = MissingFor(catalogue, rows[0]);
    if (missing.ok() && missing->empty()) continue;

    // The cases of this combination in the report's reach; an unreadable combination is an error
    // only when the report reaches one of its cases.
    std::vector<store::Value> case_params = key;
    case_params.insert(case_params.end(), params.begin(), params.end());
    FR_ASSIGN_OR_RETURN(auto found, run.ctx.db.Query(cases, case_params));
    if (!missing.ok()) {
      if (found.empty()) continue;
      return Status::Corruption("case " + found[0].Text(1) +
                                " has an unreadable kind, stage or flags");
    }
    std::vector<Finding> alike;
    for (const auto& m : *missing) alike.push_back(DocumentsFinding(catalogue, m));
    for (const auto& row : found) {
      for (const auto& a : alike) {
        Finding f = a;
        SetCase(f, row, 0);
        f.object = Object("case", row.Int(0));
        f.responsible = TextOr(row, 2);
        out.push_back(std::move(f));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// R10.3: what the import found wrong with a recording's files (media_facts.facts.findings): a
// device clock that disagrees with the file's own time, a file cut short, a file with no time,
// a name that contradicts the device or its holder. Read through a partial index: only files
// with findings.

const char* MediaProblemZh(const std::string& kind) {
  if (kind == "clock_drift") return "设备时钟与文件记录时间不一致";
  if (kind == "truncated") return "文件不完整（短于声明时长）";
  if (kind == "no_time") return "文件无录制时间";
  if (kind == "device_mismatch") return "文件名中的设备与所在目录不符";
  if (kind == "officer_mismatch") return "文件名中的执法人员与设备领用人不符";
  return "导入时发现问题";
}

Status MediaRule(const RuleRun& run, std::vector<Finding>& out) {
  std::vector<store::Value> params;
  std::string sql =
      "SELECT a.id, a.case_id, " + CaseNumberSql("a.case_id") +
      ", a.officer, a.end_us, m.file_name, m.facts FROM media_facts m "
      "JOIN av_segment s ON s.blob_sha256 = m.sha256 JOIN av_record a ON a.id = s.av_id "
      "WHERE json_array_length(m.facts, '$.findings') > 0 AND " +
      run.Where("a.case_id", "a.officer", params) + " ORDER BY a.id, m.file_name";
  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    Json facts = Json::parse(row.Text(6), nullptr, false);
    if (!facts.is_object() || !facts.contains("findings") || !facts["findings"].is_array()) {
      return true;
    }
    for (const auto& problem : facts["findings"]) {
      std::string kind = problem.is_object() ? problem.value("kind", "") : "";
      Finding f = NewFinding("R10.3", "media_problem", "warning");
      f.message_zh = "文件 " + row.Text(5) + "：" + MediaProblemZh(kind);
      f.message_en = "file " + row.Text(5) + ": " + (kind.empty() ? "import finding" : kind);
      if (kind == "clock_drift" && problem.contains("drift_ms")) {
        std::string ms = problem["drift_ms"].dump();
        f.message_zh += "（相差 " + ms + " 毫秒）";
        f.message_en += " of " + ms + " ms";
      }
      SetCase(f, row, 1);
      f.object = Object("av_record", row.Int(0));
      f.responsible = TextOr(row, 3);
      out.push_back(std::move(f));
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// R17.2: attempts to delete or modify originals, as the ledger recorded them.

Status AttemptRule(const RuleRun& run, std::vector<Finding>& out) {
  // Written on json_extract(data, '$.type') so that an index on that expression serves it.
  std::vector<store::Value> params;
  std::string type = "json_extract(e.data, '$.type')";
  std::string person =
      "(CASE WHEN substr(json_extract(e.data, '$.actor'), 1, 5) = 'user:' THEN "
      "substr(json_extract(e.data, '$.actor'), 6) "
      "ELSE json_extract(e.data, '$.actor') END)";
  std::string sql =
      "SELECT e.seq, " + type +
      ", json_extract(e.data, '$.actor'), "
      "json_extract(e.data, '$.time'), json_extract(e.data, '$.detail.sha256'), "
      "json_extract(e.data, '$.detail.attempt'), json_extract(e.data, '$.detail.reason'), " +
      person + " FROM ledger_entry e WHERE (" + type + " = 'original.change_attempt' OR (" + type +
      " >= 'blob.' AND " + type +
      " < 'blob/' AND "
      "json_extract(e.data, '$.outcome') = 'refused')) AND " +
      run.Where("NULL", person, params) + " ORDER BY e.seq";

  return run.ctx.db.ForEach(sql, params, [&](const store::Row& row) {
    Finding f = NewFinding("R17.2", "original_change_attempt", "violation");
    std::string when = TextOr(row, 3), blob = TextOr(row, 4), what = TextOr(row, 5);
    if (auto t = ParseRfc3339(when)) when = FormatShanghaiMinute(*t);
    std::string target = blob.empty() ? "" : " " + blob.substr(0, 12) + "…";
    f.message_zh = TextOr(row, 2) + "于" + when + "试图修改或删除原始记录" + target +
                   (what.empty() ? "" : "（" + what + "）") + "，已被拒绝";
    f.message_en = TextOr(row, 2) + " tried to change or delete original" + target + " at " + when +
                   (what.empty() ? "" : " (" + what + ")") + "; refused (" + TextOr(row, 1) + ")";
    f.object = Object("ledger_entry", row.Int(0));
    f.responsible = TextOr(row, 7);
    out.push_back(std::move(f));
    return true;
  });
}

}  // namespace

const std::vector<RuleEntry>& RuleTable() {
  static const std::vector<RuleEntry> table = {
      {{"R12.1", "upload_late", "音像记录逾期上传", "Recording uploaded late"}, UploadRule},
      {{"R12.1", "upload_overdue", "音像记录逾期未上传", "Recording not uploaded"}, UploadRule},
      {{"R12.1", "upload_due", "音像记录待上传", "Recording due for upload"}, UploadRule},
      {{"R12.2", "upload_exempted", "音像记录暂缓上传", "Upload deferred (R12.2)"}, UploadRule},
      {{"R13.1", "archive_overdue", "逾期未归档", "Archive overdue"}, ArchiveRule},
      {{"R13.1", "archive_due", "归档期限将至", "Archive deadline near"}, ArchiveRule},
      {{"R13.1", "archive_deadline_unknown", "无法计算归档期限", "Archive deadline unknown"},
       ArchiveRule},
      {{"R9.3", "gap_unexplained", "录像中断未说明原因", "Recording gap unexplained"},
       InterruptionRule},
      {{"R9.4", "interruption_unreported", "中断未报告或未书面说明", "Interruption not reported"},
       InterruptionRule},
      {{"R7", "checklist_incomplete", "音像记录内容不全", "Recording content incomplete"},
       ChecklistRule},
      {{"Art.42", "officers_uncertified", "持证执法人员不足两名",
        "Fewer than two certified officers"},
       OfficersRule},
      {{"R17.1", "no_av_record", "现场执法未录像", "On-site enforcement not recorded"}, OnsiteRule},
      {{"R9.2", "recording_started_late", "现场录像未及时开始", "Recording started late"},
       OnsiteRule},
      {{"R17.4", "unassigned_recording", "音像记录未关联案件", "Recording tied to no case"},
       UnassignedRule},
      {{"R3.2", "documents_missing", "文书缺失", "Documents missing"}, DocumentsRule},
      {{"R10.3", "media_problem", "音像文件存在问题", "Problem found in a recording's file"},
       MediaRule},
      {{"R17.2", "original_change_attempt", "试图修改原始记录", "Attempt to change an original"},
       AttemptRule},
  };
  return table;
}

}  // namespace fullrecord::services::compliance_detail
