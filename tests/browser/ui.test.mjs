// The web UI against the real server, in Chromium: sign-in and menus per role, the officer's
// case, upload, playback and gap, the leader's approval and the auditor's ledger check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { BASE, WORK, launch, newPage, signIn, shot, apiAs } from './lib/browser.mjs'

const MENUS = {
  officer: ['工作台', '案件', '上传', '设备'],
  archivist: ['工作台', '案件', '上传', '设备', '合规'],
  section_head: ['工作台', '案件', '设备', '合规'],
  legal_reviewer: ['工作台', '案件'],
  principal_leader: ['工作台', '案件', '审批', '合规'],
  sysadmin: ['设备', '系统状态'],
  secadmin: ['账号与角色'],
  auditor: ['合规', '审计账本'],
}

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// The first screen: the login form ready in a fresh context (empty cache), timed from navigation
// start once the browser process itself has started. The goal is under one second; the figure is
// printed for the report, not asserted, as other builds may share the machine. What is asserted
// is what makes it fast: the hashed bundle is cached for a year and sent compressed.
test('the login page loads from an empty cache with a cached, compressed bundle, and its time is reported', async () => {
  const warm = await newPage(browser)
  await warm.goto('about:blank')
  const times = []
  for (let i = 0; i < 3; i++) {
    const page = await newPage(browser)
    const assets = []
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push(r)
    })
    await page.goto(BASE + '/login')
    await page.getByLabel('密码', { exact: true }).waitFor()
    times.push(await page.evaluate(() => performance.now()))
    if (i === 2) {
      await shot(page, '01-login')
      const scripts = assets.filter((r) => r.url().endsWith('.js'))
      assert.ok(scripts.length > 0, 'the login page loads its script bundle from /assets/')
      for (const r of scripts) {
        const h = await r.allHeaders()
        assert.match(
          h['cache-control'] || '',
          /max-age=31536000.*immutable|immutable.*max-age=31536000/,
          r.url(),
        )
        assert.equal(h['content-encoding'], 'gzip', r.url())
      }
    }
    await page.context().close()
  }
  await warm.context().close()
  times.sort((a, b) => a - b)
  assert.ok(
    times.every((t) => Number.isFinite(t) && t > 0),
    times.join(' '),
  )
  console.log(
    `first screen: login form ready ${times.map((t) => t.toFixed(0)).join(', ')} ms ` +
      `after navigation start, empty cache (median ${times[1].toFixed(0)} ms)`,
  )
  console.log(
    times[1] < 1000 ? 'first screen: under one second' : 'first screen: over the one-second goal',
  )
})

