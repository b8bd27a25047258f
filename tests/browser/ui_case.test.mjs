// Working on a case in Chromium, after ui.test.mjs and ui_admin.test.mjs: the officer adds a
// party, an officer and a missing document, sets the on-site times and the classification, goes
// back a stage (refused without a reason, in Chinese), ends the enforcement and raises long-term
// keeping; a party's copy is requested, approved by the principal leader, produced, downloaded and
// handed over; the security administrator adds a section, edits a person and deactivates them so
// they cannot sign in.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { BASE, account, launch, newPage, signIn, shot, apiAs } from './lib/browser.mjs'
import { Client } from './lib/http.mjs'

const OFFICER = account('officer').id

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// Lets dialogs and messages finish moving before a screenshot.
async function still(page) {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
      timeout: 3000,
    })
    .catch(() => null)
}

// The open dialog with this title: every form control below is found by its label within it.
const dialog = (page, title) => page.getByRole('dialog', { name: title, exact: true })

// Opens a labelled select once its dialog has stopped moving; the click lands on the select
// around the labelled input. A click that met the dialog still opening leaves the list shut, so
// the select is clicked again (shut, then open) when the option has not shown.
async function openSelect(page, scope, label, option) {
  await still(page)
  const item = page.getByRole('option', { name: option, exact: true })
  for (let attempt = 1; ; attempt++) {
    await scope.getByLabel(label, { exact: true }).click({ force: true })
    try {
      await item.waitFor({ timeout: 4000 })
      return item
    } catch (e) {
      if (attempt === 3) throw e
    }
  }
}

// A choice in a labelled select.
async function choose(page, scope, label, option) {
  await (await openSelect(page, scope, label, option)).click()
}

// Waits until the element's text matches.
async function shows(page, selector, pattern) {
  await page.waitForFunction(
    ([sel, source]) =>
      new RegExp(source).test(document.querySelector(sel)?.textContent.trim() || ''),
    [selector, pattern.source],
  )
}

async function submitDialog(page, scope, testId) {
  await scope.locator(`[data-test=${testId}-submit]`).click()
  await scope.waitFor({ state: 'hidden' })
}

// A penalty case of the demo officer and wang.fang, opened and moved forward through the API.
async function openCase(number, title, stages = [], parties = []) {
  const officer = await apiAs('officer')
  const { id } = await officer.post('/api/cases', {
    number,
    kind: 'penalty',
    title,
    officers: [OFFICER, 'wang.fang'],
    parties,
  })
  for (const to of stages)
    await officer.post(`/api/cases/${id}/stages/advance`, { to, reason: '浏览器测试推进' })
  return { id, officer }
}

test('an officer adds a party, an officer and a missing document, and the missing list shrinks', async () => {
  const { id, officer } = await openCase('乌教罚〔2026〕970号', '浏览器测试：补录文书', [
    'investigation',
  ])
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(`${BASE}/cases/${id}`)
  const missing = page.locator('[data-test=missing-doc]')
  await missing.first().waitFor()
  const before = await missing.count()
  assert.equal(before, (await officer.get(`/api/cases/${id}`)).missing_documents.length)
  assert.ok(before >= 2, `a case in investigation lacks several documents, got ${before}`)

  // A party, by name, type and ID number.
  await page.locator('[data-test=act-party]').click()
  const party = dialog(page, '添加当事人')
  await party.getByLabel('当事人名称').fill('乌海市启明培训学校')
  await party.getByLabel('证件号码').fill('91150300MA0Q7X2K3B')
  await still(page)
  await shot(page, '30-case-party-dialog')
  await submitDialog(page, party, 'party')
  await page.locator('.desc').getByText('乌海市启明培训学校').waitFor()

  // A third officer, picked from the officers of the bureau.
  await page.locator('[data-test=act-officer]').click()
  const officerDialog = dialog(page, '添加执法人员')
  await choose(page, officerDialog, '执法人员', '赵磊（zhao.lei）')
  await submitDialog(page, officerDialog, 'officer')
  await page.locator('.desc').getByText('赵磊').waitFor()

  // The filing approval, chosen by clicking it in the missing list.
  await missing.filter({ hasText: '立案审批表' }).click()
  const text = dialog(page, '添加文书')
  assert.equal(await text.getByLabel('文书标题').inputValue(), '立案审批表')
  await text.getByLabel('文书标题').fill('立案审批表（启明培训学校）')
  await text.getByLabel('当事人', { exact: true }).fill('乌海市启明培训学校')
  await text.getByLabel('案件来源').fill('投诉举报')
  await text.getByLabel('审批人').fill('周强')
  await text.getByLabel('审批时间').fill('2026-12-01T10:00')
  await still(page)
  await shot(page, '31-case-text-dialog')
  await submitDialog(page, text, 'text')
  await page.locator('[data-test=text-records]').getByText('立案审批表（启明培训学校）').waitFor()
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=missing-doc]').length === n,
    before - 1,
  )
  assert.equal(await missing.filter({ hasText: '立案审批表' }).count(), 0)
  await still(page)
  await shot(page, '32-case-document-added')

  const detail = await officer.get(`/api/cases/${id}`)
  const p = detail.case.parties.find((x) => x.name === '乌海市启明培训学校')
  assert.deepEqual([p.type, p.id_no], ['organisation', '91150300MA0Q7X2K3B'])
  assert.ok(detail.case.officers.some((o) => o.id === 'zhao.lei'))
  const record = detail.text_records.find((r) => r.doc_type === 'filing_approval')
  assert.equal(record.title, '立案审批表（启明培训学校）')
  assert.equal(record.stage, 'start')
  assert.deepEqual(record.fields, {
    party: '乌海市启明培训学校',
    case_source: '投诉举报',
    approver: '周强',
    approved_at: '2026-12-01T10:00:00+08:00',
  })
  assert.equal(detail.missing_documents.length, before - 1)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

