// Write oracle (attack probe of session 16, fixed in session 18). The write routes told a medic that a casualty of
// another unit EXISTS (403 "casualty outside your unit or facility") where an unknown id got 404 (append) or 201
// (registration), though reads answered 404 for both: ids could be probed (tag ids of incidents declared without a
// tag key are public arithmetic, so it told who was tagged). Now the casualty log's door answers a write to a casualty
// or incident outside the writer's scope exactly as one to an unknown id, status and message; only a registration
// (or declaration), which would open an unknown id, is refused as an id taken (409), never 403 (docs/security.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTagKey, uuidv7 } from '../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
type Who = { username: string; headers: { authorization: string } };

for (const db of ['sqlite', 'postgres'] as const)
test(`a write to a casualty or incident outside the caller's scope answers as for an unknown id (${db})`, async () => {
  const t = await authTestAppOn(db);
  const send = async (who: Who, url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    return { status: r.statusCode, body: r.body };
  };
  /** Status, code and message, with the id written as ID: what tells one id from another. */
  const shape = (r: { status: number; body: string }, id: string) => {
    const e = (JSON.parse(r.body) as { error?: { code: string; message: string } }).error;
    return `${r.status} ${e?.code ?? 'ok'} ${e?.message.replaceAll(id, 'ID') ?? ''}`;
  };
  const admin = await createUserAndLogin(t, 'admin');
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
  // b-coy's casualty (with a note whose id leaked) and b-coy's incident.
  const theirs = uuidv7();
  const noteId = uuidv7();
  assert.equal((await send(admin, '/api/casualties', { id: theirs, injuredAt: ago(20), unitId: 'b-coy' })).status, 201);
  assert.equal((await send(medicB, `/api/casualties/${theirs}/events`, { events: [{ id: noteId, type: 'note', at: ago(10), payload: { text: 'b' } }] })).status, 200);
  const inc = uuidv7();
  const declare = { type: 'incident.declared', at: ago(25), payload: { kind: 'strike', position: { lat: 48.5, lon: 37.9 }, unitId: 'b-coy', tagKey: newTagKey() } };
  assert.equal((await send(medicB, `/api/incidents/${inc}/events`, { events: [declare] })).status, 200);
  const stored = async () => (await t.store.eventsOf(theirs)).length + (await t.store.eventsOf(inc)).length;
  const before = await stored();

  /** The same write to an unknown id and to the hidden one: the same answer, and nothing stored. */
  const same = async (who: Who, hidden: string, write: (id: string) => [string, object], what: string) => {
    const unknown = uuidv7();
    const a = shape(await send(who, ...write(unknown)), unknown);
    const b = shape(await send(who, ...write(hidden)), hidden);
    assert.equal(b, a, `${what}: an existing id outside the scope answers ${b}, an unknown id ${a}`);
    return a;
  };
  const note = { type: 'note', at: ago(1), payload: { text: 'x' } };
  const push = (id: string, e: object) => ({ id: uuidv7(), casualtyId: id, recordedAt: ago(1), author: medic.username, deviceId: 'phone-1', ...e });
  assert.match(await same(medic, theirs, (id) => [`/api/casualties/${id}/events`, { events: [note] }], 'append'), /^404 not_found unknown casualty ID/);
  assert.match(await same(medic, theirs, (id) => ['/api/sync/push', { events: [push(id, note)] }], 'sync push'), /^404 not_found unknown casualty ID/);
  // A correction of the hidden casualty's own event: as an unknown id's correction of an event stored nowhere (an
  // event of a stream outside the scope does not exist for the writer: test/attack/event-id-oracle.int.test.ts).
  const amend = { type: 'amend', at: ago(1), payload: { target: noteId, changes: { text: 'y' }, reason: 'r' } };
  assert.match(await same(medic, theirs, (id) => [`/api/casualties/${id}/events`, { events: [amend] }], 'amend'), /^404 not_found correction target/);
  const voidOf = (target: string) => ({ type: 'void', at: ago(1), payload: { target, reason: 'r' } });
  assert.match(await same(medic, theirs, (id) => [`/api/casualties/${id}/events`, { events: [voidOf(uuidv7())] }], 'void of an unknown event'), /^404 not_found correction target/);
  // The receiving facility's irreversible transition, to a casualty not on its way: as an unknown id.
  const arrival = { type: 'arrival', at: ago(1), payload: { facilityId: 'r2-a' } };
  assert.match(await same(clerk, theirs, (id) => [`/api/casualties/${id}/events`, { events: [arrival] }], 'arrival'), /^404/);
  // A registration naming another author is refused alike (before anything says whether the id is taken).
  assert.match(await same(medic, theirs, (id) => ['/api/casualties', { id, injuredAt: ago(5), unitId: 'a-coy', author: 'someone-else' }], 'registration as another author'), /^403 forbidden .*author must be/);
  // Incidents: another unit's incident, and a casualty's id used as an incident's, are unknown incidents.
  const update = { type: 'incident.updated', at: ago(1), payload: { hazards: ['x'] } };
  assert.match(await same(medic, inc, (id) => [`/api/incidents/${id}/events`, { events: [update] }], 'incident update'), /^404 not_found unknown incident ID/);
  assert.match(await same(medic, theirs, (id) => [`/api/incidents/${id}/events`, { events: [update] }], 'incident update of a casualty id'), /^404 not_found unknown incident ID/);
  assert.match(await same(medic, inc, (id) => [`/api/casualties/${id}/events`, { events: [note] }], 'append to an incident id'), /^404 not_found unknown casualty ID/);

  // Registering (or declaring) an id that exists for someone else: it cannot be registered, and is not a 403.
  const taken = /^409 conflict ID is taken: register it under a new id$/;
  const registered = { type: 'registered', at: ago(20), payload: { injuredAt: ago(20) } };
  const tries: [string, string, string, object][] = [
    ['POST /api/casualties', theirs, '/api/casualties', { id: theirs, injuredAt: ago(20), unitId: 'a-coy' }],
    ['a registered event', theirs, `/api/casualties/${theirs}/events`, { events: [registered, note] }],
    ['sync push of a registration', theirs, '/api/sync/push', { events: [push(theirs, registered)] }],
    ['a casualty at the incident\'s id', inc, '/api/casualties', { id: inc, injuredAt: ago(20), unitId: 'a-coy' }],
    ['a declaration of the incident', inc, `/api/incidents/${inc}/events`, { events: [declare] }],
    ['a declaration at the casualty\'s id', theirs, `/api/incidents/${theirs}/events`, { events: [declare] }],
  ];
  for (const [what, id, url, payload] of tries) {
    const r = await send(medic, url, payload);
    assert.match(shape(r, id), taken, `${what}: ${r.status} ${r.body}`);
  }
  assert.equal(await stored(), before, 'nothing of the refused writes was stored');
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${theirs}`, headers: medic.headers })).statusCode, 404, 'and it still does not exist for the medic');

  // Those in scope are unchanged: b-coy's medic writes; a repeat registration answers the casualty; a stream id is
  // still one kind or the other (409 naming both kinds, to those who see it).
  assert.equal((await send(medicB, `/api/casualties/${theirs}/events`, { events: [note] })).status, 200);
  assert.equal((await send(medicB, '/api/casualties', { id: theirs, injuredAt: ago(20), unitId: 'b-coy' })).status, 200);
  assert.match((await send(medicB, '/api/casualties', { id: inc, injuredAt: ago(20), unitId: 'b-coy' })).body, /names a casualty and an incident at once/);
  assert.equal((await send(medicB, `/api/incidents/${inc}/events`, { events: [update] })).status, 200);
});
