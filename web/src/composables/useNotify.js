import { ElMessage } from 'element-plus'

// Shows an API error as a clear message; returns false so callers can `return notifyError(e)`.
export function notifyError(e) {
  ElMessage({ type: 'error', message: e?.message || '操作失败', showClose: true, duration: 5000 })
  return false
}

export function notifyOk(message) {
  ElMessage({ type: 'success', message })
}
