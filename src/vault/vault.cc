#include "vault/vault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "common/time.h"

namespace fullrecord::vault {
namespace {

constexpr size_t kVerifyChunk = 1 << 20;

BlobInfo InfoFromRow(const store::Row& r) {
  return BlobInfo{r.Text(0), r.Text(1), static_cast<uint64_t>(r.Int(2)), r.Text(3),
                  static_cast<uint64_t>(r.Int(4))};
}

constexpr const char* kSelectBlob =
    "SELECT sha256, sm3, size, stored_at, ledger_seq FROM blob WHERE sha256 = ?";

// Opens a regular file for ingest with a message that says what is wrong with it.
Result<int> OpenSourceFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("no such file: " + path);
    if (err == EACCES)
      return Status::PermissionDenied("cannot read " + path + ": permission denied");
    return Status::IOError("cannot open " + path + ": " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + " is not a regular file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return fd;
}

}  // namespace

Result<IngestResult> Vault::Ingest(const ReadFn& read, const std::string& actor,
                                   const std::string& source, const ChunkProgressFn& progress) {
  FR_ASSIGN_OR_RETURN(std::unique_ptr<BlobWriter> writer, blobs_.NewWriter());
  auto sink = [&writer](const uint8_t* data, size_t len) { return writer->Append(data, len); };
  FR_ASSIGN_OR_RETURN(StreamDigests digests, DigestStream(read, sink, progress));

  bool present = false;
  FR_RETURN_IF_ERROR(writer->Commit(crypto::DigestHex(digests.sha256), &present));
  return Register(digests, present, actor, source);
}

Result<IngestResult> Vault::Register(const StreamDigests& d, bool file_was_present,
                                     const std::string& actor, const std::string& source) {
  std::string sha = crypto::DigestHex(d.sha256);
  std::string sm3 = crypto::DigestHex(d.sm3);
  store::WriteTransaction tx(db_);
  FR_RETURN_IF_ERROR(tx.status());
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query(kSelectBlob, {sha}));

  // The row decides what is stored: a file without a row is the leftover of a killed ingest.
  bool is_new = rows.empty();
  ledger::Event event{
      "blob.ingested",
      actor,
      "ok",
      {{"sha256", sha}, {"sm3", sm3}, {"size", d.size}, {"new", is_new}, {"source", source}}};
  if (is_new && file_was_present) event.detail["completed_interrupted_ingest"] = true;
  FR_ASSIGN_OR_RETURN(auto seqs, ledger_.AppendInTransaction({event}));

  BlobInfo info;
  if (is_new) {
    info = BlobInfo{sha, sm3, d.size, FormatUtc(NowMicros()), seqs[0]};
    FR_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO blob (sha256, sm3, size, stored_at, ledger_seq) VALUES (?, ?, ?, ?, ?)",
        {info.sha256, info.sm3, static_cast<int64_t>(info.size), info.stored_at,
         static_cast<int64_t>(info.ledger_seq)}));
  } else {
    info = InfoFromRow(rows[0]);
  }
  FR_RETURN_IF_ERROR(tx.Commit());
  return IngestResult{info, is_new};
}

Result<IngestResult> Vault::IngestFile(const std::string& path, const std::string& actor,
                                       const ChunkProgressFn& progress) {
  FR_ASSIGN_OR_RETURN(int fd, OpenSourceFile(path));
  auto read = [fd, &path](uint8_t* buf, size_t cap) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::read(fd, buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR)
        return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
    }
  };
  auto result = Ingest(read, actor, path, progress);
  ::close(fd);
  return result;
}

Result<IngestResult> Vault::AdoptFile(const std::string& path, const StreamDigests& digests,
                                      const std::string& actor, const std::string& source) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound("cannot adopt " + path + ": " + std::strerror(errno));
  }
  if (static_cast<uint64_t>(st.st_size) != digests.size) {
    return Status::InvalidArgument("cannot adopt " + path + ": it holds " +
                                   std::to_string(st.st_size) + " bytes, its digests cover " +
                                   std::to_string(digests.size));
  }
  bool present = false;
  FR_RETURN_IF_ERROR(blobs_.Adopt(path, crypto::DigestHex(digests.sha256), &present));
  return Register(digests, present, actor, source);
}

Result<BlobInfo> Vault::Get(const std::string& sha256_hex) {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query(kSelectBlob, {sha256_hex}));
  if (rows.empty()) return Status::NotFound("blob " + sha256_hex + " is not in the vault");
  return InfoFromRow(rows[0]);
}

