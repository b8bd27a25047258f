// Internal to src/media: owning handles for FFmpeg's C objects, error text, and the one-time
// set-up of FFmpeg's logging. Nothing here is part of the media component's public surface.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

#include "common/status.h"

namespace fullrecord::media::av {

struct InputCloser {
  void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};
struct CodecFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct SwrFreer {
  void operator()(SwrContext* s) const { swr_free(&s); }
};

using InputPtr = std::unique_ptr<AVFormatContext, InputCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

// An output file being muxed; closes its I/O and frees the context.
struct OutputCloser {
  void operator()(AVFormatContext* f) const;
};
using OutputPtr = std::unique_ptr<AVFormatContext, OutputCloser>;

// FFmpeg's text for an AVERROR code, e.g. "Invalid data found when processing input".
std::string ErrorText(int err);

// Routes FFmpeg's own log lines to spdlog's debug level (warnings and errors only); called by
// every entry point of the component, runs once per process.
void InitLogging();

// While it lives, keeps the last error FFmpeg logs on this thread: FFmpeg often says why in
// its log ("moov atom not found") and returns only a generic code. Nests.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // "" when nothing was logged at error level.
  const std::string& last_error() const { return last_error_; }
  void Record(std::string text) { last_error_ = std::move(text); }

 private:
  std::string last_error_;
  LogCapture* outer_;
};

// Allocations that cannot fail short of memory exhaustion; throw std::bad_alloc when they do.
FramePtr NewFrame();
PacketPtr NewPacket();

// Opens `path` and reads its stream parameters. InvalidArgument carries FFmpeg's reason when it
// cannot read the file as media; NotFound when the file does not exist.
Result<InputPtr> OpenInput(const std::string& path);

// A decoder for `stream`, opened with `threads` threads (0: FFmpeg decides). InvalidArgument when
// FFmpeg has no decoder for its codec.
Result<CodecPtr> OpenDecoder(const AVStream& stream, int threads);

// Microseconds of `ts` in `tb`; AV_NOPTS_VALUE stays AV_NOPTS_VALUE.
int64_t ToMicros(int64_t ts, AVRational tb);

// "libavformat 59.27.100, libavcodec 59.37.100": recorded in derivative parameters.
std::string LibraryVersions();

}  // namespace fullrecord::media::av
