// What a caller gets back is bounded and scoped (issue 14 items 9 and 12).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../../test/support/auth.ts';
import type { AuthTestApp } from '../../../test/support/auth.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('a unit-scoped dispatcher\'s plan names nothing outside its scope (issue 14 item 9)', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const post = async (url: string, payload: object, headers = admin.headers) => {
    const r = await t.app.inject({ method: 'POST', url, headers, payload });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
  };
  await post('/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
  await post('/api/vehicles', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } });
  const ours = uuidv7();
  const theirs = uuidv7();
  // Two casualties at one place: one vehicle fetches both, and the plan's reason names both.
  for (const [id, unitId] of [[ours, 'a-coy'], [theirs, 'b-coy']] as const) {
    await post('/api/casualties', { id, injuredAt: ago(20), unitId, position: { lat: 48.6, lon: 38.0 } });
    await post(`/api/casualties/${id}/events`, {
      events: [
        { type: 'triage', at: ago(15), payload: { triage: { system: 'NATO', category: 'T1' } } },
        { type: 'precedence', at: ago(15), payload: { precedence: 'urgent' } },
        { type: 'evac.requested', at: ago(10), payload: { nineLine: { location: { lat: 48.6, lon: 38.0 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ],
    });
  }
  const all = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: admin.headers });
  assert.ok(all.body.includes(theirs) && all.body.includes(ours), 'an unscoped plan covers both');
  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const r = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: dispatcher.headers });
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(r.body.includes(ours), 'its own casualty is planned');
  assert.ok(!r.body.includes(theirs), `nothing names the other unit's casualty: ${r.body}`);
});

test('lists and append answers carry bounded summaries: 1,100 notes do not make a list large (issue 14 item 12)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['c-coy'] });
  const cid = uuidv7();
  let r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: cid, injuredAt: ago(120), unitId: 'c-coy' } });
  assert.equal(r.statusCode, 201);
  for (let i = 0; i < 11; i++) {
    const events = Array.from({ length: 100 }, (_, k) => ({ type: 'note', at: ago(100 - i), payload: { text: `note ${i * 100 + k} ${'x'.repeat(400)}` } }));
    r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, headers: medic.headers, payload: { events } });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  }
  assert.ok(r.body.length < 20_000, `append answer ${r.body.length} B`);
  const list = await t.app.inject({ method: 'GET', url: '/api/casualties?unit=c-coy', headers: medic.headers });
  assert.ok(list.body.length < 20_000, `list ${list.body.length} B`);
  const [c] = (list.json() as { casualties: { state: { notes: { text: string }[] }; omitted?: { notes?: number } }[] }).casualties;
  assert.equal(c!.state.notes.length, 5);
  assert.equal(c!.omitted?.notes, 1095);
  assert.match(c!.state.notes[4]!.text, /^note 1099 /, 'the latest notes are kept');
  const full = await t.app.inject({ method: 'GET', url: `/api/casualties/${cid}`, headers: medic.headers });
  assert.equal((full.json() as { casualty: { state: { notes: unknown[] } } }).casualty.state.notes.length, 1100, 'the full card is one request away');
});

test('JSON answers are compressed for clients that accept it (issue 16 item 3)', async () => {
  const medic = await createUserAndLogin(t, 'medic', { units: ['c-coy'] });
  const headers = { ...medic.headers, 'accept-encoding': 'br, gzip' };
  const r = await t.app.inject({ method: 'GET', url: '/api/casualties?unit=c-coy', headers });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  const plain = await t.app.inject({ method: 'GET', url: '/api/casualties?unit=c-coy', headers: medic.headers });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(r.rawPayload.length < plain.rawPayload.length / 2, `${r.rawPayload.length} vs ${plain.rawPayload.length}`);
  // An append's answer is not: it fits the first TCP window, and compressing it was CPU on the write path.
  const [c] = (plain.json() as { casualties: { id: string }[] }).casualties;
  const note = { events: [{ type: 'note', at: ago(1), payload: { text: 'compressed?' } }] };
  const a = await t.app.inject({ method: 'POST', url: `/api/casualties/${c!.id}/events`, headers, payload: note });
  assert.equal(a.statusCode, 200, a.body);
  assert.ok(a.rawPayload.length > 1024, `an answer over the compression threshold: ${a.rawPayload.length} B`);
  assert.equal(a.headers['content-encoding'], undefined);
});
