#include "media/derivatives.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "media/ffmpeg.h"
#include "media/media_store.h"

namespace fullrecord::media {
namespace {

namespace fs = std::filesystem;

std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "fullrecord-media-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create " + pattern);
  return pattern;
}

Json PictureParams(const PictureOptions& o, const Picture& p, bool sheet) {
  Json j = {{"format", "jpeg"},
            {"width", p.width},
            {"height", p.height},
            {"frames", p.frames},
            {"jpeg_qscale", o.jpeg_quality},
            {"libraries", av::LibraryVersions()}};
  if (sheet) j["columns"] = o.columns, j["rows"] = o.rows;
  return j;
}

}  // namespace

std::string BlobFilePath(const app::Store& store, const std::string& sha256) {
  return store.dir() + "/blobs/" + sha256.substr(0, 2) + "/" + sha256.substr(2, 2) + "/" + sha256;
}

std::vector<std::string> NeededDerivatives(const MediaFacts& facts) {
  std::vector<std::string> kinds;
  if (!facts.readable || (facts.kind != "video" && facts.kind != "audio")) return kinds;
  if (facts.kind == "video") kinds = {"poster", "contact_sheet"};
  if (!IsBrowserPlayable(facts)) kinds.push_back("proxy");
  return kinds;
}

DerivativeMaker::DerivativeMaker(app::Store& store, std::mutex& store_mu, services::Actor actor,
                                 DerivativeOptions options)
    : store_(store),
      store_mu_(store_mu),
      actor_(std::move(actor)),
      options_(std::move(options)),
      temp_dir_(MakeTempDir()),
      queue_(options_.workers) {}

DerivativeMaker::~DerivativeMaker() {
  try {
    queue_.Wait();
  } catch (const std::exception& e) {
    spdlog::error("media: a derivative job failed: {}", e.what());
  }
  std::error_code ec;
  fs::remove_all(temp_dir_, ec);
}

Result<size_t> DerivativeMaker::Enqueue(const std::string& sha256, const MediaFacts& facts) {
  std::vector<std::string> kinds;
  {
    std::lock_guard lock(store_mu_);
    MediaStore media(store_.services());
    for (const auto& kind : NeededDerivatives(facts)) {
      FR_ASSIGN_OR_RETURN(bool has, media.HasDerivative(sha256, kind));
      if (!has) kinds.push_back(kind);
    }
  }
  for (const auto& kind : kinds) {
    std::string id = std::to_string(next_id_++);
    {
      std::lock_guard lock(mu_);
      ++total_;
      running_[id] = 0;
    }
    queue_.Submit([this, sha256, kind, id] { Make(sha256, kind, id); });
  }
  return kinds.size();
}

void DerivativeMaker::Make(const std::string& sha256, const std::string& kind,
                           const std::string& id) {
  auto start = std::chrono::steady_clock::now();
  std::string original = BlobFilePath(store_, sha256);
  std::string file = temp_dir_ + "/" + sha256.substr(0, 16) + "-" + id + "." + kind +
                     (kind == "proxy" ? ".mp4" : ".jpg");
  DerivativeOutcome out{sha256, kind, "", Status::Ok(), 0, Json::object()};
  if (kind == "proxy") {
    auto on_progress = [this, &id](int permille) {
      std::lock_guard lock(mu_);
      running_[id] = permille;
    };
    auto r = MakeProxy(original, file, options_.proxy, on_progress);
    out.status = r.status();
    out.params = ProxyParams(options_.proxy);
    if (r.ok()) out.params["width"] = r->width, out.params["height"] = r->height;
  } else {
    bool sheet = kind == "contact_sheet";
    auto r = sheet ? MakeContactSheet(original, file, options_.pictures)
                   : MakePoster(original, file, options_.pictures);
    out.status = r.status();
    if (r.ok()) out.params = PictureParams(options_.pictures, *r, sheet);
  }
  out.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();

  if (out.status.ok()) {
    auto stored = StoreDerivative(sha256, kind, file, out.params);
    if (stored.ok()) {
      out.sha256 = *stored;
    } else {
      out.status = stored.status();
    }
  }
  std::remove(file.c_str());
  if (!out.status.ok()) {
    spdlog::warn("media: no {} for {}: {}", kind, sha256.substr(0, 12), out.status.ToString());
  }
  std::lock_guard lock(mu_);
  outcomes_.push_back(std::move(out));
  running_.erase(id);
  ++done_;
}

Result<std::string> DerivativeMaker::StoreDerivative(const std::string& sha256,
                                                     const std::string& kind,
                                                     const std::string& file, const Json& params) {
  std::lock_guard lock(store_mu_);
  FR_ASSIGN_OR_RETURN(auto ingest, store_.vault().IngestFile(file, actor_.LedgerName()));
  MediaStore media(store_.services());
  FR_RETURN_IF_ERROR(media.AddDerivative(actor_, {sha256, kind, ingest.blob.sha256, 0, params}));
  return ingest.blob.sha256;
}

bool DerivativeMaker::WaitFor(std::chrono::milliseconds timeout) {
  return queue_.WaitFor(timeout);
}

std::vector<DerivativeOutcome> DerivativeMaker::TakeOutcomes() {
  std::lock_guard lock(mu_);
  return std::exchange(outcomes_, {});
}

DerivativeProgress DerivativeMaker::Progress() const {
  std::lock_guard lock(mu_);
  DerivativeProgress p{total_, done_, 0};
  if (total_ == 0) return p;
  int64_t units = static_cast<int64_t>(done_) * 1000;
  for (const auto& [id, permille] : running_) units += permille;
  p.permille = units / static_cast<int64_t>(total_);
  return p;
}

}  // namespace fullrecord::media
