#include "app/backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app/files.h"
#include "crypto/digest.h"
#include "store/sqlite/sqlite_database.h"
#include "vault/digest_pipeline.h"
#include "vault/local/local_blob_store.h"

namespace fullrecord::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEvent = "backup.made";
// Names the store a backup into this directory was begun for, so that a failed first backup
// can be resumed before store.json exists.
constexpr const char* kOriginMark = ".backup-origin";
constexpr const char* kKeyFiles[] = {"ledger-ed25519.key", "ledger-sm2.key",
                                     "ledger-ed25519.pub.pem", "ledger-sm2.pub.pem",
                                     "ledger.vkeys"};

struct BlobRow {
  std::string sha256;
  std::string sm3;
  uint64_t size = 0;
};

Status Errno(const std::string& what) {
  int err = errno;
  std::string msg = what + ": " + std::strerror(err);
  return err == ENOSPC ? Status::NoSpace(msg) : Status::IOError(msg);
}

Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open " + path);
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("cannot fsync " + path);
}

// Whether `inner` is `outer` or lies below it (both made absolute and normal first).
bool IsInside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  fs::path rel =
      fs::weakly_canonical(inner, ec).lexically_relative(fs::weakly_canonical(outer, ec));
  return !ec && !rel.empty() && *rel.begin() != "..";
}

// The destination is absolute, outside the store (and the store not inside it), and absent,
// empty, or an earlier backup of this store.
Status CheckDestination(const Store& store, const std::string& dest) {
  fs::path path(dest);
  if (dest.empty() || !path.is_absolute()) {
    return Status::InvalidArgument("backup destination must be an absolute directory path, not \"" +
                                   dest + "\"");
  }
  if (IsInside(path, store.dir()) || IsInside(store.dir(), path)) {
    return Status::InvalidArgument("backup destination " + dest + " and the store " + store.dir() +
                                   " must not contain one another");
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::Ok();
  if (!fs::is_directory(path, ec)) {
    return Status::InvalidArgument("backup destination " + dest + " is not a directory");
  }
  if (fs::is_empty(path, ec)) return Status::Ok();
  auto meta = ReadFile(dest + "/store.json");
  Json j = meta.ok() ? Json::parse(*meta, nullptr, false) : Json();
  if (j.is_object() && j.value("origin", "") == store.origin()) return Status::Ok();
  auto begun = ReadFile(dest + "/" + kOriginMark);
  if (begun.ok() && *begun == store.origin()) return Status::Ok();
  return Status::FailedPrecondition("backup destination " + dest +
                                    " is not empty and holds no backup of this store (origin " +
                                    store.origin() + "); choose an empty or new directory");
}

// An exclusive lock on DEST/.backup.lock for as long as it lives.
class DestinationLock {
 public:
  ~DestinationLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Acquire(const std::string& dest) {
    std::string path = dest + "/.backup.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) return Errno("cannot create " + path);
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return Status::Ok();
    return Status::FailedPrecondition("another backup is writing to " + dest);
  }

 private:
  int fd_ = -1;
};

Status MakeDirectories(const std::string& dest) {
  std::error_code ec;
  fs::create_directories(dest + "/keys", ec);
  if (ec) return Status::IOError("cannot create " + dest + "/keys: " + ec.message());
  fs::permissions(dest, fs::perms::owner_all, ec);
  fs::permissions(dest + "/keys", fs::perms::owner_all, ec);
  return vault::local::LocalBlobStore::Create(dest + "/blobs");
}

// VACUUM INTO `part`, then opens the copy: the originals it registers (not removed by a
// disposal), after checking its structure. Unfinished uploads cannot resume from a backup:
// their part files stay behind, so the copy marks them expired.
Result<std::vector<BlobRow>> SnapshotDatabase(store::Database& db, const std::string& part) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    fs::remove(part + suffix, ec);
  }
  FR_RETURN_IF_ERROR(db.Exec("VACUUM INTO ?", {part}));
  FR_RETURN_IF_ERROR(FsyncPath(part, O_RDONLY));

  FR_ASSIGN_OR_RETURN(auto copy, store::SqliteDatabase::Open(part, false));
  FR_RETURN_IF_ERROR(copy->CheckIntegrity());
  FR_ASSIGN_OR_RETURN(auto uploads, copy->Query("SELECT count(*) FROM sqlite_schema WHERE "
                                                "type = 'table' AND name = 'upload'"));
  if (uploads[0].Int(0) > 0) {
    FR_RETURN_IF_ERROR(copy->Exec("UPDATE upload SET state = 'expired' WHERE state = 'receiving'"));
  }
  std::vector<BlobRow> blobs;
  FR_RETURN_IF_ERROR(copy->ForEach(
      "SELECT sha256, sm3, size FROM blob WHERE sha256 NOT IN (SELECT sha256 FROM blob_tombstone) "
      "ORDER BY sha256",
      {}, [&](const store::Row& r) {
        blobs.push_back({r.Text(0), r.Text(1), static_cast<uint64_t>(r.Int(2))});
        return true;
      }));
  return blobs;
}

