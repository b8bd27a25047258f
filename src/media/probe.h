// Media facts: what FFmpeg's libraries read from an audio, video or image file — container,
// streams and codecs, duration, resolution, frame rate, the recording's own creation time, GPS
// and device tags (R3.3, R10.3). A file FFmpeg cannot read still gets facts, marked unreadable
// with FFmpeg's reason: probing never loses a file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "media/geo.h"

namespace fullrecord::media {

struct StreamFacts {
  std::string type;          // "video", "audio", "subtitle", "data", "attachment"
  std::string codec;         // FFmpeg's codec name: "h264", "hevc", "aac", "mjpeg", …
  std::string profile;       // "High", "Main", "LC"; empty when unknown
  std::string pixel_format;  // video: "yuv420p", …
  int width = 0, height = 0;
  int fps_num = 0, fps_den = 0;  // average frame rate; 0/0 when unknown
  int sample_rate = 0, channels = 0;
  int64_t bit_rate = 0;
  std::optional<int64_t> duration_us;
};

struct MediaFacts {
  bool readable = false;
  std::string reason;     // why FFmpeg could not read it (readable == false)
  std::string kind;       // "video", "audio", "image" or "unknown"
  std::string container;  // FFmpeg's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string brand;      // ISO base media major brand ("isom", "qt  "); empty otherwise
  std::optional<int64_t> duration_us;           // of the media actually present (see `truncated`)
  std::optional<int64_t> declared_duration_us;  // what the container claims
  bool truncated = false;                       // packets end well before the declared duration
  std::optional<UnixMicros> created_us;         // the recording's creation time from its metadata
  std::string created_tag;  // where it came from: "creation_time", "DateTimeOriginal"
  std::optional<GeoPoint> gps;
  std::string make, model, serial;          // device tags when present
  std::map<std::string, std::string> tags;  // container and EXIF tags, bounded in size
  std::vector<StreamFacts> streams;

  const StreamFacts* FirstStream(const std::string& type) const;
};

// Reads `path`. NotFound when the file does not exist; otherwise always facts — unreadable ones
// when FFmpeg fails, with its reason. Reads every packet once (no decoding, except the first
// frame of an image for its EXIF) to measure the duration actually present, so a file cut short
// is seen as such.
Result<MediaFacts> Probe(const std::string& path);

// Whether a browser plays the file as it is (MP4/WebM with H.264, VP8/9 or AV1 video in 8-bit
// 4:2:0, and AAC, MP3, Opus or Vorbis audio; MP3, AAC, WAV, Ogg audio files). Needs a proxy
// otherwise.
bool IsBrowserPlayable(const MediaFacts& facts);

// JSON with integers and strings only (the ledger's canonical JSON has no floating point), and
// back. FactsFromJson ignores unknown members; InvalidArgument when required ones are missing.
Json FactsToJson(const MediaFacts& facts);
Result<MediaFacts> FactsFromJson(const Json& json);

}  // namespace fullrecord::media
