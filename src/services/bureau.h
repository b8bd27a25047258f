// The bureau: sections (科室), people with their enforcement certificates and roles, and the
// recording devices issued to them (R11.1, R11.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/context.h"

namespace fullrecord::services {

struct Section {
  std::string code;
  std::string name;
};

struct Person {
  std::string id;    // login name
  std::string name;  // 姓名
  std::string section;
  std::string cert_no;           // 执法证号; empty if the person holds none
  std::string cert_valid_until;  // 'YYYY-MM-DD', last valid day; empty if none
  bool active = true;
  std::vector<Role> roles;

  // True when the person holds an enforcement certificate valid on Shanghai date `day`.
  bool CertifiedOn(const Date& day) const;
};

struct Device {
  std::string serial;
  std::string type;  // body_camera, camera, audio_recorder, camcorder, cctv
  std::string section;
};

struct Assignment {
  std::string serial;
  std::string person;
  UnixMicros from_us = 0;
  std::optional<UnixMicros> to_us;  // empty while held
};

class BureauService {
 public:
  explicit BureauService(Context& ctx) : ctx_(ctx) {}

  // Console or security administrator. InvalidArgument for a blank code or name,
  // AlreadyExists for a used code.
  Status AddSection(const Actor& actor, const Section& section);
  Result<std::vector<Section>> ListSections();

  // Console or security administrator. The section must exist; a certificate number needs its
  // validity date. Roles are granted separately.
  Status AddPerson(const Actor& actor, const Person& person);
  // NotFound for an unknown id.
  Result<Person> GetPerson(const std::string& id);
  Result<std::vector<Person>> ListPeople(const std::string& section_filter = "");
  // Updates name, section and certificate of an existing person (console or security admin).
  Status UpdatePerson(const Actor& actor, const Person& person);
  Status SetActive(const Actor& actor, const std::string& id, bool active);

  // Only the security administrator (or the console at set-up) grants and revokes. The three
  // separated administrator roles are never held together nor with any other role: such a grant
  // is refused and logged.
  Status GrantRole(const Actor& actor, const std::string& person, Role role);
  Status RevokeRole(const Actor& actor, const std::string& person, Role role);

  // Console, system administrator, or the section's head or archivist.
  Status RegisterDevice(const Actor& actor, const Device& device);
  Result<std::vector<Device>> ListDevices();
  // Issues `serial` to `person` from `from_us`, ending the previous holder's assignment then.
  // A time before the current assignment's start is refused.
  Status AssignDevice(const Actor& actor, const std::string& serial, const std::string& person,
                      UnixMicros from_us);
  // Ends the current assignment at `at_us`.
  Status ReturnDevice(const Actor& actor, const std::string& serial, UnixMicros at_us);
  // Who held `serial` at `t` (R11.2); NotFound if nobody did.
  Result<std::string> HolderAt(const std::string& serial, UnixMicros t);
  Result<std::vector<Assignment>> History(const std::string& serial);

 private:
  Status RequireSetUp(const Actor& actor, const char* event, const Json& detail);
  Status RequireDeviceManager(const Actor& actor, const std::string& section, const Json& detail);

  Context& ctx_;
};

}  // namespace fullrecord::services
