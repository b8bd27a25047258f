// RecordService: audio-visual records after registration — checklist, case assignment, upload
// exemptions, and interruptions with their explanations and reports (R7, R9.2–R9.4, R10, R12.2).
#include <algorithm>

#include "services/records.h"

namespace fullrecord::services {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

constexpr const char* kSelectAv =
    "SELECT id, case_id, stage, device, officer, start_us, end_us, place, landmark, "
    "classification, checklist, consent, not_recorded_reason, upload_exemption, created_us "
    "FROM av_record";

AvRecord AvFromRow(const store::Row& r) {
  AvRecord a;
  a.id = r.Int(0);
  a.input.case_id = OptionalInt(r, 1);
  if (!r.IsNull(2)) a.input.stage = ParseStage(r.Text(2)).value();
  a.input.device = r.IsNull(3) ? "" : r.Text(3);
  a.input.officer = r.IsNull(4) ? "" : r.Text(4);
  a.input.start_us = r.Int(5);
  a.input.end_us = r.Int(6);
  a.input.place = r.Text(7);
  a.input.landmark = r.Text(8);
  a.input.classification = ParseClassification(r.Text(9)).value();
  a.input.checklist = Json::parse(r.Text(10));
  a.input.consent = r.Int(11) != 0;
  a.input.not_recorded_reason = r.IsNull(12) ? "" : r.Text(12);
  a.upload_exemption = r.IsNull(13) ? "" : r.Text(13);
  a.created_us = r.Int(14);
  return a;
}

Interruption InterruptionFromRow(const store::Row& r) {
  Interruption i;
  i.id = r.Int(0);
  i.av_id = r.Int(1);
  i.start_us = r.Int(2);
  i.end_us = OptionalInt(r, 3);
  i.reason = r.IsNull(4) ? "" : r.Text(4);
  i.reason_note = r.Text(5);
  i.voice_explained = r.Int(6) != 0;
  i.head_reported_to = r.IsNull(7) ? "" : r.Text(7);
  i.head_reported_by = r.IsNull(8) ? "" : r.Text(8);
  i.head_reported_us = OptionalInt(r, 9);
  i.written_by = r.IsNull(10) ? "" : r.Text(10);
  i.written_us = OptionalInt(r, 11);
  i.written_text = r.IsNull(12) ? "" : r.Text(12);
  return i;
}

constexpr const char* kSelectInterruption =
    "SELECT id, av_id, start_us, end_us, reason, reason_note, voice_explained, head_reported_to, "
    "head_reported_by, head_reported_us, written_by, written_us, written_text FROM interruption";

const std::vector<std::string> kInterruptionReasons = {
    "device_fault", "low_battery", "storage_full", "bad_weather", "obstruction", "r8_content",
    "other"};
const std::vector<std::string> kUploadExemptions = {"continuous_enforcement", "away_from_base",
                                                    "poor_transport"};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The Chinese names of the codes above, for messages (the API's catalogue lists the same names).
const std::vector<std::string> kInterruptionReasonsZh = {
    "设备故障或损坏", "电量不足",           "存储空间已满", "恶劣天气",
    "现场人员阻挠",   "涉及不宜录制的内容", "其他原因"};
const std::vector<std::string> kUploadExemptionsZh = {"连续执法", "异地执法", "交通不便"};

std::string JoinZh(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

const std::vector<ChecklistItem>& ChecklistItems() {
  static const std::vector<ChecklistItem> kItems = {
      {"scene_and_certificate_shown", "拍摄现场并出示执法证件", "R7.1"},
      {"rights_informed", "告知权利义务", "R7.1"},
      {"standard_notice_given", "开机告知规范用语", "R10.1"},
      {"parties_and_conduct", "当事人及在场人员言行", "R7.2"},
      {"evidence_recorded", "调查取证及重要物证", "R7.3"},
      {"measures_recorded", "采取的措施", "R7.5"},
      {"documents_served", "现场制作送达文书", "R7.6"},
      {"place_sign_recorded", "场所标志或周边标志物", "R10.4"},
  };
  return kItems;
}

bool IsInterruptionReason(const std::string& code) {
  return std::find(kInterruptionReasons.begin(), kInterruptionReasons.end(), code) !=
         kInterruptionReasons.end();
}

bool IsUploadExemption(const std::string& code) {
  return std::find(kUploadExemptions.begin(), kUploadExemptions.end(), code) !=
         kUploadExemptions.end();
}

Result<AvRecord> RecordService::LoadAv(int64_t av_id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectAv) + " WHERE id = ?", {av_id}));
  if (rows.empty()) {
    return Status::NotFound("no audio-visual record " + std::to_string(av_id),
                            "录音录像记录不存在或无权查看（ID：" + std::to_string(av_id) + "）");
  }
  AvRecord a = AvFromRow(rows[0]);
  FR_ASSIGN_OR_RETURN(auto segs, ctx_.db.Query(
      "SELECT id, blob_sha256, start_us, end_us, uploaded_us FROM av_segment WHERE av_id = ? "
      "ORDER BY start_us, id", {av_id}));
  for (const auto& r : segs) a.segments.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4)});
  FR_ASSIGN_OR_RETURN(auto ints, ctx_.db.Query(std::string(kSelectInterruption) +
                                               " WHERE av_id = ? ORDER BY start_us", {av_id}));
  for (const auto& r : ints) a.interruptions.push_back(InterruptionFromRow(r));
  return a;
}

