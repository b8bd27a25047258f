// GET /api/copy-requests/{id}/package: the copy of a full-process record for its party (R15.1)
// as one zip, streamed from the vault: the manifest first, then checksum lists a party can run
// (sha256sum -c, and the SM3 list for the national algorithm), then exactly the originals the
// manifest lists as included, each re-hashed before it is sent. Nothing else exports originals
// in bulk (R17.3).
#include <spdlog/spdlog.h>

#include <vector>

#include "api/api.h"
#include "api/blob_files.h"
#include "api/zip_writer.h"
#include "services/copies.h"

namespace fullrecord::api {
namespace {

constexpr const char* kEvent = "copy.package_downloaded";
constexpr size_t kChunk = 1 << 20;

struct PackageFile {
  std::string name;  // inside the zip: data/<manifest name>
  std::string sha256;
  std::string sm3;
  uint64_t size = 0;
};

// The included files of a produced manifest (CopySet::ToJson).
Result<std::vector<PackageFile>> IncludedFiles(const Json& manifest) {
  std::vector<PackageFile> out;
  if (!manifest.is_object() || !manifest.contains("included")) {
    return Status::Corruption("the copy's stored manifest has no list of included records");
  }
  for (const auto& entry : manifest["included"]) {
    for (const auto& f : entry.value("files", Json::array())) {
      std::string name = f.value("name", "");
      std::string sha = f.value("sha256", "");
      if (name.empty() || name.find('/') != std::string::npos || !IsSha256Hex(sha)) {
        return Status::Corruption("the copy's manifest lists a malformed file: " + f.dump());
      }
      out.push_back({"data/" + name, sha, f.value("sm3", ""), f.value("size", uint64_t{0})});
    }
  }
  return out;
}

std::string ChecksumList(const std::vector<PackageFile>& files, bool sm3) {
  std::string out;
  for (const auto& f : files) out += (sm3 ? f.sm3 : f.sha256) + "  " + f.name + "\n";
  return out;
}

Status WriteText(ZipWriter& zip, const std::string& name, const std::string& text) {
  FR_RETURN_IF_ERROR(zip.Begin(name, text.size(), Crc32(0, text.data(), text.size())));
  return zip.Write(text.data(), text.size());
}

// One original: read once for its CRC-32 and SHA-256 (what leaves must be what was stored),
// then again into the zip.
Status WriteOriginal(ZipWriter& zip, const PackageFile& f, const BlobFile& blob) {
  std::vector<uint8_t> buf(kChunk);
  crypto::Hasher sha(crypto::HashAlgorithm::kSha256);
  uint32_t crc = 0;
  for (uint64_t at = 0; at < blob.size();) {
    FR_ASSIGN_OR_RETURN(size_t n, blob.ReadAt(at, buf.data(), buf.size()));
    if (n == 0) break;
    crc = Crc32(crc, buf.data(), n);
    sha.Update(buf.data(), n);
    at += n;
  }
  std::string now = crypto::DigestHex(sha.Finish());
  if (now != f.sha256) {
    return Status::Corruption("original " + f.sha256 + " (" + f.name + ") now hashes to " + now +
                              "; the package stops before it");
  }
  FR_RETURN_IF_ERROR(zip.Begin(f.name, f.size, crc));
  for (uint64_t at = 0; at < blob.size();) {
    FR_ASSIGN_OR_RETURN(size_t n, blob.ReadAt(at, buf.data(), buf.size()));
    if (n == 0) break;
    FR_RETURN_IF_ERROR(zip.Write(buf.data(), n));
    at += n;
  }
  return Status::Ok();
}

struct Package {
  std::string manifest;
  std::vector<PackageFile> files;
  std::vector<BlobFile> blobs;
  std::vector<std::pair<std::string, uint64_t>> layout;  // every entry, for the length
};

Result<Package> Assemble(Call& c, const services::CopyRequest& req) {
  Package p;
  FR_ASSIGN_OR_RETURN(p.files, IncludedFiles(req.manifest));
  p.manifest = req.manifest.dump(2) + "\n";
  p.layout = {{"manifest.json", p.manifest.size()},
              {"manifest-sha256.txt", ChecksumList(p.files, false).size()},
              {"manifest-sm3.txt", ChecksumList(p.files, true).size()}};
  for (const auto& f : p.files) {
    FR_ASSIGN_OR_RETURN(BlobFile blob, BlobFile::Open(c.store, f.sha256));
    if (blob.size() != f.size) {
      return Status::Corruption("original " + f.sha256 + " is " + std::to_string(blob.size()) +
                                " bytes; the manifest says " + std::to_string(f.size));
    }
    p.blobs.push_back(std::move(blob));
    p.layout.push_back({f.name, f.size});
  }
  return p;
}

Status WriteAll(ZipWriter& zip, const Package& p) {
  FR_RETURN_IF_ERROR(WriteText(zip, "manifest.json", p.manifest));
  FR_RETURN_IF_ERROR(WriteText(zip, "manifest-sha256.txt", ChecksumList(p.files, false)));
  FR_RETURN_IF_ERROR(WriteText(zip, "manifest-sm3.txt", ChecksumList(p.files, true)));
  for (size_t i = 0; i < p.files.size(); ++i) {
    FR_RETURN_IF_ERROR(WriteOriginal(zip, p.files[i], p.blobs[i]));
  }
  return zip.Finish();
}

// The state of a copy request as the web UI names it.
const char* RequestStateZh(services::CopyState s) {
  switch (s) {
    case services::CopyState::kRequested:
      return "待审批";
    case services::CopyState::kApproved:
      return "已批准";
    case services::CopyState::kRefused:
      return "不予批准";
    case services::CopyState::kProduced:
      return "已制作";
    case services::CopyState::kDelivered:
      return "已交付";
  }
  return "未知";
}

// The request, when the actor handles copies of its case and it has been produced.
Result<services::CopyRequest> ProducedRequest(Call& c, services::Case* kase) {
  FR_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  FR_ASSIGN_OR_RETURN(services::CopyRequest req, services::CopyService(c.ctx).Get(c.actor, id));
  FR_ASSIGN_OR_RETURN(*kase, services::CaseService(c.ctx).ReadableCase(c.actor, req.case_id));
  Json detail = {{"request", id}, {"case", kase->id}, {"number", kase->number}};
  if (!services::MayHandleCopies(c.actor, *kase)) {
    return services::Refuse(c.ctx, c.actor, kEvent, detail,
                            Status::PermissionDenied("a copy's package is handed out by an "
                                                     "officer of the case or the archivist of "
                                                     "section " +
                                                         kase->section + " (R17.3)",
                                                     "复制件只能由本案执法人员或本科室档案员"
                                                     "交付（R17.3）"));
  }
  bool produced =
      req.state == services::CopyState::kProduced || req.state == services::CopyState::kDelivered;
  if (!produced || req.manifest.is_null()) {
    return services::Refuse(
        c.ctx, c.actor, kEvent, detail,
        Status::FailedPrecondition("copy request " + std::to_string(id) + " is " +
                                   services::CopyStateCode(req.state) +
                                   "; a package exists once the "
                                   "principal leader approved the request and it was produced "
                                   "(R15.1)",
                                   "复制申请 " + std::to_string(id) + " 当前状态为“" +
                                       RequestStateZh(req.state) +
                                       "”，经主要领导批准并制作复制件后方可下载（R15.1）"));
  }
  return req;
}

void GetPackage(Call& c) {
  services::Case kase;
  auto req = ProducedRequest(c, &kase);
  if (!req.ok()) return c.Fail(req.status());
  auto package = Assemble(c, *req);
  if (!package.ok()) return c.Fail(package.status());
  ZipWriter::Options options{req->produced_us.value_or(c.ctx.now()), false};
  uint64_t length = ZipWriter::ArchiveSize(package->layout, options);

  if (c.ex.method() != http::verb::head) {
    Json digests = Json::array();
    for (const auto& f : package->files) digests.push_back(f.sha256);
    Json d = {{"request", req->id},
              {"case", kase.id},
              {"number", kase.number},
              {"files", digests},
              {"bytes", length}};
    Status logged = c.store.ledger().Append({{kEvent, c.actor.LedgerName(), "ok", d}}).status();
    if (!logged.ok()) return c.Fail(logged);
  }
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::content_type, "application/zip");
  res.set(http::field::content_disposition,
          ContentDisposition(true, "copy-" + kase.number + "-" + std::to_string(req->id) + ".zip"));
  if (!c.ex.SendHeader(std::move(res), length)) return;

  ZipWriter zip([&c](const void* p, size_t n) { return c.ex.WriteBody(p, n); }, options);
  Status s = WriteAll(zip, *package);
  if (!s.ok() || zip.written() != length) {
    spdlog::error("copy package {} cut short after {} of {} bytes: {}", req->id, zip.written(),
                  length, s.ToString());
    c.ex.Close();
  }
}

}  // namespace

void AddCopyPackageRoute(Api& api) {
  api.Route(http::verb::get, "/api/copy-requests/{id}/package",
            {"The produced copy for the party, as a zip (R15.1)", "copies"}, Access::kSession,
            GetPackage);
}

}  // namespace fullrecord::api
