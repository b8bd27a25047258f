// Views of text and audio-visual records.
#include <algorithm>

#include "api/views.h"

namespace fullrecord::api {
namespace {

using services::AvRecord;
using services::Segment;

// A gap longer than this between a recording's files is shown: a body camera's normal split of
// about a second plus five seconds of tolerance, the defaults of media::GapOptions.
constexpr UnixMicros kShownGapUs = 6'000'000;

Json GapJson(UnixMicros start, UnixMicros end, const std::string& where) {
  Json j = {{"where", where}, {"seconds", (end - start) / 1'000'000}};
  PutTime(j, "start_at", start);
  PutTime(j, "end_at", end);
  return j;
}

// The stretches of the recording's time no uploaded file covers: before the first file, between
// files, and after the last. Nothing is reported before any file is uploaded.
Json GapsJson(const AvRecord& a) {
  Json out = Json::array();
  if (a.segments.empty()) return out;
  std::vector<Segment> segs = a.segments;
  std::sort(segs.begin(), segs.end(),
            [](const Segment& x, const Segment& y) { return x.start_us < y.start_us; });
  UnixMicros covered = a.input.start_us;
  const char* where = "start";
  for (const auto& s : segs) {
    if (s.start_us - covered > kShownGapUs) out.push_back(GapJson(covered, s.start_us, where));
    covered = std::max(covered, s.end_us);
    where = "between";
  }
  if (a.input.end_us - covered > kShownGapUs)
    out.push_back(GapJson(covered, a.input.end_us, "end"));
  return out;
}

Json SegmentJson(const Segment& s) {
  Json j = {{"id", s.id}, {"sha256", s.sha256}};
  PutTime(j, "start_at", s.start_us);
  PutTime(j, "end_at", s.end_us);
  PutTime(j, "uploaded_at", s.uploaded_us);
  return j;
}

Json ChecklistJson(const Json& ticks) {
  Json out = Json::array();
  for (const auto& item : services::ChecklistItems()) {
    bool done = ticks.is_object() && ticks.contains(item.code) && ticks[item.code].is_boolean() &&
                ticks[item.code].get<bool>();
    out.push_back({{"code", item.code},
                   {"name_zh", item.name_zh},
                   {"requirement_id", item.requirement_id},
                   {"done", done}});
  }
  return out;
}

Json MissingFieldsJson(const services::DocType* type, const std::vector<std::string>& names) {
  Json out = Json::array();
  for (const auto& name : names) {
    std::string zh = name;
    if (type) {
      for (const auto& f : type->fields) {
        if (f.name == name) zh = f.name_zh;
      }
    }
    out.push_back({{"name", name}, {"name_zh", zh}});
  }
  return out;
}

}  // namespace

Json TextRecordJson(const services::Catalogue* catalogue, const services::TextRecord& t) {
  const services::DocType* type = catalogue ? catalogue->Find(t.input.doc_type) : nullptr;
  const auto& in = t.input;
  Json j = {{"id", t.id},
            {"case_id", in.case_id},
            {"stage", services::StageCode(in.stage)},
            {"stage_zh", services::StageNameZh(in.stage)},
            {"doc_type", in.doc_type},
            {"doc_type_zh", type ? type->name_zh : in.doc_type},
            {"title", in.title},
            {"fields", in.fields},
            {"sha256", in.blob_sha256},
            {"classification", services::ClassificationCode(in.classification)},
            {"classification_zh", services::ClassificationNameZh(in.classification)},
            {"created_by", t.created_by},
            {"missing_fields", MissingFieldsJson(type, t.missing_fields)},
            {"complete", t.missing_fields.empty()}};
  PutTime(j, "created_at", t.created_us);
  return j;
}

Json InterruptionJson(const services::Interruption& i) {
  Json j = {{"id", i.id},
            {"av_record_id", i.av_id},
            {"resumed", i.end_us.has_value()},
            {"reason", i.reason},
            {"reason_note", i.reason_note},
            {"voice_explained", i.voice_explained},
            {"head_reported_to", i.head_reported_to},
            {"head_reported_by", i.head_reported_by},
            {"written_by", i.written_by},
            {"written_text", i.written_text}};
  PutTime(j, "start_at", i.start_us);
  PutTime(j, "end_at", i.end_us);
  PutTime(j, "head_reported_at", i.head_reported_us);
  PutTime(j, "written_at", i.written_us);
  return j;
}

Json AvRecordJson(const AvRecord& a) {
  const auto& in = a.input;
  Json segments = Json::array();
  for (const auto& s : a.segments) segments.push_back(SegmentJson(s));
  Json interruptions = Json::array();
  for (const auto& i : a.interruptions) interruptions.push_back(InterruptionJson(i));
  Json j = {{"id", a.id},
            {"case_id", in.case_id ? Json(*in.case_id) : Json(nullptr)},
            {"stage", in.stage ? Json(services::StageCode(*in.stage)) : Json(nullptr)},
            {"stage_zh", in.stage ? Json(services::StageNameZh(*in.stage)) : Json(nullptr)},
            {"device", in.device},
            {"officer", in.officer},
            {"place", in.place},
            {"landmark", in.landmark},
            {"classification", services::ClassificationCode(in.classification)},
            {"classification_zh", services::ClassificationNameZh(in.classification)},
            {"consent", in.consent},
            {"not_recorded_reason", in.not_recorded_reason},
            {"upload_exemption", a.upload_exemption},
            {"checklist", ChecklistJson(in.checklist)},
            {"segments", segments},
            {"gaps", GapsJson(a)},
            {"interruptions", interruptions}};
  PutTime(j, "start_at", in.start_us);
  PutTime(j, "end_at", in.end_us);
  PutTime(j, "created_at", a.created_us);
  return j;
}

}  // namespace fullrecord::api
