#include "vault/digest_pipeline.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace fullrecord::vault {
namespace {

constexpr int kHashers = 2;

// A ring of buffers shared by the reader (the calling thread) and the two hash threads.
// Chunk k lives in slot k % depth; the reader may refill a slot once both hashers are done.
class Ring {
 public:
  explicit Ring(const PipelineOptions& o)
      : chunk_size_(o.chunk_size), slots_(o.depth), pending_(o.depth, 0) {
    for (auto& s : slots_) s.data.resize(o.chunk_size);
  }

  struct Slot {
    std::vector<uint8_t> data;
    size_t len = 0;
  };

  // Reader: waits until slot k is free, then returns it for filling.
  Slot& Acquire(uint64_t k) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return pending_[Index(k)] == 0; });
    return slots_[Index(k)];
  }

  // Reader: chunk k is filled (len 0 with `last` marks the end, or an abort).
  void Publish(uint64_t k, bool last) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!last) pending_[Index(k)] = kHashers;
    published_ = last ? published_ : k + 1;
    finished_ = finished_ || last;
    cv_.notify_all();
  }

  // Hasher: waits for chunk k; nullptr once the stream ended before it.
  const Slot* Wait(uint64_t k) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return published_ > k || finished_; });
    return published_ > k ? &slots_[Index(k)] : nullptr;
  }

  void Release(uint64_t k) {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_[Index(k)] == 0) cv_.notify_all();
  }

  size_t chunk_size() const { return chunk_size_; }

 private:
  size_t Index(uint64_t k) const { return static_cast<size_t>(k % slots_.size()); }

  size_t chunk_size_;
  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<int> pending_;  // guarded by mu_
  uint64_t published_ = 0;    // guarded by mu_
  bool finished_ = false;     // guarded by mu_
};

void HashLoop(Ring& ring, crypto::HashAlgorithm algorithm, crypto::Digest32* out) {
  crypto::Hasher hasher(algorithm);
  for (uint64_t k = 0;; ++k) {
    const Ring::Slot* slot = ring.Wait(k);
    if (slot == nullptr) break;
    hasher.Update(slot->data.data(), slot->len);
    ring.Release(k);
  }
  *out = hasher.Finish();
}

}  // namespace

Result<StreamDigests> DigestStream(const ReadFn& read, const SinkFn& sink,
                                   const ChunkProgressFn& progress,
                                   const PipelineOptions& options) {
  Ring ring(options);
  StreamDigests result;
  std::thread sha(HashLoop, std::ref(ring), crypto::HashAlgorithm::kSha256, &result.sha256);
  std::thread sm3(HashLoop, std::ref(ring), crypto::HashAlgorithm::kSm3, &result.sm3);

  Status status;
  uint64_t k = 0;
  for (;; ++k) {
    Ring::Slot& slot = ring.Acquire(k);

    // Fill the whole buffer where the source gives short reads (pipes, sockets).
    slot.len = 0;
    while (slot.len < ring.chunk_size()) {
      auto n = read(slot.data.data() + slot.len, ring.chunk_size() - slot.len);
      if (!n.ok()) status = n.status();
      if (!n.ok() || *n == 0) break;
      slot.len += *n;
    }
    if (status.ok() && slot.len > 0) status = sink(slot.data.data(), slot.len);
    if (!status.ok() || slot.len == 0) break;

    result.size += slot.len;
    bool short_chunk = slot.len < ring.chunk_size();
    ring.Publish(k, false);
    if (progress) progress(result.size);
    if (short_chunk) {
      ++k;
      break;
    }
  }
  ring.Publish(k, true);
  sha.join();
  sm3.join();
  if (!status.ok()) return status;
  return result;
}

}  // namespace fullrecord::vault
