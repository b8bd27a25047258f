// The daily compliance snapshot of `fullrecord serve` (services/compliance_history.h): taken at
// start and then whenever the day changes, on one thread of its own that wakes once per interval
// and stops at once when asked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/time.h"

namespace fullrecord::api {

class DailySnapshot {
 public:
  // `clock` gives the instant whose Shanghai day is counted.
  DailySnapshot(std::string store_dir, std::function<UnixMicros()> clock,
                std::chrono::milliseconds interval);
  ~DailySnapshot();  // stops
  DailySnapshot(const DailySnapshot&) = delete;
  DailySnapshot& operator=(const DailySnapshot&) = delete;

  // Starts the thread; it opens its own connection to the store. A failed snapshot is logged as
  // a warning and tried again at the next wake.
  void Start();
  // Wakes the thread and waits for it to end; the snapshot under way, if any, finishes first.
  void Stop();
  // Snapshots taken since Start.
  int taken();

 private:
  void Run();

  const std::string store_dir_;
  const std::function<UnixMicros()> clock_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  int taken_ = 0;          // guarded by mu_
  std::thread thread_;
};

}  // namespace fullrecord::api
