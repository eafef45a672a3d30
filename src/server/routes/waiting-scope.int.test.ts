// The plan's waiting list (why a casualty has no recommendation) is scoped as the plan's items are (issue 14 item 9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../core/index.ts';
import { PlanAnswer } from '../../core/api.ts';
import { authTestApp, createUserAndLogin } from '../../../test/support/auth.ts';
import type { AuthTestApp } from '../../../test/support/auth.ts';

let t: AuthTestApp;
before(async () => {
  t = await authTestApp();
});
after(async () => t.close());

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('no vehicle at all: each waiting casualty is explained as no-vehicle, and a unit-scoped dispatcher learns only of its own', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const post = async (url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
  };
  await post('/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
  const ours = uuidv7();
  const theirs = uuidv7();
  for (const [id, unitId] of [[ours, 'a-coy'], [theirs, 'b-coy']] as const) {
    await post('/api/casualties', { id, injuredAt: ago(20), unitId, position: { lat: 48.6, lon: 38.0 } });
    await post(`/api/casualties/${id}/events`, { events: [{ type: 'triage', at: ago(15), payload: { triage: { system: 'NATO', category: 'T1' } } }] });
  }
  const all = PlanAnswer.parse((await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: admin.headers })).json());
  assert.deepEqual(all.plan, []);
  assert.deepEqual(all.waiting?.map((w) => [w.casualtyId, w.reason]).sort(), [[ours, 'no-vehicle'], [theirs, 'no-vehicle']].sort());
  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const r = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: dispatcher.headers });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(PlanAnswer.parse(r.json()).waiting?.map((w) => w.casualtyId), [ours]);
  assert.ok(!r.body.includes(theirs), `nothing names the other unit's casualty: ${r.body}`);
});
