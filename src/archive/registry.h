// The disc registry: every disc set made for a case, its discs and their digests, and where the
// discs are kept once registered (R13.1). Tables disc_set and disc (store/sqlite/schema.sql). Every
// change is committed with its ledger event.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/context.h"

namespace fullrecord::archive {

struct DiscRow {
  int seq = 0;
  int total = 0;
  std::string image_sha256;
  std::string image_sm3;  // empty until the disc is read back
  uint64_t size = 0;
  std::string label_text;
  std::string image_file;
  std::string readback;  // what was read back; empty until then
};

struct DiscSetRow {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  std::string code, maker, media, label, out_dir, location, state;
  UnixMicros made_us = 0;
  std::string registered_by;
  std::optional<UnixMicros> registered_us;
  std::vector<DiscRow> discs;
};

// What reading a disc back found: where from, and the image's SM3.
struct Readback {
  std::string source;
  std::string image_sm3;
};

// Inserts a made set (state "made") with its discs and the ledger event "disc_set.made", in one
// transaction. Returns the set's id.
Result<int64_t> RecordMadeSet(services::Context& ctx, const services::Actor& actor,
                              const DiscSetRow& set);

// NotFound for an unknown id.
Result<DiscSetRow> LoadSet(services::Context& ctx, int64_t id);
Result<std::vector<DiscSetRow>> SetsOfCase(services::Context& ctx, int64_t case_id);

// Records what reading back each disc found (one per disc, in order) and moves the set to
// `state` ("burned" or "registered"), with `location` when registering; ledger event
// "disc_set.<state>". FailedPrecondition when the set is already registered.
Status RecordReadback(services::Context& ctx, const services::Actor& actor, int64_t id,
                      const std::vector<Readback>& readbacks, const std::string& state,
                      const std::string& location);

}  // namespace fullrecord::archive
