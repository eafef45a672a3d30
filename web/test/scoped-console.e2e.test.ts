// A unit-scoped dispatcher's console on sealed cursors (head-oracle): the dispatcher of bde-3 sees bde-3's casualties
// live (a new request without a reload, an accepted assignment) and nothing of bde-7's — not on the board, not in
// the plan, not in any message of the stream — and a stream cut and reopened (the laptop offline, then online)
// resumes from its token without losing or repeating a casualty. Ukrainian and English, axe. The int tests cover the
// tokens on the wire; this is the console that reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, desktop, e2eSuite, PASSWORD, signIn } from './harness.ts';
import { recordStream, recorded } from './stream-recorder.ts';
import type { Server } from './harness.ts';
import { acceptTrip, reported } from './leg-scene.ts';
import { relay } from './relay.ts';
import type { SceneCasualty } from './leg-scene.ts';

const SHOTS = join(tmpdir(), 'gh-web-shots');
mkdirSync(SHOTS, { recursive: true });

const base = { lat: 48.5, lon: 37.7 };
/** A casualty of `unitId`, reported `minutesAgo`, with a 9-line whose call sign names it in the page's text. */
function casualty(unitId: string, callSign: string, minutesAgo: number, at = { lat: 48.55, lon: 37.75 }): { c: SceneCasualty; events: unknown[] } {
  const c: SceneCasualty = { id: uuidv7(), minutesAgo, at, vitals: { rr: 30, pulse: 130, gcs: 12 }, callSign, precedence: 'A', type: 'L' };
  const events = reported(c).map((e) => {
    const x = e as { type: string; payload: Record<string, unknown> };
    return x.type === 'registered' ? { ...x, payload: { ...x.payload, unitId } } : x;
  });
  return { c, events };
}
/** bde-7's casualties are pushed by the admin: the scoped dispatcher is neither their unit nor their author. */
const push = (s: Server, unitId: string, events: unknown[]) => s.api('/api/sync/push', { user: unitId === 'bde-3' ? 'medic' : 'admin', body: { events } });

async function scene(s: Server): Promise<void> {
  await s.api('/api/facilities', { body: { id: 'r2-east', name: 'R2 East', role: 'R2', position: base, beds: 60, surgicalTables: 12 } });
  // A vehicle and a table for every casualty of both runs: the planner proposes each (with R2 East's 2 tables it
  // held back the fresh requests of the second run, and the plan had nothing of them to show or hide).
  for (let i = 1; i <= 12; i++)
    await s.api('/api/vehicles', { body: { id: `amb-s${i}`, name: `Medevac-${i}`, kind: 'ambulance', litter: 2, seated: 2, speedKmh: 50, medic: true, baseFacilityId: 'r2-east', position: base } });
  for (const lang of ['en', 'uk']) await s.api('/api/users', { body: { username: `unit-disp-${lang}`, password: PASSWORD, role: 'dispatcher', units: ['bde-3'] } });
}

const env = e2eSuite({ facilities: ['r2-east'], prepare: scene });

const rows = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[data-evac]')].map((e) => e.getAttribute('data-evac')!));
const onBoard = (page: Page, id: string) => page.waitForSelector(`[data-evac="${id}"]`, { timeout: 30_000 });

