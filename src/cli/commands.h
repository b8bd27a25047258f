// The subcommands of `fullrecord`. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace fullrecord::cli {

struct GlobalOptions {
  std::string store_dir;  // --store, $FULLRECORD_STORE, or ./var
  bool json = false;      // --json: machine-readable output on stdout
};

// "cli:<user>" for the ledger.
std::string CliActor();

int RunInit(const GlobalOptions& g);
int RunIngest(const GlobalOptions& g, const std::vector<std::string>& files);
int RunVerify(const GlobalOptions& g);

int RunLogCheckpoint(const GlobalOptions& g);
int RunLogProve(const GlobalOptions& g, uint64_t seq);
int RunLogProveConsistency(const GlobalOptions& g, uint64_t old_size);
// Third-party check: needs no store, only files and public keys.
int RunLogVerify(const GlobalOptions& g, const std::vector<std::string>& key_files,
                 const std::string& checkpoint_file, const std::string& proof_file);

}  // namespace fullrecord::cli
