// Words of the regulation core shared by every service: roles, classifications, retention
// classes, and the actor on whose behalf a service acts.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fullrecord::services {

// The people of DESIGN.md "Who uses it". The last three are the separated administrators
// (三员分立): never two on one account, never with another role, and none reads evidence.
enum class Role {
  kOfficer,          // 执法人员
  kArchivist,        // 科室档案员 (R11.1)
  kSectionHead,      // 科室负责人
  kLegalReviewer,    // 法制审核
  kPrincipalLeader,  // 主要领导
  kSysAdmin,         // 系统管理员
  kSecAdmin,         // 安全管理员
  kAuditor,          // 安全审计员
};

const char* RoleCode(Role role);    // "officer", "archivist", "section_head", …
const char* RoleNameZh(Role role);  // "执法人员" …
Result<Role> ParseRole(std::string_view code);
bool IsSeparatedAdmin(Role role);
std::vector<Role> AllRoles();

// R16.1. State secrets are refused: they belong on a classified system.
enum class Classification { kOrdinary, kInternal, kCommercialSecret, kPersonalPrivacy };

const char* ClassificationCode(Classification c);  // "ordinary", "internal", …
const char* ClassificationNameZh(Classification c);
// InvalidArgument for unknown codes; for "state_secret" a message saying it must not be stored here.
Result<Classification> ParseClassification(std::string_view code);
// Commercial secrets and personal privacy are left out of copies for parties (R15.1).
bool IsSecret(Classification c);

// Retention of a case file and, with it, its records (R13.2).
enum class RetentionClass { kTenYears, kThirtyYears, kPermanent };

const char* RetentionCode(RetentionClass r);  // "10y", "30y", "permanent"
const char* RetentionNameZh(RetentionClass r);  // "定期10年" …
Result<RetentionClass> ParseRetention(std::string_view code);
// Years kept; 0 for permanent.
int RetentionYears(RetentionClass r);

// Triggers that raise audio-visual records to long-term keeping (R14.1–R14.4).
Result<std::string> ParseLongTermTrigger(std::string_view code);  // "R14.1" … "R14.4"

// On whose behalf a service acts. A person acts with the roles the store gives them; the
// console operator (the `fullrecord` command run without --as) may set up the bureau —
// sections, people, roles and devices — and nothing else.
struct Actor {
  std::string id;  // person id, or "console:<os user>"
  std::set<Role> roles;
  bool console = false;
  std::string section;  // the person's section; empty for the console

  bool Has(Role r) const { return roles.count(r) > 0; }
  // As written in ledger events: "user:<id>" or "console:<os user>".
  std::string LedgerName() const { return console ? id : "user:" + id; }
  static Actor Console(const std::string& os_user) {
    return {"console:" + os_user, {}, true, ""};
  }
};

}  // namespace fullrecord::services
