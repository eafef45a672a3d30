// Issue 9 (the integrator's look at a fresh clone) and issue 10 item 4: at 360 px a visitor's header showed five
// views in a strip that scrolled sideways and cut the fourth label. Now the header turns compact when its views do
// not fit: one button opens them as a list, every label whole, nothing wider than the screen, in both languages; at
// 1280 px (or with few views) they stay in one row. The route table titles every page. The table builder
// (web/src/ui/table.ts) on the casualty list and the administrator's lists: headers with scope, sortable columns whose
// order survives live updates, 48 px rows. axe-core (WCAG 2 A/AA) on each state; screenshots under /tmp
// (gh-header-shots) at 360 and 1280 px in uk and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { signIn, seedDemo, pastGate, e2eSuite, axe } from './harness.ts';
import { uuidv7 } from '../../src/core/index.ts';
import { TABLES } from '../src/i18n.ts';
import { st } from '../src/shell-i18n.ts';

const env = e2eSuite({
  prepare: async () => {
    mkdirSync(SHOTS, { recursive: true });
    await seedDemo(env.server);
    // Three casualties the dispatcher's list shows: rosters out of order, one urgent by its 9-line.
    for (const [roster, min, nine] of [['KV-20', 40, false], ['AB-3', 10, true], ['MZ-7', 25, false]] as const) {
      const id = uuidv7();
      const at = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
      await env.server.api('/api/casualties', { body: { id, injuredAt: at(min), battleRoster: roster, position: { lat: 48.59, lon: 37.9 } } });
      if (nine) await env.server.api(`/api/casualties/${id}/events`, { body: { events: [{ type: 'evac.requested', at: at(min - 2),
        payload: { nineLine: { location: { lat: 48.59, lon: 37.9 }, callSign: 'DUSTOFF 21', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } }] } });
    }
  },
});
const SHOTS = join(tmpdir(), 'gh-header-shots');
type Lang = 'uk' | 'en';
/** A visitor's views and their names, from the string tables the app uses. */
const GUEST = ['field', 'console', 'facility', 'list', 'accounting', 'settings'] as const;
const label = (lang: Lang, v: (typeof GUEST)[number]): string =>
  v === 'list' ? st.tables[lang]['nav.list'] : TABLES[lang][`nav.${v}`];

async function open(lang: Lang, width: 360 | 1280): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width, height: width === 360 ? 740 : 860 }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB',
    hasTouch: width === 360, isMobile: width === 360, bypassCSP: true, serviceWorkers: 'block' });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  const page = await ctx.newPage();
  await page.goto('/#/field');
  await pastGate(page); // the app stores nothing before a PIN (issue 17)
  await page.waitForSelector('#views [data-nav="field"]', { state: 'attached' });
  await page.waitForSelector('#new-casualty');
  return { ctx, page };
}

/** Nothing in the header scrolls or spills sideways, and the page is no wider than the screen. */
async function noSidewaysOverflow(page: Page, what: string): Promise<void> {
  const r = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    spills: [...document.querySelectorAll<HTMLElement>('header, header *')]
      .filter((el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1) // 1 px: a screen-reader-only label
      .map((el) => `${el.tagName}#${el.id}.${el.className} ${el.scrollWidth}>${el.clientWidth}`),
  }));
  assert.equal(r.page, 0, `${what}: the page is wider than the screen`);
  assert.deepEqual(r.spills, [], `${what}: header elements wider than their box (a strip that scrolls sideways)`);
}

/** Each offered view's link: shown, inside the screen, its whole label readable, at least 48 px both ways. */
async function viewLinks(page: Page): Promise<{ nav: string; text: string; fits: boolean; visible: boolean; left: number; right: number; w: number; h: number }[]> {
  return page.$$eval('#views [data-nav]', (els) => els.map((el) => {
    const b = el.getBoundingClientRect();
    const clipped = [el, ...el.querySelectorAll('*')].some((x) => x.scrollWidth > x.clientWidth + 1 && getComputedStyle(x).position !== 'absolute');
    return { nav: (el as HTMLElement).dataset.nav ?? '', text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), fits: !clipped,
      visible: el.checkVisibility({ visibilityProperty: true }), left: b.left, right: b.right, w: b.width, h: b.height };
  }));
}

