// What goes on a case's archive discs (R13.1): the case with its records, stage history and
// parties, and each original in the vault that its records point at, with the readable name it
// gets on disc. Gathering only reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/file_type.h"
#include "services/cases.h"
#include "services/records.h"

namespace fullrecord::archive {

// One original of the case: a vault blob, named on disc for people.
struct Original {
  std::string sha256, sm3;  // as recorded at ingest (lower-case hex)
  uint64_t size = 0;
  uint64_t ledger_seq = 0;  // its "blob.ingested" ledger entry
  std::string stored_at;
  std::string path;  // on disc, relative to the bag: "data/音像记录/A0002-01-DSJ001-20261203-100000.mp4"
  std::string kind;  // "text" or "av"
  std::vector<std::string> records;  // what points at it: "text_record 3", "av_record 2 segment 5"
  services::Classification classification = services::Classification::kOrdinary;
  Identity identity;  // type by magic bytes, hazards
};

struct CaseContent {
  services::Case kase;
  std::vector<services::TextRecord> texts;
  std::vector<services::AvRecord> avs;
  std::vector<services::StageChange> history;
  std::vector<Original> originals;  // one per distinct blob, in record order
  std::string maker_id;             // the person making the discs (制片人)
  std::string maker_name;
  std::optional<UnixMicros> deadline_us;  // R13.1: 30 working days after the enforcement ended
};

// Reads case `number` as `actor` sees it, with every record and original. NotFound when the case
// is unknown or out of the actor's reach; errors of the vault or store as they come.
Result<CaseContent> GatherCase(services::Context& ctx, const services::Actor& actor,
                               const std::string& number);

// The digests of every original the store's tables tie to the case, whatever the actor may see;
// the integrity check compares the gathered originals with it.
Result<std::vector<std::string>> RecordedBlobs(services::Context& ctx, int64_t case_id);

// A name safe on ISO 9660 with Joliet and Rock Ridge, FAT and NTFS: no path separators, no
// reserved or control characters, at most `max_chars` characters; never empty.
std::string SafeName(const std::string& text, size_t max_chars);

// The case metadata written on every disc as data/case.json.
Json CaseJson(const CaseContent& content);

}  // namespace fullrecord::archive
