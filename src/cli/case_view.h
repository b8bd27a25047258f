// Finding a case from what a person types, and what `case show` prints about it.
#pragma once

#include <string>

#include "cli/actor.h"
#include "services/cases.h"

namespace fullrecord::cli {

// The id of the case `ref` names: all digits is an id, anything else a case number. NotFound
// alike for a missing case and one the actor may not see.
Result<int64_t> ResolveCase(Session& s, const std::string& ref);

// Prints a case with its parties, officers, stage history, text records (with missing fields),
// recordings (with segments and interruptions) and the documents the catalogue still wants.
Status ShowCase(Session& s, int64_t id);

// The summary of a case for --json (without records).
Json CaseJson(const services::Case& c);

}  // namespace fullrecord::cli
