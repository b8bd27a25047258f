import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'

// Chinese first; English when the person switches (kept in localStorage).
export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem('fr-locale') || 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale) {
  i18n.global.locale.value = locale
  localStorage.setItem('fr-locale', locale)
}
