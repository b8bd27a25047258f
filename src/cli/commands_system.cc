// backup: a restorable copy of the store (app/backup.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/backup.h"
#include "cli/actor.h"
#include "cli/commands.h"
#include "cli/human.h"

namespace fullrecord::cli {
namespace {

Status Backup(Session& s, const std::string& destination) {
  std::error_code ec;
  std::string dest = std::filesystem::absolute(destination, ec).string();
  if (ec) return Status::InvalidArgument("cannot resolve " + destination + ": " + ec.message());
  FR_ASSIGN_OR_RETURN(auto record, app::MakeBackup(*s.store, s.actor, dest));
  std::string text =
      "备份完成 backup made: " + record.destination + "\n  " + std::to_string(record.blobs_copied) +
      " originals copied (" + std::to_string(record.bytes_copied) + " bytes), " +
      std::to_string(record.blobs_skipped) + " already there; database " +
      std::to_string(record.database_bytes) + " bytes\n  check it with: fullrecord --store " +
      record.destination + " verify";
  PrintDone(s, text, record.ToJson());
  return Status::Ok();
}

}  // namespace

void AddSystemCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto destination = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup", "备份: copy the database, originals and keys into DEST_DIR (verified)");
  backup->add_option("DEST_DIR", *destination, "directory: new, empty, or an earlier backup")
      ->required();
  OnRun(backup, g, code, [destination](Session& s) { return Backup(s, *destination); });
}

}  // namespace fullrecord::cli
