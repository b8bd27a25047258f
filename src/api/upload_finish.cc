// Completion of an upload: digests, the announced digest, the vault, the record.
#include "api/upload_finish.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vault/digest_pipeline.h"

namespace fullrecord::api::uploads {
namespace {

using services::Actor;

// A metadata value as text; empty when absent or valueless.
std::string Meta(const Json& metadata, const char* key) {
  auto it = metadata.find(key);
  return it != metadata.end() && it->is_string() ? it->get<std::string>() : "";
}

// The Chinese name of an upload metadata key.
std::string MetaNameZh(const char* key) {
  std::string_view k = key;
  if (k == "av_record") return "音像记录编号";
  if (k == "case") return "案件编号";
  if (k == "start") return "开始时间";
  if (k == "end") return "结束时间";
  return std::string(key);
}

Result<int64_t> PositiveId(const std::string& text, const char* key) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v <= 0) {
    return Status::InvalidArgument(std::string("metadata ") + key +
                                       " must be a positive integer, not \"" + text + "\"",
                                   "上传信息中的" + MetaNameZh(key) + "应为正整数，“" + text +
                                       "”无效");
  }
  return static_cast<int64_t>(v);
}

Result<std::optional<UnixMicros>> OptionalInstant(const Json& metadata, const char* key) {
  std::string text = Meta(metadata, key);
  if (text.empty()) return std::optional<UnixMicros>();
  auto t = ParseRfc3339(text);
  if (!t) {
    return Status::InvalidArgument(std::string("metadata ") + key +
                                   " must be an RFC 3339 "
                                   "instant such as 2026-03-02T09:30:00+08:00, not \"" +
                                   text + "\"",
                                   "上传信息中的" + MetaNameZh(key) +
                                       "应为带时区的时间，如 2026-03-02T09:30:00+08:00，“" + text +
                                       "”无效");
  }
  return std::optional<UnixMicros>(*t);
}

// The segment plan: the recording must be one the actor may add files to (as
// RecordService::AddSegment will check again).
Result<AttachPlan> PlanSegment(Call& c, const Json& metadata) {
  AttachPlan plan;
  plan.kind = AttachPlan::Kind::kSegment;
  FR_ASSIGN_OR_RETURN(plan.av_id, PositiveId(Meta(metadata, "av_record"), "av_record"));
  FR_ASSIGN_OR_RETURN(plan.start_us, OptionalInstant(metadata, "start"));
  FR_ASSIGN_OR_RETURN(plan.end_us, OptionalInstant(metadata, "end"));
  FR_ASSIGN_OR_RETURN(services::AvRecord av,
                      services::RecordService(c.ctx).GetAv(c.actor, plan.av_id));
  bool allowed = c.actor.id == av.input.officer;
  if (!allowed && av.input.case_id) {
    auto kase = services::CaseService(c.ctx).ReadableCase(c.actor, *av.input.case_id);
    allowed = kase.ok() && services::MayChange(c.actor, *kase);
  }
  if (!allowed) {
    return services::Refuse(c.ctx, c.actor, "av_segment.added", {{"av_record", plan.av_id}},
                            Status::PermissionDenied("only the recording's officer, or the "
                                                     "case's officers and section archivist, "
                                                     "add files to it",
                                                     "只有该音像记录的执法人员，或所属案件的执法人员"
                                                     "和科室档案员，可以为其上传文件"));
  }
  UnixMicros start = plan.start_us.value_or(av.input.start_us);
  UnixMicros end = plan.end_us.value_or(av.input.end_us);
  if (end < start) {
    return Status::InvalidArgument("metadata end is before start", "结束时间早于开始时间");
  }
  return plan;
}

