// Text records (R3.2, R5, R6) and audio-visual records (R3.3, R7–R12): registering them, their
// files, the on-site checklist, tying a recording to a case, upload exemptions (R12.2), and
// interruptions with their explanation, report to the section head and written account
// (R9.3, R9.4). The files themselves arrive through the upload routes.
#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/records.h"

namespace fullrecord::api {

namespace {

using services::RecordService;

void ListText(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto records = RecordService(c.ctx).ListText(c.actor, *id);
  if (!records.ok()) return c.Fail(records.status());
  Json out = Json::array();
  for (const auto& t : *records) out.push_back(TextRecordJson(c.ctx.catalogue, t));
  c.Reply({{"case_id", *id}, {"text_records", out}});
}

void AddText(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  services::TextRecordInput in;
  in.case_id = *id;
  in.stage = f->Enum("stage", services::ParseStage);
  in.doc_type = f->Text("doc_type");
  in.title = f->Text("title");
  in.fields = f->Object("fields");
  in.blob_sha256 = f->OptionalText("sha256");
  in.classification =
      f->Enum("classification", services::ParseClassification, services::Classification::kOrdinary);
  if (!f->ok()) return c.Fail(f->status());
  auto rid = RecordService(c.ctx).AddText(c.actor, in);
  if (!rid.ok()) return c.Fail(rid.status());
  c.Reply({{"id", *rid}}, http::status::created);
}

void ReplyAvList(Call& c, const Result<std::vector<services::AvRecord>>& records) {
  if (!records.ok()) return c.Fail(records.status());
  Json out = Json::array();
  for (const auto& a : *records) out.push_back(AvRecordJson(a));
  c.Reply({{"av_records", out}});
}

void ListAv(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  ReplyAvList(c, RecordService(c.ctx).ListAv(c.actor, *id));
}

void ListUnassigned(Call& c) {
  ReplyAvList(c, RecordService(c.ctx).ListUnassigned(c.actor));
}

void AddAv(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  services::AvRecordInput in;
  in.case_id = f->OptionalId("case_id");
  if (f->Present("stage")) in.stage = f->Enum("stage", services::ParseStage);
  in.device = f->Text("device");
  in.officer = f->OptionalText("officer");
  in.start_us = f->Time("start");
  in.end_us = f->Time("end");
  in.place = f->OptionalText("place");
  in.landmark = f->OptionalText("landmark");
  in.classification =
      f->Enum("classification", services::ParseClassification, services::Classification::kOrdinary);
  in.checklist = f->Object("checklist");
  in.consent = f->OptionalBool("consent", false);
  in.not_recorded_reason = f->OptionalText("not_recorded_reason");
  if (!f->ok()) return c.Fail(f->status());
  auto id = RecordService(c.ctx).AddAv(c.actor, in);
  if (!id.ok()) return c.Fail(id.status());
  c.Reply({{"id", *id}}, http::status::created);
}

void GetAv(Call& c) {
  auto id = PathId(c);
  if (!id) return;
  auto av = RecordService(c.ctx).GetAv(c.actor, *id);
  if (!av.ok()) return c.Fail(av.status());
  c.Reply(AvRecordJson(*av));
}

void AddSegment(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string sha = f->Text("sha256");
  UnixMicros start = f->Time("start"), end = f->Time("end");
  if (!f->ok()) return c.Fail(f->status());
  auto seg = RecordService(c.ctx).AddSegment(c.actor, *id, sha, start, end);
  if (!seg.ok()) return c.Fail(seg.status());
  c.Reply({{"id", *seg}}, http::status::created);
}

void SetChecklist(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  if (!f->Present("checklist")) {
    return c.Fail(Status::InvalidArgument("\"checklist\" is required", "“现场记录要点”为必填项"));
  }
  Json ticks = f->Object("checklist");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RecordService(c.ctx).SetChecklist(c.actor, *id, ticks));
}

void Assign(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  int64_t case_id = f->Id("case_id");
  services::Stage stage = f->Enum("stage", services::ParseStage);
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RecordService(c.ctx).AssignToCase(c.actor, *id, case_id, stage));
}

