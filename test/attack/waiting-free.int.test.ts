// The plan's waiting list and other units' jobs (session 25's attack review, medium): a waiting casualty with no free
// vehicle was explained as 'no-vehicle' with `nextFreeMin`, the minutes until the first busy vehicle is free — over
// every vehicle, so a unit-scoped dispatcher read when a vehicle on another unit's job is expected free, the "busy
// until" time the busy mark withholds (docs/security.md): with the vehicle's place and speed it draws a circle the
// other casualty's destination lies on, and polled it follows that trip. Those who see every casualty keep it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { PlanAnswer } from '../../src/core/api.ts';
import { authTestAppOn, createUserAndLogin, okCaller } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
  test(`a scoped dispatcher's waiting list gives no time a vehicle on another unit's job is free (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const call = okCaller(t);
    await call(admin, 'POST', '/api/facilities', { id: 'r2-far', name: 'R2 Far', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
    // One vehicle, one litter: carrying the other unit's casualty, it can take no one else.
    await call(admin, 'POST', '/api/vehicles', { id: 'amb-1', kind: 'ambulance', litter: 1, seated: 0, medic: true, speedKmh: 45, baseFacilityId: 'r2-far', position: { lat: 48.6, lon: 37.95 } });
    const place = { lat: 48.6123, lon: 37.9876 };
    const theirs = uuidv7();
    const ours = uuidv7();
    for (const [id, unitId] of [[theirs, 'bde-7'], [ours, 'bde-3']] as const) {
      await call(admin, 'POST', '/api/casualties', { id, injuredAt: ago(30), unitId, position: place });
      await call(admin, 'POST', `/api/casualties/${id}/events`, { events: [
        { type: 'triage', at: ago(20), payload: { triage: { system: 'NATO', category: 'T1' } } },
        { type: 'precedence', at: ago(20), payload: { precedence: 'urgent' } },
        { type: 'evac.requested', at: ago(20), payload: { nineLine: { location: place, callSign: 'X', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ] });
    }
    await call(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [
      { type: 'evac.assigned', at: ago(10), payload: { vehicleId: 'amb-1', facilityId: 'r2-far' } },
      { type: 'pickup', at: ago(2), payload: { vehicleId: 'amb-1' } },
    ] });
    const all = PlanAnswer.parse(JSON.parse(await call(admin, 'GET', '/api/dispatch/plan')));
    const mine = all.waiting?.find((w) => w.casualtyId === ours);
    assert.ok(mine?.reason === 'no-vehicle' && mine.nextFreeMin !== undefined, `the administrator reads when amb-1 is free: ${JSON.stringify(all)}`);

    const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-3'] });
    const body = await call(dispatcher, 'GET', '/api/dispatch/plan');
    const scoped = PlanAnswer.parse(JSON.parse(body));
    assert.deepEqual(scoped.waiting, [{ casualtyId: ours, reason: 'no-vehicle' }], `no free-at time of another unit's job: ${body}`);
    assert.ok(!body.includes('nextFreeMin'), body);

    // Once amb-1 carries our own casualty instead, the time is ours to know again.
    await call(admin, 'POST', `/api/casualties/${theirs}/events`, { events: [{ type: 'arrival', at: ago(1), payload: { facilityId: 'r2-far' } }] });
    await call(admin, 'POST', `/api/casualties/${ours}/events`, { events: [
      { type: 'evac.assigned', at: ago(1), payload: { vehicleId: 'amb-1', facilityId: 'r2-far' } },
      { type: 'pickup', at: ago(0.5), payload: { vehicleId: 'amb-1' } },
    ] });
    const third = uuidv7();
    await call(admin, 'POST', '/api/casualties', { id: third, injuredAt: ago(30), unitId: 'bde-3', position: place });
    await call(admin, 'POST', `/api/casualties/${third}/events`, { events: [
      { type: 'triage', at: ago(20), payload: { triage: { system: 'NATO', category: 'T1' } } },
      { type: 'evac.requested', at: ago(20), payload: { nineLine: { location: place, callSign: 'Y', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
    ] });
    const own = PlanAnswer.parse(JSON.parse(await call(dispatcher, 'GET', '/api/dispatch/plan')));
    const w = own.waiting?.find((x) => x.casualtyId === third);
    assert.ok(w?.reason === 'no-vehicle' && w.nextFreeMin !== undefined, `amb-1's own job: its free time is said: ${JSON.stringify(own)}`);
  });
