// Making a case's archive discs (R13.1) in one go: the four-property check (四性检测), the plan
// of the numbered set, the images (ISO 9660 + Joliet + Rock Ridge) with their printed labels,
// and the set's entry in the disc registry. Only the archivist of the case's section makes them
// (R11.1). Originals are only read.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "archive/four_checks.h"
#include "archive/iso_image.h"
#include "archive/plan.h"
#include "archive/registry.h"

namespace fullrecord::archive {

struct MakeRequest {
  std::string case_number;
  MediaProfile media;   // capacity may be set smaller for tests (--media-capacity)
  std::string out_dir;  // the images go to <out_dir>/<set code>/, which must not exist yet
  const std::vector<ledger::NoteVerifier>* pinned = nullptr;  // the store's keys; outlives the call
  std::map<std::string, std::string> keys;   // files for data/keys/: ledger.vkeys, *.pub.pem
  std::string origin;                        // the store's ledger origin
  ImageProgressFn progress;                  // bytes written over all images
};

struct MadeSet {
  DiscSetRow set;  // as registered, with its id
  CheckReport report;
};

// Checks and makes the discs of `req.case_number` as `actor`. Errors:
//   NotFound — no such case, or out of the actor's reach;
//   PermissionDenied — the actor is not the archivist of the case's section (logged as refused);
//   FailedPrecondition — the four-property check failed: the message lists every failure, and
//     `*report` (when not null) holds the whole report; logged as "disc_set.check_failed";
//   InvalidArgument — a bad output directory, or media too small for even the disc structure.
// On any error no image is left in `req.out_dir` and the registry is unchanged.
Result<MadeSet> MakeDiscSet(services::Context& ctx, const services::Actor& actor,
                            const MakeRequest& req, CheckReport* report);

// The public keys of the store in `store_dir` (file name -> contents; empty when unreadable), which
// every disc carries under data/keys/ for checking it offline.
std::map<std::string, std::string> StorePublicKeys(const std::string& store_dir);

// The text printed on disc `seq`'s label: case, maker (制片人), date, retention, set and digest.
std::string LabelText(const CaseContent& content, const DiscSetRow& set, const DiscRow& disc);

}  // namespace fullrecord::archive