for (const [role, menu] of Object.entries(MENUS)) {
  test(`${role} sees only the menu of that role`, async () => {
    const page = await newPage(browser)
    await signIn(page, role)
    const items = await page.locator('.layout-menu .el-menu-item').allInnerTexts()
    assert.deepEqual(
      items.map((s) => s.trim()),
      menu,
    )
    await shot(page, `02-home-${role}`)
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}

test('a wrong password and a locked account are told in Chinese', async () => {
  const sec = await apiAs('secadmin')
  await sec.post('/api/people', {
    id: 'lock.test',
    name: '锁定测试',
    section: 'zhzf',
    active: true,
  })
  await sec.post('/api/people/lock.test/roles', { role: 'officer' })
  await sec.post('/api/accounts/lock.test/password', { password: 'Lock#Test2026x' })
  const page = await newPage(browser)
  await page.goto(BASE + '/login')
  let text = ''
  for (let i = 0; i < 8 && !text.includes('锁定'); i++) {
    await page.getByLabel('用户名').fill('lock.test')
    await page.getByLabel('密码', { exact: true }).fill('Wrong#Pass' + i)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
    await page.getByRole('button', { name: '登录' }).click()
    await answered
    text = await page.locator('.login-error').innerText()
    assert.match(text, /[\u4e00-\u9fff]/, `a Chinese message, got "${text}"`)
  }
  assert.match(text, /锁定/)
  await shot(page, '03-login-locked')
  await page.context().close()
})

test('a new password is forced at first sign-in', async () => {
  const sec = await apiAs('secadmin')
  await sec.post('/api/people', {
    id: 'first.test',
    name: '首登测试',
    section: 'zhzf',
    active: true,
  })
  await sec.post('/api/people/first.test/roles', { role: 'officer' })
  await sec.post('/api/accounts/first.test/password', { password: 'First#Test2026x' })
  const page = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.getByLabel('用户名').fill('first.test')
  await page.getByLabel('密码', { exact: true }).fill('First#Test2026x')
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL('**/password')
  await page.getByLabel('原密码').fill('First#Test2026x')
  await page.getByLabel('新密码', { exact: true }).fill('Second#Test2026y')
  await page.getByLabel('确认新密码').fill('Second#Test2026y')
  await shot(page, '04-password-change')
  await page.getByRole('button', { name: '修改密码' }).click()
  await page.locator('.layout-menu').waitFor()
  assert.deepEqual(await page.locator('.layout-menu .el-menu-item').allInnerTexts(), MENUS.officer)
  await page.context().close()
})

// A video of incompressible noise, so that it spans several tus chunks (4 MiB each).
function makeVideo(name, seconds, noise) {
  const file = path.join(WORK, name)
  const video = noise
    ? 'nullsrc=size=640x360:rate=25,geq=random(1)*255:128:128'
    : 'testsrc=size=320x240:rate=15'
  execFileSync('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    video,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440',
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-movflags',
    '+faststart',
    file,
  ])
  return file
}

test('an officer opens a case, uploads a video, sees its digests and plays it', async () => {
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.locator('.layout-menu').getByText('案件', { exact: true }).click()
  await page.locator('[data-test=open-case]').click()
  await page.getByRole('dialog').getByLabel('案件编号', { exact: true }).fill('乌教罚〔2026〕901号')
  await page
    .getByRole('dialog')
    .getByLabel('案由', { exact: true })
    .fill('浏览器测试：某机构无证办学')
  await page.locator('[data-test=case-kind]').click()
  await page.getByRole('option', { name: '行政处罚' }).click()
  await page.getByRole('dialog').getByLabel('当事人', { exact: true }).fill('浏览器测试当事人')
  await page.locator('[data-test=open-case-submit]').click()
  await page.waitForURL(/\/cases\/\d+$/)
  await page.getByText('乌教罚〔2026〕901号').first().waitFor()
  await shot(page, '05-case-opened')

  const video = makeVideo('clip.mp4', 3, false)
  await page.locator('.layout-menu').getByText('上传', { exact: true }).click()
  await page.locator('input[type=file]').setInputFiles(video)
  const sha = page.locator('[data-test=sha256]')
  await sha.waitFor({ timeout: 30000 })
  assert.match(await sha.innerText(), /SHA-256 [0-9a-f]{64}/)
  assert.match(await page.locator('[data-test=sm3]').innerText(), /SM3 [0-9a-f]{64}/)

  const ranged = page.waitForResponse((r) => r.url().includes('/api/blobs/') && r.status() === 206)
  await page.locator('[data-test="play-clip.mp4"]').click()
  await ranged
  const player = page.locator('[data-test=player]')
  await player.evaluate(
    (v) =>
      new Promise((resolve, reject) => {
        if (v.readyState >= 2) return resolve()
        v.addEventListener('loadeddata', resolve, { once: true })
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), {
          once: true,
        })
      }),
  )
  await player.evaluate((v) => {
    v.currentTime = 2
  })
  await player.evaluate(
    (v) =>
      new Promise((resolve) =>
        v.seeking ? v.addEventListener('seeked', resolve, { once: true }) : resolve(),
      ),
  )
  await shot(page, '06-upload-played')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a reload in the middle of an upload resumes it', async () => {
  const video = makeVideo('noise.mp4', 4, true)
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(BASE + '/upload')

  // The first chunk goes through; the connection then drops and the page is reloaded.
  let patches = 0
  let firstDone
  const firstChunk = new Promise((resolve) => {
    firstDone = resolve
  })
  await page.route('**/api/uploads/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue()
    patches += 1
    if (patches > 1) return route.abort('connectionreset')
    const response = await route.fetch()
    await route.fulfill({ response })
    firstDone(Number(response.headers()['upload-offset']))
  })
  await page.locator('input[type=file]').setInputFiles(video)
  const offset = await firstChunk
  assert.ok(offset > 0, `the server holds ${offset} bytes after the first chunk`)
  // Retries keep failing until the page is gone, so the upload cannot finish before the reload.
  await page.reload()
  await page.unrouteAll({ behavior: 'ignoreErrors' })

  const head = page.waitForResponse(
    (r) => r.request().method() === 'HEAD' && r.url().includes('/api/uploads/'),
  )
  const patch = page.waitForRequest((r) => r.method() === 'PATCH')
  await page.locator('input[type=file]').setInputFiles(video)
  const held = Number((await head).headers()['upload-offset'])
  assert.ok(held >= offset, `after the reload the server still holds ${held} bytes`)
  assert.equal(Number((await patch).headers()['upload-offset']), held)
  await page.locator('[data-test=resumed]').waitFor()
  await page.locator('[data-test=sha256]').waitFor({ timeout: 30000 })
  await shot(page, '07-upload-resumed')
  await page.context().close()
})

