// Every role's screens at the office size (1366×768), a laptop (1280×720) and a full-HD screen
// (1920×1080): no sideways scrolling, the left menu and the top bar (name and roles) in view, table
// headers on one line and not cut; dialogs inside a laptop screen; axe-core's rules on names,
// labels, ARIA and ids; and the cases list reached and a case opened with the keyboard alone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'
import { BASE, launch, newPage, signIn, shot, account } from './lib/browser.mjs'

const require = createRequire(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/package.json'),
)
const AXE = require.resolve('axe-core/axe.min.js')

const SIZES = [
  [1366, 768],
  [1280, 720],
  [1920, 1080],
]

// The screens each role reaches from its menu; `case` is the first case of its list.
const SCREENS = {
  officer: ['workbench', 'cases', 'case', 'upload', 'devices'],
  archivist: ['workbench', 'cases', 'case', 'upload', 'devices', 'compliance'],
  section_head: ['workbench', 'cases', 'case', 'devices', 'compliance'],
  legal_reviewer: ['workbench', 'cases', 'case'],
  principal_leader: ['workbench', 'cases', 'case', 'approvals', 'compliance'],
  sysadmin: ['devices', 'system'],
  secadmin: ['accounts'],
  auditor: ['compliance', 'ledger'],
}

// The axe-core rules a screen must pass: names of form fields, buttons, links and images, valid
// ARIA, ids referenced by ARIA being unique, and all content inside the menu, top bar and main
// landmarks, text contrast of 4.5:1 (WCAG 2.1 AA, with the palette of style.css), one top
// heading and no skipped heading level, and a name on every table column. Every other WCAG A/AA
// and best-practice finding is printed but not enforced.
const ENFORCED = [
  'color-contrast',
  'page-has-heading-one',
  'heading-order',
  'empty-table-header',
  'label',
  'select-name',
  'input-button-name',
  'button-name',
  'link-name',
  'image-alt',
  'input-image-alt',
  'svg-img-alt',
  'role-img-alt',
  'area-alt',
  'object-alt',
  'frame-title',
  'aria-allowed-attr',
  'aria-required-attr',
  'aria-valid-attr',
  'aria-valid-attr-value',
  'aria-roles',
  'aria-allowed-role',
  'aria-deprecated-role',
  'aria-prohibited-attr',
  'aria-required-children',
  'aria-required-parent',
  'aria-hidden-body',
  'aria-hidden-focus',
  'aria-input-field-name',
  'aria-toggle-field-name',
  'aria-command-name',
  'aria-progressbar-name',
  'aria-meter-name',
  'aria-tooltip-name',
  'aria-dialog-name',
  'aria-text',
  'aria-treeitem-name',
  'duplicate-id-aria',
  'html-has-lang',
  'html-lang-valid',
  'document-title',
  'region',
  'landmark-one-main',
  'landmark-unique',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-main',
]
const REPORTED = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// The screen has loaded: no request in flight, no loading mask, no animation running.
async function settled(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(
    () =>
      !document.querySelector('.el-loading-mask') &&
      document.getAnimations().every((a) => a.playState !== 'running'),
    null,
    { timeout: 5000 },
  )
}

// Path of the first case this person's list shows (with the list's filters in `query`), or null
// when the list is empty.
async function firstCase(page, query = '') {
  return page.evaluate(async (query) => {
    const res = await fetch('/api/cases?limit=1&offset=0' + query, {
      headers: { Accept: 'application/json' },
    })
    const data = await res.json()
    return data.cases?.length ? '/cases/' + data.cases[0].id : null
  }, query)
}

