import { defineStore } from 'pinia'
import { api, setCsrf } from '../api/client.js'

// The signed-in person: id, name, section, roles and the CSRF token every change carries.
export const useSession = defineStore('session', {
  state: () => ({ me: null, mustChange: false, loaded: false }),
  getters: {
    roles: (s) => s.me?.roles || [],
    has: (s) => (role) => (s.me?.roles || []).includes(role),
  },
  actions: {
    apply(data) {
      this.me = { id: data.id, name: data.name, section: data.section, roles: data.roles || [] }
      this.mustChange = !!data.must_change
      setCsrf(data.csrf)
    },
    async refresh() {
      try {
        this.apply(await api.get('/api/auth/me'))
      } catch {
        this.me = null
      }
      this.loaded = true
    },
    async login(person, password) {
      this.apply(await api.post('/api/auth/login', { person, password }))
    },
    async logout() {
      try {
        await api.post('/api/auth/logout')
      } finally {
        this.me = null
        setCsrf('')
      }
    },
  },
})
