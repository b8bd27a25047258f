// Reads the accounts `fullrecord demo` printed into the JSON the tests use:
// { people: { id: password }, byRole: { role: { id, password } } } (first person of each role).
import { readFileSync, writeFileSync } from 'node:fs'

const ROLES = {
  执法人员: 'officer',
  科室档案员: 'archivist',
  科室负责人: 'section_head',
  法制审核人员: 'legal_reviewer',
  主要领导: 'principal_leader',
  系统管理员: 'sysadmin',
  安全管理员: 'secadmin',
  安全审计员: 'auditor',
}
const [logPath, outPath] = process.argv.slice(2)
const out = { people: {}, byRole: {} }
for (const line of readFileSync(logPath, 'utf8').split('\n')) {
  const m = line.match(/^\s+(\S+)\t(\S+)\t(\S+)$/)
  if (!m || !ROLES[m[2]]) continue
  const [, id, roleZh, password] = m
  out.people[id] = password
  out.byRole[ROLES[roleZh]] ??= { id, password }
}
const missing = Object.values(ROLES).filter((r) => !out.byRole[r])
if (missing.length) {
  console.error(`the demo printed no account for: ${missing.join(', ')}`)
  process.exit(1)
}
writeFileSync(outPath, JSON.stringify(out, null, 2))
console.log(`demo accounts: ${Object.keys(out.people).length}`)