Result<AttachPlan> PlanText(Call& c, const Json& metadata) {
  AttachPlan plan;
  plan.kind = AttachPlan::Kind::kText;
  auto& t = plan.text;
  FR_ASSIGN_OR_RETURN(t.case_id, PositiveId(Meta(metadata, "case"), "case"));
  t.doc_type = Meta(metadata, "doc_type");
  t.title = Meta(metadata, "title");
  if (t.doc_type.empty() || t.title.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("a text record upload needs metadata doc_type and title",
                                   "上传文书扫描件须填写文书种类和标题");
  }
  if (c.ctx.catalogue && !c.ctx.catalogue->Find(t.doc_type)) {
    return Status::InvalidArgument(
        "document type \"" + t.doc_type + "\" is not in the catalogue",
        "文书种类“" + t.doc_type + "”不在文书目录中");
  }
  if (std::string c12n = Meta(metadata, "classification"); !c12n.empty()) {
    FR_ASSIGN_OR_RETURN(t.classification, services::ParseClassification(c12n));
  }
  FR_ASSIGN_OR_RETURN(services::Case kase, services::CaseService(c.ctx).WritableCase(
                                               c.actor, t.case_id, "text_record.added"));
  t.stage = kase.stage;
  if (std::string stage = Meta(metadata, "stage"); !stage.empty()) {
    FR_ASSIGN_OR_RETURN(t.stage, services::ParseStage(stage));
  }
  return plan;
}

// Attaches the new original as planned. Idempotent: a completion repeated after a crash finds
// the record it made before instead of making a second.
Result<Json> Attach(Call& c, const AttachPlan& plan, const std::string& sha256) {
  services::RecordService records(c.ctx);
  if (plan.kind == AttachPlan::Kind::kSegment) {
    FR_ASSIGN_OR_RETURN(
        auto found, c.ctx.db.Query("SELECT id FROM av_segment WHERE av_id = ? AND blob_sha256 = ?",
                                   {plan.av_id, sha256}));
    int64_t segment = found.empty() ? 0 : found[0].Int(0);
    if (segment == 0) {
      FR_ASSIGN_OR_RETURN(services::AvRecord av, records.GetAv(c.actor, plan.av_id));
      FR_ASSIGN_OR_RETURN(segment, records.AddSegment(c.actor, plan.av_id, sha256,
                                                      plan.start_us.value_or(av.input.start_us),
                                                      plan.end_us.value_or(av.input.end_us)));
    }
    return Json{{"kind", "av_segment"}, {"av_record", plan.av_id}, {"segment", segment}};
  }
  if (plan.kind == AttachPlan::Kind::kText) {
    FR_ASSIGN_OR_RETURN(
        auto found,
        c.ctx.db.Query(
            "SELECT id FROM text_record WHERE case_id = ? AND blob_sha256 = ? AND title = ?",
            {plan.text.case_id, sha256, plan.text.title}));
    int64_t id = found.empty() ? 0 : found[0].Int(0);
    if (id == 0) {
      services::TextRecordInput in = plan.text;
      in.blob_sha256 = sha256;
      FR_ASSIGN_OR_RETURN(id, records.AddText(c.actor, in));
    }
    return Json{{"kind", "text_record"}, {"case", plan.text.case_id}, {"text_record", id}};
  }
  return Json{{"kind", "vault"}};
}

// SHA-256 and SM3 of the whole part file, read again (after a restart lost the running ones).
Result<vault::StreamDigests> Rehash(int fd, const std::string& path) {
  uint64_t pos = 0;
  auto read = [fd, &pos, &path](uint8_t* buf, size_t cap) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::pread(fd, buf, cap, static_cast<off_t>(pos));
      if (n >= 0) {
        pos += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR)
        return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
    }
  };
  auto discard = [](const uint8_t*, size_t) { return Status::Ok(); };
  return vault::DigestStream(read, discard);
}

Result<vault::StreamDigests> Digests(const UploadRow& row, const UploadLock& lock,
                                     const std::string& path, std::unique_ptr<HashState> hashes) {
  if (hashes && hashes->offset == row.length) {
    return vault::StreamDigests{hashes->sha256.Finish(), hashes->sm3.Finish(), row.length};
  }
  spdlog::info("upload {}: no running digests (restart or interruption); re-reading {} bytes",
               row.id, row.length);
  FR_ASSIGN_OR_RETURN(vault::StreamDigests d, Rehash(lock.fd(), path));
  if (d.size != row.length) {
    return Status::Corruption(path + " holds " + std::to_string(d.size) + " bytes; upload " +
                              row.id + " is " + std::to_string(row.length) + " long");
  }
  return d;
}

