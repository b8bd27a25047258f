#include "services/cases.h"

#include <algorithm>

namespace fullrecord::services {
namespace {

bool Blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

constexpr const char* kSelectCase =
    "SELECT id, number, kind, title, section, stage, classification, retention, long_term, flags, "
    "onsite_start_us, onsite_end_us, ended_us, archived_us, disposed_us, created_us, created_by "
    "FROM case_file";

Case CaseFromRow(const store::Row& r) {
  Case c;
  c.id = r.Int(0);
  c.number = r.Text(1);
  c.kind = ParseCaseKind(r.Text(2)).value();
  c.title = r.Text(3);
  c.section = r.Text(4);
  c.stage = ParseStage(r.Text(5)).value();
  c.classification = ParseClassification(r.Text(6)).value();
  c.retention = ParseRetention(r.Text(7)).value();
  c.long_term = r.Int(8) != 0;
  for (const auto& f : Json::parse(r.Text(9))) c.flags.insert(f.get<std::string>());
  c.onsite_start_us = OptionalInt(r, 10);
  c.onsite_end_us = OptionalInt(r, 11);
  c.ended_us = OptionalInt(r, 12);
  c.archived_us = OptionalInt(r, 13);
  c.disposed_us = OptionalInt(r, 14);
  c.created_us = r.Int(15);
  c.created_by = r.Text(16);
  return c;
}

Json FlagsJson(const std::set<std::string>& flags) {
  Json arr = Json::array();
  for (const auto& f : flags) arr.push_back(f);
  return arr;
}

std::string IdArray(const std::vector<int64_t>& ids) {
  Json arr = Json::array();
  for (int64_t id : ids) arr.push_back(id);
  return arr.dump();
}

// Access condition of List in SQL, mirroring MayRead.
std::string AccessClause(const Actor& actor, std::vector<store::Value>& params) {
  if (actor.Has(Role::kPrincipalLeader)) return "1";
  std::vector<std::string> any;
  if (actor.Has(Role::kOfficer)) {
    any.push_back("id IN (SELECT case_id FROM case_officer WHERE person = ?)");
    params.push_back(actor.id);
  }
  if (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist)) {
    any.push_back("section = ?");
    params.push_back(actor.section);
  }
  if (actor.Has(Role::kLegalReviewer)) {
    any.push_back(
        "(stage IN ('decision','execution','archive') AND classification IN "
        "('ordinary','internal'))");
  }
  if (any.empty()) return "0";
  std::string out;
  for (const auto& a : any) out += (out.empty() ? "(" : " OR ") + a;
  return out + ")";
}

}  // namespace

bool MayRead(const Actor& actor, const Case& c) {
  if (actor.Has(Role::kPrincipalLeader)) return true;
  if (actor.Has(Role::kOfficer) && Contains(c.officers, actor.id)) return true;
  bool own_section = !actor.section.empty() && actor.section == c.section;
  if (own_section && (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist))) return true;
  return actor.Has(Role::kLegalReviewer) && !IsSecret(c.classification) &&
         StageIndex(c.stage) >= StageIndex(Stage::kDecision);
}

bool MayChange(const Actor& actor, const Case& c) {
  if (actor.Has(Role::kOfficer) && Contains(c.officers, actor.id)) return true;
  bool own_section = !actor.section.empty() && actor.section == c.section;
  return own_section && (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist));
}

Result<Case> CaseService::Load(int64_t id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectCase) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("no case " + std::to_string(id),
                            "案件不存在或无权查看（ID：" + std::to_string(id) + "）");
  }
  Case c = CaseFromRow(rows[0]);
  FR_ASSIGN_OR_RETURN(
      auto officers,
      ctx_.db.Query("SELECT person FROM case_officer WHERE case_id = ? ORDER BY person", {id}));
  for (const auto& r : officers) c.officers.push_back(r.Text(0));
  FR_ASSIGN_OR_RETURN(
      auto parties,
      ctx_.db.Query("SELECT name, type, id_no FROM case_party WHERE case_id = ? ORDER BY rowid",
                    {id}));
  for (const auto& r : parties)
    c.parties.push_back({r.Text(0), r.Text(1), r.IsNull(2) ? "" : r.Text(2)});
  return c;
}

