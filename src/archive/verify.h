// verify-disc: checks a disc with nothing but the disc and pinned public keys. Every file is read
// once, its SHA-256 and SM3 computed on two threads; the BagIt manifests and tag manifests, the
// signed checkpoint and each original's inclusion proof are checked, and every problem names the
// file it is in. Never writes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/json.h"
#include "ledger/checkpoint.h"

namespace fullrecord::archive {

struct DiscProblem {
  std::string file;     // the path on the disc at fault ("(disc)" for the file system itself)
  std::string message;  // what differs, with both values
};

struct DiscReport {
  std::string source;  // the image, device or directory read
  std::string case_number, set_code;
  int seq = 0, total = 0;
  uint64_t files_checked = 0, bytes_checked = 0, proofs_checked = 0;
  bool keys_from_disc = false;  // no keys were pinned: the disc's own keys were used
  std::vector<DiscProblem> problems;
  std::vector<std::string> warnings;

  bool ok() const { return problems.empty(); }
  Json ToJson() const;
};

struct VerifyOptions {
  // Files of the keys to trust: .vkeys or PEM public keys. Empty: the disc's own
  // data/keys/ledger.vkeys, which proves the disc consistent but not who made it (a warning
  // says so).
  std::vector<std::string> key_files;
  std::function<void(uint64_t bytes)> progress;
};

// Verifies one disc (an image, a device or a mounted directory).
DiscReport VerifyDisc(const std::string& path, const VerifyOptions& options);

// Verifies several discs of one set: each as VerifyDisc does, and then every original split
// across them is joined and its SHA-256 and SM3 compared with its proven ledger entry. Parts on
// discs not given are reported as warnings.
std::vector<DiscReport> VerifyDiscs(const std::vector<std::string>& paths,
                                    const VerifyOptions& options);

// Keys from files: .vkeys (verifier strings) or PEM public keys, which take their names from the
// signature lines of `note` with matching key ids. InvalidArgument naming the file otherwise.
Result<std::vector<ledger::NoteVerifier>> LoadKeyFiles(const std::vector<std::string>& files,
                                                       const std::string& note);

}  // namespace fullrecord::archive