for (const lang of ['uk', 'en'] as const) {
  test(`a visitor at 360 px (${lang}): every view is reachable from a compact header without sideways scrolling`, async () => {
    const { ctx, page } = await open(lang, 360);
    try {
      await noSidewaysOverflow(page, `360 px ${lang}, menu closed`);
      const menu = page.locator('#menu');
      assert.ok(await menu.isVisible(), 'the compact header offers a menu button');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.match(await menu.innerText(), new RegExp(label(lang, 'field')), 'the button names the view open now');
      await page.screenshot({ path: join(SHOTS, `visitor-360-${lang}-closed.png`) });
      await axe(page, `360 px ${lang} menu closed`);

      await menu.tap();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      const links = await viewLinks(page);
      assert.deepEqual(links.map((l) => l.nav), [...GUEST]);
      for (const l of links) {
        assert.ok(l.visible, `${l.nav} is shown`);
        assert.ok(l.left >= 0 && l.right <= 360, `${l.nav} lies within the screen (${l.left}–${l.right})`);
        assert.ok(l.fits, `${l.nav}: its label is not cut`);
        assert.ok(l.text.includes(label(lang, l.nav as (typeof GUEST)[number])), `${l.nav} reads "${l.text}"`);
        assert.ok(l.w >= 48 && l.h >= 48, `${l.nav} is ${l.w}×${l.h} px`);
      }
      await noSidewaysOverflow(page, `360 px ${lang}, menu open`);
      await page.screenshot({ path: join(SHOTS, `visitor-360-${lang}-open.png`) });
      await axe(page, `360 px ${lang} menu open`);

      // Escape closes it; a view chosen from it opens and the list folds away; the page is titled by the route table.
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await menu.tap();
      await page.locator('#views [data-nav="settings"]').tap();
      await page.waitForFunction(() => location.hash === '#/settings');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the list folds at the tap');
      // The header is rebuilt when the hash change is routed, a task after the hash itself changes.
      await page.waitForFunction((want) => document.querySelector('#menu')?.textContent?.includes(want), label(lang, 'settings'));
      assert.equal(await page.title(), `${label(lang, 'settings')} · ${TABLES[lang]['app.title']}`);
    } finally {
      await ctx.close();
    }
  });

  test(`at 1280 px (${lang}) the views stay in one row, each label whole; a medic's two views fit a phone`, async () => {
    const { ctx, page } = await open(lang, 1280);
    try {
      assert.ok(!(await page.locator('#menu').isVisible()), 'no menu button when the views fit');
      const links = await viewLinks(page);
      assert.deepEqual(links.map((l) => l.nav), [...GUEST]);
      for (const l of links) assert.ok(l.visible && l.fits && l.h >= 48 && l.w >= 48, `${l.nav}: ${JSON.stringify(l)}`);
      for (const l of links.filter((x) => x.nav !== 'settings')) assert.equal(l.text, label(lang, l.nav as (typeof GUEST)[number]));
      await noSidewaysOverflow(page, `1280 px ${lang}`);
      await page.screenshot({ path: join(SHOTS, `visitor-1280-${lang}.png`) });
      await axe(page, `1280 px ${lang}`);
    } finally {
      await ctx.close();
    }
    const phone = await open(lang, 360);
    try {
      await signIn(phone.page, 'medic');
      await phone.page.waitForSelector('#new-casualty');
      assert.ok(!(await phone.page.locator('#menu').isVisible()), 'a medic\'s field and settings fit in one row');
      const links = await viewLinks(phone.page);
      assert.deepEqual(links.map((l) => [l.nav, l.visible, l.fits]), [['field', true, true], ['settings', true, true]]);
      await noSidewaysOverflow(phone.page, `medic 360 px ${lang}`);
      await phone.page.screenshot({ path: join(SHOTS, `medic-360-${lang}.png`) });
      await axe(phone.page, `medic 360 px ${lang}`);
    } finally {
      await phone.ctx.close();
    }
  });
}

const SEEDED = ['AB-3', 'KV-20', 'MZ-7'];
/** The table's column headers and its rows' first cells, as shown. */
const tableOf = (page: Page, id: string): Promise<{ cols: { key: string; sort: string | null; button: boolean }[]; rows: string[]; minRow: number; rowHeaders: number }> =>
  page.$eval(`#${id}`, (el) => ({
    cols: [...el.querySelectorAll<HTMLElement>('thead th')].map((th) => ({ key: th.dataset.col ?? '', sort: th.getAttribute('aria-sort'), button: !!th.querySelector('button') && th.getAttribute('scope') === 'col' })),
    rows: [...el.querySelectorAll<HTMLElement>('tbody tr')].map((tr) => (tr.querySelector('th')?.innerText ?? '').split('\n')[0]!.trim()),
    minRow: Math.min(...[...el.querySelectorAll('tbody tr')].map((tr) => tr.getBoundingClientRect().height)),
    rowHeaders: el.querySelectorAll('tbody th[scope="row"]').length,
  }));

