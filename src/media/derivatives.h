// Derivatives of originals: a poster frame and a contact sheet for each video, and a
// browser-playable proxy for each recording a browser cannot play. They are made in the
// background by a JobQueue bounded to the cores, stored in the vault as blobs of their own,
// linked to the original in the derivative table and logged ("derivative.created"). The original
// is only ever read (R9.5).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/store.h"
#include "media/job_queue.h"
#include "media/pictures.h"
#include "media/probe.h"
#include "media/proxy.h"

namespace fullrecord::media {

// The file of a blob in the store's local vault backend (docs/store_format.md). FFmpeg needs to
// seek (an MP4's index may sit at its end), which the vault's sequential BlobReader does not
// offer, so media reads originals through their read-only files.
std::string BlobFilePath(const app::Store& store, const std::string& sha256);

// The kinds `facts` calls for: "poster" and "contact_sheet" for readable video, "proxy" for
// readable audio or video a browser cannot play. None for images and unreadable files.
std::vector<std::string> NeededDerivatives(const MediaFacts& facts);

struct DerivativeOptions {
  PictureOptions pictures;
  ProxyOptions proxy;
  size_t workers = JobQueue::DefaultWorkers();
};

struct DerivativeOutcome {
  std::string original_sha256;
  std::string kind;
  std::string sha256;  // of the derivative; empty when it failed
  Status status;
  int64_t elapsed_ms = 0;  // making it (decoding and encoding), not storing it
  Json params = Json::object();
};

struct DerivativeProgress {
  size_t total = 0;  // queued since the maker was made
  size_t done = 0;
  int64_t permille = 0;  // of all queued work, counting running jobs' progress
};

class DerivativeMaker {
 public:
  // `store` must outlive the maker. Workers use the store only while holding `store_mu`; every
  // other user of the store must hold it too while the maker has work. `actor` is recorded in
  // the ledger events.
  DerivativeMaker(app::Store& store, std::mutex& store_mu, services::Actor actor,
                  DerivativeOptions options = {});
  // Waits for the queued work.
  ~DerivativeMaker();
  DerivativeMaker(const DerivativeMaker&) = delete;
  DerivativeMaker& operator=(const DerivativeMaker&) = delete;

  // Queues the derivatives of `sha256` that `facts` call for and the store does not yet hold.
  // Takes `store_mu` itself: the caller must not hold it. Returns how many were queued.
  Result<size_t> Enqueue(const std::string& sha256, const MediaFacts& facts);
  // Blocks until all queued work is done, for at most `timeout`; true when done.
  bool WaitFor(std::chrono::milliseconds timeout);
  // The outcomes finished since the last call.
  std::vector<DerivativeOutcome> TakeOutcomes();
  DerivativeProgress Progress() const;

 private:
  void Make(const std::string& sha256, const std::string& kind, const std::string& job_id);
  Result<std::string> StoreDerivative(const std::string& sha256, const std::string& kind,
                                      const std::string& file, const Json& params);

  app::Store& store_;
  std::mutex& store_mu_;
  const services::Actor actor_;
  const DerivativeOptions options_;
  std::string temp_dir_;

  mutable std::mutex mu_;
  std::vector<DerivativeOutcome> outcomes_;  // guarded by mu_
  std::map<std::string, int> running_;       // job id -> permille; guarded by mu_
  size_t total_ = 0;                         // guarded by mu_
  size_t done_ = 0;                          // guarded by mu_
  std::atomic<uint64_t> next_id_{0};
  JobQueue queue_;  // last: destroyed (joined) first, while the members above still live
};

}  // namespace fullrecord::media
