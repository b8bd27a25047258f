// log checkpoint, log prove, log verify.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/store.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace fullrecord::cli {
namespace {

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// (name, key id) of each signature line of a note ("— <name> <base64(key id ‖ sig)>").
std::vector<std::pair<std::string, uint32_t>> SignatureLines(const std::string& note) {
  static const std::string kDash = "\xe2\x80\x94 ";
  std::vector<std::pair<std::string, uint32_t>> lines;
  std::istringstream in(note);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(kDash, 0) != 0) continue;
    std::string rest = line.substr(kDash.size());
    auto space = rest.find(' ');
    if (space == std::string::npos) continue;
    auto sig = Base64Decode(rest.substr(space + 1));
    if (!sig || sig->size() < 4) continue;
    uint32_t id = uint32_t{(*sig)[0]} << 24 | uint32_t{(*sig)[1]} << 16 |
                  uint32_t{(*sig)[2]} << 8 | uint32_t{(*sig)[3]};
    lines.emplace_back(rest.substr(0, space), id);
  }
  return lines;
}

// Keys from .vkeys files (verifier strings, with names) and PEM public keys, which take the
// name of the signature line whose key id they match.
Result<std::vector<ledger::NoteVerifier>> LoadKeys(const std::vector<std::string>& files,
                                                   const std::string& note) {
  std::vector<ledger::NoteVerifier> pinned;
  for (const auto& f : files) {
    FR_ASSIGN_OR_RETURN(std::string text, ReadText(f));
    if (text.find("-----BEGIN PUBLIC KEY-----") == std::string::npos) {
      auto parsed = ledger::ParseVerifiers(text);
      if (!parsed.ok()) return parsed.status().WithContext(f);
      for (auto& v : *parsed) pinned.push_back(std::move(v));
      continue;
    }
    bool matched = false;
    for (const auto& [name, id] : SignatureLines(note)) {
      auto key = crypto::PublicKey::FromPem(text);
      if (!key.ok()) return key.status().WithContext(f);
      ledger::NoteVerifier candidate{name, std::move(key).value()};
      if (candidate.KeyId() != id) continue;
      pinned.push_back(std::move(candidate));
      matched = true;
      break;
    }
    if (!matched) return Status::Corruption(f + ": the checkpoint carries no signature by this key");
  }
  return pinned;
}

void PrintBody(const GlobalOptions& g, const ledger::Checkpoint& cp) {
  std::string root = Base64Encode(cp.root.data(), cp.root.size());
  if (g.json) {
    PrintJson({{"ok", true}, {"origin", cp.origin}, {"tree_size", cp.tree_size}, {"root", root}});
  } else {
    std::printf("OK: checkpoint of %s, tree size %llu, root %s\n", cp.origin.c_str(),
                static_cast<unsigned long long>(cp.tree_size), root.c_str());
  }
}

Status VerifyProofFile(const GlobalOptions& g, const std::string& proof_text,
                       const std::string& checkpoint_override,
                       const std::vector<std::string>& key_files) {
  auto j = Json::parse(proof_text, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("the proof file is not JSON");
  std::string format = j.is_object() ? j.value("format", "") : "";

  if (format == "fullrecord-consistency-proof/v1") {
    FR_ASSIGN_OR_RETURN(auto b, ledger::ConsistencyBundle::FromJson(j));
    if (!checkpoint_override.empty()) b.new_checkpoint_note = checkpoint_override;
    FR_ASSIGN_OR_RETURN(auto keys, LoadKeys(key_files, b.new_checkpoint_note));
    FR_RETURN_IF_ERROR(ledger::VerifyConsistencyBundle(b, keys));
    if (!g.json) std::printf("OK: tree %llu is a prefix of tree %llu\n",
                             static_cast<unsigned long long>(b.old_size),
                             static_cast<unsigned long long>(b.new_size));
    if (g.json) PrintJson({{"ok", true}, {"old_size", b.old_size}, {"new_size", b.new_size}});
    return Status::Ok();
  }

  FR_ASSIGN_OR_RETURN(auto b, ledger::InclusionBundle::FromJson(j));
  if (!checkpoint_override.empty()) b.checkpoint_note = checkpoint_override;
  FR_ASSIGN_OR_RETURN(auto keys, LoadKeys(key_files, b.checkpoint_note));
  FR_RETURN_IF_ERROR(ledger::VerifyInclusionBundle(b, keys));
  if (g.json) {
    PrintJson({{"ok", true}, {"leaf_index", b.entry.seq}, {"tree_size", b.tree_size},
               {"entry", Json::parse(b.entry.data)}});
  } else {
    std::printf("OK: entry %llu is in the signed tree of size %llu\n  %s\n",
                static_cast<unsigned long long>(b.entry.seq),
                static_cast<unsigned long long>(b.tree_size), b.entry.data.c_str());
  }
  return Status::Ok();
}

}  // namespace

