// After the images: burning a set (when a drive is present), reading discs back, and the section
// archivist's registration of the set, which marks the case archived (R13.1, R11.1).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "archive/registry.h"
#include "archive/verify.h"

namespace fullrecord::archive {

// Reads back disc i of `set` from `paths[i]` (an image file or a disc device; empty: the image
// the set was made as): the first `size` bytes must have the SHA-256 recorded when the image was
// made, and verify-disc must pass with `key_files`. Corruption naming the disc when one differs;
// `reports` (when not null) gets each disc's verification.
Result<std::vector<Readback>> ReadBackSet(const DiscSetRow& set,
                                          const std::vector<std::string>& paths,
                                          const std::vector<std::string>& key_files,
                                          std::vector<DiscReport>* reports);

// Burns every disc of set `set_id` in turn: `next_medium(seq, total)` waits for a blank medium
// and returns the drive address to write disc `seq` to. Each disc is read back from the drive
// and verified; the set becomes "burned". Only the archivist of the case's section.
Status BurnSet(services::Context& ctx, const services::Actor& actor, int64_t set_id,
               const std::vector<std::string>& key_files,
               const std::function<Result<std::string>(int seq, int total)>& next_medium,
               const std::function<void(uint64_t)>& progress, std::vector<DiscReport>* reports);

// The archivist of the case's section registers set `set_id` as kept at `location`, after each
// disc is read back (see ReadBackSet), and the case is marked archived (R13.1 met). Errors:
// PermissionDenied for anyone else (logged), FailedPrecondition when already registered,
// InvalidArgument for an empty location or a wrong number of paths, Corruption when a disc
// read back differs. Nothing is changed on any error.
Status RegisterSet(services::Context& ctx, const services::Actor& actor, int64_t set_id,
                   const std::string& location, const std::vector<std::string>& paths,
                   const std::vector<std::string>& key_files, std::vector<DiscReport>* reports);

}  // namespace fullrecord::archive
