// section, person, role, device: setting up the bureau (R11.1, R11.2).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/actor.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/bureau.h"

namespace fullrecord::cli {
namespace {

using services::BureauService;

struct BureauArgs {
  std::string code, name, section;  // section add, person add
  std::string person, role;         // person add/show, role grant/revoke
  std::string cert_no, cert_valid_until;
  std::string serial, type = "body_camera", at;  // device
};

std::string RoleNames(const std::vector<services::Role>& roles, bool codes) {
  std::string out;
  for (auto r : roles) {
    out += (out.empty() ? "" : codes ? "," : "、");
    out += codes ? services::RoleCode(r) : services::RoleNameZh(r);
  }
  return out;
}

Json PersonJson(const services::Person& p) {
  Json roles = Json::array();
  for (auto r : p.roles) roles.push_back(services::RoleCode(r));
  return {{"id", p.id},
          {"name", p.name},
          {"section", p.section},
          {"cert_no", p.cert_no},
          {"cert_valid_until", p.cert_valid_until},
          {"active", p.active},
          {"roles", roles}};
}

// section add / list

Status SectionAdd(Session& s, const BureauArgs& a) {
  FR_RETURN_IF_ERROR(BureauService(s.ctx()).AddSection(s.actor, {a.code, a.name}));
  PrintDone(s, "section " + a.code + " (" + a.name + ") added",
            {{"code", a.code}, {"name", a.name}});
  return Status::Ok();
}

Status SectionList(Session& s) {
  FR_ASSIGN_OR_RETURN(auto sections, BureauService(s.ctx()).ListSections());
  Json out = Json::array();
  Table table({"代码", "名称"});
  for (const auto& sec : sections) {
    out.push_back({{"code", sec.code}, {"name", sec.name}});
    table.AddRow({sec.code, sec.name});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

void AddSectionCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<BureauArgs>();
  auto* cmd = app.add_subcommand("section", "科室: the bureau's sections");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "add a section (console or security administrator)");
  add->add_option("CODE", a->code, "short code, e.g. law")->required();
  add->add_option("NAME", a->name, "name, e.g. 法制科")->required();
  OnRun(add, g, code, [a](Session& s) { return SectionAdd(s, *a); });

  auto* list = cmd->add_subcommand("list", "list the sections");
  OnRun(list, g, code, SectionList);
}

// person add / list / show, role grant / revoke

Status PersonAdd(Session& s, const BureauArgs& a) {
  services::Person p;
  p.id = a.person;
  p.name = a.name;
  p.section = a.section;
  p.cert_no = a.cert_no;
  p.cert_valid_until = a.cert_valid_until;
  FR_RETURN_IF_ERROR(BureauService(s.ctx()).AddPerson(s.actor, p));
  PrintDone(s, "person " + p.id + " (" + p.name + ") added; grant roles with 'role grant'",
            {{"id", p.id}});
  return Status::Ok();
}

Status PersonList(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(auto people, BureauService(s.ctx()).ListPeople(a.section));
  Json out = Json::array();
  Table table({"ID", "姓名", "科室", "执法证号", "有效期至", "角色", "状态"});
  for (const auto& p : people) {
    out.push_back(PersonJson(p));
    table.AddRow({p.id, p.name, p.section, p.cert_no, p.cert_valid_until, RoleNames(p.roles, false),
                  p.active ? "在岗" : "停用"});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

Status PersonShow(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(auto p, BureauService(s.ctx()).GetPerson(a.person));
  if (s.json()) {
    PrintJson(PersonJson(p));
    return Status::Ok();
  }
  std::printf("%s  %s%s\n", p.id.c_str(), p.name.c_str(), p.active ? "" : "  (停用 inactive)");
  std::printf("  科室 section      %s\n", p.section.empty() ? "-" : p.section.c_str());
  std::printf("  执法证 certificate %s\n",
              p.cert_no.empty() ? "-" : (p.cert_no + " valid until " + p.cert_valid_until).c_str());
  std::printf("  角色 roles        %s\n", p.roles.empty() ? "-" : RoleNames(p.roles, true).c_str());
  return Status::Ok();
}

Status RoleChange(Session& s, const BureauArgs& a, bool grant) {
  FR_ASSIGN_OR_RETURN(auto role, services::ParseRole(a.role));
  BureauService bureau(s.ctx());
  FR_RETURN_IF_ERROR(grant ? bureau.GrantRole(s.actor, a.person, role)
                           : bureau.RevokeRole(s.actor, a.person, role));
  std::string what = std::string(services::RoleCode(role)) + " (" + services::RoleNameZh(role) +
                     ")" + (grant ? " granted to " : " revoked from ") + a.person;
  PrintDone(s, what, {{"person", a.person}, {"role", services::RoleCode(role)}});
  return Status::Ok();
}

void AddPersonCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<BureauArgs>();
  auto* cmd = app.add_subcommand("person", "人员: people, their sections and certificates");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "add a person (console or security administrator)");
  add->add_option("ID", a->person, "login name")->required();
  add->add_option("--name", a->name, "姓名")->required();
  add->add_option("--section", a->section, "section code (administrators may have none)");
  add->add_option("--cert-no", a->cert_no, "执法证号, enforcement certificate number");
  add->add_option("--cert-valid-until", a->cert_valid_until, "last valid day, YYYY-MM-DD");
  OnRun(add, g, code, [a](Session& s) { return PersonAdd(s, *a); });

  auto* list = cmd->add_subcommand("list", "list people");
  list->add_option("--section", a->section, "only this section");
  OnRun(list, g, code, [a](Session& s) { return PersonList(s, *a); });

  auto* show = cmd->add_subcommand("show", "one person with roles and certificate");
  show->add_option("ID", a->person)->required();
  OnRun(show, g, code, [a](Session& s) { return PersonShow(s, *a); });

  auto* role = app.add_subcommand("role", "角色: grant and revoke roles");
  role->require_subcommand(1);
  std::string roles_help =
      "officer, archivist, section_head, legal_reviewer, principal_leader, "
      "sysadmin, secadmin, auditor";
  for (bool grant : {true, false}) {
    auto* sub =
        role->add_subcommand(grant ? "grant" : "revoke",
                             grant ? "grant a role (三员分立 is enforced)" : "revoke a role");
    sub->add_option("PERSON", a->person)->required();
    sub->add_option("ROLE", a->role, roles_help)->required();
    OnRun(sub, g, code, [a, grant](Session& s) { return RoleChange(s, *a, grant); });
  }
}

// device add / list / assign / return / history / holder

Status DeviceAdd(Session& s, const BureauArgs& a) {
  FR_RETURN_IF_ERROR(BureauService(s.ctx()).RegisterDevice(s.actor, {a.serial, a.type, a.section}));
  PrintDone(s, "device " + a.serial + " (" + a.type + ") registered to section " + a.section,
            {{"serial", a.serial}});
  return Status::Ok();
}

Status DeviceList(Session& s) {
  BureauService bureau(s.ctx());
  FR_ASSIGN_OR_RETURN(auto devices, bureau.ListDevices());
  UnixMicros now = s.ctx().now();
  Json out = Json::array();
  Table table({"序列号", "类型", "科室", "当前持有人"});
  for (const auto& d : devices) {
    auto holder = bureau.HolderAt(d.serial, now);
    std::string who = holder.ok() ? *holder : "";
    out.push_back({{"serial", d.serial},
                   {"type", d.type},
                   {"section", d.section},
                   {"holder", holder.ok() ? Json(who) : Json()}});
    table.AddRow({d.serial, d.type, d.section, who.empty() ? "-" : who});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

Status DeviceAssign(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(UnixMicros from, ParseTimeOr(a.at, "--from", s.ctx().now()));
  FR_RETURN_IF_ERROR(BureauService(s.ctx()).AssignDevice(s.actor, a.serial, a.person, from));
  PrintDone(s, "device " + a.serial + " issued to " + a.person + " from " + LocalTime(from),
            {{"serial", a.serial}, {"person", a.person}, {"from", FormatUtc(from)}});
  return Status::Ok();
}

Status DeviceReturn(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(UnixMicros at, ParseTimeOr(a.at, "--at", s.ctx().now()));
  FR_RETURN_IF_ERROR(BureauService(s.ctx()).ReturnDevice(s.actor, a.serial, at));
  PrintDone(s, "device " + a.serial + " returned at " + LocalTime(at),
            {{"serial", a.serial}, {"at", FormatUtc(at)}});
  return Status::Ok();
}

Status DeviceHistory(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(auto history, BureauService(s.ctx()).History(a.serial));
  Json out = Json::array();
  Table table({"持有人", "领用", "归还"});
  for (const auto& h : history) {
    out.push_back({{"person", h.person}, {"from", TimeJson(h.from_us)}, {"to", TimeJson(h.to_us)}});
    table.AddRow({h.person, LocalTime(h.from_us), h.to_us ? LocalTime(*h.to_us) : "(held)"});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

Status DeviceHolder(Session& s, const BureauArgs& a) {
  FR_ASSIGN_OR_RETURN(UnixMicros at, ParseTime(a.at, "--at"));
  FR_ASSIGN_OR_RETURN(auto person, BureauService(s.ctx()).HolderAt(a.serial, at));
  if (s.json()) {
    PrintJson({{"serial", a.serial}, {"at", FormatUtc(at)}, {"person", person}});
  } else {
    std::printf("%s\n", person.c_str());
  }
  return Status::Ok();
}

void AddDeviceCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<BureauArgs>();
  auto* cmd =
      app.add_subcommand("device", "执法记录仪: recording devices and who held them (R11.2)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "register a device");
  add->add_option("SERIAL", a->serial)->required();
  add->add_option("--type", a->type, "body_camera, camera, audio_recorder, camcorder, cctv")
      ->capture_default_str();
  add->add_option("--section", a->section, "section that keeps it")->required();
  OnRun(add, g, code, [a](Session& s) { return DeviceAdd(s, *a); });

  OnRun(cmd->add_subcommand("list", "list devices and their current holders"), g, code, DeviceList);

  auto* assign = cmd->add_subcommand("assign", "issue a device to a person");
  assign->add_option("SERIAL", a->serial)->required();
  assign->add_option("PERSON", a->person)->required();
  assign->add_option("--from", a->at, "from when (default now)");
  OnRun(assign, g, code, [a](Session& s) { return DeviceAssign(s, *a); });

  auto* ret = cmd->add_subcommand("return", "end the current issue of a device");
  ret->add_option("SERIAL", a->serial)->required();
  ret->add_option("--at", a->at, "when (default now)");
  OnRun(ret, g, code, [a](Session& s) { return DeviceReturn(s, *a); });

  auto* history = cmd->add_subcommand("history", "who held a device, and when");
  history->add_option("SERIAL", a->serial)->required();
  OnRun(history, g, code, [a](Session& s) { return DeviceHistory(s, *a); });

  auto* holder = cmd->add_subcommand("holder", "who held a device at a time");
  holder->add_option("SERIAL", a->serial)->required();
  holder->add_option("--at", a->at, "the time")->required();
  OnRun(holder, g, code, [a](Session& s) { return DeviceHolder(s, *a); });
}

}  // namespace

void AddBureauCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  AddSectionCommands(app, g, code);
  AddPersonCommands(app, g, code);
  AddDeviceCommands(app, g, code);
}

}  // namespace fullrecord::cli
