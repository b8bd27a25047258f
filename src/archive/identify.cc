// Identify and ListZipEntries: the parts of file identification that read a blob.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <vector>

#include "archive/file_type.h"

namespace fullrecord::archive {
namespace {

constexpr size_t kHeadBytes = 64 * 1024;

struct ZipReadState {
  BlobFile* file;
  std::vector<uint8_t> buf;
  Status error;
};

la_ssize_t ZipRead(struct archive*, void* data, const void** out) {
  auto* st = static_cast<ZipReadState*>(data);
  auto n = st->file->Read(st->buf.data(), st->buf.size());
  if (!n.ok()) {
    st->error = n.status();
    return -1;
  }
  *out = st->buf.data();
  return static_cast<la_ssize_t>(*n);
}

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

Result<std::string> ReadHead(BlobFile& file) {
  FR_RETURN_IF_ERROR(file.Seek(0));
  std::string head(kHeadBytes, '\0');
  size_t done = 0;
  while (done < head.size()) {
    FR_ASSIGN_OR_RETURN(size_t n, file.Read(reinterpret_cast<uint8_t*>(head.data()) + done,
                                            head.size() - done));
    if (n == 0) break;
    done += n;
  }
  head.resize(done);
  return head;
}

Result<std::string> ReadWhole(BlobFile& file, Identity& id) {
  if (file.size() > kScanLimit) {
    id.hazards.push_back("too large to scan for macros and scripts (over 512 MiB)");
    return std::string();
  }
  FR_RETURN_IF_ERROR(file.Seek(0));
  return file.ReadRest(kScanLimit);
}

Status IdentifyZip(BlobFile& file, Identity& id) {
  FR_ASSIGN_OR_RETURN(auto names, ListZipEntries(file));
  id.type = ZipTypeFromNames(names);
  id.hazards = ZipHazards(names);
  return Status::Ok();
}

// Reads an entry's data to the end, which makes libarchive check its CRC.
Status DrainEntry(struct archive* a, const std::string& name) {
  const void* block;
  size_t size;
  la_int64_t offset;
  int r;
  while ((r = archive_read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK) {
  }
  if (r == ARCHIVE_EOF) return Status::Ok();
  return Status::InvalidArgument("entry " + name + " cannot be read: " +
                                 std::string(archive_error_string(a)));
}

}  // namespace

Result<std::vector<std::string>> ListZipEntries(BlobFile& file, bool read_data) {
  FR_RETURN_IF_ERROR(file.Seek(0));
  std::unique_ptr<struct archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_zip_streamable(a.get());
  ZipReadState st{&file, std::vector<uint8_t>(1 << 20), Status::Ok()};
  if (archive_read_open(a.get(), &st, nullptr, ZipRead, nullptr) != ARCHIVE_OK) {
    return Status::InvalidArgument("not a readable zip container: " +
                                   std::string(archive_error_string(a.get())));
  }
  std::vector<std::string> names;
  struct archive_entry* entry;
  int r;
  while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* name = archive_entry_pathname_utf8(entry);
    if (!name) name = archive_entry_pathname(entry);
    names.emplace_back(name ? name : "");
    if (read_data) FR_RETURN_IF_ERROR(DrainEntry(a.get(), names.back()));
  }
  if (!st.error.ok()) return st.error;
  if (r != ARCHIVE_EOF) {
    return Status::InvalidArgument("damaged zip container: " +
                                   std::string(archive_error_string(a.get())));
  }
  return names;
}

Result<Identity> Identify(BlobFile& file) {
  FR_ASSIGN_OR_RETURN(std::string head, ReadHead(file));
  Identity id;
  id.type = SniffType(head);
  if (id.type.code == "zip") {
    Status s = IdentifyZip(file, id);
    if (!s.ok()) id.unreadable = s.message();
    return id;
  }
  if (id.type.code != "ole" && id.type.code != "pdf") return id;

  FR_ASSIGN_OR_RETURN(std::string bytes, ReadWhole(file, id));
  auto found = id.type.code == "ole" ? OleHazards(bytes) : PdfHazards(bytes);
  id.hazards.insert(id.hazards.end(), found.begin(), found.end());
  return id;
}

}  // namespace fullrecord::archive