Result<std::unique_ptr<BlobReader>> Vault::Open(const std::string& sha256_hex) {
  FR_RETURN_IF_ERROR(Get(sha256_hex).status());
  return blobs_.Open(sha256_hex);
}

Status Vault::Verify(const std::string& sha256_hex, const ChunkProgressFn& progress) {
  FR_ASSIGN_OR_RETURN(BlobInfo info, Get(sha256_hex));
  auto reader = blobs_.Open(sha256_hex);
  if (!reader.ok()) {
    return reader.status().IsNotFound()
               ? Status::Corruption("blob " + sha256_hex + " is registered but its file " +
                                    blobs_.Describe(sha256_hex) + " is missing")
               : reader.status();
  }

  auto read = [&reader](uint8_t* buf, size_t cap) { return (*reader)->Read(buf, cap); };
  auto discard = [](const uint8_t*, size_t) { return Status::Ok(); };
  FR_ASSIGN_OR_RETURN(StreamDigests d,
                      DigestStream(read, discard, progress, PipelineOptions{kVerifyChunk, 4}));

  std::string sha = crypto::DigestHex(d.sha256);
  std::string sm3 = crypto::DigestHex(d.sm3);
  std::string where = "blob " + sha256_hex + " (" + blobs_.Describe(sha256_hex) + ")";
  if (sha != info.sha256) return Status::Corruption(where + ": sha256 is now " + sha);
  if (sm3 != info.sm3) {
    return Status::Corruption(where + ": sm3 recorded " + info.sm3 + " but is now " + sm3);
  }
  if (d.size != info.size) {
    return Status::Corruption(where + ": size recorded " + std::to_string(info.size) +
                              " but is now " + std::to_string(d.size));
  }
  return Status::Ok();
}

Result<uint64_t> Vault::Count() {
  FR_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT count(*) FROM blob"));
  return static_cast<uint64_t>(rows[0].Int(0));
}

Result<bool> Vault::IsTombstoned(const std::string& sha256_hex) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT 1 FROM blob_tombstone WHERE sha256 = ?", {sha256_hex}));
  return !rows.empty();
}

Status Vault::RemoveTombstoned(const std::string& sha256_hex) {
  FR_ASSIGN_OR_RETURN(bool tombstoned, IsTombstoned(sha256_hex));
  if (!tombstoned) {
    return Status::FailedPrecondition("blob " + sha256_hex +
                                      " has no tombstone: an original is removed only by an "
                                      "executed disposal (R9.5, R14)");
  }
  return blobs_.Remove(sha256_hex);
}

std::vector<BlobProblem> Vault::VerifyAll(const std::function<void(uint64_t, uint64_t)>& progress) {
  std::vector<BlobProblem> problems;
  std::vector<std::string> registered;
  std::unordered_set<std::string> tombstoned;
  Status listed = db_.ForEach("SELECT sha256 FROM blob ORDER BY sha256", {},
                              [&registered](const store::Row& r) {
                                registered.push_back(r.Text(0));
                                return true;
                              });
  if (listed.ok()) {
    listed =
        db_.ForEach("SELECT sha256 FROM blob_tombstone", {}, [&tombstoned](const store::Row& r) {
          tombstoned.insert(r.Text(0));
          return true;
        });
  }
  if (!listed.ok()) return {{"", listed.ToString(), true}};

  for (size_t i = 0; i < registered.size(); ++i) {
    const std::string& sha = registered[i];
    if (tombstoned.count(sha)) {
      auto present = blobs_.Exists(sha);
      if (present.ok() && *present) {
        problems.push_back({sha,
                            "blob " + sha + " was disposed of, but its file " +
                                blobs_.Describe(sha) + " is still present",
                            false});
      }
    } else if (Status s = Verify(sha); !s.ok()) {
      problems.push_back({sha, s.ToString(), true});
    }
    if (progress) progress(i + 1, registered.size());
  }

  // Files that no row accounts for.
  auto files = blobs_.List();
  if (!files.ok()) {
    problems.push_back({"", files.status().ToString(), true});
    return problems;
  }
  std::unordered_set<std::string> known(registered.begin(), registered.end());
  for (const auto& name : *files) {
    if (!known.count(name)) {
      problems.push_back({name,
                          "file " + blobs_.Describe(name) +
                              " has no vault record (an interrupted ingest, or an "
                              "insertion from outside); it is not part of the store",
                          false});
    }
  }
  return problems;
}

}  // namespace fullrecord::vault
