// Shared parts of verify-disc. Internal to the archive component.
#pragma once

#include <map>
#include <set>
#include <string>

#include "archive/verify.h"
#include "crypto/digest.h"

namespace fullrecord::archive {

struct FileDigest {
  std::string sha256, sm3;
  uint64_t size = 0;
  std::string content;  // kept for everything but originals (and files over 64 MiB)
  bool kept = false;
};

// One disc being verified: what was read and what was found.
struct DiscCheck {
  std::map<std::string, FileDigest> files;  // by path on the disc
  std::vector<ledger::NoteVerifier> pinned;
  DiscReport report;
  std::set<std::string> bad;  // files already named in a problem

  void Problem(const std::string& file, const std::string& message);
  const FileDigest* Find(const std::string& path) const;
};

// Reads and checks one disc.
DiscCheck VerifyOne(const std::string& path, const VerifyOptions& options);

// A manifest and its SM3 twin against the files: `payload` for the data/ files, else the tag
// files. When only one of the two digests of a file differs, the fault is the manifest's line,
// and the manifest is named; when both differ, the file is.
void CheckManifestPair(DiscCheck& c, const std::string& sha_name, const std::string& sm3_name,
                       bool payload);

// The keys to trust, the checkpoint's signatures, and each original's inclusion proof.
void CheckLedgerEvidence(DiscCheck& c, const VerifyOptions& options);

}  // namespace fullrecord::archive
