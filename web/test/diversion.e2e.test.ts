// Issue 11 on the console: the live plan re-plans a vehicle on its way (SIM-14, DISP-20). An ambulance sent a quarter
// of an hour ago to a critical casualty far away has picked no one up; a worse casualty is reported near its base.
// The dispatcher sees the proposed diversion (whom the ambulance leaves, the pickup time on the 24-h clock), in
// Ukrainian and English at 360 and 1280 px, and accepts it through the door like any assignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { uuidv7 } from '../../src/core/index.ts';
import { axe, e2eSuite, goTo, sharedPages } from './harness.ts';
import { legScene, PICKUP_AT } from './leg-scene.ts';

const SHOTS = join(tmpdir(), 'gh-web-shots');
mkdirSync(SHOTS, { recursive: true });
const FAR = uuidv7();
const WORSE = uuidv7();

const env = e2eSuite({
  facilities: ['r2-east'],
  prepare: legScene({ id: 'amb-d', name: 'Medevac-7' },
    // Critical (RPM 6) and far away; the ambulance was sent to it 15 minutes ago.
    { id: FAR, minutesAgo: 15, at: { lat: 48.75, lon: 38.2 }, vitals: { rr: 40, pulse: 150, gcs: 6 }, callSign: 'Far-1', precedence: 'A', type: 'L' },
    // Worse (RPM 4), just reported, near the ambulance's base.
    { id: WORSE, minutesAgo: 0, at: { lat: 48.55, lon: 37.8 }, vitals: { rr: 8, pulse: 50, gcs: 6 }, callSign: 'Near-2', precedence: 'A', type: 'L' }),
});

/** The dispatcher signed in once per language and size for the whole file (the console is the dispatcher's home). */
const pages = sharedPages(env);

/** The diversion on the console, its text, axe, and a screenshot with it in view. */
async function seeDiversion(page: Page, name: string): Promise<string> {
  await goTo(page, '#/console', '#plan-title');
  const note = page.locator('[data-divert="amb-d"] [data-divert-note]');
  await note.waitFor({ timeout: 30_000 });
  const text = await page.evaluate(() => document.querySelector('[data-divert="amb-d"]')?.textContent ?? '');
  await axe(page, `console diversion (${name})`, { within: '#main' });
  await page.evaluate(() => document.querySelector('[data-divert="amb-d"]')?.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(SHOTS, `console-diversion-${name}.png`) });
  return text;
}

for (const lang of ['en', 'uk'] as const) {
  test(`the dispatcher sees a proposed diversion (${lang}, 360 and 1280 px)`, async () => {
    for (const size of [1280, 360] as const) {
      await pages.use('dispatcher', lang, size, async (page) => {
        const text = await seeDiversion(page, `${size}-${lang}`);
        assert.match(text, lang === 'en' ? /Diversion/ : /Перенаправлення/);
        assert.match(text, /Medevac-7/);
        // The pickup on the 24-h clock (HH:MM, with the day in front when it falls after midnight), and the casualty it
        // leaves named.
        assert.match(text, new RegExp((lang === 'en' ? 'pickup at ' : 'підбір о ') + PICKUP_AT));
        assert.match(text, lang === 'en' ? /waits for a vehicle again/ : /знову чекає на транспорт/);
        assert.doesNotMatch(text, /\b(AM|PM)\b/);
        const button = await page.evaluate(() => {
          const b = document.querySelector<HTMLElement>('[data-divert="amb-d"] [data-accept]');
          const r = b?.getBoundingClientRect();
          return r ? { w: r.width, h: r.height, text: b!.textContent } : null;
        });
        assert.ok(button && button.h >= 48 && button.w >= 48, `accept button ${JSON.stringify(button)}`);
        assert.equal(button.text, lang === 'en' ? 'Accept the diversion' : 'Прийняти перенаправлення');
      });
    }
  });
}

test('accepting the diversion records the assignment through the door; the casualty left waits again', async () => {
  await pages.use('dispatcher', 'en', 1280, async (page) => {
    await seeDiversion(page, 'accept-1280-en');
    // One atomic act: the plan re-renders on live data, so no element handle is held across an await.
    const clicked = await page.evaluate((id) => {
      const b = document.querySelector<HTMLButtonElement>(`[data-divert="amb-d"] [data-accept="${id}"]`);
      b?.click();
      return !!b;
    }, WORSE);
    assert.ok(clicked, 'the diversion proposes the worse casualty');
    await page.waitForSelector('[data-divert]', { state: 'detached', timeout: 30_000 });
    // On the board the casualty it left waits again: no vehicle shown on it, and the ambulance is on one job.
    await page.waitForFunction(([far, worse]) => document.querySelector(`[data-evac="${far}"]`) !== null && document.querySelector(`[data-evac="${far}"] [data-assigned]`) === null
      && document.querySelector(`[data-evac="${worse}"] [data-assigned="amb-d"]`) !== null && document.querySelectorAll('[data-vehicle="amb-d"] [data-on-job]').length === 1, [FAR, WORSE], { timeout: 30_000 });
    const worse = await env.server.api<{ casualty: { state: { vehicleId: string | null; stage: string } }; events: { type: string }[] }>(`/api/casualties/${WORSE}`);
    assert.deepEqual([worse.casualty.state.stage, worse.casualty.state.vehicleId], ['assigned', 'amb-d']);
    assert.equal(worse.events.filter((e) => e.type === 'evac.assigned').length, 1, 'the assignment is in the log');
    // Re-planned once on this leg, the ambulance carries on (DISP-20); the casualty it left is waiting, and with no
    // other vehicle the plan proposes nothing more.
    const plan = await env.server.api<{ plan: { vehicleId: string; divertFrom?: string[] }[] }>('/api/dispatch/plan', { user: 'dispatcher' });
    assert.deepEqual(plan.plan, []);
  });
});
