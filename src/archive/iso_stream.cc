#include "archive/iso_stream.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "crypto/digest.h"

// libisofs hides the layout of its stream object from C++ (a member is named `class`); this is
// the same layout under other names. Streams are malloc'd: libisofs frees them with free().
struct iso_stream {
  IsoStreamIface* iface;
  int refcount;
  void* data;
};

namespace fullrecord::archive {
namespace {

const int kFileError = static_cast<int>(ISO_FILE_ERROR);
const int kReadError = static_cast<int>(ISO_FILE_READ_ERROR);

struct BlobRange {
  vault::Vault* vault;
  const ImageFile* file;
  StreamState* state;
  ino_t ino;
  std::unique_ptr<vault::BlobReader> reader;
  std::unique_ptr<crypto::Hasher> sha;
  uint64_t done = 0;     // bytes handed to libisofs
  uint64_t fetched = 0;  // bytes read from the blob (and hashed)
  // libisofs asks for one 2 KiB block at a time: the blob is read and hashed in pieces of
  // kReadAhead, so each byte costs one system call in 32 and stays in the cache while hashed.
  std::vector<uint8_t> ahead;
  size_t ahead_at = 0;
};

constexpr size_t kReadAhead = 64 * 1024;

BlobRange& Range(IsoStream* s) { return *static_cast<BlobRange*>(s->data); }

void Fail(BlobRange& r, const Status& s) {
  if (r.state) r.state->Fail(s);
}

// Reads from the blob until `len` bytes are in `buf` or the blob ends.
Result<size_t> ReadFull(vault::BlobReader& reader, uint8_t* buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    FR_ASSIGN_OR_RETURN(size_t n, reader.Read(buf + got, len - got));
    if (n == 0) break;
    got += n;
  }
  return got;
}

Status SkipTo(BlobRange& r) {
  std::vector<uint8_t> scratch(std::min<uint64_t>(r.file->offset, 4u << 20));
  for (uint64_t left = r.file->offset; left > 0;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(left, scratch.size()));
    FR_ASSIGN_OR_RETURN(size_t n, ReadFull(*r.reader, scratch.data(), want));
    if (n < want) return Status::Corruption("blob " + r.file->blob + " is shorter than recorded");
    left -= n;
  }
  return Status::Ok();
}

int RangeOpen(IsoStream* s) {
  BlobRange& r = Range(s);
  auto reader = r.vault->Open(r.file->blob);
  if (!reader.ok()) {
    Fail(r, reader.status().WithContext(r.file->path));
    return kFileError;
  }
  r.reader = std::move(reader).value();
  r.sha = std::make_unique<crypto::Hasher>(crypto::HashAlgorithm::kSha256);
  r.done = 0;
  r.fetched = 0;
  r.ahead.clear();
  r.ahead_at = 0;
  Status skipped = SkipTo(r);
  if (!skipped.ok()) {
    Fail(r, skipped.WithContext(r.file->path));
    return kFileError;
  }
  return 1;
}

int RangeClose(IsoStream* s) {
  Range(s).reader.reset();
  return 1;
}

off_t RangeSize(IsoStream* s) { return static_cast<off_t>(Range(s).file->length); }

// Called once the whole range has been read.
void CheckDigest(BlobRange& r) {
  if (r.file->expect_sha256.empty()) return;
  std::string got = crypto::DigestHex(r.sha->Finish());
  if (got == r.file->expect_sha256) return;
  Fail(r, Status::Corruption(r.file->path + ": SHA-256 recomputed from the vault is " + got +
                             ", recorded " + r.file->expect_sha256 + " (blob " + r.file->blob +
                             ")"));
}

// Refills `r.ahead` with the next piece of the range, hashing it; false (after reporting) when the
// blob ends early or cannot be read.
bool ReadAhead(BlobRange& r) {
  size_t want = static_cast<size_t>(std::min<uint64_t>(kReadAhead, r.file->length - r.fetched));
  r.ahead.resize(kReadAhead);
  auto n = ReadFull(*r.reader, r.ahead.data(), want);
  if (!n.ok() || *n < want) {
    Fail(r, n.ok() ? Status::Corruption(r.file->path + ": blob " + r.file->blob +
                                        " is shorter than its recorded size")
                   : n.status().WithContext(r.file->path));
    return false;
  }
  r.ahead.resize(want);
  r.ahead_at = 0;
  r.fetched += want;
  r.sha->Update(r.ahead.data(), want);
  return true;
}

int RangeRead(IsoStream* s, void* buf, size_t count) {
  BlobRange& r = Range(s);
  if (!r.reader) return kReadError;
  size_t want = static_cast<size_t>(std::min<uint64_t>(count, r.file->length - r.done));
  if (want == 0) return 0;
  auto* out = static_cast<uint8_t*>(buf);
  for (size_t copied = 0; copied < want;) {
    if (r.ahead_at == r.ahead.size() && !ReadAhead(r)) return kReadError;
    size_t n = std::min(want - copied, r.ahead.size() - r.ahead_at);
    std::memcpy(out + copied, r.ahead.data() + r.ahead_at, n);
    r.ahead_at += n;
    copied += n;
  }
  r.done += want;
  if (r.done == r.file->length) CheckDigest(r);
  return static_cast<int>(want);
}

int RangeRepeatable(IsoStream*) { return 1; }

void RangeId(IsoStream* s, unsigned int* fs_id, dev_t* dev_id, ino_t* ino_id) {
  *fs_id = 0;
  *dev_id = 0;
  *ino_id = Range(s).ino;
}

void RangeFree(IsoStream* s) { delete static_cast<BlobRange*>(s->data); }

int RangeUpdateSize(IsoStream*) { return 1; }

IsoStreamIface kRangeIface = {1,           {'u', 's', 'e', 'r'}, RangeOpen,
                              RangeClose,  RangeSize,            RangeRead,
                              RangeRepeatable, RangeId,          RangeFree,
                              RangeUpdateSize, nullptr,          nullptr,
                              nullptr};

}  // namespace

void StreamState::Fail(const Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failed_.load()) return;
  first_ = status;
  failed_ = true;
}

Status StreamState::status() const {
  if (!failed_.load()) return Status::Ok();
  std::lock_guard<std::mutex> lock(mu_);
  return first_;
}

Result<IsoStream*> NewMemoryStream(const std::string& content) {
  auto* buf = static_cast<unsigned char*>(std::malloc(content.empty() ? 1 : content.size()));
  if (!buf) return Status::Internal("out of memory");
  std::memcpy(buf, content.data(), content.size());
  IsoStream* stream = nullptr;
  int r = iso_memory_stream_new(buf, content.size(), &stream);
  if (r < 0) {
    std::free(buf);
    return Status::Internal(std::string("libisofs: ") + iso_error_to_msg(r));
  }
  return stream;
}

Result<IsoStream*> NewBlobStream(vault::Vault& vault, const ImageFile& file, StreamState* state) {
  auto* stream = static_cast<IsoStream*>(std::malloc(sizeof(IsoStream)));
  if (!stream) return Status::Internal("out of memory");
  // libisofs writes a stream's data once per distinct id: every range gets its own.
  stream->iface = &kRangeIface;
  stream->refcount = 1;
  stream->data = new BlobRange{&vault, &file, state, serial_id++, nullptr, nullptr, 0, 0, {}, 0};
  return stream;
}

}  // namespace fullrecord::archive
