#include "vault/local/local_blob_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "common/hex.h"
#include "vault/local/fault_points.h"

namespace fullrecord::vault::local {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_stopped{false};

// Starts write-back of every 32 MiB written so the final fdatasync has little left to do.
constexpr uint64_t kWritebackWindow = 32ull << 20;

Status ErrnoStatus(int err, const std::string& what) {
  std::string msg = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::NoSpace(msg + " (the disk is full)");
  return Status::IOError(msg);
}

// Runs a system call unless a fault is injected at `point`; returns 0 or an errno.
template <typename Call>
int Guarded(std::string_view point, Call&& call) {
  if (int injected = CheckFault(point)) return injected;
  return call() < 0 ? errno : 0;
}

bool IsDigestName(const std::string& name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "cannot open directory " + dir);
  int err = Guarded("dir.fsync", [fd] { return ::fsync(fd); });
  ::close(fd);
  if (err != 0) {
    g_stopped = true;
    return ErrnoStatus(err, "fsync of directory " + dir + " failed; the vault stops writing");
  }
  return Status::Ok();
}

Status MakeDirDurable(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Status::Ok();
  fs::create_directories(dir, ec);
  if (ec) return ErrnoStatus(ec.value(), "cannot create " + dir);
  FR_RETURN_IF_ERROR(FsyncDir(dir));
  return FsyncDir(fs::path(dir).parent_path().string());
}

// Whether `path` (already fstat-ed into `st`) lies inside the store directory, the parent of
// the blobs root, on the same file system as the blobs, so that a hard link can publish it.
Status CheckAdoptable(const std::string& root, const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is not a regular file");
  struct stat root_st;
  if (::stat(root.c_str(), &root_st) != 0) return ErrnoStatus(errno, "cannot stat " + root);
  std::error_code ec;
  fs::path store = fs::canonical(fs::path(root).parent_path(), ec);
  fs::path file = ec ? fs::path() : fs::canonical(path, ec);
  fs::path rel = file.lexically_relative(store);
  if (ec || rel.empty() || *rel.begin() == "..") {
    return Status::InvalidArgument("cannot adopt " + path + ": it is outside the store " +
                                   store.string());
  }
  if (st.st_dev != root_st.st_dev) {
    return Status::InvalidArgument("cannot adopt " + path +
                                   ": it is on another file system "
                                   "than the vault, and only a hard link publishes without a copy");
  }
  return Status::Ok();
}

// Links the durable file `from` into place as blob `h`, as LocalWriter::Commit does.
Status LinkIntoPlace(const std::string& root, const std::string& from, const std::string& h,
                     bool* already_present) {
  std::string dir = root + "/" + h.substr(0, 2) + "/" + h.substr(2, 2);
  std::string final_path = dir + "/" + h;
  FR_RETURN_IF_ERROR(MakeDirDurable(dir));
  int err = Guarded("blob.rename", [&] { return ::link(from.c_str(), final_path.c_str()); });
  *already_present = err == EEXIST;
  if (err != 0 && err != EEXIST) return ErrnoStatus(err, "cannot publish " + final_path);
  if (*already_present) return Status::Ok();
  return FsyncDir(dir);
}

class LocalWriter final : public BlobWriter {
 public:
  LocalWriter(std::string root, std::string tmp_path, int fd)
      : root_(std::move(root)), tmp_path_(std::move(tmp_path)), fd_(fd) {}
  ~LocalWriter() override { Abort(); }

  Status Append(const uint8_t* data, size_t len) override {
    while (len > 0) {
      ssize_t n = 0;
      int err = Guarded("blob.write", [&] { return n = ::write(fd_, data, len); });
      if (err == EINTR) continue;
      if (err != 0) return ErrnoStatus(err, "cannot write " + tmp_path_);
      data += n;
      len -= static_cast<size_t>(n);
      written_ += static_cast<uint64_t>(n);
    }
    if (written_ - flushed_ >= kWritebackWindow) {
      ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                        SYNC_FILE_RANGE_WRITE);
      flushed_ = written_;
    }
    return Status::Ok();
  }

  Status Commit(const std::string& sha256_hex, bool* already_present) override {
    if (LocalBlobStore::Stopped()) {
      return Status::IOError("the vault stopped writing after an fsync failure");
    }

    // Durable bytes first; a failure here poisons the process (see the header).
    if (int err = Guarded("blob.fsync", [this] { return ::fdatasync(fd_); })) {
      g_stopped = true;
      return ErrnoStatus(err, "fsync of " + tmp_path_ + " failed; the vault stops writing");
    }
    ::fchmod(fd_, 0444);
    ::close(fd_);
    fd_ = -1;

    std::string dir = root_ + "/" + sha256_hex.substr(0, 2) + "/" + sha256_hex.substr(2, 2);
    std::string final_path = dir + "/" + sha256_hex;
    FR_RETURN_IF_ERROR(MakeDirDurable(dir));

    // link() publishes atomically and refuses to replace an existing blob, unlike rename().
    int err = Guarded("blob.rename", [&] { return ::link(tmp_path_.c_str(), final_path.c_str()); });
    *already_present = err == EEXIST;
    if (err != 0 && err != EEXIST) return ErrnoStatus(err, "cannot publish " + final_path);
    ::unlink(tmp_path_.c_str());
    tmp_path_.clear();
    if (*already_present) return Status::Ok();
    return FsyncDir(dir);
  }

  void Abort() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!tmp_path_.empty()) ::unlink(tmp_path_.c_str());
    tmp_path_.clear();
  }

 private:
  std::string root_;
  std::string tmp_path_;
  int fd_;
  uint64_t written_ = 0;
  uint64_t flushed_ = 0;
};