for (const lang of ['en', 'uk'] as const) {
  test(`a unit-scoped dispatcher's console follows its unit live, shows nothing of another, and resumes after a cut (${lang})`, async () => {
    const mine1 = casualty('bde-3', `Own-1${lang}`, 20);
    // bde-7's casualty is worse placed for the fleet's sake (nearer the vehicles): the shared plan proposes it.
    const other1 = casualty('bde-7', `Alien-1${lang}`, 25, { lat: 48.51, lon: 37.71 });
    await push(env.server, 'bde-3', mine1.events);
    await push(env.server, 'bde-7', other1.events);
    const link = await relay(env.server.url);
    const { ctx, page } = await desktop(env.browser, link.url, lang);
    try {
      await recordStream(page);
      await signIn(page, `unit-disp-${lang}`);
      await page.waitForFunction(() => location.hash.startsWith('#/console'));
      await page.waitForSelector('#live-status.on', { timeout: 30_000 });
      await onBoard(page, mine1.c.id);
      await page.waitForSelector(`[data-plan-casualty="${mine1.c.id}"]`, { timeout: 30_000 });
      // The shared plan proposes bde-7's casualty too (the admin sees it): this console does not.
      const all = await env.server.api<{ plan: { casualtyId: string }[] }>('/api/dispatch/plan');
      assert.ok(all.plan.some((p) => p.casualtyId === other1.c.id), 'the unscoped plan holds the other unit\'s casualty');

      // Live: a new request of the unit appears without a reload; another unit's written before it never does.
      const other2 = casualty('bde-7', `Alien-2${lang}`, 15);
      const mine2 = casualty('bde-3', `Own-2${lang}`, 15);
      await push(env.server, 'bde-7', other2.events);
      await push(env.server, 'bde-3', mine2.events);
      await onBoard(page, mine2.c.id);
      await axe(page, `scoped console (${lang})`, { within: '#main' });
      await page.screenshot({ path: join(SHOTS, `console-scoped-1280-${lang}.png`) });

      // Accepting the plan's trip for a casualty of the unit shows the assignment on the board.
      await page.waitForSelector(`[data-plan-casualty="${mine2.c.id}"]`, { timeout: 30_000 });
      const trip = await page.evaluate((id) => document.querySelector(`[data-plan-casualty="${id}"]`)?.closest('[data-trip]')?.getAttribute('data-trip') ?? null, mine2.c.id);
      assert.ok(trip, 'a trip is proposed for the new request');
      assert.ok(await acceptTrip(page, trip));
      await page.waitForSelector(`[data-evac="${mine2.c.id}"] [data-assigned="${trip}"]`, { timeout: 30_000 });

      // The link drops (the stream is cut under the console) and the laptop is offline while both units write; back
      // online the console reconnects with its token and catches up.
      await ctx.setOffline(true);
      link.cut();
      await page.waitForSelector('#live-status:not(.on)', { timeout: 30_000 });
      const other3 = casualty('bde-7', `Alien-3${lang}`, 12);
      const mine3 = casualty('bde-3', `Own-3${lang}`, 12);
      await push(env.server, 'bde-7', other3.events);
      await push(env.server, 'bde-3', mine3.events);
      await ctx.setOffline(false);
      await page.waitForSelector('#live-status.on', { timeout: 30_000 });
      await onBoard(page, mine3.c.id);
      // The plan shown is the scoped plan of now (refreshed after the catch-up), each line once.
      for (let end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 500))) {
        const served = (await env.server.api<{ plan: { casualtyId: string }[] }>('/api/dispatch/plan', { user: `unit-disp-${lang}` })).plan.map((p) => p.casualtyId).sort();
        const shown = await page.evaluate(() => [...document.querySelectorAll('[data-plan-casualty]')].map((e) => e.getAttribute('data-plan-casualty')!).sort());
        if (JSON.stringify(served) === JSON.stringify(shown) && served.includes(mine3.c.id)) break;
        assert.ok(Date.now() < end, `the plan shown ${JSON.stringify(shown)} is the scoped plan ${JSON.stringify(served)} with ${mine3.c.id}`);
      }

      const mine = [mine1, mine2, mine3].map((x) => x.c.id);
      const others = [other1, other2, other3];
      const board = await rows(page);
      const ours = (await env.server.api<{ casualties: { id: string }[] }>('/api/casualties?status=open&limit=1000', { user: `unit-disp-${lang}` })).casualties.map((c) => c.id);
      for (const id of mine) assert.equal(board.filter((x) => x === id).length, 1, `${id} once on the board`);
      assert.deepEqual([...board].sort(), [...ours].sort(), 'the board is the unit\'s open casualties, each once');
      const plan = await page.evaluate(() => [...document.querySelectorAll('[data-plan-casualty]')].map((e) => e.getAttribute('data-plan-casualty')!));
      assert.equal(new Set(plan).size, plan.length, 'no plan line twice');
      const text = await page.evaluate(() => document.body.textContent ?? '');
      const sse = await recorded(page);
      assert.ok(sse.some((m) => m.includes(mine3.c.id)), 'the recorder saw the stream');
      for (const o of others) {
        assert.ok(!board.includes(o.c.id) && !plan.includes(o.c.id), `${o.c.callSign} not on the board or in the plan`);
        assert.ok(!text.includes(o.c.callSign) && !text.includes(o.c.id), `${o.c.callSign} nowhere on the page`);
        assert.deepEqual(sse.filter((m) => m.includes(o.c.id) || m.includes(o.c.callSign)), [], `${o.c.callSign} never on the stream`);
      }
      // A caller shown no number is never given one: every position on its stream is a sealed token.
      assert.deepEqual(sse.filter((m) => /^\S+ \d+ /.test(m)), [], 'no sequence number on a scoped stream');
      assert.ok(sse.some((m) => /^cursor c\S{48} /.test(m)), 'the stream gives sealed cursors');
      await axe(page, `scoped console after the reconnect (${lang})`, { within: '#main' });
    } finally {
      await ctx.close();
      await link.close();
    }
  });
}