// The first unexplained interruption the officer is asked about on the workbench.
async function gapToExplain() {
  const officer = await apiAs('officer')
  const items = (await officer.get('/api/workbench')).items
  const item = items.find((i) => i.rule_id === 'R9.3' && i.case_id)
  assert.ok(item, 'the workbench lists a gap to explain')
  const detail = await officer.get(`/api/cases/${item.case_id}`)
  for (const av of detail.av_records) {
    const gap = av.interruptions.find((g) => !g.reason)
    if (gap) return { caseId: item.case_id, gapId: gap.id }
  }
  throw new Error(`case ${item.case_id} has no unexplained interruption`)
}

test('an officer explains a gap on the case page', async () => {
  const { caseId, gapId } = await gapToExplain()
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await shot(page, '08-workbench')
  await page.getByRole('link', { name: /乌教/ }).first().waitFor()
  await page.goto(`${BASE}/cases/${caseId}`)
  await page.locator('[data-test=timeline]').waitFor()
  await page.locator('[data-test=missing]').waitFor()
  await shot(page, '09-case-detail')
  // Saving without a reason is refused by the server, and the refusal is shown in Chinese.
  await page.locator(`[data-test=explain-${gapId}]`).click()
  const refusal = page.locator('.el-message--error')
  await refusal.waitFor()
  assert.match(await refusal.innerText(), /[\u4e00-\u9fff]/)
  await page.locator(`[data-test=reason-${gapId}]`).click()
  await page.getByRole('option', { name: '电量不足' }).click()
  await page.locator(`[data-test=explain-${gapId}]`).click()
  await page.locator(`[data-test=gap-${gapId}].el-tag--success`).waitFor()

  // The on-site checklist (R7, R10): one item ticked and saved stays ticked.
  const tick = page.locator('[data-test=tick-rights_informed]').first()
  await tick.click()
  const saved = page.waitForResponse(
    (r) => r.url().includes('/checklist') && r.request().method() === 'PUT',
  )
  await page.locator('[data-test^=checklist-]').first().click()
  assert.equal((await saved).status(), 200)
  await page.reload()
  await page.locator('[data-test=tick-rights_informed].is-checked').first().waitFor()
  await shot(page, '10-gap-explained')
  await page.context().close()
})

