// CheckLedgerEvidence, LoadKeyFiles and VerifyDiscs: signatures, proofs and split files.
#include <fstream>
#include <sstream>

#include "archive/disc_reader.h"
#include "common/hex.h"
#include "archive/four_checks.h"
#include "archive/verify_internal.h"
#include "ledger/ledger.h"

namespace fullrecord::archive {
namespace {

constexpr const char* kCheckpoint = "data/ledger/checkpoint.txt";
constexpr const char* kDiscJson = "data/disc.json";
constexpr const char* kDiscKeys = "data/keys/ledger.vkeys";

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read key file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// (name, key id) of each signature line "— <name> <base64(key id ‖ signature)>" of a note.
std::vector<std::pair<std::string, uint32_t>> Signers(const std::string& note) {
  static const std::string kDash = "\xe2\x80\x94 ";
  std::vector<std::pair<std::string, uint32_t>> out;
  std::istringstream in(note);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(kDash, 0) != 0) continue;
    auto space = line.find(' ', kDash.size());
    if (space == std::string::npos) continue;
    auto sig = Base64Decode(line.substr(space + 1));
    if (!sig || sig->size() < 4) continue;
    uint32_t id = 0;
    for (int i = 0; i < 4; ++i) id = id << 8 | (*sig)[i];
    out.emplace_back(line.substr(kDash.size(), space - kDash.size()), id);
  }
  return out;
}

Result<ledger::NoteVerifier> PemVerifier(const std::string& file, const std::string& pem,
                                         const std::string& note) {
  for (const auto& [name, id] : Signers(note)) {
    FR_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::PublicKey::FromPem(pem));
    ledger::NoteVerifier v{name, std::move(key)};
    if (v.KeyId() == id) return v;
  }
  return Status::InvalidArgument(file + ": the disc's checkpoint carries no signature by this key");
}

// Fills c.pinned from --key files, or from the disc's own keys with a warning. False (with the
// problem recorded) when there are no usable keys.
bool ResolveKeys(DiscCheck& c, const VerifyOptions& options, const std::string& note) {
  Result<std::vector<ledger::NoteVerifier>> keys = std::vector<ledger::NoteVerifier>{};
  std::string where = "(keys)";
  if (!options.key_files.empty()) {
    keys = LoadKeyFiles(options.key_files, note);
  } else if (const FileDigest* disc_keys = c.Find(kDiscKeys)) {
    where = kDiscKeys;
    keys = ledger::ParseVerifiers(disc_keys->content);
    c.report.keys_from_disc = true;
    c.report.warnings.push_back(
        "no keys pinned: the disc's own keys were used; this shows the disc is intact and "
        "consistent, not who made it (pin the bureau's keys with --key)");
  } else {
    keys = Status::NotFound("no keys were pinned and the disc has no " + std::string(kDiscKeys));
  }
  if (!keys.ok()) {
    c.Problem(where, keys.status().message());
    return false;
  }
  c.pinned = std::move(keys).value();
  return true;
}

void CheckProof(DiscCheck& c, const Json& entry) {
  std::string file = entry.value("file", "");
  std::string original = entry.value("original_sha256", "");
  std::string proof_path = "data/ledger/proofs/" + original + ".json";
  const FileDigest* proof = c.Find(proof_path);
  if (!proof) return c.Problem(proof_path, "missing: " + file + " has no inclusion proof");
  if (c.bad.count(proof_path)) return;
  auto bundle = ledger::InclusionBundle::FromJson(Json::parse(proof->content, nullptr, false));
  Status s = bundle.ok() ? ledger::VerifyInclusionBundle(*bundle, c.pinned) : bundle.status();
  if (!s.ok()) return c.Problem(proof_path, s.ToString());
  c.report.proofs_checked++;

  if (entry.value("parts", 1) > 1) {
    s = CheckIngestEntry(bundle->entry.data, original, entry.value("original_sm3", ""),
                         entry.value("original_size", uint64_t{0}));
    if (!s.ok()) c.Problem(kDiscJson, "split file " + file + ": " + s.message());
    return;
  }
  const FileDigest* f = c.Find(file);
  if (!f) return c.Problem(file, "listed in disc.json but not on the disc");
  if (c.bad.count(file)) return;
  s = CheckIngestEntry(bundle->entry.data, f->sha256, f->sm3, f->size);
  if (!s.ok()) c.Problem(file, "not the bytes the ledger recorded at ingest: " + s.message());
}

void CheckProofs(DiscCheck& c) {
  const FileDigest* d = c.Find(kDiscJson);
  if (!d) return c.Problem(kDiscJson, "missing");
  Json disc = Json::parse(d->content, nullptr, false);
  if (!disc.is_object() || !disc.contains("files")) return c.Problem(kDiscJson, "not valid JSON");
  for (const auto& entry : disc["files"]) {
    if (entry.value("disc", 0) == c.report.seq) CheckProof(c, entry);
  }
}

}  // namespace

Result<std::vector<ledger::NoteVerifier>> LoadKeyFiles(const std::vector<std::string>& files,
                                                       const std::string& note) {
  std::vector<ledger::NoteVerifier> out;
  for (const auto& f : files) {
    FR_ASSIGN_OR_RETURN(std::string text, ReadText(f));
    if (text.find("-----BEGIN PUBLIC KEY-----") != std::string::npos) {
      FR_ASSIGN_OR_RETURN(ledger::NoteVerifier v, PemVerifier(f, text, note));
      out.push_back(std::move(v));
      continue;
    }
    auto parsed = ledger::ParseVerifiers(text);
    if (!parsed.ok()) return parsed.status().WithContext(f);
    for (auto& v : *parsed) out.push_back(std::move(v));
  }
  return out;
}

void CheckLedgerEvidence(DiscCheck& c, const VerifyOptions& options) {
  const FileDigest* cp = c.Find(kCheckpoint);
  if (!cp) return c.Problem(kCheckpoint, "missing");
  if (!ResolveKeys(c, options, cp->content)) return;
  if (!c.bad.count(kCheckpoint)) {
    auto body = ledger::OpenNote(cp->content, c.pinned);
    if (!body.ok()) c.Problem(kCheckpoint, body.status().ToString());
  }
  CheckProofs(c);
}

}  // namespace fullrecord::archive
