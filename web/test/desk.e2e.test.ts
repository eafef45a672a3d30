// SYNC-22: the relay scene (SYNC-17) carried on to the arrival. A medic's casualty, on a vehicle's leg the dispatcher
// sent to no facility yet, is handed over by code to a facility desk outside whose scope it is. The desk's facility
// screen lists it under "Handed over by code"; "Arrived" records the arrival with the medic's code as its proof, and the
// server takes it: the casualty is then on the desk's live list at the facility, its outbox is all sent, the
// dispatcher's console no longer shows the vehicle on that job, and the timeline shows the arrival. Before, the desk had
// no arrival for it, and an arrival it sent was answered as one to an unknown casualty (404): pending for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSuite, seedDemo, axe, goTo, sharedPages, shot } from './harness.ts';
import { handedOver } from './relay-scene.ts';
import { fold } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';

const env = e2eSuite({ prepare: seedDemo });
/** The dispatcher's console (English, 1280 px), signed in once for the four runs; the desk and the medic's phone stay fresh (devices). */
const consoles = sharedPages(env);
const FAC = 'r2-kramatorsk';
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const [lang, width] of [['uk', 360], ['en', 360], ['uk', 1280], ['en', 1280]] as const)
test(`SYNC-22: a desk records the arrival of a casualty handed over by code (${lang}, ${width} px)`, { timeout: 300_000 }, async () => {
  const { desk, id, close } = await handedOver(env, lang, { deskOnPhone: width === 360 });
  try {
    await consoles.use('dispatcher', 'en', 1280, async (dispatcher) => {
      await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
      // The dispatcher sends amb-1 to the casualty, to no facility yet (a facility named would put it in that one's scope).
      await env.server.api(`/api/casualties/${id}/events`, { user: 'dispatcher', body: { events: [
        { type: 'evac.requested', at: ago(3), payload: { nineLine: { location: { lat: 48.59, lon: 37.9 }, callSign: 'DUSTOFF 21', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
        { type: 'evac.assigned', at: ago(2), payload: { vehicleId: 'amb-1' } },
      ] } });
      await goTo(dispatcher, '#/console', `[data-vehicle="amb-1"] [data-on-job="${id}"]`);

      await desk.page.goto(`/#/facility/${FAC}`);
      const handed = desk.page.locator(`[data-handed="${id}"]`);
      await handed.waitFor({ timeout: 30_000 });
      await axe(desk.page, `the desk's hand-over section (${lang}, ${width} px)`, { within: '#main' });
      await desk.page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), `[data-handed="${id}"]`); // atomic: a live re-render may replace the node
      await shot(desk.page, `desk-handed-${width}-${lang}`);
      await desk.page.locator(`[data-handed-arrival="${id}"]`).click();

      // On the desk's live list, at the facility; the section empty; the outbox all sent.
      const card = desk.page.locator(`[data-patient="${id}"]`);
      await card.waitFor({ timeout: 60_000 });
      await desk.page.waitForFunction((cid) => document.querySelector(`[data-patient="${cid}"] .chip`)?.textContent === (document.documentElement.lang === 'uk' ? 'У закладі' : 'At facility'), id, { timeout: 30_000 });
      await handed.waitFor({ state: 'detached', timeout: 30_000 });
      assert.equal(await desk.page.locator(`[data-arrival="${id}"]`).isDisabled(), true, 'arrived: no second arrival');
      await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
      await axe(desk.page, `the desk after the arrival (${lang}, ${width} px)`, { within: '#main' });
      await desk.page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), `[data-patient="${id}"]`); // atomic: a live re-render may replace the node
      await shot(desk.page, `desk-arrived-${width}-${lang}`);

      // The server: arrived at the facility, by the desk, with the code; the leg over on the dispatcher's console.
      const { events } = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
      const s = fold(id, events, new Date().toISOString());
      assert.deepEqual([s.stage, s.facilityId], ['at-facility', FAC]);
      const arrival = events.find((e) => e.type === 'arrival')!;
      assert.equal(arrival.author, 'facility');
      assert.match((arrival.payload as { handover?: string }).handover ?? '', /^GH:/);
      await dispatcher.waitForSelector(`[data-on-job="${id}"]`, { state: 'detached', timeout: 30_000 });

      // The timeline, on the desk: the arrival among the medic's records.
      await desk.page.goto(`/#/c/${id}/timeline`);
      await desk.page.waitForSelector('#timeline [data-type="arrival"]', { timeout: 30_000 });
      // Every record, the dispatcher's pulled once the casualty is in the desk's scope.
      await desk.page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, events.length, { timeout: 30_000 });
    });
  } finally {
    await close();
  }
});
