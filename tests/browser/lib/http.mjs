// A small API client for the tests: one cookie jar per person, the CSRF token on every change,
// and errors that carry the server's JSON body.
export class Client {
  constructor(base) {
    this.base = base
    this.cookie = ''
    this.csrf = ''
  }

  async call(method, path, body) {
    const headers = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.cookie) headers.Cookie = this.cookie
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = res.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0]
    const text = await res.text()
    let data = null
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      data = text
    }
    if (!res.ok) {
      const err = new Error(`${method} ${path} → ${res.status} ${text}`)
      err.status = res.status
      err.body = data
      throw err
    }
    return data
  }

  get(path) {
    return this.call('GET', path)
  }
  post(path, body = {}) {
    return this.call('POST', path, body)
  }
  put(path, body = {}) {
    return this.call('PUT', path, body)
  }
  del(path) {
    return this.call('DELETE', path)
  }

  // A whole file in one tus request (creation-with-upload); answers the upload's result, with
  // the SHA-256 and SM3 the server computed.
  async upload(filename, filetype, bytes) {
    const meta = [
      ['filename', filename],
      ['filetype', filetype],
    ]
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',')
    const res = await fetch(this.base + '/api/uploads', {
      method: 'POST',
      headers: {
        Cookie: this.cookie,
        'X-CSRF-Token': this.csrf,
        'Tus-Resumable': '1.0.0',
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': meta,
        'Content-Type': 'application/offset+octet-stream',
      },
      body: bytes,
    })
    if (res.status !== 201)
      throw new Error(`upload of ${filename} → ${res.status} ${await res.text()}`)
    return this.get(`/api/uploads/${res.headers.get('location').split('/').pop()}/result`)
  }

  async login(person, password) {
    const me = await this.post('/api/auth/login', { person, password })
    this.csrf = me.csrf
    return me
  }
}
