#include "media/importer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "crypto/digest.h"
#include "services/bureau.h"

namespace fullrecord::media {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMediaExtensions[] = {
    // video
    "mp4", "mov", "m4v", "avi", "mkv", "ts", "mts", "m2ts", "3gp", "mpg", "mpeg", "wmv", "flv",
    "webm", "asf", "h264", "h265", "hevc",
    // audio
    "wav", "mp3", "mp2", "aac", "m4a", "amr", "ogg", "opus", "wma", "flac",
    // pictures
    "jpg", "jpeg", "png", "heic", "heif", "bmp", "tif", "tiff", "webp"};

struct SourceState {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const SourceState&) const = default;
};

Result<SourceState> StatSource(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return errno == ENOENT ? Status::NotFound("no such file: " + path)
                           : Status::IOError("cannot stat " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is not a regular file");
  return SourceState{static_cast<uint64_t>(st.st_size),
                     st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec};
}

Result<std::string> Sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  crypto::Hasher h(crypto::HashAlgorithm::kSha256);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.Update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IOError("cannot read " + path);
  return crypto::DigestHex(h.Finish());
}

std::string StripZeros(const std::string& s) {
  size_t i = s.find_first_not_of('0');
  return i == std::string::npos ? "" : s.substr(i);
}

bool Hidden(const fs::path& relative) {
  for (const auto& part : relative) {
    std::string p = part.string();
    if (!p.empty() && p[0] == '.' && p != "." && p != "..") return true;
  }
  return false;
}

Json DriftFinding(UnixMicros name_us, UnixMicros meta_us, int64_t tolerance_us) {
  int64_t drift = meta_us - name_us;
  int64_t hour = 3'600'000'000;
  int64_t off = std::llabs(drift) % hour;
  bool whole_hours = std::llabs(drift) >= hour - tolerance_us &&
                     (off <= tolerance_us || hour - off <= tolerance_us);
  return {{"kind", "clock_drift"},
          {"name_time", FormatUtc(name_us)},
          {"metadata_time", FormatUtc(meta_us)},
          {"drift_ms", drift / 1000},
          {"whole_hours", whole_hours}};
}

}  // namespace

struct Importer::Pending {
  std::string path;
  std::string sha256;
  SourceState state;
  size_t index = 0;  // in ImportReport::files
};

size_t ImportReport::Count(std::string_view outcome) const {
  return static_cast<size_t>(std::count_if(
      files.begin(), files.end(), [&](const FileReport& f) { return f.outcome == outcome; }));
}

size_t ImportReport::Problems() const {
  return static_cast<size_t>(std::count_if(files.begin(), files.end(), [](const FileReport& f) {
    return f.outcome == "failed" || f.av_id == 0;
  }));
}

bool IsMediaFileName(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size()) return false;
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(std::begin(kMediaExtensions), std::end(kMediaExtensions), ext) !=
         std::end(kMediaExtensions);
}

Importer::Importer(app::Store& store, std::mutex& store_mu, std::string actor,
                   ImportOptions options, DerivativeMaker* maker)
    : store_(store),
      store_mu_(store_mu),
      actor_name_(actor),
      actor_{std::move(actor), {}, true, ""},
      options_(std::move(options)),
      maker_(maker) {}

Result<ImportReport> Importer::ImportDirectory(const std::string& dir) {
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (!fs::exists(st)) return Status::NotFound("no such directory: " + dir);
  if (!fs::is_directory(st)) return Status::InvalidArgument(dir + " is not a directory");
  if (::access(dir.c_str(), R_OK | X_OK) != 0) {
    return Status::PermissionDenied("cannot read the directory " + dir);
  }
  std::vector<std::string> files;
  auto it =
      fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    fs::path rel = fs::relative(it->path(), dir, ec);
    if (Hidden(rel) || !IsMediaFileName(it->path().filename().string())) continue;
    files.push_back(it->path().string());
  }
  if (ec) return Status::IOError("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return ImportFiles(dir, files);
}

ImportReport Importer::ImportFiles(const std::string& root, const std::vector<std::string>& files) {
  ImportReport report;
  std::vector<SegmentInput> segments;
  std::vector<Pending> pending;
  for (const auto& path : files) {
    report.files.push_back(ImportOne(root, path, report.files.size(), segments, pending));
  }

  std::lock_guard lock(store_mu_);
  services::Context& ctx = store_.services();
  report.recordings = RecordingBuilder(ctx, options_.recordings).Register(segments);

  // Which recording each file ended in, and why not for those that did not.
  std::map<std::string, std::string> why_not;
  for (const auto& rec : report.recordings) {
    std::string why = rec.status.ok() ? "" : rec.status.ToString();
    for (const auto& sha : rec.segments) why_not[sha] = why;
  }
  for (const auto& p : pending) {
    FileReport& r = report.files[p.index];
    if (r.av_id != 0) continue;
    auto row =
        ctx.db.Query("SELECT av_id FROM av_segment WHERE blob_sha256 = ? LIMIT 1", {p.sha256});
    if (row.ok() && !row->empty()) {
      r.av_id = (*row)[0].Int(0);
    } else if (r.problem.empty()) {
      r.problem = why_not[p.sha256];
    }
  }
  if (options_.remove_after_verify) RemoveVerified(report, pending);
  return report;
}