Result<Case> CaseService::ReadableCase(const Actor& actor, int64_t id) {
  auto c = Load(id);
  if (c.ok() && MayRead(actor, *c)) return c;
  if (!c.ok() && !c.status().IsNotFound()) return c.status();
  Status hidden = Status::NotFound("no case " + std::to_string(id),
                                   "案件不存在或无权查看（ID：" + std::to_string(id) + "）");
  if (c.ok()) return Refuse(ctx_, actor, "case.viewed", {{"case", id}}, hidden);
  return hidden;
}

Result<Case> CaseService::WritableCase(const Actor& actor, int64_t id, const char* event) {
  FR_ASSIGN_OR_RETURN(Case c, ReadableCase(actor, id));
  if (MayChange(actor, c)) return c;
  return Refuse(ctx_, actor, event, {{"case", id}},
                Status::PermissionDenied(
                    "only the case's officers and its section's head and "
                    "archivist change case " +
                        c.number,
                    "只有本案的执法人员及所属科室负责人、档案员可以修改案件" + c.number));
}

Result<Case> CaseService::Get(const Actor& actor, int64_t id) {
  return ReadableCase(actor, id);
}

Result<Case> CaseService::GetByNumber(const Actor& actor, const std::string& number) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query("SELECT id FROM case_file WHERE number = ?", {number}));
  if (rows.empty()) {
    return Status::NotFound("no case " + number, "案件" + number + "不存在或无权查看");
  }
  auto c = ReadableCase(actor, rows[0].Int(0));
  if (!c.ok() && c.status().IsNotFound()) {
    return Status::NotFound("no case " + number, "案件" + number + "不存在或无权查看");
  }
  return c;
}

Result<int64_t> CaseService::Create(const Actor& actor, const CaseInput& in) {
  bool may_open = actor.Has(Role::kOfficer) ||
                  ((actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist)) &&
                   actor.section == in.section);
  if (!may_open) {
    return Refuse(
        ctx_, actor, "case.created", {{"number", in.number}},
        Status::PermissionDenied("cases are opened by officers, or by the head or "
                                 "archivist of the case's section",
                                 "只有执法人员或案件所属科室的负责人、档案员可以新建案件"));
  }
  if (Blank(in.number) || Blank(in.title) || Blank(in.section)) {
    const char* zh = Blank(in.number)  ? "案件编号不能为空"
                     : Blank(in.title) ? "案件名称不能为空"
                                       : "承办科室不能为空";
    return Status::InvalidArgument("a case needs a number, a title and a section", zh);
  }
  for (const auto& f : in.flags) {
    if (ctx_.catalogue && !ctx_.catalogue->FindFlag(f)) {
      return Status::InvalidArgument("unknown case flag \"" + f + "\"",
                                     "案件情形“" + f + "”不存在");
    }
  }
  std::vector<std::string> officers = in.officers;
  if (actor.Has(Role::kOfficer) && !Contains(officers, actor.id)) officers.push_back(actor.id);

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, "case.created", [&](Json& d) -> Status {
    FR_ASSIGN_OR_RETURN(auto dup,
                        ctx_.db.Query("SELECT 1 FROM case_file WHERE number = ?", {in.number}));
    if (!dup.empty()) {
      return Status::AlreadyExists("case number " + in.number + " is taken",
                                   "案件编号" + in.number + "已被使用");
    }
    FR_ASSIGN_OR_RETURN(auto sec,
                        ctx_.db.Query("SELECT 1 FROM section WHERE code = ?", {in.section}));
    if (sec.empty()) {
      return Status::NotFound("no section " + in.section, "科室“" + in.section + "”不存在");
    }
    UnixMicros now = ctx_.now();
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO case_file (number, kind, title, section, stage, classification, retention, "
        "flags, onsite_start_us, onsite_end_us, created_us, created_by) "
        "VALUES (?, ?, ?, ?, 'start', ?, ?, ?, ?, ?, ?, ?)",
        {in.number, std::string(CaseKindCode(in.kind)), in.title, in.section,
         std::string(ClassificationCode(in.classification)),
         std::string(RetentionCode(in.retention)), FlagsJson(in.flags).dump(),
         OptionalValue(in.onsite_start_us), OptionalValue(in.onsite_end_us), now,
         actor.LedgerName()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    for (const auto& o : officers) {
      FR_ASSIGN_OR_RETURN(auto p,
                          ctx_.db.Query("SELECT 1 FROM person WHERE id = ? AND active = 1", {o}));
      if (p.empty()) {
        return Status::InvalidArgument("no active person \"" + o + "\" to be officer",
                                       "人员“" + o + "”不存在或已停用，不能作为执法人员");
      }
      FR_RETURN_IF_ERROR(
          ctx_.db.Exec("INSERT INTO case_officer (case_id, person) VALUES (?, ?)", {id, o}));
    }
    for (const auto& p : in.parties) {
      if (Blank(p.name)) {
        return Status::InvalidArgument("a party needs a name", "当事人名称不能为空");
      }
      FR_RETURN_IF_ERROR(
          ctx_.db.Exec("INSERT INTO case_party (case_id, name, type, id_no) VALUES (?, ?, ?, ?)",
                       {id, p.name, p.type, p.id_no}));
    }
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO stage_change (case_id, from_stage, to_stage, backward, reason, actor, at_us) "
        "VALUES (?, NULL, 'start', 0, 'case opened', ?, ?)",
        {id, actor.LedgerName(), now}));
    d = {{"case", id},
         {"number", in.number},
         {"kind", CaseKindCode(in.kind)},
         {"section", in.section},
         {"officers", officers},
         {"classification", ClassificationCode(in.classification)}};
    return Status::Ok();
  }));
  return id;
}

