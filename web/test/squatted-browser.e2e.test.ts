// Session 28: a browser whose id another user's key held. A session names its browser by the client's word, so a
// clerk who read a medic's browser id on an event signed in under it and registered a key first; the medic's phone
// then met a 409 at its first sync, its codes named a device whose key was the clerk's, and its hand-overs were
// refused until an administrator enrolled it. Now the server registers the phone's key under a fresh id of its own,
// the app adopts it, and the relay scene carries on to the arrival: the desk's "Arrived" is taken, by the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../../src/core/index.ts';
import type { StoredEvent } from '../../src/core/index.ts';
import { e2eSuite, seedDemo } from './harness.ts';
import { handedOver } from './relay-scene.ts';

const env = e2eSuite({ prepare: seedDemo });
const FAC = 'r2-kramatorsk';
const SQUATTED = 'web-5a7e00c0ffee';

test('a squatted browser registers its key under a fresh id, and its hand-over admits at the desk (en)', { timeout: 300_000 }, async () => {
  const { desk, medic, id, close } = await handedOver(env, 'en', { squatted: SQUATTED });
  try {
    const device = await medic.page.evaluate(() => localStorage.getItem('gh.device'));
    assert.match(device ?? '', /^web-[0-9a-f]{12}$/);
    assert.notEqual(device, SQUATTED);
    const code = (await medic.page.getAttribute('#handover-qr', 'data-code'))!;
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    await desk.page.goto(`/#/facility/${FAC}`);
    await desk.page.locator(`[data-handed-arrival="${id}"]`).click();
    await desk.page.locator(`[data-patient="${id}"]`).waitFor({ timeout: 60_000 });
    await desk.page.waitForSelector('#outbox[data-pending="0"][data-rejected="0"]', { state: 'attached', timeout: 60_000 });
    const { events } = await env.server.api<{ events: StoredEvent[] }>(`/api/casualties/${id}`);
    assert.deepEqual([fold(id, events, new Date().toISOString()).facilityId], [FAC]);
    assert.equal((events.find((e) => e.type === 'arrival')!.payload as { handover?: string }).handover, code);
  } finally {
    await close();
  }
});
