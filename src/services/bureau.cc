#include "services/bureau.h"

#include <algorithm>

namespace fullrecord::services {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Person PersonFromRow(const store::Row& r) {
  Person p;
  p.id = r.Text(0);
  p.name = r.Text(1);
  p.section = r.IsNull(2) ? "" : r.Text(2);
  p.cert_no = r.IsNull(3) ? "" : r.Text(3);
  p.cert_valid_until = r.IsNull(4) ? "" : r.Text(4);
  p.active = r.Int(5) != 0;
  return p;
}

constexpr const char* kSelectPerson =
    "SELECT id, name, section, cert_no, cert_valid_until, active FROM person";

Status CheckPersonFields(const Person& p) {
  if (Blank(p.id) || Blank(p.name)) {
    return Status::InvalidArgument("a person needs an id and a name",
                                   Blank(p.id) ? "人员账号不能为空" : "人员姓名不能为空");
  }
  if (p.id.find_first_of(" :/") != std::string::npos) {
    return Status::InvalidArgument("person id \"" + p.id + "\" may not contain spaces, ':' or '/'",
                                   "人员账号“" + p.id + "”不能包含空格、“:”或“/”");
  }
  if (!p.cert_no.empty() && !Date::Parse(p.cert_valid_until).ok()) {
    return Status::InvalidArgument(
        "certificate " + p.cert_no + " needs its last valid day as YYYY-MM-DD",
        "请填写执法证件" + p.cert_no + "的有效期截止日期，格式为YYYY-MM-DD");
  }
  return Status::Ok();
}

}  // namespace

bool Person::CertifiedOn(const Date& day) const {
  if (cert_no.empty()) return false;
  auto until = Date::Parse(cert_valid_until);
  return until.ok() && !(*until < day);
}

Status BureauService::RequireSetUp(const Actor& actor, const char* event, const Json& detail) {
  if (actor.console || actor.Has(Role::kSecAdmin)) return Status::Ok();
  return Refuse(ctx_, actor, event, detail,
                Status::PermissionDenied("only the security administrator manages people and roles",
                                         "只有安全管理员可以管理人员和角色"));
}

Status BureauService::AddSection(const Actor& actor, const Section& s) {
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "section.created", {{"code", s.code}}));
  if (Blank(s.code) || Blank(s.name)) {
    return Status::InvalidArgument("a section needs a code and a name",
                                   Blank(s.code) ? "科室代码不能为空" : "科室名称不能为空");
  }
  return Commit(ctx_, actor, "section.created", [&](Json& d) {
    FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query("SELECT 1 FROM section WHERE code = ?", {s.code}));
    if (!rows.empty()) {
      return Status::AlreadyExists("section " + s.code + " exists",
                                   "科室代码“" + s.code + "”已存在");
    }
    d = {{"code", s.code}, {"name", s.name}};
    return ctx_.db.Exec("INSERT INTO section (code, name, created_us) VALUES (?, ?, ?)",
                        {s.code, s.name, ctx_.now()});
  });
}

Result<std::vector<Section>> BureauService::ListSections() {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query("SELECT code, name FROM section ORDER BY code"));
  std::vector<Section> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

Status BureauService::AddPerson(const Actor& actor, const Person& p) {
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "person.created", {{"person", p.id}}));
  FR_RETURN_IF_ERROR(CheckPersonFields(p));
  return Commit(ctx_, actor, "person.created", [&](Json& d) {
    FR_ASSIGN_OR_RETURN(auto dup, ctx_.db.Query("SELECT 1 FROM person WHERE id = ?", {p.id}));
    if (!dup.empty()) {
      return Status::AlreadyExists("person " + p.id + " exists", "人员账号“" + p.id + "”已存在");
    }
    if (!p.section.empty()) {
      FR_ASSIGN_OR_RETURN(auto sec, ctx_.db.Query("SELECT 1 FROM section WHERE code = ?", {p.section}));
      if (sec.empty()) {
        return Status::NotFound("no section " + p.section, "科室“" + p.section + "”不存在");
      }
    }
    d = {{"person", p.id}, {"section", p.section}, {"cert_no", p.cert_no},
         {"cert_valid_until", p.cert_valid_until}};
    return ctx_.db.Exec(
        "INSERT INTO person (id, name, section, cert_no, cert_valid_until, active, created_us) "
        "VALUES (?, ?, ?, ?, ?, 1, ?)",
        {p.id, p.name, p.section.empty() ? store::Value{} : p.section,
         p.cert_no.empty() ? store::Value{} : p.cert_no,
         p.cert_valid_until.empty() ? store::Value{} : p.cert_valid_until, ctx_.now()});
  });
}

