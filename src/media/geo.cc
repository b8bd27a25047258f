#include "media/geo.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace fullrecord::media {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// One signed ISO 6709 component: "+39.9042", "-07345.5". Returns its text without the sign, the
// sign, and advances `pos` past it.
bool TakeComponent(std::string_view s, size_t& pos, bool& negative, std::string_view& body) {
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  negative = s[pos] == '-';
  size_t start = ++pos;
  while (pos < s.size() && (IsDigit(s[pos]) || s[pos] == '.')) ++pos;
  body = s.substr(start, pos - start);
  return !body.empty();
}

std::optional<double> ToDouble(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Degrees from "DD[D].d", "DD[D]MM.m" or "DD[D]MMSS.s": the count of integer digits says which.
std::optional<double> IsoDegrees(std::string_view body, size_t degree_digits) {
  size_t dot = body.find('.');
  size_t int_digits = dot == std::string_view::npos ? body.size() : dot;
  auto whole = ToDouble(body);
  if (!whole) return std::nullopt;
  if (int_digits == degree_digits) return *whole;
  double scale = std::pow(10.0, static_cast<double>(int_digits - degree_digits));
  if (int_digits == degree_digits + 2) {
    double deg = std::floor(*whole / scale);
    double min = *whole - deg * scale;
    return min < 60 ? std::optional(deg + min / 60) : std::nullopt;
  }
  if (int_digits == degree_digits + 4) {
    double deg = std::floor(*whole / scale);
    double rest = *whole - deg * scale;
    double min = std::floor(rest / 100);
    double sec = rest - min * 100;
    return min < 60 && sec < 60 ? std::optional(deg + min / 60 + sec / 3600) : std::nullopt;
  }
  return std::nullopt;
}

int64_t Micro(double degrees) {
  return std::llround(degrees * 1e6);
}

// "39:1, 54:1, 378:25" -> {39, 54, 15.12}.
std::optional<std::vector<double>> Rationals(std::string_view text) {
  std::vector<double> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t comma = text.find(',', pos);
    std::string_view item =
        text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto num = ToDouble(item.substr(0, colon));
    auto den = ToDouble(item.substr(colon + 1));
    if (!num || !den || *den == 0) return std::nullopt;
    out.push_back(*num / *den);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::optional<double> ExifDegrees(const std::map<std::string, std::string>& tags,
                                  const std::string& key, const std::string& ref_key,
                                  char negative_ref, double limit) {
  auto value = tags.find(key);
  auto ref = tags.find(ref_key);
  if (value == tags.end() || ref == tags.end()) return std::nullopt;
  auto parts = Rationals(value->second);
  if (!parts || parts->empty() || parts->size() > 3) return std::nullopt;
  double deg = (*parts)[0];
  if (parts->size() > 1) deg += (*parts)[1] / 60;
  if (parts->size() > 2) deg += (*parts)[2] / 3600;
  if (deg > limit) return std::nullopt;
  std::string_view r = ref->second;
  while (!r.empty() && r.front() == ' ') r.remove_prefix(1);
  if (r.empty()) return std::nullopt;
  return r.front() == negative_ref ? -deg : deg;
}

}  // namespace

std::optional<GeoPoint> ParseIso6709(std::string_view text) {
  size_t pos = 0;
  bool lat_neg = false, lon_neg = false, alt_neg = false;
  std::string_view lat_body, lon_body, alt_body;
  if (!TakeComponent(text, pos, lat_neg, lat_body)) return std::nullopt;
  if (!TakeComponent(text, pos, lon_neg, lon_body)) return std::nullopt;
  bool has_alt = TakeComponent(text, pos, alt_neg, alt_body);
  if (pos < text.size() && text[pos] != '/' && text.substr(pos, 3) != "CRS") return std::nullopt;

  auto lat = IsoDegrees(lat_body, 2);
  auto lon = IsoDegrees(lon_body, 3);
  if (!lat || !lon || *lat > 90 || *lon > 180) return std::nullopt;
  GeoPoint p{Micro(lat_neg ? -*lat : *lat), Micro(lon_neg ? -*lon : *lon), std::nullopt, "iso6709"};
  if (has_alt) {
    auto alt = ToDouble(alt_body);
    if (!alt) return std::nullopt;
    p.alt_mm = std::llround((alt_neg ? -*alt : *alt) * 1000);
  }
  return p;
}

std::optional<GeoPoint> ParseExifGps(const std::map<std::string, std::string>& tags) {
  auto lat = ExifDegrees(tags, "GPSLatitude", "GPSLatitudeRef", 'S', 90);
  auto lon = ExifDegrees(tags, "GPSLongitude", "GPSLongitudeRef", 'W', 180);
  if (!lat || !lon) return std::nullopt;
  GeoPoint p{Micro(*lat), Micro(*lon), std::nullopt, "exif"};
  if (auto alt = tags.find("GPSAltitude"); alt != tags.end()) {
    auto parts = Rationals(alt->second);
    if (parts && parts->size() == 1) {
      auto ref = tags.find("GPSAltitudeRef");
      bool below = ref != tags.end() && ref->second.find('1') != std::string::npos;
      p.alt_mm = std::llround((below ? -1 : 1) * (*parts)[0] * 1000);
    }
  }
  return p;
}

std::string FormatDegrees(int64_t microdeg) {
  int64_t a = std::llabs(microdeg);
  std::string frac = std::to_string(a % 1000000);
  frac.insert(0, 6 - frac.size(), '0');
  return (microdeg < 0 ? "-" : "") + std::to_string(a / 1000000) + "." + frac;
}

}  // namespace fullrecord::media
