#include "cli/case_view.h"

#include <cstdio>

#include "cli/human.h"
#include "cli/output.h"
#include "services/bureau.h"
#include "services/records.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct CaseDetails {
  Case c;
  std::vector<StageChange> history;
  std::vector<TextRecord> texts;
  std::vector<AvRecord> avs;
  std::vector<Missing> missing;  // empty also when no catalogue is loaded
};

Result<CaseDetails> LoadDetails(Session& s, int64_t id) {
  CaseService cases(s.ctx());
  RecordService records(s.ctx());
  CaseDetails d;
  FR_ASSIGN_OR_RETURN(d.c, cases.Get(s.actor, id));
  FR_ASSIGN_OR_RETURN(d.history, cases.History(s.actor, id));
  FR_ASSIGN_OR_RETURN(d.texts, records.ListText(s.actor, id));
  FR_ASSIGN_OR_RETURN(d.avs, records.ListAv(s.actor, id));

  // Judged on the records this actor may see.
  if (const Catalogue* catalogue = s.ctx().catalogue) {
    std::set<std::string> present;
    for (const auto& t : d.texts) present.insert(t.input.doc_type);
    d.missing = catalogue->MissingDocuments(d.c.kind, d.c.stage, present, d.c.flags);
  }
  return d;
}

