#include "api/daily_snapshot.h"

#include <spdlog/spdlog.h>

#include "app/store.h"
#include "services/compliance_history.h"

namespace fullrecord::api {

DailySnapshot::DailySnapshot(std::string store_dir, std::function<UnixMicros()> clock,
                             std::chrono::milliseconds interval)
    : store_dir_(std::move(store_dir)), clock_(std::move(clock)), interval_(interval) {}

DailySnapshot::~DailySnapshot() {
  Stop();
}

void DailySnapshot::Start() {
  std::lock_guard lock(mu_);
  stopping_ = false;
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void DailySnapshot::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int DailySnapshot::taken() {
  std::lock_guard lock(mu_);
  return taken_;
}

void DailySnapshot::Run() {
  auto store = app::Store::Open(store_dir_, true);
  if (!store.ok()) {
    spdlog::warn("compliance snapshots stopped: {}", store.status().ToString());
    return;
  }
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto taken = services::ComplianceHistory((*store)->services()).TakeSnapshotIfDue(clock_());
    if (!taken.ok()) spdlog::warn("compliance snapshot failed: {}", taken.status().ToString());
    if (taken.ok() && *taken)
      spdlog::info("compliance snapshot of {} taken", services::ShanghaiDate(clock_()).ToString());
    lock.lock();
    if (taken.ok() && *taken) ++taken_;
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace fullrecord::api
