// Shared by the browser tests: the browser, signing in, screenshots and the accounts.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { Client } from './http.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const require = createRequire(path.join(root, 'web/package.json'))
const { chromium } = require('playwright-core')

export const BASE = process.env.FR_BASE
export const SHOTS = process.env.FR_SHOTS
export const WORK = process.env.FR_WORK
export const ACCOUNTS = JSON.parse(readFileSync(process.env.FR_ACCOUNTS, 'utf8'))

export function account(role) {
  const a = ACCOUNTS.byRole[role]
  if (!a) throw new Error(`no demo account with role ${role}`)
  return a
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.FR_CHROMIUM, args: ['--no-sandbox'] })
}

// A page at the usual office screen size, with API failures and page errors collected.
export async function newPage(browser) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`))
  return page
}

export async function signIn(page, role) {
  const { id, password } = account(role)
  await page.goto(BASE + '/login')
  await page.getByLabel('用户名').fill(id)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('.layout-menu').waitFor()
  await page.waitForLoadState('networkidle')
}

export async function shot(page, name) {
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

export async function apiAs(role) {
  const c = new Client(BASE)
  const { id, password } = account(role)
  await c.login(id, password)
  return c
}
