#include "media/ffmpeg.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>
#include <new>

namespace fullrecord::media::av {
namespace {

thread_local LogCapture* tls_capture = nullptr;

void LogLine(void* avcl, int level, const char* fmt, va_list args) {
  if (level > AV_LOG_WARNING) return;
  char line[1024];
  int prefix = 1;
  av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &prefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  spdlog::debug("ffmpeg: {}", text);
  if (tls_capture && level <= AV_LOG_ERROR) {
    size_t tag = text.rfind("] ");  // drop the "[mov,mp4,… @ 0x…] " prefix
    tls_capture->Record(tag == std::string::npos ? text : text.substr(tag + 2));
  }
}

std::string Version(const char* name, unsigned v) {
  return std::string(name) + " " + std::to_string(AV_VERSION_MAJOR(v)) + "." +
         std::to_string(AV_VERSION_MINOR(v)) + "." + std::to_string(AV_VERSION_MICRO(v));
}

}  // namespace

void OutputCloser::operator()(AVFormatContext* f) const {
  if (f->pb && !(f->oformat->flags & AVFMT_NOFILE)) avio_closep(&f->pb);
  avformat_free_context(f);
}

LogCapture::LogCapture() : outer_(tls_capture) {
  tls_capture = this;
}

LogCapture::~LogCapture() {
  tls_capture = outer_;
}

std::string ErrorText(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

void InitLogging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(LogLine); });
}

FramePtr NewFrame() {
  AVFrame* f = av_frame_alloc();
  if (!f) throw std::bad_alloc();
  return FramePtr(f);
}

PacketPtr NewPacket() {
  AVPacket* p = av_packet_alloc();
  if (!p) throw std::bad_alloc();
  return PacketPtr(p);
}

Result<InputPtr> OpenInput(const std::string& path) {
  InitLogging();
  LogCapture log;
  auto why = [&log](int err) {
    return log.last_error().empty() ? ErrorText(err)
                                    : log.last_error() + " (" + ErrorText(err) + ")";
  };
  AVFormatContext* raw = nullptr;
  int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (err == AVERROR(ENOENT)) return Status::NotFound("no such file: " + path);
  if (err < 0) return Status::InvalidArgument(why(err));
  InputPtr input(raw);
  err = avformat_find_stream_info(input.get(), nullptr);
  if (err < 0) return Status::InvalidArgument("cannot read stream parameters: " + why(err));
  return input;
}

Result<CodecPtr> OpenDecoder(const AVStream& stream, int threads) {
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (!codec) {
    return Status::InvalidArgument(std::string("no decoder for codec ") +
                                   avcodec_get_name(stream.codecpar->codec_id));
  }
  CodecPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) throw std::bad_alloc();
  int err = avcodec_parameters_to_context(ctx.get(), stream.codecpar);
  if (err < 0) return Status::InvalidArgument("decoder parameters: " + ErrorText(err));
  ctx->pkt_timebase = stream.time_base;
  ctx->thread_count = threads;
  err = avcodec_open2(ctx.get(), codec, nullptr);
  if (err < 0) {
    return Status::InvalidArgument(std::string("cannot open the ") + codec->name +
                                   " decoder: " + ErrorText(err));
  }
  return ctx;
}

int64_t ToMicros(int64_t ts, AVRational tb) {
  if (ts == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return av_rescale_q(ts, tb, AVRational{1, 1000000});
}

std::string LibraryVersions() {
  return Version("libavformat", avformat_version()) + ", " +
         Version("libavcodec", avcodec_version()) + ", " + Version("libswscale", swscale_version());
}

}  // namespace fullrecord::media::av
