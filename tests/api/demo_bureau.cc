#include "api/demo_bureau.h"

#include <stdexcept>

#include "services/bureau.h"
#include "services/cases.h"
#include "services/copies.h"
#include "services/records.h"
#include "services/retention.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {
namespace {

using services::Role;

void Must(const Status& s, const std::string& step) {
  if (!s.ok()) throw std::runtime_error("demo bureau, " + step + ": " + s.ToString());
}

template <typename T>
T Must(Result<T> r, const std::string& step) {
  if (!r.ok()) Must(r.status(), step);
  return std::move(r).value();
}

UnixMicros At(const char* rfc3339) {
  return ParseRfc3339(rfc3339).value();
}

services::Actor As(services::Context& ctx, const char* person) {
  return Must(services::LoadActor(ctx, person), std::string("load ") + person);
}

void AddPeople(TestServer& server) {
  using D = DemoBureau;
  server.AddSection("s1", "执法一科");
  server.AddSection("s2", "执法二科");
  server.AddUser(D::kOfficer, "s1", {Role::kOfficer}, TestServer::kPassword, "CERT-0001");
  server.AddUser("officer2", "s1", {Role::kOfficer}, TestServer::kPassword, "CERT-0002");
  server.AddUser(D::kArchivist, "s1", {Role::kArchivist});
  server.AddUser(D::kHead, "s1", {Role::kSectionHead});
  server.AddUser(D::kReviewer, "", {Role::kLegalReviewer});
  server.AddUser(D::kLeader, "", {Role::kPrincipalLeader});
  server.AddUser(D::kSysAdmin, "", {Role::kSysAdmin});
  server.AddUser(D::kSecAdmin, "", {Role::kSecAdmin});
  server.AddUser(D::kAuditor, "", {Role::kAuditor});
  server.AddUser(D::kOutsider, "s2", {Role::kOfficer}, TestServer::kPassword, "CERT-0009");
  server.AddUser(D::kSpare, "s2", {Role::kOfficer});
}

void AddDevices(services::Context& ctx) {
  auto console = services::Actor::Console("test");
  services::BureauService bureau(ctx);
  Must(bureau.RegisterDevice(console, {"BC-001", "body_camera", "s1"}), "register BC-001");
  Must(bureau.RegisterDevice(console, {"BC-002", "body_camera", "s1"}), "register BC-002");
  Must(
      bureau.AssignDevice(console, "BC-001", DemoBureau::kOfficer, At("2026-01-05T08:00:00+08:00")),
      "issue BC-001");
}

int64_t OpenCase(services::Context& ctx, const std::string& number, const std::string& title,
                 services::RetentionClass retention) {
  services::CaseInput in;
  in.number = number;
  in.title = title;
  in.section = "s1";
  in.retention = retention;
  in.officers = {"officer2"};
  in.parties = {{DemoBureau::kParty, "organisation", "91150300MA0000000X"}};
  return Must(services::CaseService(ctx).Create(As(ctx, DemoBureau::kOfficer), in),
              "open " + number);
}

std::string Ingest(TestServer& server, const std::string& content) {
  TempDir tmp;
  WriteFile(tmp / "original", content);
  return Must(server.store().vault().IngestFile(tmp / "original", "test"), "ingest").blob.sha256;
}

void AddRecords(TestServer& server, DemoBureau& d) {
  services::Context& ctx = server.store().services();
  services::RecordService records(ctx);
  auto officer = As(ctx, DemoBureau::kOfficer);
  d.sha256 = Ingest(server, "demo original: on-site inspection transcript");

  services::TextRecordInput text;
  text.case_id = d.case_id;
  text.stage = services::Stage::kInvestigation;
  text.doc_type = "onsite_inspection_record";
  text.title = DemoBureau::kRecordTitle;
  text.blob_sha256 = d.sha256;
  d.text_id = Must(records.AddText(officer, text), "add text record");

  services::AvRecordInput av;
  av.case_id = d.case_id;
  av.stage = services::Stage::kInvestigation;
  av.device = "BC-001";
  av.start_us = At("2026-03-02T09:00:00+08:00");
  av.end_us = At("2026-03-02T09:40:00+08:00");
  av.place = "某区某路 1 号";
  d.av_id = Must(records.AddAv(officer, av), "add recording");
  Must(records.AddSegment(officer, d.av_id, d.sha256, av.start_us, At("2026-03-02T09:20:00+08:00"))
           .status(),
       "add segment");
  d.interruption_id =
      Must(records.AddInterruption(officer, d.av_id, At("2026-03-02T09:20:00+08:00"),
                                   At("2026-03-02T09:25:00+08:00")),
           "add interruption");
}

// A 10-year case that ended now, proposed for disposal eleven years on and refused.
void AddRefusedDisposal(TestServer& server, DemoBureau& d) {
  services::Context& ctx = server.store().services();
  services::CaseService cases(ctx);
  d.expired_case_id =
      OpenCase(ctx, "教罚〔2026〕8号", "早年结案的案件", services::RetentionClass::kTenYears);
  Must(cases.EndEnforcement(As(ctx, DemoBureau::kOfficer), d.expired_case_id, ctx.now()), "end");

  UnixMicros later = ctx.now() + int64_t{11} * 366 * 24 * 3600 * 1'000'000;
  ctx.now = [later] { return later; };
  services::RetentionService retention(ctx);
  d.disposal_id = Must(
      retention.ProposeDisposal(As(ctx, DemoBureau::kArchivist), d.expired_case_id, "期满鉴定"),
      "propose disposal");
  Status decided =
      retention.DecideDisposal(As(ctx, DemoBureau::kLeader), d.disposal_id, false, "尚需保留");
  ctx.now = NowMicros;
  Must(decided, "refuse disposal");

  services::RetentionProposalInput keep{"long_term", "R14.4", std::nullopt, "需长期保存"};
  d.proposal_id = Must(retention.ProposeRetention(As(ctx, DemoBureau::kArchivist), d.case_id, keep),
                       "propose long-term keeping");
}

void AddDeliveredCopy(TestServer& server, DemoBureau& d) {
  services::Context& ctx = server.store().services();
  services::CopyService copies(ctx);
  auto officer = As(ctx, DemoBureau::kOfficer);
  services::CopyRequestInput in{DemoBureau::kParty, "申请行政复议", {}, true};
  d.copy_id = Must(copies.Request(officer, d.case_id, in), "request copy");
  Must(copies.Decide(As(ctx, DemoBureau::kLeader), d.copy_id, true, "同意"), "approve copy");
  Must(copies.Produce(officer, d.copy_id).status(), "produce copy");
  Must(copies.Deliver(officer, d.copy_id, "张某（当事人委托人）"), "deliver copy");
}

}  // namespace

DemoBureau DemoBureau::Build(TestServer& server) {
  DemoBureau d;
  services::Context& ctx = server.store().services();
  AddPeople(server);
  AddDevices(ctx);
  d.case_id = OpenCase(ctx, kCaseNumber, kCaseTitle, services::RetentionClass::kThirtyYears);

  // Two certified officers take it to investigation, then to review and decision.
  services::CaseService cases(ctx);
  auto officer = As(ctx, kOfficer);
  Must(cases.Advance(officer, d.case_id, services::Stage::kInvestigation, "立案"), "investigate");
  AddRecords(server, d);
  Must(cases.Advance(officer, d.case_id, services::Stage::kDecision, "调查终结"), "decide");
  AddRefusedDisposal(server, d);
  AddDeliveredCopy(server, d);
  return d;
}

}  // namespace fullrecord::testing
