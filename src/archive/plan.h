// Media profiles and how a case's originals are spread over a numbered set of discs: whole files
// where they fit, in record order; a file larger than a disc is cut into parts, one per disc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace fullrecord::archive {

// Recordable media and their capacity in bytes (user data of a blank disc).
struct MediaProfile {
  std::string code;  // "cd", "dvd", "dvd-dl", "bd25", "bd50", "bd100", or "custom"
  std::string name;  // "DVD±R 4.7 GB"
  uint64_t capacity = 0;
};

const std::vector<MediaProfile>& MediaProfiles();
// The profile named `code`; InvalidArgument listing the valid codes otherwise.
Result<MediaProfile> FindMedia(const std::string& code);

// A contiguous piece of one original placed on one disc. `parts` is 1 for a whole file.
struct Piece {
  size_t file = 0;  // index into the sizes given to PlanDiscs
  uint64_t offset = 0;
  uint64_t length = 0;
  int part = 1;
  int parts = 1;
};

struct DiscPlan {
  std::vector<Piece> pieces;
};

constexpr uint64_t kSector = 2048;

// The room one piece takes on a disc: its bytes rounded up to whole sectors, plus `per_file`
// for its directory records, manifest lines, proof and index entries.
uint64_t PieceCost(uint64_t length, uint64_t per_file);

// Spreads files of `sizes` over discs of `capacity` bytes, each keeping `fixed` bytes for the
// bag, index, keys and file-system structures, and `per_file` for each piece. Files are taken in
// order and each goes on the first disc with room; a file too large for an empty disc is cut into
// parts of whole sectors. InvalidArgument when not even one sector of data fits on a disc.
Result<std::vector<DiscPlan>> PlanDiscs(const std::vector<uint64_t>& sizes, uint64_t capacity,
                                        uint64_t fixed, uint64_t per_file);

}  // namespace fullrecord::archive
