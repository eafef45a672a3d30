// SYNC-21 (session 24's bedside review): the card, the timeline and the console showed clock times ("22:30") with no
// zone anywhere, so a medic's phone left on Moscow time and a desk in Kyiv showed one tourniquet as 22:30 and 21:30
// and nothing said why. Now each of those screens names the zone its times read in, once where they are read; a
// tourniquet's time carries its zone beside it; a time of another day shows its date (the timeline's too). Readers
// in several zones at once (Playwright's `timezoneId`), uk and en, 360 and 1280 px, axe; screenshots in /tmp/clocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { signIn, e2eSuite, axe, quickCasualty } from './harness.ts';
import { uuidv7 } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const SHOTS = '/tmp/clocks';
const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
/** Casualties made through the API: one from yesterday (its tourniquet and 9-line too), one from half an hour ago. */
const made = { yesterday: uuidv7(), recent: uuidv7() };
const env = e2eSuite({
  prepare: async (s) => {
    mkdirSync(SHOTS, { recursive: true });
    const nine = { location: { lat: 48.59, lon: 37.9 }, callSign: 'DUSTOFF 21', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } };
    for (const [id, min, roster] of [[made.yesterday, 26 * 60, 'YD-1'], [made.recent, 30, 'RC-2']] as const) {
      await s.api('/api/casualties', { body: { id, injuredAt: ago(min), battleRoster: roster, position: { lat: 48.59, lon: 37.9 } } });
      await s.api(`/api/casualties/${id}/events`, { body: { events: [
        { type: 'tourniquet.applied', at: ago(min - 3), payload: { limb: 'left-leg', tqType: 'CAT' } },
        { type: 'evac.requested', at: ago(min - 10), payload: { nineLine: nine } },
      ] } });
    }
  },
});

type Lang = 'uk' | 'en';
async function reader(lang: Lang, width: 360 | 1280, timezoneId: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await env.browser.newContext({ baseURL: env.server.url, viewport: { width, height: width === 360 ? 740 : 860 }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB',
    hasTouch: width === 360, isMobile: width === 360, serviceWorkers: 'block', timezoneId });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  return { ctx, page: await ctx.newPage() };
}

// What a reader in `tz` must see, worked out here with Intl (not with the app's code): its zone as "UTC+3",
// "UTC-3:30", "UTC"; and a time as "22:30" (today), "03.12 22:30" (another day), with seconds or its zone if asked.
const parts = (iso: string, tz: string): Record<string, string> => Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
  timeZone: tz, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
}).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
function zoneOf(iso: string, tz: string): string {
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(parts(iso, tz).timeZoneName!)!;
  return m[1] && m[2] + m[3]! !== '0000' ? `UTC${m[1]}${Number(m[2])}${m[3] === '00' ? '' : `:${m[3]}`}` : 'UTC';
}
function shown(iso: string, tz: string, o: { sec?: boolean; zoned?: boolean } = {}): string {
  const p = parts(iso, tz);
  const now = parts(new Date().toISOString(), tz);
  const hm = `${p.hour}:${p.minute}${o.sec ? `:${p.second}` : ''}`;
  const day = p.day === now.day && p.month === now.month ? hm : `${p.day}.${p.month} ${hm}`;
  return o.zoned || zoneOf(iso, tz) !== zoneOf(new Date().toISOString(), tz) ? `${day} ${zoneOf(iso, tz)}` : day;
}
const WORD = { uk: 'Час', en: 'Times' } as const;
const text = async (page: Page, sel: string): Promise<string> => ((await page.textContent(sel)) ?? '').replaceAll('\u00a0', ' ').trim();
const log = (id: string) => env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);

/** Nothing wider than the screen. */
async function fits(page: Page, what: string): Promise<void> {
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw! <= w!, `${what}: ${sw} px wide on a ${w} px screen`);
}

