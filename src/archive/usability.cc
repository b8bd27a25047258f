#include "archive/usability.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}
#include <poppler-document.h>
#include <poppler-page.h>

#include <cstdio>
#include <mutex>
#include <vector>

namespace fullrecord::archive {
namespace {

constexpr int kAvioBuffer = 64 * 1024;
constexpr int kMaxPackets = 500;

Status Unusable(const std::string& why, const std::string& why_zh) {
  return Status::FailedPrecondition(why, why_zh);
}

std::string AvError(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof(buf));
  return buf;
}

int AvRead(void* opaque, uint8_t* buf, int size) {
  auto n = static_cast<BlobFile*>(opaque)->Read(buf, static_cast<size_t>(size));
  if (!n.ok()) return AVERROR(EIO);
  return *n == 0 ? AVERROR_EOF : static_cast<int>(*n);
}

int64_t AvSeek(void* opaque, int64_t offset, int whence) {
  auto* f = static_cast<BlobFile*>(opaque);
  if (whence & AVSEEK_SIZE) return static_cast<int64_t>(f->size());
  whence &= ~AVSEEK_FORCE;
  int64_t base = whence == SEEK_CUR ? static_cast<int64_t>(f->position())
                 : whence == SEEK_END ? static_cast<int64_t>(f->size())
                                      : 0;
  int64_t target = base + offset;
  if (target < 0 || !f->Seek(static_cast<uint64_t>(target)).ok()) return AVERROR(EIO);
  return target;
}

// The demuxer, its I/O context and one decoder, freed together.
struct MediaSession {
  AVIOContext* io = nullptr;
  AVFormatContext* fmt = nullptr;
  AVCodecContext* codec = nullptr;
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();

  ~MediaSession() {
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    avformat_close_input(&fmt);
    if (io) av_freep(&io->buffer);
    avio_context_free(&io);
  }
};

Status OpenDemuxer(BlobFile& file, MediaSession& m) {
  FR_RETURN_IF_ERROR(file.Seek(0));
  auto* buffer = static_cast<unsigned char*>(av_malloc(kAvioBuffer));
  m.io = avio_alloc_context(buffer, kAvioBuffer, 0, &file, AvRead, nullptr, AvSeek);
  m.fmt = avformat_alloc_context();
  if (!m.io || !m.fmt || !m.packet || !m.frame) return Status::Internal("out of memory");
  m.fmt->pb = m.io;
  int r = avformat_open_input(&m.fmt, nullptr, nullptr, nullptr);
  if (r < 0) return Unusable("no demuxer recognises it (" + AvError(r) + ")", "无法识别其封装格式（" + AvError(r) + "）");
  r = avformat_find_stream_info(m.fmt, nullptr);
  if (r < 0) return Unusable("its streams cannot be read (" + AvError(r) + ")", "无法读取其音视频流（" + AvError(r) + "）");
  return Status::Ok();
}

Result<int> OpenDecoder(MediaSession& m, Category category) {
  AVMediaType want = category == Category::kAudio ? AVMEDIA_TYPE_AUDIO : AVMEDIA_TYPE_VIDEO;
  int index = av_find_best_stream(m.fmt, want, -1, -1, nullptr, 0);
  if (index < 0) {
    bool audio = want == AVMEDIA_TYPE_AUDIO;
    return Unusable(std::string("it has no ") + (audio ? "audio" : "picture") + " stream",
                    audio ? "文件中没有音频流" : "文件中没有图像流");
  }
  const AVCodecParameters* par = m.fmt->streams[index]->codecpar;
  const AVCodec* decoder = avcodec_find_decoder(par->codec_id);
  if (!decoder) {
    std::string codec = avcodec_get_name(par->codec_id);
    return Unusable("no decoder for " + codec, "没有可用于 " + codec + " 编码的解码器");
  }
  m.codec = avcodec_alloc_context3(decoder);
  if (!m.codec || avcodec_parameters_to_context(m.codec, par) < 0) {
    return Status::Internal("cannot set up the decoder");
  }
  int r = avcodec_open2(m.codec, decoder, nullptr);
  if (r < 0) {
    return Unusable("the " + std::string(decoder->name) + " decoder refuses it (" + AvError(r) + ")",
                    std::string(decoder->name) + " 解码器无法打开该文件（" + AvError(r) + "）");
  }
  return index;
}

// Feeds packets of stream `index` to the decoder until one frame comes out.
Status DecodeOneFrame(MediaSession& m, int index) {
  for (int i = 0; i < kMaxPackets; ++i) {
    int r = av_read_frame(m.fmt, m.packet);
    if (r < 0) break;
    bool ours = m.packet->stream_index == index;
    if (ours) r = avcodec_send_packet(m.codec, m.packet);
    av_packet_unref(m.packet);
    if (ours && r >= 0 && avcodec_receive_frame(m.codec, m.frame) == 0) return Status::Ok();
  }
  avcodec_send_packet(m.codec, nullptr);  // flush: a decoder may hold the first frame back
  if (avcodec_receive_frame(m.codec, m.frame) == 0) return Status::Ok();
  return Unusable("no frame could be decoded", "解码不出任何一帧");
}

Status CheckMedia(BlobFile& file, Category category) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_FATAL); });
  MediaSession m;
  FR_RETURN_IF_ERROR(OpenDemuxer(file, m));
  FR_ASSIGN_OR_RETURN(int index, OpenDecoder(m, category));
  return DecodeOneFrame(m, index);
}