class LocalReader final : public BlobReader {
 public:
  LocalReader(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~LocalReader() override { ::close(fd_); }

  Result<size_t> Read(uint8_t* buf, size_t cap) override {
    for (;;) {
      ssize_t n = ::read(fd_, buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return ErrnoStatus(errno, "blob read failed");
    }
  }
  Status Seek(uint64_t offset) override {
    if (offset > size_) {
      return Status::InvalidArgument("seek to " + std::to_string(offset) + " past the end (" +
                                     std::to_string(size_) + " bytes)");
    }
    if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
      return ErrnoStatus(errno, "blob seek failed");
    }
    return Status::Ok();
  }
  uint64_t size() const override { return size_; }

 private:
  int fd_;
  uint64_t size_;
};

}  // namespace

bool LocalBlobStore::Stopped() {
  return g_stopped.load();
}
void LocalBlobStore::ResetStoppedForTesting() {
  g_stopped = false;
}

Status LocalBlobStore::Create(const std::string& root) {
  FR_RETURN_IF_ERROR(MakeDirDurable(root));
  return MakeDirDurable(root + "/.tmp");
}

Result<std::unique_ptr<LocalBlobStore>> LocalBlobStore::OpenDirectory(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root + "/.tmp", ec)) {
    return Status::Corruption("blob directory " + root + " is missing or incomplete");
  }
  return std::unique_ptr<LocalBlobStore>(new LocalBlobStore(root));
}

std::string LocalBlobStore::PathOf(const std::string& h) const {
  return root_ + "/" + h.substr(0, 2) + "/" + h.substr(2, 2) + "/" + h;
}

std::string LocalBlobStore::Describe(const std::string& h) const {
  return PathOf(h);
}

Result<std::unique_ptr<BlobWriter>> LocalBlobStore::NewWriter() {
  if (Stopped()) return Status::IOError("the vault stopped writing after an fsync failure");
  std::random_device rd;
  std::string name = root_ + "/.tmp/ingest-" + std::to_string(::getpid()) + "-" +
                     std::to_string(rd()) + std::to_string(rd());
  int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus(errno, "cannot create " + name);
  return std::unique_ptr<BlobWriter>(new LocalWriter(root_, name, fd));
}

Status LocalBlobStore::Adopt(const std::string& path, const std::string& h, bool* already_present) {
  if (Stopped()) return Status::IOError("the vault stopped writing after an fsync failure");
  if (!IsDigestName(h)) return Status::InvalidArgument("not a SHA-256 digest: " + h);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "cannot open " + path);
  struct stat st;
  Status s = ::fstat(fd, &st) == 0 ? CheckAdoptable(root_, path, st)
                                   : ErrnoStatus(errno, "cannot stat " + path);

  // Durable bytes first; a failure here poisons the process (see the header).
  if (s.ok()) {
    if (int err = Guarded("blob.fsync", [fd] { return ::fdatasync(fd); })) {
      g_stopped = true;
      s = ErrnoStatus(err, "fsync of " + path + " failed; the vault stops writing");
    }
  }
  if (s.ok() && ::fchmod(fd, 0444) != 0) {
    s = ErrnoStatus(errno, "cannot make " + path + " read-only");
  }
  ::close(fd);
  FR_RETURN_IF_ERROR(s);
  return LinkIntoPlace(root_, path, h, already_present);
}

Result<std::unique_ptr<BlobReader>> LocalBlobStore::Open(const std::string& h) {
  if (!IsDigestName(h)) return Status::InvalidArgument("not a SHA-256 digest: " + h);
  int fd = ::open(PathOf(h).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("blob " + h + " is not in the vault");
    return ErrnoStatus(errno, "cannot open " + PathOf(h));
  }
  struct stat st;
  ::fstat(fd, &st);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<BlobReader>(new LocalReader(fd, static_cast<uint64_t>(st.st_size)));
}

Status LocalBlobStore::Remove(const std::string& h) {
  if (Stopped()) return Status::IOError("the vault stopped writing after an fsync failure");
  if (!IsDigestName(h)) return Status::InvalidArgument("not a SHA-256 digest: " + h);
  std::string path = PathOf(h);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return ErrnoStatus(errno, "cannot remove " + path);
  }
  return FsyncDir(fs::path(path).parent_path().string());
}

Result<bool> LocalBlobStore::Exists(const std::string& h) {
  if (!IsDigestName(h)) return Status::InvalidArgument("not a SHA-256 digest: " + h);
  struct stat st;
  return ::stat(PathOf(h).c_str(), &st) == 0;
}

Result<std::vector<std::string>> LocalBlobStore::List() {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename() == ".tmp") {
      it.disable_recursion_pending();
      continue;
    }
    std::string name = it->path().filename().string();
    if (it->is_regular_file() && IsDigestName(name)) names.push_back(name);
  }
  if (ec) return ErrnoStatus(ec.value(), "cannot list " + root_);
  return names;
}

Status LocalBlobStore::SweepTemporaries() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_ + "/.tmp", ec)) {
    // "ingest-<pid>-<random>": only files of processes that are gone are removed.
    std::string name = entry.path().filename().string();
    if (name.rfind("ingest-", 0) != 0) continue;
    pid_t pid = static_cast<pid_t>(std::atoi(name.c_str() + 7));
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;
    fs::remove(entry.path(), ec);
  }
  return ec ? ErrnoStatus(ec.value(), "cannot clean " + root_ + "/.tmp") : Status::Ok();
}

}  // namespace fullrecord::vault::local
