// The dispatcher's review (session 24), on the console during a surge: a plan kept on screen while the console is
// cut off says it may be out of date (it read as current, its "pickup in 11 min" counted from when it was made);
// a vehicle marked lost or out of service by one slip of its status select is asked once more, "keep" the big answer;
// a recommendation whose survival comes from no vitals says what it was read from; a waiting casualty the plan
// recommends nothing for is marked on the board and counted under the plan. Ukrainian and English, 1280 and
// 360 px, axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, consoleWithPlan, desktop, e2eSuite, onConsole, seedDemo, sharedPages, reveal } from './harness.ts';
import type { Server } from './harness.ts';
import { reported } from './leg-scene.ts';
import { relay } from './relay.ts';

const SHOTS = join(tmpdir(), 'gh-web-shots');
mkdirSync(SHOTS, { recursive: true });
const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
/** Registered 7 minutes ago with a position, and nothing else yet: no vitals, no triage, no 9-line. */
const BARE = uuidv7();

async function scene(s: Server): Promise<void> {
  await seedDemo(s);
  const surge = [
    [40, { lat: 48.58, lon: 37.85 }, { rr: 32, pulse: 140, gcs: 9 }, 'Vovk-1', 'A', 'L'],
    [25, { lat: 48.6, lon: 37.8 }, { rr: 20, pulse: 100, gcs: 15 }, 'Vovk-2', 'C', 'A'],
    [10, { lat: 48.65, lon: 37.7 }, { rr: 8, pulse: 50, gcs: 6 }, 'Sokil-3', 'A', 'L'],
  ] as const;
  for (const [minutesAgo, at, vitals, callSign, precedence, type] of surge)
    await s.api('/api/sync/push', { user: 'medic', body: { events: reported({ id: uuidv7(), minutesAgo, at, vitals, callSign, precedence, type }) } });
  await s.api('/api/sync/push', { user: 'medic', body: { events: [{ id: uuidv7(), casualtyId: BARE, type: 'registered', at: ago(7), payload: { injuredAt: ago(7), status: 'military', unitId: 'bde-3', position: { lat: 48.6, lon: 37.9 } } }] } });
}

const env = e2eSuite({ prepare: scene });
/** The dispatcher's console, signed in once per language and size for the whole file. */
const consoles = sharedPages(env, { ready: consoleWithPlan });

const STALE = { en: /^⚠ Not live: this plan is from \d\d:\d\d and may be out of date\.$/, uk: /^⚠ Немає зв’язку: план від \d\d:\d\d може бути застарілим\.$/ };

