// Reading originals out of the local vault for HTTP responses: an open descriptor for
// positional reads (ranges, zip entries), and the media type a browser may be told. Internal
// to src/api (routes_files.cc, copy_package.cc).
#pragma once

#include <string>
#include <string_view>

#include "app/store.h"

namespace fullrecord::api {

// A blob's bytes, opened read-only for pread. Closes on destruction.
class BlobFile {
 public:
  // Opens blob `sha256` of the store's local vault (blobs/aa/bb/<sha256>, docs/store_format.md)
  // and checks its size against the vault's row. NotFound when the vault has no such blob or
  // its file is gone (a disposed original); Corruption when the sizes differ.
  static Result<BlobFile> Open(app::Store& store, const std::string& sha256);
  BlobFile(BlobFile&& other) noexcept : fd_(other.fd_), size_(other.size_) { other.fd_ = -1; }
  BlobFile(const BlobFile&) = delete;
  BlobFile& operator=(const BlobFile&) = delete;
  BlobFile& operator=(BlobFile&&) = delete;
  ~BlobFile();

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  // Reads up to `cap` bytes at `offset`; 0 at the end.
  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t cap) const;

 private:
  BlobFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  uint64_t size_;
};

// Whether `text` is 64 lower-case hex characters.
bool IsSha256Hex(const std::string& text);

// The media type to serve a blob as: from the uploader's declared type or the file name's
// extension when that is one of the types a browser may show inline (video, audio, common
// images, PDF, plain text), else from the first bytes, else application/octet-stream. Never a
// type a browser would run (HTML, SVG, JavaScript).
std::string MediaTypeFor(const std::string& declared, const std::string& file_name,
                         std::string_view head);

// Content-Disposition for `file_name` (RFC 6266, with an RFC 8187 UTF-8 form for non-ASCII
// names), as an attachment or inline.
std::string ContentDisposition(bool attachment, const std::string& file_name);

}  // namespace fullrecord::api
