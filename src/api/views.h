// JSON views of the services' values, as the API answers them. Keys are stable snake_case.
// Instants are RFC 3339 UTC strings under their key, with the Asia/Shanghai minute people read
// ("2026-12-03 14:05") under key + "_display"; both are null when the instant is absent. Enums
// are their stable code under their key, with the Chinese name under key + "_zh". Views never
// hold secrets: no password hash, session token or CSRF token is ever part of one.
#pragma once

#include <optional>
#include <string>

#include "common/json.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/compliance.h"
#include "services/copies.h"
#include "services/records.h"
#include "services/retention.h"

namespace fullrecord::api {

// Sets j[key] and j[key + "_display"] for instant `t`.
void PutTime(Json& j, const std::string& key, std::optional<UnixMicros> t);

Json RoleListJson(const std::vector<services::Role>& roles);
Json PersonJson(const services::Person& p);
Json DeviceJson(const services::Device& d);
Json AssignmentJson(const services::Assignment& a);

// A case without its officers and parties (as CaseService::List gives it).
Json CaseSummaryJson(const services::Case& c);
// The summary with officers ({id, name}) and parties.
Json CaseJson(services::Context& ctx, const services::Case& c);
Json StageChangeJson(const services::StageChange& s);
// A requirement the case does not meet, with the documents that would meet it.
Json MissingJson(const services::Catalogue* catalogue, const services::Missing& m);

Json TextRecordJson(const services::Catalogue* catalogue, const services::TextRecord& t);
// A recording with its segments, the gaps between them, its checklist and interruptions.
Json AvRecordJson(const services::AvRecord& a);
Json InterruptionJson(const services::Interruption& i);

Json RetentionChangeJson(const services::RetentionChange& r);
Json DisposalJson(const services::Disposal& d);
Json RetentionProposalJson(const services::RetentionProposal& p);
Json CopyRequestJson(const services::CopyRequest& r);
Json CopySetJson(const services::CopySet& s);
Json FindingJson(const services::Finding& f);
// One ledger entry from its stored canonical JSON, with the time for display.
Json LedgerEntryJson(int64_t seq, const std::string& data);

}  // namespace fullrecord::api
