// PATCH: bytes into an upload, and what follows the last one.
#include "api/upload_patch.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "api/tus.h"
#include "api/upload_finish.h"
#include "api/upload_receive.h"

namespace fullrecord::api::uploads {
namespace {

using tus::AnswerStatus;
using tus::ErrorBody;

std::string Str(uint64_t n) {
  return std::to_string(n);
}

tus::Headers OffsetHeaders(const UploadRow& row, UnixMicros expires_us) {
  return {{"Upload-Offset", Str(row.offset)}, {"Upload-Expires", tus::HttpDate(expires_us)}};
}

// Forgets a request's bytes: the part file and the stored offset go back to `row.offset`.
Status Discard(int fd, const std::string& path, UploadTable& table, const UploadRow& row) {
  FR_RETURN_IF_ERROR(TrimPartFile(fd, path, row.offset));
  return table.SetOffset(row.id, row.offset, row.expires_us);
}

// The running digests, when they cover exactly the bytes before `row.offset`.
std::unique_ptr<HashState> UsableHashes(const UploadRow& row) {
  auto hashes = TakeHashState(row.id);
  if (hashes && hashes->offset != row.offset) hashes.reset();
  if (!hashes && row.offset == 0) hashes = std::make_unique<HashState>();
  return hashes;
}

tus::Reply Error(unsigned status, tus::Headers h, const std::string& code, const std::string& zh,
                 const std::string& en) {
  return {status, std::move(h), ErrorBody(code, zh, en)};
}

tus::Reply DiscardedReply(const ReceiveResult& r, bool bad_checksum, const UploadRow& row) {
  tus::Headers h = {{"Upload-Offset", Str(row.offset)}};
  if (r.over_limit) {
    return Error(413, h, "upload_too_long",
                 "数据超出了声明的文件大小，本次数据已丢弃",
                 "the body goes past Upload-Length " + Str(row.length) +
                     "; this request's bytes were discarded");
  }
  if (bad_checksum) {
    return Error(tus::kChecksumMismatch, h, "checksum_mismatch",
                 "本次数据的校验值不符，已丢弃，请重传",
                 "the body does not match Upload-Checksum; its bytes were discarded, send "
                 "them again");
  }
  return tus::StatusReply(
      r.status.ok() ? Status::InvalidArgument("the body ended early", "数据传输中断，请续传")
                    : r.status,
      h);
}

// A PATCH on a finished upload changes nothing: a repeated final PATCH (its answer lost) gets
// 409 with the final offset, an empty one at the end 204, bytes past the end 413.
tus::Reply FinishedReply(Call& c, const UploadRow& row, uint64_t offset) {
  tus::Headers h = {{"Upload-Offset", Str(row.length)}, {"Upload-Sha256", row.sha256}};
  auto cl = c.ex.content_length();
  if (offset != row.length) {
    return Error(409, h, "offset_mismatch", "上传已完成", "the upload is complete");
  }
  if (!cl || *cl > 0) {
    return Error(413, h, "upload_too_long", "上传已完成，不能再追加数据",
                 "the upload is complete; nothing can be appended");
  }
  return {204, h, nullptr};
}

// The checks a PATCH passes once it holds the upload, then its bytes.
tus::Reply PatchHeld(Api& api, Call& c, const std::string& id, uint64_t offset,
                     const std::optional<crypto::Digest32>& checksum, UploadLock& lock) {
  auto row = UploadTable(c.ctx.db).Get(id);
  if (!row.ok()) return tus::StatusReply(row.status());
  if (row->state == kDone) return FinishedReply(c, *row, offset);
  if (auto ended = EndedReply(*row)) return *ended;
  if (offset != row->offset) {
    return Error(409, {{"Upload-Offset", Str(row->offset)}}, "offset_mismatch",
                 "续传位置与服务器已接收的数据量不一致，请重新查询后续传",
                 "Upload-Offset " + Str(offset) + " is not the upload's offset " +
                     Str(row->offset) + "; ask with HEAD and resume from there");
  }
  auto cl = c.ex.content_length();
  if (cl && row->offset + *cl > row->length) {
    return Error(413, {{"Upload-Offset", Str(row->offset)}}, "upload_too_long",
                 "数据超出了声明的文件大小",
                 "offset " + Str(row->offset) + " plus Content-Length " + Str(*cl) +
                     " passes Upload-Length " + Str(row->length));
  }
  return Append(api, c, *row, lock, checksum, 204, {});
}

}  // namespace

void ExpireIfDue(Call& c, UploadRow& row) {
  if (row.state != kReceiving || c.ctx.now() <= row.expires_us) return;
  std::string path = PartPath(c.store, row.id);
  auto lock = UploadLock::TryAcquire(row.id, path);
  if (!lock.ok() && !lock.status().IsNotFound()) return;
  Json outcome = {{"expired_at", FormatUtc(row.expires_us)}};
  if (!UploadTable(c.ctx.db).End(row.id, kExpired, "", outcome).ok()) return;
  ::unlink(path.c_str());
  TakeHashState(row.id);
  row.state = kExpired;
}

tus::Reply LockFailureReply(const Status& status) {
  if (status.code() != Status::Code::kFailedPrecondition) return tus::StatusReply(status);
  return Error(423, {}, "upload_locked", "该上传正在被另一个请求写入，请稍后重试",
               "another request is writing this upload; retry later");
}

std::optional<tus::Reply> EndedReply(const UploadRow& row) {
  if (row.state == kTerminated) {
    return tus::StatusReply(
        Status::NotFound("upload " + row.id + " was terminated", "该上传任务已取消"));
  }
  if (row.state == kExpired) {
    return Error(410, {}, "upload_expired", "上传已过期，请重新上传",
                 "the upload expired; start a new one");
  }
  if (row.state == kRejected) {
    return Error(410, {}, "upload_rejected", "上传内容与声明的文件摘要不符，未保存，请重新上传",
                 "the upload's bytes did not match its announced SHA-256 and were not kept; "
                 "start a new upload");
  }
  return std::nullopt;
}

tus::Reply Finish(Api& api, Call& c, const UploadRow& row, UploadLock& lock,
                  std::unique_ptr<HashState> hashes, unsigned ok, const tus::Headers& extra) {
  auto done = CompleteUpload(c, row, lock, std::move(hashes));
  if (!done.ok()) return tus::StatusReply(done.status());
  tus::Headers h = {{"Upload-Offset", Str(row.length)}};
  if (done->rejected) {
    std::string why = done->outcome.value("error", "");
    return Error(tus::kChecksumMismatch, h, "upload_digest_mismatch",
                 "上传文件的 SHA-256 与声明的不符，文件未进入存证库：" + why, why);
  }
  api.CountUpload(row.length);
  h.push_back({"Upload-Sha256", done->outcome.value("sha256", "")});
  h.push_back({"Upload-Sm3", done->outcome.value("sm3", "")});
  h.insert(h.end(), extra.begin(), extra.end());
  return {ok, h, nullptr};
}

tus::Reply Append(Api& api, Call& c, UploadRow row, UploadLock& lock,
                  const std::optional<crypto::Digest32>& checksum, unsigned ok,
                  const tus::Headers& extra) {
  std::string path = PartPath(c.store, row.id);
  if (Status s = TrimPartFile(lock.fd(), path, row.offset); !s.ok()) return tus::StatusReply(s);
  auto hashes = UsableHashes(row);
  UploadTable table(c.ctx.db);
  UnixMicros expires = c.ctx.now() + CurrentUploadLimits().lifetime_us;

  // Durable bytes first, then the offset that covers them. A request with a checksum counts
  // only whole, so it is not checkpointed on the way.
  auto commit = [&](uint64_t received) -> Status {
    FR_RETURN_IF_ERROR(SyncPartFile(lock.fd(), path));
    return table.SetOffset(row.id, row.offset + received, expires);
  };
  crypto::Hasher chunk(crypto::HashAlgorithm::kSha256);
  ReceiveOptions o{lock.fd(),
                   path,
                   row.offset,
                   row.length - row.offset,
                   hashes.get(),
                   checksum ? &chunk : nullptr,
                   {}};
  if (!checksum) o.checkpoint = commit;
  ReceiveResult r = ReceiveBody(c.ex, o);

  bool bad_checksum = checksum && r.complete && chunk.Finish() != *checksum;
  if (r.over_limit || bad_checksum || (checksum && !r.complete)) {
    if (Status s = Discard(lock.fd(), path, table, row); !s.ok()) return tus::StatusReply(s);
    return DiscardedReply(r, bad_checksum, row);
  }
  if (Status s = commit(r.received); !s.ok()) return tus::StatusReply(s);
  row.offset += r.received;

  // The client went away or the disk failed: what arrived is kept, and the digests with it.
  if (!r.status.ok() || row.offset < row.length) {
    if (hashes) PutHashState(row.id, std::move(hashes));
    if (!r.status.ok()) return tus::StatusReply(r.status, OffsetHeaders(row, expires));
    tus::Headers h = OffsetHeaders(row, expires);
    h.insert(h.end(), extra.begin(), extra.end());
    return {ok, h, nullptr};
  }
  return Finish(api, c, row, lock, std::move(hashes), ok, extra);
}

Result<UploadRow> OwnUpload(Call& c) {
  std::string id = c.ex.params["id"];
  Status hidden = Status::NotFound("no upload " + id.substr(0, 40), "未找到该上传任务");
  if (!IsUploadId(id)) return hidden;
  FR_RETURN_IF_ERROR(EnsureUploadSchema(c.ctx.db));
  auto row = UploadTable(c.ctx.db).Get(id);
  if (!row.ok()) return row.status().IsNotFound() ? hidden : row.status();
  if (row->person != c.actor.id) return hidden;
  return row;
}

void Patch(Api& api, Call& c) {
  if (!tus::VersionAccepted(c)) return;
  if (tus::MediaType(c.ex.Header(http::field::content_type)) != tus::kOctetStream) {
    return tus::Send(c, Error(415, {}, "unsupported_media_type",
                              "续传数据的格式不正确，请按上传协议以二进制数据流发送",
                              "a PATCH must have Content-Type: application/offset+octet-stream"));
  }
  auto offset = tus::ParseCount(c.ex.Header("Upload-Offset"));
  if (!offset) {
    return AnswerStatus(c, Status::InvalidArgument("Upload-Offset must be a non-negative integer",
                                                   "续传位置应为非负整数"));
  }
  auto checksum = tus::ParseChecksum(c.ex.Header("Upload-Checksum"));
  if (!checksum.ok()) return AnswerStatus(c, checksum.status());
  auto row = OwnUpload(c);
  if (!row.ok()) return AnswerStatus(c, row.status());
  ExpireIfDue(c, *row);
  if (auto ended = EndedReply(*row)) return tus::Send(c, *ended);

  // One request at a time per upload; the state read under the hold is the one that counts,
  // and the hold ends before the answer goes out.
  auto lock = UploadLock::TryAcquire(row->id, PartPath(c.store, row->id));
  if (!lock.ok() && lock.status().IsNotFound() && row->state == kDone) {
    return tus::Send(c, FinishedReply(c, *row, *offset));
  }
  if (!lock.ok()) return tus::Send(c, LockFailureReply(lock.status()));
  std::unique_ptr<UploadLock> held = std::move(*lock);
  tus::Reply reply = PatchHeld(api, c, row->id, *offset, *checksum, *held);
  held.reset();
  tus::Send(c, reply);
}

}  // namespace fullrecord::api::uploads
