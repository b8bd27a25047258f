// The workbench — what the signed-in person must do now, soonest first — and the compliance
// report with its filters. Both read the same rules (services/compliance.h); the workbench keeps
// the findings the person is responsible for and adds the decisions waiting on them.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/compliance.h"
#include "services/copies.h"
#include "services/retention.h"
#include "services/xlsx_export.h"

namespace fullrecord::api {
namespace {

using services::Role;

// Whether findings may name `a` as the one who must act. The auditor reads the report but acts
// on nothing; the separated administrators and the legal reviewer have no report at all (asking
// for one would only log a refusal).
bool MayHaveDuties(const services::Actor& a) {
  for (Role r : {Role::kOfficer, Role::kArchivist, Role::kSectionHead, Role::kPrincipalLeader}) {
    if (a.Has(r)) return true;
  }
  return false;
}

Json WorkItem(const char* kind, int64_t id, int64_t case_id, const std::string& case_number,
              const std::string& message_zh, const std::string& message_en) {
  Json j = {{"kind", kind},          {"id", id},
            {"case_id", case_id},    {"case_number", case_number},
            {"message", message_zh}, {"message_en", message_en},
            {"severity", "reminder"}};
  PutTime(j, "due_at", std::nullopt);
  return j;
}

// R15.1: copy requests the principal leader must decide.
Status AddCopyDecisions(Call& c, Json& items) {
  FR_ASSIGN_OR_RETURN(auto pending, services::CopyService(c.ctx).ListPending(c.actor));
  services::CaseService cases(c.ctx);
  for (const auto& r : pending) {
    auto k = cases.Get(c.actor, r.case_id);
    std::string number = k.ok() ? k->number : "";
    std::string zh = "当事人" + r.input.party + "申请复制执法记录，待审批（R15.1）";
    std::string en = "copy request of " + r.input.party + " awaits your decision";
    items.push_back(WorkItem("copy_request", r.id, r.case_id, number, zh, en));
  }
  return Status::Ok();
}

// Disposals waiting on the caller: to decide (principal leader) or to carry out (archivist).
Status AddDisposalSteps(Call& c, Json& items) {
  bool leader = c.actor.Has(Role::kPrincipalLeader);
  bool archivist = c.actor.Has(Role::kArchivist);
  if (!leader && !archivist) return Status::Ok();
  FR_ASSIGN_OR_RETURN(
      auto rows,
      c.ctx.db.Query(
          "SELECT d.id, d.state, c.id, c.number, c.section FROM disposal d JOIN case_file c "
          "ON c.id = d.case_id WHERE d.state IN ('proposed', 'approved') ORDER BY d.id"));
  for (const auto& r : rows) {
    bool decide = leader && r.Text(1) == "proposed";
    bool execute = archivist && r.Text(1) == "approved" && r.Text(4) == c.actor.section;
    if (!decide && !execute) continue;
    const char* zh = decide ? "销毁申请待审批" : "已批准的销毁待执行";
    const char* en =
        decide ? "a disposal awaits your decision" : "an approved disposal awaits execution";
    items.push_back(WorkItem("disposal", r.Int(0), r.Int(2), r.Text(3), zh, en));
  }
  return Status::Ok();
}

// R13.2, R14: retention proposals the principal leader must decide.
Status AddRetentionDecisions(Call& c, Json& items) {
  FR_ASSIGN_OR_RETURN(auto open, services::RetentionService(c.ctx).OpenProposals(c.actor));
  services::CaseService cases(c.ctx);
  for (const auto& p : open) {
    auto k = cases.Get(c.actor, p.case_id);
    std::string number = k.ok() ? k->number : "";
    bool long_term = p.input.kind == "long_term";
    std::string zh = long_term ? "申请将录音录像列为长期保存（" + p.input.trigger + "），待审批"
                               : "申请缩短保管期限，待审批（R13.2）";
    std::string en = long_term ? "long-term keeping (" + p.input.trigger + ") awaits your decision"
                               : "a shorter retention period awaits your decision";
    items.push_back(WorkItem("retention_proposal", p.id, p.case_id, number, zh, en));
  }
  return Status::Ok();
}

// R13.1 for the section archivist: every ended case of the section whose discs are not yet
// registered, with its deadline, also while the report has nothing to say about it yet.
Status AddArchiveDeadlines(Call& c, UnixMicros now, Json& items) {
  if (!c.actor.Has(Role::kArchivist)) return Status::Ok();
  std::set<int64_t> reported;
  for (const auto& j : items) {
    if (j.value("rule_id", "") == "R13.1") reported.insert(j.value("case_id", int64_t{0}));
  }
  FR_ASSIGN_OR_RETURN(auto rows, c.ctx.db.Query("SELECT id FROM case_file WHERE section = ? AND "
                                                "ended_us IS NOT NULL AND archived_us IS NULL "
                                                "ORDER BY ended_us LIMIT 500",
                                                {c.actor.section}));
  services::CaseService cases(c.ctx);
  for (const auto& r : rows) {
    if (reported.count(r.Int(0))) continue;
    FR_ASSIGN_OR_RETURN(services::Case k, cases.Get(c.actor, r.Int(0)));
    auto due = services::ArchiveDueAt(c.ctx, k);
    if (!due.ok() || !*due) continue;  // the report names a calendar gap as its own finding
    std::string by = services::FormatShanghaiMinute(**due);
    Json j = WorkItem("archive_deadline", k.id, k.id, k.number,
                      "执法已结束，应于" + by + "前刻录光盘归档（R13.1）",
                      "enforcement ended; discs are due in the archive by " + by + " (R13.1)");
    j["rule_id"] = "R13.1";
    j["overdue"] = **due < now;
    PutTime(j, "due_at", *due);
    items.push_back(j);
  }
  return Status::Ok();
}

Status AddFindings(Call& c, UnixMicros now, Json& items) {
  if (!MayHaveDuties(c.actor)) return Status::Ok();
  FR_ASSIGN_OR_RETURN(auto findings, services::ComplianceService(c.ctx).Report(c.actor, {}, now));
  for (const auto& f : findings) {
    if (f.responsible != c.actor.id) continue;
    Json j = FindingJson(f);
    j["kind"] = "finding";
    j["overdue"] = f.due_us.has_value() && *f.due_us < now;
    items.push_back(j);
  }
  return Status::Ok();
}

// Items with a due time first, soonest first; the order among the others is kept.
void SortByDue(Json& items) {
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    bool ad = a["due_at"].is_string(), bd = b["due_at"].is_string();
    if (ad != bd) return ad;
    if (!ad) return false;
    return ParseRfc3339(a["due_at"].get<std::string>()).value_or(0) <
           ParseRfc3339(b["due_at"].get<std::string>()).value_or(0);
  });
}

