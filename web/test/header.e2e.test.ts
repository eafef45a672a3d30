// Issue 9 (the integrator's look at a fresh clone) and issue 10 item 4: at 360 px a visitor's header showed five
// views in a strip that scrolled sideways and cut the fourth label. Now the header turns compact when its views do
// not fit: one button opens them as a list, every label whole, nothing wider than the screen, in both languages; at
// 1280 px (or with few views) they stay in one row. The route table titles every page. axe-core (WCAG 2 A/AA) on
// each state; screenshots under /tmp (gh-header-shots) at 360 and 1280 px in uk and en.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, launch, signIn } from './harness.ts';
import type { Server } from './harness.ts';
import { TABLES } from '../src/i18n.ts';
import { st } from '../src/shell-i18n.ts';

let server: Server;
let browser: Browser;
const SHOTS = join(tmpdir(), 'gh-header-shots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Lang = 'uk' | 'en';
/** A visitor's views and their names, from the string tables the app uses. */
const GUEST = ['field', 'console', 'facility', 'list', 'accounting', 'settings'] as const;
const label = (lang: Lang, v: (typeof GUEST)[number]): string =>
  v === 'list' ? st.tables[lang]['nav.list'] : TABLES[lang][`nav.${v}`];

before(async () => {
  server = await startServer();
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(lang: Lang, width: 360 | 1280): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width, height: width === 360 ? 740 : 860 }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB',
    hasTouch: width === 360, isMobile: width === 360, bypassCSP: true, serviceWorkers: 'block' });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  const page = await ctx.newPage();
  await page.goto('/#/field');
  await page.waitForSelector('#views [data-nav="field"]', { state: 'attached' });
  await page.waitForSelector('#new-casualty');
  return { ctx, page };
}

async function axe(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(
      document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${what}`);
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
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.match(await menu.innerText(), new RegExp(label(lang, 'settings')));
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
