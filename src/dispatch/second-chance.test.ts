// DISP-29 (measured, off in `optimal`): a casualty a lost vehicle never reached gets its second chance on the same road
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessJob } from './optimal/policy.ts';
import { DEFAULT_MODEL, survivalAt, survivalLimit } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const amb = (id: string): PlanVehicle => ({
  id, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
});
const deep: PlanCasualty = { id: 'deep', atMin: 55, rpm0: 6, tau: 5, rate: 1, litter: true, pos: pos(48.6, 37.9) };

/** Two ambulances at an R2; the casualty lies in the middle of a kill zone (0.25 of an unprotected vehicle lost per km). */
const view = (lossPerKm: number): PlanView => ({
  now: 60,
  casualties: [deep],
  vehicles: [amb('amb-1'), amb('amb-2')],
  facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 2, tableFreeAt: [60, 60], surgicalBacklog: 0, open: null }],
  threats: [{ id: 'kill', polygon: [pos(48.55, 37.8), pos(48.55, 38.0), pos(48.65, 38.0), pos(48.65, 37.8)], fromMin: 0, toMin: 2000, lossPerKm: { unprotected: lossPerKm, armoured: 0.04, air: 0.3 } }],
  travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 480,
  expectedRatePerMin: 0.02,
});

const job = { vehicleId: 'amb-1', stops: [{ kind: 'pickup' as const, casualtyId: 'deep' }, { kind: 'dropoff' as const, casualtyIds: ['deep'], facilityId: 'r2' }] };
const limit = survivalLimit(deep.rpm0, DEFAULT_MODEL);
const salvage = survivalAt(deep.rpm0, deep.tau, DEFAULT_MODEL) - limit;

test('DISP-29 a trip that almost surely loses its vehicle adds almost nothing: the rescue after it drives through the same zone', () => {
  const withRule = assessJob(view(0.25), job, { secondChanceRisk: true })!;
  // Without: DISP-89 (on in `optimal`) off too, else it applies the rule to this trip (0.02 through).
  const without = assessJob(view(0.25), job, { secondChanceRisk: false, secondChanceBelow: 0 })!;
  // The same trip without the zone, started `delayMin` later: what the rescue after a lost vehicle was counted at.
  const safeLater = assessJob(view(0), job, { secondChanceRisk: true })!.delayed.get('deep')! - limit;
  const added = (a: typeof withRule): number => (a.expected.get('deep')! - limit) / safeLater;
  // Without the rule nearly all of it was counted, as if the next vehicle got through where this one does not.
  assert.ok(added(without) > 0.9, `without the rule the trip is worth ${added(without)} of a safe rescue later`);
  assert.ok(added(withRule) < 0.05, `with it ${added(withRule)}`);
});

test('DISP-29 a trip that gets through is valued as before', () => {
  const withRule = assessJob(view(0), job, { secondChanceRisk: true })!;
  const without = assessJob(view(0), job, { secondChanceRisk: false })!;
  assert.ok(Math.abs(withRule.expected.get('deep')! - without.expected.get('deep')!) < 1e-12);
  assert.ok(withRule.expected.get('deep')! - limit > 0.2 * salvage);
});
