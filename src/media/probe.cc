#include "media/probe.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>

#include "media/ffmpeg.h"

namespace fullrecord::media {
namespace {

constexpr size_t kMaxTags = 64;
constexpr size_t kMaxTagValue = 256;
constexpr int64_t kTruncationSlackUs = 1'000'000;
constexpr UnixMicros kYear2000Us = 946'684'800'000'000;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

void AddTags(const AVDictionary* dict, std::map<std::string, std::string>& tags) {
  const AVDictionaryEntry* e = nullptr;
  while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    if (tags.size() >= kMaxTags) return;
    std::string value = Trim(e->value);
    if (value.size() > kMaxTagValue) value.resize(kMaxTagValue);
    tags.emplace(e->key, value);
  }
}

// The first tag among `keys` (compared without case), or "".
std::string FindTag(const std::map<std::string, std::string>& tags,
                    std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    for (const auto& [k, v] : tags) {
      if (Lower(k) == key && !v.empty()) return v;
    }
  }
  return "";
}

// Accepts RFC 3339 and its common variants in media tags: a space for 'T', no zone (UTC, as
// QuickTime stores it), "+0800" for "+08:00", EXIF's "2026:12:03 14:05:00" (local: Beijing
// time unless an EXIF offset says otherwise).
std::optional<UnixMicros> ParseTagTime(std::string text, const std::string& exif_offset) {
  text = Trim(text);
  if (text.size() < 19) return std::nullopt;
  bool exif = text[4] == ':' && text[7] == ':';
  if (exif) text[4] = text[7] = '-';
  text[10] = 'T';
  std::string zone = text.substr(19);
  size_t frac_end = 0;
  while (frac_end < zone.size() &&
         (zone[frac_end] == '.' || std::isdigit(static_cast<unsigned char>(zone[frac_end])))) {
    ++frac_end;
  }
  std::string frac = zone.substr(0, frac_end);
  zone = zone.substr(frac_end);
  if (zone.empty()) zone = exif ? (exif_offset.empty() ? "+08:00" : exif_offset) : "Z";
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) zone.insert(3, ":");
  auto t = ParseRfc3339(text.substr(0, 19) + frac + zone);
  if (!t || *t < kYear2000Us) return std::nullopt;  // 0 or 1904: the device never set it
  return t;
}

void ReadCreation(MediaFacts& f, const std::map<std::string, std::string>& stream_tags) {
  std::string offset = FindTag(f.tags, {"offsettimeoriginal"});
  struct Source {
    const std::map<std::string, std::string>* tags;
    const char* key;
  };
  const Source sources[] = {{&f.tags, "com.apple.quicktime.creationdate"},
                            {&f.tags, "creation_time"},
                            {&f.tags, "datetimeoriginal"},
                            {&f.tags, "date"},
                            {&stream_tags, "creation_time"}};
  for (const auto& s : sources) {
    std::string text = FindTag(*s.tags, {s.key});
    if (text.empty()) continue;
    if (auto t = ParseTagTime(text, offset)) {
      f.created_us = t;
      f.created_tag = s.key;
      return;
    }
  }
}

void ReadDeviceAndPlace(MediaFacts& f) {
  f.make = FindTag(f.tags, {"make", "com.apple.quicktime.make", "com.android.manufacturer"});
  f.model = FindTag(f.tags, {"model", "com.apple.quicktime.model", "com.android.model"});
  f.serial = FindTag(f.tags, {"serial", "serial_number", "serialnumber", "bodyserialnumber",
                              "device_serial", "com.apple.quicktime.serial"});
  std::string iso =
      FindTag(f.tags, {"location", "com.apple.quicktime.location.iso6709", "location-eng"});
  if (!iso.empty()) f.gps = ParseIso6709(iso);
  if (!f.gps) f.gps = ParseExifGps(f.tags);
}

