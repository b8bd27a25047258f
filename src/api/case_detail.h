// What the case pages show, gathered for one reader: used by the case, retention and copy routes.
// Each answers NotFound for a case the caller may not read, exactly as for a missing one.
#pragma once

#include "api/api.h"
#include "services/cases.h"

namespace fullrecord::api {

// GET /api/cases/{id}: the case with its stage timeline and history, parties, officers, text
// records with their missing fields, the documents the catalogue still asks for, audio-visual
// records with segments, gaps, checklist and interruptions, retention with its history and
// disposals, copy requests, and the case's ledger events.
Result<Json> CaseDetail(Call& c, int64_t id);

// The case's retention class, long-term mark, expiry, changes and disposals.
Result<Json> RetentionView(Call& c, const services::Case& kase);

// The copy requests of the case, oldest first.
Result<Json> CopyRequestsOf(Call& c, const services::Case& kase);

// Adds "case_number" to each item of a list of case_id-bearing items, so that a list of requests
// from many cases names each case as people know it; empty for a case the caller may not read.
void AddCaseNumbers(Call& c, Json& items);

// The ledger events whose detail names the case, oldest first (at most `limit`).
Result<Json> CaseLedger(Call& c, int64_t case_id, int64_t limit);

}  // namespace fullrecord::api
