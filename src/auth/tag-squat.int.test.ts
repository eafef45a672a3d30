// Tag squatting (attack probe of session 16, fixed in session 17). A tagged casualty's id was public arithmetic
// (SHA-256 of the incident id and the tag): a medic of ANOTHER unit who knew an incident id — it is on every linked
// casualty's card, e.g. the receiving facility's — could pre-register tags A1..An. Registered under the victims'
// unit, the squatter, as an author, read everything their medics later recorded (the real registration answered 200
// with the squatter's card); registered under a unit nobody holds, every real medic's registration and care on that
// tag were refused 403 mid-MCI. Now the declaration carries a random tag key mixed into the ids (SYNC-19), which only
// those who hold the incident's log know; the ids an outsider can compute are nobody's.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { foldIncident, newTagKey, tagCasualtyId, uuidv7 } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const place = { lat: 48.51, lon: 37.92 };
type Who = { username: string; headers: { authorization: string } };
type App = Awaited<ReturnType<typeof authTestApp>>;

/** The incident as b-coy's phone declares it (with a fresh tag key), and as another phone of b-coy folds it from a pull. */
async function declared(t: App, medic: Who): Promise<{ id: string; tagKey: string | null }> {
  const id = uuidv7();
  const d = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/events`, headers: medic.headers, payload: { events: [{ type: 'incident.declared', at: ago(25), payload: { kind: 'strike', position: place, unitId: 'b-coy', tagKey: newTagKey() } }] } });
  assert.equal(d.statusCode, 200, d.body);
  const one = await t.app.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: medic.headers });
  return foldIncident(id, (one.json() as { events: StoredEvent[] }).events);
}

test('SYNC-19 a medic of another unit who knows the incident id cannot pre-register its tags to read the victims\' unit\'s notes', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const squatter = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const incident = await declared(t, medic);
  assert.match(incident.tagKey ?? '', /^[0-9a-f]{32}$/);
  // What the squatter can compute from the incident id: the public (keyless) id. Registered under b-coy.
  const guess = tagCasualtyId({ id: incident.id, tagKey: null }, 'A1');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: squatter.headers, payload: { id: guess, injuredAt: ago(20), unitId: 'b-coy' } })).statusCode, 201);
  // b-coy's medic triages tag A1: a casualty of its own, not the squatted card.
  const id = tagCasualtyId(incident, 'A1');
  assert.notEqual(id, guess);
  const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id, injuredAt: ago(20), unitId: 'b-coy' } });
  assert.equal(reg.statusCode, 201, reg.body);
  const w = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: medic.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'HIV positive, name Ivan P.' } }] } });
  assert.equal(w.statusCode, 200, w.body);
  const r = await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: squatter.headers });
  assert.equal(r.statusCode, 404, `a-coy's medic reads b-coy's clinical note: ${r.body.slice(0, 200)}`);
  // Nor can it learn the key: the incident's log does not exist for it.
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: squatter.headers })).statusCode, 404);
});

test('SYNC-19 tags pre-registered under a unit nobody holds do not lock the real medics out of their casualties', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const squatter = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const incident = await declared(t, medic);
  for (const tag of ['A1', 'A2', 'A3']) {
    const guess = tagCasualtyId({ id: incident.id, tagKey: null }, tag);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: squatter.headers, payload: { id: guess, injuredAt: ago(20), unitId: 'zz-none' } })).statusCode, 201);
  }
  // At the strike, b-coy's medic scans tag A2 and records a tourniquet.
  const id = tagCasualtyId(incident, 'A2');
  const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id, injuredAt: ago(5), unitId: 'b-coy' } });
  const w = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: medic.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'tourniquet left thigh' } }] } });
  assert.deepEqual([reg.statusCode, w.statusCode], [201, 200], `the real medic is refused: registration ${reg.statusCode} ${reg.body}; care ${w.statusCode} ${w.body}`);
});

test('SYNC-19 the receiving facility reads a tagged casualty (incident id and tag) but nothing that gives the incident\'s other tags away', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const medic = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const clerk = await createUserAndLogin(t, 'facility', { facilities: ['r2'] });
  const incident = await declared(t, medic);
  const id = tagCasualtyId(incident, 'A1');
  const e = (type: string, payload: object) => ({ id: uuidv7(), casualtyId: id, type, at: ago(10), author: medic.username, deviceId: 'phone-b', recordedAt: ago(10), payload });
  const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [
    e('registered', { injuredAt: ago(20), position: place, unitId: 'b-coy' }),
    e('incident.linked', { incidentId: incident.id, tag: 'A1' }),
    e('destination', { facilityId: 'r2' }),
  ] } });
  assert.equal(push.statusCode, 200, push.body);
  const card = await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: clerk.headers });
  assert.equal(card.statusCode, 200, card.body);
  assert.ok(card.body.includes(incident.id) && !card.body.includes(incident.tagKey!), 'the card names the incident, never its tag key');
  for (const url of [`/api/incidents/${incident.id}`, '/api/sync/pull?after=0', '/api/incidents?status=all'])
    assert.ok(!(await t.app.inject({ method: 'GET', url, headers: clerk.headers })).body.includes(incident.tagKey!), `${url} gives the tag key away`);
});

test('SYNC-19 an incident declared without a tag key (an app before session 17) still works: its tags keep their public ids and converge', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const m1 = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const m2 = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const inc = uuidv7();
  const d = await t.app.inject({ method: 'POST', url: `/api/incidents/${inc}/events`, headers: m1.headers, payload: { events: [{ type: 'incident.declared', at: ago(25), payload: { kind: 'strike', position: place, unitId: 'b-coy' } }] } });
  assert.equal(d.statusCode, 200, d.body);
  const state = (d.json() as { incident: { id: string; tagKey: string | null } }).incident;
  assert.equal(state.tagKey, null);
  const id = tagCasualtyId(state, 'C7');
  assert.equal(id, tagCasualtyId({ id: inc, tagKey: null }, 'c-7'));
  for (const m of [m1, m2]) {
    const r = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: m.headers, payload: { events: [
      { id: uuidv7(), casualtyId: id, type: 'registered', at: ago(20), author: m.username, deviceId: `phone-${m.username}`, recordedAt: ago(20), payload: { injuredAt: ago(20), unitId: 'b-coy' } },
      { id: uuidv7(), casualtyId: id, type: 'incident.linked', at: ago(20), author: m.username, deviceId: `phone-${m.username}`, recordedAt: ago(20), payload: { incidentId: inc, tag: 'C7' } },
    ] } });
    assert.equal(r.statusCode, 200, r.body);
  }
  const one = (await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}`, headers: m2.headers })).json() as { casualties: { id: string }[] };
  assert.deepEqual(one.casualties.map((c) => c.id), [id], 'one casualty for the tag on two phones');
});