// What is wrong with the layout as it stands, each problem a line naming the element.
async function layoutProblems(page, name) {
  return page.evaluate((name) => {
    const out = []
    const vw = window.innerWidth
    const vh = window.innerHeight
    const doc = document.documentElement
    if (doc.scrollWidth > doc.clientWidth)
      out.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`)

    // The layout scrolls inside its main area, so that area must not scroll sideways either.
    for (const sel of ['.el-main', '.el-header']) {
      const el = document.querySelector(sel)
      if (el && el.scrollWidth > el.clientWidth + 1)
        out.push(`${sel} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`)
    }

    const inView = (el) => {
      if (!el) return false
      const r = el.getBoundingClientRect()
      return (
        r.width > 0 &&
        r.height > 0 &&
        r.left >= 0 &&
        r.top >= 0 &&
        r.right <= vw + 0.5 &&
        r.bottom <= vh + 0.5
      )
    }
    const items = [...document.querySelectorAll('.layout-menu .el-menu-item')]
    if (!items.length) out.push('no left menu')
    for (const it of items)
      if (!inView(it)) out.push(`menu item "${it.textContent.trim()}" out of view`)
    const user = document.querySelector('.header .user-name')
    if (!inView(user) || !user.textContent.trim()) out.push('the user name is not in view')
    const tags = [...document.querySelectorAll('.header .role-tag')]
    if (!tags.length) out.push('no role in the top bar')
    for (const tag of tags)
      if (!inView(tag)) out.push(`role "${tag.textContent.trim()}" out of view`)
    const header = document.querySelector('.header')
    for (const el of header ? header.querySelectorAll('.title, .who > *') : []) {
      const r = el.getBoundingClientRect()
      const h = header.getBoundingClientRect()
      if (r.top < h.top || r.bottom > h.bottom)
        out.push(`"${el.textContent.trim()}" spills out of the top bar`)
    }
    const title = header?.querySelector('.title')?.getBoundingClientRect()
    const who = header?.querySelector('.who')?.getBoundingClientRect()
    if (title && who && title.right > who.left) out.push('the title runs into the user and roles')

    // Table headers: the text fits its cell, on one line.
    for (const cell of document.querySelectorAll('.el-main .el-table__header th .cell')) {
      if (!cell.offsetParent || !cell.textContent.trim()) continue
      const line = parseFloat(getComputedStyle(cell).lineHeight) || 23
      const text = cell.textContent.trim()
      if (cell.scrollWidth > cell.clientWidth + 1) out.push(`table header "${text}" is cut off`)
      else if (cell.scrollHeight > line * 1.5)
        out.push(`table header "${text}" wraps onto ${Math.round(cell.scrollHeight / line)} lines`)
    }

    // Table bodies: no sideways scrolling inside the table, no cell content clipped.
    for (const wrap of document.querySelectorAll(
      '.el-main .el-table__body-wrapper .el-scrollbar__wrap',
    )) {
      if (wrap.offsetParent && wrap.scrollWidth > wrap.clientWidth + 1)
        out.push(`a table scrolls sideways: ${wrap.scrollWidth} > ${wrap.clientWidth}`)
    }
    for (const cell of document.querySelectorAll('.el-main .el-table__body td .cell')) {
      if (cell.offsetParent && cell.scrollWidth > cell.clientWidth + 1)
        out.push(`table cell "${cell.textContent.trim().slice(0, 30)}" is cut off`)
    }

    // Charts fill their card at every window width: one drawn for a wider window is clipped by
    // the card, one drawn for a narrower window leaves a gap.
    for (const canvas of document.querySelectorAll('.el-main .el-card__body canvas')) {
      const body = canvas.closest('.el-card__body')
      const inner =
        body.getBoundingClientRect().right - parseFloat(getComputedStyle(body).paddingRight)
      const right = canvas.getBoundingClientRect().right
      if (Math.abs(right - inner) > 2)
        out.push(`a chart ends at ${Math.round(right)}, its card at ${Math.round(inner)}`)
    }
    return out.map((p) => `${name}: ${p}`)
  }, name)
}

// Findings of axe-core on the page as it is: violations of the enforced rules, and the rest.
async function axeFindings(page, name) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE })
  const results = await page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    [...REPORTED],
  )
  const enforced = []
  const reported = []
  for (const v of results.violations) {
    const where = v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')
    const line = `${name}: ${v.id} ×${v.nodes.length} (${where})`
    ;(ENFORCED.includes(v.id) ? enforced : reported).push(line)
  }
  return { enforced, reported }
}

// The rules enforced here exist in the axe-core installed, so a renamed rule is not skipped quietly.
// A tag of a component the app does not register renders as an unknown element, silently in a
// production build: its text shows, its behaviour does not.
test('every Element Plus tag in the sources is a component the app registers', async () => {
  const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src')
  const used = new Set()
  for (const file of readdirSync(web, { recursive: true }).filter((f) => f.endsWith('.vue'))) {
    for (const [, tag] of readFileSync(path.join(web, file), 'utf8').matchAll(/<(el-[a-z-]+)/g)) {
      used.add(tag.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase()))
    }
  }
  assert.ok(used.has('ElRadioGroup') && used.has('ElTableColumn'), [...used].join(' '))
  const page = await newPage(browser)
  await page.goto(BASE + '/')
  const registered = await page.evaluate(() =>
    Object.keys(document.querySelector('#app').__vue_app__._context.components),
  )
  assert.deepEqual(
    [...used].filter((c) => !registered.includes(c)),
    [],
  )
  await page.context().close()
})

test('the enforced accessibility rules are known to axe-core', async () => {
  const page = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.addScriptTag({ path: AXE })
  const known = await page.evaluate(() => window.axe.getRules().map((r) => r.ruleId))
  assert.deepEqual(
    ENFORCED.filter((r) => !known.includes(r)),
    [],
  )
  const login = await axeFindings(page, 'login')
  for (const line of login.reported) console.log(`axe (not enforced) ${line}`)
  assert.deepEqual(login.enforced, [])
  await page.context().close()
})

for (const [role, screens] of Object.entries(SCREENS)) {
  test(`${role}: each screen fits 1366×768, 1280×720 and 1920×1080 and passes the enforced axe rules`, async () => {
    const page = await newPage(browser)
    await signIn(page, role)
    const problems = []
    let checked = 0
    for (const screen of screens) {
      const target = screen === 'case' ? await firstCase(page) : '/' + screen
      if (!target) {
        problems.push(`${role}: no case in the list to open`)
        continue
      }

      // The screen opened at each size.
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h })
        await page.goto(BASE + target)
        await settled(page)
        assert.equal(new URL(page.url()).pathname, target, `${role} reaches ${target}`)
        problems.push(...(await layoutProblems(page, `${role} ${screen} ${w}×${h}`)))
        await shot(page, `layout-${w}x${h}-${role}-${screen}`)
        checked++
      }

      // The window made narrower with the screen open: tables and charts follow it.
      await page.setViewportSize({ width: 1280, height: 720 })
      await page
        .waitForFunction(
          () =>
            [
              ...document.querySelectorAll('.el-main .el-table__body-wrapper .el-scrollbar__wrap'),
            ].every((w) => w.scrollWidth <= w.clientWidth + 1) &&
            [...document.querySelectorAll('.el-main .el-card__body canvas')].every((c) => {
              const body = c.closest('.el-card__body')
              const inner =
                body.getBoundingClientRect().right - parseFloat(getComputedStyle(body).paddingRight)
              return Math.abs(c.getBoundingClientRect().right - inner) <= 2
            }),
          null,
          { timeout: 2000 },
        )
        .catch(() => null)
      problems.push(
        ...(await layoutProblems(page, `${role} ${screen} 1920×1080 narrowed to 1280×720`)),
      )

      await page.setViewportSize({ width: 1366, height: 768 })
      await settled(page)
      const axe = await axeFindings(page, `${role} ${screen}`)
      problems.push(...axe.enforced)
      for (const line of axe.reported) console.log(`axe (not enforced) ${line}`)
    }
    console.log(`${role}: ${checked} screen sizes checked`)
    assert.deepEqual(problems, [])
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}

// The same screens in English, whose words run longer than Chinese, at the office size and a
// laptop's: the layout holds, and the menu, tabs, buttons, form labels and table headers are all
// translated (no Chinese characters in them; the bureau's own data stays as it was entered).
async function untranslated(page, name) {
  return page.evaluate((name) => {
    const cjk = /[\u3400-\u9fff]/
    const out = []
    const chrome =
      '.layout-menu .el-menu-item, .el-tabs__item, .el-main .el-button, ' +
      '.el-main .el-form-item__label, .el-main .el-table__header th .cell, ' +
      '.header .title, .header .role-tag'
    for (const el of document.querySelectorAll(chrome)) {
      if (!el.offsetParent || el.closest('[data-bureau-text]')) continue
      const text = el.textContent.trim()
      if (cjk.test(text)) out.push(`${name}: "${text.slice(0, 40)}" is not translated`)
    }
    return out
  }, name)
}

for (const [role, screens] of Object.entries(SCREENS)) {
  test(`${role}: each screen in English fits 1366×768 and 1280×720 with its labels translated`, async () => {
    const page = await newPage(browser)
    await signIn(page, role)
    await page.evaluate(() => localStorage.setItem('fr-locale', 'en'))
    const problems = []
    for (const screen of screens) {
      const target = screen === 'case' ? await firstCase(page) : '/' + screen
      if (!target) {
        problems.push(`${role}: no case in the list to open`)
        continue
      }
      for (const [w, h] of SIZES.slice(0, 2)) {
        await page.setViewportSize({ width: w, height: h })
        await page.goto(BASE + target)
        await settled(page)
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
        problems.push(...(await layoutProblems(page, `${role} ${screen} en ${w}×${h}`)))
        problems.push(...(await untranslated(page, `${role} ${screen} en ${w}×${h}`)))
        await shot(page, `layout-en-${w}x${h}-${role}-${screen}`)
      }
    }
    assert.deepEqual(problems, [])
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}

// A dialog is wholly on screen at 1280×720: its footer buttons can be reached without scrolling.
const DIALOGS = [
  { role: 'officer', screen: '/cases', opener: '[data-test=open-case]', name: 'case-open' },
  {
    role: 'sysadmin',
    screen: '/devices',
    opener: '[data-test=register-device]',
    name: 'device-register',
  },
  { role: 'secadmin', screen: '/accounts', opener: '[data-test=add-person]', name: 'person' },
  { role: 'secadmin', screen: '/accounts', opener: '[data-test=add-section]', name: 'section' },
]
for (const d of DIALOGS) {
  test(`the ${d.name} dialog fits a 1280×720 screen and passes the enforced axe rules`, async () => {
    const page = await newPage(browser)
    await page.setViewportSize({ width: 1280, height: 720 })
    await signIn(page, d.role)
    await page.goto(BASE + d.screen)
    await settled(page)
    await page.locator(d.opener).click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await settled(page)
    const box = await dialog.boundingBox()
    assert.ok(
      box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 720,
      `the dialog at ${JSON.stringify(box)} is not inside 1280×720`,
    )
    const footer = await dialog.locator('.el-dialog__footer').boundingBox()
    assert.ok(footer && footer.y + footer.height <= 720, 'the dialog footer is below the screen')
    const axe = await axeFindings(page, `${d.name} dialog`)
    for (const line of axe.reported) console.log(`axe (not enforced) ${line}`)
    assert.deepEqual(axe.enforced, [])
    await shot(page, `layout-1280x720-dialog-${d.name}`)
    await page.context().close()
  })
}

// The dialogs of the officer's case page, each opened from its button, checked as above and closed.
// The case is one under investigation, so it has a stage to go back to. The copy and long-term
// buttons depend on the case's stage and are checked when shown.
const CASE_DIALOGS = [
  'act-party',
  'act-officer',
  'act-text',
  'act-onsite',
  'act-classification',
  'act-back',
]
const CASE_DIALOGS_WHEN_SHOWN = [
  'act-end',
  'copy-add',
  'long-term-add',
  'retention-propose',
  'disposal-add',
]
test('the case page dialogs fit a 1280×720 screen and pass the enforced axe rules', async () => {
  const page = await newPage(browser)
  await page.setViewportSize({ width: 1280, height: 720 })
  await signIn(page, 'officer')
  await page.goto(BASE + (await firstCase(page, '&stage=investigation')))
  await settled(page)
  const problems = []
  let opened = 0
  for (const opener of [...CASE_DIALOGS, ...CASE_DIALOGS_WHEN_SHOWN]) {
    const button = page.locator(`[data-test=${opener}]`)
    if (!(await button.isVisible())) {
      if (CASE_DIALOGS.includes(opener)) problems.push(`${opener}: no such button on the case page`)
      continue
    }
    await button.click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await settled(page)
    const box = await dialog.boundingBox()
    if (!(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 720)) {
      problems.push(`${opener}: the dialog at ${JSON.stringify(box)} is not inside 1280×720`)
    }
    const axe = await axeFindings(page, `${opener} dialog`)
    problems.push(...axe.enforced)
    for (const line of axe.reported) console.log(`axe (not enforced) ${line}`)
    await shot(page, `layout-1280x720-dialog-case-${opener}`)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    opened++
  }
  console.log(`case page: ${opened} dialogs checked`)
  assert.deepEqual(problems, [])
  await page.context().close()
})

// The element with focus, described, and whether a focus indicator is drawn for it: an outline,
// or the ring Element Plus draws on the wrapper of a focused input or select.
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return { tag: 'body', visible: false }
    const ring = (e) => {
      if (!e) return false
      const s = getComputedStyle(e)
      return (
        (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
        (s.boxShadow && s.boxShadow !== 'none')
      )
    }
    const wrapper = el.closest('.el-input__wrapper, .el-select__wrapper, .el-textarea__inner')
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40),
      href: el.getAttribute('href') || '',
      id: el.id,
      menu: el.closest('.el-menu-item')?.textContent.trim() || '',
      visible: ring(el) || ring(wrapper),
    }
  })
}

// Presses Tab until the focused element matches, at most `limit` times; each stop must show focus.
async function tabTo(page, wanted, what, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    assert.ok(f.visible, `no visible focus on ${JSON.stringify(f)} while tabbing to ${what}`)
    if (wanted(f)) return f
  }
  assert.fail(`${what} not reached after ${limit} presses of Tab`)
}

test('with the keyboard alone an officer signs in, reaches the cases list and opens a case', async () => {
  const { id, password } = account('officer')
  const page = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.getByLabel('密码', { exact: true }).waitFor()

  await tabTo(page, (f) => f.id === 'login-person', 'the user name field')
  await page.keyboard.type(id)
  await tabTo(page, (f) => f.id === 'login-password', 'the password field', 5)
  await page.keyboard.type(password)
  await page.keyboard.press('Enter')
  await page.locator('.layout-menu').waitFor()
  await settled(page)

  await tabTo(page, (f) => f.menu === '案件', 'the cases menu item')
  await shot(page, 'layout-keyboard-menu-focus')
  await page.keyboard.press('Enter')
  await page.waitForURL('**/cases')
  await settled(page)

  const link = await tabTo(
    page,
    (f) => f.tag === 'a' && /^\/cases\/./.test(f.href),
    'the first case link',
  )
  await shot(page, 'layout-keyboard-case-focus')
  await page.keyboard.press('Enter')
  await page.waitForURL('**' + link.href)
  await settled(page)
  assert.match(
    await page.locator('.el-main').innerText(),
    new RegExp(link.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  )
  await shot(page, 'layout-keyboard-case-opened')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
