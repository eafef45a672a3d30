// A dispatcher's burst (session 26): twelve casualties reported within minutes, two ambulances and a UGV. A
// recommendation's pickup and arrival read on the app's 24-hour clock ("pickup at 14:05"), as the diversion and
// addition notes do: "pickup 11 min" was minutes counted from when the plan was made, aged by up to 90 s and more while
// cut off, and read as a duration or as "in 11 min" alike; a trip's casualties listed in the order they are picked up;
// the board's request time says what it is.
// A vehicle select open on the board is not closed under the cursor by the next casualty reported: the board's
// re-render waits until the select is left. The map's own controls speak the reader's language ("Zoom in", "20 km" in
// uk). Ukrainian and English, 1280 and 360 px, axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, consoleWithPlan, e2eSuite, onConsole, seedDemo, sharedPages, reveal } from './harness.ts';
import type { Server } from './harness.ts';
import { PICKUP_AT, reported } from './leg-scene.ts';

const SHOTS = join(tmpdir(), 'gh-web-shots');
mkdirSync(SHOTS, { recursive: true });

/** One casualty of the burst: `i` spreads them over the pickup sites near the threat zone and over 5 minutes. */
const burstOne = (i: number, id = uuidv7()): unknown[] => reported({
  id, minutesAgo: 5 - (i % 6) * 0.8, at: { lat: 48.56 + (i % 4) * 0.02, lon: 37.82 + (i % 3) * 0.03 },
  vitals: i % 3 === 0 ? { rr: 32, pulse: 140, gcs: 9 } : { rr: 20, pulse: 100, gcs: 15 }, callSign: `Vovk-${i}`,
  precedence: i % 3 === 0 ? 'A' : 'C', type: i % 2 ? 'A' : 'L',
});

async function scene(s: Server): Promise<void> {
  await seedDemo(s);
  for (let i = 0; i < 12; i++) await s.api('/api/sync/push', { user: 'medic', body: { events: burstOne(i) } });
}

const env = e2eSuite({ prepare: scene });
/** The dispatcher's console, signed in once per language and size for the whole file. */
const pages = sharedPages(env, { ready: consoleWithPlan });

