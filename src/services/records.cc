// RecordService: text records and the registration of audio-visual records.
#include "services/records.h"

#include <algorithm>

namespace fullrecord::services {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

constexpr const char* kSelectText =
    "SELECT id, case_id, stage, doc_type, title, fields, blob_sha256, classification, created_us, "
    "created_by FROM text_record";

TextRecord TextFromRow(const store::Row& r) {
  TextRecord t;
  t.id = r.Int(0);
  t.input.case_id = r.Int(1);
  t.input.stage = ParseStage(r.Text(2)).value();
  t.input.doc_type = r.Text(3);
  t.input.title = r.Text(4);
  t.input.fields = Json::parse(r.Text(5));
  t.input.blob_sha256 = r.IsNull(6) ? "" : r.Text(6);
  t.input.classification = ParseClassification(r.Text(7)).value();
  t.created_us = r.Int(8);
  t.created_by = r.Text(9);
  return t;
}

}  // namespace

bool MayReadRecord(const Actor& actor, const Case& kase, Classification c) {
  if (!MayRead(actor, kase)) return false;
  if (!IsSecret(c)) return true;
  return actor.Has(Role::kPrincipalLeader) || MayChange(actor, kase);
}

Status RecordService::RequireBlob(const std::string& sha256) {
  auto blob = ctx_.vault.Get(sha256);
  if (blob.ok()) return Status::Ok();
  if (blob.status().IsNotFound()) {
    return Status::InvalidArgument(
        "blob " + sha256 + " is not in the vault; ingest or upload it first",
        "文件" + sha256 + "尚未存入证据库，请先上传或导入");
  }
  return blob.status();
}

Result<int64_t> RecordService::AddText(const Actor& actor, const TextRecordInput& in) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.WritableCase(actor, in.case_id, "text_record.added"));
  if (Blank(in.title)) {
    return Status::InvalidArgument("a text record needs a title", "文书标题不能为空");
  }
  if (ctx_.catalogue && !ctx_.catalogue->Find(in.doc_type)) {
    return Status::InvalidArgument("document type \"" + in.doc_type + "\" is not in the catalogue",
                                   "文书目录中没有“" + in.doc_type + "”这一文书类型");
  }
  if (!in.fields.is_object()) {
    return Status::InvalidArgument("fields must be a JSON object",
                                   "文书字段格式有误，应为 JSON 对象");
  }
  if (!in.blob_sha256.empty()) FR_RETURN_IF_ERROR(RequireBlob(in.blob_sha256));

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, "text_record.added", [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO text_record (case_id, stage, doc_type, title, fields, blob_sha256, "
        "classification, created_us, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {in.case_id, std::string(StageCode(in.stage)), in.doc_type, in.title, in.fields.dump(),
         in.blob_sha256.empty() ? store::Value{} : in.blob_sha256,
         std::string(ClassificationCode(in.classification)), ctx_.now(), actor.LedgerName()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = {{"case", in.case_id}, {"number", c.number}, {"text_record", id},
         {"doc_type", in.doc_type}, {"sha256", in.blob_sha256}};
    return Status::Ok();
  }));
  return id;
}

