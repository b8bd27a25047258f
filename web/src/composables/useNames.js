// Chinese names of codes the server sends (the server also sends *_zh fields where it can).
const ROLES = {
  officer: '执法人员', archivist: '科室档案员', section_head: '科室负责人', legal_reviewer: '法制审核人员',
  principal_leader: '主要领导', sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '安全审计员',
}
export function roleName(code) { return ROLES[code] || code }
