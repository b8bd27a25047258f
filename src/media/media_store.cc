#include "media/media_store.h"

namespace fullrecord::media {
namespace {

std::optional<NameFacts> NameFromJson(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  NameFacts n;
  n.pattern = j.value("pattern", "");
  n.device = j.value("device", "");
  n.officer = j.value("officer", "");
  if (j.contains("start_us")) n.start_us = j["start_us"].get<int64_t>();
  n.sequence = j.value("sequence", "");
  n.channel = j.value("channel", "");
  return n;
}

Result<FactsRecord> RecordFromRow(const store::Row& r) {
  FactsRecord rec;
  rec.sha256 = r.Text(0);
  rec.file_name = r.Text(1);
  rec.recorded_us = services::OptionalInt(r, 2);
  rec.probed_us = r.Int(3);
  Json j = Json::parse(r.Text(4), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption("media_facts of " + rec.sha256 + " hold no JSON object");
  }
  auto media = FactsFromJson(j.value("media", Json::object()));
  if (!media.ok()) return media.status().WithContext("media_facts of " + rec.sha256);
  rec.media = std::move(media).value();
  if (j.contains("name")) rec.name = NameFromJson(j["name"]);
  rec.findings = j.value("findings", Json::array());
  return rec;
}

}  // namespace

Json NameFactsJson(const NameFacts& n) {
  Json j = {{"pattern", n.pattern}};
  if (!n.device.empty()) j["device"] = n.device;
  if (!n.officer.empty()) j["officer"] = n.officer;
  if (n.start_us) j["start"] = FormatUtc(*n.start_us), j["start_us"] = *n.start_us;
  if (!n.sequence.empty()) j["sequence"] = n.sequence;
  if (!n.channel.empty()) j["channel"] = n.channel;
  return j;
}

Json FactsRecordJson(const FactsRecord& rec) {
  Json j = {{"media", FactsToJson(rec.media)}, {"findings", rec.findings}};
  if (rec.name) j["name"] = NameFactsJson(*rec.name);
  return j;
}

Status MediaStore::RequireBlob(const std::string& sha256) {
  auto blob = ctx_.vault.Get(sha256);
  if (blob.ok()) return Status::Ok();
  if (blob.status().IsNotFound()) {
    return Status::InvalidArgument("blob " + sha256 + " is not in the vault");
  }
  return blob.status();
}

Status MediaStore::AddFacts(const services::Actor& actor, FactsRecord rec) {
  FR_RETURN_IF_ERROR(RequireBlob(rec.sha256));
  rec.probed_us = ctx_.now();
  return services::Commit(ctx_, actor, "media.probed", [&](Json& d) -> Status {
    FR_ASSIGN_OR_RETURN(auto rows,
                        ctx_.db.Query("SELECT 1 FROM media_facts WHERE sha256 = ?", {rec.sha256}));
    if (!rows.empty()) return Status::AlreadyExists("blob " + rec.sha256 + " already has facts");
    const MediaFacts& m = rec.media;
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO media_facts (sha256, file_name, kind, readable, reason, duration_us, "
        "recorded_us, facts, probed_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {rec.sha256, rec.file_name, m.kind, int64_t{m.readable},
         m.readable ? store::Value{} : store::Value{m.reason},
         services::OptionalValue(m.duration_us), services::OptionalValue(rec.recorded_us),
         FactsRecordJson(rec).dump(), rec.probed_us}));
    d = {{"sha256", rec.sha256},
         {"file", rec.file_name},
         {"kind", m.kind},
         {"readable", m.readable},
         {"findings", rec.findings}};
    if (!m.readable) d["reason"] = m.reason;
    if (m.duration_us) d["duration_ms"] = *m.duration_us / 1000;
    if (rec.recorded_us) d["recorded"] = FormatUtc(*rec.recorded_us);
    return Status::Ok();
  });
}

Result<std::optional<FactsRecord>> MediaStore::GetFacts(const std::string& sha256) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query("SELECT sha256, file_name, recorded_us, probed_us, "
                                               "facts FROM media_facts WHERE sha256 = ?",
                                               {sha256}));
  if (rows.empty()) return std::optional<FactsRecord>();
  FR_ASSIGN_OR_RETURN(FactsRecord rec, RecordFromRow(rows[0]));
  return std::optional<FactsRecord>(std::move(rec));
}

Result<std::vector<std::string>> MediaStore::FindByNameAndSize(const std::string& file_name,
                                                               uint64_t size) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT m.sha256 FROM media_facts m JOIN blob b ON b.sha256 = m.sha256 "
                    "WHERE m.file_name = ? AND b.size = ?",
                    {file_name, static_cast<int64_t>(size)}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status MediaStore::AddDerivative(const services::Actor& actor, DerivativeRecord rec) {
  FR_RETURN_IF_ERROR(RequireBlob(rec.original_sha256));
  FR_RETURN_IF_ERROR(RequireBlob(rec.sha256));
  rec.created_us = ctx_.now();
  return services::Commit(ctx_, actor, "derivative.created", [&](Json& d) -> Status {
    FR_ASSIGN_OR_RETURN(bool exists, HasDerivative(rec.original_sha256, rec.kind));
    if (exists) {
      return Status::AlreadyExists("blob " + rec.original_sha256 + " already has a " + rec.kind);
    }
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO derivative (original_sha256, kind, sha256, created_us, params) "
        "VALUES (?, ?, ?, ?, ?)",
        {rec.original_sha256, rec.kind, rec.sha256, rec.created_us, rec.params.dump()}));
    d = {{"original", rec.original_sha256},
         {"kind", rec.kind},
         {"sha256", rec.sha256},
         {"params", rec.params}};
    return Status::Ok();
  });
}

Result<std::vector<DerivativeRecord>> MediaStore::ListDerivatives(const std::string& original) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT original_sha256, kind, sha256, created_us, params FROM derivative "
                    "WHERE original_sha256 = ? ORDER BY kind",
                    {original}));
  std::vector<DerivativeRecord> out;
  for (const auto& r : rows) {
    Json params = Json::parse(r.Text(4), nullptr, false);
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3),
                   params.is_discarded() ? Json::object() : params});
  }
  return out;
}

Result<bool> MediaStore::HasDerivative(const std::string& original, const std::string& kind) {
  FR_ASSIGN_OR_RETURN(
      auto rows, ctx_.db.Query("SELECT 1 FROM derivative WHERE original_sha256 = ? AND kind = ?",
                               {original, kind}));
  return !rows.empty();
}

}  // namespace fullrecord::media
