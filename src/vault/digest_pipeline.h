// Streams bytes once and computes SHA-256 and SM3 on two threads while the caller's sink
// writes them, so ingest runs at the speed of the slowest of the three, not their sum. Memory
// is a fixed ring of buffers, whatever the size of the stream.
#pragma once

#include <cstdint>
#include <functional>

#include "common/status.h"
#include "crypto/digest.h"

namespace fullrecord::vault {

// Fills `buf` with up to `cap` bytes; returns 0 at the end of the stream.
using ReadFn = std::function<Result<size_t>(uint8_t* buf, size_t cap)>;
// Receives each chunk in order, on the calling thread.
using SinkFn = std::function<Status(const uint8_t* data, size_t len)>;
using ChunkProgressFn = std::function<void(uint64_t bytes_done)>;

struct StreamDigests {
  crypto::Digest32 sha256{};
  crypto::Digest32 sm3{};
  uint64_t size = 0;
};

struct PipelineOptions {
  size_t chunk_size = 1 << 20;
  size_t depth = 8;  // buffers in flight; memory is chunk_size × depth
};

// Reads everything from `read`, passing each chunk to `sink` and to both hashers. Stops at the
// first error of `read` or `sink` and returns it.
Result<StreamDigests> DigestStream(const ReadFn& read, const SinkFn& sink,
                                   const ChunkProgressFn& progress = {},
                                   const PipelineOptions& options = {});

}  // namespace fullrecord::vault