FileReport Importer::ImportOne(const std::string& root, const std::string& path, size_t index,
                               std::vector<SegmentInput>& segments, std::vector<Pending>& pending) {
  FileReport r;
  r.path = path;
  auto state = StatSource(path);
  if (state.ok()) r.size = state->size;
  Status s = state.ok() ? Store(path, r) : state.status();
  if (!s.ok()) {
    r.outcome = "failed";
    r.problem = s.ToString();
    return r;
  }
  auto facts = Facts(root, path, r);
  if (!facts.ok()) {
    r.problem = "stored, but its facts could not be recorded: " + facts.status().ToString();
    return r;
  }
  if (maker_) {
    auto queued = maker_->Enqueue(r.sha256, facts->media);
    if (!queued.ok()) r.problem = "derivatives not queued: " + queued.status().ToString();
  }
  pending.push_back({path, r.sha256, *state, index});

  std::lock_guard lock(store_mu_);
  auto seg = store_.services().db.Query(
      "SELECT av_id FROM av_segment WHERE blob_sha256 = ? LIMIT 1", {r.sha256});
  if (seg.ok() && !seg->empty()) {
    r.av_id = (*seg)[0].Int(0);
    if (r.outcome == "known") r.outcome = "duplicate";
    return r;
  }
  if (r.device.empty()) {
    std::string name = facts->name && !facts->name->device.empty() ? facts->name->device : "none";
    r.problem = "no registered device for this file (file name says " + name +
                "); register the device (R11.2) or pass --device, then import again";
  } else if (!r.start_us) {
    r.problem = "neither the file's metadata nor its name gives the recording time";
  } else {
    segments.push_back({r.sha256, r.device, *r.start_us, r.end_us.value_or(*r.start_us)});
  }
  return r;
}

// Puts the file in the vault, unless this very file (same name, size and SHA-256) was seen
// before: then nothing at all is written.
Status Importer::Store(const std::string& path, FileReport& r) {
  std::string name = fs::path(path).filename().string();
  std::vector<std::string> candidates;
  {
    std::lock_guard lock(store_mu_);
    FR_ASSIGN_OR_RETURN(candidates, MediaStore(store_.services()).FindByNameAndSize(name, r.size));
  }
  if (!candidates.empty()) {
    FR_ASSIGN_OR_RETURN(std::string sha, Sha256OfFile(path));
    if (std::find(candidates.begin(), candidates.end(), sha) != candidates.end()) {
      r.sha256 = sha;
      r.outcome = "known";
      return Status::Ok();
    }
  }
  std::lock_guard lock(store_mu_);
  FR_ASSIGN_OR_RETURN(auto ingest, store_.vault().IngestFile(path, actor_name_));
  r.sha256 = ingest.blob.sha256;
  r.size = ingest.blob.size;
  r.outcome = ingest.is_new ? "stored" : "known";
  return Status::Ok();
}

Result<FactsRecord> Importer::Facts(const std::string& root, const std::string& path,
                                    FileReport& r) {
  std::optional<FactsRecord> known;
  {
    std::lock_guard lock(store_mu_);
    FR_ASSIGN_OR_RETURN(known, MediaStore(store_.services()).GetFacts(r.sha256));
  }
  FactsRecord rec;
  if (known) {
    rec = std::move(*known);
  } else {
    // The stored copy is probed, so the facts describe the bytes the vault keeps.
    FR_ASSIGN_OR_RETURN(rec.media, Probe(BlobFilePath(store_, r.sha256)));
    rec.sha256 = r.sha256;
    rec.file_name = fs::path(path).filename().string();
    rec.name = ParseBodyCameraName(rec.file_name);
    rec.recorded_us = rec.media.created_us;
    if (!rec.recorded_us && rec.name) rec.recorded_us = rec.name->start_us;
  }

  std::lock_guard lock(store_mu_);
  FR_ASSIGN_OR_RETURN(r.device, ResolveDevice(root, path, rec, rec.findings));
  if (!known) {
    AddFindings(rec, r.device);
    FR_RETURN_IF_ERROR(MediaStore(store_.services()).AddFacts(actor_, rec));
  }
  r.kind = rec.media.kind;
  r.readable = rec.media.readable;
  r.reason = rec.media.reason;
  r.findings = rec.findings;
  r.start_us = rec.recorded_us;
  if (rec.recorded_us) r.end_us = *rec.recorded_us + rec.media.duration_us.value_or(0);
  return rec;
}

