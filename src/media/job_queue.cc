#include "media/job_queue.h"

#include <algorithm>
#include <utility>

namespace fullrecord::media {

size_t JobQueue::DefaultWorkers() {
  return std::max(1u, std::thread::hardware_concurrency());
}

JobQueue::JobQueue(size_t workers) {
  for (size_t i = 0; i < std::max<size_t>(1, workers); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void JobQueue::Submit(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
    ++counts_.queued;
  }
  wake_.notify_one();
}

void JobQueue::Wait() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return counts_.queued == 0 && counts_.running == 0; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

bool JobQueue::WaitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  bool idle =
      idle_.wait_for(lock, timeout, [this] { return counts_.queued == 0 && counts_.running == 0; });
  if (idle && error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return idle;
}

JobCounts JobQueue::Counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

void JobQueue::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    --counts_.queued;
    ++counts_.running;
    lock.unlock();
    std::exception_ptr error;
    try {
      job();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    --counts_.running;
    ++counts_.done;
    idle_.notify_all();
  }
}

}  // namespace fullrecord::media
