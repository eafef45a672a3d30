// SYNC-22: a facility desk records the arrival at its own facility of a casualty handed over to it by code (SYNC-17),
// outside its scope until then. Its arrival carries the medic's signed code; the server verifies it (the signer's
// registered key, the code's casualty, made in the last 72 h, signed by a device of someone who wrote to the casualty)
// and takes the arrival, which brings the casualty into the facility's scope. Before, the arrival was answered as one
// to an unknown casualty (404: "not yet"), and waited in the desk's outbox for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { ago, handoverScene } from '../../test/support/handover.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-22 a desk's arrival with the medic's hand-over code brings the casualty into its facility's scope (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, casualty, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const dispatcher = await createUserAndLogin(t, 'dispatcher');
  const { id, log } = await casualty(medic, 'a-coy');
  // The dispatcher sent a vehicle, to no facility yet: the leg ends at the casualty's arrival.
  assert.equal((await send(dispatcher, `/api/casualties/${id}/events`, { events: [{ type: 'evac.assigned', at: ago(5), payload: { vehicleId: 'amb-1' } }] })).status, 200);
  const code = await (await signer(medic)).code(id, log);
  // The desk relays the medic's events (duplicates, SYNC-1): the casualty stays outside its scope.
  const copies = log.map((e) => ({ id: e.id, type: e.type, at: e.at, payload: e.payload }));
  assert.equal((await send(clerk, `/api/casualties/${id}/events`, { events: copies })).body.casualty, null);
  assert.equal((await get(clerk, `/api/casualties/${id}`)).status, 404);

  // An arrival without the code is answered as before: the casualty does not exist for the clerk.
  const bare = await send(clerk, `/api/casualties/${id}/events`, { events: [arrival('r2-a')] });
  assert.deepEqual([bare.status, bare.body.error?.message], [404, `unknown casualty ${id} (register it first, or include a registered event)`]);

  // With the code: stored, and the casualty is the clerk's, at its facility.
  const arrived = arrival('r2-a', code);
  const ok = await send(clerk, `/api/casualties/${id}/events`, { events: [...copies, arrived] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.accepted, ok.body.duplicates], [1, 2]);
  const shown = ok.body.casualty as { stage: string; facilityId: string } | null;
  assert.deepEqual([shown?.stage, shown?.facilityId], ['at-facility', 'r2-a']);
  const card = await get(clerk, `/api/casualties/${id}`);
  assert.equal(card.status, 200);
  const events = card.body.events as StoredEvent[];
  assert.deepEqual(events.map((e) => [e.type, e.author]), [['registered', medic.username], ['note', medic.username], ['evac.assigned', dispatcher.username], ['arrival', clerk.username]]);
  assert.equal((events[3]!.payload as { handover?: string }).handover, code, 'the proof is kept with the arrival');
  // The dispatcher's view: arrived at r2-a, the vehicle's leg over.
  const seen = fold(id, (await get(dispatcher, `/api/casualties/${id}`)).body.events as StoredEvent[], new Date().toISOString());
  assert.deepEqual([seen.stage, seen.facilityId], ['at-facility', 'r2-a']);
  // A re-send (the answer was lost) is a duplicate; the clerk now records what follows as any receiving facility.
  const again = await send(clerk, `/api/casualties/${id}/events`, { events: [arrived] });
  assert.deepEqual([again.status, again.body.duplicates], [200, 1]);
  assert.equal((await send(clerk, `/api/casualties/${id}/events`, { events: [{ type: 'surgery.started', at: ago(0), payload: { facilityId: 'r2-a' } }] })).status, 200);

  // Through the sync push alike (a second casualty).
  const other = await casualty(medic, 'a-coy');
  const pushed = await send(clerk, '/api/sync/push', { events: [{ ...arrival('r2-a', await (await signer(medic)).code(other.id, other.log)), casualtyId: other.id, recordedAt: ago(0), author: clerk.username, deviceId: 'desk-1' }] });
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  assert.equal((await get(clerk, `/api/casualties/${other.id}`)).status, 200);
});