// The device a file came from: --device, else the serial in its name or metadata, else a folder
// on its path named after a registered device (nearest first, the import root last). Empty when
// none is registered. Disagreeing registered candidates are a finding.
Result<std::string> Importer::ResolveDevice(const std::string& root, const std::string& path,
                                            const FactsRecord& facts, Json& findings) {
  FR_ASSIGN_OR_RETURN(auto devices, services::BureauService(store_.services()).ListDevices());
  std::map<std::string, std::string> registered;
  for (const auto& d : devices) registered[NormalizeSerial(d.serial)] = d.serial;
  auto lookup = [&](const std::string& text) -> std::string {
    auto it = registered.find(NormalizeSerial(text));
    return text.empty() || it == registered.end() ? "" : it->second;
  };

  std::string from_name = lookup(facts.name ? facts.name->device : "");
  if (from_name.empty()) from_name = lookup(facts.media.serial);
  std::error_code ec;
  fs::path root_path = fs::path(root).lexically_normal();
  if (!root_path.has_filename()) root_path = root_path.parent_path();  // "dock/" -> "dock"
  std::vector<std::string> folders;                                    // nearest first
  for (const auto& part : fs::relative(fs::path(path).parent_path(), root_path, ec)) {
    if (part != ".") folders.insert(folders.begin(), part.string());
  }
  folders.push_back(root_path.filename().string());
  std::string from_folder;
  for (const auto& f : folders) {
    if (from_folder.empty()) from_folder = lookup(f);
  }

  if (!options_.device.empty()) {
    std::string forced = lookup(options_.device);
    if (forced.empty()) {
      return Status::InvalidArgument("--device " + options_.device + " is not registered (R11.2)");
    }
    return forced;
  }
  if (!from_name.empty() && !from_folder.empty() && from_name != from_folder) {
    bool noted = std::any_of(findings.begin(), findings.end(), [](const Json& f) {
      return f.value("kind", "") == "device_mismatch";
    });
    if (!noted) {
      findings.push_back({{"kind", "device_mismatch"},
                          {"name_device", from_name},
                          {"folder_device", from_folder}});
    }
  }
  return from_name.empty() ? from_folder : from_name;
}

void Importer::AddFindings(FactsRecord& rec, const std::string& device) {
  const MediaFacts& m = rec.media;
  std::optional<UnixMicros> name_time = rec.name ? rec.name->start_us : std::nullopt;
  if (m.created_us && name_time &&
      std::llabs(*m.created_us - *name_time) > options_.drift_tolerance_us) {
    rec.findings.push_back(DriftFinding(*name_time, *m.created_us, options_.drift_tolerance_us));
  }
  if (m.truncated) {
    rec.findings.push_back({{"kind", "truncated"},
                            {"declared_ms", m.declared_duration_us.value_or(0) / 1000},
                            {"present_ms", m.duration_us.value_or(0) / 1000}});
  }
  if (!rec.recorded_us) rec.findings.push_back({{"kind", "no_time"}});

  // The officer number in the name against the certificate of who held the device.
  if (!rec.name || rec.name->officer.empty() || device.empty() || !rec.recorded_us) return;
  services::BureauService bureau(store_.services());
  auto holder = bureau.HolderAt(device, *rec.recorded_us);
  if (!holder.ok()) return;
  auto person = bureau.GetPerson(*holder);
  if (!person.ok() || person->cert_no.empty()) return;
  const std::string& named = rec.name->officer;
  if (StripZeros(named) != StripZeros(person->cert_no) && named != person->id) {
    rec.findings.push_back({{"kind", "officer_mismatch"},
                            {"name_officer", named},
                            {"holder", *holder},
                            {"holder_cert", person->cert_no}});
  }
}

// Removes sources whose stored copy re-reads and verifies and that are part of a recording; a
// source that changed since it was read is kept.
void Importer::RemoveVerified(ImportReport& report, const std::vector<Pending>& pending) {
  for (const auto& p : pending) {
    FileReport& r = report.files[p.index];
    if (r.av_id == 0) continue;
    auto now = StatSource(p.path);
    if (!now.ok() || !(*now == p.state)) {
      r.problem = "kept: the source changed after it was read";
      continue;
    }
    if (Status v = store_.vault().Verify(p.sha256); !v.ok()) {
      r.problem = "kept: the stored copy did not verify: " + v.ToString();
      continue;
    }
    if (::unlink(p.path.c_str()) != 0) {
      r.problem = std::string("kept: cannot remove the source: ") + std::strerror(errno);
      continue;
    }
    r.removed = true;
  }
}

}  // namespace fullrecord::media
