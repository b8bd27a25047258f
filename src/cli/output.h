// Terminal output of the command: progress bars on a terminal only, errors as one line.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/json.h"
#include "common/status.h"

namespace fullrecord::cli {

// Exit codes: 0 success; 1 a check found problems; 2 bad usage or input; 3 the store or the
// system failed; 4 stored data is corrupt.
int ExitCodeFor(const Status& status);
constexpr int kExitProblems = 1;

// Prints "fullrecord: <message>" on stderr and returns the exit code for `status`.
int ReportError(const Status& status);

void PrintJson(const Json& value);

// A one-line progress bar on stderr, drawn only when stderr is a terminal and output is not
// JSON; redrawn at most ten times a second.
class Progress {
 public:
  Progress(std::string label, uint64_t total, bool enabled);
  ~Progress();
  void Update(uint64_t done);
  void Finish();

 private:
  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

bool StderrIsTerminal();

}  // namespace fullrecord::cli
