// Times for people: Asia/Shanghai, "2026-12-03 14:05".
export function formatTime(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const s = new Date(d.getTime() + 8 * 3600 * 1000).toISOString()
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

export const SEVERITY_TAG = { violation: 'danger', warning: 'warning', reminder: 'info' }
