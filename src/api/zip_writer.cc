#include "api/zip_writer.h"

#include <zlib.h>

#include <algorithm>
#include <ctime>

namespace fullrecord::api {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kZip64EndSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint64_t kMax32 = 0xffffffff;
constexpr uint64_t kMax16 = 0xffff;
constexpr uint16_t kUtf8Names = 1 << 11;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint16_t kMadeByUnix = 3 << 8;
constexpr uint32_t kReadOnlyFile = 0100444u << 16;  // Unix mode in the external attributes

void Put16(std::string& s, uint64_t v) {
  for (int i = 0; i < 2; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void Put32(std::string& s, uint64_t v) {
  for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void Put64(std::string& s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}

struct DosTime {
  uint16_t time = 0;
  uint16_t date = (1 << 5) | 1;  // 1980-01-01
};

DosTime ToDos(UnixMicros t) {
  std::time_t secs = static_cast<std::time_t>(t / 1'000'000) + 8 * 3600;  // Beijing time
  std::tm tm{};
  gmtime_r(&secs, &tm);
  if (tm.tm_year < 80) return DosTime{};
  return {static_cast<uint16_t>(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2),
          static_cast<uint16_t>((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday)};
}

bool SizeNeeds64(uint64_t size, const ZipWriter::Options& o) {
  return o.force_zip64 || size >= kMax32;
}

// Local file header; ZIP64 (both sizes in the extra field) when the size needs it.
std::string LocalHeader(const std::string& name, uint64_t size, uint32_t crc,
                        const ZipWriter::Options& o) {
  bool z64 = SizeNeeds64(size, o);
  DosTime dos = ToDos(o.modified);
  std::string h;
  Put32(h, kLocalSig);
  Put16(h, z64 ? 45 : 20);
  Put16(h, kUtf8Names);
  Put16(h, 0);  // stored
  Put16(h, dos.time);
  Put16(h, dos.date);
  Put32(h, crc);
  Put32(h, z64 ? kMax32 : size);
  Put32(h, z64 ? kMax32 : size);
  Put16(h, name.size());
  Put16(h, z64 ? 20 : 0);
  h += name;
  if (z64) {
    Put16(h, kZip64Extra);
    Put16(h, 16);
    Put64(h, size);
    Put64(h, size);
  }
  return h;
}

// Central directory header; the ZIP64 extra field holds exactly the values that overflow.
std::string CentralHeader(const std::string& name, uint64_t size, uint32_t crc, uint64_t offset,
                          const ZipWriter::Options& o) {
  bool size64 = SizeNeeds64(size, o);
  bool offset64 = o.force_zip64 || offset >= kMax32;
  std::string extra;
  if (size64) {
    Put64(extra, size);
    Put64(extra, size);
  }
  if (offset64) Put64(extra, offset);
  DosTime dos = ToDos(o.modified);
  uint16_t version = size64 || offset64 ? 45 : 20;

  std::string h;
  Put32(h, kCentralSig);
  Put16(h, kMadeByUnix | version);
  Put16(h, version);
  Put16(h, kUtf8Names);
  Put16(h, 0);
  Put16(h, dos.time);
  Put16(h, dos.date);
  Put32(h, crc);
  Put32(h, size64 ? kMax32 : size);
  Put32(h, size64 ? kMax32 : size);
  Put16(h, name.size());
  Put16(h, extra.empty() ? 0 : extra.size() + 4);
  Put16(h, 0);  // comment
  Put16(h, 0);  // disk
  Put16(h, 0);  // internal attributes
  Put32(h, kReadOnlyFile);
  Put32(h, offset64 ? kMax32 : offset);
  h += name;
  if (!extra.empty()) {
    Put16(h, kZip64Extra);
    Put16(h, extra.size());
    h += extra;
  }
  return h;
}

// The end of central directory record, preceded by the ZIP64 end record and locator when a
// count, size or offset overflows.
std::string EndRecords(uint64_t count, uint64_t cd_offset, uint64_t cd_size,
                       const ZipWriter::Options& o) {
  bool z64 = o.force_zip64 || count >= kMax16 || cd_size >= kMax32 || cd_offset >= kMax32;
  std::string h;
  if (z64) {
    uint64_t z64_offset = cd_offset + cd_size;
    Put32(h, kZip64EndSig);
    Put64(h, 44);  // size of the rest of this record
    Put16(h, kMadeByUnix | 45);
    Put16(h, 45);
    Put32(h, 0);
    Put32(h, 0);
    Put64(h, count);
    Put64(h, count);
    Put64(h, cd_size);
    Put64(h, cd_offset);
    Put32(h, kZip64LocatorSig);
    Put32(h, 0);
    Put64(h, z64_offset);
    Put32(h, 1);
  }
  Put32(h, kEndSig);
  Put16(h, 0);
  Put16(h, 0);
  Put16(h, z64 ? kMax16 : count);
  Put16(h, z64 ? kMax16 : count);
  Put32(h, z64 ? kMax32 : cd_size);
  Put32(h, z64 ? kMax32 : cd_offset);
  Put16(h, 0);  // comment
  return h;
}

}  // namespace

uint32_t Crc32(uint32_t crc, const void* data, size_t len) {
  auto p = static_cast<const Bytef*>(data);
  uLong c = crc;
  while (len > 0) {
    uInt n = static_cast<uInt>(std::min<size_t>(len, 1u << 30));
    c = ::crc32(c, p, n);
    p += n;
    len -= n;
  }
  return static_cast<uint32_t>(c);
}

uint64_t ZipWriter::ArchiveSize(const std::vector<std::pair<std::string, uint64_t>>& entries,
                                const Options& options) {
  uint64_t offset = 0;
  uint64_t cd_size = 0;
  for (const auto& [name, size] : entries) {
    cd_size += CentralHeader(name, size, 0, offset, options).size();
    offset += LocalHeader(name, size, 0, options).size() + size;
  }
  return offset + cd_size + EndRecords(entries.size(), offset, cd_size, options).size();
}

Status ZipWriter::Emit(const std::string& bytes) {
  if (!sink_(bytes.data(), bytes.size())) return Status::IOError("the zip's reader went away");
  written_ += bytes.size();
  return Status::Ok();
}

Status ZipWriter::EntryComplete() const {
  if (remaining_ == 0) return Status::Ok();
  return Status::FailedPrecondition("zip entry " + records_.back().name + " is " +
                                    std::to_string(remaining_) + " bytes short");
}

Status ZipWriter::Begin(const std::string& name, uint64_t size, uint32_t crc) {
  FR_RETURN_IF_ERROR(EntryComplete());
  if (name.empty() || name.size() > kMax16) {
    return Status::InvalidArgument("a zip entry name has 1 to 65,535 bytes");
  }
  records_.push_back({name, size, crc, written_});
  remaining_ = size;
  return Emit(LocalHeader(name, size, crc, options_));
}

Status ZipWriter::Write(const void* data, size_t len) {
  if (len > remaining_) {
    return Status::FailedPrecondition(
        "more bytes than announced for zip entry " +
        (records_.empty() ? std::string("(none)") : records_.back().name));
  }
  if (!sink_(data, len)) return Status::IOError("the zip's reader went away");
  written_ += len;
  remaining_ -= len;
  return Status::Ok();
}

Status ZipWriter::Finish() {
  FR_RETURN_IF_ERROR(EntryComplete());
  uint64_t cd_offset = written_;
  for (const auto& r : records_) {
    FR_RETURN_IF_ERROR(Emit(CentralHeader(r.name, r.size, r.crc, r.offset, options_)));
  }
  return Emit(EndRecords(records_.size(), cd_offset, written_ - cd_offset, options_));
}

}  // namespace fullrecord::api
