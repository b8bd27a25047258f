// CaseJson: the case metadata file of the disc (data/case.json). Format: docs/disc_format.md.
#include <map>

#include "archive/case_content.h"

namespace fullrecord::archive {
namespace {

using services::AvRecord;
using services::TextRecord;

Json Time(const std::optional<UnixMicros>& t) { return t ? Json(FormatUtc(*t)) : Json(); }

Json CaseHeader(const services::Case& c) {
  Json officers = c.officers;
  Json parties = Json::array();
  for (const auto& p : c.parties) {
    parties.push_back({{"name", p.name}, {"type", p.type}, {"id_no", p.id_no}});
  }
  return {{"id", c.id},
          {"number", c.number},
          {"kind", services::CaseKindCode(c.kind)},
          {"kind_zh", services::CaseKindNameZh(c.kind)},
          {"title", c.title},
          {"section", c.section},
          {"stage", services::StageCode(c.stage)},
          {"classification", services::ClassificationCode(c.classification)},
          {"retention", services::RetentionCode(c.retention)},
          {"retention_zh", services::RetentionNameZh(c.retention)},
          {"long_term", c.long_term},
          {"flags", c.flags},
          {"onsite_start", Time(c.onsite_start_us)},
          {"onsite_end", Time(c.onsite_end_us)},
          {"ended", Time(c.ended_us)},
          {"created", FormatUtc(c.created_us)},
          {"created_by", c.created_by},
          {"officers", officers},
          {"parties", parties}};
}

Json HistoryJson(const std::vector<services::StageChange>& history) {
  Json out = Json::array();
  for (const auto& h : history) {
    out.push_back({{"from", h.from ? Json(services::StageCode(*h.from)) : Json()},
                   {"to", services::StageCode(h.to)},
                   {"backward", h.backward},
                   {"reason", h.reason},
                   {"actor", h.actor},
                   {"at", FormatUtc(h.at_us)}});
  }
  return out;
}

Json TextJson(const TextRecord& t, const std::map<std::string, std::string>& paths) {
  auto file = paths.find(t.input.blob_sha256);
  return {{"id", t.id},
          {"stage", services::StageCode(t.input.stage)},
          {"doc_type", t.input.doc_type},
          {"title", t.input.title},
          {"fields", t.input.fields},
          {"classification", services::ClassificationCode(t.input.classification)},
          {"blob_sha256", t.input.blob_sha256.empty() ? Json() : Json(t.input.blob_sha256)},
          {"file", file == paths.end() ? Json() : Json(file->second)},
          {"missing_fields", t.missing_fields},
          {"created", FormatUtc(t.created_us)},
          {"created_by", t.created_by}};
}

Json InterruptionJson(const services::Interruption& i) {
  return {{"id", i.id},
          {"start", FormatUtc(i.start_us)},
          {"end", Time(i.end_us)},
          {"reason", i.reason},
          {"reason_note", i.reason_note},
          {"voice_explained", i.voice_explained},
          {"head_reported_to", i.head_reported_to},
          {"written_explanation", i.written_text}};
}

Json AvJson(const AvRecord& a, const std::map<std::string, std::string>& paths) {
  Json segments = Json::array();
  for (const auto& s : a.segments) {
    segments.push_back({{"id", s.id},
                        {"sha256", s.sha256},
                        {"file", paths.at(s.sha256)},
                        {"start", FormatUtc(s.start_us)},
                        {"end", FormatUtc(s.end_us)},
                        {"uploaded", FormatUtc(s.uploaded_us)}});
  }
  Json interruptions = Json::array();
  for (const auto& i : a.interruptions) interruptions.push_back(InterruptionJson(i));
  const auto& in = a.input;
  return {{"id", a.id},
          {"stage", in.stage ? Json(services::StageCode(*in.stage)) : Json()},
          {"device", in.device},
          {"officer", in.officer},
          {"start", FormatUtc(in.start_us)},
          {"end", FormatUtc(in.end_us)},
          {"place", in.place},
          {"landmark", in.landmark},
          {"classification", services::ClassificationCode(in.classification)},
          {"checklist", in.checklist},
          {"consent", in.consent},
          {"not_recorded_reason", in.not_recorded_reason},
          {"upload_exemption", a.upload_exemption},
          {"segments", segments},
          {"interruptions", interruptions}};
}

Json OriginalJson(const Original& o) {
  return {{"file", o.path},
          {"sha256", o.sha256},
          {"sm3", o.sm3},
          {"size", o.size},
          {"type", o.identity.type.code},
          {"kind", o.kind},
          {"ledger_seq", o.ledger_seq},
          {"stored_at", o.stored_at},
          {"records", o.records},
          {"classification", services::ClassificationCode(o.classification)}};
}

}  // namespace

Json CaseJson(const CaseContent& content) {
  std::map<std::string, std::string> paths;
  Json originals = Json::array();
  for (const auto& o : content.originals) {
    paths[o.sha256] = o.path;
    originals.push_back(OriginalJson(o));
  }
  Json texts = Json::array();
  for (const auto& t : content.texts) texts.push_back(TextJson(t, paths));
  Json avs = Json::array();
  for (const auto& a : content.avs) avs.push_back(AvJson(a, paths));
  return {{"format", "fullrecord-case/v1"},
          {"case", CaseHeader(content.kase)},
          {"archive_deadline_r13_1", Time(content.deadline_us)},
          {"stage_history", HistoryJson(content.history)},
          {"text_records", texts},
          {"av_records", avs},
          {"originals", originals}};
}

}  // namespace fullrecord::archive
