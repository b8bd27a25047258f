#include "archive/four_checks.h"

#include <algorithm>
#include <set>

#include "archive/usability.h"

namespace fullrecord::archive {
namespace {

using services::Case;

// A failure's reason for the Chinese report: its Chinese message, else the English one.
std::string ReasonZh(const Status& s) {
  return s.message_zh().empty() ? s.message() : s.message_zh();
}

void CheckLedger(services::Context& ctx, const std::vector<ledger::NoteVerifier>& pinned,
                 LedgerEvidence& ev, CheckReport& r) {
  auto note = ctx.ledger.LatestCheckpointNote();
  if (!note.ok()) {
    r.Add(Property::kAuthenticity, "ledger", false, note.status().ToString(),
          "取不到账本的最新检查点：" + ReasonZh(note.status()));
    return;
  }
  ev.checkpoint_note = *note;
  auto opened = ledger::OpenNote(*note, pinned);
  r.Add(Property::kAuthenticity, "ledger", opened.ok(),
        opened.ok() ? "the newest checkpoint carries a valid signature of every pinned key"
                    : opened.status().ToString(),
        opened.ok() ? "账本最新检查点带有每个固定公钥的有效签名"
                    : "账本检查点的签名验证未通过：" + ReasonZh(opened.status()));
}

void CheckProof(services::Context& ctx, const std::vector<ledger::NoteVerifier>& pinned,
                const Original& o, LedgerEvidence& ev, CheckReport& r) {
  auto bundle = ctx.ledger.ProveInclusion(o.ledger_seq);
  Status s = bundle.ok() ? ledger::VerifyInclusionBundle(*bundle, pinned) : bundle.status();
  if (s.ok()) s = CheckIngestEntry(bundle->entry.data, o.sha256, o.sm3, o.size);
  if (s.ok()) ev.proofs[o.sha256] = *bundle;
  r.Add(Property::kAuthenticity, o.path, s.ok(),
        s.ok() ? "ledger entry " + std::to_string(o.ledger_seq) +
                     " records these SHA-256, SM3 and size; its inclusion proof holds"
               : s.ToString(),
        s.ok() ? "账本第 " + std::to_string(o.ledger_seq) +
                     " 条记录了该文件的 SHA-256、SM3 摘要和大小，其包含证明成立"
               : "文件与账本记录不符或包含证明不成立：" + ReasonZh(s));
}

// The case's metadata the disc needs and lacks, each as {English, Chinese}.
std::vector<std::pair<std::string, std::string>> MissingCaseFields(const Case& c) {
  std::vector<std::pair<std::string, std::string>> missing;
  if (c.title.empty()) missing.push_back({"title", "案件名称"});
  if (c.section.empty()) missing.push_back({"section", "承办科室"});
  if (!c.ended_us) missing.push_back({"end of enforcement (R13.1)", "执法结束时间"});
  if (c.officers.empty()) missing.push_back({"officers", "执法人员"});
  return missing;
}

void CheckCaseMetadata(const CaseContent& content, CheckReport& r) {
  auto missing = MissingCaseFields(content.kase);
  std::string list, list_zh;
  for (const auto& [en, zh] : missing) {
    list += (list.empty() ? "" : ", ") + en;
    list_zh += (list_zh.empty() ? "" : "、") + zh;
  }
  const std::string& number = content.kase.number;
  r.Add(Property::kIntegrity, "case", missing.empty(),
        missing.empty() ? "case " + number + ": metadata complete"
                        : "case " + number + " lacks: " + list,
        missing.empty() ? "案件" + number + "的元数据完整" : "案件" + number + "缺少：" + list_zh);
  for (const auto& a : content.avs) {
    bool ok = !a.segments.empty() && !a.input.officer.empty();
    if (!ok) {
      r.Add(Property::kIntegrity, "av_record " + std::to_string(a.id), false,
            a.segments.empty() ? "the recording has no file" : "the recording names no officer",
            a.segments.empty() ? "该音像记录没有文件" : "该音像记录未写明执法人员");
    }
  }
  if (content.originals.empty()) {
    r.Add(Property::kIntegrity, "records", false, "the case has no file to archive",
          "本案没有可归档的文件");
  }
}

void CheckAllRecordsPresent(services::Context& ctx, const CaseContent& content, CheckReport& r) {
  auto recorded = RecordedBlobs(ctx, content.kase.id);
  if (!recorded.ok()) {
    r.Add(Property::kIntegrity, "records", false, recorded.status().ToString(),
          "读取本案的记录失败：" + ReasonZh(recorded.status()));
    return;
  }
  std::set<std::string> want(recorded->begin(), recorded->end()), have;
  for (const auto& o : content.originals) have.insert(o.sha256);
  for (const auto& h : want) {
    if (!have.count(h)) {
      r.Add(Property::kIntegrity, "records", false,
            "original " + h + " of the case is missing (not visible to the maker)",
            "本案的原始文件 " + h + " 缺失（制作人无权查看）");
    }
  }
  for (const auto& h : have) {
    if (!want.count(h)) {
      r.Add(Property::kIntegrity, "records", false, "extra original " + h,
            "多出不属于本案的原始文件 " + h);
    }
  }
  if (want == have) {
    r.Add(Property::kIntegrity, "records", true,
          std::to_string(content.texts.size()) + " text and " +
              std::to_string(content.avs.size()) + " audio-visual records, " +
              std::to_string(have.size()) + " originals: all present, nothing extra",
          "文字记录 " + std::to_string(content.texts.size()) + " 份、音像记录 " +
              std::to_string(content.avs.size()) + " 份、原始文件 " +
              std::to_string(have.size()) + " 个：齐全，无多余");
  }
}

void CheckUsability(services::Context& ctx, const Original& o, CheckReport& r) {
  Status s = o.identity.unreadable.empty() ? Status::Ok()
                                           : Status::FailedPrecondition(o.identity.unreadable);
  if (s.ok()) {
    auto file = BlobFile::Open(ctx.vault, o.sha256);
    s = file.ok() ? CheckUsable(**file, o.identity.type) : file.status();
  }
  r.Add(Property::kUsability, o.path, s.ok(),
        s.ok() ? "opens as " + o.identity.type.code : s.message(),
        s.ok() ? "可按 " + o.identity.type.code + " 格式正常打开"
               : "文件无法正常打开：" + ReasonZh(s));
}

void CheckSecurity(const Original& o, CheckReport& r) {
  const Identity& id = o.identity;
  if (!OnAllowlist(id.type)) {
    bool program = id.type.category == Category::kExecutable;
    std::string why = program ? "executable program (" : "type not on the allowlist (";
    std::string why_zh = program ? "可执行程序（" : "文件类型不在允许范围内（";
    r.Add(Property::kSecurity, o.path, false, why + id.type.code + ")",
          why_zh + id.type.code + "）");
    return;
  }
  std::string list;
  for (const auto& h : id.hazards) list += (list.empty() ? "" : "; ") + h;
  r.Add(Property::kSecurity, o.path, id.hazards.empty(),
        id.hazards.empty() ? id.type.code + ": on the allowlist, no executable, macro or script"
                           : list,
        id.hazards.empty() ? id.type.code + "：类型允许，不含可执行程序、宏或脚本"
                           : "含有可执行内容、宏或脚本：" + list);
}

}  // namespace

const char* PropertyCode(Property p) {
  switch (p) {
    case Property::kAuthenticity: return "authenticity";
    case Property::kIntegrity: return "integrity";
    case Property::kUsability: return "usability";
    case Property::kSecurity: return "security";
  }
  return "?";
}

const char* PropertyNameZh(Property p) {
  switch (p) {
    case Property::kAuthenticity: return "真实性";
    case Property::kIntegrity: return "完整性";
    case Property::kUsability: return "可用性";
    case Property::kSecurity: return "安全性";
  }
  return "?";
}

Status CheckIngestEntry(const std::string& entry_data, const std::string& sha256,
                        const std::string& sm3, uint64_t size) {
  Json e = Json::parse(entry_data, nullptr, false);
  if (!e.is_object() || e.value("type", "") != "blob.ingested" || e.value("outcome", "") != "ok") {
    return Status::Corruption("the proven ledger entry is not the ingest of a blob");
  }
  const Json d = e.value("detail", Json::object());
  std::string got_sha = d.value("sha256", ""), got_sm3 = d.value("sm3", "");
  uint64_t got_size = d.value("size", uint64_t{0});
  if (got_sha != sha256) return Status::Corruption("ledger sha256 " + got_sha + ", disc " + sha256);
  if (got_sm3 != sm3) return Status::Corruption("ledger sm3 " + got_sm3 + ", disc " + sm3);
  if (got_size != size) {
    return Status::Corruption("ledger size " + std::to_string(got_size) + ", disc " +
                              std::to_string(size));
  }
  return Status::Ok();
}

CheckReport RunFourChecks(services::Context& ctx, const CaseContent& content,
                          const std::vector<ledger::NoteVerifier>& pinned,
                          LedgerEvidence* evidence) {
  CheckReport r;
  r.at_us = ctx.now();
  CheckLedger(ctx, pinned, *evidence, r);
  for (const auto& o : content.originals) CheckProof(ctx, pinned, o, *evidence, r);
  r.Add(Property::kAuthenticity, "originals", true,
        "the SHA-256 of every original is recomputed from the vault while the disc is written; "
        "a disc is kept only when every one matches",
        "写盘时从存储库重新计算每个原始文件的 SHA-256，全部一致方保留光盘");
  CheckCaseMetadata(content, r);
  CheckAllRecordsPresent(ctx, content, r);
  for (const auto& o : content.originals) CheckUsability(ctx, o, r);
  for (const auto& o : content.originals) CheckSecurity(o, r);
  return r;
}

}  // namespace fullrecord::archive
