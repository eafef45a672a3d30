// ATTACK PROBE (fails on purpose): the write routes tell an out-of-scope medic that a casualty EXISTS (403) where an
// unknown id gets 404 (append) or 201 (registration). docs/security.md: "Outside a caller's scope a casualty does not
// exist: 404, never 403, so ids cannot be probed". Tag casualty ids of incidents declared without a tag key
// are predictable (src/core/incident.ts tagCasualtyId), so there it probes who was tagged. Run: node --test FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
let t: AuthTestApp;
let theirs: string;
let medic: { headers: { authorization: string }; username: string };
before(async () => {
  t = await authTestApp();
  const admin = await createUserAndLogin(t, 'admin');
  theirs = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: theirs, injuredAt: ago(20), unitId: 'b-coy' } });
  assert.equal(r.statusCode, 201);
  medic = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  // The read side keeps the promise: the casualty does not exist for this medic.
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/casualties/${theirs}`, headers: medic.headers })).statusCode, 404);
});
after(async () => t.close());

const note = { type: 'note', at: ago(1), payload: { text: 'x' } };

test('append to another unit\'s casualty answers as for an unknown id (404), not 403', async () => {
  const unknown = await t.app.inject({ method: 'POST', url: `/api/casualties/${uuidv7()}/events`, headers: medic.headers, payload: { events: [note] } });
  assert.equal(unknown.statusCode, 404);
  const known = await t.app.inject({ method: 'POST', url: `/api/casualties/${theirs}/events`, headers: medic.headers, payload: { events: [note] } });
  assert.equal(known.statusCode, unknown.statusCode, `existing out-of-scope casualty: ${known.statusCode} ${known.body}`);
});

test('sync push of an event to another unit\'s casualty answers as for an unknown id', async () => {
  const ev = (cid: string) => ({ id: uuidv7(), casualtyId: cid, ...note, recordedAt: ago(1), author: medic.username, deviceId: 'phone-1' });
  const unknown = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev(uuidv7())] } });
  const known = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [ev(theirs)] } });
  assert.equal(known.statusCode, unknown.statusCode, `unknown: ${unknown.statusCode} ${unknown.body} / existing: ${known.statusCode} ${known.body}`);
});

test('registering an id that exists outside the caller\'s scope does not answer 403', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: theirs, injuredAt: ago(20), unitId: 'a-coy' } });
  assert.notEqual(r.statusCode, 403, `${r.statusCode} ${r.body}`);
});
