// Where a recording was made: GPS positions as the files carry them — ISO 6709 strings in
// MP4/QuickTime metadata ("+39.9042+116.4074/"), EXIF GPS tags in photos (as FFmpeg prints them,
// "39:1, 54:1, 378:25"). Degrees are kept as integer micro-degrees: exact, and fit for the
// ledger's integer-only canonical JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace fullrecord::media {

struct GeoPoint {
  int64_t lat_microdeg = 0;       // north positive, [-90e6, 90e6]
  int64_t lon_microdeg = 0;       // east positive, [-180e6, 180e6]
  std::optional<int64_t> alt_mm;  // above sea level, millimetres
  std::string source;             // "iso6709" or "exif"
};

// Parses an ISO 6709 point: latitude and longitude each as degrees, degrees-minutes or
// degrees-minutes-seconds, an optional altitude, an optional "/" or CRS suffix. nullopt when the
// text is not such a point or lies outside the globe.
std::optional<GeoPoint> ParseIso6709(std::string_view text);

// Reads GPSLatitude/GPSLatitudeRef/GPSLongitude/GPSLongitudeRef (and GPSAltitude, GPSAltitudeRef)
// from EXIF tags as FFmpeg's JPEG decoder exports them. nullopt when any of the four is missing
// or malformed.
std::optional<GeoPoint> ParseExifGps(const std::map<std::string, std::string>& tags);

// "39.904200": micro-degrees as decimal degrees with six places.
std::string FormatDegrees(int64_t microdeg);

}  // namespace fullrecord::media
