#include "archive/disc_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fullrecord::archive {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBlock = 1 << 20;

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveFree>;

std::string EntryPath(struct archive_entry* e) {
  const char* p = archive_entry_pathname_utf8(e);
  if (!p) p = archive_entry_pathname(e);
  std::string path = p ? p : "";
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

// Makes this thread's locale C.UTF-8 while it lives: libarchive converts Joliet's UTF-16 names
// to the locale's charset, and under the C locale Chinese names would be lost. Other threads
// keep their locale.
class Utf8ThreadLocale {
 public:
  Utf8ThreadLocale() : utf8_(newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr)) {
    if (utf8_) old_ = uselocale(utf8_);
  }
  ~Utf8ThreadLocale() {
    if (!utf8_) return;
    uselocale(old_);
    freelocale(utf8_);
  }
  Utf8ThreadLocale(const Utf8ThreadLocale&) = delete;
  Utf8ThreadLocale& operator=(const Utf8ThreadLocale&) = delete;

 private:
  locale_t utf8_;
  locale_t old_ = nullptr;
};

// The next entry. A name the process locale cannot show (Chinese under the C locale) is only a
// warning: the UTF-8 name is still there.
int NextHeader(struct archive* a, struct archive_entry** e) {
  int r = archive_read_next_header(a, e);
  return r == ARCHIVE_WARN ? ARCHIVE_OK : r;
}

class IsoSource final : public DiscSource {
 public:
  explicit IsoSource(std::string path) : path_(std::move(path)) {}
  Status ForEachFile(const DiscFileFn& fn) override;
  Result<std::vector<DiscEntry>> JolietListing() override;
  const std::string& where() const override { return path_; }

 private:
  Result<ArchivePtr> Open(bool rock_ridge);
  Status Broken(struct archive* a) const {
    return Status::Corruption(path_ + ": not a readable ISO 9660 file system: " +
                              archive_error_string(a));
  }
  std::string path_;
};

Result<ArchivePtr> IsoSource::Open(bool rock_ridge) {
  ArchivePtr a(archive_read_new());
  archive_read_support_format_iso9660(a.get());
  if (!rock_ridge) archive_read_set_format_option(a.get(), "iso9660", "rockridge", nullptr);
  if (archive_read_open_filename(a.get(), path_.c_str(), kBlock) != ARCHIVE_OK) return Broken(a.get());
  return a;
}

Status IsoSource::ForEachFile(const DiscFileFn& fn) {
  Utf8ThreadLocale utf8;
  FR_ASSIGN_OR_RETURN(ArchivePtr a, Open(true));
  struct archive_entry* e;
  int r;
  while ((r = NextHeader(a.get(), &e)) == ARCHIVE_OK) {
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    DiscEntry entry{EntryPath(e), static_cast<uint64_t>(archive_entry_size(e))};
    Status read_error;
    vault::ReadFn read = [&](uint8_t* buf, size_t cap) -> Result<size_t> {
      la_ssize_t n = archive_read_data(a.get(), buf, cap);
      if (n < 0) {
        read_error = Status::Corruption(entry.path + ": cannot be read: " + archive_error_string(a.get()));
        return read_error;
      }
      return static_cast<size_t>(n);
    };
    FR_RETURN_IF_ERROR(fn(entry, read));
  }
  return r == ARCHIVE_EOF ? Status::Ok() : Broken(a.get());
}

Result<std::vector<DiscEntry>> IsoSource::JolietListing() {
  Utf8ThreadLocale utf8;
  FR_ASSIGN_OR_RETURN(ArchivePtr a, Open(false));
  std::vector<DiscEntry> out;
  struct archive_entry* e;
  int r;
  while ((r = NextHeader(a.get(), &e)) == ARCHIVE_OK) {
    if (archive_entry_filetype(e) == AE_IFREG) {
      out.push_back({EntryPath(e), static_cast<uint64_t>(archive_entry_size(e))});
    }
  }
  if (r != ARCHIVE_EOF) return Broken(a.get());
  return out;
}

class DirSource final : public DiscSource {
 public:
  explicit DirSource(std::string path) : path_(std::move(path)) {}
  Status ForEachFile(const DiscFileFn& fn) override;
  Result<std::vector<DiscEntry>> JolietListing() override { return std::vector<DiscEntry>{}; }
  const std::string& where() const override { return path_; }

 private:
  std::string path_;
};

Status ReadDirFile(const fs::path& file, const DiscEntry& entry, const DiscFileFn& fn) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(entry.path + ": cannot open: " + std::strerror(errno));
  vault::ReadFn read = [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::read(fd, buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::IOError(entry.path + ": read failed: " + std::strerror(errno));
    }
  };
  Status s = fn(entry, read);
  ::close(fd);
  return s;
}

Status DirSource::ForEachFile(const DiscFileFn& fn) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  if (ec) return Status::IOError("cannot list " + path_ + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    DiscEntry entry{fs::relative(f, path_).generic_string(), fs::file_size(f, ec)};
    FR_RETURN_IF_ERROR(ReadDirFile(f, entry, fn));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<DiscSource>> OpenDisc(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound("no such disc, image or directory: " + path);
  if (fs::is_directory(path, ec)) return std::unique_ptr<DiscSource>(new DirSource(path));
  return std::unique_ptr<DiscSource>(new IsoSource(path));
}

}  // namespace fullrecord::archive
