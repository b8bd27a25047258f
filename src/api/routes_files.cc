// Downloads and playback of originals: GET /api/blobs/{sha256} with Range, ETag and the
// access rules of the records that hold the blob (R16.1). Every view and download is a ledger
// event; see docs/uploads.md for when a range request is logged.
#include <openssl/rand.h>

#include <chrono>
#include <map>
#include <mutex>

#include "api/blob_files.h"
#include "api/byte_ranges.h"
#include "api/tus.h"
#include "services/records.h"

namespace fullrecord::api {
namespace {

using services::Actor;
using services::Case;
using services::Classification;

constexpr UnixMicros kRangeLogWindow = 60'000'000;

// Who may see a blob: a reader of a record that references it, or, for an original no record
// references yet, the person who uploaded it.
struct BlobAccess {
  bool allowed = false;
  std::string via;        // "text_record:7", "av_segment:3", "upload:<id>"
  std::string file_name;  // from an upload's metadata, when known
  std::string file_type;
};

// The case's access facts, read without the refusal logging of CaseService (a blob may be
// referenced from several places; only the final answer is logged).
Result<Case> CaseForAccess(store::Database& db, int64_t id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      db.Query("SELECT section, stage, classification FROM case_file WHERE id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("no case " + std::to_string(id),
                            "未找到编号为 " + std::to_string(id) + " 的案件");
  }
  Case c;
  c.id = id;
  c.section = rows[0].Text(0);
  FR_ASSIGN_OR_RETURN(c.stage, services::ParseStage(rows[0].Text(1)));
  FR_ASSIGN_OR_RETURN(c.classification, services::ParseClassification(rows[0].Text(2)));
  FR_ASSIGN_OR_RETURN(auto officers,
                      db.Query("SELECT person FROM case_officer WHERE case_id = ?", {id}));
  for (const auto& r : officers) c.officers.push_back(r.Text(0));
  return c;
}

Result<bool> MayReadIn(Call& c, int64_t case_id, const std::string& classification) {
  FR_ASSIGN_OR_RETURN(Case kase, CaseForAccess(c.ctx.db, case_id));
  FR_ASSIGN_OR_RETURN(Classification cls, services::ParseClassification(classification));
  return services::MayReadRecord(c.actor, kase, cls);
}

// A recording not yet tied to a case: its officer, their section's head and archivist, and
// the principal leader (as RecordService::GetAv decides).
bool MayReadUnassigned(Call& c, const std::string& officer) {
  if (c.actor.id == officer || c.actor.Has(services::Role::kPrincipalLeader)) return true;
  auto owner = services::LoadActor(c.ctx, officer);
  bool same = owner.ok() && !c.actor.section.empty() && owner->section == c.actor.section;
  return same &&
         (c.actor.Has(services::Role::kSectionHead) || c.actor.Has(services::Role::kArchivist));
}

void Grant(BlobAccess* a, const char* kind, int64_t id) {
  a->allowed = true;
  a->via = std::string(kind) + ":" + std::to_string(id);
}

Status CheckRecords(Call& c, const std::string& sha, BlobAccess* a, bool* referenced) {
  FR_ASSIGN_OR_RETURN(
      auto texts,
      c.ctx.db.Query("SELECT id, case_id, classification FROM text_record WHERE blob_sha256 = ?",
                     {sha}));
  for (const auto& r : texts) {
    *referenced = true;
    FR_ASSIGN_OR_RETURN(bool ok, MayReadIn(c, r.Int(1), r.Text(2)));
    if (ok) {
      Grant(a, "text_record", r.Int(0));
      return Status::Ok();
    }
  }
  FR_ASSIGN_OR_RETURN(
      auto segs,
      c.ctx.db.Query("SELECT s.id, a.case_id, a.classification, a.officer FROM av_segment s "
                     "JOIN av_record a ON a.id = s.av_id WHERE s.blob_sha256 = ?",
                     {sha}));
  for (const auto& r : segs) {
    *referenced = true;
    bool ok = false;
    if (r.IsNull(1)) {
      ok = MayReadUnassigned(c, r.IsNull(3) ? "" : r.Text(3));
    } else {
      FR_ASSIGN_OR_RETURN(ok, MayReadIn(c, r.Int(1), r.Text(2)));
    }
    if (ok) {
      Grant(a, "av_segment", r.Int(0));
      return Status::Ok();
    }
  }
  return Status::Ok();
}

std::string MetaText(const Json& meta, const char* key) {
  if (!meta.is_object() || !meta.contains(key) || !meta[key].is_string()) return "";
  return meta[key].get<std::string>();
}

Result<BlobAccess> ResolveAccess(Call& c, const std::string& sha) {
  BlobAccess a;
  bool referenced = false;
  FR_RETURN_IF_ERROR(CheckRecords(c, sha, &a, &referenced));
  FR_RETURN_IF_ERROR(EnsureUploadSchema(c.ctx.db));
  FR_ASSIGN_OR_RETURN(
      auto uploads,
      c.ctx.db.Query("SELECT id, person, metadata FROM upload WHERE sha256 = ? AND state = 'done' "
                     "ORDER BY created_us",
                     {sha}));
  for (const auto& r : uploads) {
    Json meta = Json::parse(r.Text(2), nullptr, false);
    if (a.file_name.empty()) {
      a.file_name = MetaText(meta, "filename");
      a.file_type = MetaText(meta, "filetype");
    }
    if (!referenced && !a.allowed && r.Text(1) == c.actor.id) {
      a.allowed = true;
      a.via = "upload:" + r.Text(0);
    }
  }
  return a;
}

// Range requests of one session for one blob are logged once a minute (docs/uploads.md), so a
// player's many small requests do not flood the ledger.
bool RangeLogDue(const std::string& session, const std::string& key, UnixMicros now) {
  static std::mutex mu;
  static std::map<std::string, UnixMicros> last;  // guarded by mu
  std::lock_guard<std::mutex> lock(mu);
  if (last.size() > 10000) {
    std::erase_if(last, [now](const auto& e) { return now - e.second >= kRangeLogWindow; });
  }
  std::string k = crypto::DigestHex(crypto::Sha256(session)) + "/" + key;
  auto it = last.find(k);
  if (it != last.end() && now - it->second < kRangeLogWindow) return false;
  last[k] = now;
  return true;
}

std::string Boundary() {
  uint8_t bytes[12];
  RAND_bytes(bytes, sizeof(bytes));
  return "fr-" + ToHex(bytes, sizeof(bytes));
}

// Sends `plan` of `file` (headers already on `res`).
void Stream(Call& c, http::response<http::empty_body>&& res, const BlobFile& file,
            const RangePlan& plan, const std::string& type) {
  uint64_t size = file.size();
  using Outcome = RangePlan::Outcome;
  if (plan.outcome == Outcome::kWhole) {
    res.set(http::field::content_type, type);
    return c.ex.SendFileRange(std::move(res), file.fd(), 0, size);
  }
  res.result(http::status::partial_content);
  if (plan.ranges.size() == 1) {
    res.set(http::field::content_type, type);
    res.set(http::field::content_range, ContentRange(plan.ranges[0], size));
    return c.ex.SendFileRange(std::move(res), file.fd(), plan.ranges[0].first,
                              plan.ranges[0].length());
  }
  Multipart m = FrameRanges(plan.ranges, size, type, Boundary());
  res.set(http::field::content_type, m.content_type);
  std::vector<server::Exchange::Part> parts;
  for (size_t i = 0; i < plan.ranges.size(); ++i) {
    parts.push_back({m.prefixes[i], plan.ranges[i].first, plan.ranges[i].length()});
  }
  c.ex.SendParts(std::move(res), file.fd(), parts, m.trailer);
}

// The plan for this request: If-Range must name the current ETag for Range to count.
RangePlan PlanFor(Call& c, const std::string& etag, uint64_t size) {
  std::string range = c.ex.Header(http::field::range);
  std::string if_range = c.ex.Header(http::field::if_range);
  if (range.empty() || (!if_range.empty() && if_range != etag)) return {};
  return PlanRanges(range, size);
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match.find('*') != std::string::npos) return true;
  std::string weak = "W/" + etag;
  size_t at = if_none_match.find(etag);
  return at != std::string::npos || if_none_match.find(weak) != std::string::npos;
}

