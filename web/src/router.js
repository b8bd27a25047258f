import { createRouter, createWebHistory } from 'vue-router'
import { useSession } from './stores/session.js'
import { setUnauthenticatedHandler } from './api/client.js'
import { MENU } from './menu.js'
// The first screen most people see is bundled with the app: no second round trip for it.
import LoginView from './views/LoginView.vue'

const routes = [
  { path: '/login', component: LoginView, meta: { public: true } },
  { path: '/password', component: () => import('./views/PasswordView.vue') },
  {
    path: '/',
    component: () => import('./views/LayoutView.vue'),
    children: [
      { path: '', redirect: '/home' },
      { path: 'home', component: () => import('./views/HomeView.vue') },
      { path: 'workbench', component: () => import('./views/WorkbenchView.vue') },
      { path: 'cases', component: () => import('./views/CasesView.vue') },
      { path: 'cases/:id', component: () => import('./views/CaseDetailView.vue'), props: true },
      { path: 'upload', component: () => import('./views/UploadView.vue') },
      { path: 'approvals', component: () => import('./views/ApprovalsView.vue') },
      { path: 'devices', component: () => import('./views/DevicesView.vue') },
      { path: 'compliance', component: () => import('./views/ComplianceView.vue') },
      { path: 'accounts', component: () => import('./views/AccountsView.vue') },
      { path: 'system', component: () => import('./views/SystemView.vue') },
      { path: 'ledger', component: () => import('./views/LedgerView.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

// Unknown session: to the login page. A forced password change comes before anything else.
// A screen of a role the person lacks sends them to their home screen.
router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.loaded) await session.refresh()
  if (to.meta.public) return true
  if (!session.me) return { path: '/login', query: { next: to.fullPath } }
  if (session.mustChange && to.path !== '/password') return '/password'
  const entry = MENU.find((m) => to.path.startsWith(m.path))
  if (entry && !entry.roles.some((r) => session.roles.includes(r))) return '/home'
  return true
})

setUnauthenticatedHandler(() => {
  const session = useSession()
  session.me = null
  if (router.currentRoute.value.path !== '/login') router.push('/login')
})
