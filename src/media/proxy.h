// Browser-playable proxies: a copy of a recording in H.264 video and AAC audio, in MP4 with the
// index (moov) at the front so playback starts before the whole file arrives. Made for originals
// a browser cannot play (HEVC, MPEG-2, AMR, QuickTime, odd containers); the original stays as it
// is and remains the evidence (R9.5).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/json.h"
#include "common/status.h"

namespace fullrecord::media {

struct ProxyOptions {
  int max_height = 720;             // scaled down to fit, never up
  std::string preset = "veryfast";  // libx264 preset
  int crf = 23;                     // libx264 constant rate factor
  int audio_bit_rate = 128000;      // AAC
  int threads = 1;                  // decoder and encoder threads each; 0 lets FFmpeg decide
};

struct ProxyResult {
  int width = 0, height = 0;  // 0 for an audio-only proxy
  bool video = false, audio = false;
  int64_t duration_us = 0;  // of the proxy's last packet end
};

// Called with progress in thousandths (0–1000), from the calling thread.
using PermilleFn = std::function<void(int permille)>;

// Writes the proxy of `in` to `out` (replacing `out`). InvalidArgument when `in` has neither
// decodable audio nor video; IOError when `out` cannot be written. On failure `out` is removed.
Result<ProxyResult> MakeProxy(const std::string& in, const std::string& out,
                              const ProxyOptions& options = {}, const PermilleFn& progress = {});

// The settings as recorded with the derivative (integers and strings only).
Json ProxyParams(const ProxyOptions& options);

}  // namespace fullrecord::media
