#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace fullrecord::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return 0;
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
    case Status::Code::kAlreadyExists:
    case Status::Code::kPermissionDenied:
    case Status::Code::kFailedPrecondition: return 2;
    case Status::Code::kCorruption: return 4;
    default: return 3;
  }
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "fullrecord: %s\n", status.ToString().c_str());
  return ExitCodeFor(status);
}

void PrintJson(const Json& value) { std::cout << value.dump(-1, ' ', false) << "\n"; }

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, uint64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && StderrIsTerminal()) {
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total_) return;
  last_ = now;
  drawn_ = true;

  constexpr int kWidth = 30;
  double frac = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  int filled = static_cast<int>(frac * kWidth);
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%s [%s] %5.1f%%  %.0fs ", label_.c_str(), bar.c_str(), frac * 100,
               secs);
  std::fflush(stderr);
}

void Progress::Finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace fullrecord::cli