int RunLogCheckpoint(const GlobalOptions& g) {
  auto store = app::Store::Open(g.store_dir, false);
  if (!store.ok()) return ReportError(store.status());
  auto note = (*store)->ledger().LatestCheckpointNote();
  if (!note.ok()) return ReportError(note.status());
  if (g.json) {
    PrintJson({{"checkpoint", *note}});
  } else {
    std::fputs(note->c_str(), stdout);
  }
  return 0;
}

int RunLogProve(const GlobalOptions& g, uint64_t seq) {
  auto store = app::Store::Open(g.store_dir, true);
  if (!store.ok()) return ReportError(store.status());
  auto bundle = (*store)->ledger().ProveInclusion(seq);
  if (!bundle.ok()) return ReportError(bundle.status());
  PrintJson(bundle->ToJson());

  // Asking for a proof is itself an event, recorded after the proof was made.
  Status s = (*store)->ledger().Append({{"proof.requested", CliActor(), "ok",
                                         {{"kind", "inclusion"}, {"leaf_index", seq},
                                          {"tree_size", bundle->tree_size}}}}).status();
  return s.ok() ? 0 : ReportError(s);
}

int RunLogProveConsistency(const GlobalOptions& g, uint64_t old_size) {
  auto store = app::Store::Open(g.store_dir, true);
  if (!store.ok()) return ReportError(store.status());
  auto bundle = (*store)->ledger().ProveConsistency(old_size);
  if (!bundle.ok()) return ReportError(bundle.status());
  PrintJson(bundle->ToJson());
  Status s = (*store)->ledger().Append({{"proof.requested", CliActor(), "ok",
                                         {{"kind", "consistency"}, {"old_size", old_size},
                                          {"tree_size", bundle->new_size}}}}).status();
  return s.ok() ? 0 : ReportError(s);
}

int RunLogVerify(const GlobalOptions& g, const std::vector<std::string>& key_files,
                 const std::string& checkpoint_file, const std::string& proof_file) {
  if (checkpoint_file.empty() && proof_file.empty()) {
    return ReportError(Status::InvalidArgument("give --checkpoint, --proof or both"));
  }
  std::string note;
  if (!checkpoint_file.empty()) {
    auto text = ReadText(checkpoint_file);
    if (!text.ok()) return ReportError(text.status());
    note = *text;
  }

  Status s;
  if (!proof_file.empty()) {
    auto proof = ReadText(proof_file);
    s = proof.ok() ? VerifyProofFile(g, *proof, note, key_files) : proof.status();
  } else {
    auto keys = LoadKeys(key_files, note);
    auto body = keys.ok() ? ledger::OpenNote(note, *keys) : Result<std::string>(keys.status());
    auto cp = body.ok() ? ledger::Checkpoint::ParseBody(*body) : Result<ledger::Checkpoint>(body.status());
    if (cp.ok()) PrintBody(g, *cp);
    s = cp.status();
  }
  if (!s.ok()) {
    if (g.json) PrintJson({{"ok", false}, {"error", s.ToString()}});
    return ReportError(s);
  }
  return 0;
}

}  // namespace fullrecord::cli
