import { i18n } from '../i18n.js'

// A role's name in the current language; the code itself when the locale files lack it.
export function roleName(code) {
  const key = 'roles.' + code
  return i18n.global.te(key) ? i18n.global.t(key) : code
}
