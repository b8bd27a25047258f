// CaseService: officers, parties, flags, on-site times, the end of enforcement and archiving.
#include "services/cases.h"

namespace fullrecord::services {
namespace {

Json FlagsJson(const std::set<std::string>& flags) {
  Json arr = Json::array();
  for (const auto& f : flags) arr.push_back(f);
  return arr;
}

}  // namespace

Status CaseService::AddOfficer(const Actor& actor, int64_t id, const std::string& person) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.officer_added"));
  return Commit(ctx_, actor, "case.officer_added", [&](Json& d) -> Status {
    FR_ASSIGN_OR_RETURN(auto p, ctx_.db.Query(
        "SELECT 1 FROM person_role WHERE person = ? AND role = 'officer'", {person}));
    if (p.empty()) {
      return Status::InvalidArgument(person + " is not an officer", "“" + person + "”不是执法人员");
    }
    d = {{"case", id}, {"number", c.number}, {"officer", person}};
    return ctx_.db.Exec("INSERT OR IGNORE INTO case_officer (case_id, person) VALUES (?, ?)",
                        {id, person});
  });
}

Status CaseService::AddParty(const Actor& actor, int64_t id, const Party& party) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.party_added"));
  if (party.name.empty()) {
    return Status::InvalidArgument("a party needs a name", "当事人名称不能为空");
  }
  if (party.type != "person" && party.type != "organisation") {
    return Status::InvalidArgument("party type must be person or organisation",
                                   "当事人类型只能是自然人或组织");
  }
  return Commit(ctx_, actor, "case.party_added", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"party", party.name}};
    return ctx_.db.Exec("INSERT INTO case_party (case_id, name, type, id_no) VALUES (?, ?, ?, ?)",
                        {id, party.name, party.type, party.id_no});
  });
}

Status CaseService::SetFlags(const Actor& actor, int64_t id, const std::set<std::string>& flags) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.flags_set"));
  for (const auto& f : flags) {
    if (ctx_.catalogue && !ctx_.catalogue->FindFlag(f)) {
      return Status::InvalidArgument("unknown case flag \"" + f + "\"",
                                     "案件情形“" + f + "”不存在");
    }
  }
  return Commit(ctx_, actor, "case.flags_set", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"flags", FlagsJson(flags)}};
    return ctx_.db.Exec("UPDATE case_file SET flags = ? WHERE id = ?", {FlagsJson(flags).dump(), id});
  });
}

Status CaseService::SetOnsite(const Actor& actor, int64_t id, UnixMicros start_us,
                              UnixMicros end_us) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.onsite_set"));
  if (end_us < start_us) {
    return Status::InvalidArgument("on-site work cannot end before it starts",
                                   "现场执法结束时间不能早于开始时间");
  }
  return Commit(ctx_, actor, "case.onsite_set", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"start", FormatUtc(start_us)}, {"end", FormatUtc(end_us)}};
    return ctx_.db.Exec("UPDATE case_file SET onsite_start_us = ?, onsite_end_us = ? WHERE id = ?",
                        {start_us, end_us, id});
  });
}

Status CaseService::EndEnforcement(const Actor& actor, int64_t id, UnixMicros at_us) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.enforcement_ended"));
  if (at_us < c.created_us) {
    return Status::InvalidArgument("the enforcement cannot end before case " + c.number + " opened",
                                   "执法结束时间不能早于案件" + c.number + "的立案时间");
  }
  return Commit(ctx_, actor, "case.enforcement_ended", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"at", FormatUtc(at_us)}};
    return ctx_.db.Exec("UPDATE case_file SET ended_us = ? WHERE id = ?", {at_us, id});
  });
}

Status CaseService::MarkArchived(const Actor& actor, int64_t id, UnixMicros at_us) {
  FR_ASSIGN_OR_RETURN(Case c, ReadableCase(actor, id));
  if (!actor.Has(Role::kArchivist) || actor.section != c.section) {
    return Refuse(ctx_, actor, "case.archived", {{"case", id}},
                  Status::PermissionDenied("only the archivist of section " + c.section +
                                               " registers its disc archive (R11.1)",
                                           "只有科室“" + c.section + "”的档案员可以登记光盘归档"));
  }
  return Commit(ctx_, actor, "case.archived", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"at", FormatUtc(at_us)}};
    return ctx_.db.Exec("UPDATE case_file SET archived_us = ? WHERE id = ?", {at_us, id});
  });
}

Status CaseService::SetClassification(const Actor& actor, int64_t id, Classification cls) {
  FR_ASSIGN_OR_RETURN(Case c, WritableCase(actor, id, "case.classified"));
  return Commit(ctx_, actor, "case.classified", [&](Json& d) {
    d = {{"case", id}, {"number", c.number}, {"from", ClassificationCode(c.classification)},
         {"to", ClassificationCode(cls)}};
    return ctx_.db.Exec("UPDATE case_file SET classification = ? WHERE id = ?",
                        {std::string(ClassificationCode(cls)), id});
  });
}

}  // namespace fullrecord::services
