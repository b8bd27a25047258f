// Sections, people, roles and devices (R11.1, R11.2). Anyone signed in may read who is who and
// which device is where; only the security administrator changes people and roles, and devices
// are managed by the system administrator or the section's head or archivist (the services
// decide, and log refusals).
#include <algorithm>

#include "api/fields.h"
#include "api/routes.h"
#include "api/views.h"
#include "services/bureau.h"

namespace fullrecord::api {
namespace {

using services::BureauService;

void ListSections(Call& c) {
  auto sections = BureauService(c.ctx).ListSections();
  if (!sections.ok()) return c.Fail(sections.status());
  Json out = Json::array();
  for (const auto& s : *sections) out.push_back({{"code", s.code}, {"name", s.name}});
  c.Reply({{"sections", out}});
}

void AddSection(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  services::Section s{f->Text("code"), f->Text("name")};
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).AddSection(c.actor, s), {{"code", s.code}});
}

void ListPeople(Call& c) {
  auto people = BureauService(c.ctx).ListPeople(c.ex.Query("section"));
  if (!people.ok()) return c.Fail(people.status());
  Json out = Json::array();
  for (const auto& p : *people) out.push_back(PersonJson(p));
  c.Reply({{"people", out}});
}

void GetPerson(Call& c) {
  auto p = BureauService(c.ctx).GetPerson(c.ex.params["person"]);
  if (!p.ok()) return c.Fail(p.status());
  c.Reply(PersonJson(*p));
}

// Fills the person's fields present in the body.
void ReadPerson(Fields& f, services::Person& p) {
  p.name = f.OptionalText("name", p.name);
  p.section = f.OptionalText("section", p.section);
  p.cert_no = f.OptionalText("cert_no", p.cert_no);
  p.cert_valid_until = f.OptionalText("cert_valid_until", p.cert_valid_until);
}

void AddPerson(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  services::Person p;
  p.id = f->Text("id");
  ReadPerson(*f, p);
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).AddPerson(c.actor, p), {{"id", p.id}});
}

void UpdatePerson(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  BureauService bureau(c.ctx);
  auto p = bureau.GetPerson(c.ex.params["person"]);
  if (!p.ok()) return c.Fail(p.status());
  ReadPerson(*f, *p);
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, bureau.UpdatePerson(c.actor, *p));
}

void SetActive(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  bool active = f->Bool("active");
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).SetActive(c.actor, c.ex.params["person"], active));
}

void GrantRole(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  services::Role role = f->Enum("role", services::ParseRole);
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).GrantRole(c.actor, c.ex.params["person"], role));
}

void RevokeRole(Call& c) {
  auto role = services::ParseRole(c.ex.params["role"]);
  if (!role.ok()) return c.Fail(role.status());
  Answer(c, BureauService(c.ctx).RevokeRole(c.actor, c.ex.params["person"], *role));
}

void ListRoles(Call& c) {
  Json out = Json::array();
  for (auto r : services::AllRoles()) {
    out.push_back({{"code", services::RoleCode(r)},
                   {"name_zh", services::RoleNameZh(r)},
                   {"separated_admin", services::IsSeparatedAdmin(r)}});
  }
  c.Reply({{"roles", out}});
}

void ListDevices(Call& c) {
  auto devices = BureauService(c.ctx).ListDevices();
  if (!devices.ok()) return c.Fail(devices.status());
  Json out = Json::array();
  for (const auto& d : *devices) out.push_back(DeviceJson(d));
  c.Reply({{"devices", out}});
}

void RegisterDevice(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  services::Device d{f->Text("serial"), f->Text("type"), f->Text("section")};
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).RegisterDevice(c.actor, d), {{"serial", d.serial}});
}

void DeviceHistory(Call& c) {
  const std::string& serial = c.ex.params["serial"];
  BureauService bureau(c.ctx);
  auto devices = bureau.ListDevices();
  if (!devices.ok()) return c.Fail(devices.status());
  bool known = std::any_of(devices->begin(), devices->end(),
                           [&](const services::Device& d) { return d.serial == serial; });
  if (!known) return c.Fail(Status::NotFound("no device " + serial, "未找到设备“" + serial + "”"));
  auto history = bureau.History(serial);
  if (!history.ok()) return c.Fail(history.status());
  Json out = Json::array();
  for (const auto& a : *history) out.push_back(AssignmentJson(a));
  c.Reply({{"serial", serial}, {"assignments", out}});
}

void AssignDevice(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  std::string person = f->Text("person");
  UnixMicros from = f->OptionalTime("from").value_or(c.ctx.now());
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).AssignDevice(c.actor, c.ex.params["serial"], person, from));
}

void ReturnDevice(Call& c) {
  auto f = Fields::Read(c);
  if (!f) return;
  UnixMicros at = f->OptionalTime("at").value_or(c.ctx.now());
  if (!f->ok()) return c.Fail(f->status());
  Answer(c, BureauService(c.ctx).ReturnDevice(c.actor, c.ex.params["serial"], at));
}

}  // namespace

void AddBureauRoutes(Api& api) {
  using V = http::verb;
  const Access s = Access::kSession;
  api.Route(V::get, "/api/sections", {"Sections (科室)", "bureau"}, s, ListSections);
  api.Route(V::post, "/api/sections", {"Add a section (security administrator)", "bureau"}, s,
            AddSection);
  api.Route(V::get, "/api/people", {"People, optionally of ?section=", "bureau"}, s, ListPeople);
  api.Route(V::post, "/api/people", {"Add a person (security administrator)", "bureau"}, s,
            AddPerson);
  api.Route(V::get, "/api/people/{person}", {"One person with roles", "bureau"}, s, GetPerson);
  api.Route(V::put, "/api/people/{person}",
            {"Change name, section or certificate (security administrator)", "bureau"}, s,
            UpdatePerson);
  api.Route(V::post, "/api/people/{person}/active",
            {"Activate or deactivate a person (security administrator)", "bureau"}, s, SetActive);
  api.Route(V::post, "/api/people/{person}/roles",
            {"Grant a role (security administrator; 三员分立 enforced)", "bureau"}, s, GrantRole);
  api.Route(V::delete_, "/api/people/{person}/roles/{role}",
            {"Revoke a role (security administrator)", "bureau"}, s, RevokeRole);
  api.Route(V::get, "/api/roles", {"The roles and their Chinese names", "bureau"}, s, ListRoles);
  api.Route(V::get, "/api/devices", {"Recording devices (R11.2)", "devices"}, s, ListDevices);
  api.Route(V::post, "/api/devices", {"Register a device", "devices"}, s, RegisterDevice);
  api.Route(V::get, "/api/devices/{serial}/assignments",
            {"Who held the device when (R11.2)", "devices"}, s, DeviceHistory);
  api.Route(V::post, "/api/devices/{serial}/assign", {"Issue the device to a person", "devices"}, s,
            AssignDevice);
  api.Route(V::post, "/api/devices/{serial}/return", {"End the device's current issue", "devices"},
            s, ReturnDevice);
}

}  // namespace fullrecord::api
