// Issue 11 on the console: a vehicle with a casualty aboard fetches a critical one on its way (SIM-19, DISP-95). An
// ambulance loaded a casualty 22 km out five minutes ago and drives it to R2 East; a critical casualty is reported
// 2 km off its way. The dispatcher sees an addition to the leg that says the ambulance has casualties aboard (not an
// empty "on its way to …"), in Ukrainian and English at 360 and 1280 px; accepting it writes the new casualty's
// assignment only, marked as adding to the leg, and the one aboard stays aboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { desktop, e2eSuite, phone } from './harness.ts';
import type { Server } from './harness.ts';
import { acceptTrip, PICKUP_AT, reported, seeAddition } from './leg-scene.ts';

const ABOARD = uuidv7();
const CRITICAL = uuidv7();
const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();


/** R2 East; an ambulance that loaded ABOARD (RPM 8) 22 km north 5 min ago; CRITICAL (RPM 5) reported 2 km off its way. */
async function scene(s: Server): Promise<void> {
  const base = { lat: 48.5, lon: 37.7 };
  const far = { lat: 48.7, lon: 37.7 };
  await s.api('/api/facilities', { body: { id: 'r2-east', name: 'R2 East', role: 'R2', position: base, beds: 10, surgicalTables: 2 } });
  await s.api('/api/vehicles', { body: { id: 'amb-x', name: 'Medevac-9', kind: 'ambulance', litter: 2, seated: 2, speedKmh: 60, medic: true, baseFacilityId: 'r2-east', position: base } });
  await s.api('/api/sync/push', { user: 'medic', body: { events: reported({ id: ABOARD, minutesAgo: 40, at: far, vitals: { rr: 16, pulse: 90, gcs: 3 }, callSign: 'Far-3', precedence: 'A', type: 'L' }) } });
  await s.api('/api/sync/push', { user: 'dispatcher', body: { events: [{ id: uuidv7(), casualtyId: ABOARD, type: 'evac.assigned', at: ago(40), payload: { vehicleId: 'amb-x', facilityId: 'r2-east' } }] } });
  await s.api('/api/sync/push', { user: 'medic', body: { events: [{ id: uuidv7(), casualtyId: ABOARD, type: 'pickup', at: ago(5), payload: { vehicleId: 'amb-x', position: far } }] } });
  await s.api('/api/sync/push', { user: 'medic', body: { events: reported({ id: CRITICAL, minutesAgo: 0, at: { lat: 48.6, lon: 37.727 }, vitals: { rr: 16, pulse: 50, gcs: 3 }, callSign: 'Near-4', precedence: 'A', type: 'L' }) } });
}

const env = e2eSuite({ facilities: ['r2-east'], prepare: scene });


for (const lang of ['en', 'uk'] as const) {
  test(`SIM-19 the dispatcher sees a loaded vehicle fetch a critical casualty on its way (${lang}, 360 and 1280 px)`, async () => {
    for (const [size, open] of [['1280', desktop], ['360', phone]] as const) {
      const { ctx, page } = await open(env.browser, env.server.url, lang);
      try {
        const text = await seeAddition(page, 'amb-x', `aboard-${size}-${lang}`);
        assert.match(text, /Medevac-9/);
        assert.match(text, new RegExp((lang === 'en' ? 'has casualties aboard and fetches this one on its way, pickup at ' : 'везе поранених і дорогою забере цього пораненого, підбір о ') + PICKUP_AT));
        assert.doesNotMatch(text, lang === 'en' ? /on its way to\s+and|Diversion/ : /їде до:\s+і|Перенаправлення/);
      } finally {
        await ctx.close();
      }
    }
  });
}

test('SIM-19 accepting writes the new casualty only, marked as adding to the leg; the one aboard stays aboard', async () => {
  const { ctx, page } = await desktop(env.browser, env.server.url, 'en');
  try {
    await seeAddition(page, 'amb-x', 'aboard-accept-1280-en');
    const clicked = await acceptTrip(page, 'amb-x');
    assert.ok(clicked);
    await page.waitForFunction((critical) => document.querySelector(`[data-evac="${critical}"] [data-assigned="amb-x"]`) !== null, CRITICAL, { timeout: 30_000 });
    type Answer = { casualty: { state: { vehicleId: string | null; stage: string } }; events: { type: string; payload: { addsToLeg?: boolean } }[] };
    const critical = await env.server.api<Answer>(`/api/casualties/${CRITICAL}`);
    const aboard = await env.server.api<Answer>(`/api/casualties/${ABOARD}`);
    assert.deepEqual(critical.events.filter((e) => e.type === 'evac.assigned').map((e) => e.payload.addsToLeg), [true]);
    assert.equal(aboard.events.filter((e) => e.type === 'evac.assigned').length, 1, 'the one aboard is not assigned again');
    assert.equal(aboard.casualty.state.vehicleId, 'amb-x');
    const plan = await env.server.api<{ plan: unknown[] }>('/api/dispatch/plan', { user: 'dispatcher' });
    assert.deepEqual(plan.plan, [], 'the live plan reads one leg: nothing more to propose');
  } finally {
    await ctx.close();
  }
});