for (const lang of ['en', 'uk'] as const) {
  test(`a recommendation's pickup and arrival read on the 24-hour clock, not as minutes from when it was made (${lang}, 360 and 1280 px)`, async () => {
    const line = new RegExp(`^${lang === 'en' ? 'pickup at ' : 'підбір о '}${PICKUP_AT}, ${lang === 'en' ? 'at the facility at ' : 'у закладі о '}${PICKUP_AT}$`);
    for (const size of [1280, 360] as const) {
      await pages.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        // Each line's first figures, before its survival ("pickup 11 min, facility 35 min" on main).
        const etas = (await page.locator('#plan [data-plan-casualty] > div.muted').allTextContents()).map((x) => x.split(' · ')[0]!);
        assert.ok(etas.length > 0 && etas.length === await page.locator('#plan [data-plan-casualty]').count(), `one per line: ${JSON.stringify(etas)}`);
        for (const e of etas) assert.match(e, line);
        assert.equal(await page.locator('#plan [data-plan-eta]').count(), etas.length);
        // A trip's casualties in the order they are picked up (a time with its day in front is tomorrow's).
        const orders = await page.locator('#plan [data-trip]').evaluateAll((trips) => trips.map((t) => [...t.querySelectorAll('[data-plan-eta]')]
          .map((e) => /^\D*((?:\d\d\.\d\d )?)(\d\d:\d\d)/.exec(e.textContent ?? '')!).map((m) => `${m[1] ? 1 : 0} ${m[2]}`)));
        assert.ok(orders.some((o) => o.length > 1), `a trip for more than one: ${JSON.stringify(orders)}`);
        for (const o of orders) assert.deepEqual(o, [...o].sort(), `${size}: picked up in this order`);
        // The board's one time says what it is (a bare "06:49" read as a pickup time).
        const times = await page.locator('#board [data-evac] [data-requested-at]').allTextContents();
        assert.ok(times.length >= 12, JSON.stringify(times));
        for (const x of times) assert.match(x, new RegExp(`^${lang === 'en' ? 'requested at ' : 'запит о '}${PICKUP_AT}$`));
        await axe(page, `plan times (${lang}, ${size})`, { within: '#main' });
        await reveal(page.locator('#plan [data-plan-eta]').first());
        await page.screenshot({ path: join(SHOTS, `console-plan-eta-${size}-${lang}.png`) });
      });
    }
  });

  test(`a vehicle select open on the board stays open while the next casualty is reported (${lang}, 360 and 1280 px)`, async () => {
    for (const size of [1280, 360] as const) {
      await pages.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        await page.locator('[data-evac-more]').first().click(); // the manual assignment is in the row's details
        const sel = page.locator('[data-assign-vehicle]').first();
        await sel.focus();
        await sel.evaluate((el) => void el.setAttribute('data-open-here', ''));
        const next = uuidv7();
        await env.server.api('/api/sync/push', { user: 'medic', body: { events: burstOne(99, next) } });
        // The update has landed: either the board was re-rendered with the new row (the select replaced) or it waits.
        await page.waitForFunction((id) => document.querySelector(`[data-evac="${id}"]`) !== null || document.querySelector('[data-held]') !== null, next, { timeout: 30_000 });
        const still = await page.evaluate(() => document.activeElement?.hasAttribute('data-open-here') === true && document.querySelector('[data-open-here]')?.isConnected === true);
        assert.ok(still, `${size}: the select under the cursor was replaced by a re-render`);
        assert.equal(await page.locator(`[data-evac="${next}"]`).count(), 0, 'the board waits');
        await page.screenshot({ path: join(SHOTS, `console-select-held-${size}-${lang}.png`) });
        if (size === 1280 && lang === 'uk') {
          // A select left focused holds the board 15 s at most: then the new casualty shows, though focus stays.
          await page.waitForSelector(`[data-evac="${next}"]`, { timeout: 30_000 });
          assert.equal(await page.locator('[data-held]').count(), 0);
          return;
        }
        // Left, the board catches up.
        await page.locator('#console-board-title').click();
        await page.waitForSelector(`[data-evac="${next}"]`, { timeout: 30_000 });
        assert.equal(await page.locator('[data-held]').count(), 0);
        await axe(page, `board after the held render (${lang}, ${size})`, { within: '#main' });
      });
    }
  });
}

for (const lang of ['en', 'uk'] as const) {
  test(`the map's buttons, name and scale are in the reader's language (${lang}, 360 and 1280 px)`, async () => {
    const words = lang === 'en' ? { map: 'Map', in: 'Zoom in', out: 'Zoom out', km: /^\d+\skm$/ } : { map: 'Мапа', in: 'Збільшити', out: 'Зменшити', km: /^\d+\sкм$/ };
    for (const size of [1280, 360] as const) {
      await pages.use('dispatcher', lang, size, async (page) => {
        await onConsole(page);
        const zoomIn = page.locator('#map .maplibregl-ctrl-zoom-in');
        await zoomIn.waitFor({ timeout: 30_000 });
        assert.equal(await zoomIn.getAttribute('aria-label'), words.in);
        assert.equal(await page.locator('#map .maplibregl-ctrl-zoom-out').getAttribute('aria-label'), words.out);
        assert.equal(await page.locator('#map [role="region"]').getAttribute('aria-label'), words.map);
        await page.waitForFunction(() => /\d/.test(document.querySelector('#map .maplibregl-ctrl-scale')?.textContent ?? ''), null, { timeout: 30_000 });
        assert.match((await page.locator('#map .maplibregl-ctrl-scale').textContent()) ?? '', words.km);
        await axe(page, `map controls (${lang}, ${size})`, { within: '#main' });
        await page.locator('#map').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, `console-map-controls-${size}-${lang}.png`) });
      });
    }
  });
}