std::string DocName(Session& s, const std::string& code) {
  const DocType* type = s.ctx().catalogue ? s.ctx().catalogue->Find(code) : nullptr;
  return type ? type->name_zh + " (" + code + ")" : code;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// JSON

Json PartiesJson(const std::vector<Party>& parties) {
  Json out = Json::array();
  for (const auto& p : parties)
    out.push_back({{"name", p.name}, {"type", p.type}, {"id_no", p.id_no}});
  return out;
}

Json TextJson(const TextRecord& t) {
  return {{"id", t.id},
          {"stage", StageCode(t.input.stage)},
          {"doc_type", t.input.doc_type},
          {"title", t.input.title},
          {"fields", t.input.fields},
          {"sha256", t.input.blob_sha256},
          {"classification", ClassificationCode(t.input.classification)},
          {"created", FormatUtc(t.created_us)},
          {"created_by", t.created_by},
          {"missing_fields", t.missing_fields}};
}

Json GapJson(const Interruption& i) {
  return {{"id", i.id},
          {"start", FormatUtc(i.start_us)},
          {"end", TimeJson(i.end_us)},
          {"reason", i.reason},
          {"note", i.reason_note},
          {"voice_explained", i.voice_explained},
          {"head_reported_to", i.head_reported_to},
          {"head_reported", TimeJson(i.head_reported_us)},
          {"written", TimeJson(i.written_us)}};
}

Json AvJson(const AvRecord& a) {
  Json segments = Json::array(), gaps = Json::array();
  for (const auto& seg : a.segments) {
    segments.push_back({{"id", seg.id},
                        {"sha256", seg.sha256},
                        {"start", FormatUtc(seg.start_us)},
                        {"end", FormatUtc(seg.end_us)},
                        {"uploaded", FormatUtc(seg.uploaded_us)}});
  }
  for (const auto& i : a.interruptions) gaps.push_back(GapJson(i));
  return {{"id", a.id},
          {"case", a.input.case_id ? Json(*a.input.case_id) : Json()},
          {"stage", a.input.stage ? Json(StageCode(*a.input.stage)) : Json()},
          {"device", a.input.device},
          {"officer", a.input.officer},
          {"start", FormatUtc(a.input.start_us)},
          {"end", FormatUtc(a.input.end_us)},
          {"place", a.input.place},
          {"landmark", a.input.landmark},
          {"classification", ClassificationCode(a.input.classification)},
          {"checklist", a.input.checklist},
          {"upload_exemption", a.upload_exemption},
          {"segments", segments},
          {"interruptions", gaps}};
}

Json DetailsJson(const CaseDetails& d) {
  Json out = CaseJson(d.c);
  Json history = Json::array(), texts = Json::array(), avs = Json::array();
  Json missing = Json::array();
  for (const auto& h : d.history) {
    history.push_back({{"from", h.from ? Json(StageCode(*h.from)) : Json()},
                       {"to", StageCode(h.to)},
                       {"backward", h.backward},
                       {"reason", h.reason},
                       {"actor", h.actor},
                       {"at", FormatUtc(h.at_us)}});
  }
  for (const auto& t : d.texts) texts.push_back(TextJson(t));
  for (const auto& a : d.avs) avs.push_back(AvJson(a));
  for (const auto& m : d.missing) {
    missing.push_back(
        {{"stage", StageCode(m.stage)}, {"any_of", m.any_of}, {"requirement", m.requirement_id}});
  }
  out["stage_history"] = history;
  out["text_records"] = texts;
  out["av_records"] = avs;
  out["missing_documents"] = missing;
  return out;
}

// For people

void PrintHeader(Session& s, const Case& c) {
  std::printf("案件 case %lld  %s  %s\n", static_cast<long long>(c.id), c.number.c_str(),
              c.title.c_str());
  std::printf("  类型    %s (%s)\n", CaseKindNameZh(c.kind), CaseKindCode(c.kind));
  std::printf("  阶段    %s (%s)\n", StageNameZh(c.stage), StageCode(c.stage));
  std::printf("  科室    %s\n", c.section.c_str());
  std::printf("  密级    %s\n", ClassificationNameZh(c.classification));
  std::printf("  保管期限 %s%s\n", RetentionNameZh(c.retention), c.long_term ? " (长期保存)" : "");
  std::printf("  标记    %s\n",
              c.flags.empty() ? "-" : Join({c.flags.begin(), c.flags.end()}, ", ").c_str());
  std::printf("  现场    %s – %s\n", LocalTime(c.onsite_start_us).c_str(),
              LocalTime(c.onsite_end_us).c_str());
  std::printf("  执法结束 %s   归档 %s\n", LocalTime(c.ended_us).c_str(),
              LocalTime(c.archived_us).c_str());
  std::printf("  建立    %s by %s\n", LocalTime(c.created_us).c_str(), c.created_by.c_str());

  std::printf("当事人 parties\n");
  if (c.parties.empty()) std::printf("  (none)\n");
  for (const auto& p : c.parties) {
    std::printf("  %s (%s) %s\n", p.name.c_str(), p.type.c_str(), p.id_no.c_str());
  }
  std::printf("执法人员 officers\n");
  BureauService bureau(s.ctx());
  for (const auto& o : c.officers) {
    auto p = bureau.GetPerson(o);
    std::string cert = p.ok() && !p->cert_no.empty()
                           ? "执法证 " + p->cert_no + " 至 " + p->cert_valid_until
                           : "无执法证 no certificate";
    std::printf("  %s %s  %s\n", o.c_str(), p.ok() ? p->name.c_str() : "", cert.c_str());
  }
}

void PrintHistory(const CaseDetails& d) {
  std::printf("阶段记录 stage history\n");
  for (const auto& h : d.history) {
    std::printf("  %s  %s → %s%s  %s  (%s)\n", LocalTime(h.at_us).c_str(),
                h.from ? StageNameZh(*h.from) : "", StageNameZh(h.to),
                h.backward ? " [退回 back]" : "", h.reason.c_str(), h.actor.c_str());
  }
}

void PrintTexts(Session& s, const CaseDetails& d) {
  std::printf("文字记录 text records\n");
  if (d.texts.empty()) std::printf("  (none)\n");
  for (const auto& t : d.texts) {
    std::printf("  #%lld %s %s 《%s》%s\n", static_cast<long long>(t.id),
                StageNameZh(t.input.stage), DocName(s, t.input.doc_type).c_str(),
                t.input.title.c_str(),
                t.input.blob_sha256.empty() ? "" : ("  sha256 " + t.input.blob_sha256).c_str());
    if (!t.missing_fields.empty()) {
      std::printf("      缺少字段 missing fields (R6.2): %s\n",
                  Join(t.missing_fields, ", ").c_str());
    }
  }
}

void PrintGap(const Interruption& i) {
  std::string reason = i.reason.empty() ? "未说明 unexplained (R9.3)" : i.reason;
  if (!i.reason_note.empty()) reason += ": " + i.reason_note;
  if (i.voice_explained) reason += " (语音说明 explained by voice)";
  std::printf("      中断 gap #%lld %s – %s  %s\n", static_cast<long long>(i.id),
              LocalTime(i.start_us).c_str(),
              i.end_us ? LocalTime(*i.end_us).c_str() : "未恢复 not resumed", reason.c_str());
  if (!i.head_reported_to.empty()) {
    std::printf("        reported to head %s at %s\n", i.head_reported_to.c_str(),
                LocalTime(i.head_reported_us).c_str());
  }
  if (i.written_us)
    std::printf("        written explanation at %s\n", LocalTime(i.written_us).c_str());
}

void PrintAvs(const CaseDetails& d) {
  std::printf("音像记录 recordings\n");
  if (d.avs.empty()) std::printf("  (none)\n");
  for (const auto& a : d.avs) {
    std::printf("  #%lld %s %s  device %s  officer %s  %s – %s  %s %s\n",
                static_cast<long long>(a.id), a.input.stage ? StageNameZh(*a.input.stage) : "-",
                ClassificationNameZh(a.input.classification), a.input.device.c_str(),
                a.input.officer.c_str(), LocalTime(a.input.start_us).c_str(),
                LocalTime(a.input.end_us).c_str(), a.input.place.c_str(), a.input.landmark.c_str());
    for (const auto& seg : a.segments) {
      std::printf("      segment #%lld sha256 %s  %s – %s  uploaded %s\n",
                  static_cast<long long>(seg.id), seg.sha256.c_str(),
                  LocalTime(seg.start_us).c_str(), LocalTime(seg.end_us).c_str(),
                  LocalTime(seg.uploaded_us).c_str());
    }
    for (const auto& i : a.interruptions) PrintGap(i);
    if (!a.upload_exemption.empty()) {
      std::printf("      upload exemption (R12.2): %s\n", a.upload_exemption.c_str());
    }
  }
}

void PrintMissing(Session& s, const CaseDetails& d) {
  if (!s.ctx().catalogue) {
    std::printf("缺少文书 missing documents: unknown (no catalogue loaded)\n");
    return;
  }
  std::printf("缺少文书 missing documents\n");
  if (d.missing.empty()) std::printf("  (none)\n");
  for (const auto& m : d.missing) {
    std::vector<std::string> names;
    for (const auto& code : m.any_of) names.push_back(DocName(s, code));
    std::printf("  %s: %s  [%s]\n", StageNameZh(m.stage), Join(names, " 或 ").c_str(),
                m.requirement_id.c_str());
  }
}

}  // namespace