Status CheckDigests(const vault::StreamDigests& got, const BlobRow& want,
                    const std::string& where) {
  std::string sha = crypto::DigestHex(got.sha256), sm3 = crypto::DigestHex(got.sm3);
  if (sha == want.sha256 && sm3 == want.sm3 && got.size == want.size) return Status::Ok();
  return Status::Corruption(where + " reads as sha256 " + sha + ", sm3 " + sm3 + ", " +
                            std::to_string(got.size) + " bytes; its row says sha256 " +
                            want.sha256 + ", sm3 " + want.sm3 + ", " + std::to_string(want.size) +
                            " bytes");
}

vault::ReadFn ReaderFn(vault::BlobReader& reader) {
  return [&reader](uint8_t* buf, size_t cap) { return reader.Read(buf, cap); };
}

// Copies one original from the vault, checking its digests on the way and on reading it back.
Status CopyBlob(vault::Vault& vault, vault::BlobStore& dest, const BlobRow& blob) {
  FR_ASSIGN_OR_RETURN(auto reader, vault.Open(blob.sha256));
  FR_ASSIGN_OR_RETURN(auto writer, dest.NewWriter());
  FR_ASSIGN_OR_RETURN(auto read,
                      vault::DigestStream(ReaderFn(*reader), [&](const uint8_t* d, size_t n) {
                        return writer->Append(d, n);
                      }));
  FR_RETURN_IF_ERROR(CheckDigests(read, blob, "original " + blob.sha256 + " in the store"));
  bool already_present = false;
  FR_RETURN_IF_ERROR(writer->Commit(blob.sha256, &already_present));

  FR_ASSIGN_OR_RETURN(auto copy, dest.Open(blob.sha256));
  FR_ASSIGN_OR_RETURN(auto back, vault::DigestStream(ReaderFn(*copy), [](const uint8_t*, size_t) {
                        return Status::Ok();
                      }));
  return CheckDigests(back, blob, "the copy " + dest.Describe(blob.sha256));
}

// Copies the blobs the destination lacks. A blob already there is taken as it is when its size
// matches (`verify` on the backup re-reads it); one of another size is refused.
Status CopyBlobs(vault::Vault& vault, const std::string& dest, const std::vector<BlobRow>& blobs,
                 BackupRecord& record) {
  FR_ASSIGN_OR_RETURN(auto store, vault::local::LocalBlobStore::OpenDirectory(dest + "/blobs"));
  for (const auto& blob : blobs) {
    FR_ASSIGN_OR_RETURN(bool present, store->Exists(blob.sha256));
    if (present) {
      FR_ASSIGN_OR_RETURN(auto reader, store->Open(blob.sha256));
      if (reader->size() != blob.size) {
        return Status::Corruption("the copy " + store->Describe(blob.sha256) + " in " + dest +
                                  " has " + std::to_string(reader->size()) +
                                  " bytes; the original has " + std::to_string(blob.size));
      }
      ++record.blobs_skipped;
      continue;
    }
    FR_RETURN_IF_ERROR(CopyBlob(vault, *store, blob));
    ++record.blobs_copied;
    record.bytes_copied += blob.size;
  }
  return Status::Ok();
}

Status CopyKeys(const std::string& from, const std::string& dest) {
  for (const char* name : kKeyFiles) {
    FR_ASSIGN_OR_RETURN(std::string bytes, ReadFile(from + "/keys/" + name));
    bool secret = std::string(name).ends_with(".key");
    FR_RETURN_IF_ERROR(WriteFileAtomically(dest + "/keys/" + name, bytes, secret ? 0600 : 0644));
  }
  return Status::Ok();
}

// The snapshot replaces the previous backup's database; store.json, written last, marks the
// backup complete.
Status Publish(const Store& store, const std::string& part, const std::string& dest) {
  std::string db = dest + "/metadata.db";
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::error_code ec;
    fs::remove(db + suffix, ec);
  }
  if (::rename(part.c_str(), db.c_str()) != 0) return Errno("cannot rename " + part);
  FR_RETURN_IF_ERROR(FsyncPath(dest, O_RDONLY | O_DIRECTORY));
  FR_ASSIGN_OR_RETURN(std::string meta, ReadFile(store.dir() + "/store.json"));
  return WriteFileAtomically(dest + "/store.json", meta, 0644);
}

