// What each disc of a set holds (docs/disc_format.md): the disc is one BagIt bag whose payload is
// the originals under data/文字记录 and data/音像记录, the case metadata, the four-property check
// report, the printable index, the ledger checkpoint with an inclusion proof per original, and
// the public keys; the reader's notes sit beside the tag files.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "archive/case_content.h"
#include "archive/four_checks.h"
#include "archive/iso_image.h"
#include "archive/plan.h"

namespace fullrecord::archive {

struct SetSpec {
  std::string code;   // "FR20261203020000": volume ids and file names (from the making time)
  std::string label;  // "<case number> <code>", printed on every disc
  MediaProfile media;
  UnixMicros made_us = 0;
  std::string origin;  // the store's ledger origin, as the publisher
};

struct PartDigest {
  std::string sha256, sm3;
};

// Everything the discs of one set are composed from. Pointers must outlive composition.
struct SetMaterial {
  const CaseContent* content = nullptr;
  const LedgerEvidence* evidence = nullptr;
  const CheckReport* report = nullptr;
  SetSpec spec;
  std::vector<DiscPlan> plans;
  std::map<std::pair<size_t, int>, PartDigest> parts;  // (original, part) of split files
  std::map<std::string, std::string> keys;  // file name under data/keys/ -> content
};

// The disc's path of a piece: the original's path, with ".part<k>of<n>" for a part.
std::string PiecePath(const Original& o, const Piece& p);

// "FR20261203020000_1OF3": the ISO volume id of disc `seq` of `total`.
std::string VolumeId(const SetSpec& spec, int seq, int total);

// The files of disc `seq` (from 1) of the set, tag files and reader's notes included.
// FailedPrecondition when the index PDF cannot be drawn (no CJK font).
Result<std::vector<ImageFile>> ComposeDisc(const SetMaterial& m, int seq);

// The Shanghai calendar date of `t`, "YYYY-MM-DD".
std::string ShanghaiDay(UnixMicros t);

// The reader's notes: how to check the disc with standard tools. `zh` picks 读我.txt (Chinese)
// or README.txt (English).
std::string ReaderNote(bool zh, const SetMaterial& m, int seq);

}  // namespace fullrecord::archive
