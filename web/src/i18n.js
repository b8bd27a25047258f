import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'

// Chinese first; English when the person switches (kept in localStorage). The page's lang
// follows, so screen readers and fonts pick the right language.
const initial = localStorage.getItem('fr-locale') === 'en' ? 'en' : 'zh-CN'
document.documentElement.lang = initial

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale) {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  localStorage.setItem('fr-locale', locale)
}