StreamFacts ReadStream(const AVStream& s) {
  const AVCodecParameters& p = *s.codecpar;
  StreamFacts st;
  const char* type = av_get_media_type_string(p.codec_type);
  st.type = type ? type : "unknown";
  st.codec = avcodec_get_name(p.codec_id);
  if (const char* profile = avcodec_profile_name(p.codec_id, p.profile)) st.profile = profile;
  st.bit_rate = p.bit_rate;
  if (p.codec_type == AVMEDIA_TYPE_VIDEO) {
    const char* pix = av_get_pix_fmt_name(static_cast<AVPixelFormat>(p.format));
    st.pixel_format = pix ? pix : "";
    st.width = p.width;
    st.height = p.height;
    if (s.avg_frame_rate.num > 0 && s.avg_frame_rate.den > 0) {
      st.fps_num = s.avg_frame_rate.num;
      st.fps_den = s.avg_frame_rate.den;
    }
  } else if (p.codec_type == AVMEDIA_TYPE_AUDIO) {
    st.sample_rate = p.sample_rate;
    st.channels = p.ch_layout.nb_channels;
  }
  if (s.duration != AV_NOPTS_VALUE && s.duration > 0) {
    st.duration_us = av::ToMicros(s.duration, s.time_base);
  }
  return st;
}

bool IsImageContainer(const std::string& name) {
  return name == "image2" || (name.size() > 5 && name.substr(name.size() - 5) == "_pipe");
}

std::string Kind(const MediaFacts& f) {
  const StreamFacts* video = f.FirstStream("video");
  if (video && IsImageContainer(f.container)) return "image";
  bool still = video && (video->codec == "mjpeg" || video->codec == "png") &&
               !f.FirstStream("audio") && (!f.declared_duration_us || *f.declared_duration_us == 0);
  if (still) return "image";
  if (video) return "video";
  if (f.FirstStream("audio")) return "audio";
  return "unknown";
}

// EXIF lives in the JPEG's APP1 segment, which FFmpeg's decoder exports as frame metadata.
void ReadImageTags(AVFormatContext& in, MediaFacts& f) {
  int index = av_find_best_stream(&in, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return;
  auto dec = av::OpenDecoder(*in.streams[index], 1);
  if (!dec.ok()) return;
  av::PacketPtr pkt = av::NewPacket();
  av::FramePtr frame = av::NewFrame();
  while (av_read_frame(&in, pkt.get()) >= 0) {
    bool ours = pkt->stream_index == index;
    if (ours) avcodec_send_packet(dec->get(), pkt.get());
    av_packet_unref(pkt.get());
    if (ours) break;
  }
  avcodec_send_packet(dec->get(), nullptr);
  if (avcodec_receive_frame(dec->get(), frame.get()) >= 0) AddTags(frame->metadata, f.tags);
}

// Reads every packet, without decoding, to find where the media really ends.
void ScanPackets(AVFormatContext& in, MediaFacts& f) {
  av::PacketPtr pkt = av::NewPacket();
  int64_t origin = in.start_time == AV_NOPTS_VALUE ? 0 : in.start_time;
  int64_t end_us = -1;
  int err = 0;
  while ((err = av_read_frame(&in, pkt.get())) >= 0) {
    const AVStream* s = in.streams[pkt->stream_index];
    auto type = s->codecpar->codec_type;
    int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
    if ((type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) && ts != AV_NOPTS_VALUE) {
      int64_t stop = av::ToMicros(ts + std::max<int64_t>(pkt->duration, 0), s->time_base);
      end_us = std::max(end_us, stop - origin);
    }
    av_packet_unref(pkt.get());
  }
  if (err != AVERROR_EOF) f.tags.emplace("read_error", av::ErrorText(err));
  if (end_us >= 0) f.duration_us = end_us;
  if (!f.duration_us) f.duration_us = f.declared_duration_us;
  f.truncated = f.declared_duration_us && f.duration_us &&
                *f.declared_duration_us - *f.duration_us > kTruncationSlackUs;
}

MediaFacts Unreadable(std::string reason) {
  MediaFacts f;
  f.kind = "unknown";
  f.reason = std::move(reason);
  return f;
}

}  // namespace