test('the principal leader approves a copy request', async () => {
  const page = await newPage(browser)
  await signIn(page, 'principal_leader')
  await page.locator('.layout-menu').getByText('审批', { exact: true }).click()
  const approve = page.locator('[data-test^=approve-copy-]').first()
  await approve.waitFor()
  const before = await page.locator('[data-test^=approve-copy-]').count()
  // Each request names its case by its number, as on paper.
  const cells = page.locator('[data-test=copy-approvals] .el-table__row td:nth-child(2)')
  const cases = await cells.allInnerTexts()
  const named = cases.every((c) => /^乌教罚〔\d{4}〕\d+号$/.test(c.trim()))
  assert.ok(cases.length > 0 && named, cases.join(' | '))
  await shot(page, '11-approvals')
  const decided = page.waitForResponse((r) => r.url().includes('/decide'))
  await approve.click()
  assert.equal((await decided).status(), 200)
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test^=approve-copy-]').length === n - 1,
    before,
  )
  await page.context().close()
})

test('the auditor verifies the ledger', async () => {
  const page = await newPage(browser)
  await signIn(page, 'auditor')
  await page.locator('.layout-menu').getByText('审计账本', { exact: true }).click()
  await page
    .locator('[data-test=checkpoint]')
    .getByText(/fullrecord/)
    .first()
    .waitFor()
  await page.locator('[data-test=verify-ledger]').click()
  const result = page.locator('[data-test=verify-result]')
  await result.waitFor({ timeout: 60000 })
  assert.match(await result.innerText(), /账本核验通过/)
  await shot(page, '12-ledger-verified')
  await page.context().close()
})

// Each remaining main screen, for a reviewer to look at.
for (const [role, route, name] of [
  ['officer', '/cases', '13-cases'],
  ['officer', '/devices', '14-devices'],
  ['section_head', '/compliance', '15-compliance'],
  ['secadmin', '/accounts', '16-accounts'],
  ['sysadmin', '/system', '17-system'],
]) {
  test(`${name.slice(3)} shows for ${role} without errors`, async () => {
    const page = await newPage(browser)
    await signIn(page, role)
    await page.goto(BASE + route)
    await page.locator('.el-table__row, .el-card').first().waitFor()
    if (route === '/devices') {
      await page.locator('[data-test^=history-]').first().click()
      await page.locator('.el-drawer .el-table__row').first().waitFor()
    }
    await shot(page, name)
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}

test('the compliance report filters and exports for Excel', async () => {
  const page = await newPage(browser)
  await signIn(page, 'section_head')
  await page.goto(BASE + '/compliance')
  await page.locator('.el-table__row').first().waitFor()
  const all = await page.locator('.el-table__row').count()
  await page.getByLabel('执法人员', { exact: true }).fill('nobody.here')
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/compliance?') && r.url().includes('officer='),
  )
  await page.getByRole('button', { name: '查询' }).click()
  await answered
  await page.locator('.el-table__empty-text').waitFor()
  await page.getByLabel('执法人员', { exact: true }).fill('')
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForFunction((n) => document.querySelectorAll('.el-table__row').length === n, all)
  const download = page.waitForEvent('download')
  await page.locator('[data-test=export]').click()
  const file = await download
  const bytes = await (await import('node:fs/promises')).readFile(await file.path())
  const isXlsx = bytes.subarray(0, 2).toString() === 'PK'
  assert.ok(
    isXlsx || bytes.toString('utf8').includes('规则'),
    `export is a workbook or a CSV with headings`,
  )
  await page.context().close()
})

test('sign-in works from the keyboard alone, and English is one click away', async () => {
  const page = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.getByLabel('用户名').focus()
  const { id, password } = (await import('./lib/browser.mjs')).account('officer')
  await page.keyboard.type(id)
  await page.keyboard.press('Tab')
  await page.keyboard.type(password)
  await page.keyboard.press('Enter')
  await page.locator('.layout-menu').waitFor()

  // The menu is reached with Tab and opened with Enter.
  let reached = false
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab')
    reached = await page.evaluate(() => document.activeElement?.closest('.layout-menu') !== null)
  }
  assert.ok(reached, 'Tab reaches the left menu')

  await page.getByRole('button', { name: 'English' }).click()
  await page.locator('.layout-menu').getByText('Cases', { exact: true }).waitFor()
  await shot(page, '18-english')
  await page.getByRole('button', { name: '中文' }).click()
  await page.locator('.layout-menu').getByText('案件', { exact: true }).waitFor()
  await page.context().close()
})
