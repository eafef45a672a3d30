// The live plan through the API: real store, real planner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7, addMinutes } from '../../core/index.ts';
import { sqliteTestApp } from '../../../test/support/test-app.ts';
import { authTestAppOn, createUserAndLogin } from '../../../test/support/auth.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// On both databases, auth on, as the console asks for it.
for (const db of ['sqlite', 'postgres'] as const)
test(`GET /api/dispatch/plan recommends a free vehicle for each waiting casualty, urgent first (${db})`, async () => {
  const now = new Date().toISOString();
  const t = await authTestAppOn(db, { now: () => now });
  const admin = await createUserAndLogin(t, 'admin');
  const dispatcher = await createUserAndLogin(t, 'dispatcher');
  const plan = async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: dispatcher.headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { plan: Json[]; computedAt: string };
  };
  const post = async (url: string, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url, payload, headers: admin.headers });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    return r.json() as Json;
  };
  await post('/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
  await post('/api/facilities', { id: 'r1', name: 'R1', role: 'R1', position: { lat: 48.586, lon: 37.835 }, beds: 4 });
  await post('/api/vehicles', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } });
  await post('/api/vehicles', { id: 'amb-down', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'out-of-service', position: { lat: 48.586, lon: 37.835 } });

  const urgent = uuidv7();
  const routine = uuidv7();
  for (const [id, triage, precedence, rr] of [[urgent, 'T1', 'urgent', 34], [routine, 'T3', 'routine', 16]] as const) {
    await post('/api/casualties', { id, injuredAt: addMinutes(now, -20), position: { lat: 48.6, lon: 38.0 } });
    await post(`/api/casualties/${id}/events`, {
      events: [
        { type: 'triage', at: addMinutes(now, -15), payload: { triage: { system: 'NATO', category: triage } } },
        { type: 'precedence', at: addMinutes(now, -15), payload: { precedence } },
        { type: 'vitals', at: addMinutes(now, -10), payload: { rr, pulse: 130, avpu: 'V' } },
        { type: 'evac.requested', at: addMinutes(now, -10), payload: { nineLine: { location: { lat: 48.6, lon: 38.0 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ],
    });
  }
  const shown = await plan();
  assert.equal(shown.computedAt, now);
  assert.ok(shown.plan.length >= 1, 'at least one recommendation');
  assert.ok(shown.plan.every((p) => p.vehicleId === 'amb-1'), 'never the out-of-service vehicle');
  const first = shown.plan.find((p) => p.casualtyId === urgent);
  assert.ok(first, 'the urgent casualty is served');
  assert.ok(['r1', 'r2'].includes(first.facilityId));
  assert.ok(first.etaPickupMin > 0 && first.etaFacilityMin > first.etaPickupMin);
  assert.ok(first.expectedSurvival > 0 && first.expectedSurvival <= 1);
  assert.ok(first.survivalGain > 0, 'acting now beats waiting');

  // Once assigned, the casualty is no longer waiting: the plan offers it no other vehicle, and its ambulance carries
  // on, the routine casualty lying at the same spot added to its leg (SIM-15), the urgent one kept first.
  await post(`/api/casualties/${urgent}/events`, { events: [{ type: 'evac.assigned', at: now, payload: { vehicleId: 'amb-1', facilityId: first.facilityId } }] });
  const again = await plan();
  assert.ok(again.plan.some((p) => p.casualtyId === routine && p.addsToLeg === true), 'the routine casualty at the same spot is added to the leg');
  for (const p of again.plan) {
    assert.equal(p.divertFrom, undefined, 'the leg is not re-planned');
    assert.equal(p.addsToLeg, p.casualtyId === urgent ? undefined : true, `${p.casualtyId === urgent ? 'urgent' : 'routine'}: on the leg under way`);
  }
});

test('GET /api/dispatch/plan reads an urgent 9-line without vitals as urgent (line 3 through the store\'s plan rows)', async () => {
  const now = new Date().toISOString();
  const t = await sqliteTestApp({ now: () => now });
  try {
    const post = async (url: string, payload: object) => {
      const r = await t.app.inject({ method: 'POST', url, payload });
      assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    };
    await post('/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
    await post('/api/vehicles', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } });
    const id = uuidv7();
    await post('/api/casualties', { id, injuredAt: addMinutes(now, -10), position: { lat: 48.6, lon: 37.9 } });
    // Line 3 "A, urgent"; no vitals, no triage, no precedence set on the card.
    await post(`/api/casualties/${id}/events`, { events: [{ type: 'evac.requested', at: addMinutes(now, -9), payload: { nineLine: { location: { lat: 48.6, lon: 37.9 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } }] });
    const { plan } = (await t.app.inject({ method: 'GET', url: '/api/dispatch/plan' })).json() as { plan: Json[] };
    const item = plan.find((p) => p.casualtyId === id);
    assert.ok(item, JSON.stringify(plan));
    assert.equal(item.rpmSource, 'precedence');
    assert.equal(item.rpm, 5);
  } finally {
    await t.close();
  }
});
