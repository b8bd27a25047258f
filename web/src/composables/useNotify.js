import { ElMessage } from 'element-plus'
import { i18n } from '../i18n.js'

// Shows an API error as a clear message; returns false so callers can `return notifyError(e)`.
export function notifyError(e) {
  const message = e?.message || i18n.global.t('common.error')
  ElMessage({ type: 'error', message, showClose: true, duration: 5000 })
  return false
}

export function notifyOk(message) {
  ElMessage({ type: 'success', message })
}