test('SYNC-21 a medic on Moscow time and a desk in Kyiv read one tourniquet: each its own clock, each zone named', async () => {
  const medic = await reader('uk', 360, 'Europe/Moscow');
  const desk = await reader('en', 1280, 'Europe/Kyiv');
  try {
    await signIn(medic.page, 'medic');
    const id = await quickCasualty(medic.page);
    let applied: StoredEvent | undefined;
    for (const deadline = Date.now() + 45_000; !applied; await new Promise((r) => setTimeout(r, 250))) {
      applied = (await log(id)).events.find((e) => e.type === 'tourniquet.applied');
      assert.ok(applied || Date.now() < deadline, 'the tourniquet reached the server');
    }
    const now = new Date().toISOString();
    // The medic's card: "Час: UTC+3" in its header, the tourniquet's time with its zone beside it.
    assert.equal(await text(medic.page, '#card-head [data-clock-zone]'), `Час: ${zoneOf(now, 'Europe/Moscow')}`);
    assert.equal(await text(medic.page, '[data-tq="right-leg"] [data-tq-at]'), shown(applied.at, 'Europe/Moscow', { zoned: true }));

    await signIn(desk.page, 'dispatcher');
    await desk.page.goto(`/#/c/${id}`);
    await desk.page.waitForSelector('[data-tq="right-leg"] [data-tq-at]', { timeout: 45_000 });
    assert.equal(await text(desk.page, '#card-head [data-clock-zone]'), `Times: ${zoneOf(now, 'Europe/Kyiv')}`);
    const there = await text(desk.page, '[data-tq="right-leg"] [data-tq-at]');
    assert.equal(there, shown(applied.at, 'Europe/Kyiv', { zoned: true }));
    // Two clock readings of one instant, and each says which clock: read back, they are the same minute.
    const instant = (s: string): number => {
      const m = /(\d\d):(\d\d) UTC([+-]\d+)?/.exec(s)!;
      return ((Number(m[1]) - Number(m[3] ?? 0) + 24) % 24) * 60 + Number(m[2]);
    };
    const mine = await text(medic.page, '[data-tq="right-leg"] [data-tq-at]');
    assert.equal(instant(there), instant(mine), `${there} on the desk, ${mine} on the phone`);
    await medic.page.screenshot({ path: `${SHOTS}/two-zones-medic-card-360-uk.png` });
    await desk.page.screenshot({ path: `${SHOTS}/two-zones-desk-card-1280-en.png` });
  } finally {
    await Promise.all([medic.ctx.close(), desk.ctx.close()]);
  }
});

// Each reader in its own zone: Moscow (UTC+3), Kyiv (UTC+2 in winter), UTC, Newfoundland (UTC-3:30 in summer).
const READERS = [['uk', 360, 'Europe/Moscow'], ['uk', 1280, 'Europe/Kyiv'], ['en', 360, 'UTC'], ['en', 1280, 'America/St_Johns']] as const;
for (const [lang, width, tz] of READERS)
  test(`SYNC-21 ${lang}, ${width} px, ${tz}: card, timeline and console name their zone; yesterday's times their date`, async () => {
    const { ctx, page } = await reader(lang, width, tz);
    try {
      const label = `${WORD[lang]}: ${zoneOf(new Date().toISOString(), tz)}`;
      const [y, r] = await Promise.all([log(made.yesterday), log(made.recent)]);
      const ev = (l: typeof y, type: string): StoredEvent => l.events.find((e) => e.type === type)!;
      await signIn(page, 'dispatcher');

      await page.goto(`/#/c/${made.yesterday}`);
      await page.waitForSelector('[data-tq="left-leg"] [data-tq-at]', { timeout: 45_000 });
      assert.equal(await text(page, '#card-head [data-clock-zone]'), label, 'card');
      assert.equal(await text(page, '[data-tq="left-leg"] [data-tq-at]'), shown(ev(y, 'tourniquet.applied').at, tz, { zoned: true }));
      assert.match(await text(page, '#card-head .injured'), new RegExp(shown((ev(y, 'registered').payload as { injuredAt: string }).injuredAt, tz)));
      await fits(page, 'card');
      await axe(page, `card (${lang}, ${width} px)`);
      await page.screenshot({ path: `${SHOTS}/card-${width}-${lang}.png` });

      await page.goto(`/#/c/${made.yesterday}/timeline`);
      await page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, y.events.length, { timeout: 45_000 });
      assert.equal(await text(page, '#main [data-clock-zone]'), label, 'timeline');
      for (const e of y.events) // to the second, and yesterday's with its date
        assert.equal(await text(page, `#timeline li[data-event="${e.id}"] .row strong`), shown(e.at, tz, { sec: true }), e.type);
      await fits(page, 'timeline');
      await axe(page, `timeline (${lang}, ${width} px)`);
      await page.screenshot({ path: `${SHOTS}/timeline-${width}-${lang}.png` });

      await page.goto('/#/console');
      await page.waitForSelector(`[data-evac="${made.recent}"]`, { timeout: 45_000 });
      assert.equal(await text(page, '.col-left > .row:first-child [data-clock-zone]'), label, 'console');
      for (const [id, l] of [[made.yesterday, y], [made.recent, r]] as const)
        // "requested at <time>" / "запит о <time>" (the burst review's label), the time in the one format with its zone's date.
        assert.ok(((await page.textContent(`[data-evac="${id}"] [data-requested-at]`)) ?? '').endsWith(` ${shown(ev(l, 'evac.requested').at, tz)}`), `console: ${id}`);
      await fits(page, 'console');
      await axe(page, `console (${lang}, ${width} px)`, { exclude: ['.maplibregl-map', '#map'] });
      await page.screenshot({ path: `${SHOTS}/console-${width}-${lang}.png` });
    } finally {
      await ctx.close();
    }
  });
