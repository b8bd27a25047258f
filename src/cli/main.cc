// fullrecord: the command-line tool. One binary, one subcommand per task.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "cli/commands_archive.h"
#include "cli/commands_media.h"
#include "cli/commands_serve.h"
#include "cli/output.h"

namespace {

using namespace fullrecord::cli;  // NOLINT(google-build-using-namespace)

std::string FromEnv(const char* name, const char* fallback) {
  const char* env = std::getenv(name);
  return env && *env ? env : fallback;
}

int Main(int argc, char** argv) {
  CLI::App app{"fullrecord — full-process enforcement records: vault, ledger and archive"};
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions g{FromEnv("FULLRECORD_STORE", "./var"), false, FromEnv("FULLRECORD_AS", "")};
  app.add_option("--store", g.store_dir, "store directory (default $FULLRECORD_STORE or ./var)");
  app.add_flag("--json", g.json, "machine-readable JSON on stdout");
  app.add_option("--as", g.as,
                 "person acting (default $FULLRECORD_AS); without it the console operator, "
                 "who may only set up the bureau");
  int code = 0;

  app.add_subcommand("init", "create a new store")->callback([&] { code = RunInit(g); });

  std::vector<std::string> files;
  auto* ingest = app.add_subcommand("ingest", "store files in the vault (write-once)");
  ingest->add_option("files", files, "files to store")->required();
  ingest->callback([&] { code = RunIngest(g, files); });

  app.add_subcommand("verify", "re-read every blob and re-hash the whole ledger")
      ->callback([&] { code = fullrecord::cli::RunVerify(g); });

  auto* log = app.add_subcommand("log", "ledger checkpoints and proofs");
  log->require_subcommand(1);
  log->fallthrough();
  log->add_subcommand("checkpoint", "print the current signed checkpoint")
      ->callback([&] { code = fullrecord::cli::RunLogCheckpoint(g); });

  uint64_t seq = 0;
  uint64_t old_size = 0;
  auto* prove = log->add_subcommand("prove", "inclusion proof of entry N (or --consistency OLD)");
  prove->add_option("N", seq, "entry number (from 0)");
  auto* consistency =
      prove->add_option("--consistency", old_size, "consistency proof from tree size OLD");
  prove->callback([&] {
    code = *consistency ? fullrecord::cli::RunLogProveConsistency(g, old_size)
                        : fullrecord::cli::RunLogProve(g, seq);
  });

  std::vector<std::string> keys;
  std::string checkpoint_file, proof_file;
  auto* lverify = log->add_subcommand("verify", "check a checkpoint (and a proof) offline");
  lverify->add_option("--key", keys, "public key: a .vkeys file or a PEM public key")
      ->required()
      ->check(CLI::ExistingFile);
  lverify->add_option("--checkpoint", checkpoint_file, "signed checkpoint note")
      ->check(CLI::ExistingFile);
  lverify->add_option("--proof", proof_file, "proof from 'log prove'")->check(CLI::ExistingFile);
  lverify->callback([&] {
    code = fullrecord::cli::RunLogVerify(g, keys, checkpoint_file, proof_file);
  });

  AddBureauCommands(app, g, code);
  AddCaseCommands(app, g, code);
  AddRecordCommands(app, g, code);
  AddCopyCommands(app, g, code);
  AddRetentionCommands(app, g, code);
  AddReportCommands(app, g, code);
  AddMediaCommands(app, g, code);
  AddArchiveCommands(app, g, code);
  AddServeCommands(app, g, code);
  AddSystemCommands(app, g, code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "fullrecord: internal error: " << e.what() << "\n";
    return 3;
  }
}