Json DigestJson(const vault::StreamDigests& d) {
  return {
      {"sha256", crypto::DigestHex(d.sha256)}, {"sm3", crypto::DigestHex(d.sm3)}, {"size", d.size}};
}

// The bytes are not those announced: logged, kept out of the vault, part file removed.
Result<Completion> Reject(Call& c, const UploadRow& row, const std::string& path,
                          const vault::StreamDigests& d, const std::string& expected) {
  Json outcome = DigestJson(d);
  outcome["expected_sha256"] = expected;
  outcome["error"] = "the uploaded bytes have SHA-256 " + outcome["sha256"].get<std::string>() +
                     ", not the announced " + expected + "; the upload is not kept";
  (void)services::Refuse(c.ctx, c.actor, "upload.rejected",
                         {{"upload", row.id},
                          {"expected_sha256", expected},
                          {"sha256", outcome["sha256"]},
                          {"size", d.size}},
                         Status::InvalidArgument(outcome["error"].get<std::string>(),
                                                 "上传内容与声明的文件摘要不符，未保存"));
  FR_RETURN_IF_ERROR(UploadTable(c.ctx.db).End(row.id, kRejected, "", outcome));
  ::unlink(path.c_str());
  return Completion{true, outcome};
}

}  // namespace

Result<AttachPlan> PlanAttachment(Call& c, const Json& metadata) {
  bool av = !Meta(metadata, "av_record").empty();
  bool text = !Meta(metadata, "case").empty();
  if (av && text) {
    return Status::InvalidArgument(
        "an upload is for an audio-visual record (av_record) or a "
        "text record (case), not both",
        "一次上传只能归入音像记录或文字记录中的一种");
  }
  if (av) return PlanSegment(c, metadata);
  if (text) return PlanText(c, metadata);
  return AttachPlan{};
}

Result<std::string> AnnouncedSha256(const Json& metadata) {
  std::string text = Meta(metadata, "sha256");
  if (text.empty()) return std::string();
  std::optional<Bytes> raw = text.size() == 64 ? FromHex(text) : Base64Decode(text);
  if (!raw || raw->size() != 32) {
    return Status::InvalidArgument(
        "metadata sha256 must be a SHA-256 in hex (64 characters) "
        "or base64 (44 characters)",
        "声明的文件摘要格式错误，应为 64 位十六进制或 44 位 Base64 编码的 SHA-256 值");
  }
  return ToHex(*raw);
}

Result<Completion> CompleteUpload(Call& c, const UploadRow& row, const UploadLock& lock,
                                  std::unique_ptr<HashState> hashes) {
  std::string path = PartPath(c.store, row.id);
  FR_ASSIGN_OR_RETURN(vault::StreamDigests d, Digests(row, lock, path, std::move(hashes)));
  FR_ASSIGN_OR_RETURN(std::string expected, AnnouncedSha256(row.metadata));
  std::string sha = crypto::DigestHex(d.sha256);
  if (!expected.empty() && expected != sha) return Reject(c, row, path, d, expected);

  // Into the vault without a copy, then into the record the metadata names.
  FR_ASSIGN_OR_RETURN(vault::IngestResult in,
                      c.ctx.vault.AdoptFile(path, d, c.actor.LedgerName(), "upload:" + row.id));
  Json outcome = DigestJson(d);
  outcome["is_new"] = in.is_new;
  outcome["stored_at"] = in.blob.stored_at;
  auto plan = PlanAttachment(c, row.metadata);
  auto attached = plan.ok() ? Attach(c, *plan, sha) : Result<Json>(plan.status());
  if (attached.ok()) {
    outcome["attached"] = *attached;
  } else {
    outcome["attached"] = {{"kind", "vault"}};
    outcome["attach_error"] = attached.status().ToString();
    spdlog::warn("upload {}: stored as {} but not attached: {}", row.id, sha.substr(0, 16),
                 attached.status().ToString());
  }

  // The blob keeps its own link; the part file's name goes once the row says done.
  FR_RETURN_IF_ERROR(UploadTable(c.ctx.db).End(row.id, kDone, sha, outcome));
  ::unlink(path.c_str());
  return Completion{false, outcome};
}

}  // namespace fullrecord::api::uploads
