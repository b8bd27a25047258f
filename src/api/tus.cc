// The tus routes: capabilities, creation, offset, termination, result; and the sweep.
#include "api/tus.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "api/upload_finish.h"
#include "api/upload_patch.h"

namespace fullrecord::api {
namespace {

namespace fs = std::filesystem;
using tus::Answer;
using tus::AnswerStatus;
using tus::ErrorBody;
using uploads::UploadRow;
using uploads::UploadTable;

constexpr UnixMicros kSweepEvery = 60'000'000;
constexpr auto kOrphanAge = std::chrono::hours(1);

std::mutex g_limits_mu;
UploadLimits g_limits;  // guarded by g_limits_mu
std::atomic<UnixMicros> g_last_sweep{0};

std::string Str(uint64_t n) {
  return std::to_string(n);
}

// The separated administrators never handle evidence (三员分立); everyone else with a role may
// upload, and the record the upload is for decides the rest.
bool MayUpload(const services::Actor& a) {
  for (auto role : a.roles) {
    if (!services::IsSeparatedAdmin(role)) return true;
  }
  return false;
}

void MaybeSweep(Call& c) {
  UnixMicros now = c.ctx.now();
  UnixMicros last = g_last_sweep.load();
  if (now - last < kSweepEvery || !g_last_sweep.compare_exchange_strong(last, now)) return;
  auto removed = SweepUploads(c.store, now);
  if (!removed.ok()) spdlog::warn("upload sweep failed: {}", removed.status().ToString());
}

Status CheckSpace(const app::Store& store, uint64_t length) {
  struct statvfs fs_stat;
  if (::statvfs(store.dir().c_str(), &fs_stat) != 0) return Status::Ok();
  uint64_t free_bytes = static_cast<uint64_t>(fs_stat.f_bavail) * fs_stat.f_frsize;
  if (length <= free_bytes) return Status::Ok();
  return Status::NoSpace("an upload of " + Str(length) + " bytes does not fit: " + Str(free_bytes) +
                             " bytes are free",
                         "文件大小 " + Str(length) + " 字节，超过存储剩余空间 " + Str(free_bytes) +
                             " 字节，无法上传");
}

// A new, empty part file, durable in its directory before any offset relies on it.
Status CreatePartFile(const app::Store& store, const std::string& id) {
  FR_ASSIGN_OR_RETURN(std::string dir, uploads::UploadsDir(store));
  std::string path = uploads::PartPath(store, id);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  ::close(fd);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Status::IOError("cannot open " + dir + ": " + std::strerror(errno));
  Status synced = uploads::SyncPartFile(dfd, dir);
  ::close(dfd);
  return synced;
}

// The new upload's row from the creation headers; answers and returns nullopt when they are
// not acceptable.
std::optional<UploadRow> NewUpload(Call& c) {
  if (!c.ex.Header("Upload-Defer-Length").empty()) {
    AnswerStatus(c, Status::InvalidArgument("Upload-Defer-Length is not supported; send "
                                            "Upload-Length",
                                            "不支持未声明文件大小的上传，请在开始上传时声明文件大小"));
    return std::nullopt;
  }
  auto length = tus::ParseCount(c.ex.Header("Upload-Length"));
  if (!length) {
    AnswerStatus(c, Status::InvalidArgument("Upload-Length must be a non-negative integer",
                                            "声明的文件大小应为非负整数"));
    return std::nullopt;
  }
  uint64_t max = CurrentUploadLimits().max_size;
  if (*length > max) {
    Answer(c, 413, {{"Tus-Max-Size", Str(max)}},
           ErrorBody("upload_too_large", "文件超过了允许的最大长度 " + Str(max) + " 字节",
                     "Upload-Length " + Str(*length) + " is over Tus-Max-Size " + Str(max)));
    return std::nullopt;
  }
  auto metadata = tus::ParseMetadata(c.ex.Header("Upload-Metadata"));
  Status s = metadata.status();
  if (s.ok()) s = uploads::AnnouncedSha256(*metadata).status();
  if (s.ok()) s = uploads::PlanAttachment(c, *metadata).status();
  if (s.ok()) s = CheckSpace(c.store, *length);
  if (!s.ok()) {
    AnswerStatus(c, s);
    return std::nullopt;
  }
  UploadRow row;
  row.id = uploads::NewUploadId();
  row.person = c.actor.id;
  row.length = *length;
  row.metadata = *metadata;
  row.created_us = c.ctx.now();
  row.expires_us = row.created_us + CurrentUploadLimits().lifetime_us;
  return row;
}

// POST /api/uploads: creation, and creation-with-upload when the body carries bytes.
void Create(Api& api, Call& c) {
  if (!tus::VersionAccepted(c)) return;
  if (!MayUpload(c.actor)) {
    return AnswerStatus(c, services::Refuse(c.ctx, c.actor, "upload.created", Json::object(),
                                            Status::PermissionDenied(
                                                "the system, security and audit administrators "
                                                "do not handle evidence",
                                                "系统管理员、安全管理员和安全审计员不经手执法记录，"
                                                "不能上传文件")));
  }
  auto cl = c.ex.content_length();
  bool has_body = cl ? *cl > 0 : !c.ex.body_done();
  if (has_body && tus::MediaType(c.ex.Header(http::field::content_type)) != tus::kOctetStream) {
    return Answer(c, 415, {},
                  ErrorBody("unsupported_media_type",
                            "随创建请求上传的数据格式不正确，请按上传协议以二进制数据流发送",
                            "bytes sent with the creation request need Content-Type: "
                            "application/offset+octet-stream"));
  }
  auto checksum = tus::ParseChecksum(c.ex.Header("Upload-Checksum"));
  if (!checksum.ok()) return AnswerStatus(c, checksum.status());
  if (Status s = EnsureUploadSchema(c.ctx.db); !s.ok()) return AnswerStatus(c, s);
  auto row = NewUpload(c);
  if (!row) return;
  if (cl && *cl > row->length) {
    return Answer(c, 413, {},
                  ErrorBody("upload_too_long", "数据超出了声明的文件长度",
                            "the body is longer than Upload-Length"));
  }
  MaybeSweep(c);

  Status s = CreatePartFile(c.store, row->id);
  if (s.ok()) s = UploadTable(c.ctx.db).Insert(*row);
  if (!s.ok()) return AnswerStatus(c, s);
  tus::Headers h = {{"Location", "/api/uploads/" + row->id},
                    {"Upload-Expires", tus::HttpDate(row->expires_us)}};
  if (!has_body && row->length > 0) {
    h.push_back({"Upload-Offset", "0"});
    return Answer(c, 201, h);
  }

  // Bytes with the creation (or an empty file, complete at once).
  auto lock = uploads::UploadLock::TryAcquire(row->id, uploads::PartPath(c.store, row->id));
  if (!lock.ok()) return AnswerStatus(c, lock.status());
  std::unique_ptr<uploads::UploadLock> held = std::move(*lock);
  tus::Reply reply = row->length == 0 ? uploads::Finish(api, c, *row, *held, nullptr, 201, h)
                                      : uploads::Append(api, c, *row, *held, *checksum, 201, h);
  held.reset();
  tus::Send(c, reply);
}

tus::Headers StateHeaders(const UploadRow& row) {
  tus::Headers h = {{"Upload-Offset", Str(row.state == uploads::kDone ? row.length : row.offset)},
                    {"Upload-Length", Str(row.length)}};
  if (!row.metadata.empty()) h.push_back({"Upload-Metadata", tus::EncodeMetadata(row.metadata)});
  if (row.state == uploads::kReceiving) {
    h.push_back({"Upload-Expires", tus::HttpDate(row.expires_us)});
  }
  if (row.state == uploads::kDone) {
    h.push_back({"Upload-Sha256", row.sha256});
    h.push_back({"Upload-Sm3", row.attached.value("sm3", "")});
  }
  return h;
}

// Completes, under the hold, an upload found with all its bytes but unfinished.
tus::Reply FinishHeld(Api& api, Call& c, const std::string& id, uploads::UploadLock& lock) {
  auto row = UploadTable(c.ctx.db).Get(id);
  if (!row.ok()) return tus::StatusReply(row.status());
  if (row->state != uploads::kReceiving) return {200, StateHeaders(*row), nullptr};
  return uploads::Finish(api, c, *row, lock, uploads::TakeHashState(id), 200,
                         {{"Upload-Length", Str(row->length)}});
}

// HEAD /api/uploads/{id}: the offset. An upload whose bytes all arrived but whose completion
// was cut short (a server stopped) is completed now, so the client's HEAD sees it finished.
void Head(Api& api, Call& c) {
  if (!tus::VersionAccepted(c)) return;
  auto row = uploads::OwnUpload(c);
  if (!row.ok()) return AnswerStatus(c, row.status());
  uploads::ExpireIfDue(c, *row);
  if (auto ended = uploads::EndedReply(*row)) return tus::Send(c, *ended);
  bool unfinished = row->state == uploads::kReceiving && row->offset == row->length;
  if (!unfinished) return Answer(c, 200, StateHeaders(*row));

  auto lock = uploads::UploadLock::TryAcquire(row->id, uploads::PartPath(c.store, row->id));
  if (!lock.ok()) return tus::Send(c, uploads::LockFailureReply(lock.status()));
  std::unique_ptr<uploads::UploadLock> held = std::move(*lock);
  tus::Reply reply = FinishHeld(api, c, row->id, *held);
  held.reset();
  tus::Send(c, reply);
}

Json RowJson(const UploadRow& row) {
  return {{"id", row.id},
          {"state", row.state},
          {"offset", row.state == uploads::kDone ? row.length : row.offset},
          {"length", row.length},
          {"metadata", row.metadata},
          {"created", FormatUtc(row.created_us)},
          {"expires", FormatUtc(row.expires_us)},
          {"sha256", row.sha256.empty() ? Json() : Json(row.sha256)}};
}

// GET /api/uploads/{id} (HEAD is the tus request above).
void HeadOrGet(Api& api, Call& c) {
  if (c.ex.method() == http::verb::head) return Head(api, c);
  auto row = uploads::OwnUpload(c);
  if (!row.ok()) return c.Fail(row.status());
  uploads::ExpireIfDue(c, *row);
  c.Reply(RowJson(*row));
}

// GET /api/uploads/{id}/result: what became of a finished upload, for the web UI.
void ResultOf(Call& c) {
  auto row = uploads::OwnUpload(c);
  if (!row.ok()) return c.Fail(row.status());
  uploads::ExpireIfDue(c, *row);
  Json out = RowJson(*row);
  for (const auto& [key, value] : row->attached.items()) out[key] = value;
  c.Reply(out);
}

// DELETE /api/uploads/{id}: termination, for unfinished uploads only. A finished upload is an
// original; the attempt is refused and logged (R9.5, R17.2).
void Terminate(Call& c) {
  if (!tus::VersionAccepted(c)) return;
  auto row = uploads::OwnUpload(c);
  if (!row.ok()) return AnswerStatus(c, row.status());
  if (row->state == uploads::kDone) {
    Status refused = services::RecordService(c.ctx).RefuseOriginalChange(
        c.actor, row->sha256, "DELETE /api/uploads/" + row->id);
    return Answer(c, 403, {},
                  ErrorBody("original_protected",
                            "该上传已完成，文件已是原始记录，不能删除或修改（R9.5、R17.2）；"
                            "此次尝试已记录",
                            "the upload is finished and its file is an original, which is "
                            "never deleted or changed (R9.5, R17.2); the attempt is logged: " +
                                refused.message()));
  }
  uploads::ExpireIfDue(c, *row);
  if (auto ended = uploads::EndedReply(*row)) return tus::Send(c, *ended);

  std::string path = uploads::PartPath(c.store, row->id);
  auto lock = uploads::UploadLock::TryAcquire(row->id, path);
  if (!lock.ok() && !lock.status().IsNotFound()) {
    return tus::Send(c, uploads::LockFailureReply(lock.status()));
  }
  Status s = services::Commit(c.ctx, c.actor, "upload.terminated", [&](Json& d) {
    d = {{"upload", row->id},
         {"offset", row->offset},
         {"length", row->length},
         {"metadata", row->metadata}};
    return UploadTable(c.ctx.db).End(row->id, uploads::kTerminated, "", d);
  });
  if (s.ok()) {
    ::unlink(path.c_str());
    uploads::TakeHashState(row->id);
  }
  if (lock.ok()) lock->reset();
  if (!s.ok()) return AnswerStatus(c, s);
  Answer(c, 204, {});
}

void Capabilities(Call& c) {
  tus::Answer(c, 204,
              {{"Tus-Version", tus::kVersion},
               {"Tus-Extension", tus::kExtensions},
               {"Tus-Max-Size", Str(CurrentUploadLimits().max_size)},
               {"Tus-Checksum-Algorithm", tus::kChecksumAlgorithms}});
}

// Expired unfinished uploads: marked, part files removed.
Result<int> SweepExpired(app::Store& store, UnixMicros now_us) {
  UploadTable table(store.db());
  FR_ASSIGN_OR_RETURN(auto rows, table.ExpiredReceiving(now_us));
  int removed = 0;
  for (const auto& row : rows) {
    std::string path = uploads::PartPath(store, row.id);
    auto lock = uploads::UploadLock::TryAcquire(row.id, path);
    if (!lock.ok() && !lock.status().IsNotFound()) continue;
    FR_RETURN_IF_ERROR(
        table.End(row.id, uploads::kExpired, "", {{"expired_at", FormatUtc(row.expires_us)}}));
    removed += ::unlink(path.c_str()) == 0 ? 1 : 0;
    uploads::TakeHashState(row.id);
  }
  return removed;
}

// Part files no unfinished upload owns: left by a crash after the row ended, or (older than an
// hour, so never one being created) with no row at all.
Result<int> SweepLeftovers(app::Store& store) {
  UploadTable table(store.db());
  std::error_code ec;
  int removed = 0;
  for (const auto& entry : fs::directory_iterator(store.dir() + "/uploads", ec)) {
    std::string id = entry.path().stem().string();
    if (entry.path().extension() != ".part" || !uploads::IsUploadId(id)) continue;
    auto row = table.Get(id);
    if (!row.ok() && !row.status().IsNotFound()) return row.status();
    auto age = fs::file_time_type::clock::now() - entry.last_write_time(ec);
    bool orphan = row.ok() ? row->state != uploads::kReceiving : age > kOrphanAge;
    if (orphan && fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace

UploadLimits CurrentUploadLimits() {
  std::lock_guard<std::mutex> lock(g_limits_mu);
  return g_limits;
}

void SetUploadLimitsForTesting(const UploadLimits& limits) {
  std::lock_guard<std::mutex> lock(g_limits_mu);
  g_limits = limits;
}

Result<int> SweepUploads(app::Store& store, UnixMicros now_us) {
  FR_RETURN_IF_ERROR(EnsureUploadSchema(store.db()));
  FR_ASSIGN_OR_RETURN(int expired, SweepExpired(store, now_us));
  FR_ASSIGN_OR_RETURN(int leftovers, SweepLeftovers(store));
  if (expired + leftovers > 0) {
    spdlog::info("upload sweep: {} expired, {} left-over part files removed", expired, leftovers);
  }
  return expired + leftovers;
}

void AddUploadRoutes(Api& api) {
  const std::string tag = "uploads";
  api.Route(http::verb::options, "/api/uploads", {"tus: server capabilities", tag}, Access::kPublic,
            Capabilities);
  api.Route(http::verb::post, "/api/uploads",
            {"tus: create an upload (creation, creation-with-upload)", tag}, Access::kSession,
            [&api](Call& c) { Create(api, c); });
  api.Route(http::verb::get, "/api/uploads/{id}",
            {"tus HEAD: an upload's offset; GET: its state as JSON", tag}, Access::kSession,
            [&api](Call& c) { HeadOrGet(api, c); });
  api.Route(http::verb::patch, "/api/uploads/{id}", {"tus: append bytes at Upload-Offset", tag},
            Access::kSession, [&api](Call& c) { uploads::Patch(api, c); });
  api.Route(http::verb::delete_, "/api/uploads/{id}", {"tus: terminate an unfinished upload", tag},
            Access::kSession, Terminate);
  api.Route(http::verb::get, "/api/uploads/{id}/result",
            {"Digests and record of a finished upload", tag}, Access::kSession, ResultOf);
}

}  // namespace fullrecord::api