void Workbench(Call& c) {
  UnixMicros now = c.ctx.now();
  Json items = Json::array();
  Status s = AddFindings(c, now, items);
  if (s.ok() && c.actor.Has(Role::kPrincipalLeader)) s = AddCopyDecisions(c, items);
  if (s.ok()) s = AddDisposalSteps(c, items);
  if (s.ok()) s = AddRetentionDecisions(c, items);
  if (s.ok()) s = AddArchiveDeadlines(c, now, items);
  if (!s.ok()) return c.Fail(s);
  SortByDue(items);
  Json out = {{"person", c.actor.id}, {"items", items}, {"count", items.size()}};
  PutTime(out, "now", now);
  c.Reply(out);
}

// ?rules=R12.1,upload_late : a comma-separated list.
std::set<std::string> SplitList(const std::string& text) {
  std::set<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = std::min(text.find(',', pos), text.size());
    if (comma > pos) out.insert(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

// The report as an Excel workbook, written to a private temporary file under the store and sent
// as an attachment. An export is a ledger event (R17.3), written before the bytes leave.
void SendXlsx(Call& c, const services::ComplianceFilter& filter,
              const std::vector<services::Finding>& findings) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::path(c.store.dir()) / "tmp";
  fs::create_directories(dir, ec);
  fs::path path = dir / ("compliance-" + std::to_string(c.ctx.now()) + "-" +
                         std::to_string(reinterpret_cast<uintptr_t>(&c)) + ".xlsx");
  Status s = services::WriteComplianceXlsx(findings, path.string());
  std::string bytes;
  if (s.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) s = Status::IOError("cannot read " + path.string());
  }
  fs::remove(path, ec);
  if (s.ok()) {
    s = services::Commit(c.ctx, c.actor, "compliance.exported", [&](Json& d) {
      d = {{"format", "xlsx"},
           {"findings", findings.size()},
           {"section", filter.section},
           {"officer", filter.officer},
           {"bytes", bytes.size()}};
      return Status::Ok();
    });
  }
  if (!s.ok()) return c.Fail(s);
  http::response<http::string_body> res{http::status::ok, 11};
  res.set(http::field::content_type,
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set(http::field::content_disposition,
          "attachment; filename=\"compliance.xlsx\"; "
          "filename*=UTF-8''%E5%90%88%E8%A7%84%E6%8A%A5%E5%91%8A.xlsx");
  res.body() = std::move(bytes);
  c.ex.Send(std::move(res));
}

void Compliance(Call& c) {
  services::ComplianceFilter filter;
  filter.section = c.ex.Query("section");
  filter.officer = c.ex.Query("officer");
  if (!c.ex.Query("case_id").empty()) {
    int64_t id = QueryInt(c, "case_id", 0, 0, INT64_MAX);
    if (id <= 0) {
      return c.Fail(
          Status::InvalidArgument("case_id must be a positive integer", "案件编号应为正整数"));
    }
    filter.case_id = id;
  }
  filter.rules = SplitList(c.ex.Query("rules"));
  UnixMicros now = c.ctx.now();
  auto findings = services::ComplianceService(c.ctx).Report(c.actor, filter, now);
  if (!findings.ok()) return c.Fail(findings.status());

  if (c.ex.Query("format") == "xlsx") return SendXlsx(c, filter, *findings);

  Json out = Json::array();
  Json counts = {{"violation", 0}, {"warning", 0}, {"reminder", 0}};
  for (const auto& f : *findings) {
    out.push_back(FindingJson(f));
    if (counts.contains(f.severity)) counts[f.severity] = counts[f.severity].get<int>() + 1;
  }
  Json reply = {{"findings", out}, {"counts", counts}, {"total", findings->size()}};
  PutTime(reply, "generated_at", now);
  c.Reply(reply);
}

void Rules(Call& c) {
  Json out = Json::array();
  for (const auto& r : services::ComplianceService::Rules()) {
    out.push_back({{"id", r.id}, {"code", r.code}, {"name_zh", r.name_zh}, {"name_en", r.name_en}});
  }
  c.Reply({{"rules", out}});
}

}  // namespace

void AddReportRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  api.Route(V::get, "/api/workbench",
            {"What the signed-in person must do, soonest first", "reports"}, s, Workbench);
  api.Route(V::get, "/api/compliance",
            {"Compliance report: ?section ?officer ?case_id ?rules=a,b ?format=xlsx", "reports"}, s,
            Compliance);
  api.Route(V::get, "/api/compliance/rules", {"The rules of the compliance report", "reports"}, s,
            Rules);
}

}  // namespace fullrecord::api
