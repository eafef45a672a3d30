// SYNC-17: a medic's phone hands a casualty over by code while offline, and the desk that read the code reaches the
// server first. The desk's copy of the medic's records carries the code's text (`handovers`); the door stores each
// record the code signs, with that content, under the code's author and device, and the audit entry of the append
// names the desk as having relayed them. Before, every record was stored with the desk's user and device (the only
// author the server took from a writer); the medic's own upload later was acknowledged as duplicates, so the desk
// stayed the author of the medic's tourniquet on every device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { ago, copiesOf, handoverScene, offlineCasualty } from '../../test/support/handover.ts';

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-17 records a desk relays before the medic reaches a server are stored as the medic's, the desk named as relaying them (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { send, get, signer, arrival } = handoverScene(t);
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const phone = await signer(medic);
  const desk = await signer(clerk);
  const { id, log } = offlineCasualty(medic, phone.device);
  const code = await phone.code(id, log);

  const head = (await t.store.logAuditHead()).seq;
  const relayed = await send(clerk, `/api/casualties/${id}/events`, { events: copiesOf(log), handovers: [code] });
  assert.equal(relayed.status, 200, JSON.stringify(relayed.body));
  assert.equal(relayed.body.accepted, 3);
  assert.equal(relayed.body.casualty, null, 'the medic\'s casualty, outside the desk\'s scope: answered as a duplicate batch is (SYNC-1)');
  const stored = await t.store.eventsOf(id);
  assert.deepEqual(stored.map((e) => [e.type, e.author, e.deviceId]), log.map((e) => [e.type, medic.username, phone.device]), 'the medic\'s records, as the medic\'s');
  // The audit entry of that append (same transaction) says who relayed them: the desk's user and device.
  const [entry] = await t.store.logAudit(head, 10);
  assert.deepEqual([entry?.actor, entry?.deviceId], [clerk.username, desk.device]);
  assert.deepEqual(entry?.detail.relayed, { by: clerk.username, deviceId: desk.device, events: log.map((e) => ({ id: e.id, author: medic.username, deviceId: phone.device })) });
  assert.deepEqual(entry?.events.map(([eid]) => eid), log.map((e) => e.id));

  // The medic's phone reaches the server later: its own records are duplicates, the authorship already its own.
  const own = await send(medic, `/api/casualties/${id}/events`, { events: log.map(({ seq: _s, receivedAt: _r, ...e }) => e) });
  assert.deepEqual([own.status, own.body.duplicates], [200, 3], JSON.stringify(own.body));
  assert.deepEqual(((await get(medic, `/api/casualties/${id}`)).body.events as StoredEvent[]).map((e) => e.author), log.map(() => medic.username));
  // The casualty is the medic's: the desk, having written nothing of its own, sees it once it arrives (SYNC-22).
  assert.equal((await get(clerk, `/api/casualties/${id}`)).status, 404);
  const arrived = await send(clerk, `/api/casualties/${id}/events`, { events: [arrival('r2-a', code)] });
  assert.equal(arrived.status, 200, JSON.stringify(arrived.body));
  const card = (await get(clerk, `/api/casualties/${id}`)).body.events as StoredEvent[];
  assert.deepEqual(card.map((e) => e.author), [...log.map(() => medic.username), clerk.username]);

  // Through the sync push alike, with a code 5 days old: the signature is the evidence of authorship, not a pass
  // into the desk's scope, so its age does not matter here (it does for an arrival, SYNC-22).
  const other = offlineCasualty(medic, phone.device);
  const old = await phone.code(other.id, other.log, Date.now() - 5 * 24 * 3_600_000);
  const pushed = await send(clerk, '/api/sync/push', { events: copiesOf(other.log).map((e) => ({ ...e, casualtyId: other.id, recordedAt: ago(0), author: clerk.username, deviceId: desk.device })), handovers: [old] });
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  assert.deepEqual((await t.store.eventsOf(other.id)).map((e) => [e.author, e.deviceId]), other.log.map(() => [medic.username, phone.device]));

  // The desk's arrival by code in the same batch as the relayed records (its outbox sends a casualty's records as one):
  // the records the medic's, the arrival the desk's, the casualty at its facility.
  const third = offlineCasualty(medic, phone.device);
  const thirdCode = await phone.code(third.id, third.log);
  const both = await send(clerk, `/api/casualties/${third.id}/events`, { events: [...copiesOf(third.log), arrival('r2-a', thirdCode)], handovers: [thirdCode] });
  assert.equal(both.status, 200, JSON.stringify(both.body));
  assert.deepEqual((await t.store.eventsOf(third.id)).map((e) => [e.type, e.author]), [...third.log.map((e) => [e.type, medic.username]), ['arrival', clerk.username]]);
  const at = (await get(clerk, `/api/casualties/${third.id}`)).body.casualty as { stage: string; facilityId: string } | undefined;
  assert.deepEqual([at?.stage, at?.facilityId], ['at-facility', 'r2-a']);
});