Status CaseService::CheckCertifiedOfficers(const Case& c) {
  Date today = ShanghaiDate(ctx_.now());
  int certified = 0;
  std::string uncertified;
  for (const auto& o : c.officers) {
    FR_ASSIGN_OR_RETURN(
        auto rows,
        ctx_.db.Query("SELECT cert_no, cert_valid_until FROM person WHERE id = ? AND active = 1",
                      {o}));
    bool has_cert = !rows.empty() && !rows[0].IsNull(0) && !rows[0].IsNull(1);
    auto until = has_cert ? Date::Parse(rows[0].Text(1)) : Result<Date>(Status::NotFound(o));
    bool ok = until.ok() && !(*until < today);
    certified += ok;
    if (!ok) uncertified += (uncertified.empty() ? "" : ", ") + o;
  }
  if (certified >= 2) return Status::Ok();
  return Status::FailedPrecondition(
      "investigation needs at least two officers with valid enforcement certificates "
      "(Administrative Penalty Law art. 42); case " +
          c.number + " has " + std::to_string(certified) +
          (uncertified.empty() ? "" : " (not valid: " + uncertified + ")"),
      "进入调查取证阶段须有至少两名持有效执法证件的执法人员（《行政处罚法》第四十二条），案件" +
          c.number + "目前只有" + std::to_string(certified) + "名" +
          (uncertified.empty() ? "" : "（执法证件缺失或已过期：" + uncertified + "）"));
}

Status CaseService::ChangeStage(const Actor& actor, int64_t id, Stage to, const std::string& reason,
                                bool backward) {
  const char* event = backward ? "case.stage_back" : "case.stage_advanced";
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, event));
  int from = StageIndex(c.stage), target = StageIndex(to);
  if (!backward && target != from + 1) {
    return Status::FailedPrecondition(
        std::string("case ") + c.number + " is at " + StageCode(c.stage) + "; the next stage is " +
            StageCode(kStages[std::min(from + 1, 4)]) + ", not " + StageCode(to),
        std::string("案件") + c.number + "当前处于“" + StageNameZh(c.stage) +
            "”阶段，下一阶段应为“" + StageNameZh(kStages[std::min(from + 1, 4)]) + "”，不能进入“" +
            StageNameZh(to) + "”阶段");
  }
  if (backward && target >= from) {
    return Status::FailedPrecondition(
        std::string("going back needs an earlier stage than ") + StageCode(c.stage),
        std::string("退回只能选择“") + StageNameZh(c.stage) + "”之前的阶段");
  }
  if (Blank(reason)) {
    return Status::InvalidArgument("a stage change needs a reason", "变更阶段须填写理由");
  }
  if (!backward && to == Stage::kInvestigation) FR_RETURN_IF_ERROR(CheckCertifiedOfficers(c));

  return Commit(ctx_, actor, event, [&](Json& d) -> Status {
    UnixMicros now = ctx_.now();
    FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET stage = ? WHERE id = ?",
                                    {std::string(StageCode(to)), id}));
    if (!backward && to == Stage::kArchive && !c.ended_us) {
      FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE case_file SET ended_us = ? WHERE id = ?", {now, id}));
    }
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO stage_change (case_id, from_stage, to_stage, backward, reason, actor, at_us) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, std::string(StageCode(c.stage)), std::string(StageCode(to)), int64_t{backward}, reason,
         actor.LedgerName(), now}));
    d = {{"case", id},
         {"number", c.number},
         {"from", StageCode(c.stage)},
         {"to", StageCode(to)},
         {"reason", reason}};
    return Status::Ok();
  });
}