Status Copy(Store& store, const std::string& dest, BackupRecord& record) {
  FR_RETURN_IF_ERROR(MakeDirectories(dest));
  DestinationLock lock;
  FR_RETURN_IF_ERROR(lock.Acquire(dest));
  FR_RETURN_IF_ERROR(WriteFileAtomically(dest + "/" + kOriginMark, store.origin(), 0644));
  std::string part = dest + "/metadata.db.part";
  FR_ASSIGN_OR_RETURN(auto blobs, SnapshotDatabase(store.db(), part));
  std::error_code ec;
  record.database_bytes = fs::file_size(part, ec);
  FR_RETURN_IF_ERROR(CopyBlobs(store.vault(), dest, blobs, record));
  FR_RETURN_IF_ERROR(CopyKeys(store.dir(), dest));
  return Publish(store, part, dest);
}

// The row and its ledger event, in one transaction.
Status Record(services::Context& ctx, BackupRecord& record) {
  store::WriteTransaction tx(ctx.db);
  FR_RETURN_IF_ERROR(tx.status());
  FR_RETURN_IF_ERROR(ctx.db.Exec(
      "INSERT INTO backup (started_us, finished_us, destination, actor, blobs_copied, "
      "blobs_skipped, bytes_copied, database_bytes, result, message) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)",
      {record.started_us, record.finished_us, record.destination, record.actor,
       static_cast<int64_t>(record.blobs_copied), static_cast<int64_t>(record.blobs_skipped),
       static_cast<int64_t>(record.bytes_copied), static_cast<int64_t>(record.database_bytes),
       record.result, record.message}));
  FR_ASSIGN_OR_RETURN(auto id, ctx.db.Query("SELECT last_insert_rowid()"));
  record.id = id[0].Int(0);
  Json detail = record.ToJson();
  detail.erase("actor");
  ledger::Event event{kEvent, record.actor, record.result, detail};
  FR_RETURN_IF_ERROR(ctx.ledger.AppendInTransaction({event}).status());
  return tx.Commit();
}

}  // namespace

Json BackupRecord::ToJson() const {
  return {{"id", id},
          {"started_at", FormatUtc(started_us)},
          {"finished_at", FormatUtc(finished_us)},
          {"destination", destination},
          {"actor", actor},
          {"blobs_copied", blobs_copied},
          {"blobs_skipped", blobs_skipped},
          {"bytes_copied", bytes_copied},
          {"database_bytes", database_bytes},
          {"result", result},
          {"message", message}};
}

Status MayBackUp(services::Context& ctx, const services::Actor& actor) {
  if (actor.console || actor.Has(services::Role::kSysAdmin)) return Status::Ok();
  return services::Refuse(ctx, actor, kEvent, Json::object(),
                          Status::PermissionDenied("only the system administrator makes backups"));
}

Result<BackupRecord> MakeBackup(Store& store, const services::Actor& actor,
                                const std::string& destination) {
  services::Context& ctx = store.services();
  FR_RETURN_IF_ERROR(MayBackUp(ctx, actor));
  std::string dest = fs::path(destination).lexically_normal().string();
  if (dest.size() > 1 && dest.back() == '/') dest.pop_back();
  FR_RETURN_IF_ERROR(CheckDestination(store, dest));

  BackupRecord record;
  record.started_us = ctx.now();
  record.destination = dest;
  record.actor = actor.LedgerName();
  Status copied = Copy(store, dest, record);
  record.finished_us = ctx.now();
  record.result = copied.ok() ? "ok" : "failed";
  record.message = copied.ok() ? "" : copied.ToString();
  Status recorded = Record(ctx, record);
  if (!copied.ok()) {
    return recorded.ok()
               ? copied
               : copied.WithContext("(and it could not be recorded: " + recorded.ToString() + ")");
  }
  FR_RETURN_IF_ERROR(recorded);
  return record;
}

Result<std::vector<BackupRecord>> ListBackups(store::Database& db, int64_t limit) {
  std::vector<BackupRecord> out;
  FR_RETURN_IF_ERROR(db.ForEach(
      "SELECT id, started_us, finished_us, destination, actor, blobs_copied, blobs_skipped, "
      "bytes_copied, database_bytes, result, message FROM backup ORDER BY id DESC LIMIT ?",
      {limit}, [&](const store::Row& r) {
        out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4),
                       static_cast<uint64_t>(r.Int(5)), static_cast<uint64_t>(r.Int(6)),
                       static_cast<uint64_t>(r.Int(7)), static_cast<uint64_t>(r.Int(8)), r.Text(9),
                       r.Text(10)});
        return true;
      }));
  return out;
}

}  // namespace fullrecord::app