Result<AvRecord> RecordService::ReadableAv(const Actor& actor, int64_t av_id) {
  auto av = LoadAv(av_id);
  if (!av.ok()) return av.status();
  Status hidden =
      Status::NotFound("no audio-visual record " + std::to_string(av_id),
                       "录音录像记录不存在或无权查看（ID：" + std::to_string(av_id) + "）");
  if (av->input.case_id) {
    auto c = cases_.ReadableCase(actor, *av->input.case_id);
    if (!c.ok()) return c.status().IsNotFound() ? hidden : c.status();
    if (MayReadRecord(actor, *c, av->input.classification)) return av;
    return Refuse(ctx_, actor, "av_record.viewed", {{"av_record", av_id}}, hidden);
  }

  // Unassigned: the officer, their section's head and archivist, the principal leader.
  if (actor.id == av->input.officer || actor.Has(Role::kPrincipalLeader)) return av;
  auto owner = LoadActor(ctx_, av->input.officer);
  bool same_section = owner.ok() && !actor.section.empty() && owner->section == actor.section;
  if (same_section && (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist))) return av;
  return Refuse(ctx_, actor, "av_record.viewed", {{"av_record", av_id}}, hidden);
}

Result<AvRecord> RecordService::WritableAv(const Actor& actor, int64_t av_id, const char* event) {
  FR_ASSIGN_OR_RETURN(AvRecord av, ReadableAv(actor, av_id));
  bool allowed = actor.id == av.input.officer;
  if (!allowed && av.input.case_id) {
    auto c = cases_.ReadableCase(actor, *av.input.case_id);
    allowed = c.ok() && MayChange(actor, *c);
  }
  if (allowed) return av;
  return Refuse(ctx_, actor, event, {{"av_record", av_id}},
                Status::PermissionDenied("only the recording's officer, or the case's officers "
                                         "and section archivist, change its record",
                                         "只有拍摄该录音录像的执法人员，或本案执法人员、所属科室"
                                         "档案员可以修改该记录"));
}

Result<AvRecord> RecordService::GetAv(const Actor& actor, int64_t av_id) {
  return ReadableAv(actor, av_id);
}

