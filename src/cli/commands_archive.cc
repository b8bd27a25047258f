// archive, archive register, archive list, verify-disc (R13.1).
#include "cli/commands_archive.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "archive/burner.h"
#include "archive/case_content.h"
#include "archive/index_doc.h"
#include "archive/maker.h"
#include "archive/register.h"
#include "cli/actor.h"
#include "cli/output.h"

namespace fullrecord::cli {
namespace {

using namespace archive;  // NOLINT(google-build-using-namespace)

struct ArchiveArgs {
  std::string case_number, media = "dvd", out, drive = "auto", location;
  uint64_t capacity = 0;
  int64_t set_id = 0;
  bool yes = false;
  std::vector<std::string> discs, keys;
};

Result<MakeRequest> Request(Session& s, const ArchiveArgs& a) {
  MakeRequest req;
  req.case_number = a.case_number;
  FR_ASSIGN_OR_RETURN(req.media, FindMedia(a.media));
  if (a.capacity > 0) req.media = {"custom", std::to_string(a.capacity) + " bytes", a.capacity};
  req.out_dir = a.out.empty() ? s.store->dir() + "/discs" : a.out;
  req.pinned = &s.store->verifiers();
  req.keys = archive::StorePublicKeys(s.store->dir());
  req.origin = s.store->origin();
  return req;
}

void PrintDiscReports(const std::vector<DiscReport>& reports) {
  for (const auto& r : reports) {
    for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s: %s\n", r.source.c_str(), w.c_str());
    for (const auto& p : r.problems) {
      std::fprintf(stderr, "FAILED: %s: %s: %s\n", r.source.c_str(), p.file.c_str(), p.message.c_str());
    }
  }
}

void PrintSet(const Session& s, const DiscSetRow& set, const std::string& note) {
  if (s.json()) {
    Json discs = Json::array();
    for (const auto& d : set.discs) {
      discs.push_back({{"seq", d.seq}, {"total", d.total}, {"image", d.image_file},
                       {"size", d.size}, {"sha256", d.image_sha256},
                       {"sm3", d.image_sm3.empty() ? Json() : Json(d.image_sm3)},
                       {"readback", d.readback.empty() ? Json() : Json(d.readback)}});
    }
    PrintJson({{"set", set.id}, {"code", set.code}, {"case", set.case_number},
               {"state", set.state}, {"media", set.media}, {"maker", set.maker},
               {"location", set.location.empty() ? Json() : Json(set.location)},
               {"discs", discs}, {"note", note}});
    return;
  }
  std::printf("disc set %lld (%s) of case %s: %zu disc(s), %s\n", static_cast<long long>(set.id),
              set.code.c_str(), set.case_number.c_str(), set.discs.size(), set.state.c_str());
  for (const auto& d : set.discs) {
    std::printf("  %d/%d  %s  %s  sha256 %s\n", d.seq, d.total, d.image_file.c_str(),
                HumanSize(d.size).c_str(), d.image_sha256.c_str());
  }
  if (!set.location.empty()) std::printf("  kept at %s\n", set.location.c_str());
  if (!note.empty()) std::printf("%s\n", note.c_str());
}

// Waits for a blank medium for each disc. A stdio: pseudo-drive gets one file per disc.
std::function<Result<std::string>(int, int)> NextMedium(const std::string& drive, bool yes) {
  return [drive, yes](int seq, int total) -> Result<std::string> {
    if (drive.rfind("stdio:", 0) == 0) {
      return total == 1 ? drive : drive + "." + std::to_string(seq);
    }
    if (!yes) {
      std::fprintf(stderr, "insert a blank disc for %d/%d into %s and press Enter\n", seq, total,
                   drive.c_str());
      std::string line;
      if (!std::getline(std::cin, line)) return Status::FailedPrecondition("no disc inserted");
    }
    return drive;
  };
}

// The drive to write to: "" for none (the images are the output).
Result<std::string> ChooseDrive(const std::string& wanted) {
  if (wanted == "none") return std::string();
  if (wanted != "auto") return wanted;
  FR_ASSIGN_OR_RETURN(auto drives, ScanDrives());
  return drives.empty() ? std::string() : drives[0].address;
}

Status BurnAndRegister(Session& s, const ArchiveArgs& a, const std::string& drive, int64_t set_id) {
  std::vector<DiscReport> reports;
  Progress bar("burn", 0, !s.json());
  Status burned = BurnSet(s.ctx(), s.actor, set_id, {s.store->VerifierKeysPath()},
                          NextMedium(drive, a.yes), [&](uint64_t n) { bar.Update(n); }, &reports);
  bar.Finish();
  PrintDiscReports(reports);
  FR_RETURN_IF_ERROR(burned);
  if (a.location.empty()) return Status::Ok();
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(s.ctx(), set_id));
  std::vector<std::string> paths;
  for (const auto& d : set.discs) paths.push_back(d.readback);
  reports.clear();
  Status registered = RegisterSet(s.ctx(), s.actor, set_id, a.location, paths,
                                  {s.store->VerifierKeysPath()}, &reports);
  PrintDiscReports(reports);
  return registered;
}

Status Archive(Session& s, const ArchiveArgs& a, bool* check_failed) {
  FR_ASSIGN_OR_RETURN(MakeRequest req, Request(s, a));
  FR_ASSIGN_OR_RETURN(std::string drive, ChooseDrive(a.drive));
  Progress bar("archive " + a.case_number, 0, !s.json());
  req.progress = [&](uint64_t n) { bar.Update(n); };
  CheckReport report;
  auto made = MakeDiscSet(s.ctx(), s.actor, req, &report);
  bar.Finish();
  *check_failed = !report.ok();
  FR_RETURN_IF_ERROR(made.status());
  int64_t id = made->set.id;
  std::string note;
  if (drive.empty()) {
    note = "no drive: images written to " + made->set.out_dir +
           "; burn them, then register the set with: fullrecord archive register " +
           std::to_string(id) + " --location PLACE";
  } else {
    FR_RETURN_IF_ERROR(BurnAndRegister(s, a, drive, id));
  }
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(s.ctx(), id));
  PrintSet(s, set, note);
  return Status::Ok();
}

