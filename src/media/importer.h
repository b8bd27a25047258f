// Dock import (R12.1): a body camera's dock copies its files into a folder; the importer stores
// every new media file in the vault, reads its facts, and turns the segments into recordings of
// the device's holder (see recordings.h). It is idempotent: a file seen before stores nothing
// new. Sources are only read — never changed, never deleted — except with remove_after_verify,
// and then only once the vault copy has been re-read and verified and the file is part of a
// recording.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/store.h"
#include "media/derivatives.h"
#include "media/media_store.h"
#include "media/recordings.h"

namespace fullrecord::media {

struct ImportOptions {
  RecordingOptions recordings;
  int64_t drift_tolerance_us = 2'000'000;  // name and metadata times further apart: a finding
  bool remove_after_verify = false;
  std::string device;  // every file is from this device; empty: from the file name or folder
};

struct FileReport {
  std::string path;
  // "stored": new in the vault; "known": the bytes were in the vault already (another name);
  // "duplicate": this file was imported before, nothing was written; "failed": not stored.
  std::string outcome;
  std::string sha256;
  uint64_t size = 0;
  std::string kind;  // "video", "audio", "image", "unknown"
  bool readable = false;
  std::string reason;  // why FFmpeg could not read it
  std::string device;  // the registered serial it was attributed to; empty when none
  std::optional<UnixMicros> start_us, end_us;
  int64_t av_id = 0;  // the recording it is a segment of; 0 when none
  Json findings = Json::array();
  std::string problem;   // why it failed, or why it is not (yet) part of a recording
  bool removed = false;  // the source was removed after verification
};

struct ImportReport {
  std::vector<FileReport> files;
  std::vector<RecordingOutcome> recordings;

  size_t Count(std::string_view outcome) const;
  // Files stored but not part of a recording, and failed files.
  size_t Problems() const;
};

// Whether `name` has an extension of audio, video or image files (case-insensitive).
bool IsMediaFileName(std::string_view name);

class Importer {
 public:
  // `store` must outlive the importer; every use of it is made holding `store_mu`. `actor` (e.g.
  // "cli:root") is recorded for the vault ingests and the facts; recordings are registered as
  // their officers. `maker`, when not null, gets the derivatives of every readable file.
  Importer(app::Store& store, std::mutex& store_mu, std::string actor, ImportOptions options,
           DerivativeMaker* maker = nullptr);

  // Imports every media file under `dir`, recursively, in name order; hidden files and other
  // extensions are skipped. NotFound or InvalidArgument when `dir` is not a readable directory;
  // nothing is changed then. Per-file failures are in the report, not the status.
  Result<ImportReport> ImportDirectory(const std::string& dir);
  // Imports `files`, which lie under `root` (folder names there may name the device).
  ImportReport ImportFiles(const std::string& root, const std::vector<std::string>& files);

 private:
  struct Pending;
  FileReport ImportOne(const std::string& root, const std::string& path, size_t index,
                       std::vector<SegmentInput>& segments, std::vector<Pending>& pending);
  Status Store(const std::string& path, FileReport& r);
  Result<FactsRecord> Facts(const std::string& root, const std::string& path, FileReport& r);
  Result<std::string> ResolveDevice(const std::string& root, const std::string& path,
                                    const FactsRecord& facts, Json& findings);
  void AddFindings(FactsRecord& rec, const std::string& device);
  void RemoveVerified(ImportReport& report, const std::vector<Pending>& pending);

  app::Store& store_;
  std::mutex& store_mu_;
  const std::string actor_name_;
  const services::Actor actor_;
  const ImportOptions options_;
  DerivativeMaker* maker_;
};

}  // namespace fullrecord::media