Result<std::vector<AvRecord>> RecordService::ListAv(const Actor& actor, int64_t case_id) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query("SELECT id, classification FROM av_record "
                                               "WHERE case_id = ? ORDER BY start_us", {case_id}));
  std::vector<AvRecord> out;
  for (const auto& r : rows) {
    if (!MayReadRecord(actor, c, ParseClassification(r.Text(1)).value())) continue;
    FR_ASSIGN_OR_RETURN(AvRecord a, LoadAv(r.Int(0)));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<AvRecord>> RecordService::ListUnassigned(const Actor& actor) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(
      "SELECT id FROM av_record WHERE case_id IS NULL AND officer = ? ORDER BY start_us",
      {actor.id}));
  std::vector<AvRecord> out;
  for (const auto& r : rows) {
    FR_ASSIGN_OR_RETURN(AvRecord a, LoadAv(r.Int(0)));
    out.push_back(std::move(a));
  }
  return out;
}

Status RecordService::SetChecklist(const Actor& actor, int64_t av_id, const Json& checklist) {
  FR_RETURN_IF_ERROR(WritableAv(actor, av_id, "av_record.checklist_set").status());
  if (!checklist.is_object()) {
    return Status::InvalidArgument("checklist must be a JSON object",
                                   "检查清单格式有误，应为 JSON 对象");
  }
  for (const auto& [key, value] : checklist.items()) {
    auto known = std::find_if(ChecklistItems().begin(), ChecklistItems().end(),
                              [&key](const ChecklistItem& i) { return key == i.code; });
    if (known == ChecklistItems().end()) {
      return Status::InvalidArgument("unknown checklist item " + key,
                                     "检查清单中没有“" + key + "”这一项");
    }
    if (!value.is_boolean()) {
      return Status::InvalidArgument(
          "checklist item " + key + " must be true or false",
          std::string("检查清单项“") + known->name_zh + "”只能填写是或否");
    }
  }
  return Commit(ctx_, actor, "av_record.checklist_set", [&](Json& d) {
    d = {{"av_record", av_id}, {"checklist", checklist}};
    return ctx_.db.Exec("UPDATE av_record SET checklist = ? WHERE id = ?", {checklist.dump(), av_id});
  });
}

Status RecordService::AssignToCase(const Actor& actor, int64_t av_id, int64_t case_id, Stage stage) {
  FR_ASSIGN_OR_RETURN(AvRecord av, WritableAv(actor, av_id, "av_record.assigned"));
  FR_ASSIGN_OR_RETURN(Case c, cases_.WritableCase(actor, case_id, "av_record.assigned"));
  if (av.input.case_id && *av.input.case_id != case_id) {
    return Status::FailedPrecondition(
        "recording " + std::to_string(av_id) + " already belongs to another case",
        "该录音录像（ID：" + std::to_string(av_id) + "）已归入其他案件，不能再归入案件" + c.number);
  }
  return Commit(ctx_, actor, "av_record.assigned", [&](Json& d) {
    d = {{"av_record", av_id}, {"case", case_id}, {"number", c.number}, {"stage", StageCode(stage)}};
    return ctx_.db.Exec("UPDATE av_record SET case_id = ?, stage = ? WHERE id = ?",
                        {case_id, std::string(StageCode(stage)), av_id});
  });
}

Status RecordService::ExemptUpload(const Actor& actor, int64_t av_id, const std::string& reason,
                                   const std::string& note) {
  FR_RETURN_IF_ERROR(WritableAv(actor, av_id, "av_record.upload_exempted").status());
  if (!IsUploadExemption(reason)) {
    return Status::InvalidArgument(
        "unknown upload exemption \"" + reason + "\"; valid (R12.2): " + Join(kUploadExemptions),
        "延期上传理由“" + reason + "”无效，应为以下之一：" + JoinZh(kUploadExemptionsZh));
  }
  std::string text = note.empty() ? reason : reason + ": " + note;
  return Commit(ctx_, actor, "av_record.upload_exempted", [&](Json& d) {
    d = {{"av_record", av_id}, {"reason", reason}, {"note", note}};
    return ctx_.db.Exec("UPDATE av_record SET upload_exemption = ? WHERE id = ?", {text, av_id});
  });
}

