// The left menu: each entry lists the roles that see it. The three separated administrators
// (sysadmin, secadmin, auditor) never see evidence screens.
const STAFF = ['officer', 'archivist', 'section_head', 'legal_reviewer', 'principal_leader']

export const MENU = [
  { path: '/workbench', key: 'workbench', icon: 'House', roles: STAFF },
  { path: '/cases', key: 'cases', icon: 'Folder', roles: STAFF },
  { path: '/upload', key: 'upload', icon: 'Upload', roles: ['officer', 'archivist'] },
  { path: '/approvals', key: 'approvals', icon: 'Stamp', roles: ['principal_leader'] },
  {
    path: '/devices',
    key: 'devices',
    icon: 'VideoCamera',
    roles: ['officer', 'archivist', 'section_head', 'sysadmin'],
  },
  {
    path: '/compliance',
    key: 'compliance',
    icon: 'DataAnalysis',
    roles: ['section_head', 'archivist', 'principal_leader', 'auditor'],
  },
  { path: '/accounts', key: 'accounts', icon: 'User', roles: ['secadmin'] },
  { path: '/system', key: 'system', icon: 'Monitor', roles: ['sysadmin'] },
  { path: '/ledger', key: 'ledger', icon: 'Lock', roles: ['auditor'] },
]

export function menuFor(roles) {
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)))
}
