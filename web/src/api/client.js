// The one place that talks to the server. Every error becomes an ApiError whose message is
// Chinese first (the server's "message"), never a raw status code.
import { i18n } from '../i18n.js'

let csrfToken = ''
let onUnauthenticated = () => {}

export function setCsrf(token) {
  csrfToken = token || ''
}
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}
export function csrf() {
  return csrfToken
}

export class ApiError extends Error {
  constructor(status, code, message, body = null) {
    super(message)
    this.status = status
    this.code = code
    this.body = body
  }
}

export function errorText(body, status) {
  const zh = i18n.global.locale.value !== 'en'
  if (body && (body.message || body.message_en))
    return zh ? body.message : body.message_en || body.message
  return i18n.global.t('errors.status', { status })
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, 'network', i18n.global.t('errors.network'))
  }
  const text = await res.text()
  let data = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthenticated()
  if (!res.ok)
    throw new ApiError(res.status, data?.code || 'error', errorText(data, res.status), data)
  return data
}

// The media type the server gives a stored file, without fetching it (HEAD is not a view).
export async function mediaType(path) {
  let res
  try {
    res = await fetch(path, { method: 'HEAD', credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, 'network', i18n.global.t('errors.network'))
  }
  if (res.status === 401) onUnauthenticated()
  if (!res.ok)
    throw new ApiError(res.status, 'error', i18n.global.t('errors.status', { status: res.status }))
  return (res.headers.get('Content-Type') || 'application/octet-stream').split(';')[0].trim()
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  put: (path, body = {}) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
}