Result<int64_t> RecordService::AddInterruption(const Actor& actor, int64_t av_id,
                                               UnixMicros start_us,
                                               std::optional<UnixMicros> end_us) {
  FR_RETURN_IF_ERROR(WritableAv(actor, av_id, "interruption.recorded").status());
  if (end_us && *end_us < start_us) {
    return Status::InvalidArgument("an interruption cannot end before it starts",
                                   "中断的结束时间不能早于开始时间");
  }
  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, "interruption.recorded", [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO interruption (av_id, start_us, end_us, found_us, found_by) VALUES (?, ?, ?, ?, ?)",
        {av_id, start_us, OptionalValue(end_us), ctx_.now(), actor.LedgerName()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = {{"interruption", id}, {"av_record", av_id}, {"start", FormatUtc(start_us)},
         {"resumed", end_us.has_value()}};
    return Status::Ok();
  }));
  return id;
}

Result<Interruption> RecordService::WritableInterruption(const Actor& actor, int64_t id,
                                                         const char* event) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectInterruption) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("no interruption " + std::to_string(id),
                            "中断记录不存在（ID：" + std::to_string(id) + "）");
  }
  Interruption i = InterruptionFromRow(rows[0]);
  FR_RETURN_IF_ERROR(WritableAv(actor, i.av_id, event).status());
  return i;
}

Status RecordService::ExplainInterruption(const Actor& actor, int64_t id,
                                          const std::string& reason, const std::string& note,
                                          bool voice_explained) {
  FR_RETURN_IF_ERROR(WritableInterruption(actor, id, "interruption.explained").status());
  if (!IsInterruptionReason(reason)) {
    return Status::InvalidArgument(
        "unknown interruption reason \"" + reason +
            "\"; valid (R9.3): " + Join(kInterruptionReasons),
        "中断原因“" + reason + "”无效，应为以下之一：" + JoinZh(kInterruptionReasonsZh));
  }
  if (reason == "other" && Blank(note)) {
    return Status::InvalidArgument("the reason \"other\" needs a note saying what happened",
                                   "中断原因选择“其他原因”时，须说明具体情况");
  }
  return Commit(ctx_, actor, "interruption.explained", [&](Json& d) {
    d = {{"interruption", id}, {"reason", reason}, {"voice_explained", voice_explained}};
    return ctx_.db.Exec(
        "UPDATE interruption SET reason = ?, reason_note = ?, voice_explained = ? WHERE id = ?",
        {reason, note, int64_t{voice_explained}, id});
  });
}

Status RecordService::ReportToHead(const Actor& actor, int64_t id, const std::string& head) {
  FR_RETURN_IF_ERROR(WritableInterruption(actor, id, "interruption.reported").status());
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(
      "SELECT 1 FROM person_role WHERE person = ? AND role = 'section_head'", {head}));
  if (rows.empty()) {
    return Status::InvalidArgument(head + " is not a section head (R9.4)",
                                   "“" + head + "”不是科室负责人");
  }
  return Commit(ctx_, actor, "interruption.reported", [&](Json& d) {
    UnixMicros now = ctx_.now();
    d = {{"interruption", id}, {"head", head}, {"at", FormatUtc(now)}};
    return ctx_.db.Exec(
        "UPDATE interruption SET head_reported_to = ?, head_reported_by = ?, head_reported_us = ? "
        "WHERE id = ?", {head, actor.id, now, id});
  });
}

Status RecordService::WriteExplanation(const Actor& actor, int64_t id, const std::string& text) {
  FR_RETURN_IF_ERROR(WritableInterruption(actor, id, "interruption.written").status());
  if (Blank(text)) {
    return Status::InvalidArgument("the written explanation is empty (R9.4)", "书面说明不能为空");
  }
  return Commit(ctx_, actor, "interruption.written", [&](Json& d) {
    UnixMicros now = ctx_.now();
    d = {{"interruption", id}, {"at", FormatUtc(now)}};
    return ctx_.db.Exec(
        "UPDATE interruption SET written_by = ?, written_us = ?, written_text = ? WHERE id = ?",
        {actor.id, now, text, id});
  });
}

}  // namespace fullrecord::services
