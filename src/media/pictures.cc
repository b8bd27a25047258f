#include "media/pictures.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "media/ffmpeg.h"

namespace fullrecord::media {
namespace {

int Even(int v) {
  return std::max(2, v & ~1);
}

// The byte of `plane` at column x, row y.
uint8_t* Pixel(uint8_t* plane, int linesize, int x, int y) {
  return plane + static_cast<ptrdiff_t>(y) * linesize + x;
}

// Decodes the frames of one video stream at chosen times.
class FrameGrabber {
 public:
  static Result<FrameGrabber> Open(const std::string& path) {
    FR_ASSIGN_OR_RETURN(av::InputPtr in, av::OpenInput(path));
    int index = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) return Status::InvalidArgument(path + " has no video stream");
    FR_ASSIGN_OR_RETURN(av::CodecPtr dec, av::OpenDecoder(*in->streams[index], 1));
    if (dec->width <= 0 || dec->height <= 0) {
      return Status::InvalidArgument(path + ": the video has no picture size");
    }
    return FrameGrabber(std::move(in), std::move(dec), index);
  }

  int width() const { return dec_->width; }
  int height() const { return dec_->height; }
  int64_t duration_us() const { return in_->duration == AV_NOPTS_VALUE ? 0 : in_->duration; }

  // The first frame at or after `t_us` from the start, or the last frame when the stream ends
  // before it. InvalidArgument when no frame at all can be decoded.
  Result<av::FramePtr> At(int64_t t_us) {
    AVStream* s = in_->streams[index_];
    int64_t start = s->start_time == AV_NOPTS_VALUE ? 0 : s->start_time;
    int64_t target = av_rescale_q(t_us, AVRational{1, 1000000}, s->time_base) + start;
    av_seek_frame(in_.get(), index_, target, AVSEEK_FLAG_BACKWARD);  // failing: decode on
    avcodec_flush_buffers(dec_.get());

    av::PacketPtr pkt = av::NewPacket();
    av::FramePtr frame = av::NewFrame();
    av::FramePtr best;
    bool reached = false;
    while (!reached && av_read_frame(in_.get(), pkt.get()) >= 0) {
      if (pkt->stream_index == index_ && avcodec_send_packet(dec_.get(), pkt.get()) >= 0) {
        reached = Drain(frame, best, target);
      }
      av_packet_unref(pkt.get());
    }
    if (!reached) {
      avcodec_send_packet(dec_.get(), nullptr);
      Drain(frame, best, target);
    }
    if (!best) return Status::InvalidArgument("no video frame could be decoded");
    return best;
  }

 private:
  FrameGrabber(av::InputPtr in, av::CodecPtr dec, int index)
      : in_(std::move(in)), dec_(std::move(dec)), index_(index) {}

  // Receives the decoder's frames, keeping the latest in `best`; true once one reaches `target`.
  bool Drain(av::FramePtr& frame, av::FramePtr& best, int64_t target) {
    while (avcodec_receive_frame(dec_.get(), frame.get()) >= 0) {
      if (!best) best = av::NewFrame();
      av_frame_unref(best.get());
      av_frame_move_ref(best.get(), frame.get());
      if (best->best_effort_timestamp != AV_NOPTS_VALUE && best->best_effort_timestamp >= target) {
        return true;
      }
    }
    return false;
  }