for (const lang of ['en', 'uk'] as const) {
  test(`a plan kept on screen while the console is cut off says it may be out of date (${lang})`, async () => {
    const link = await relay(env.server.url);
    const { ctx, page } = await desktop(env.browser, link.url, lang);
    try {
      await consoleWithPlan(page);
      assert.equal(await page.locator('[data-plan-stale]').count(), 0, 'live: the plan is current');
      await ctx.setOffline(true);
      link.cut();
      await page.waitForSelector('#live-status:not(.on)', { timeout: 30_000 });
      const warn = page.locator('#plan [data-plan-stale]');
      await warn.waitFor({ timeout: 30_000 });
      assert.match((await warn.textContent()) ?? '', STALE[lang]);
      assert.ok(await page.locator('[data-plan]').count() > 0, 'the last plan stays for reference');
      await axe(page, `stale plan (${lang})`, { within: '#main' });
      await page.click('#jump-plan');
      await page.screenshot({ path: join(SHOTS, `console-plan-stale-1280-${lang}.png`) });
      await ctx.setOffline(false);
      await page.waitForSelector('#live-status.on', { timeout: 30_000 });
      await warn.waitFor({ state: 'detached', timeout: 30_000 });
    } finally {
      await ctx.close();
      await link.close();
    }
  });

  test(`a recommendation read from no vitals says what its survival rests on (${lang})`, async () => {
    await consoles.use('dispatcher', lang, 1280, async (page) => {
      await onConsole(page);
      const basis = page.locator(`[data-plan-casualty="${BARE}"] [data-rpm-basis]`);
      await basis.waitFor({ timeout: 30_000 });
      assert.equal(await basis.getAttribute('data-rpm-basis'), 'default');
      assert.equal((await basis.textContent())?.trim(), lang === 'en' ? '· no vitals, triage or precedence: RPM 8 assumed' : '· без показників, сортування й терміновості: RPM 8 припущено');
      // A casualty measured says nothing more.
      assert.equal(await page.locator(`[data-plan-casualty]:not([data-plan-casualty="${BARE}"]) [data-rpm-basis]`).count(), 0);
      await page.click('#jump-plan');
      await page.screenshot({ path: join(SHOTS, `console-plan-basis-1280-${lang}.png`) });
    });
  });

  test(`a waiting casualty the plan recommends nothing for is marked so, not left to read as nothing to do (${lang}, 360 and 1280 px)`, async () => {
    for (const size of [1280, 360] as const) {
      await consoles.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        // Two free vehicles that can carry litters for four waiting casualties: some wait without a recommendation.
        await page.waitForSelector('[data-no-plan]', { timeout: 30_000 });
        const rows = await page.evaluate(() => {
          const planned = new Set([...document.querySelectorAll('[data-plan-casualty]')].map((e) => e.getAttribute('data-plan-casualty')));
          return [...document.querySelectorAll<HTMLElement>('[data-evac]')].map((r) => ({ planned: planned.has(r.dataset['evac']!), marked: r.querySelector('[data-no-plan]')?.textContent ?? null, why: r.querySelector('[data-no-plan-why]')?.textContent ?? null }));
        });
        const left = rows.filter((r) => !r.planned);
        assert.ok(left.length > 0 && rows.some((r) => r.planned), JSON.stringify(rows));
        assert.deepEqual(rows.filter((r) => r.planned).map((r) => r.marked), rows.filter((r) => r.planned).map(() => null), 'a recommended casualty is not marked');
        assert.deepEqual(left.map((r) => r.marked), left.map(() => (lang === 'en' ? 'no recommendation' : 'без рекомендації')));
        // Beside the chip, why (the plan's waiting list): here both free vehicles are taken by the plan's trips.
        const why = lang === 'en'
          ? /^(no free vehicle(, next vehicle free at .+)?|no place free|no surgical place free|held: fetched now \d+ %, in an hour \d+ %)$/
          : /^(немає вільної машини(, наступна вільна о .+)?|немає місць|немає вільного операційного місця|утримано: зараз \d+ %, за годину \d+ %)$/;
        for (const r of left) assert.match(r.why ?? '', why, JSON.stringify(rows));
        assert.deepEqual(rows.filter((r) => r.planned).map((r) => r.why), rows.filter((r) => r.planned).map(() => null), 'a recommended casualty has no reason');
        const note = page.locator('#plan [data-uncovered]');
        assert.equal(await note.getAttribute('data-uncovered'), String(left.length));
        assert.equal(await note.textContent(), lang === 'en' ? `Waiting without a recommendation: ${left.length}.` : `Чекають без рекомендації: ${left.length}.`);
        await axe(page, `unplanned (${lang}, ${size})`, { within: '#main' });
        await page.screenshot({ path: join(SHOTS, `console-unplanned-${size}-${lang}.png`) });
      });
    }
  });

  test(`the console's jumps land below the top bar, the section's heading in view (${lang}, 360 and 1280 px)`, async () => {
    for (const size of [1280, 360] as const) {
      await consoles.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        for (const [jump, heading] of [['#jump-plan', '#plan-title'], ['#jump-plan + a', '#vehicles-title']] as const) {
          await page.click(jump);
          // The smooth scroll (if any) ends where it ends: wait until the page stops moving, then measure.
          await page.waitForFunction(() => new Promise((r) => { const y = scrollY; setTimeout(() => r(scrollY === y), 200); }), null, { timeout: 10_000 });
          const at = await page.evaluate((h) => ({ bar: document.querySelector('.top')!.getBoundingClientRect().bottom, heading: document.querySelector(h)!.getBoundingClientRect().top }), heading);
          assert.ok(at.heading >= at.bar, `${size}: ${heading} at ${at.heading} px, under the top bar ending at ${at.bar} px`);
        }
      });
    }
  });

  test(`marking a vehicle lost takes a second answer, "keep" the big one (${lang}, 360 and 1280 px)`, async () => {
    const status = async () => (await env.server.api<{ item: { status: string } }>('/api/vehicles/amb-2')).item.status;
    for (const size of [1280, 360] as const) {
      await consoles.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        await page.selectOption('[data-vehicle-status="amb-2"]', 'lost');
        const ask = page.locator('[data-status-ask="amb-2"]');
        await ask.waitFor({ timeout: 30_000 });
        assert.equal(await status(), 'available', 'one slip marks nothing');
        assert.match((await ask.textContent()) ?? '', lang === 'en' ? /^Mark Bandage-2 “Lost”\?/ : /^Позначити Bandage-2: «Втрачено»\?/);
        // Both measured at once in the page: a live update draws the vehicles again, and an answer measured between
        // two draws could be the old, detached one (no box).
        const [keep, yes] = await page.evaluate(() => (['keep', 'yes'] as const).map((k) => {
          const r = document.querySelector(`[data-status-${k}="amb-2"]`)?.getBoundingClientRect();
          return r ? { width: r.width, height: r.height } : null;
        }));
        assert.ok(keep && yes && keep.height >= 44 && keep.width > yes.width, `keep ${JSON.stringify(keep)} is the big answer (yes ${JSON.stringify(yes)})`);
        await axe(page, `vehicle status ask (${lang}, ${size})`, { within: '#main' });
        await reveal(ask);
        await page.screenshot({ path: join(SHOTS, `console-vehicle-ask-${size}-${lang}.png`) });
        await page.click('[data-status-keep="amb-2"]');
        await ask.waitFor({ state: 'detached', timeout: 30_000 });
        assert.equal(await status(), 'available');
        assert.equal(await page.inputValue('[data-vehicle-status="amb-2"]'), 'available');
        // Confirmed, it is marked.
        await page.selectOption('[data-vehicle-status="amb-2"]', 'lost');
        await page.click('[data-status-yes="amb-2"]');
        await page.waitForSelector('[data-vehicle-status="amb-2"] option[value="lost"]:checked', { state: 'attached', timeout: 30_000 });
        assert.equal(await status(), 'lost');
      }).finally(() => env.server.api('/api/vehicles/amb-2', { method: 'PATCH', body: { status: 'available' } }));
    }
  });
}
