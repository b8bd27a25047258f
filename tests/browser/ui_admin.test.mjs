// The administrative screens in Chromium, after ui.test.mjs: the security administrator's people
// and roles (三员分立 refused with the server's message), the system administrator's devices, and
// the section archivist's archive discs with their four-property check and registration.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BASE, WORK, launch, newPage, signIn, shot, apiAs } from './lib/browser.mjs'

const PERSON = 'zhang.wei'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// Waits for running transitions (a dialog closing, a drawer opening) so screenshots are still.
async function settled(page) {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  )
}

async function chooseOption(page, select, name) {
  await page.locator(select).click()
  await page.getByRole('option', { name, exact: true }).click()
}

async function grantRole(page, person, roleName) {
  await page.locator(`[data-test="grant-${person}"]`).click()
  await chooseOption(page, '[data-test=grant-role]', roleName)
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/people/${person}/roles`))
  await page.locator('[data-test=grant-submit]').click()
  return answered
}

test('the security administrator adds a person, grants and revokes roles and sets a password', async () => {
  const page = await newPage(browser)
  await signIn(page, 'secadmin')
  await page.locator('.layout-menu').getByText('账号与角色', { exact: true }).click()
  await page.locator('.el-table__row').first().waitFor()

  // A new officer with the certificate of law enforcement.
  await page.locator('[data-test=add-person]').click()
  await page.locator('#person-id').fill(PERSON)
  await page.locator('#person-name').fill('张伟')
  await chooseOption(page, '[data-test=person-section]', '综合执法科')
  await page.locator('#person-cert').fill('15000020261234')
  await page.locator('#person-cert-valid').fill('2028-12-31')
  await page.locator('[data-test=person-submit]').click()
  await page.locator(`[data-test="state-${PERSON}"]`).getByText('未设置密码').waitFor()

  // Staff roles combine; a separated administrator role is refused, in the server's words.
  assert.equal((await grantRole(page, PERSON, '执法人员')).status(), 200)
  await page.locator(`[data-test="role-${PERSON}-officer"]`).waitFor()
  assert.equal((await grantRole(page, PERSON, '科室档案员')).status(), 200)
  await page.locator(`[data-test="role-${PERSON}-archivist"]`).waitFor()
  assert.equal((await grantRole(page, PERSON, '系统管理员')).status(), 409)
  const refusal = page.locator('[data-test=grant-refusal]')
  await refusal.waitFor()
  const text = await refusal.innerText()
  assert.match(text, /三员分立/)
  assert.match(text, /不允许/)
  await settled(page)
  await shot(page, '19-role-refused')
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click()

  // The archivist role is revoked after a confirmation.
  await page.locator(`[data-test="role-${PERSON}-archivist"] .el-tag__close`).click()
  const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE')
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  assert.equal((await revoked).status(), 200)
  await page.locator(`[data-test="role-${PERSON}-archivist"]`).waitFor({ state: 'detached' })

  // The initial password: the person must change it at first sign-in.
  await page.locator(`[data-test="reset-${PERSON}"]`).click()
  await page.locator('#reset-password').fill('Zhang#Wei2026x')
  await page.locator('[data-test=password-submit]').click()
  await page.locator(`[data-test="state-${PERSON}"]`).getByText('待修改初始密码').waitFor()
  await settled(page)
  await shot(page, '20-accounts-person-added')

  const person = await (await apiAs('secadmin')).get(`/api/people/${PERSON}`)
  assert.equal(person.cert_no, '15000020261234')
  assert.equal(person.cert_valid_until, '2028-12-31')
  assert.deepEqual(
    person.roles.map((r) => r.code),
    ['officer'],
  )
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the system administrator registers a device and issues it to an officer', async () => {
  const serial = 'DSJ-ZF-101'
  const page = await newPage(browser)
  await signIn(page, 'sysadmin')
  await page.locator('.layout-menu').getByText('设备', { exact: true }).click()
  await page.locator('[data-test=register-device]').click()
  await page.locator('#device-serial').fill(serial)
  await chooseOption(page, '[data-test=device-type]', '执法记录仪')
  await chooseOption(page, '[data-test=device-section]', '综合执法科')
  await page.locator('[data-test=device-submit]').click()

  await page.locator(`[data-test="assign-${serial}"]`).click()
  await chooseOption(page, '[data-test=assign-person]', '李明（li.ming）')
  await page.locator('[data-test=assign-submit]').click()
  const current = page.locator('.el-drawer [data-test=history] .el-table__row')
  await current.getByText('li.ming').waitFor()
  await page.locator('[data-test=assign-submit]').waitFor({ state: 'hidden' })
  assert.match(await current.first().innerText(), /在用/)
  await settled(page)
  await shot(page, '21-device-issued')

  // Handed back: the issue ends and the device is free.
  await page.locator('.el-drawer__close-btn').click()
  await page.locator('.el-drawer').waitFor({ state: 'hidden' })
  await page.locator(`[data-test="return-${serial}"]`).click()
  await current.first().getByText('在用').waitFor({ state: 'detached' })

  const history = await (await apiAs('sysadmin')).get(`/api/devices/${serial}/assignments`)
  assert.deepEqual(
    history.assignments.map((a) => [a.person, a.current]),
    [['li.ming', false]],
  )
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

async function caseByNumber(client, number) {
  const found = (await client.get('/api/cases?limit=200')).cases.find((c) => c.number === number)
  assert.ok(found, `case ${number} is listed`)
  return found
}

test('archive discs are refused for a case without files, with the failed property shown', async () => {
  const archivist = await apiAs('archivist')
  const ended = await caseByNumber(archivist, '乌教罚〔2026〕105号')
  const running = await caseByNumber(archivist, '乌教罚〔2026〕104号')
  assert.ok(ended.ended_at && !running.ended_at)
  const page = await newPage(browser)
  await signIn(page, 'archivist')

  await page.goto(`${BASE}/cases/${running.id}`)
  await page
    .locator('[data-test=archive-panel]')
    .getByText('案件执法结束后方可制作归档光盘')
    .waitFor()

  await page.goto(`${BASE}/cases/${ended.id}`)
  await page.locator('[data-test=make-discs]').click()
  await page.locator('[data-test=archive-refusal]').waitFor()
  assert.match(await page.locator('[data-test=archive-refusal]').innerText(), /四性检测未通过/)
  assert.match(await page.locator('[data-test=property-integrity]').innerText(), /未通过/)
  assert.match(await page.locator('[data-test=property-authenticity]').innerText(), /通过/)
  assert.match(
    await page.locator('[data-test=check-failure]').first().innerText(),
    /本案没有可归档的文件/,
  )
  await settled(page)
  await shot(page, '22-archive-refused')
  assert.deepEqual((await archivist.get(`/api/cases/${ended.id}/discs`)).sets, [])
  await page.context().close()
})

// A closed case with one scanned document, made through the API as its officer would.
async function endedCaseWithDocument(number) {
  const officer = await apiAs('officer')
  const { id } = await officer.post('/api/cases', {
    number,
    kind: 'penalty',
    title: '浏览器测试：归档光盘',
    parties: [{ type: 'person', name: '归档测试当事人' }],
  })
  const png = path.join(WORK, 'notice.png')
  execFileSync('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240',
    '-frames:v',
    '1',
    png,
  ])
  const uploaded = await officer.upload('notice.png', 'image/png', readFileSync(png))
  await officer.post(`/api/cases/${id}/text-records`, {
    stage: 'start',
    doc_type: 'inspection_notice',
    title: '检查通知',
    fields: { issuer: '乌海市教育局', issued_at: '2026-12-01', scope: '办学资质' },
    sha256: uploaded.sha256,
  })
  await officer.post(`/api/cases/${id}/end`, {})
  return id
}

test('the section archivist makes the archive discs of an ended case and registers them', async () => {
  const number = '乌教罚〔2026〕960号'
  const caseId = await endedCaseWithDocument(number)
  const page = await newPage(browser)
  await signIn(page, 'archivist')
  await page.goto(`${BASE}/cases/${caseId}`)
  await chooseOption(page, '[data-test=archive-media]', 'CD-R 700 MB')
  const made = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${caseId}/archive`))
  await page.locator('[data-test=make-discs]').click()
  assert.equal((await made).status(), 201)

  for (const p of ['authenticity', 'integrity', 'usability', 'security']) {
    assert.match(await page.locator(`[data-test=property-${p}]`).innerText(), /^通过/)
  }
  const set = page.locator('[data-test^=disc-set-]')
  await set.waitFor()
  assert.match(
    await set.locator('[data-test=disc-sha256]').first().innerText(),
    /SHA-256 [0-9a-f]{64}/,
  )
  assert.match(
    await set.locator('[data-test=disc-label]').first().innerText(),
    /乌教罚〔2026〕960号/,
  )
  assert.equal(
    await page.locator('[data-test=make-discs]').count(),
    0,
    'no second set before this one is registered',
  )
  await settled(page)
  await shot(page, '23-archive-made')

  const setId = (await set.getAttribute('data-test')).replace('disc-set-', '')
  await page.locator(`[data-test=location-${setId}]`).fill('档案室 A-3')
  const registered = page.waitForResponse((r) =>
    r.url().endsWith(`/api/disc-sets/${setId}/register`),
  )
  await page.locator(`[data-test=register-${setId}]`).click()
  assert.equal((await registered).status(), 200)
  await page.locator(`[data-test=set-state-${setId}]`).getByText('已登记入库').waitFor()
  await page.locator('[data-test=archive-panel]').getByText('档案室 A-3').waitFor()
  await settled(page)
  await shot(page, '24-archive-registered')

  const archivist = await apiAs('archivist')
  const sets = (await archivist.get(`/api/cases/${caseId}/discs`)).sets
  assert.deepEqual(
    sets.map((s) => [s.state, s.location]),
    [['registered', '档案室 A-3']],
  )
  assert.ok((await archivist.get(`/api/cases/${caseId}`)).case.archived_at, 'the case is archived')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the system administrator sees the storage figures, makes a backup and sees it listed', async () => {
  const page = await newPage(browser)
  await signIn(page, 'sysadmin')
  await page.locator('.layout-menu').getByText('系统状态', { exact: true }).click()
  await page.locator('[data-test=disk] .el-progress').waitFor()
  assert.match(
    await page.locator('[data-test=disk-figures]').innerText(),
    /已用 .+ \/ 共 .+，剩余 /,
  )
  assert.match(await page.locator('[data-test=blobs]').innerText(), /^[1-9]\d* 个，/)

  const destination = path.join(WORK, 'backup-ui')
  await page.locator('input[data-test=backup-dest]').fill(destination)
  const made = page.waitForResponse((r) => r.url().endsWith('/api/system/backups'))
  await page.locator('[data-test=backup-now]').click()
  assert.equal((await made).status(), 201)
  await page.locator('[data-test=backup-outcome]').getByText('备份完成').waitFor()
  await page.locator('[data-test=backups] .el-table__row').getByText(destination).waitFor()
  await settled(page)
  await shot(page, '25-system-backup')
  assert.ok(readFileSync(path.join(destination, 'store.json'), 'utf8').includes('fullrecord-store'))
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the workbench draws the section chart from the daily compliance history', async () => {
  const page = await newPage(browser)
  const history = page.waitForResponse((r) => r.url().includes('/api/compliance/history'))
  await signIn(page, 'officer')
  const answer = await history
  assert.equal(answer.status(), 200)
  const days = (await answer.json()).days
  assert.ok(days.length >= 1, 'the demo store has counted today')
  const chart = page.locator('[data-test=history-chart]')
  await chart.locator('canvas').waitFor()
  assert.equal(await chart.getAttribute('data-days'), String(days.length))
  await settled(page)
  await shot(page, '26-workbench-chart')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
