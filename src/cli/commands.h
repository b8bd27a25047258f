// The subcommands of `fullrecord`. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace fullrecord::cli {

struct GlobalOptions {
  std::string store_dir;  // --store, $FULLRECORD_STORE, or ./var
  bool json = false;      // --json: machine-readable output on stdout
  std::string as;         // --as or $FULLRECORD_AS: the person acting; empty for the console
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

// The regulation commands. Each adds its subcommands to `app`; their callbacks read `g` when
// they run (after parsing) and store the exit code in `code`. Both must outlive parsing.
// `section`, `person`, `role`, `device`.
void AddBureauCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `case`.
void AddCaseCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `record`.
void AddRecordCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `copy-request`.
void AddCopyCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `report`.
void AddReportCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `retention` and `disposal`.
void AddRetentionCommands(CLI::App& app, const GlobalOptions& g, int& code);
// `backup`.
void AddSystemCommands(CLI::App& app, const GlobalOptions& g, int& code);

}  // namespace fullrecord::cli
