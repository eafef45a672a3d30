// Writes to a vehicle on another unit's job (session 25's attack review, medium): a unit-scoped dispatcher is shown such
// a vehicle only as `busyElsewhere` (src/server/busy-vehicles.ts), but could PATCH it — take it out of service, move it,
// strip its litters — and so change the evacuation of a casualty it may not even see (the planner drops or re-routes
// it). Now that write is refused (409, the mark it already reads, nothing more); the vehicle's own job's dispatchers,
// and those who see every casualty, change it as before, and a free vehicle stays the scoped dispatcher's to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
type Who = { headers: { authorization: string } };

for (const db of ['sqlite', 'postgres'] as const)
  test(`a scoped dispatcher cannot change a vehicle on another unit's job (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const call = async (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
    const ok = async (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
      const r = await call(who, method, url, payload);
      assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
      return r.json() as { item: Record<string, unknown> };
    };
    await ok(admin, 'POST', '/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
    for (const id of ['amb-1', 'amb-2'])
      await ok(admin, 'POST', '/api/vehicles', { id, kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, baseFacilityId: 'r2', position: { lat: 48.6, lon: 37.95 } });
    const theirs = uuidv7();
    await ok(admin, 'POST', '/api/casualties', { id: theirs, injuredAt: ago(30), unitId: 'bde-7', position: { lat: 48.61, lon: 37.98 } });
    await ok(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [
      { type: 'triage', at: ago(20), payload: { triage: { system: 'NATO', category: 'T1' } } },
      { type: 'evac.requested', at: ago(20), payload: { nineLine: { location: { lat: 48.61, lon: 37.98 }, callSign: 'X', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      { type: 'evac.assigned', at: ago(5), payload: { vehicleId: 'amb-1', facilityId: 'r2' } },
    ] });
    const before = (await ok(admin, 'GET', '/api/vehicles/amb-1')).item;

    const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-3'] });
    assert.equal((await ok(dispatcher, 'GET', '/api/vehicles/amb-1')).item.busyElsewhere, true, 'amb-1 is shown busy');
    for (const patch of [{ status: 'out-of-service' }, { position: { lat: 50, lon: 30 } }, { litter: 0, seated: 0 }, { takUid: 'SPOOF-1' }]) {
      const r = await call(dispatcher, 'PATCH', '/api/vehicles/amb-1', patch);
      assert.equal(r.statusCode, 409, `${JSON.stringify(patch)}: ${r.body}`);
      assert.ok(!r.body.includes(theirs) && !r.body.includes('bde-7'), r.body);
    }
    assert.deepEqual((await ok(admin, 'GET', '/api/vehicles/amb-1')).item, before, 'amb-1 unchanged');
    // The door kept: a free vehicle is the scoped dispatcher's to change; bde-7's dispatcher and the administrator change amb-1.
    assert.equal((await ok(dispatcher, 'PATCH', '/api/vehicles/amb-2', { status: 'out-of-service' })).item.status, 'out-of-service');
    const theirDispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-7'] });
    assert.equal((await ok(theirDispatcher, 'PATCH', '/api/vehicles/amb-1', { speedKmh: 40 })).item.speedKmh, 40);
    assert.equal((await ok(admin, 'PATCH', '/api/vehicles/amb-1', { speedKmh: 50 })).item.speedKmh, 50);
    // Once the job is over, amb-1 is free for anyone who writes vehicles.
    await ok(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [{ type: 'evac.cancelled', at: ago(1), payload: {} }] });
    assert.equal((await ok(dispatcher, 'PATCH', '/api/vehicles/amb-1', { speedKmh: 45 })).item.speedKmh, 45);
  });
