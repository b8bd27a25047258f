#include "archive/case_content.h"

#include <cstdio>
#include <ctime>
#include <map>

#include "services/bureau.h"
#include "services/calendar.h"

namespace fullrecord::archive {
namespace {

using services::AvRecord;
using services::TextRecord;

constexpr size_t kTitleChars = 40;
constexpr int kArchiveWorkingDays = 30;  // R13.1

// "20261203-100000": the Shanghai wall-clock time of `t`, for file names.
std::string ShanghaiStamp(UnixMicros t) {
  time_t secs = static_cast<time_t>(t / 1000000 + 8 * 3600);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string Numbered(char letter, int64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%c%04lld", letter, static_cast<long long>(id));
  return buf;
}

// Adds the blob once; a later record pointing at the same bytes is listed on the first copy.
Status AddOriginal(services::Context& ctx, std::map<std::string, size_t>& seen,
                   CaseContent& out, Original o) {
  if (auto it = seen.find(o.sha256); it != seen.end()) {
    auto& first = out.originals[it->second];
    first.records.insert(first.records.end(), o.records.begin(), o.records.end());
    return Status::Ok();
  }
  FR_ASSIGN_OR_RETURN(vault::BlobInfo info, ctx.vault.Get(o.sha256));
  o.sm3 = info.sm3;
  o.size = info.size;
  o.ledger_seq = info.ledger_seq;
  o.stored_at = info.stored_at;
  FR_ASSIGN_OR_RETURN(auto file, BlobFile::Open(ctx.vault, o.sha256));
  FR_ASSIGN_OR_RETURN(o.identity, Identify(*file));
  o.path += o.identity.type.ext;
  seen[o.sha256] = out.originals.size();
  out.originals.push_back(std::move(o));
  return Status::Ok();
}

Status AddTextOriginals(services::Context& ctx, std::map<std::string, size_t>& seen,
                        CaseContent& out) {
  for (const TextRecord& t : out.texts) {
    if (t.input.blob_sha256.empty()) continue;  // a paper-only record: listed in case.json
    Original o;
    o.sha256 = t.input.blob_sha256;
    o.kind = "text";
    o.classification = t.input.classification;
    o.records = {"text_record " + std::to_string(t.id)};
    o.path = "data/文字记录/" + Numbered('T', t.id) + "-" + SafeName(t.input.title, kTitleChars);
    FR_RETURN_IF_ERROR(AddOriginal(ctx, seen, out, std::move(o)));
  }
  return Status::Ok();
}

Status AddAvOriginals(services::Context& ctx, std::map<std::string, size_t>& seen,
                      CaseContent& out) {
  for (const AvRecord& a : out.avs) {
    int n = 0;
    for (const auto& s : a.segments) {
      char seg[16];
      std::snprintf(seg, sizeof(seg), "%02d", ++n);
      Original o;
      o.sha256 = s.sha256;
      o.kind = "av";
      o.classification = a.input.classification;
      o.records = {"av_record " + std::to_string(a.id) + " segment " + std::to_string(s.id)};
      o.path = "data/音像记录/" + Numbered('A', a.id) + "-" + seg + "-" +
               SafeName(a.input.device, 20) + "-" + ShanghaiStamp(s.start_us);
      FR_RETURN_IF_ERROR(AddOriginal(ctx, seen, out, std::move(o)));
    }
  }
  return Status::Ok();
}

Status LoadMaker(services::Context& ctx, const services::Actor& actor, CaseContent& out) {
  out.maker_id = actor.id;
  out.maker_name = actor.id;
  if (actor.console) return Status::Ok();
  auto person = services::BureauService(ctx).GetPerson(actor.id);
  if (person.ok()) out.maker_name = person->name;
  return Status::Ok();
}

size_t Utf8Next(const std::string& s, size_t i) {
  uint8_t c = uint8_t(s[i]);
  size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
  return std::min(s.size(), i + n);
}

}  // namespace

std::string SafeName(const std::string& text, size_t max_chars) {
  static const std::string kReserved = "/\\:*?\"<>|%";
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size() && chars < max_chars;) {
    size_t next = Utf8Next(text, i);
    uint8_t c = uint8_t(text[i]);
    bool bad = (next - i == 1) && (c < 0x20 || c == 0x7f || kReserved.find(char(c)) != std::string::npos);
    out += bad ? std::string("_") : text.substr(i, next - i);
    ++chars;
    i = next;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  while (!out.empty() && (out.front() == ' ' || out.front() == '.')) out.erase(0, 1);
  return out.empty() ? "_" : out;
}

Result<std::vector<std::string>> RecordedBlobs(services::Context& ctx, int64_t case_id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query(
      "SELECT blob_sha256 FROM text_record WHERE case_id = ? AND blob_sha256 IS NOT NULL "
      "UNION SELECT s.blob_sha256 FROM av_segment s JOIN av_record a ON s.av_id = a.id "
      "WHERE a.case_id = ?", {case_id, case_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<CaseContent> GatherCase(services::Context& ctx, const services::Actor& actor,
                               const std::string& number) {
  services::CaseService cases(ctx);
  services::RecordService records(ctx);
  CaseContent out;
  FR_ASSIGN_OR_RETURN(out.kase, cases.GetByNumber(actor, number));
  FR_ASSIGN_OR_RETURN(out.texts, records.ListText(actor, out.kase.id));
  FR_ASSIGN_OR_RETURN(out.avs, records.ListAv(actor, out.kase.id));
  FR_ASSIGN_OR_RETURN(out.history, cases.History(actor, out.kase.id));
  FR_RETURN_IF_ERROR(LoadMaker(ctx, actor, out));

  std::map<std::string, size_t> seen;
  FR_RETURN_IF_ERROR(AddTextOriginals(ctx, seen, out));
  FR_RETURN_IF_ERROR(AddAvOriginals(ctx, seen, out));

  if (out.kase.ended_us && ctx.calendar) {
    auto due = services::WorkingDayDeadline(*ctx.calendar, *out.kase.ended_us, kArchiveWorkingDays);
    if (due.ok()) out.deadline_us = *due;
  }
  return out;
}

}  // namespace fullrecord::archive
