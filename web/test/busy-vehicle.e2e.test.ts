// A unit-scoped dispatcher's console (bde-3) while the administrator sends a vehicle to another unit's (bde-7)
// casualty: the vehicle turns "on another unit's job" live, is no longer offered in "Vehicle…", and nothing of the
// other casualty reaches the page or its stream. And re-assigning a casualty already assigned names the vehicle it
// replaces and asks once, "Keep <vehicle>" first. Ukrainian and English, 1280 and 360 px, axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, desktop, e2eSuite, PASSWORD, phone, signIn, reveal } from './harness.ts';
import { recordStream, recorded } from './stream-recorder.ts';
import type { Server } from './harness.ts';
import { reported } from './leg-scene.ts';
import { relay } from './relay.ts';
import type { SceneCasualty } from './leg-scene.ts';

const SHOTS = process.env['BUSY_SHOTS'] ?? join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const base = { lat: 48.5, lon: 37.7 };

function casualty(unitId: string, callSign: string): { c: SceneCasualty; events: unknown[] } {
  const c: SceneCasualty = { id: uuidv7(), minutesAgo: 20, at: { lat: 48.55, lon: 37.75 }, vitals: { rr: 30, pulse: 130, gcs: 12 }, callSign, precedence: 'A', type: 'L' };
  const events = reported(c).map((e) => {
    const x = e as { type: string; payload: Record<string, unknown> };
    return x.type === 'registered' ? { ...x, payload: { ...x.payload, unitId } } : x;
  });
  return { c, events };
}

async function scene(s: Server): Promise<void> {
  await s.api('/api/facilities', { body: { id: 'r2-east', name: 'R2 East', role: 'R2', position: base, beds: 60, surgicalTables: 12 } });
  // Three vehicles of each run's own (`en-w1` …): no run finds another's left on a job.
  for (const lang of ['en', 'uk'])
    for (const size of ['wide', 'narrow']) {
      for (let i = 1; i <= 3; i++)
        await s.api('/api/vehicles', { body: { id: `amb-${lang}-${size[0]}${i}`, name: `Medevac-${lang}-${size[0]}${i}`, kind: 'ambulance', litter: 2, seated: 2, speedKmh: 50, medic: true, baseFacilityId: 'r2-east', position: base } });
      await s.api('/api/users', { body: { username: `busy-${size}-${lang}`, password: PASSWORD, role: 'dispatcher', units: ['bde-3'] } });
    }
}

const env = e2eSuite({ facilities: ['r2-east'], prepare: scene });

const offered = (page: Page, casualtyId: string) =>
  page.evaluate((id) => [...document.querySelectorAll(`[data-assign-vehicle="${id}"] option`)].map((o) => (o as HTMLOptionElement).value).filter(Boolean), casualtyId);