Status Register(Session& s, const ArchiveArgs& a) {
  std::vector<DiscReport> reports;
  Status st = RegisterSet(s.ctx(), s.actor, a.set_id, a.location, a.discs,
                          a.keys.empty() ? std::vector<std::string>{s.store->VerifierKeysPath()}
                                         : a.keys,
                          &reports);
  PrintDiscReports(reports);
  FR_RETURN_IF_ERROR(st);
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(s.ctx(), a.set_id));
  PrintSet(s, set, "registered; case " + set.case_number + " is archived (R13.1)");
  return Status::Ok();
}

Status List(Session& s, const ArchiveArgs& a) {
  FR_ASSIGN_OR_RETURN(auto kase, services::CaseService(s.ctx()).GetByNumber(s.actor, a.case_number));
  FR_ASSIGN_OR_RETURN(auto sets, SetsOfCase(s.ctx(), kase.id));
  if (!s.json() && sets.empty()) std::printf("case %s has no disc set\n", kase.number.c_str());
  for (const auto& set : sets) PrintSet(s, set, "");
  return Status::Ok();
}

int VerifyDiscCommand(const GlobalOptions& g, const std::vector<std::string>& paths,
                      const std::vector<std::string>& keys) {
  Progress bar("verify-disc", 0, !g.json);
  auto reports = VerifyDiscs(paths, {keys, [&](uint64_t n) { bar.Update(n); }});
  bar.Finish();
  bool ok = true;
  Json all = Json::array();
  for (const auto& r : reports) {
    ok = ok && r.ok();
    all.push_back(r.ToJson());
  }
  PrintDiscReports(reports);
  if (g.json) {
    PrintJson({{"ok", ok}, {"discs", all}});
  } else {
    for (const auto& r : reports) {
      std::printf("%s: %s: disc %d/%d of set %s, case %s: %llu files, %llu bytes, %llu proofs\n",
                  r.ok() ? "OK" : "FAILED", r.source.c_str(), r.seq, r.total, r.set_code.c_str(),
                  r.case_number.c_str(), static_cast<unsigned long long>(r.files_checked),
                  static_cast<unsigned long long>(r.bytes_checked),
                  static_cast<unsigned long long>(r.proofs_checked));
    }
  }
  return ok ? 0 : kExitProblems;
}

// A failed four-property check is a finding (exit 1), not bad usage.
int RunArchive(const GlobalOptions& g, const ArchiveArgs& a) {
  if (a.case_number.empty()) return ReportError(Status::InvalidArgument("archive: give a CASE number"));
  auto session = OpenSession(g);
  if (!session.ok()) return ReportError(session.status());
  bool check_failed = false;
  Status s = Archive(*session, a, &check_failed);
  if (s.ok()) return 0;
  int code = ReportError(s);
  return check_failed ? kExitProblems : code;
}

}  // namespace

void AddArchiveCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<ArchiveArgs>();
  auto* cmd = app.add_subcommand("archive", "归档光盘: check a case and make its archive discs (R13.1)");
  cmd->add_option("CASE", a->case_number, "case number");
  cmd->add_option("--media", a->media, "cd, dvd, dvd-dl, bd25, bd50, bd100")->capture_default_str();
  cmd->add_option("--out", a->out, "directory for the images (default <store>/discs)");
  cmd->add_option("--drive", a->drive, "auto, none, a drive (/dev/sr0) or stdio:FILE")
      ->capture_default_str();
  cmd->add_option("--location", a->location, "where the burned discs are kept: registers the set");
  cmd->add_flag("--yes", a->yes, "do not wait for Enter between discs");
  cmd->add_option("--media-capacity", a->capacity, "media size in bytes (tests)")->group("");

  auto* reg = cmd->add_subcommand("register", "the archivist registers a burned set; the case is archived");
  reg->add_option("SET", a->set_id, "disc set id")->required();
  reg->add_option("--location", a->location, "where the discs are kept")->required();
  reg->add_option("--disc", a->discs, "each burned disc (device or image) in order; default the images");
  reg->add_option("--key", a->keys, "public keys to verify with (default the store's)");
  OnRun(reg, g, code, [a](Session& s) { return Register(s, *a); });

  auto* list = cmd->add_subcommand("list", "the disc sets of a case");
  list->add_option("CASE", a->case_number, "case number")->required();
  OnRun(list, g, code, [a](Session& s) { return List(s, *a); });

  cmd->callback([&g, &code, a, reg, list] {
    if (!reg->parsed() && !list->parsed()) code = RunArchive(g, *a);
  });

  auto paths = std::make_shared<std::vector<std::string>>();
  auto keys = std::make_shared<std::vector<std::string>>();
  auto* verify = app.add_subcommand("verify-disc", "check archive discs offline: manifests, proofs, signatures");
  verify->add_option("DISC", *paths, "image files, disc devices or mounted directories")->required();
  verify->add_option("--key", *keys, "pinned public keys (.vkeys or PEM); default the disc's own");
  verify->callback([&g, &code, paths, keys] { code = VerifyDiscCommand(g, *paths, *keys); });
}

}  // namespace fullrecord::cli
