// The role × route table of the API: for every route, a request to make (path with real ids,
// body) and the status each role must get. A route without a row fails the matrix test, so a
// new route cannot slip by without someone deciding who may use it.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>

#include "api/demo_bureau.h"

namespace fullrecord::testing {

// The roles of the matrix, each signed in as one person of the demo bureau.
enum Who : size_t {
  kOfficer,    // officer on the case
  kArchivist,  // the case section's archivist
  kHead,       // the case section's head
  kReviewer,   // legal reviewer: reads cases in review, changes nothing
  kLeader,     // principal leader: reads all, approves copies and disposals
  kSysAdmin,
  kSecAdmin,
  kAuditor,
  kOutsider,  // officer of another section
  kWhoCount,
};

const char* LoginOf(Who who);
const char* WhoName(Who who);
// Whether `who` may read the demo case (at the decision stage).
bool ReadsCase(Who who);

using Expect = std::array<unsigned, kWhoCount>;

struct Probe {
  std::string path;  // the pattern with real ids
  Json body;         // sent as JSON unless null; "{me}" in strings becomes the caller's login
  Expect expect;
  // When set, the request carries these headers and `raw` as its body instead of `body` (tus).
  std::map<std::string, std::string> headers = {};
  std::string raw = "";
};

// Keyed by (method, pattern), as api.router().routes() lists them.
using RoleTable = std::map<std::pair<std::string, std::string>, Probe>;

// `upload` and `upload_to_end` are unfinished uploads of the officer on the case.
RoleTable MakeRoleTable(const DemoBureau& d, const std::string& upload,
                        const std::string& upload_to_end);

}  // namespace fullrecord::testing
