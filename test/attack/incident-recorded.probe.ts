// ATTACK PROBE (fails on purpose): GET /api/incidents/:id/recorded (accounting:read) reads every row "counts only".
// (1) An analyst, who is promised de-identified figures only (cells under 5 shown as "<5", as /api/stats and
// /api/claims/:id/recorded do), gets exact small counts with the incident's exact place and time window.
// (2) A commander scoped to a-coy, for whom the incident does not exist (GET /api/incidents/:id is 404), reads the
// name, kind, position and times of b-coy's incident, and 200 vs 404 tells which incident ids exist.
// Run: node --test FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import type { AuthTestApp } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
let t: AuthTestApp;
const inc = uuidv7();
before(async () => {
  t = await authTestApp();
  const admin = await createUserAndLogin(t, 'admin');
  const post = async (url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
  };
  await post(`/api/incidents/${inc}/events`, { events: [{ type: 'incident.declared', at: ago(30), payload: { kind: 'strike', name: 'Secret strike', unitId: 'b-coy', position: { lat: 48.6123, lon: 38.0456 }, radiusM: 200 } }] });
  const c = uuidv7();
  await post('/api/casualties', { id: c, injuredAt: ago(25), unitId: 'b-coy', position: { lat: 48.6123, lon: 38.0456 } });
  await post(`/api/casualties/${c}/events`, { events: [{ type: 'incident.linked', at: ago(20), payload: { incidentId: inc } }, { type: 'outcome', at: ago(10), payload: { outcome: 'killed-in-action' } }] });
});
after(async () => t.close());

test('an analyst gets no exact count under 5 (nor an exact place) from an incident record', async () => {
  const analyst = await createUserAndLogin(t, 'analyst');
  const r = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}/recorded`, headers: analyst.headers });
  const body = r.json() as { counts?: { casualties: unknown; killedAtScene: unknown }; window?: unknown };
  assert.notEqual(body.counts?.killedAtScene, 1, `exact small cell to an analyst: ${r.body}`);
  assert.notEqual(body.counts?.casualties, 1, `exact small cell to an analyst: ${r.body}`);
});

test('a commander of another unit learns nothing of an incident that does not exist for them', async () => {
  const cmdr = await createUserAndLogin(t, 'commander', { units: ['a-coy'] });
  const own = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}`, headers: cmdr.headers });
  assert.equal(own.statusCode, 404, 'the incident is outside this commander\'s scope');
  const unknown = await t.app.inject({ method: 'GET', url: `/api/incidents/${uuidv7()}/recorded`, headers: cmdr.headers });
  const r = await t.app.inject({ method: 'GET', url: `/api/incidents/${inc}/recorded`, headers: cmdr.headers });
  assert.ok(!r.body.includes('Secret strike') && !r.body.includes('48.6123'), `name and place of b-coy's incident: ${r.body}`);
  assert.equal(r.statusCode, unknown.statusCode, 'exists vs unknown must not differ');
});
