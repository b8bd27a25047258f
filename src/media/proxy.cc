#include "media/proxy.h"

extern "C" {
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cstdio>

#include "media/ffmpeg.h"

namespace fullrecord::media {
namespace {

struct FifoFreer {
  void operator()(AVAudioFifo* f) const { av_audio_fifo_free(f); }
};
using FifoPtr = std::unique_ptr<AVAudioFifo, FifoFreer>;

// One stream being carried from the input to the proxy.
struct Lane {
  int in_index = -1;
  AVStream* in = nullptr;
  AVStream* out = nullptr;
  av::CodecPtr dec;
  av::CodecPtr enc;
  int64_t shift = 0;  // the input's start time in this stream's time base: the proxy starts at 0
};

int Even(int v) {
  return std::max(2, v & ~1);
}

Status Fail(const char* what, int err) {
  return Status::InvalidArgument(std::string(what) + ": " + av::ErrorText(err));
}

class Transcoder {
 public:
  Transcoder(const ProxyOptions& options, const PermilleFn& progress)
      : options_(options), progress_(progress) {}

  Result<ProxyResult> Run(const std::string& in, const std::string& out) {
    FR_RETURN_IF_ERROR(OpenAll(in, out));
    FR_RETURN_IF_ERROR(Pump());
    FR_RETURN_IF_ERROR(Finish());
    ProxyResult r;
    r.video = video_.enc != nullptr;
    r.audio = audio_.enc != nullptr;
    if (r.video) r.width = video_.enc->width, r.height = video_.enc->height;
    r.duration_us = end_us_;
    return r;
  }

 private:
  Status OpenAll(const std::string& in, const std::string& out) {
    FR_ASSIGN_OR_RETURN(in_, av::OpenInput(in));
    AVFormatContext* o = nullptr;
    int err = avformat_alloc_output_context2(&o, nullptr, "mp4", out.c_str());
    if (err < 0) return Fail("cannot set up the MP4 muxer", err);
    out_.reset(o);

    int v = av_find_best_stream(in_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    int a = av_find_best_stream(in_.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (v >= 0 && !IsAttachedPicture(v)) FR_RETURN_IF_ERROR(OpenVideo(v));
    if (a >= 0) FR_RETURN_IF_ERROR(OpenAudio(a));
    if (!video_.enc && !audio_.enc) return Status::InvalidArgument(in + " has no audio or video");

    err = avio_open(&out_->pb, out.c_str(), AVIO_FLAG_WRITE);
    if (err < 0) return Status::IOError("cannot create " + out + ": " + av::ErrorText(err));
    AVDictionary* mux = nullptr;
    av_dict_set(&mux, "movflags", "+faststart", 0);
    err = avformat_write_header(out_.get(), &mux);
    av_dict_free(&mux);
    if (err < 0) return Status::IOError("cannot write the MP4 header: " + av::ErrorText(err));
    return Status::Ok();
  }

  bool IsAttachedPicture(int index) const {
    return (in_->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
  }

  Status StartLane(Lane& lane, int index) {
    lane.in_index = index;
    lane.in = in_->streams[index];
    int64_t start = in_->start_time == AV_NOPTS_VALUE ? 0 : in_->start_time;
    lane.shift = av_rescale_q(start, AV_TIME_BASE_Q, lane.in->time_base);
    FR_ASSIGN_OR_RETURN(lane.dec, av::OpenDecoder(*lane.in, options_.threads));
    return Status::Ok();
  }

  Status OpenEncoder(Lane& lane, const AVCodec* codec, AVDictionary** opts) {
    if (out_->oformat->flags & AVFMT_GLOBALHEADER) lane.enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int err = avcodec_open2(lane.enc.get(), codec, opts);
    av_dict_free(opts);
    if (err < 0)
      return Fail((std::string("cannot open the ") + codec->name + " encoder").c_str(), err);
    lane.out = avformat_new_stream(out_.get(), nullptr);
    if (!lane.out) throw std::bad_alloc();
    err = avcodec_parameters_from_context(lane.out->codecpar, lane.enc.get());
    if (err < 0) return Fail("encoder parameters", err);
    lane.out->time_base = lane.enc->time_base;
    return Status::Ok();
  }

  Status OpenVideo(int index) {
    FR_RETURN_IF_ERROR(StartLane(video_, index));
    const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
    if (!x264) return Status::Internal("this FFmpeg has no libx264 encoder");
    const AVCodecContext& dec = *video_.dec;
    int h = Even(std::min(dec.height, options_.max_height));
    int w = Even(static_cast<int>(static_cast<int64_t>(dec.width) * h / std::max(1, dec.height)));

    video_.enc.reset(avcodec_alloc_context3(x264));
    AVCodecContext& enc = *video_.enc;
    enc.width = w;
    enc.height = h;
    enc.pix_fmt = AV_PIX_FMT_YUV420P;
    enc.sample_aspect_ratio = dec.sample_aspect_ratio;
    enc.time_base = video_.in->time_base;
    enc.framerate = av_guess_frame_rate(in_.get(), video_.in, nullptr);
    if (enc.framerate.num <= 0 || enc.framerate.den <= 0) enc.framerate = AVRational{25, 1};
    enc.thread_count = options_.threads;
    AVDictionary* opts = nullptr;
    av_dict_set(&opts, "preset", options_.preset.c_str(), 0);
    av_dict_set(&opts, "crf", std::to_string(options_.crf).c_str(), 0);
    FR_RETURN_IF_ERROR(OpenEncoder(video_, x264, &opts));
    video_.out->avg_frame_rate = enc.framerate;

    bool same = dec.width == w && dec.height == h && dec.pix_fmt == AV_PIX_FMT_YUV420P;
    if (!same) {
      scaled_ = av::NewFrame();
      scaled_->format = AV_PIX_FMT_YUV420P;
      scaled_->width = w;
      scaled_->height = h;
      if (av_frame_get_buffer(scaled_.get(), 0) < 0) throw std::bad_alloc();
    }
    return Status::Ok();
  }

  Status OpenAudio(int index) {
    FR_RETURN_IF_ERROR(StartLane(audio_, index));
    const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!aac) return Status::Internal("this FFmpeg has no AAC encoder");
    const AVCodecContext& dec = *audio_.dec;
    audio_.enc.reset(avcodec_alloc_context3(aac));
    AVCodecContext& enc = *audio_.enc;
    enc.sample_fmt = AV_SAMPLE_FMT_FLTP;
    enc.sample_rate = SupportedRate(aac, dec.sample_rate);
    int channels = std::clamp(dec.ch_layout.nb_channels, 1, 2);
    av_channel_layout_default(&enc.ch_layout, channels);
    enc.bit_rate = options_.audio_bit_rate;
    enc.time_base = AVRational{1, enc.sample_rate};
    AVDictionary* opts = nullptr;
    FR_RETURN_IF_ERROR(OpenEncoder(audio_, aac, &opts));

    AVChannelLayout in_layout;
    if (dec.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || dec.ch_layout.nb_channels <= 0) {
      av_channel_layout_default(&in_layout, std::max(1, dec.ch_layout.nb_channels));
    } else {
      av_channel_layout_copy(&in_layout, &dec.ch_layout);
    }
    SwrContext* swr = nullptr;
    int err = swr_alloc_set_opts2(&swr, &enc.ch_layout, enc.sample_fmt, enc.sample_rate, &in_layout,
                                  dec.sample_fmt, dec.sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    swr_.reset(swr);
    if (err < 0 || (err = swr_init(swr)) < 0) return Fail("cannot set up resampling", err);
    fifo_.reset(av_audio_fifo_alloc(enc.sample_fmt, channels, 1));
    if (!fifo_) throw std::bad_alloc();
    return Status::Ok();
  }

  static int SupportedRate(const AVCodec* codec, int rate) {
    if (!codec->supported_samplerates) return rate;
    for (const int* r = codec->supported_samplerates; *r; ++r) {
      if (*r == rate) return rate;
    }
    return 48000;
  }

  // Reads every packet, decodes and re-encodes it. A damaged packet is skipped; a read error
  // ends the input where it is, as it would end for a player.
  Status Pump() {
    av::PacketPtr pkt = av::NewPacket();
    while (av_read_frame(in_.get(), pkt.get()) >= 0) {
      Lane* lane = pkt->stream_index == video_.in_index   ? &video_
                   : pkt->stream_index == audio_.in_index ? &audio_
                                                          : nullptr;
      Status s = Status::Ok();
      if (lane && lane->enc) {
        Report(*lane, pkt->pts);
        s = Decode(*lane, pkt.get());
      }
      av_packet_unref(pkt.get());
      FR_RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }

  void Report(const Lane& lane, int64_t pts) {
    if (!progress_ || pts == AV_NOPTS_VALUE || in_->duration <= 0) return;
    int64_t us = av::ToMicros(pts - lane.shift, lane.in->time_base);
    int permille = static_cast<int>(std::clamp<int64_t>(us * 1000 / in_->duration, 0, 1000));
    if (permille > last_permille_) progress_(last_permille_ = permille);  // never backwards
  }

  Status Decode(Lane& lane, const AVPacket* pkt) {
    int err = avcodec_send_packet(lane.dec.get(), pkt);
    if (err < 0 && err != AVERROR_EOF) return Status::Ok();  // damaged packet: skipped
    av::FramePtr frame = av::NewFrame();
    while ((err = avcodec_receive_frame(lane.dec.get(), frame.get())) >= 0) {
      Status s = &lane == &video_ ? VideoFrame(*frame) : AudioFrame(*frame);
      av_frame_unref(frame.get());
      FR_RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }

  Status VideoFrame(AVFrame& frame) {
    int64_t pts = frame.best_effort_timestamp;
    pts = pts == AV_NOPTS_VALUE ? last_video_pts_ + 1 : pts - video_.shift;
    if (pts <= last_video_pts_) pts = last_video_pts_ + 1;  // the encoder needs rising times
    last_video_pts_ = pts;

    AVFrame* src = &frame;
    if (scaled_) {
      if (av_frame_make_writable(scaled_.get()) < 0) throw std::bad_alloc();
      sws_ = av::SwsPtr(sws_getCachedContext(sws_.release(), frame.width, frame.height,
                                             static_cast<AVPixelFormat>(frame.format),
                                             scaled_->width, scaled_->height, AV_PIX_FMT_YUV420P,
                                             SWS_BICUBIC, nullptr, nullptr, nullptr));
      if (!sws_) return Status::InvalidArgument("cannot scale frames of this pixel format");
      sws_scale(sws_.get(), frame.data, frame.linesize, 0, frame.height, scaled_->data,
                scaled_->linesize);
      src = scaled_.get();
    }
    src->pts = pts;
    src->pict_type = AV_PICTURE_TYPE_NONE;
    return Encode(video_, src);
  }

  Status AudioFrame(const AVFrame& frame) {
    const AVCodecContext& enc = *audio_.enc;
    if (audio_next_pts_ == AV_NOPTS_VALUE) {
      int64_t p = frame.best_effort_timestamp;
      audio_next_pts_ =
          p == AV_NOPTS_VALUE
              ? 0
              : std::max<int64_t>(
                    0, av_rescale_q(p - audio_.shift, audio_.in->time_base, enc.time_base));
    }
    return Resample(const_cast<const uint8_t**>(frame.extended_data), frame.nb_samples);
  }

  // Converts `n` input samples (none: flush the resampler) into the FIFO, then encodes every
  // full encoder frame it holds.
  Status Resample(const uint8_t** data, int n) {
    int room = swr_get_out_samples(swr_.get(), n);
    if (room <= 0) return DrainFifo(false);
    av::FramePtr tmp = NewAudioFrame(room);
    int got = swr_convert(swr_.get(), tmp->data, room, data, n);
    if (got < 0) return Fail("resampling", got);
    if (got > 0 &&
        av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(tmp->data), got) < got) {
      throw std::bad_alloc();
    }
    return DrainFifo(false);
  }

  av::FramePtr NewAudioFrame(int samples) {
    const AVCodecContext& enc = *audio_.enc;
    av::FramePtr f = av::NewFrame();
    f->format = enc.sample_fmt;
    f->sample_rate = enc.sample_rate;
    f->nb_samples = samples;
    av_channel_layout_copy(&f->ch_layout, &enc.ch_layout);
    if (av_frame_get_buffer(f.get(), 0) < 0) throw std::bad_alloc();
    return f;
  }

  Status DrainFifo(bool final) {
    int frame_size = audio_.enc->frame_size > 0 ? audio_.enc->frame_size : 1024;
    for (;;) {
      int have = av_audio_fifo_size(fifo_.get());
      if (have <= 0 || (have < frame_size && !final)) return Status::Ok();
      int n = std::min(have, frame_size);
      av::FramePtr f = NewAudioFrame(n);
      av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(f->data), n);
      f->pts = audio_next_pts_;
      audio_next_pts_ += n;
      FR_RETURN_IF_ERROR(Encode(audio_, f.get()));
    }
  }

  Status Encode(Lane& lane, const AVFrame* frame) {
    int err = avcodec_send_frame(lane.enc.get(), frame);
    if (err < 0 && err != AVERROR_EOF) return Fail("encoding", err);
    av::PacketPtr pkt = av::NewPacket();
    while ((err = avcodec_receive_packet(lane.enc.get(), pkt.get())) >= 0) {
      av_packet_rescale_ts(pkt.get(), lane.enc->time_base, lane.out->time_base);
      pkt->stream_index = lane.out->index;
      int64_t stop = pkt->pts + std::max<int64_t>(pkt->duration, 0);
      end_us_ = std::max(end_us_, av::ToMicros(stop, lane.out->time_base));
      err = av_interleaved_write_frame(out_.get(), pkt.get());
      if (err < 0) return Status::IOError("cannot write the proxy: " + av::ErrorText(err));
    }
    if (err != AVERROR(EAGAIN) && err != AVERROR_EOF) return Fail("encoding", err);
    return Status::Ok();
  }

  // Drains decoders, resampler and encoders, and writes the index at the front.
  Status Finish() {
    if (video_.enc) {
      FR_RETURN_IF_ERROR(Decode(video_, nullptr));
      FR_RETURN_IF_ERROR(Encode(video_, nullptr));
    }
    if (audio_.enc) {
      FR_RETURN_IF_ERROR(Decode(audio_, nullptr));
      FR_RETURN_IF_ERROR(Resample(nullptr, 0));
      FR_RETURN_IF_ERROR(DrainFifo(true));
      FR_RETURN_IF_ERROR(Encode(audio_, nullptr));
    }
    int err = av_write_trailer(out_.get());
    if (err < 0) return Status::IOError("cannot finish the proxy: " + av::ErrorText(err));
    return Status::Ok();
  }

  const ProxyOptions& options_;
  const PermilleFn& progress_;
  av::InputPtr in_;
  av::OutputPtr out_;
  Lane video_, audio_;
  av::FramePtr scaled_;
  av::SwsPtr sws_;
  av::SwrPtr swr_;
  FifoPtr fifo_;
  int64_t audio_next_pts_ = AV_NOPTS_VALUE;
  int64_t last_video_pts_ = -1;
  int64_t end_us_ = 0;
  int last_permille_ = -1;
};

}  // namespace

Result<ProxyResult> MakeProxy(const std::string& in, const std::string& out,
                              const ProxyOptions& options, const PermilleFn& progress) {
  av::InitLogging();
  Result<ProxyResult> r = Status::Internal("not run");
  {
    Transcoder t(options, progress);
    r = t.Run(in, out);
  }  // closes the output before a failed one is removed
  if (!r.ok()) std::remove(out.c_str());
  return r;
}

Json ProxyParams(const ProxyOptions& o) {
  return {{"container", "mp4"},
          {"movflags", "+faststart"},
          {"video", "libx264"},
          {"preset", o.preset},
          {"crf", o.crf},
          {"pix_fmt", "yuv420p"},
          {"max_height", o.max_height},
          {"audio", "aac"},
          {"audio_bit_rate", o.audio_bit_rate},
          {"libraries", av::LibraryVersions()}};
}

}  // namespace fullrecord::media