  av::InputPtr in_;
  av::CodecPtr dec_;
  int index_;
};

Result<av::FramePtr> NewCanvas(int width, int height) {
  av::FramePtr canvas = av::NewFrame();
  canvas->format = AV_PIX_FMT_YUVJ420P;
  canvas->width = width;
  canvas->height = height;
  int err = av_frame_get_buffer(canvas.get(), 0);
  if (err < 0) return Status::Internal("cannot allocate a picture: " + av::ErrorText(err));
  // Black in full-range YUV.
  for (int y = 0; y < height; ++y) {
    std::memset(Pixel(canvas->data[0], canvas->linesize[0], 0, y), 0, width);
  }
  for (int p = 1; p < 3; ++p) {
    for (int y = 0; y < height / 2; ++y) {
      std::memset(Pixel(canvas->data[p], canvas->linesize[p], 0, y), 128, width / 2);
    }
  }
  return canvas;
}

// Scales `src` into the w × h rectangle of `canvas` at (x, y); all even.
Status Blit(const AVFrame& src, AVFrame& canvas, int x, int y, int w, int h) {
  av::SwsPtr sws(sws_getContext(src.width, src.height, static_cast<AVPixelFormat>(src.format), w, h,
                                AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws) return Status::InvalidArgument("cannot scale frames of this pixel format");
  uint8_t* dst[3] = {Pixel(canvas.data[0], canvas.linesize[0], x, y),
                     Pixel(canvas.data[1], canvas.linesize[1], x / 2, y / 2),
                     Pixel(canvas.data[2], canvas.linesize[2], x / 2, y / 2)};
  sws_scale(sws.get(), src.data, src.linesize, 0, src.height, dst, canvas.linesize);
  return Status::Ok();
}

Status WriteFile(const std::string& path, const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  bool ok = std::fwrite(data, 1, size, f) == size;
  ok = std::fclose(f) == 0 && ok;
  return ok ? Status::Ok() : Status::IOError("cannot write " + path);
}

Status WriteJpeg(AVFrame& picture, const std::string& path, int quality) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!codec) return Status::Internal("this FFmpeg has no JPEG encoder");
  av::CodecPtr enc(avcodec_alloc_context3(codec));
  enc->width = picture.width;
  enc->height = picture.height;
  enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
  enc->time_base = AVRational{1, 25};
  enc->flags |= AV_CODEC_FLAG_QSCALE;
  enc->global_quality = FF_QP2LAMBDA * std::clamp(quality, 2, 31);
  int err = avcodec_open2(enc.get(), codec, nullptr);
  if (err < 0) return Status::Internal("cannot open the JPEG encoder: " + av::ErrorText(err));

  picture.quality = enc->global_quality;
  picture.pts = 0;
  av::PacketPtr pkt = av::NewPacket();
  err = avcodec_send_frame(enc.get(), &picture);
  if (err >= 0) err = avcodec_send_frame(enc.get(), nullptr);
  if (err >= 0) err = avcodec_receive_packet(enc.get(), pkt.get());
  if (err < 0) return Status::Internal("JPEG encoding failed: " + av::ErrorText(err));
  return WriteFile(path, pkt->data, static_cast<size_t>(pkt->size));
}

// Fits w × h into `max_width`, keeping the aspect ratio, both even.
std::pair<int, int> Fit(int w, int h, int max_width) {
  int out_w = Even(std::min(w, max_width));
  int out_h = Even(static_cast<int>(static_cast<int64_t>(h) * out_w / w));
  return {out_w, out_h};
}

}  // namespace

Result<Picture> MakePoster(const std::string& video, const std::string& out,
                           const PictureOptions& options) {
  FR_ASSIGN_OR_RETURN(FrameGrabber grab, FrameGrabber::Open(video));
  int64_t at = std::min<int64_t>(grab.duration_us() / 10, 10'000'000);
  FR_ASSIGN_OR_RETURN(av::FramePtr frame, grab.At(at));
  auto [w, h] = Fit(frame->width, frame->height, options.poster_width);
  FR_ASSIGN_OR_RETURN(av::FramePtr canvas, NewCanvas(w, h));
  FR_RETURN_IF_ERROR(Blit(*frame, *canvas, 0, 0, w, h));
  FR_RETURN_IF_ERROR(WriteJpeg(*canvas, out, options.jpeg_quality));
  return Picture{w, h, 1};
}

Result<Picture> MakeContactSheet(const std::string& video, const std::string& out,
                                 const PictureOptions& options) {
  FR_ASSIGN_OR_RETURN(FrameGrabber grab, FrameGrabber::Open(video));
  auto [tw, th] = Fit(grab.width(), grab.height(), options.thumb_width);
  int cols = std::max(1, options.columns), rows = std::max(1, options.rows);
  int n = cols * rows;
  FR_ASSIGN_OR_RETURN(av::FramePtr canvas, NewCanvas(tw * cols, th * rows));

  int shown = 0;
  for (int i = 0; i < n; ++i) {
    int64_t at = grab.duration_us() * (2 * i + 1) / (2 * static_cast<int64_t>(n));
    auto frame = grab.At(at);
    if (!frame.ok()) continue;
    FR_RETURN_IF_ERROR(Blit(**frame, *canvas, (i % cols) * tw, (i / cols) * th, tw, th));
    ++shown;
  }
  if (shown == 0) return Status::InvalidArgument(video + ": no video frame could be decoded");
  FR_RETURN_IF_ERROR(WriteJpeg(*canvas, out, options.jpeg_quality));
  return Picture{tw * cols, th * rows, shown};
}

}  // namespace fullrecord::media
