// Pictures of a video for people who browse evidence: a poster frame and a contact sheet (a grid
// of thumbnails spread evenly over the recording), both JPEG. They are derivatives: made from a
// read-only original, never in its place.
#pragma once

#include <string>

#include "common/status.h"

namespace fullrecord::media {

struct PictureOptions {
  int poster_width = 640;  // the poster is scaled down to at most this width
  int thumb_width = 160;   // each thumbnail of the sheet, before rounding to even sizes
  int columns = 4;
  int rows = 3;
  int jpeg_quality = 4;  // FFmpeg's qscale, 2 (best) to 31
};

struct Picture {
  int width = 0;
  int height = 0;
  int frames = 0;  // frames the picture shows (1 for a poster)
};

// Writes a JPEG poster of the video `video` to `out`: the frame at a tenth of its duration (at
// most 10 s in), scaled to fit PictureOptions::poster_width. InvalidArgument when the file has
// no decodable video; IOError when `out` cannot be written.
Result<Picture> MakePoster(const std::string& video, const std::string& out,
                           const PictureOptions& options = {});

// Writes a JPEG contact sheet of `video` to `out`: columns × rows thumbnails at evenly spaced
// times, left to right, top to bottom. Tiles whose time the decoder cannot reach stay black.
Result<Picture> MakeContactSheet(const std::string& video, const std::string& out,
                                 const PictureOptions& options = {});

}  // namespace fullrecord::media