Status LogAccess(Call& c, const std::string& sha, const BlobAccess& a, bool download,
                 const RangePlan& plan) {
  const char* type = download ? "blob.downloaded" : "blob.viewed";
  bool partial = plan.outcome == RangePlan::Outcome::kPartial;
  if (partial && !RangeLogDue(c.session_token, sha + "/" + type, c.ctx.now())) {
    return Status::Ok();
  }
  Json d = {{"sha256", sha}, {"via", a.via}};
  if (partial) d["range"] = c.ex.Header(http::field::range).substr(0, 200);
  return c.store.ledger().Append({{type, c.actor.LedgerName(), "ok", d}}).status();
}

// GET and HEAD /api/blobs/{sha256}.
void GetBlob(Call& c) {
  std::string sha = c.ex.params["sha256"];
  bool download = c.ex.Query("download") == "1";
  const char* event = download ? "blob.downloaded" : "blob.viewed";
  Status hidden = Status::NotFound("no blob " + sha.substr(0, 64), "未找到该文件");
  auto access = IsSha256Hex(sha) ? ResolveAccess(c, sha) : Result<BlobAccess>(BlobAccess{});
  if (!access.ok()) return c.Fail(access.status());
  if (!access->allowed) {
    return c.Fail(services::Refuse(c.ctx, c.actor, event, {{"sha256", sha.substr(0, 64)}}, hidden));
  }
  auto file = BlobFile::Open(c.store, sha);
  if (!file.ok()) return c.Fail(file.status());

  std::string etag = "\"" + sha + "\"";
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::etag, etag);
  res.set(http::field::accept_ranges, "bytes");
  if (EtagMatches(c.ex.Header(http::field::if_none_match), etag)) {
    res.result(http::status::not_modified);
    return c.ex.SendFileRange(std::move(res), file->fd(), 0, 0);
  }
  RangePlan plan = PlanFor(c, etag, file->size());
  if (plan.outcome == RangePlan::Outcome::kUnsatisfiable) {
    res.result(http::status::range_not_satisfiable);
    res.set(http::field::content_range, "bytes */" + std::to_string(file->size()));
    return c.ex.SendFileRange(std::move(res), file->fd(), 0, 0);
  }

  char head[64] = {};
  auto n = file->ReadAt(0, head, sizeof(head));
  std::string type =
      MediaTypeFor(access->file_type, access->file_name, std::string_view(head, n.ok() ? *n : 0));
  std::string name = access->file_name.empty() ? sha.substr(0, 16) : access->file_name;
  res.set(http::field::content_disposition, ContentDisposition(download, name));
  if (c.ex.method() != http::verb::head) {
    if (Status s = LogAccess(c, sha, *access, download, plan); !s.ok()) return c.Fail(s);
  }
  Stream(c, std::move(res), *file, plan, type);
}

}  // namespace

void AddCopyPackageRoute(Api& api);

void AddFileRoutes(Api& api) {
  api.Route(
      http::verb::get, "/api/blobs/{sha256}",
      {"An original: whole, or byte ranges for playback (?download=1: as an attachment)", "files"},
      Access::kSession, GetBlob);
  AddCopyPackageRoute(api);
}

}  // namespace fullrecord::api