// A one-page PDF, different on every run so its upload is never one the server already holds.
function makePdf(note) {
  const text = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    `% ${note}`,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n')
  return Buffer.from(text)
}

test('the document dialog stores officers and lists as arrays, times with their offset, and a scan uploaded from it', async () => {
  const { id, officer } = await openCase('乌教罚〔2026〕973号', '浏览器测试：文书要素与扫描件', [
    'investigation',
  ])
  const people = (await officer.get('/api/people')).people
  const cert = (pid) => people.find((p) => p.id === pid)
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(`${BASE}/cases/${id}`)
  const missing = page.locator('[data-test=missing-doc]')
  await missing.filter({ hasText: '调查询问笔录' }).waitFor()
  const before = await missing.count()

  // The transcript: both officers picked with their certificates, the time, and a scan uploaded here.
  await missing.filter({ hasText: '调查询问笔录' }).click()
  const text = dialog(page, '添加文书')
  const certified = (pid) => `${cert(pid).name}（执法证 ${cert(pid).cert_no}）`
  await openSelect(page, text, '执法人员及证件号', certified(OFFICER))
  for (const pid of [OFFICER, 'wang.fang']) {
    await page.getByRole('option', { name: certified(pid), exact: true }).click()
  }
  await text.locator('.el-dialog__title').click()
  await text.getByLabel('被询问人', { exact: true }).fill('李明')
  await text.getByLabel('询问时间').fill('2026-12-02T09:30')
  await text.getByLabel('询问地点').fill('乌海市教育局询问室')

  const pdf = makePdf(`${id} ${Date.now()}`)
  const sha256 = createHash('sha256').update(pdf).digest('hex')
  await text
    .locator('[data-test=text-scan] input[type=file]')
    .setInputFiles({ name: '询问笔录.pdf', mimeType: 'application/pdf', buffer: pdf })
  await page.waitForFunction(
    (want) => document.querySelector('#text-sha256')?.value === want,
    sha256,
    { timeout: 30000 },
  )
  await text.locator('[data-test=text-scan-state] .el-progress.is-success').waitFor()
  await still(page)
  await shot(page, '33-case-text-dialog-kinds')
  await submitDialog(page, text, 'text')
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=missing-doc]').length === n,
    before - 1,
  )
  assert.equal(await missing.filter({ hasText: '调查询问笔录' }).count(), 0)

  // The party's papers: a list typed one item a line.
  await missing.filter({ hasText: '当事人提交的证件资料及复印件' }).click()
  await text.getByLabel('提交人').fill('李明')
  await text.getByLabel('接收时间').fill('2026-12-02T10:15')
  await text
    .getByLabel('材料清单', { exact: true })
    .fill('营业执照复印件\n\n 法定代表人身份证复印件 \n')
  await submitDialog(page, text, 'text')
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=missing-doc]').length === n,
    before - 2,
  )

  const detail = await officer.get(`/api/cases/${id}`)
  const transcript = detail.text_records.find((r) => r.doc_type === 'investigation_transcript')
  assert.deepEqual(transcript.fields, {
    officers: [OFFICER, 'wang.fang'].map((pid) => ({
      id: pid,
      name: cert(pid).name,
      certificate_no: cert(pid).cert_no,
    })),
    interviewee: '李明',
    time: '2026-12-02T09:30:00+08:00',
    place: '乌海市教育局询问室',
  })
  assert.equal(transcript.sha256, sha256)

  // The scan opens from the text records table in a drawer, shown as the PDF it is.
  await page.locator(`[data-test=view-text-${transcript.id}]`).click()
  const frame = page.locator('[data-test=pdf-preview]')
  await frame.waitFor()
  assert.equal(await frame.getAttribute('src'), `/api/blobs/${sha256}`)
  const served = await page.evaluate(
    (src) =>
      fetch(src, { method: 'HEAD' }).then((r) => [
        r.status,
        r.headers.get('content-type'),
        r.headers.get('content-disposition'),
      ]),
    `/api/blobs/${sha256}`,
  )
  assert.equal(served[0], 200)
  assert.match(served[1], /^application\/pdf/)
  assert.match(served[2], /^inline/)
  await still(page)
  await shot(page, '40-case-text-scan-preview')
  assert.deepEqual([transcript.missing_fields, transcript.complete], [[], true])
  const papers = detail.text_records.find((r) => r.doc_type === 'party_papers')
  assert.deepEqual(papers.fields, {
    provided_by: '李明',
    received_at: '2026-12-02T10:15:00+08:00',
    items: ['营业执照复印件', '法定代表人身份证复印件'],
  })
  assert.deepEqual([papers.missing_fields, papers.complete], [[], true])
  const still_missing = detail.missing_documents.flatMap((m) => m.any_of.map((d) => d.code))
  assert.ok(
    !still_missing.includes('investigation_transcript') && !still_missing.includes('party_papers'),
    still_missing.join(' '),
  )
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('going back a stage needs a reason, refused in Chinese without one; then the enforcement ends', async () => {
  const { id, officer } = await openCase('乌教罚〔2026〕971号', '浏览器测试：退回与结束', [
    'investigation',
    'decision',
  ])
  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(`${BASE}/cases/${id}`)

  // On-site times, entered as the bureau reads them (Beijing time).
  await page.locator('[data-test=act-onsite]').click()
  const onsite = dialog(page, '现场执法时间')
  await onsite.getByLabel('现场执法开始').fill('2026-12-01T09:00')
  await onsite.getByLabel('现场执法结束').fill('2026-12-01T11:30')
  await submitDialog(page, onsite, 'onsite')
  await shows(page, '[data-test=onsite-times]', /^2026-12-01 09:00 — 2026-12-01 11:30$/)

  // Internal: the classification the case page shows and the server keeps.
  await page.locator('[data-test=act-classification]').click()
  const classification = dialog(page, '调整密级')
  await choose(page, classification, '密级', '内部')
  await submitDialog(page, classification, 'classification')
  await page.locator('.desc').getByText('内部', { exact: true }).waitFor()

  // Back to investigation, with a reason.
  await page.locator('[data-test=act-back]').click()
  const back = dialog(page, '退回阶段')
  await back.getByLabel('退回理由').fill('需补充调查询问笔录')
  await submitDialog(page, back, 'back')
  await page.locator('.el-card__header .el-tag').getByText('调查取证', { exact: true }).waitFor()

  // A second step back without a reason: the server refuses and says so in Chinese.
  await page.locator('[data-test=act-back]').click()
  await choose(page, back, '退回至', '程序启动')
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${id}/stages/back`))
  await back.locator('[data-test=back-submit]').click()
  assert.equal((await answered).status(), 400)
  const refusal = back.locator('[data-test=back-refusal]')
  await refusal.waitFor()
  const said = await refusal.innerText()
  assert.match(said, /^请填写：退回理由/)
  assert.match(said, /请求内容有误：/)
  assert.match(await page.locator('.el-message--error').first().innerText(), /请求内容有误/)
  await still(page)
  await shot(page, '33-case-back-refused')
  await back.getByRole('button', { name: '取消' }).click()

  // The end of the enforcement, now.
  await page.locator('[data-test=act-end]').click()
  const end = dialog(page, '结束执法')
  await still(page)
  await shot(page, '34-case-end-dialog')
  await submitDialog(page, end, 'end')
  await shows(page, '[data-test=ended-at]', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  assert.equal(await page.locator('[data-test=act-end]').count(), 0)

  // Long-term keeping, for a party's complaint about the on-site work (R14.1).
  await page.locator('[data-test=long-term-add]').click()
  const keep = dialog(page, '申请长期保存')
  await keep.getByLabel('理由').fill('当事人对现场执法提出投诉')
  await submitDialog(page, keep, 'long-term')
  await page.locator('.el-card__header').getByText('长期保存', { exact: true }).waitFor()

  const detail = await officer.get(`/api/cases/${id}`)
  assert.equal(detail.case.stage, 'investigation')
  assert.equal(detail.case.classification, 'internal')
  const steps = detail.stages.history.filter((h) => h.backward)
  assert.deepEqual(
    steps.map((h) => [h.from, h.to, h.reason]),
    [['decision', 'investigation', '需补充调查询问笔录']],
  )
  assert.ok(detail.case.ended_at, 'the end of the enforcement is stored')
  assert.equal(new Date(detail.case.onsite_start_at).toISOString(), '2026-12-01T01:00:00.000Z')
  assert.equal(new Date(detail.case.onsite_end_at).toISOString(), '2026-12-01T03:30:00.000Z')
  assert.equal(detail.retention.long_term, true)
  assert.equal(detail.retention.history.at(-1).trigger, 'R14.1')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

const COPY_FLOW =
  "a party's copy is requested, approved by the principal leader, " +
  'produced, downloaded and delivered'
test(COPY_FLOW, async () => {
  const partyName = '乌海市星辰文化传播有限公司'
  const { id, officer } = await openCase(
    '乌教罚〔2026〕972号',
    '浏览器测试：复制申请',
    [],
    [{ type: 'organisation', name: partyName }],
  )
  await officer.post(`/api/cases/${id}/text-records`, {
    stage: 'start',
    doc_type: 'filing_approval',
    title: '立案审批表',
    fields: { party: partyName },
  })

  // Who does not handle copies sees neither the case's buttons nor the request form.
  const leaderPage = await newPage(browser)
  await signIn(leaderPage, 'principal_leader')
  await leaderPage.goto(`${BASE}/cases/${id}`)
  await leaderPage.locator('[data-test=retention-panel]').waitFor()
  assert.equal(await leaderPage.locator('[data-test=case-actions]').count(), 0)
  assert.equal(await leaderPage.locator('[data-test=copy-add]').count(), 0)
  await leaderPage.context().close()

  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(`${BASE}/cases/${id}`)
  await page.locator('[data-test=copy-add]').click()
  const request = dialog(page, '登记复制申请')
  assert.equal((await request.locator('[data-test=copy-party]').innerText()).trim(), partyName)
  await request.getByLabel('用途').fill('申请行政复议')
  await still(page)
  await shot(page, '35-case-copy-request')
  await submitDialog(page, request, 'copy')
  const rows = (await officer.get(`/api/cases/${id}/copy-requests`)).copy_requests
  assert.deepEqual(
    rows.map((r) => [r.party, r.purpose, r.all, r.state]),
    [[partyName, '申请行政复议', true, 'requested']],
  )
  const rid = rows[0].id
  await page.locator(`[data-test=copy-state-${rid}]`).getByText('待审批').waitFor()
  assert.equal(
    await page.locator(`[data-test=copy-produce-${rid}]`).count(),
    0,
    'nothing to produce before approval',
  )

  // The principal leader approves; the officer produces the copy and downloads it.
  await (
    await apiAs('principal_leader')
  ).post(`/api/copy-requests/${rid}/decide`, { approve: true, note: '同意复制' })
  await page.reload()
  await page.locator(`[data-test=copy-produce-${rid}]`).click()
  await page.locator(`[data-test=copy-state-${rid}]`).getByText('已制作').waitFor()
  const link = page.locator(`[data-test=copy-download-${rid}]`)
  const zip = await page.request.get(BASE + (await link.getAttribute('href')))
  assert.equal(zip.status(), 200)
  assert.equal((await zip.body()).subarray(0, 2).toString(), 'PK')

  await page.locator(`[data-test=copy-deliver-${rid}]`).click()
  const deliver = dialog(page, '交付')
  assert.equal(await deliver.getByLabel('领取人').inputValue(), partyName)
  await deliver.getByLabel('领取人').fill('张敏（受托人）')
  await submitDialog(page, deliver, 'deliver')
  await page.locator(`[data-test=copy-state-${rid}]`).getByText('已交付').waitFor()
  await still(page)
  await shot(page, '36-case-copy-delivered')

  const done = await officer.get(`/api/copy-requests/${rid}`)
  assert.equal(done.state, 'delivered')
  assert.equal(done.received_by, '张敏（受托人）')
  assert.deepEqual(
    done.manifest.included.map((e) => e.title),
    ['立案审批表'],
  )
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the security administrator adds a section, edits a person and deactivates them, who then cannot sign in', async () => {
  const person = 'qian.hao'
  const password = 'Qian#Hao2026x'
  const sec = await apiAs('secadmin')
  await sec.post('/api/people', { id: person, name: '钱浩', section: 'zhzf' })
  await sec.post(`/api/people/${person}/roles`, { role: 'officer' })
  await sec.post(`/api/accounts/${person}/password`, { password })
  await new Client(BASE).login(person, password)

  const page = await newPage(browser)
  await signIn(page, 'secadmin')
  await page.locator('.layout-menu').getByText('账号与角色', { exact: true }).click()
  await page.locator('.el-table__row').first().waitFor()

  // A new section.
  await page.locator('[data-test=add-section]').click()
  const section = dialog(page, '新增科室')
  await section.getByLabel('科室代码').fill('fzk')
  await section.getByLabel('科室名称').fill('法制科')
  await still(page)
  await shot(page, '37-section-dialog')
  await submitDialog(page, section, 'section')
  await page.locator('[data-test=section-fzk]').getByText('法制科（fzk）').waitFor()

  // The person moves to it, with an enforcement certificate.
  await page.locator(`[data-test="edit-${person}"]`).click()
  const edit = dialog(page, '编辑 · 钱浩')
  assert.equal(await edit.getByLabel('账号').isDisabled(), true)
  await choose(page, edit, '科室', '法制科')
  await edit.getByLabel('执法证号').fill('15030099')
  await edit.getByLabel('执法证有效期至').fill('2029-06-30')
  await still(page)
  await shot(page, '38-person-edit')
  await submitDialog(page, edit, 'person')
  await page.locator('.el-table__row', { hasText: person }).getByText('15030099').waitFor()

  // Deactivated after a confirmation.
  await page.locator(`[data-test="active-${person}"]`).click()
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/people/${person}/active`))
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  assert.equal((await answered).status(), 200)
  await page.locator(`[data-test="state-${person}"]`).getByText('已停用').waitFor()
  await still(page)
  await shot(page, '39-person-deactivated')

  const stored = await sec.get(`/api/people/${person}`)
  assert.deepEqual(
    [stored.section, stored.cert_no, stored.cert_valid_until, stored.active],
    ['fzk', '15030099', '2029-06-30', false],
  )
  assert.ok(
    (await sec.get('/api/sections')).sections.some((s) => s.code === 'fzk' && s.name === '法制科'),
  )

  // The deactivated person is turned away at the sign-in page, in Chinese.
  const login = await newPage(browser)
  await login.goto(BASE + '/login')
  await login.getByLabel('用户名').fill(person)
  await login.getByLabel('密码', { exact: true }).fill(password)
  const refused = login.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
  await login.getByRole('button', { name: '登录' }).click()
  assert.ok((await refused).status() >= 400)
  assert.match(await login.locator('.login-error').innerText(), /[\u4e00-\u9fff]/)
  assert.ok(new URL(login.url()).pathname.startsWith('/login'))
  await login.context().close()
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the cases list filters by deadline state and tags an overdue upload (R12.1)', async () => {
  // A recording of the demo officer that ended thirty hours ago and was never uploaded.
  const { id, officer } = await openCase('乌教罚〔2026〕981号', '浏览器测试：录像逾期未上传', [
    'investigation',
  ])
  const hour = 3600 * 1000
  const av = await officer.post('/api/av-records', {
    device: 'DSJ-ZF-001',
    start: new Date(Date.now() - 31 * hour).toISOString(),
    end: new Date(Date.now() - 30 * hour).toISOString(),
  })
  await officer.post(`/api/av-records/${av.id}/assign`, { case_id: id, stage: 'investigation' })
  const expected = await officer.get('/api/cases?deadline=overdue&limit=100')
  assert.ok(
    expected.cases.some((k) => k.id === id),
    'the API lists the case as overdue',
  )

  const page = await newPage(browser)
  await signIn(page, 'officer')
  await page.goto(BASE + '/cases')
  await page.locator('.el-table__row').first().waitFor()
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/cases?') && r.url().includes('deadline=overdue'),
  )
  await page.getByRole('combobox', { name: '期限状态' }).click({ force: true })
  await page.getByRole('option', { name: '已逾期', exact: true }).click()
  await answered
  await page.waitForFunction(
    (n) => document.querySelectorAll('.el-table__row').length === n,
    Math.min(expected.total, 20),
  )
  const tag = page.locator('[data-test="deadline-乌教罚〔2026〕981号"]')
  assert.equal((await tag.textContent()).trim(), '已逾期')
  const tags = await page.locator('.el-table__row [data-test^=deadline-]').allTextContents()
  assert.ok(
    tags.every((t) => t.trim() === '已逾期'),
    tags.join(' '),
  )
  await still(page)
  await shot(page, '41-cases-overdue')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test(
  'the archivist proposes long-term keeping and a shorter period; ' +
    'the principal leader approves one and refuses the other',
  async () => {
    const { id } = await openCase('乌教罚〔2026〕982号', '浏览器测试：保管期限申请', [
      'investigation',
    ])
    const page = await newPage(browser)
    await signIn(page, 'archivist')
    await page.goto(`${BASE}/cases/${id}`)

    // Long-term keeping under R14.4, then a shorter class: each a proposal, nothing changed yet.
    const propose = dialog(page, '保管期限申请')
    await page.locator('[data-test=retention-propose]').click()
    await propose.waitFor()
    await still(page)
    await propose.getByLabel('理由').fill('当事人多次信访，需长期保存')
    await still(page)
    await shot(page, '42-retention-proposal-dialog')
    await submitDialog(page, propose, 'retention-proposal')
    await page.locator('[data-test=retention-proposals] .el-table__row').first().waitFor()
    await page.locator('[data-test=retention-propose]').click()
    await propose.waitFor()
    await still(page)
    await propose.getByRole('radio', { name: '缩短保管期限' }).check({ force: true })
    assert.equal(await propose.getByRole('radio', { name: '缩短保管期限' }).isChecked(), true)
    await propose.getByLabel('理由').fill('鉴定后确认保存十年即可')
    await submitDialog(page, propose, 'retention-proposal')
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-test=retention-proposals] .el-table__row').length === 2,
    )
    const archivist = await apiAs('archivist')
    const before = (await archivist.get(`/api/cases/${id}`)).retention
    assert.deepEqual([before.long_term, before.retention], [false, '30y'])
    const [shorten, keep] = before.proposals
    assert.deepEqual([keep.kind, keep.trigger, keep.state], ['long_term', 'R14.4', 'proposed'])
    assert.deepEqual([shorten.kind, shorten.to, shorten.state], ['shorten', '10y', 'proposed'])
    assert.deepEqual(page.problems, [])
    await page.context().close()

    // The principal leader finds both on the approvals page.
    const leader = await newPage(browser)
    await signIn(leader, 'principal_leader')
    await leader.locator('.layout-menu').getByText('审批', { exact: true }).click()
    await leader.locator(`[data-test=approve-retention-${keep.id}]`).click()
    await leader.locator(`[data-test=approve-retention-${keep.id}]`).waitFor({ state: 'detached' })
    await leader
      .locator('[data-test=retention-approvals]')
      .getByLabel('意见')
      .fill('保存价值仍在，不予缩短')
    await leader.locator(`[data-test=refuse-retention-${shorten.id}]`).click()
    await leader
      .locator(`[data-test=refuse-retention-${shorten.id}]`)
      .waitFor({ state: 'detached' })
    await still(leader)
    await shot(leader, '43-retention-decided')
    const after = (await archivist.get(`/api/cases/${id}`)).retention
    assert.deepEqual([after.long_term, after.retention], [true, '30y'])
    const states = Object.fromEntries(after.proposals.map((p) => [p.kind, [p.state, p.decision]]))
    assert.deepEqual(states, {
      long_term: ['approved', '同意'],
      shorten: ['refused', '保存价值仍在，不予缩短'],
    })
    assert.equal(after.history[0].approved_by, account('principal_leader').id)
    assert.deepEqual(leader.problems, [])
    await leader.context().close()
  },
)
