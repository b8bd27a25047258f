#include "archive/four_checks.h"

#include <algorithm>
#include <set>

#include "archive/usability.h"

namespace fullrecord::archive {
namespace {

using services::Case;

void CheckLedger(services::Context& ctx, const std::vector<ledger::NoteVerifier>& pinned,
                 LedgerEvidence& ev, CheckReport& r) {
  auto note = ctx.ledger.LatestCheckpointNote();
  if (!note.ok()) {
    r.Add(Property::kAuthenticity, "ledger", false, note.status().ToString());
    return;
  }
  ev.checkpoint_note = *note;
  auto opened = ledger::OpenNote(*note, pinned);
  r.Add(Property::kAuthenticity, "ledger", opened.ok(),
        opened.ok() ? "the newest checkpoint carries a valid signature of every pinned key"
                    : opened.status().ToString());
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
               : s.ToString());
}

std::vector<std::string> MissingCaseFields(const Case& c) {
  std::vector<std::string> missing;
  if (c.title.empty()) missing.push_back("title");
  if (c.section.empty()) missing.push_back("section");
  if (!c.ended_us) missing.push_back("end of enforcement (R13.1)");
  if (c.officers.empty()) missing.push_back("officers");
  return missing;
}

void CheckCaseMetadata(const CaseContent& content, CheckReport& r) {
  auto missing = MissingCaseFields(content.kase);
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  r.Add(Property::kIntegrity, "case", missing.empty(),
        missing.empty() ? "case " + content.kase.number + ": metadata complete"
                        : "case " + content.kase.number + " lacks: " + list);
  for (const auto& a : content.avs) {
    bool ok = !a.segments.empty() && !a.input.officer.empty();
    if (!ok) {
      r.Add(Property::kIntegrity, "av_record " + std::to_string(a.id), false,
            a.segments.empty() ? "the recording has no file" : "the recording names no officer");
    }
  }
  if (content.originals.empty()) {
    r.Add(Property::kIntegrity, "records", false, "the case has no file to archive");
  }
}

void CheckAllRecordsPresent(services::Context& ctx, const CaseContent& content, CheckReport& r) {
  auto recorded = RecordedBlobs(ctx, content.kase.id);
  if (!recorded.ok()) {
    r.Add(Property::kIntegrity, "records", false, recorded.status().ToString());
    return;
  }
  std::set<std::string> want(recorded->begin(), recorded->end()), have;
  for (const auto& o : content.originals) have.insert(o.sha256);
  for (const auto& h : want) {
    if (!have.count(h)) {
      r.Add(Property::kIntegrity, "records", false,
            "original " + h + " of the case is missing (not visible to the maker)");
    }
  }
  for (const auto& h : have) {
    if (!want.count(h)) r.Add(Property::kIntegrity, "records", false, "extra original " + h);
  }
  if (want == have) {
    r.Add(Property::kIntegrity, "records", true,
          std::to_string(content.texts.size()) + " text and " +
              std::to_string(content.avs.size()) + " audio-visual records, " +
              std::to_string(have.size()) + " originals: all present, nothing extra");
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
        s.ok() ? "opens as " + o.identity.type.code : s.message());
}

void CheckSecurity(const Original& o, CheckReport& r) {
  const Identity& id = o.identity;
  if (!OnAllowlist(id.type)) {
    std::string why = id.type.category == Category::kExecutable ? "executable program (" : "type not on the allowlist (";
    r.Add(Property::kSecurity, o.path, false, why + id.type.code + ")");
    return;
  }
  std::string list;
  for (const auto& h : id.hazards) list += (list.empty() ? "" : "; ") + h;
  r.Add(Property::kSecurity, o.path, id.hazards.empty(),
        id.hazards.empty() ? id.type.code + ": on the allowlist, no executable, macro or script"
                           : list);
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
        "a disc is kept only when every one matches");
  CheckCaseMetadata(content, r);
  CheckAllRecordsPresent(ctx, content, r);
  for (const auto& o : content.originals) CheckUsability(ctx, o, r);
  for (const auto& o : content.originals) CheckSecurity(o, r);
  return r;
}

}  // namespace fullrecord::archive
