#include "archive/plan.h"

namespace fullrecord::archive {
namespace {

// Sector counts of blank media as the drives report them; the smaller of the - and + formats.
const std::vector<MediaProfile> kProfiles = {
    {"cd", "CD-R 700 MB", 359'846 * kSector},
    {"dvd", "DVD±R 4.7 GB", 2'295'104 * kSector},
    {"dvd-dl", "DVD±R DL 8.5 GB", 4'171'712 * kSector},
    {"bd25", "BD-R 25 GB", 12'219'392 * kSector},
    {"bd50", "BD-R DL 50 GB", 24'438'784 * kSector},
    {"bd100", "BD-R XL 100 GB", 48'878'592 * kSector},
};

uint64_t RoundUp(uint64_t n) { return (n + kSector - 1) / kSector * kSector; }

struct Disc {
  DiscPlan plan;
  uint64_t free = 0;
};

// Places `piece` on the first disc with room, or on a new one.
void Place(std::vector<Disc>& discs, const Piece& piece, uint64_t cost, uint64_t room) {
  for (auto& d : discs) {
    if (d.free >= cost) {
      d.plan.pieces.push_back(piece);
      d.free -= cost;
      return;
    }
  }
  discs.push_back({{{piece}}, room - cost});
}

}  // namespace

const std::vector<MediaProfile>& MediaProfiles() { return kProfiles; }

Result<MediaProfile> FindMedia(const std::string& code) {
  std::string known;
  for (const auto& p : kProfiles) {
    if (p.code == code) return p;
    known += (known.empty() ? "" : ", ") + p.code;
  }
  return Status::InvalidArgument("unknown media \"" + code + "\"; one of: " + known,
                                 "不支持的光盘类型“" + code + "”");
}

uint64_t PieceCost(uint64_t length, uint64_t per_file) { return RoundUp(length) + per_file; }

Result<std::vector<DiscPlan>> PlanDiscs(const std::vector<uint64_t>& sizes, uint64_t capacity,
                                        uint64_t fixed, uint64_t per_file) {
  if (capacity < fixed + per_file + kSector) {
    return Status::InvalidArgument("a disc of " + std::to_string(capacity) +
                                       " bytes has no room for data after its " +
                                       std::to_string(fixed + per_file) + " bytes of structure",
                                   "光盘容量 " + std::to_string(capacity) + " 字节过小，除去 " +
                                       std::to_string(fixed + per_file) +
                                       " 字节的目录结构后已无存放数据的空间");
  }
  uint64_t room = capacity - fixed;
  uint64_t part_max = (room - per_file) / kSector * kSector;  // the data of a full disc

  std::vector<Disc> discs;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (PieceCost(sizes[i], per_file) <= room) {
      Place(discs, {i, 0, sizes[i], 1, 1}, PieceCost(sizes[i], per_file), room);
      continue;
    }
    int parts = static_cast<int>((sizes[i] + part_max - 1) / part_max);
    for (int p = 0; p < parts; ++p) {
      uint64_t offset = static_cast<uint64_t>(p) * part_max;
      uint64_t length = std::min(part_max, sizes[i] - offset);
      discs.push_back({{{{i, offset, length, p + 1, parts}}}, room - PieceCost(length, per_file)});
    }
  }
  std::vector<DiscPlan> out;
  for (auto& d : discs) out.push_back(std::move(d.plan));
  return out;
}

}  // namespace fullrecord::archive