Status CaseService::Advance(const Actor& actor, int64_t id, Stage to, const std::string& reason) {
  return ChangeStage(actor, id, to, reason, false);
}

Status CaseService::GoBack(const Actor& actor, int64_t id, Stage to, const std::string& reason) {
  return ChangeStage(actor, id, to, reason, true);
}

Result<std::vector<StageChange>> CaseService::History(const Actor& actor, int64_t id) {
  FR_RETURN_IF_ERROR(ReadableCase(actor, id).status());
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT from_stage, to_stage, backward, reason, actor, at_us FROM stage_change "
                    "WHERE case_id = ? ORDER BY id",
                    {id}));
  std::vector<StageChange> out;
  for (const auto& r : rows) {
    StageChange s;
    if (!r.IsNull(0)) s.from = ParseStage(r.Text(0)).value();
    s.to = ParseStage(r.Text(1)).value();
    s.backward = r.Int(2) != 0;
    s.reason = r.Text(3);
    s.actor = r.Text(4);
    s.at_us = r.Int(5);
    out.push_back(std::move(s));
  }
  return out;
}

Result<CasePage> CaseService::List(const Actor& actor, const CaseFilter& f) {
  std::vector<store::Value> params;
  std::string where = " WHERE " + AccessClause(actor, params);
  if (f.kind) {
    where += " AND kind = ?";
    params.push_back(std::string(CaseKindCode(*f.kind)));
  }
  if (f.stage) {
    where += " AND stage = ?";
    params.push_back(std::string(StageCode(*f.stage)));
  }
  if (!f.section.empty()) {
    where += " AND section = ?";
    params.push_back(f.section);
  }
  if (!f.officer.empty()) {
    where += " AND id IN (SELECT case_id FROM case_officer WHERE person = ?)";
    params.push_back(f.officer);
  }
  if (!f.text.empty()) {
    where += " AND (number LIKE ? OR title LIKE ?)";
    params.push_back("%" + f.text + "%");
    params.push_back("%" + f.text + "%");
  }
  // Id sets travel as one JSON array each, however many cases they hold.
  if (f.only_ids) {
    where += " AND id IN (SELECT value FROM json_each(?))";
    params.push_back(IdArray(*f.only_ids));
  }
  if (!f.except_ids.empty()) {
    where += " AND id NOT IN (SELECT value FROM json_each(?))";
    params.push_back(IdArray(f.except_ids));
  }
  if (f.archive_pending) {
    std::string pending = "(ended_us IS NOT NULL AND archived_us IS NULL AND disposed_us IS NULL)";
    where += *f.archive_pending ? " AND " + pending : " AND NOT " + pending;
  }

  CasePage page;
  FR_ASSIGN_OR_RETURN(auto count, ctx_.db.Query("SELECT count(*) FROM case_file" + where, params));
  page.total = count[0].Int(0);
  params.push_back(int64_t{std::clamp(f.limit, 1, 500)});
  params.push_back(int64_t{std::max(f.offset, 0)});
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectCase) + where +
                                                   " ORDER BY id DESC LIMIT ? OFFSET ?",
                                               params));
  for (const auto& r : rows) page.cases.push_back(CaseFromRow(r));
  return page;
}

Result<std::optional<UnixMicros>> ArchiveDueAt(const Context& ctx, const Case& c,
                                               int working_days) {
  if (!c.ended_us || c.archived_us) return std::optional<UnixMicros>();
  if (!ctx.calendar) {
    return Status::FailedPrecondition(
        "no holiday calendar is loaded: the R13.1 deadline of " + c.number + " cannot be computed",
        "系统未加载节假日日历，无法计算案件" + c.number + "的归档期限");
  }
  FR_ASSIGN_OR_RETURN(UnixMicros due, WorkingDayDeadline(*ctx.calendar, *c.ended_us, working_days));
  return std::optional<UnixMicros>(due);
}

}  // namespace fullrecord::services
