#include "api/upload_store.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "api/tus.h"

namespace fullrecord::api {

namespace {

// Splits the schema text into statements, each ending with ';' (none holds one inside, not
// even in a comment), and drops the comment lines.
std::vector<std::string> Statements(const std::string& script) {
  std::vector<std::string> out;
  std::string current;
  size_t pos = 0;
  while (pos < script.size()) {
    size_t eol = script.find('\n', pos);
    if (eol == std::string::npos) eol = script.size();
    std::string line = script.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.rfind("--", 0) == 0) continue;
    current += line + "\n";
    if (line.find(';') == std::string::npos) continue;
    out.push_back(current);
    current.clear();
  }
  return out;
}

}  // namespace

Status EnsureUploadSchema(store::Database& db) {
  // A read probe costs little; the statements run only where the table is missing.
  if (db.Query("SELECT 1 FROM upload WHERE 0").ok()) return Status::Ok();
  for (const auto& sql : Statements(UploadSchemaSql())) FR_RETURN_IF_ERROR(db.Exec(sql));
  return Status::Ok();
}

}  // namespace fullrecord::api

namespace fullrecord::api::uploads {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSelect =
    "SELECT id, person, length, upload_offset, metadata, created_us, expires_us, state, sha256, "
    "attached FROM upload";

UploadRow RowFrom(const store::Row& r) {
  UploadRow u;
  u.id = r.Text(0);
  u.person = r.Text(1);
  u.length = static_cast<uint64_t>(r.Int(2));
  u.offset = static_cast<uint64_t>(r.Int(3));
  u.metadata = Json::parse(r.Text(4), nullptr, false);
  if (!u.metadata.is_object()) u.metadata = Json::object();
  u.created_us = r.Int(5);
  u.expires_us = r.Int(6);
  u.state = r.Text(7);
  u.sha256 = r.IsNull(8) ? "" : r.Text(8);
  if (!r.IsNull(9)) u.attached = Json::parse(r.Text(9), nullptr, false);
  if (u.attached.is_discarded()) u.attached = Json::object();
  return u;
}

Status ErrnoStatus(const std::string& what) {
  int err = errno;
  std::string msg = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::NoSpace(msg, "存储空间已满，无法保存上传的数据");
  return Status::IOError(msg);
}

std::mutex g_held_mu;
std::set<std::string> g_held;  // guarded by g_held_mu: uploads some request holds

std::mutex g_hash_mu;
std::map<std::string, std::unique_ptr<HashState>> g_hashes;  // guarded by g_hash_mu

}  // namespace

Status UploadTable::Insert(const UploadRow& u) {
  return db_.Exec(
      "INSERT INTO upload (id, person, length, upload_offset, metadata, created_us, expires_us, "
      "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {u.id, u.person, static_cast<int64_t>(u.length), static_cast<int64_t>(u.offset),
       u.metadata.dump(), u.created_us, u.expires_us, u.state});
}

Result<UploadRow> UploadTable::Get(const std::string& id) {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + " WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no upload " + id, "未找到该上传任务");
  return RowFrom(rows[0]);
}

Status UploadTable::SetOffset(const std::string& id, uint64_t offset, UnixMicros expires_us) {
  return db_.Exec("UPDATE upload SET upload_offset = ?, expires_us = ? WHERE id = ?",
                  {static_cast<int64_t>(offset), expires_us, id});
}

Status UploadTable::End(const std::string& id, const std::string& state, const std::string& sha256,
                        const Json& attached) {
  return db_.Exec(
      "UPDATE upload SET state = ?, sha256 = ?, attached = ? WHERE id = ?",
      {state, sha256.empty() ? store::Value{} : store::Value{sha256}, attached.dump(), id});
}

Result<std::vector<UploadRow>> UploadTable::ExpiredReceiving(UnixMicros now_us) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string(kSelect) + " WHERE state = ? AND expires_us < ?",
                                {std::string(kReceiving), now_us}));
  std::vector<UploadRow> out;
  for (const auto& r : rows) out.push_back(RowFrom(r));
  return out;
}

std::string NewUploadId() {
  uint8_t bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
  return ToHex(bytes, sizeof(bytes));
}

bool IsUploadId(const std::string& id) {
  if (id.size() != 32) return false;
  return id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Result<std::string> UploadsDir(const app::Store& store) {
  std::string dir = store.dir() + "/uploads";
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return dir;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());

  // The directory entry itself must survive a crash before any part file relies on it.
  int dfd = ::open(store.dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || ::fsync(dfd) != 0) {
    Status s = ErrnoStatus("cannot sync " + store.dir());
    if (dfd >= 0) ::close(dfd);
    return s;
  }
  ::close(dfd);
  return dir;
}

std::string PartPath(const app::Store& store, const std::string& id) {
  return store.dir() + "/uploads/" + id + ".part";
}

Result<std::unique_ptr<UploadLock>> UploadLock::TryAcquire(const std::string& id,
                                                           const std::string& part_path) {
  {
    std::lock_guard<std::mutex> lock(g_held_mu);
    if (!g_held.insert(id).second) {
      return Status::FailedPrecondition("upload " + id + " is locked by another request",
                                        "该上传任务正由另一请求写入，请稍后重试");
    }
  }
  auto release = [&id] {
    std::lock_guard<std::mutex> lock(g_held_mu);
    g_held.erase(id);
  };

  // A part file the vault already adopted is read-only (a completion cut short); reading it
  // is all that is left to do.
  int fd = ::open(part_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == EACCES) fd = ::open(part_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Status s = errno == ENOENT ? Status::NotFound("the bytes of upload " + id + " are gone",
                                                  "该上传任务的数据已不存在，请重新上传")
                               : ErrnoStatus("cannot open " + part_path);
    release();
    return s;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    release();
    return Status::FailedPrecondition("upload " + id + " is locked by another process",
                                      "该上传任务正由另一进程写入，请稍后重试");
  }
  return std::unique_ptr<UploadLock>(new UploadLock(id, fd));
}

UploadLock::~UploadLock() {
  ::close(fd_);  // releases the flock
  std::lock_guard<std::mutex> lock(g_held_mu);
  g_held.erase(id_);
}

std::unique_ptr<HashState> TakeHashState(const std::string& id) {
  std::lock_guard<std::mutex> lock(g_hash_mu);
  auto it = g_hashes.find(id);
  if (it == g_hashes.end()) return nullptr;
  auto state = std::move(it->second);
  g_hashes.erase(it);
  return state;
}

void PutHashState(const std::string& id, std::unique_ptr<HashState> state) {
  std::lock_guard<std::mutex> lock(g_hash_mu);
  g_hashes[id] = std::move(state);
}

Status TrimPartFile(int fd, const std::string& part_path, uint64_t offset) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoStatus("cannot stat " + part_path);
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size == offset) return Status::Ok();
  if (size < offset) {
    return Status::Corruption(part_path + " holds " + std::to_string(size) +
                              " bytes but the upload recorded " + std::to_string(offset) +
                              " as received");
  }
  if (::ftruncate(fd, static_cast<off_t>(offset)) != 0) {
    return ErrnoStatus("cannot cut " + part_path + " back to " + std::to_string(offset));
  }
  return Status::Ok();
}

Status SyncPartFile(int fd, const std::string& part_path) {
  if (::fdatasync(fd) != 0) return ErrnoStatus("fsync of " + part_path + " failed");
  return Status::Ok();
}

}  // namespace fullrecord::api::uploads
