// A casualty handed over by code (SYNC-17) to a facility desk it is not yet travelling to: the desk sends the medic's
// events under their ids. They are stored already with the same clinical content, so they are duplicates (SYNC-1)
// whoever sends them: acknowledged, storing nothing, with no seq and no casualty to a caller outside its scope. Before,
// the door refused the registration as "<id> is taken" and the desk offered to record it again as a new casualty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
type Who = { username: string; headers: { authorization: string } };

for (const db of ['sqlite', 'postgres'] as const)
test(`SYNC-1 events stored with the same content are duplicates for a writer outside the casualty's scope (${db})`, async () => {
  const t = await authTestAppOn(db);
  const send = async (who: Who, url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> & { error?: { message: string } } };
  };
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  const id = uuidv7();
  const noteId = uuidv7();
  assert.equal((await send(medic, '/api/casualties', { id, injuredAt: ago(20), unitId: 'a-coy' })).status, 201);
  assert.equal((await send(medic, `/api/casualties/${id}/events`, { events: [{ id: noteId, type: 'note', at: ago(10), payload: { text: 'tq 10:02' } }] })).status, 200);
  const log = await t.store.eventsOf(id);
  assert.equal(log.length, 2);
  const headBefore = await t.store.head();
  // As the desk keeps them from the code: ids, types, times and payloads; the desk's own author and device.
  const copies = log.map((e) => ({ id: e.id, type: e.type, at: e.at, payload: e.payload }));

  const a = await send(clerk, `/api/casualties/${id}/events`, { events: copies });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.accepted, 0);
  assert.equal(a.body.duplicates, 2);
  assert.equal(a.body.casualty, null, 'the casualty stays outside the clerk\'s scope');
  assert.deepEqual(a.body.results, copies.map((c) => ({ id: c.id, duplicate: true })), 'no seq to a caller who may not see it');
  const push = await send(clerk, '/api/sync/push', { events: copies.map((c) => ({ ...c, casualtyId: id, recordedAt: ago(1), author: clerk.username, deviceId: 'desk-1' })) });
  assert.equal(push.status, 200, JSON.stringify(push.body));
  assert.deepEqual(push.body.results, copies.map((c) => ({ id: c.id, duplicate: true })));
  assert.equal(await t.store.head(), headBefore, 'nothing stored');

  // Anything new in the batch, or an id stored with other content, answers as before: the id is taken.
  const taken = new RegExp(`^${id} is taken: register it under a new id`);
  const fresh = await send(clerk, `/api/casualties/${id}/events`, { events: [...copies, { id: uuidv7(), type: 'note', at: ago(1), payload: { text: 'x' } }] });
  assert.equal(fresh.status, 409);
  assert.match(fresh.body.error!.message, taken);
  const changed = await send(clerk, `/api/casualties/${id}/events`, { events: [copies[0]!, { ...copies[1]!, payload: { text: 'tq 10:03' } }] });
  assert.equal(changed.status, 409);
  assert.match(changed.body.error!.message, taken);
  // The registration route alike: its repeat is a duplicate (200, no casualty); another content is taken.
  const injuredAt = (log[0]!.payload as { injuredAt: string }).injuredAt;
  const again = await send(clerk, '/api/casualties', { id, injuredAt, unitId: 'a-coy' });
  assert.deepEqual([again.status, again.body], [200, { casualty: null }]);
  const other = await send(clerk, '/api/casualties', { id, injuredAt, unitId: 'b-coy' });
  assert.equal(other.status, 409);
  assert.match(other.body.error!.message, taken);
  // The note alone, as a desk's later send of what is left: a duplicate too.
  const noteOnly = await send(clerk, `/api/casualties/${id}/events`, { events: [copies[1]!] });
  assert.equal(noteOnly.status, 200, JSON.stringify(noteOnly.body));
  assert.deepEqual(noteOnly.body.results, [{ id: noteId, duplicate: true }]);
  assert.equal(await t.store.head(), headBefore, 'nothing stored');
});
