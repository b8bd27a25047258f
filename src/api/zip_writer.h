// A zip archive (PKWARE APPNOTE 6.3.x) of stored, uncompressed entries, written front to back
// into a sink so that it can stream as an HTTP body of known length. Each entry is announced
// with its size and CRC-32 before its bytes, so the archive needs no data descriptors and any
// reader (unzip, Python's zipfile, Windows Explorer, Java's ZipInputStream) can list and
// extract it. ZIP64 records appear only where a size, an offset or the number of entries
// needs them (4 GiB and more, 65,535 entries and more). Names are UTF-8 (flag bit 11).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace fullrecord::api {

// CRC-32 of `len` bytes continuing from `crc` (0 to start), as zip stores it (zlib's crc32).
uint32_t Crc32(uint32_t crc, const void* data, size_t len);

class ZipWriter {
 public:
  // Receives the archive's bytes in order; false stops the writer (the connection failed).
  using Sink = std::function<bool(const void* data, size_t len)>;

  struct Options {
    UnixMicros modified = 0;   // the entries' time, written as Beijing time (DOS has no zone)
    bool force_zip64 = false;  // ZIP64 records for every entry and the end (tests only)
  };

  ZipWriter(Sink sink, Options options) : sink_(std::move(sink)), options_(options) {}

  // The exact length of an archive of entries with these names and sizes, as this writer
  // lays it out: the Content-Length to announce before writing.
  static uint64_t ArchiveSize(const std::vector<std::pair<std::string, uint64_t>>& entries,
                              const Options& options);

  // Starts entry `name` of `size` bytes with CRC-32 `crc`; its bytes follow through Write.
  // FailedPrecondition when the previous entry has not received all its bytes; InvalidArgument
  // for an empty name or one over 65,535 bytes.
  Status Begin(const std::string& name, uint64_t size, uint32_t crc);
  // Bytes of the current entry; FailedPrecondition past its announced size.
  Status Write(const void* data, size_t len);
  // Writes the central directory and the end records. No entry may be short.
  Status Finish();

  uint64_t written() const { return written_; }

 private:
  struct Record {
    std::string name;
    uint64_t size;
    uint32_t crc;
    uint64_t offset;  // of its local header
  };

  Status Emit(const std::string& bytes);
  Status EntryComplete() const;

  Sink sink_;
  Options options_;
  std::vector<Record> records_;
  uint64_t written_ = 0;
  uint64_t remaining_ = 0;  // bytes still owed to the current entry
};

}  // namespace fullrecord::api