for (const [lang, width] of [['uk', 360], ['en', 1280], ['en', 360], ['uk', 1280]] as const) {
  test(`tables (${lang}, ${width} px): sortable headers, order kept across a live update, 48 px rows`, async () => {
    const { ctx, page } = await open(lang, width);
    try {
      await signIn(page, 'dispatcher');
      await page.goto('/#/list');
      await page.waitForFunction(() => document.querySelectorAll('#casualty-table tbody tr').length >= 3);
      let t = await tableOf(page, 'casualty-table');
      assert.deepEqual(t.cols.map((c) => c.key), ['who', 'prec', 'stage', 'unit', 'facility', 'injured', 'tq']);
      assert.ok(t.cols.every((c) => c.button && c.sort === 'none'), 'every column sorts, none yet');
      assert.equal(t.rows[0], 'AB-3', 'before any sort: the caller\'s order, most urgent first');
      assert.ok(t.minRow >= 48, `rows are ${t.minRow} px high`);
      assert.equal(t.rowHeaders, t.rows.length, 'each row has its header cell');

      const who = page.locator('#casualty-table th[data-col="who"] button');
      await who.click();
      t = await tableOf(page, 'casualty-table');
      assert.equal(t.cols[0]!.sort, 'ascending');
      assert.deepEqual(t.rows.filter((r) => SEEDED.includes(r)), ['AB-3', 'KV-20', 'MZ-7']);
      await who.click();
      t = await tableOf(page, 'casualty-table');
      assert.equal(t.cols[0]!.sort, 'descending');
      assert.deepEqual(t.rows.filter((r) => SEEDED.includes(r)), ['MZ-7', 'KV-20', 'AB-3']);
      assert.equal(await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('data-col')), 'who', 'focus stays on the header');

      // A casualty recorded now arrives by the stream and takes its place in the chosen order.
      const roster = `LL-${width}${lang}`;
      await env.server.api('/api/casualties', { body: { id: uuidv7(), injuredAt: new Date().toISOString(), battleRoster: roster, position: { lat: 48.59, lon: 37.9 } } });
      await page.waitForFunction((r) => [...document.querySelectorAll('#casualty-table tbody th')].some((th) => (th as HTMLElement).innerText.startsWith(r)), roster, { timeout: 60_000 });
      t = await tableOf(page, 'casualty-table');
      assert.equal(t.cols[0]!.sort, 'descending', 'the sort survives the live update');
      const ours = t.rows.filter((r) => /^[A-Z]{2}-/.test(r));
      assert.deepEqual(ours, [...ours].sort(new Intl.Collator(lang === 'uk' ? 'uk-UA' : 'en-GB', { numeric: true }).compare).reverse());
      await noSidewaysOverflow(page, `list ${lang} ${width}`);
      await page.screenshot({ path: join(SHOTS, `list-${width}-${lang}.png`) });
      await axe(page, `casualty list ${lang} ${width}`);

      // The administrator's facilities: the same builder, the name as each row's header, an edit button per row.
      await signIn(page, 'admin');
      await page.goto('/#/admin/facilities');
      await page.waitForSelector('#admin-facilities-list [data-admin-item="r2-kramatorsk"]');
      t = await tableOf(page, 'admin-facilities-list');
      assert.deepEqual(t.cols.map((c) => [c.key, c.button]), [['name', true], ['role', true], ['position', true], ['beds', true], ['surgicalTables', true], ['status', true], ['edit', false]]);
      await page.locator('#admin-facilities-list th[data-col="role"] button').click();
      t = await tableOf(page, 'admin-facilities-list');
      assert.deepEqual(t.rows, ['R1 Druzhkivka', 'R2 Kramatorsk'], 'Role 1 before Role 2');
      assert.ok(t.minRow >= 48);
      await page.screenshot({ path: join(SHOTS, `admin-facilities-${width}-${lang}.png`) });
      await axe(page, `admin facilities ${lang} ${width}`);
    } finally {
      await ctx.close();
    }
  });
}

// A refused sign-in says why in the reader's language (it showed the server's English text), for a wrong password.
for (const [lang, width] of [['uk', 360], ['en', 1280], ['en', 360], ['uk', 1280]] as const) {
  test(`a wrong password (${lang}, ${width} px) is named in the reader's language`, async () => {
    const { ctx, page } = await open(lang, width);
    try {
      await page.goto('/#/login');
      await page.fill('#login-user', 'medic');
      await page.fill('#login-pass', 'not the password at all');
      await page.click('#login-submit');
      const alert = page.locator('form.login [role="alert"]').first();
      await page.waitForFunction(() => [...document.querySelectorAll('[role="alert"]')].some((e) => (e.textContent ?? '') !== ''));
      assert.equal(await alert.textContent(), TABLES[lang]['login.wrong']);
      await page.screenshot({ path: join(SHOTS, `login-wrong-${width}-${lang}.png`) });
      await axe(page, `refused sign-in ${lang} ${width}`);
    } finally {
      await ctx.close();
    }
  });
}
