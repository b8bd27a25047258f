#include "api/role_table.h"

#include <initializer_list>

namespace fullrecord::testing {
namespace {

using D = DemoBureau;

// Every role gets `s`.
Expect All(unsigned s) {
  Expect e;
  e.fill(s);
  return e;
}

// `who` get `yes`, everyone else `no`.
Expect Only(std::initializer_list<Who> who, unsigned yes, unsigned no = 403) {
  Expect e = All(no);
  for (Who w : who) e[w] = yes;
  return e;
}

Expect With(Expect e, Who w, unsigned s) {
  e[w] = s;
  return e;
}

// Readers of the case get `s`; the others are answered as if it did not exist.
Expect Reader(unsigned s) {
  Expect e = All(404);
  for (size_t w = 0; w < kWhoCount; ++w) {
    if (ReadsCase(static_cast<Who>(w))) e[w] = s;
  }
  return e;
}

// The case's officers and its section's head and archivist get `s`; the other readers 403.
Expect Changer(unsigned s) {
  return With(With(With(Reader(403), kOfficer, s), kArchivist, s), kHead, s);
}

// The expired case is still at its start: the legal reviewer does not see it.
Expect ExpiredReader(unsigned s) {
  return With(Reader(s), kReviewer, 404);
}

void AddSystemRows(RoleTable& t) {
  t[{"GET", "/healthz"}] = {"/healthz", nullptr, All(200)};
  t[{"GET", "/metrics"}] = {"/metrics", nullptr, All(200)};
  t[{"GET", "/api/openapi.json"}] = {"/api/openapi.json", nullptr, All(200)};
  t[{"GET", "/api/ledger/checkpoint"}] = {"/api/ledger/checkpoint", nullptr, All(200)};
  t[{"GET", "/api/ledger/entries"}] = {"/api/ledger/entries?limit=500", nullptr,
                                       Only({kAuditor}, 200)};
  t[{"GET", "/api/ledger/proof/{seq}"}] = {"/api/ledger/proof/1", nullptr, Only({kAuditor}, 200)};
  t[{"POST", "/api/ledger/verify"}] = {"/api/ledger/verify", Json::object(), Only({kAuditor}, 200)};
  t[{"GET", "/api/system/status"}] = {"/api/system/status", nullptr, Only({kSysAdmin}, 200)};
  // Everyone else is refused before the destination is read; a relative one is bad input.
  t[{"POST", "/api/system/backups"}] = {
      "/api/system/backups", {{"destination", "relative/backup"}}, Only({kSysAdmin}, 400)};
}

void AddAuthRows(RoleTable& t) {
  t[{"POST", "/api/auth/login"}] = {
      "/api/auth/login", {{"person", "{me}"}, {"password", TestServer::kPassword}}, All(200)};
  t[{"POST", "/api/auth/logout"}] = {"/api/auth/logout", Json::object(), All(200)};
  t[{"GET", "/api/auth/me"}] = {"/api/auth/me", nullptr, All(200)};
  t[{"POST", "/api/auth/password"}] = {
      "/api/auth/password",
      {{"old_password", "Wrong#2026-guess"}, {"new_password", "Other#2026-record"}},
      All(403)};
  t[{"GET", "/api/accounts"}] = {"/api/accounts", nullptr, Only({kSecAdmin}, 200)};
  t[{"POST", "/api/accounts/{person}/password"}] = {
      "/api/accounts/spare1/password", {{"password", "short"}}, Only({kSecAdmin}, 400)};
}

void AddBureauRows(RoleTable& t) {
  const Expect managers = Only({kSysAdmin, kArchivist, kHead}, 409);
  t[{"GET", "/api/sections"}] = {"/api/sections", nullptr, All(200)};
  t[{"POST", "/api/sections"}] = {
      "/api/sections", {{"code", "s1"}, {"name", "重复"}}, Only({kSecAdmin}, 409)};
  t[{"GET", "/api/people"}] = {"/api/people?section=s1", nullptr, All(200)};
  t[{"POST", "/api/people"}] = {
      "/api/people", {{"id", D::kOfficer}, {"name", "重复"}}, Only({kSecAdmin}, 409)};
  t[{"GET", "/api/people/{person}"}] = {"/api/people/spare1", nullptr, All(200)};
  t[{"PUT", "/api/people/{person}"}] = {
      "/api/people/spare1", {{"name", "备用人员"}}, Only({kSecAdmin}, 200)};
  t[{"POST", "/api/people/{person}/active"}] = {
      "/api/people/spare1/active", {{"active", true}}, Only({kSecAdmin}, 200)};
  t[{"POST", "/api/people/{person}/roles"}] = {
      "/api/people/spare1/roles", {{"role", "officer"}}, Only({kSecAdmin}, 200)};
  t[{"DELETE", "/api/people/{person}/roles/{role}"}] = {"/api/people/spare1/roles/archivist",
                                                        nullptr, Only({kSecAdmin}, 200)};
  t[{"GET", "/api/roles"}] = {"/api/roles", nullptr, All(200)};
  t[{"GET", "/api/devices"}] = {"/api/devices", nullptr, All(200)};
  t[{"POST", "/api/devices"}] = {
      "/api/devices", {{"serial", "BC-001"}, {"type", "body_camera"}, {"section", "s1"}}, managers};
  t[{"GET", "/api/devices/{serial}/assignments"}] = {"/api/devices/BC-001/assignments", nullptr,
                                                     All(200)};
  t[{"POST", "/api/devices/{serial}/assign"}] = {
      "/api/devices/BC-001/assign",
      {{"person", D::kOfficer}, {"from", "2026-01-01T00:00:00+08:00"}},
      Only({kSysAdmin, kArchivist, kHead}, 400)};
  t[{"POST", "/api/devices/{serial}/return"}] = {"/api/devices/BC-002/return", Json::object(),
                                                 managers};
}

void AddCaseRows(RoleTable& t, const std::string& c) {
  t[{"GET", "/api/catalogue"}] = {"/api/catalogue", nullptr, All(200)};
  t[{"GET", "/api/cases"}] = {"/api/cases?limit=5", nullptr, All(200)};
  t[{"POST", "/api/cases"}] = {"/api/cases",
                               {{"number", "probe-{me}"},
                                {"title", "探测案件"},
                                {"section", "s1"},
                                {"kind", "inspection_routine"}},
                               Only({kOfficer, kArchivist, kHead, kOutsider}, 201)};
  t[{"GET", "/api/cases/{id}"}] = {c, nullptr, Reader(200)};
  t[{"GET", "/api/cases/{id}/stages"}] = {c + "/stages", nullptr, Reader(200)};
  t[{"POST", "/api/cases/{id}/stages/advance"}] = {
      c + "/stages/advance", {{"to", "archive"}, {"reason", "探测"}}, Changer(409)};
  t[{"POST", "/api/cases/{id}/stages/back"}] = {
      c + "/stages/back", {{"to", "execution"}, {"reason", "探测"}}, Changer(409)};
  t[{"POST", "/api/cases/{id}/officers"}] = {
      c + "/officers", {{"person", D::kOfficer}}, Changer(200)};
  t[{"POST", "/api/cases/{id}/parties"}] = {c + "/parties", {{"name", "第二当事人"}}, Changer(200)};
  t[{"PUT", "/api/cases/{id}/flags"}] = {c + "/flags", {{"flags", Json::array()}}, Changer(200)};
  t[{"PUT", "/api/cases/{id}/onsite"}] = {
      c + "/onsite",
      {{"start", "2026-03-02T09:00:00+08:00"}, {"end", "2026-03-02T09:40:00+08:00"}},
      Changer(200)};
  t[{"POST", "/api/cases/{id}/end"}] = {c + "/end", Json::object(), Changer(200)};
  t[{"POST", "/api/cases/{id}/archived"}] = {c + "/archived", Json::object(),
                                             With(Reader(403), kArchivist, 200)};
  t[{"PUT", "/api/cases/{id}/classification"}] = {
      c + "/classification", {{"classification", "ordinary"}}, Changer(200)};
}

void AddRecordRows(RoleTable& t, const DemoBureau& d, const std::string& c) {
  const std::string av = "/api/av-records/" + std::to_string(d.av_id);
  const std::string in = "/api/interruptions/" + std::to_string(d.interruption_id);
  const Json span = {{"start", "2026-03-02T09:30:00+08:00"}, {"end", "2026-03-02T09:31:00+08:00"}};
  t[{"GET", "/api/cases/{id}/text-records"}] = {c + "/text-records", nullptr, Reader(200)};
  t[{"POST", "/api/cases/{id}/text-records"}] = {
      c + "/text-records",
      {{"stage", "investigation"}, {"doc_type", "onsite_inspection_record"}, {"title", "补充笔录"}},
      Changer(201)};
  t[{"GET", "/api/cases/{id}/av-records"}] = {c + "/av-records", nullptr, Reader(200)};
  t[{"GET", "/api/av-records/unassigned"}] = {"/api/av-records/unassigned", nullptr, All(200)};
  Json av_body = span;
  av_body.update({{"case_id", d.case_id},
                  {"stage", "investigation"},
                  {"device", "BC-001"},
                  {"officer", D::kOfficer}});
  t[{"POST", "/api/av-records"}] = {"/api/av-records", av_body, Changer(201)};
  t[{"GET", "/api/av-records/{id}"}] = {av, nullptr, Reader(200)};
  Json seg = span;
  seg["sha256"] = d.sha256;
  t[{"POST", "/api/av-records/{id}/segments"}] = {av + "/segments", seg, Changer(201)};
  t[{"PUT", "/api/av-records/{id}/checklist"}] = {
      av + "/checklist", {{"checklist", {{"rights_informed", true}}}}, Changer(200)};
  t[{"POST", "/api/av-records/{id}/assign"}] = {
      av + "/assign", {{"case_id", d.case_id}, {"stage", "investigation"}}, Changer(200)};
  t[{"POST", "/api/av-records/{id}/upload-exemption"}] = {
      av + "/upload-exemption", {{"reason", "away_from_base"}}, Changer(200)};
  t[{"POST", "/api/av-records/{id}/interruptions"}] = {av + "/interruptions", span, Changer(201)};
  t[{"POST", "/api/interruptions/{id}/explain"}] = {
      in + "/explain", {{"reason", "low_battery"}, {"voice_explained", true}}, Changer(200)};
  t[{"POST", "/api/interruptions/{id}/report-head"}] = {
      in + "/report-head", {{"head", D::kHead}}, Changer(200)};
  t[{"POST", "/api/interruptions/{id}/written"}] = {
      in + "/written", {{"text", "电池耗尽"}}, Changer(200)};
}

void AddReportRows(RoleTable& t, const DemoBureau& d, const std::string& c) {
  const std::string disposal = "/api/disposals/" + std::to_string(d.disposal_id);
  const std::string copy = "/api/copy-requests/" + std::to_string(d.copy_id);
  const Json reason = {{"reason", "探测"}};
  t[{"GET", "/api/workbench"}] = {"/api/workbench", nullptr, All(200)};
  t[{"GET", "/api/compliance"}] = {
      "/api/compliance", nullptr,
      Only({kOfficer, kArchivist, kHead, kLeader, kAuditor, kOutsider}, 200)};
  t[{"GET", "/api/compliance/rules"}] = {"/api/compliance/rules", nullptr, All(200)};
  t[{"GET", "/api/compliance/history"}] = {
      "/api/compliance/history?days=7", nullptr,
      Only({kOfficer, kArchivist, kHead, kLeader, kAuditor, kOutsider}, 200)};

  t[{"GET", "/api/cases/{id}/retention"}] = {c + "/retention", nullptr, Reader(200)};
  t[{"POST", "/api/cases/{id}/retention/long-term"}] = {
      c + "/retention/long-term",
      {{"trigger", "R14.1"}, {"reason", "当事人投诉"}},
      With(With(Changer(200), kArchivist, 403), kLeader, 200)};
  t[{"PUT", "/api/cases/{id}/retention"}] = {c + "/retention",
                                             {{"retention", "30y"}, {"reason", "探测"}},
                                             With(Changer(409), kLeader, 409)};
  // Asking for a class that is not shorter gets past who may ask, and changes nothing; a blank
  // reason does the same for the principal leader's decision.
  t[{"POST", "/api/cases/{id}/retention/proposals"}] = {
      c + "/retention/proposals",
      {{"kind", "shorten"}, {"to", "permanent"}, {"reason", "探测"}},
      Changer(409)};
  t[{"GET", "/api/retention/proposals"}] = {"/api/retention/proposals", nullptr, All(200)};
  t[{"POST", "/api/retention/proposals/{id}/decide"}] = {
      "/api/retention/proposals/" + std::to_string(d.proposal_id) + "/decide",
      {{"approve", true}, {"reason", " "}},
      With(Reader(403), kLeader, 400)};
  t[{"POST", "/api/cases/{id}/disposals"}] = {c + "/disposals", reason,
                                              With(Reader(403), kArchivist, 409)};
  t[{"GET", "/api/disposals/{id}"}] = {disposal, nullptr, ExpiredReader(200)};
  t[{"POST", "/api/disposals/{id}/decide"}] = {disposal + "/decide",
                                               {{"approve", true}, {"reason", "探测"}},
                                               With(ExpiredReader(403), kLeader, 409)};
  t[{"POST", "/api/disposals/{id}/execute"}] = {disposal + "/execute", Json::object(),
                                                With(ExpiredReader(403), kArchivist, 409)};

  const Expect handlers = With(With(Reader(403), kOfficer, 409), kArchivist, 409);
  t[{"GET", "/api/cases/{id}/copy-requests"}] = {c + "/copy-requests", nullptr, Reader(200)};
  t[{"POST", "/api/cases/{id}/copy-requests"}] = {
      c + "/copy-requests",
      {{"party", D::kParty}, {"purpose", "探测"}, {"all", true}},
      With(With(Reader(403), kOfficer, 201), kArchivist, 201)};
  t[{"GET", "/api/copy-requests/pending"}] = {"/api/copy-requests/pending", nullptr,
                                              Only({kLeader}, 200)};
  t[{"GET", "/api/copy-requests/{id}"}] = {copy, nullptr, Reader(200)};
  t[{"POST", "/api/copy-requests/{id}/decide"}] = {
      copy + "/decide", {{"approve", true}}, With(Reader(403), kLeader, 409)};
  t[{"POST", "/api/copy-requests/{id}/produce"}] = {copy + "/produce", Json::object(), handlers};
  t[{"POST", "/api/copy-requests/{id}/deliver"}] = {
      copy + "/deliver", {{"received_by", "某人"}}, handlers};
}

// Archive discs (R13.1): only the section archivist makes them. The expired case has no file to
// archive, so the archivist's request reaches the four-property check and fails it (409) without
// writing a disc; the demo bureau has no disc set, so the set routes answer 404 to everyone here.
// api_archive_test covers a made set: who may read and register it.
void AddArchiveRows(RoleTable& t, const DemoBureau& d, const std::string& c) {
  const std::string expired = "/api/cases/" + std::to_string(d.expired_case_id);
  const std::string set = "/api/disc-sets/424242";
  t[{"POST", "/api/cases/{id}/archive"}] = {
      expired + "/archive", {{"media", "cd"}}, With(ExpiredReader(403), kArchivist, 409)};
  t[{"GET", "/api/cases/{id}/discs"}] = {c + "/discs", nullptr, Reader(200)};
  t[{"GET", "/api/disc-sets/{id}"}] = {set, nullptr, All(404)};
  t[{"POST", "/api/disc-sets/{id}/register"}] = {
      set + "/register", {{"location", "档案室 A-3"}}, All(404)};
}

// tus uploads are their uploader's alone: anyone else gets 404, as for an unknown upload.
void AddFileRows(RoleTable& t, const DemoBureau& d, const std::string& upload,
                 const std::string& upload_to_end) {
  const std::map<std::string, std::string> tus = {{"Tus-Resumable", "1.0.0"}};
  const Expect owner = Only({kOfficer}, 200, 404);
  const Expect uploaders = Only({kSysAdmin, kSecAdmin, kAuditor}, 403, 201);
  const std::string u = "/api/uploads/" + upload;
  t[{"OPTIONS", "/api/uploads"}] = {"/api/uploads", nullptr, All(204)};
  t[{"POST", "/api/uploads"}] = {
      "/api/uploads", nullptr, uploaders, {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "5"}}};
  t[{"GET", "/api/uploads/{id}"}] = {u, nullptr, owner, tus};
  t[{"PATCH", "/api/uploads/{id}"}] = {u,
                                       nullptr,
                                       Only({kOfficer}, 409, 404),
                                       {{"Tus-Resumable", "1.0.0"},
                                        {"Upload-Offset", "3"},
                                        {"Content-Type", "application/offset+octet-stream"}},
                                       "xy"};
  t[{"DELETE", "/api/uploads/{id}"}] = {"/api/uploads/" + upload_to_end, nullptr,
                                        Only({kOfficer}, 204, 404), tus};
  t[{"GET", "/api/uploads/{id}/result"}] = {u + "/result", nullptr, owner, tus};
  t[{"GET", "/api/blobs/{sha256}"}] = {"/api/blobs/" + d.sha256, nullptr, Reader(200)};
  t[{"GET", "/api/copy-requests/{id}/package"}] = {
      "/api/copy-requests/" + std::to_string(d.copy_id) + "/package", nullptr,
      With(With(Reader(403), kOfficer, 200), kArchivist, 200)};
}

}  // namespace

const char* LoginOf(Who who) {
  static constexpr const char* kLogins[kWhoCount] = {D::kOfficer,  D::kArchivist, D::kHead,
                                                     D::kReviewer, D::kLeader,    D::kSysAdmin,
                                                     D::kSecAdmin, D::kAuditor,   D::kOutsider};
  return kLogins[who];
}

const char* WhoName(Who who) {
  static constexpr const char* kNames[kWhoCount] = {
      "officer",   "archivist", "section_head", "legal_reviewer",       "principal_leader",
      "sys_admin", "sec_admin", "auditor",      "other_section_officer"};
  return kNames[who];
}

bool ReadsCase(Who who) {
  return who <= kLeader;
}

RoleTable MakeRoleTable(const DemoBureau& d, const std::string& upload,
                        const std::string& upload_to_end) {
  RoleTable t;
  const std::string c = "/api/cases/" + std::to_string(d.case_id);
  AddSystemRows(t);
  AddAuthRows(t);
  AddBureauRows(t);
  AddCaseRows(t, c);
  AddRecordRows(t, d, c);
  AddReportRows(t, d, c);
  AddArchiveRows(t, d, c);
  AddFileRows(t, d, upload, upload_to_end);
  return t;
}

}  // namespace fullrecord::testing