Result<std::vector<TextRecord>> RecordService::ListText(const Actor& actor, int64_t case_id) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectText) +
                                               " WHERE case_id = ? ORDER BY id", {case_id}));
  std::vector<TextRecord> out;
  for (const auto& r : rows) {
    TextRecord t = TextFromRow(r);
    if (!MayReadRecord(actor, c, t.input.classification)) continue;
    if (ctx_.catalogue) {
      if (const DocType* type = ctx_.catalogue->Find(t.input.doc_type)) {
        t.missing_fields = ctx_.catalogue->MissingFields(*type, t.input.fields);
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<int64_t> RecordService::AddAv(const Actor& actor, const AvRecordInput& in_arg) {
  AvRecordInput in = in_arg;
  if (in.end_us < in.start_us) {
    return Status::InvalidArgument("a recording cannot end before it starts",
                                   "录音录像的结束时间不能早于开始时间");
  }
  if (!in.checklist.is_object()) {
    return Status::InvalidArgument("checklist must be a JSON object",
                                   "检查清单格式有误，应为 JSON 对象");
  }
  FR_ASSIGN_OR_RETURN(auto dev, ctx_.db.Query("SELECT 1 FROM device WHERE serial = ?", {in.device}));
  if (dev.empty()) {
    return Status::InvalidArgument("device " + in.device + " is not registered (R11.2)",
                                   "执法记录设备" + in.device + "未登记，请先登记设备");
  }

  // The officer is whoever held the device when recording began, unless named.
  if (in.officer.empty()) {
    FR_ASSIGN_OR_RETURN(auto holder, ctx_.db.Query(
        "SELECT person FROM device_assignment WHERE serial = ? AND from_us <= ? "
        "AND (to_us IS NULL OR to_us > ?) ORDER BY from_us DESC LIMIT 1",
        {in.device, in.start_us, in.start_us}));
    if (holder.empty()) {
      return Status::InvalidArgument("nobody held device " + in.device + " at " +
                                         FormatUtc(in.start_us) + "; name the officer",
                                     FormatShanghaiTime(in.start_us) + "时执法记录设备" +
                                         in.device + "未配发给任何人，请指定执法人员");
    }
    in.officer = holder[0].Text(0);
  }

  // Who may register it: the officer for their own, or someone who may change the case.
  bool allowed = actor.id == in.officer && actor.Has(Role::kOfficer);
  std::string number;
  if (in.case_id) {
    auto c = cases_.ReadableCase(actor, *in.case_id);
    if (!c.ok()) return c.status();
    allowed = allowed || MayChange(actor, *c);
    number = c->number;
  }
  if (!allowed) {
    return Refuse(ctx_, actor, "av_record.added", {{"device", in.device}},
                  Status::PermissionDenied("recordings are registered by their officer, or by "
                                           "the case's officers and section archivist",
                                           "录音录像只能由拍摄的执法人员本人，或本案执法人员、"
                                           "所属科室档案员登记"));
  }

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, "av_record.added", [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO av_record (case_id, stage, device, officer, start_us, end_us, place, "
        "landmark, classification, checklist, consent, not_recorded_reason, created_us, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {OptionalValue(in.case_id),
         in.stage ? store::Value{std::string(StageCode(*in.stage))} : store::Value{}, in.device,
         in.officer, in.start_us, in.end_us, in.place, in.landmark,
         std::string(ClassificationCode(in.classification)), in.checklist.dump(),
         int64_t{in.consent},
         in.not_recorded_reason.empty() ? store::Value{} : in.not_recorded_reason, ctx_.now(),
         actor.LedgerName()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = {{"av_record", id}, {"device", in.device}, {"officer", in.officer},
         {"start", FormatUtc(in.start_us)}, {"end", FormatUtc(in.end_us)}};
    if (in.case_id) d["case"] = *in.case_id, d["number"] = number;
    return Status::Ok();
  }));
  return id;
}

Result<int64_t> RecordService::AddSegment(const Actor& actor, int64_t av_id,
                                          const std::string& sha256, UnixMicros start_us,
                                          UnixMicros end_us) {
  FR_ASSIGN_OR_RETURN(AvRecord av, WritableAv(actor, av_id, "av_segment.added"));
  if (end_us < start_us) {
    return Status::InvalidArgument("a segment cannot end before it starts",
                                   "片段的结束时间不能早于开始时间");
  }
  FR_RETURN_IF_ERROR(RequireBlob(sha256));

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, "av_segment.added", [&](Json& d) -> Status {
    UnixMicros now = ctx_.now();
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO av_segment (av_id, blob_sha256, start_us, end_us, uploaded_us) "
        "VALUES (?, ?, ?, ?, ?)", {av_id, sha256, start_us, end_us, now}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = {{"av_record", av_id}, {"segment", id}, {"sha256", sha256},
         {"uploaded", FormatUtc(now)}, {"recording_end", FormatUtc(av.input.end_us)}};
    return Status::Ok();
  }));
  return id;
}

Status RecordService::RefuseOriginalChange(const Actor& actor, const std::string& sha256,
                                           const std::string& what) {
  return Refuse(ctx_, actor, "original.change_attempt", {{"sha256", sha256}, {"attempt", what}},
                Status::PermissionDenied("originals are never changed or deleted (R9.5, R17.2)",
                                         "原始记录不得修改或删除"));
}

}  // namespace fullrecord::services
