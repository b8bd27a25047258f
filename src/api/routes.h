// The route groups over the regulation services. Each Add… registers its routes on `api`; the
// services decide who may do what, and a record the caller may not see answers 404 exactly as
// one that does not exist (R16.1). Every route needs a session.
#pragma once

#include "api/api.h"

namespace fullrecord::api {

// Sections, people, roles, devices and who held them (R11.1, R11.2).
void AddBureauRoutes(Api& api);
// The document catalogue, cases, their stages, officers, parties, flags and on-site times, and
// the case detail that gathers everything a reader of the case may see (R1.1, R3.1).
void AddCaseRoutes(Api& api);
// Text and audio-visual records, checklists, upload exemptions and interruptions (R3.2–R12.2).
void AddRecordRoutes(Api& api);
// The signed-in person's workbench and the compliance report.
void AddReportRoutes(Api& api);
// Retention, long-term keeping and disposal (R13.2, R14, R17.5); copies for parties (R15.1).
void AddRetentionRoutes(Api& api);
void AddCopyRoutes(Api& api);
// Archive disc sets of a case and their registration (R13.1; routes_archive.cc).
void AddArchiveRoutes(Api& api);
// The system administrator's status of store and server, and backups (routes_admin.cc).
void AddAdminRoutes(Api& api);
// Open findings per day for the workbench chart (routes_history.cc).
void AddHistoryRoutes(Api& api);

// GET /api/catalogue (routes_catalogue.cc): the codes the case and record pages offer — case
// kinds with their stages, documents with their fields, flags, classifications, retention
// classes, long-term triggers, checklist items, interruption reasons and upload exemptions.
void CatalogueReference(Call& c);

}  // namespace fullrecord::api
