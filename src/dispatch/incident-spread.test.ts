// Issue 15 item 4: an incident's casualties are spread over facilities by capacity (surgical tables, beds), not sent
// trip after trip to the nearest; casualties of no incident keep the optimiser's choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtyEvent, Facility, Vehicle } from '../core/index.ts';
import { Facility as FacilitySchema, Vehicle as VehicleSchema, addMinutes, fold, uuidv7 } from '../core/index.ts';
import { makeEvent } from '../../test/support/events.ts';
import { planLive } from './live.ts';
import type { LiveAssignment } from './live.ts';
import { incidentCapacity, spreadIncidentTrips } from './incident-spread.ts';

const NOW = '2026-03-01T08:00:00.000Z';
const SITE = { lat: 48.6, lon: 37.9 };
const INC = uuidv7();
const fac = (id: string, lat: number, surgicalTables: number, beds = 20): Facility =>
  FacilitySchema.parse({ id, name: id, role: 'R2', position: { lat, lon: 37.9 }, beds, surgicalTables });
const FACS = [fac('near', 48.62, 1), fac('mid', 48.7, 2), fac('far', 48.9, 4)];
const VEH: Vehicle[] = Array.from({ length: 8 }, (_, i) => VehicleSchema.parse({ id: `v${i}`, kind: 'ambulance', litter: 1, seated: 0, medic: true, position: { lat: 48.61, lon: 37.9 } }));

function casualty(category: 'immediate' | 'delayed', incident: boolean) {
  const id = uuidv7();
  const evs: CasualtyEvent[] = [
    makeEvent('registered', id, { injuredAt: addMinutes(NOW, -10), position: SITE }, addMinutes(NOW, -10)),
    makeEvent('triage', id, { triage: { system: 'SALT', category } }, addMinutes(NOW, -9)),
    ...(incident ? [makeEvent('incident.linked', id, { incidentId: INC }, addMinutes(NOW, -9))] : []),
  ];
  return fold(id, evs, NOW);
}

const item = (casualtyId: string, vehicleId: string, facilityId: string, rpm = 6): LiveAssignment => ({
  casualtyId, vehicleId, facilityId, etaPickupMin: 5, etaFacilityMin: 15, expectedSurvival: 0.8, survivalGain: 0.1,
  survivalGainVsClosest: null, rpm, rpmSource: 'triage', reason: '',
});

const perFacility = (plan: LiveAssignment[]) => plan.reduce((m, p) => m.set(p.facilityId, (m.get(p.facilityId) ?? 0) + 1), new Map<string, number>());

test('a plan that floods the nearest facility is spread by surgical tables; others keep their destination', () => {
  const cs = [...Array.from({ length: 6 }, () => casualty('immediate', true)), casualty('immediate', false)];
  const flooded = cs.map((c, i) => item(c.id, `v${i}`, 'near'));
  const out = spreadIncidentTrips(flooded, { casualties: cs, facilities: FACS, vehicles: VEH });
  const n = perFacility(out.filter((p) => p.casualtyId !== cs[6]!.id));
  assert.deepEqual(Object.fromEntries(n), { near: 1, mid: 2, far: 3 }, 'nearest first, each up to its tables');
  assert.equal(out.find((p) => p.casualtyId === cs[6]!.id)!.facilityId, 'near', 'not of the incident: untouched');
  assert.deepEqual(out.map((p) => p.casualtyId), flooded.map((p) => p.casualtyId), 'order kept');
  const moved = out.find((p) => p.facilityId === 'far')!;
  assert.match(moved.reason, /near is full/);
  assert.ok(moved.etaFacilityMin > 15, 'a farther facility takes longer');
});

test('property: no facility receives more incident surgical cases than its tables while another has room', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom('near', 'mid', 'far'), { minLength: 1, maxLength: 7 }), fc.integer({ min: 0, max: 3 }), (dest, already) => {
    const cs = dest.map(() => casualty('immediate', true));
    // Some of the incident are already on their way to `near`.
    const enRoute = Array.from({ length: already }, () => {
      const c = casualty('immediate', true);
      return { ...c, destination: { ...c.destination, value: 'near' }, stage: 'in-transit' as const };
    });
    const out = spreadIncidentTrips(dest.map((f, i) => item(cs[i]!.id, `v${i}`, f)), { casualties: [...cs, ...enRoute], facilities: FACS, vehicles: VEH });
    const n = perFacility(out);
    n.set('near', (n.get('near') ?? 0) + already);
    const total = dest.length + already;
    const room = FACS.reduce((s, f) => s + incidentCapacity(f).surgical, 0);
    for (const f of FACS) {
      const over = (n.get(f.id) ?? 0) > incidentCapacity(f).surgical;
      // A facility is over its tables only when every facility is full (or it was already over before this plan).
      if (over && f.id !== 'near') assert.ok(total > room, `${f.id} over capacity while others had room`);
    }
    assert.equal(out.length, dest.length);
  }));
});

// The optimiser already weighs surgical queues (it spreads this case by itself): the pass must keep such a plan as it
// is, within every facility's tables, and only ever move destinations.
test('through planLive: a plan already within capacity is kept; seven immediate casualties stay within every facility\'s tables', () => {
  const cs = Array.from({ length: 7 }, () => casualty('immediate', true));
  const planned = planLive({ casualties: cs, vehicles: VEH, facilities: FACS, threats: [], now: NOW });
  const out = spreadIncidentTrips(planned, { casualties: cs, facilities: FACS, vehicles: VEH });
  assert.ok(planned.length >= 3, `the optimiser planned ${planned.length}`);
  const n = perFacility(out);
  assert.deepEqual(out.map((p) => p.facilityId), planned.map((p) => p.facilityId), 'nothing to move');
  for (const f of FACS) assert.ok((n.get(f.id) ?? 0) <= incidentCapacity(f).surgical, `${f.id}: ${n.get(f.id)} > ${incidentCapacity(f).surgical} tables`);
  assert.deepEqual(out.map((p) => p.casualtyId).sort(), planned.map((p) => p.casualtyId).sort(), 'the same casualties, only destinations move');
});
