// A small pool of worker threads for long media work (pictures, proxies), bounded to the
// machine's cores so background work never takes more than the machine has.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fullrecord::media {

struct JobCounts {
  size_t queued = 0;  // waiting for a worker
  size_t running = 0;
  size_t done = 0;  // finished since the queue was made
};

class JobQueue {
 public:
  // Starts `workers` threads (at least one).
  explicit JobQueue(size_t workers = DefaultWorkers());
  // Runs every job still queued, then stops the workers.
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues `job`; it runs on some worker. Jobs report failure through what they capture; an
  // exception escaping a job is a bug: it is kept and rethrown by the next Wait.
  void Submit(std::function<void()> job);
  // Blocks until no job is queued or running.
  void Wait();
  // Like Wait, for at most `timeout`; true when the queue is idle.
  bool WaitFor(std::chrono::milliseconds timeout);
  JobCounts Counts() const;
  size_t workers() const { return threads_.size(); }

  // std::thread::hardware_concurrency(), or 1 when unknown.
  static size_t DefaultWorkers();

 private:
  void Work();

  mutable std::mutex mu_;
  std::condition_variable wake_;            // a job was queued, or the queue is stopping
  std::condition_variable idle_;            // a job finished
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  JobCounts counts_;                        // guarded by mu_
  std::exception_ptr error_;                // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace fullrecord::media
