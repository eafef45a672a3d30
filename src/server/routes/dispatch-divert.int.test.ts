// GET /api/dispatch/plan proposes re-planning a vehicle on its way (SIM-14, DISP-20) and names whom it leaves only
// within the caller's scope (issue 14 item 9).
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

test('the plan diverts an ambulance on its way to a worse casualty, and a scoped dispatcher is not told whom it leaves', async () => {
  const admin = await createUserAndLogin(t, 'admin');
  const post = async (url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
  };
  await post('/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 10, surgicalTables: 2 });
  await post('/api/vehicles', { id: 'amb', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 50, baseFacilityId: 'r2', position: { lat: 48.5, lon: 37.7 } });
  const far = uuidv7();
  const worse = uuidv7();
  const casualty = async (id: string, unitId: string, min: number, at: { lat: number; lon: number }, vitals: object) => {
    await post('/api/casualties', { id, injuredAt: ago(min), unitId, position: at });
    await post(`/api/casualties/${id}/events`, {
      events: [
        { type: 'vitals', at: ago(min), payload: vitals },
        { type: 'evac.requested', at: ago(min), payload: { nineLine: { location: at, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ],
    });
  };
  // Critical (RPM 6), far away, of another unit; the ambulance was sent to it a quarter of an hour ago.
  await casualty(far, 'b-coy', 15, { lat: 48.75, lon: 38.2 }, { rr: 40, pulse: 150, gcs: 6 });
  await post(`/api/casualties/${far}/events`, { events: [{ type: 'evac.assigned', at: ago(15), payload: { vehicleId: 'amb', facilityId: 'r2' } }] });
  // Worse (RPM 4), just reported near the ambulance's base.
  await casualty(worse, 'a-coy', 0, { lat: 48.55, lon: 37.8 }, { rr: 8, pulse: 50, gcs: 6 });

  type Item = { casualtyId: string; vehicleId: string; divertFrom?: string[] };
  const all = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: admin.headers });
  assert.equal(all.statusCode, 200, all.body);
  const item = (all.json() as { plan: Item[] }).plan.find((x) => x.vehicleId === 'amb');
  assert.deepEqual([item?.casualtyId, item?.divertFrom], [worse, [far]], all.body);

  const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] });
  const r = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: dispatcher.headers });
  assert.equal(r.statusCode, 200, r.body);
  const scoped = (r.json() as { plan: Item[] }).plan.find((x) => x.vehicleId === 'amb');
  assert.deepEqual([scoped?.casualtyId, scoped?.divertFrom], [worse, ['another casualty']]);
  assert.ok(!r.body.includes(far), `nothing names the other unit's casualty: ${r.body}`);
});
