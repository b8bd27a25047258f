// init, ingest, verify.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/store.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace fullrecord::cli {
namespace {

namespace fs = std::filesystem;

// Checks every path before anything is stored, so a bad argument changes nothing.
Status CheckIngestable(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("no such file: " + path);
  if (S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + " is a directory, not a file");
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is not a regular file");
  if (::access(path.c_str(), R_OK) != 0) {
    return Status::PermissionDenied("cannot read " + path + ": permission denied");
  }
  return Status::Ok();
}

void PrintIngest(const GlobalOptions& g, const std::string& path, const vault::IngestResult& r) {
  if (g.json) {
    PrintJson({{"file", path}, {"sha256", r.blob.sha256}, {"sm3", r.blob.sm3},
               {"size", r.blob.size}, {"new", r.is_new}});
    return;
  }
  std::printf("%s\n  sha256 %s\n  sm3    %s\n  size   %llu bytes, %s\n", path.c_str(),
              r.blob.sha256.c_str(), r.blob.sm3.c_str(),
              static_cast<unsigned long long>(r.blob.size),
              r.is_new ? "stored" : "already in the vault, nothing new stored");
}

// Records the run in the ledger unless the ledger itself failed: signing a checkpoint over a
// damaged tree would lend it a signature it does not deserve.
void RecordVerification(app::Store& store, bool ledger_ok, bool blobs_ok, uint64_t blob_count,
                        uint64_t entries) {
  if (!ledger_ok) {
    std::fprintf(stderr, "fullrecord: this run is not recorded: the ledger failed verification\n");
    return;
  }
  ledger::Event e{"verification.run", CliActor(), blobs_ok ? "ok" : "failed",
                  {{"blobs_checked", blob_count}, {"ledger_entries_checked", entries}}};
  Status s = store.ledger().Append({e}).status();
  if (!s.ok()) std::fprintf(stderr, "fullrecord: could not record the run: %s\n", s.ToString().c_str());
}

}  // namespace

std::string CliActor() {
  struct passwd* pw = ::getpwuid(::geteuid());
  return std::string("cli:") + (pw ? pw->pw_name : std::to_string(::geteuid()));
}

int RunInit(const GlobalOptions& g) {
  auto store = app::Store::Init(g.store_dir, CliActor());
  if (!store.ok()) return ReportError(store.status());
  if (g.json) {
    PrintJson({{"store", g.store_dir}, {"origin", (*store)->origin()}});
  } else {
    std::printf("created store %s\n  origin %s\n  public keys %s\n", g.store_dir.c_str(),
                (*store)->origin().c_str(), (*store)->VerifierKeysPath().c_str());
  }
  return 0;
}

int RunIngest(const GlobalOptions& g, const std::vector<std::string>& files) {
  for (const auto& f : files) {
    if (Status s = CheckIngestable(f); !s.ok()) return ReportError(s);
  }
  auto store = app::Store::Open(g.store_dir, true);
  if (!store.ok()) return ReportError(store.status());

  for (const auto& f : files) {
    std::error_code ec;
    uint64_t size = fs::file_size(f, ec);
    Progress bar("ingest " + fs::path(f).filename().string(), size, !g.json);
    auto r = (*store)->vault().IngestFile(f, CliActor(), [&bar](uint64_t n) { bar.Update(n); });
    bar.Finish();
    if (!r.ok()) return ReportError(r.status().WithContext(f));
    PrintIngest(g, f, *r);
    std::fflush(stdout);  // a caller that is killed mid-run still sees every reported success
  }
  return 0;
}

int RunVerify(const GlobalOptions& g) {
  auto opened = app::Store::Open(g.store_dir, true);
  if (!opened.ok()) return ReportError(opened.status());
  app::Store& store = **opened;

  Status integrity = store.db().CheckIntegrity();
  auto count = store.vault().Count();
  Progress blob_bar("verify blobs", count.ok() ? *count : 0, !g.json);
  auto blob_problems = store.vault().VerifyAll([&](uint64_t i, uint64_t) { blob_bar.Update(i); });
  blob_bar.Finish();

  auto entries = store.ledger().Size();
  Progress ledger_bar("verify ledger", entries.ok() ? *entries : 0, !g.json);
  auto report = store.ledger().Verify(store.verifiers(),
                                      [&](uint64_t done, uint64_t) { ledger_bar.Update(done); });
  ledger_bar.Finish();

  bool blobs_ok = true;
  Json problems = Json::array();
  if (!integrity.ok()) {
    problems.push_back({{"where", "metadata database"}, {"message", integrity.ToString()},
                        {"severity", "error"}});
  }
  for (const auto& p : blob_problems) {
    blobs_ok = blobs_ok && !p.fatal;
    problems.push_back({{"where", "blob " + p.sha256}, {"message", p.message},
                        {"severity", p.fatal ? "error" : "warning"}});
  }
  for (const auto& p : report.problems) {
    problems.push_back({{"where", p.where}, {"message", p.message}, {"severity", "error"}});
  }
  bool ok = integrity.ok() && blobs_ok && report.ok();

  if (g.json) {
    PrintJson({{"ok", ok}, {"blobs_checked", count.ok() ? *count : 0},
               {"ledger_entries_checked", report.entries_checked},
               {"checkpoints_checked", report.checkpoints_checked}, {"problems", problems}});
  } else {
    for (const auto& p : problems) {
      std::fprintf(stderr, "%s: %s: %s\n", p["severity"].get<std::string>().c_str(),
                   p["where"].get<std::string>().c_str(), p["message"].get<std::string>().c_str());
    }
    std::printf("%s: %llu blobs, %llu ledger entries, %llu checkpoints checked\n",
                ok ? "OK" : "FAILED", static_cast<unsigned long long>(count.ok() ? *count : 0),
                static_cast<unsigned long long>(report.entries_checked),
                static_cast<unsigned long long>(report.checkpoints_checked));
  }
  RecordVerification(store, report.ok(), blobs_ok, count.ok() ? *count : 0,
                     report.entries_checked);
  return ok ? 0 : kExitProblems;
}

}  // namespace fullrecord::cli
