// Receiving the body of one tus PATCH (or of a POST with creation-with-upload) into the part
// file while hashing it: SHA-256 on the receiving thread, SM3 (the slow one) on a helper thread
// fed through a small ring of buffers, so an upload runs at the speed of SM3, as ingest does.
// Memory is the ring, whatever the size of the body. Internal to src/api.
#pragma once

#include <cstdint>
#include <functional>

#include "api/upload_store.h"
#include "server/http_server.h"

namespace fullrecord::api::uploads {

struct ReceiveOptions {
  int fd = -1;                         // the part file, open for writing
  std::string part_path;               // for messages
  uint64_t offset = 0;                 // where the body's first byte goes
  uint64_t limit = 0;                  // at most this many bytes (Upload-Length minus offset)
  HashState* hashes = nullptr;         // the upload's running digests; may be null
  crypto::Hasher* checksum = nullptr;  // Upload-Checksum of this request; may be null
  // Called now and then with the number of bytes received so far, once they are durable, so a
  // server killed mid-request loses little. Not called when null. Its error stops the receive.
  std::function<Status(uint64_t received)> checkpoint;
};

struct ReceiveResult {
  uint64_t received = 0;      // bytes written (and hashed) from `offset`
  bool complete = false;      // the body ended normally
  bool over_limit = false;    // the body went past `limit`; bytes past it were not written
  Status status;              // a read error (the client went away) or a write error
  bool write_failed = false;  // `status` is from the disk, not from the client
};

// Reads the request body of `ex` into the part file. Bytes are written and hashed in order;
// `received` counts exactly what went to both.
ReceiveResult ReceiveBody(server::Exchange& ex, const ReceiveOptions& options);

}  // namespace fullrecord::api::uploads
