// The four-property check of electronic archives (四性检测): authenticity (真实性), integrity
// (完整性), usability (可用性) and security (安全性), run over a case before its discs are made.
// Its report goes on every disc; any failure stops the discs and says what failed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "archive/case_content.h"
#include "ledger/ledger.h"

namespace fullrecord::archive {

enum class Property { kAuthenticity, kIntegrity, kUsability, kSecurity };

const char* PropertyCode(Property p);    // "authenticity", "integrity", "usability", "security"
const char* PropertyNameZh(Property p);  // "真实性", "完整性", "可用性", "安全性"

struct CheckItem {
  Property property = Property::kAuthenticity;
  std::string subject;  // a path on disc, or "case", "records", "ledger"
  bool passed = true;
  std::string detail;     // what was checked, or what failed with both values
  std::string detail_zh;  // the same in Chinese; empty where only the English exists
};

struct CheckReport {
  UnixMicros at_us = 0;
  std::vector<CheckItem> items;

  void Add(Property p, std::string subject, bool passed, std::string detail,
           std::string detail_zh = {});
  bool ok() const;
  // "security: data/文字记录/T0002-x.bin: executable (pe)"; one line per failure.
  std::vector<std::string> Failures() const;
  Json ToJson() const;
  // The printable report in Chinese with English, as written on the disc.
  std::string ToText() const;
};

// The ledger material every disc carries: the newest signed checkpoint and, per original, the
// inclusion proof of its "blob.ingested" entry.
struct LedgerEvidence {
  std::string checkpoint_note;
  std::map<std::string, ledger::InclusionBundle> proofs;  // by the original's SHA-256
};

// Runs the checks that come before writing: the checkpoint's signatures and each original's
// inclusion proof against `pinned`, the recorded digests against the proven ledger entries; every
// record present and nothing extra, metadata complete; every original opens; every type on the
// allowlist with no executable, macro or script. (Each original's SHA-256 is recomputed while
// the image is written: see WriteImage.) Fills `evidence`. Reads only.
CheckReport RunFourChecks(services::Context& ctx, const CaseContent& content,
                          const std::vector<ledger::NoteVerifier>& pinned,
                          LedgerEvidence* evidence);

// Checks that `entry_data` (a ledger leaf) records the ingest of exactly these bytes: type
// "blob.ingested", outcome ok, and the same SHA-256, SM3 and size. Corruption naming the field
// and both values otherwise. Used on both sides: making the disc and verifying it.
Status CheckIngestEntry(const std::string& entry_data, const std::string& sha256,
                        const std::string& sm3, uint64_t size);

}  // namespace fullrecord::archive