Status BureauService::UpdatePerson(const Actor& actor, const Person& p) {
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "person.updated", {{"person", p.id}}));
  FR_RETURN_IF_ERROR(CheckPersonFields(p));
  FR_RETURN_IF_ERROR(GetPerson(p.id).status());
  return Commit(ctx_, actor, "person.updated", [&](Json& d) {
    d = {{"person", p.id}, {"section", p.section}, {"cert_no", p.cert_no},
         {"cert_valid_until", p.cert_valid_until}};
    return ctx_.db.Exec(
        "UPDATE person SET name = ?, section = ?, cert_no = ?, cert_valid_until = ? WHERE id = ?",
        {p.name, p.section.empty() ? store::Value{} : p.section,
         p.cert_no.empty() ? store::Value{} : p.cert_no,
         p.cert_valid_until.empty() ? store::Value{} : p.cert_valid_until, p.id});
  });
}

Status BureauService::SetActive(const Actor& actor, const std::string& id, bool active) {
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "person.activation", {{"person", id}}));
  FR_RETURN_IF_ERROR(GetPerson(id).status());
  return Commit(ctx_, actor, active ? "person.activated" : "person.deactivated", [&](Json& d) {
    d = {{"person", id}};
    return ctx_.db.Exec("UPDATE person SET active = ? WHERE id = ?", {int64_t{active}, id});
  });
}

Result<Person> BureauService::GetPerson(const std::string& id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectPerson) + " WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no person \"" + id + "\"", "人员“" + id + "”不存在");
  Person p = PersonFromRow(rows[0]);
  FR_ASSIGN_OR_RETURN(auto roles, ctx_.db.Query(
      "SELECT role FROM person_role WHERE person = ? ORDER BY role", {id}));
  for (const auto& r : roles) {
    if (auto role = ParseRole(r.Text(0)); role.ok()) p.roles.push_back(*role);
  }
  return p;
}

Result<std::vector<Person>> BureauService::ListPeople(const std::string& section_filter) {
  std::string sql = std::string(kSelectPerson) +
                    (section_filter.empty() ? " ORDER BY id" : " WHERE section = ? ORDER BY id");
  std::vector<store::Value> params;
  if (!section_filter.empty()) params.push_back(section_filter);
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(sql, params));
  std::vector<Person> out;
  for (const auto& r : rows) {
    FR_ASSIGN_OR_RETURN(Person p, GetPerson(r.Text(0)));
    out.push_back(std::move(p));
  }
  return out;
}

Status BureauService::GrantRole(const Actor& actor, const std::string& person, Role role) {
  Json detail = {{"person", person}, {"role", RoleCode(role)}};
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "role.granted", detail));
  FR_ASSIGN_OR_RETURN(Person p, GetPerson(person));
  if (std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end()) return Status::Ok();

  // 三员分立: a separated administrator role stands alone on its account.
  for (Role held : p.roles) {
    if (IsSeparatedAdmin(role) || IsSeparatedAdmin(held)) {
      return Refuse(ctx_, actor, "role.granted", detail,
                    Status::FailedPrecondition(
                        std::string("三员分立: ") + person + " holds " + RoleCode(held) +
                            "; the system administrator, security administrator and auditor roles "
                            "are never combined with each other or with any other role",
                        "“" + person + "”已担任" + RoleNameZh(held) +
                            "。根据三员分立要求，系统管理员、安全管理员、安全审计员三个角色"
                            "不得相互兼任，也不得兼任其他角色"));
    }
  }
  return Commit(ctx_, actor, "role.granted", [&](Json& d) {
    d = detail;
    return ctx_.db.Exec("INSERT INTO person_role (person, role) VALUES (?, ?)",
                        {person, std::string(RoleCode(role))});
  });
}

Status BureauService::RevokeRole(const Actor& actor, const std::string& person, Role role) {
  Json detail = {{"person", person}, {"role", RoleCode(role)}};
  FR_RETURN_IF_ERROR(RequireSetUp(actor, "role.revoked", detail));
  FR_RETURN_IF_ERROR(GetPerson(person).status());
  return Commit(ctx_, actor, "role.revoked", [&](Json& d) {
    d = detail;
    return ctx_.db.Exec("DELETE FROM person_role WHERE person = ? AND role = ?",
                        {person, std::string(RoleCode(role))});
  });
}

}  // namespace fullrecord::services
