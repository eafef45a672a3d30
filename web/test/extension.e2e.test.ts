// Issue 11 on the console: a vehicle on its way carries on and adds a casualty to its leg (SIM-15, DISP-23). An
// ambulance sent ten minutes ago to a minor casualty 25 km out has picked no one up; a critical one is reported beside
// it. The dispatcher sees an addition, not a diversion (whom the ambulance goes on to, the pickup time on the 24-h
// clock), in Ukrainian and English at 360 and 1280 px; accepting it writes the added casualty's assignment only,
// marked as adding to the leg, so the live plan keeps reading one leg (the first casualty is not left behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { desktop, e2eSuite, phone } from './harness.ts';
import { acceptTrip, legScene, PICKUP_AT, seeAddition } from './leg-scene.ts';

const MINOR = uuidv7();
const CRITICAL = uuidv7();

const env = e2eSuite({
  facilities: ['r2-east'],
  prepare: legScene({ id: 'amb-x', name: 'Medevac-9' },
    // Minor (RPM 11), 25 km out; the ambulance was sent to it 10 minutes ago.
    { id: MINOR, minutesAgo: 10, at: { lat: 48.65, lon: 37.95 }, vitals: { rr: 16, pulse: 90, gcs: 10 }, callSign: 'Far-3', precedence: 'C', type: 'A' },
    // Critical (RPM 5), just reported beside it.
    { id: CRITICAL, minutesAgo: 0, at: { lat: 48.655, lon: 37.96 }, vitals: { rr: 16, pulse: 50, gcs: 3 }, callSign: 'Near-4', precedence: 'C', type: 'A' }),
});


for (const lang of ['en', 'uk'] as const) {
  test(`SIM-15 the dispatcher sees a vehicle carry on and add a casualty, not a diversion (${lang}, 360 and 1280 px)`, async () => {
    for (const [size, open] of [['1280', desktop], ['360', phone]] as const) {
      const { ctx, page } = await open(env.browser, env.server.url, lang);
      try {
        const text = await seeAddition(page, 'amb-x', `addition-${size}-${lang}`);
        assert.match(text, /Medevac-9/);
        // One clock format: 24-hour hh:mm, with the day (dd.mm) in front when the pickup falls on another day than now
        // (a run near midnight: CI once read "pickup at 03.12 00:28").
        assert.match(text, new RegExp((lang === 'en' ? 'carries on: this casualty is added after, pickup at ' : 'продовжує рейс: цього пораненого забере після, підбір о ') + PICKUP_AT));
        assert.doesNotMatch(text, lang === 'en' ? /Diversion|waits for a vehicle again/ : /Перенаправлення|знову чекає/);
        assert.doesNotMatch(text, /\b(AM|PM)\b/);
        const button = await page.evaluate(() => {
          const r = document.querySelector<HTMLElement>('[data-trip="amb-x"] [data-accept]')?.getBoundingClientRect();
          return r ? { w: r.width, h: r.height } : null;
        });
        assert.ok(button && button.h >= 48 && button.w >= 48, `accept button ${JSON.stringify(button)}`);
      } finally {
        await ctx.close();
      }
    }
  });
}

test('SIM-15 accepting the addition writes the added casualty only, marked as adding to the leg; the first stays assigned', async () => {
  const { ctx, page } = await desktop(env.browser, env.server.url, 'en');
  try {
    await seeAddition(page, 'amb-x', 'addition-accept-1280-en');
    const clicked = await acceptTrip(page, 'amb-x');
    assert.ok(clicked);
    await page.waitForFunction(([minor, critical]) => document.querySelector(`[data-evac="${minor}"] [data-assigned="amb-x"]`) !== null
      && document.querySelector(`[data-evac="${critical}"] [data-assigned="amb-x"]`) !== null && document.querySelectorAll('[data-vehicle="amb-x"] [data-on-job]').length === 2, [MINOR, CRITICAL], { timeout: 30_000 });
    type Answer = { casualty: { state: { vehicleId: string | null; stage: string } }; events: { type: string; payload: { addsToLeg?: boolean } }[] };
    const critical = await env.server.api<Answer>(`/api/casualties/${CRITICAL}`);
    const minor = await env.server.api<Answer>(`/api/casualties/${MINOR}`);
    assert.deepEqual(critical.events.filter((e) => e.type === 'evac.assigned').map((e) => e.payload.addsToLeg), [true]);
    assert.equal(minor.events.filter((e) => e.type === 'evac.assigned').length, 1, 'the first casualty is not assigned again');
    assert.deepEqual([minor.casualty.state.stage, minor.casualty.state.vehicleId], ['assigned', 'amb-x']);
    // The live plan reads one leg going on to both: nobody is left waiting, so nothing more is proposed.
    const plan = await env.server.api<{ plan: unknown[] }>('/api/dispatch/plan', { user: 'dispatcher' });
    assert.deepEqual(plan.plan, []);
  } finally {
    await ctx.close();
  }
});