const StreamFacts* MediaFacts::FirstStream(const std::string& type) const {
  for (const auto& s : streams) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

Result<MediaFacts> Probe(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("no such file: " + path);
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is not a regular file");
  auto input = av::OpenInput(path);
  if (!input.ok()) return Unreadable(input.status().message());

  AVFormatContext& in = **input;
  MediaFacts f;
  f.container = in.iformat->name;
  AddTags(in.metadata, f.tags);
  f.brand = FindTag(f.tags, {"major_brand"});
  if (in.duration != AV_NOPTS_VALUE && in.duration > 0) f.declared_duration_us = in.duration;
  std::map<std::string, std::string> stream_tags;
  for (unsigned i = 0; i < in.nb_streams; ++i) {
    f.streams.push_back(ReadStream(*in.streams[i]));
    if (stream_tags.empty()) AddTags(in.streams[i]->metadata, stream_tags);
  }
  f.kind = Kind(f);
  if (f.kind == "unknown") {
    MediaFacts u = Unreadable("no audio or video stream in a " + f.container + " container");
    u.container = f.container;
    return u;
  }

  if (f.kind == "image") {
    ReadImageTags(in, f);
  } else {
    ScanPackets(in, f);
  }
  if (f.kind != "image" && (!f.duration_us || *f.duration_us <= 0)) {
    MediaFacts u = Unreadable("no audio or video packets could be read" +
                              (f.tags.count("read_error") ? ": " + f.tags["read_error"] : ""));
    u.container = f.container;
    return u;
  }
  ReadCreation(f, stream_tags);
  ReadDeviceAndPlace(f);
  f.readable = true;
  return f;
}

bool IsBrowserPlayable(const MediaFacts& f) {
  if (!f.readable) return false;
  if (f.kind == "image") return true;
  auto in = [](const std::string& v, std::initializer_list<const char*> set) {
    return std::any_of(set.begin(), set.end(), [&v](const char* s) { return v == s; });
  };
  bool mp4 = f.container.find("mp4") != std::string::npos && f.brand != "qt  ";
  bool webm = f.container.find("webm") != std::string::npos;
  for (const auto& s : f.streams) {
    if (s.type == "video") {
      bool codec = mp4 ? in(s.codec, {"h264", "av1", "vp9"}) : in(s.codec, {"vp8", "vp9", "av1"});
      bool eight_bit = in(s.pixel_format, {"yuv420p", "yuvj420p"});
      if (!(mp4 || webm) || !codec || !eight_bit) return false;
    } else if (s.type == "audio") {
      bool ok = (mp4 && in(s.codec, {"aac", "mp3", "opus"})) ||
                (webm && in(s.codec, {"opus", "vorbis"})) ||
                (f.kind == "audio" && f.container == "mp3" && s.codec == "mp3") ||
                (f.kind == "audio" && f.container == "ogg" && in(s.codec, {"opus", "vorbis"})) ||
                (f.kind == "audio" && f.container == "wav" && in(s.codec, {"pcm_s16le", "pcm_u8"}));
      if (!ok) return false;
    }
  }
  return true;
}

Json FactsToJson(const MediaFacts& f) {
  Json j = {{"readable", f.readable}, {"kind", f.kind}, {"container", f.container}};
  if (!f.readable) j["reason"] = f.reason;
  if (!f.brand.empty()) j["brand"] = f.brand;
  if (f.duration_us) j["duration_us"] = *f.duration_us;
  if (f.declared_duration_us) j["declared_duration_us"] = *f.declared_duration_us;
  if (f.truncated) j["truncated"] = true;
  if (f.created_us) j["created"] = FormatUtc(*f.created_us), j["created_us"] = *f.created_us;
  if (!f.created_tag.empty()) j["created_tag"] = f.created_tag;
  if (f.gps) {
    j["gps"] = {{"lat", FormatDegrees(f.gps->lat_microdeg)},
                {"lon", FormatDegrees(f.gps->lon_microdeg)},
                {"lat_microdeg", f.gps->lat_microdeg},
                {"lon_microdeg", f.gps->lon_microdeg},
                {"source", f.gps->source}};
    if (f.gps->alt_mm) j["gps"]["alt_mm"] = *f.gps->alt_mm;
  }
  for (const auto& [key, value] :
       {std::pair{"make", &f.make}, {"model", &f.model}, {"serial", &f.serial}}) {
    if (!value->empty()) j["device"][key] = *value;
  }
  if (!f.tags.empty()) j["tags"] = f.tags;
  j["streams"] = Json::array();
  for (const auto& s : f.streams) {
    Json js = {{"type", s.type}, {"codec", s.codec}};
    if (!s.profile.empty()) js["profile"] = s.profile;
    if (!s.pixel_format.empty()) js["pixel_format"] = s.pixel_format;
    if (s.width) js["width"] = s.width, js["height"] = s.height;
    if (s.fps_den) js["fps"] = std::to_string(s.fps_num) + "/" + std::to_string(s.fps_den);
    if (s.sample_rate) js["sample_rate"] = s.sample_rate, js["channels"] = s.channels;
    if (s.bit_rate) js["bit_rate"] = s.bit_rate;
    if (s.duration_us) js["duration_us"] = *s.duration_us;
    j["streams"].push_back(js);
  }
  return j;
}

namespace {

template <typename T>
void Get(const Json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}

template <typename T>
void GetOptional(const Json& j, const char* key, std::optional<T>& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}

StreamFacts StreamFromJson(const Json& js) {
  StreamFacts s;
  Get(js, "type", s.type);
  Get(js, "codec", s.codec);
  Get(js, "profile", s.profile);
  Get(js, "pixel_format", s.pixel_format);
  Get(js, "width", s.width);
  Get(js, "height", s.height);
  std::string fps;
  Get(js, "fps", fps);
  if (size_t slash = fps.find('/'); slash != std::string::npos) {
    s.fps_num = std::stoi(fps.substr(0, slash));
    s.fps_den = std::stoi(fps.substr(slash + 1));
  }
  Get(js, "sample_rate", s.sample_rate);
  Get(js, "channels", s.channels);
  Get(js, "bit_rate", s.bit_rate);
  GetOptional(js, "duration_us", s.duration_us);
  return s;
}

}  // namespace

Result<MediaFacts> FactsFromJson(const Json& j) {
  if (!j.is_object() || !j.contains("readable") || !j.contains("kind")) {
    return Status::InvalidArgument("media facts lack \"readable\" or \"kind\"");
  }
  if (j.contains("streams") && !j["streams"].is_array()) {
    return Status::InvalidArgument("media facts: \"streams\" is not an array");
  }
  try {
    MediaFacts f;
    Get(j, "readable", f.readable);
    Get(j, "kind", f.kind);
    Get(j, "container", f.container);
    Get(j, "reason", f.reason);
    Get(j, "brand", f.brand);
    GetOptional(j, "duration_us", f.duration_us);
    GetOptional(j, "declared_duration_us", f.declared_duration_us);
    Get(j, "truncated", f.truncated);
    GetOptional(j, "created_us", f.created_us);
    Get(j, "created_tag", f.created_tag);
    if (auto g = j.find("gps"); g != j.end()) {
      f.gps = GeoPoint{g->at("lat_microdeg").get<int64_t>(), g->at("lon_microdeg").get<int64_t>(),
                       std::nullopt, g->value("source", "")};
      GetOptional(*g, "alt_mm", f.gps->alt_mm);
    }
    if (auto d = j.find("device"); d != j.end()) {
      Get(*d, "make", f.make);
      Get(*d, "model", f.model);
      Get(*d, "serial", f.serial);
    }
    Get(j, "tags", f.tags);
    for (const auto& js : j.value("streams", Json::array())) {
      f.streams.push_back(StreamFromJson(js));
    }
    return f;
  } catch (const std::exception& e) {  // nlohmann's type errors, std::stoi's
    return Status::InvalidArgument(std::string("malformed media facts: ") + e.what());
  }
}

}  // namespace fullrecord::media
