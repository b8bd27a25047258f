#include "media/file_name.h"

#include <regex>

namespace fullrecord::media {
namespace {

// Which capture group holds which field; 0 when the pattern has no such field. A 14-digit
// stamp is split into date and time.
struct Fields {
  int device = 0;
  int officer = 0;
  int date = 0;
  int time = 0;
  int stamp = 0;
  int sequence = 0;
  int channel = 0;
};

struct CompiledPattern {
  NamePattern info;
  std::regex re;
  Fields fields;
};

const std::vector<CompiledPattern>& Compiled() {
  constexpr auto kFlags = std::regex::ECMAScript | std::regex::icase;
  static const std::vector<CompiledPattern> kPatterns = {
      {{"serial_date_time_seq", "DSJ-001_20261203_140500_0001.MP4",
        "device serial, date, time, segment number"},
       std::regex(R"(^([A-Z][A-Z0-9-]*[0-9])_(\d{8})_(\d{6})_(\d{1,6})$)", kFlags),
       {.device = 1, .date = 2, .time = 3, .sequence = 4}},
      {{"stamp_officer_serial", "20261203140500_000123_DSJ001.mp4",
        "date-time, officer number, device serial"},
       std::regex(R"(^(\d{14})_(\d{4,10})_([A-Z][A-Z0-9-]*)$)", kFlags),
       {.device = 3, .officer = 2, .stamp = 1}},
      {{"police_officer_stamp", "POLICE_1234567_20261203-140500_A.MOV",
        "officer number, date-time, segment letter; device from the folder"},
       std::regex(R"(^POLICE_(\d{4,10})_(\d{8})-(\d{6})_([A-Z0-9]{1,4})$)", kFlags),
       {.officer = 1, .date = 2, .time = 3, .sequence = 4}},
      {{"serial_officer_stamp_seq", "H8A0012_1500123_20261203140500_0003_N.mp4",
        "device serial, officer number, date-time, segment number, optional mark (N normal, "
        "I important)"},
       std::regex(R"(^([A-Z][A-Z0-9-]*)_(\d{4,10})_(\d{14})_(\d{1,6})(?:_[A-Z])?$)", kFlags),
       {.device = 1, .officer = 2, .stamp = 3, .sequence = 4}},
      {{"channel_stamp", "ch01_20261203140500.mp4",
        "dock or recorder channel and date-time (Hikvision/Hytera-like exports); device from "
        "the folder"},
       std::regex(R"(^ch(\d{1,3})_(\d{14})$)", kFlags),
       {.stamp = 2, .channel = 1}},
      {{"kind_date_time", "IMG_20261203_140512.jpg",
        "IMG, VID, PIC, REC or AUD, date, time, optional number; device from the folder"},
       std::regex(R"(^(?:IMG|VID|PIC|REC|AUD)_(\d{8})_(\d{6})(?:_(\d{1,6}))?$)", kFlags),
       {.date = 1, .time = 2, .sequence = 3}},
  };
  return kPatterns;
}

std::string Group(const std::smatch& m, int i) {
  return i > 0 && m[i].matched ? m[i].str() : std::string();
}

std::string_view Stem(std::string_view name) {
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

const std::vector<NamePattern>& NamePatterns() {
  static const std::vector<NamePattern> kInfo = [] {
    std::vector<NamePattern> v;
    for (const auto& p : Compiled()) v.push_back(p.info);
    return v;
  }();
  return kInfo;
}

std::optional<UnixMicros> BeijingTime(std::string_view d, std::string_view t) {
  if (d.size() != 8 || t.size() != 6) return std::nullopt;
  std::string text = std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2)) + "-" +
                     std::string(d.substr(6, 2)) + "T" + std::string(t.substr(0, 2)) + ":" +
                     std::string(t.substr(2, 2)) + ":" + std::string(t.substr(4, 2)) + "+08:00";
  return ParseRfc3339(text);
}

std::optional<NameFacts> ParseBodyCameraName(std::string_view file_name) {
  std::string stem(Stem(file_name));
  for (const auto& p : Compiled()) {
    std::smatch m;
    if (!std::regex_match(stem, m, p.re)) continue;
    const Fields& f = p.fields;
    std::string date = f.stamp ? Group(m, f.stamp).substr(0, 8) : Group(m, f.date);
    std::string time = f.stamp ? Group(m, f.stamp).substr(8) : Group(m, f.time);
    auto start = BeijingTime(date, time);
    if (!start) return std::nullopt;
    return NameFacts{p.info.id, Group(m, f.device),   Group(m, f.officer),
                     start,     Group(m, f.sequence), Group(m, f.channel)};
  }
  return std::nullopt;
}

std::string NormalizeSerial(std::string_view serial) {
  std::string out;
  for (char c : serial) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

}  // namespace fullrecord::media