void ExemptUpload(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string reason = f->Text("reason"), note = f->OptionalText("note");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, RecordService(c.ctx).ExemptUpload(c.actor, *id, reason, note));
}

void AddInterruption(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  UnixMicros start = f->Time("start");
  std::optional<UnixMicros> end = f->OptionalTime("end");
  if (!f->ok()) return c.Fail(f->status());
  auto iid = RecordService(c.ctx).AddInterruption(c.actor, *id, start, end);
  if (!iid.ok()) return c.Fail(iid.status());
  c.Reply({{"id", *iid}}, http::status::created);
}

// An interruption hidden behind its recording's case answers as a missing one.
Status HiddenInterruption(const Status& s, int64_t id) {
  return Uniform(s, "no interruption " + std::to_string(id),
                 "未找到编号为 " + std::to_string(id) + " 的中断记录");
}

void Explain(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string reason = f->Text("reason"), note = f->OptionalText("note");
  bool voice = f->OptionalBool("voice_explained", false);
  if (!f->ok()) return c.Fail(f->status());
  Status s = RecordService(c.ctx).ExplainInterruption(c.actor, *id, reason, note, voice);
  Answer(c, HiddenInterruption(s, *id));
}

void ReportHead(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string head = f->Text("head");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, HiddenInterruption(RecordService(c.ctx).ReportToHead(c.actor, *id, head), *id));
}

void Written(Call& c) {
  auto id = PathId(c);
  auto f = id ? Fields::Read(c) : std::nullopt;
  if (!f) return;
  std::string text = f->Text("text");
  if (!f->ok()) return c.Fail(f->status());
  Status s = RecordService(c.ctx).WriteExplanation(c.actor, *id, text);
  Answer(c, HiddenInterruption(s, *id));
}

}  // namespace

void AddRecordRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  const char* av = "av-records";
  api.Route(V::get, "/api/catalogue",
            {"Case kinds, stages, documents, flags, checklist items and reason codes", "records"},
            s, CatalogueReference);
  api.Route(V::get, "/api/cases/{id}/text-records", {"The case's text records", "records"}, s,
            ListText);
  api.Route(V::post, "/api/cases/{id}/text-records", {"Add a text record", "records"}, s, AddText);
  api.Route(V::get, "/api/cases/{id}/av-records", {"The case's audio-visual records", av}, s,
            ListAv);
  // Before /api/av-records/{id}: the first matching pattern answers.
  api.Route(V::get, "/api/av-records/unassigned",
            {"The caller's recordings tied to no case (R17.4)", av}, s, ListUnassigned);
  api.Route(V::post, "/api/av-records", {"Register a recording", av}, s, AddAv);
  api.Route(V::get, "/api/av-records/{id}",
            {"A recording with segments, gaps, checklist, interruptions", av}, s, GetAv);
  api.Route(V::post, "/api/av-records/{id}/segments",
            {"Attach an original already in the vault (R12.1)", av}, s, AddSegment);
  api.Route(V::put, "/api/av-records/{id}/checklist", {"On-site checklist (R7, R10)", av}, s,
            SetChecklist);
  api.Route(V::post, "/api/av-records/{id}/assign", {"Tie the recording to a case", av}, s, Assign);
  api.Route(V::post, "/api/av-records/{id}/upload-exemption", {"Late upload allowed (R12.2)", av},
            s, ExemptUpload);
  api.Route(V::post, "/api/av-records/{id}/interruptions", {"Record a break (R9.2)", av}, s,
            AddInterruption);
  api.Route(V::post, "/api/interruptions/{id}/explain", {"Reason for a break (R9.3)", av}, s,
            Explain);
  api.Route(V::post, "/api/interruptions/{id}/report-head",
            {"The section head was told (R9.4)", av}, s, ReportHead);
  api.Route(V::post, "/api/interruptions/{id}/written", {"Written explanation (R9.4)", av}, s,
            Written);
}

}  // namespace fullrecord::api
