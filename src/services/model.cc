#include "services/model.h"

#include <array>
#include <utility>

namespace fullrecord::services {
namespace {

struct RoleInfo {
  Role role;
  const char* code;
  const char* zh;
};
constexpr std::array<RoleInfo, 8> kRoles = {{
    {Role::kOfficer, "officer", "执法人员"},
    {Role::kArchivist, "archivist", "科室档案员"},
    {Role::kSectionHead, "section_head", "科室负责人"},
    {Role::kLegalReviewer, "legal_reviewer", "法制审核人员"},
    {Role::kPrincipalLeader, "principal_leader", "主要领导"},
    {Role::kSysAdmin, "sysadmin", "系统管理员"},
    {Role::kSecAdmin, "secadmin", "安全管理员"},
    {Role::kAuditor, "auditor", "安全审计员"},
}};

struct ClassInfo {
  Classification c;
  const char* code;
  const char* zh;
};
constexpr std::array<ClassInfo, 4> kClasses = {{
    {Classification::kOrdinary, "ordinary", "普通"},
    {Classification::kInternal, "internal", "内部"},
    {Classification::kCommercialSecret, "commercial_secret", "商业秘密"},
    {Classification::kPersonalPrivacy, "personal_privacy", "个人隐私"},
}};

struct RetentionInfo {
  RetentionClass r;
  const char* code;
  const char* zh;
  int years;
};
constexpr std::array<RetentionInfo, 3> kRetentions = {{
    {RetentionClass::kTenYears, "10y", "定期10年", 10},
    {RetentionClass::kThirtyYears, "30y", "定期30年", 30},
    {RetentionClass::kPermanent, "permanent", "永久", 0},
}};

template <typename Table>
std::string ValidCodes(const Table& table) {
  std::string out;
  for (const auto& row : table) out += (out.empty() ? "" : ", ") + std::string(row.code);
  return out;
}

template <typename Table>
std::string ValidNamesZh(const Table& table) {
  std::string out;
  for (const auto& row : table) out += (out.empty() ? "" : "、") + std::string(row.zh);
  return out;
}

}  // namespace

const char* RoleCode(Role role) { return kRoles[static_cast<size_t>(role)].code; }
const char* RoleNameZh(Role role) { return kRoles[static_cast<size_t>(role)].zh; }

Result<Role> ParseRole(std::string_view code) {
  for (const auto& r : kRoles) {
    if (code == r.code) return r.role;
  }
  return Status::InvalidArgument(
      "unknown role \"" + std::string(code) + "\"; valid: " + ValidCodes(kRoles),
      "角色“" + std::string(code) + "”无效，应为以下之一：" + ValidNamesZh(kRoles));
}

bool IsSeparatedAdmin(Role role) {
  return role == Role::kSysAdmin || role == Role::kSecAdmin || role == Role::kAuditor;
}

std::vector<Role> AllRoles() {
  std::vector<Role> out;
  for (const auto& r : kRoles) out.push_back(r.role);
  return out;
}

const char* ClassificationCode(Classification c) { return kClasses[static_cast<size_t>(c)].code; }
const char* ClassificationNameZh(Classification c) { return kClasses[static_cast<size_t>(c)].zh; }

Result<Classification> ParseClassification(std::string_view code) {
  if (code == "state_secret") {
    return Status::InvalidArgument(
        "state secrets (国家秘密) must not be stored in fullrecord: keep them on a classified "
        "system (R16.1)",
        "国家秘密不得在本系统中存储，请使用涉密信息系统处理");
  }
  for (const auto& c : kClasses) {
    if (code == c.code) return c.c;
  }
  return Status::InvalidArgument(
      "unknown classification \"" + std::string(code) + "\"; valid: " + ValidCodes(kClasses),
      "密级“" + std::string(code) + "”无效，应为以下之一：" + ValidNamesZh(kClasses));
}

bool IsSecret(Classification c) {
  return c == Classification::kCommercialSecret || c == Classification::kPersonalPrivacy;
}

const char* RetentionCode(RetentionClass r) { return kRetentions[static_cast<size_t>(r)].code; }
const char* RetentionNameZh(RetentionClass r) { return kRetentions[static_cast<size_t>(r)].zh; }
int RetentionYears(RetentionClass r) { return kRetentions[static_cast<size_t>(r)].years; }

Result<RetentionClass> ParseRetention(std::string_view code) {
  for (const auto& r : kRetentions) {
    if (code == r.code) return r.r;
  }
  return Status::InvalidArgument(
      "unknown retention class \"" + std::string(code) + "\"; valid: " + ValidCodes(kRetentions),
      "保管期限“" + std::string(code) + "”无效，应为以下之一：" + ValidNamesZh(kRetentions));
}

Result<std::string> ParseLongTermTrigger(std::string_view code) {
  for (const char* t : {"R14.1", "R14.2", "R14.3", "R14.4"}) {
    if (code == t) return std::string(t);
  }
  return Status::InvalidArgument(
      "unknown long-term trigger \"" + std::string(code) +
          "\"; valid: R14.1 (objection, complaint or petition), R14.2 "
          "(obstruction, abuse or assault), R14.3 (mass incident or "
          "emergency), R14.4 (other)",
      "长期保存情形“" + std::string(code) +
          "”无效，应为R14.1（当事人有异议或投诉、上访）、R14.2（拒绝、阻挠执法"
          "或辱骂、殴打执法人员）、R14.3（群体性事件或突发事件）、R14.4（其他）"
          "之一");
}

}  // namespace fullrecord::services