for (const lang of ['en', 'uk'] as const)
  for (const size of ['wide', 'narrow'] as const)
    test(`another unit's vehicle reads busy on a scoped console, and a re-assignment asks first (${lang}, ${size === 'wide' ? 1280 : 360} px)`, async () => {
      const tag = `${lang}${size[0]}`;
      const mine = casualty('bde-3', `Own-${tag}`);
      const other = casualty('bde-7', `Alien-${tag}`);
      await env.server.api('/api/sync/push', { user: 'medic', body: { events: mine.events } });
      await env.server.api('/api/sync/push', { user: 'admin', body: { events: other.events } });
      const [v1, v2, v3] = [1, 2, 3].map((i) => `amb-${lang}-${size[0]}${i}`) as [string, string, string];
      const link = await relay(env.server.url);
      const { ctx, page } = size === 'wide' ? await desktop(env.browser, link.url, lang) : await phone(env.browser, link.url, lang);
      try {
        await recordStream(page);
        await signIn(page, `busy-${size}-${lang}`);
        await page.waitForFunction(() => location.hash.startsWith('#/console'));
        await page.waitForSelector('#live-status.on', { timeout: 30_000 });
        await page.waitForSelector(`[data-evac="${mine.c.id}"]`, { timeout: 30_000 });
        assert.ok((await offered(page, mine.c.id)).includes(v1), 'v1 is offered while free');

        // The admin sends v1 to bde-7's casualty: live, the scoped console shows v1 busy and stops offering it.
        await env.server.api(`/api/casualties/${other.c.id}/events`, { body: { events: [{ id: uuidv7(), type: 'evac.assigned', at: new Date().toISOString(), payload: { vehicleId: v1, facilityId: 'r2-east' } }] } });
        await page.waitForSelector(`[data-vehicle="${v1}"][data-busy-elsewhere]`, { timeout: 30_000 });
        const row = await page.textContent(`[data-vehicle="${v1}"]`);
        assert.match(row ?? '', lang === 'en' ? /another unit's job/ : /завданні іншого підрозділу/);
        await page.waitForFunction(([id, v]) => ![...document.querySelectorAll(`[data-assign-vehicle="${id}"] option`)].some((o) => (o as HTMLOptionElement).value === v), [mine.c.id, v1] as const, { timeout: 10_000 });
        assert.ok((await offered(page, mine.c.id)).includes(v2), 'a free vehicle is still offered');
        await reveal(page.locator(`[data-vehicle="${v1}"]`));
        await axe(page, `busy vehicle (${lang}, ${size})`, { within: '#main' });
        await page.screenshot({ path: join(SHOTS, `busy-vehicle-${size === 'wide' ? 1280 : 360}-${lang}.png`) });

        // Assign ours to v2, then pick v3 and press Assign: the console names v2 and asks; Keep leaves it on v2.
        await page.click(`[data-evac-more="${mine.c.id}"]`); // the manual assignment is in the row's details
        await page.selectOption(`[data-assign-vehicle="${mine.c.id}"]`, v2);
        await page.click(`[data-assign="${mine.c.id}"]`);
        await page.waitForSelector(`[data-evac="${mine.c.id}"] [data-assigned="${v2}"]`, { timeout: 30_000 });
        await page.selectOption(`[data-assign-vehicle="${mine.c.id}"]`, v3);
        await page.click(`[data-assign="${mine.c.id}"]`);
        const ask = await page.waitForSelector(`[data-reassign-ask="${mine.c.id}"]`, { timeout: 10_000 });
        assert.ok((await ask.textContent())?.includes(`Medevac-${lang}-${size[0]}2`), 'the question names the vehicle it replaces');
        assert.ok((await page.textContent(`[data-reassign-keep="${mine.c.id}"]`))?.includes(`Medevac-${lang}-${size[0]}2`), 'Keep names it too');
        await axe(page, `re-assignment asked (${lang}, ${size})`, { within: '#main' });
        await ask.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, `busy-reassign-${size === 'wide' ? 1280 : 360}-${lang}.png`) });
        await page.click(`[data-reassign-keep="${mine.c.id}"]`);
        await page.waitForSelector(`[data-reassign-ask="${mine.c.id}"]`, { state: 'detached' });
        await new Promise((r) => setTimeout(r, 1500));
        const card = await env.server.api<{ casualty: { vehicleId: string | null } }>(`/api/casualties/${mine.c.id}`);
        assert.equal(card.casualty.vehicleId, v2, 'Keep writes nothing');
        // Asked again and answered yes: re-assigned to v3.
        await page.selectOption(`[data-assign-vehicle="${mine.c.id}"]`, v3);
        await page.click(`[data-assign="${mine.c.id}"]`);
        await page.click(`[data-reassign-yes="${mine.c.id}"]`);
        await page.waitForSelector(`[data-evac="${mine.c.id}"] [data-assigned="${v3}"]`, { timeout: 30_000 });

        const text = await page.evaluate(() => document.body.textContent ?? '');
        const sse = await recorded(page);
        assert.ok(sse.some((m) => m.startsWith('entity ') && m.includes(v1) && m.includes('busyElsewhere')), 'the stream marked v1');
        for (const secret of [other.c.id, other.c.callSign]) {
          assert.ok(!text.includes(secret), `${secret} nowhere on the page`);
          assert.deepEqual(sse.filter((m) => m.includes(secret)), [], `${secret} never on the stream`);
        }
        // The job ends while the console is cut off (offline, its stream cut): back online, v1 is free again.
        await ctx.setOffline(true);
        link.cut();
        await page.waitForSelector('#live-status:not(.on)', { timeout: 30_000 });
        const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
        await env.server.api(`/api/casualties/${other.c.id}/events`, { body: { events: [
          { id: uuidv7(), type: 'pickup', at: at(2), payload: { vehicleId: v1 } }, { id: uuidv7(), type: 'arrival', at: at(1), payload: { facilityId: 'r2-east' } }] } });
        await ctx.setOffline(false);
        await page.waitForSelector('#live-status.on', { timeout: 30_000 });
        await page.waitForSelector(`[data-vehicle="${v1}"]:not([data-busy-elsewhere])`, { timeout: 30_000 });
        await page.waitForFunction(([id, v]) => [...document.querySelectorAll(`[data-assign-vehicle="${id}"] option`)].some((o) => (o as HTMLOptionElement).value === v), [mine.c.id, v1] as const, { timeout: 10_000 });
      } finally {
        await ctx.close();
        await link.close();
      }
    });