void IgnorePopplerMessage(const std::string&, void*) {}

Status CheckPdf(BlobFile& file) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
  FR_RETURN_IF_ERROR(file.Seek(0));
  auto bytes = file.ReadRest(kScanLimit);
  if (!bytes.ok()) return Unusable("PDF too large to check (over 512 MiB)", "PDF 超过 512 MiB，无法检测");
  poppler::byte_array data(bytes->begin(), bytes->end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) return Unusable("the PDF does not parse", "PDF 无法解析");
  if (doc->is_locked()) {
    return Unusable("the PDF is encrypted and cannot be opened without a password",
                    "PDF 已加密，无密码无法打开");
  }
  if (doc->pages() < 1) return Unusable("the PDF has no pages", "PDF 没有页面");
  std::unique_ptr<poppler::page> page(doc->create_page(0));
  if (!page || page->page_rect().width() <= 0) {
    return Unusable("the PDF's first page cannot be loaded", "PDF 第一页无法加载");
  }
  return Status::Ok();
}

Status CheckOle(BlobFile& file) {
  FR_RETURN_IF_ERROR(file.Seek(0));
  uint8_t h[32] = {};
  FR_ASSIGN_OR_RETURN(size_t n, file.Read(h, sizeof(h)));
  bool little_endian = n == sizeof(h) && h[28] == 0xfe && h[29] == 0xff;
  bool sector_ok = h[30] == 9 || h[30] == 12;
  if (!little_endian || !sector_ok) {
    return Unusable("the OLE compound file header is damaged", "OLE 复合文档的文件头已损坏");
  }
  return Status::Ok();
}

Status CheckText(BlobFile& file) {
  FR_RETURN_IF_ERROR(file.Seek(0));
  auto bytes = file.ReadRest(kScanLimit);
  if (!bytes.ok()) return Unusable("text too large to check (over 512 MiB)", "文本超过 512 MiB，无法检测");
  if (!IsUtf8Text(*bytes)) return Unusable("the text is not valid UTF-8", "文本不是有效的 UTF-8 编码");
  return Status::Ok();
}

}  // namespace

Status CheckUsable(BlobFile& file, const FileType& type) {
  if (type.code == "pdf") return CheckPdf(file);
  if (type.code == "ole") return CheckOle(file);
  if (type.code == "ofd" || type.code == "docx" || type.code == "xlsx" || type.code == "pptx") {
    auto entries = ListZipEntries(file, true);
    if (entries.ok()) return Status::Ok();
    return Unusable(entries.status().message(), "压缩包结构已损坏：" + entries.status().message());
  }
  switch (type.category) {
    case Category::kImage:
    case Category::kVideo:
    case Category::kAudio:
      return CheckMedia(file, type.category);
    case Category::kText:
      return CheckText(file);
    default:
      return Unusable("no reader for type " + type.code, "没有可读取 " + type.code + " 类型的程序");
  }
}

}  // namespace fullrecord::archive