Result<int64_t> ResolveCase(Session& s, const std::string& ref) {
  if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos) {
    return ParseId(ref, "case");
  }
  FR_ASSIGN_OR_RETURN(Case c, CaseService(s.ctx()).GetByNumber(s.actor, ref));
  return c.id;
}

Json CaseJson(const Case& c) {
  return {{"id", c.id},
          {"number", c.number},
          {"kind", CaseKindCode(c.kind)},
          {"title", c.title},
          {"section", c.section},
          {"stage", StageCode(c.stage)},
          {"classification", ClassificationCode(c.classification)},
          {"retention", RetentionCode(c.retention)},
          {"long_term", c.long_term},
          {"flags", c.flags},
          {"onsite_start", TimeJson(c.onsite_start_us)},
          {"onsite_end", TimeJson(c.onsite_end_us)},
          {"ended", TimeJson(c.ended_us)},
          {"archived", TimeJson(c.archived_us)},
          {"disposed", TimeJson(c.disposed_us)},
          {"created", FormatUtc(c.created_us)},
          {"created_by", c.created_by},
          {"officers", c.officers},
          {"parties", PartiesJson(c.parties)}};
}

Status ShowCase(Session& s, int64_t id) {
  FR_ASSIGN_OR_RETURN(CaseDetails d, LoadDetails(s, id));
  if (s.json()) {
    PrintJson(DetailsJson(d));
    return Status::Ok();
  }
  PrintHeader(s, d.c);
  PrintHistory(d);
  PrintTexts(s, d);
  PrintAvs(d);
  PrintMissing(s, d);
  return Status::Ok();
}

}  // namespace fullrecord::cli
