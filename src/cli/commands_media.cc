// import DIR [--watch] (R12.1).
#include "cli/commands_media.h"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "app/store.h"
#include "cli/output.h"
#include "media/derivatives.h"
#include "media/importer.h"
#include "media/watch.h"

namespace fullrecord::cli {
namespace {

namespace fs = std::filesystem;

struct ImportArgs {
  std::string dir;
  bool watch = false;
  int64_t max_seconds = 0;
  int64_t settle_seconds = 2;
  bool remove_after_verify = false;
  std::string device;
  int64_t split_seconds = 1;
  int64_t gap_seconds = 5;
  int64_t session_minutes = 30;
  int64_t drift_seconds = 2;
  int64_t slack_minutes = 15;
  bool no_derivatives = false;
  int jobs = static_cast<int>(media::JobQueue::DefaultWorkers());
  int threads = 1;
};

std::atomic<bool> g_stop{false};

void OnSignal(int) {
  g_stop.store(true);
}

media::ImportOptions OptionsFrom(const ImportArgs& a) {
  constexpr int64_t kSecond = 1'000'000;
  media::ImportOptions o;
  o.recordings.gaps.split_us = a.split_seconds * kSecond;
  o.recordings.gaps.tolerance_us = a.gap_seconds * kSecond;
  o.recordings.gaps.session_break_us = a.session_minutes * 60 * kSecond;
  o.recordings.match_slack_us = a.slack_minutes * 60 * kSecond;
  o.drift_tolerance_us = a.drift_seconds * kSecond;
  o.remove_after_verify = a.remove_after_verify;
  o.device = a.device;
  return o;
}

// "2026-12-03 14:05:00" in Beijing time (UTC+8, no daylight saving).
std::string Local(UnixMicros t) {
  std::string utc = FormatUtc(t + 8LL * 3600 * 1'000'000);
  return utc.substr(0, 10) + " " + utc.substr(11, 8);
}

std::string Short(const std::string& sha) {
  return sha.substr(0, 12);
}

Json TimeOrNull(const std::optional<UnixMicros>& t) {
  return t ? Json(FormatUtc(*t)) : Json();
}

Json FileJson(const media::FileReport& f) {
  Json j = {{"file", f.path},
            {"outcome", f.outcome},
            {"sha256", f.sha256},
            {"size", f.size},
            {"kind", f.kind},
            {"readable", f.readable},
            {"device", f.device},
            {"start", TimeOrNull(f.start_us)},
            {"end", TimeOrNull(f.end_us)},
            {"findings", f.findings},
            {"removed", f.removed}};
  j["av_record"] = f.av_id ? Json(f.av_id) : Json();
  if (!f.reason.empty()) j["reason"] = f.reason;
  if (!f.problem.empty()) j["problem"] = f.problem;
  return j;
}

Json RecordingJson(const media::RecordingOutcome& r) {
  Json j = {{"device", r.device},
            {"officer", r.officer},
            {"created", r.created},
            {"start", FormatUtc(r.start_us)},
            {"end", FormatUtc(r.end_us)},
            {"segments", r.segments},
            {"interruptions", r.interruptions}};
  j["av_record"] = r.av_id ? Json(r.av_id) : Json();
  j["case"] = r.case_id ? Json(*r.case_id) : Json();
  if (!r.case_number.empty()) j["case_number"] = r.case_number;
  if (!r.status.ok()) j["problem"] = r.status.ToString();
  return j;
}

Json DerivativeJson(const media::DerivativeOutcome& d) {
  Json j = {{"original", d.original_sha256}, {"kind", d.kind}, {"elapsed_ms", d.elapsed_ms}};
  j["sha256"] = d.sha256.empty() ? Json() : Json(d.sha256);
  if (!d.status.ok()) j["problem"] = d.status.ToString();
  return j;
}

std::string LocalText(const std::string& rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  return t ? Local(*t) : "?";
}

std::string FindingText(const Json& f) {
  std::string kind = f.value("kind", "");
  if (kind == "clock_drift") {
    int64_t ms = f.value("drift_ms", int64_t{0});
    return "device clock: the name says " + LocalText(f.value("name_time", "")) +
           ", the metadata " + LocalText(f.value("metadata_time", "")) + " (" +
           (ms > 0 ? "+" : "") + std::to_string(ms / 1000) + " s" +
           (f.value("whole_hours", false) ? ", whole hours: a time-zone setting?" : "") +
           "); the metadata time is used";
  }
  if (kind == "truncated") {
    return "cut short: " + std::to_string(f.value("present_ms", 0) / 1000) + " s of a declared " +
           std::to_string(f.value("declared_ms", 0) / 1000) + " s are present";
  }
  if (kind == "officer_mismatch") {
    return "the name's officer number " + f.value("name_officer", "") + " is not " +
           f.value("holder", "") + "'s certificate " + f.value("holder_cert", "") +
           ", who held the device";
  }
  if (kind == "device_mismatch") {
    return "the name says device " + f.value("name_device", "") + ", the folder " +
           f.value("folder_device", "") + "; the name is used";
  }
  if (kind == "no_time") return "neither metadata nor name gives the recording time";
  return kind + " " + f.dump();
}

void PrintFile(const media::FileReport& f) {
  std::string what = f.outcome == "failed" ? "" : f.kind + (f.readable ? "" : " (unreadable)");
  std::printf("%-9s %s  %s", f.outcome.c_str(), f.path.c_str(), what.c_str());
  if (!f.sha256.empty()) std::printf("  sha256 %s", Short(f.sha256).c_str());
  if (!f.device.empty()) std::printf("  device %s", f.device.c_str());
  if (f.av_id) std::printf("  recording %lld", static_cast<long long>(f.av_id));
  std::printf("\n");
  if (!f.readable && !f.reason.empty()) std::printf("  FFmpeg: %s\n", f.reason.c_str());
  for (const auto& finding : f.findings) {
    std::printf("  finding: %s\n", FindingText(finding).c_str());
  }
  if (!f.problem.empty()) std::printf("  %s\n", f.problem.c_str());
  if (f.removed) std::printf("  source removed after the stored copy verified\n");
}

void PrintRecording(const media::RecordingOutcome& r) {
  if (!r.status.ok()) {
    std::printf("recording of %s from %s not registered: %s\n", r.device.c_str(),
                Local(r.start_us).c_str(), r.status.ToString().c_str());
    return;
  }
  std::printf("recording %lld  %s  %s  %s – %s  %s, %zu segment(s) added",
              static_cast<long long>(r.av_id), r.device.c_str(), r.officer.c_str(),
              Local(r.start_us).c_str(), Local(r.end_us).c_str(), r.created ? "new" : "extended",
              r.segments.size());
  if (!r.case_id) {
    std::printf("  unassigned: matches no case's on-site time (R17.4)");
  } else {
    std::string which = r.case_number.empty() ? std::to_string(*r.case_id) : r.case_number;
    std::printf("  case %s", which.c_str());
  }
  std::printf("\n");
  if (!r.interruptions.empty()) {
    std::printf("  %zu interruption(s) the officer must explain (R9.3)\n", r.interruptions.size());
  }
}

// Prints one batch: its files and recordings, and the derivatives finished so far.
int PrintBatch(const GlobalOptions& g, const media::ImportReport& report,
               const std::vector<media::DerivativeOutcome>& derivatives) {
  size_t failed_derivatives = 0;
  for (const auto& d : derivatives) failed_derivatives += d.status.ok() ? 0 : 1;
  size_t unreadable = 0;
  for (const auto& f : report.files) unreadable += f.outcome != "failed" && !f.readable ? 1 : 0;
  if (g.json) {
    Json files = Json::array(), recordings = Json::array(), made = Json::array();
    for (const auto& f : report.files) files.push_back(FileJson(f));
    for (const auto& r : report.recordings) recordings.push_back(RecordingJson(r));
    for (const auto& d : derivatives) made.push_back(DerivativeJson(d));
    PrintJson({{"files", files}, {"recordings", recordings}, {"derivatives", made}});
  } else {
    for (const auto& f : report.files) PrintFile(f);
    for (const auto& r : report.recordings) PrintRecording(r);
    for (const auto& d : derivatives) {
      if (d.status.ok()) {
        std::printf("%-13s of %s: %s (%.1f s)\n", d.kind.c_str(), Short(d.original_sha256).c_str(),
                    Short(d.sha256).c_str(), static_cast<double>(d.elapsed_ms) / 1000);
      } else {
        std::printf("%-13s of %s failed: %s\n", d.kind.c_str(), Short(d.original_sha256).c_str(),
                    d.status.ToString().c_str());
      }
    }
    if (!report.files.empty()) {
      std::printf(
          "%zu file(s): %zu stored, %zu already in the vault, %zu duplicate(s), "
          "%zu failed, %zu unreadable by FFmpeg (kept); %zu recording(s)\n",
          report.files.size(), report.Count("stored"), report.Count("known"),
          report.Count("duplicate"), report.Count("failed"), unreadable, report.recordings.size());
    }
  }
  std::fflush(stdout);
  return report.Problems() + failed_derivatives > 0 ? kExitProblems : 0;
}

// Waits for the background work, drawing its progress; returns what finished.
std::vector<media::DerivativeOutcome> FinishDerivatives(const GlobalOptions& g,
                                                        media::DerivativeMaker* maker) {
  if (!maker) return {};
  Progress bar("pictures and proxies", 1000, !g.json);
  while (!maker->WaitFor(std::chrono::milliseconds(200))) {
    bar.Update(static_cast<uint64_t>(maker->Progress().permille));
  }
  bar.Finish();
  return maker->TakeOutcomes();
}

Status CheckArgs(const ImportArgs& a) {
  std::error_code ec;
  auto st = fs::status(a.dir, ec);
  if (!fs::exists(st)) return Status::NotFound("no such directory: " + a.dir);
  if (!fs::is_directory(st)) return Status::InvalidArgument(a.dir + " is not a directory");
  if (a.max_seconds > 0 && !a.watch) {
    return Status::InvalidArgument(
        "--max-seconds bounds --watch; without --watch it means nothing");
  }
  return Status::Ok();
}

int Watch(const GlobalOptions& g, const ImportArgs& a, media::Importer& importer,
          media::DerivativeMaker* maker) {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  media::WatchOptions w;
  w.max_seconds = a.max_seconds;
  w.settle_ms = static_cast<int>(a.settle_seconds * 1000);
  int code = 0;
  Status s = media::WatchDirectory(
      a.dir, w,
      [&](const std::vector<std::string>& files) {
        auto report = importer.ImportFiles(a.dir, files);
        code = std::max(code, PrintBatch(g, report,
                                         maker ? maker->TakeOutcomes()
                                               : std::vector<media::DerivativeOutcome>{}));
      },
      &g_stop);
  if (!s.ok()) return ReportError(s);
  auto rest = FinishDerivatives(g, maker);
  if (!rest.empty()) code = std::max(code, PrintBatch(g, {}, rest));
  return code;
}

int RunImport(const GlobalOptions& g, const ImportArgs& a) {
  if (Status s = CheckArgs(a); !s.ok()) return ReportError(s);
  auto store = app::Store::Open(g.store_dir, true);
  if (!store.ok()) return ReportError(store.status());

  std::mutex store_mu;
  std::unique_ptr<media::DerivativeMaker> maker;
  if (!a.no_derivatives) {
    media::DerivativeOptions d;
    d.workers = static_cast<size_t>(a.jobs);
    d.proxy.threads = a.threads;
    maker = std::make_unique<media::DerivativeMaker>(**store, store_mu,
                                                     services::Actor{CliActor(), {}, true, ""}, d);
  }
  media::Importer importer(**store, store_mu, CliActor(), OptionsFrom(a), maker.get());
  if (a.watch) return Watch(g, a, importer, maker.get());

  auto report = importer.ImportDirectory(a.dir);
  if (!report.ok()) return ReportError(report.status());
  return PrintBatch(g, *report, FinishDerivatives(g, maker.get()));
}

}  // namespace

void AddMediaCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<ImportArgs>();
  auto* cmd =
      app.add_subcommand("import",
                         "import body-camera footage from a dock folder: store, probe, group into "
                         "recordings, find gaps, match cases (R9.2-R9.4, R12.1)");
  cmd->add_option("DIR", a->dir, "the dock folder (subfolders may be named after devices)")
      ->required();
  cmd->add_flag("--watch", a->watch, "keep watching DIR and import files once they stop growing");
  cmd->add_option("--max-seconds", a->max_seconds, "with --watch: stop after N seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--settle-seconds", a->settle_seconds,
                  "with --watch: a file unchanged this long is complete (default 2)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--remove-after-verify", a->remove_after_verify,
                "remove each source once its stored copy re-reads and verifies and it is part of "
                "a recording");
  cmd->add_option("--device", a->device, "every file comes from this registered device");
  cmd->add_option("--split-seconds", a->split_seconds,
                  "the device's normal gap between segment files (default 1)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--gap-seconds", a->gap_seconds,
                  "a gap this much longer than the split is an interruption (default 5)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--session-minutes", a->session_minutes,
                  "a longer gap starts a new recording (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--drift-seconds", a->drift_seconds,
                  "name and metadata times further apart are a clock finding (default 2)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--match-slack-minutes", a->slack_minutes,
                  "recordings this close to a case's on-site time belong to it (default 15)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-derivatives", a->no_derivatives, "make no pictures or proxies");
  cmd->add_option("--jobs", a->jobs, "background workers for pictures and proxies (default: cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--threads", a->threads, "codec threads per proxy (default 1)")
      ->check(CLI::Range(0, 64));
  cmd->callback([&g, &code, a] { code = RunImport(g, *a); });
}

}  // namespace fullrecord::cli
