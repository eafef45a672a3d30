// DISP-121: a loss in a zone raises the planner's estimate of the zone's hazard (a Bayesian update on the declared
// rate), in the simulator's view and the live one alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../sim/scenario.ts';
import { hitThreshold } from '../sim/rng.ts';
import { simulate } from '../sim/simulator.ts';
import { liveState } from './live-state.ts';
import { hazardMultiplier, lossEvidenceView } from './optimal/loss-evidence.ts';
import { makeOptimalPolicy } from './optimal.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { Job, PlanVehicle, PlanView, Policy } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const vehicle = (id: string, kind: PlanVehicle['kind'], speedKmh: number): PlanVehicle => ({
  id, kind, protection: kind === 'armoured' ? 'armoured' : 'unprotected', straightLine: false, speedKmh,
  medic: true, litter: 2, seated: 0, pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 0, idle: true, rangeLeftKm: null, available: null,
});
const zone = { id: 'z', polygon: [pos(48.45, 37.79), pos(48.45, 37.85), pos(48.55, 37.85), pos(48.55, 37.79)], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.02, armoured: 0.002, air: 0.02 } };

/** A critical casualty 3 km inside a zone; a fast ambulance and a slow armoured car at the R2 outside it. */
const scene: PlanView = {
  now: 100,
  casualties: [{ id: 'c1', atMin: 95, rpm0: 5, tau: 5, rate: 1, litter: true, pos: pos(48.5, 37.82) }],
  vehicles: [vehicle('amb-2', 'ambulance', 60), vehicle('arm', 'armoured', 30)],
  facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [0, 0], surgicalBacklog: 0, open: null }],
  threats: [zone],
  travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
  model: DEFAULT_MODEL,
  horizonMin: 600,
  expectedRatePerMin: 0.01,
};
/** Ten minutes ago an ambulance was lost 1 km into the zone, after little exposure (0.05 expected losses). */
const afterLoss: PlanView = { ...scene, losses: [{ vehicleId: 'amb-1', pos: pos(48.5, 37.8), atMin: 90 }], zoneHazard: { z: 0.05 } };
const sent = (jobs: Job[]): string[] => jobs.map((j) => j.vehicleId);

test('DISP-121 the multiplier is the Gamma posterior mean (a + n) / (a + H), never below 1', () => {
  assert.equal(hazardMultiplier(1, 0, 0), 1, 'no loss, no evidence');
  assert.equal(hazardMultiplier(1, 1, 0), 2, 'a loss after no exposure doubles the hazard');
  assert.equal(hazardMultiplier(1, 1, 1), 1, 'a loss after the exposure the rate predicts leaves it');
  assert.equal(hazardMultiplier(1, 1, 3), 1, 'passing unharmed never lowers the declared rate');
  assert.equal(hazardMultiplier(1, 2, 0.5), 2);
  const raised = lossEvidenceView({ ...afterLoss, zoneHazard: { z: 0 } }, 1).threats[0]!.lossPerKm;
  assert.ok(Math.abs(raised.unprotected - (1 - 0.98 ** 2)) < 1e-12 && Math.abs(raised.armoured - (1 - 0.998 ** 2)) < 1e-12, 'every class, on the hazard −ln(1 − p)');
  assert.equal(lossEvidenceView({ ...afterLoss, now: 2000, threats: [{ ...zone, toMin: 80 }] }, 1).threats[0]!.lossPerKm, zone.lossPerKm, 'a loss outside the zone\'s window is not its evidence');
  assert.equal(lossEvidenceView(afterLoss, 0), afterLoss, 'off: the view as shown');
});

test('DISP-121 after a loss in the zone the planner sends the armoured car, not a second ambulance at the declared rate', () => {
  assert.deepEqual(sent(makeOptimalPolicy().plan(scene)), ['amb-2'], 'at the declared rate the fast ambulance goes');
  assert.deepEqual(sent(makeOptimalPolicy().plan(afterLoss)), ['amb-2'], 'off: the loss changes nothing');
  assert.deepEqual(sent(makeOptimalPolicy({ lossEvidence: 1 }).plan(afterLoss)), ['arm'], 'on: the raised rate sends the safer vehicle');
  // The same loss after the exposure the declared rate predicts (one expected loss) is no evidence against it.
  assert.deepEqual(sent(makeOptimalPolicy({ lossEvidence: 1 }).plan({ ...afterLoss, zoneHazard: { z: 1 } })), ['amb-2']);
});

test('DISP-121 the simulator\'s view counts the hazard a lost vehicle drove through up to its hit', () => {
  const sc = parseScenario({
    format: 'goldenhour-scenario/1', name: 'loss-evidence', seed: 5, horizonMin: 600, travel: { tortuosity: 1, loadMin: 5, unloadMin: 5 },
    facilities: [{ id: 'r2', role: 'R2', pos: [0, 0], surgicalTables: 9, beds: 9 }],
    // B stays at base, so that the policy is asked again after A's loss.
    vehicles: ['A', 'B'].map((id) => ({ id, kind: 'ambulance', base: 'r2', litter: 1, seated: 0, speedKmh: 60, medic: true })),
    threats: [{ id: 'z', polygon: [[-0.05, 0.02], [-0.05, 0.3], [0.05, 0.3], [0.05, 0.02]], fromMin: 0, toMin: 600, lossPerKm: { unprotected: 0.9, armoured: 0.9, air: 0.9 } }],
    casualties: [{ id: 'c', atMin: 0, pos: [0, 0.25], rpm: 9, litter: true }, { id: 'late', atMin: 300, pos: [0, -0.1], rpm: 9, litter: true }],
  });
  const views: PlanView[] = [];
  const once: Policy = { name: 'once', plan: (v) => (views.push(v), v.now === 0 ? [{ vehicleId: 'A', stops: [{ kind: 'pickup', casualtyId: 'c' }, { kind: 'dropoff', casualtyIds: ['c'], facilityId: 'r2' }] }] : []) };
  const r = simulate(sc, once, { seed: 5, trace: true });
  assert.ok(r.trace.some((e) => e.event === 'vehicle-lost'), '25 km at 0.9 per km: lost');
  const after = views.find((v) => (v.losses?.length ?? 0) > 0)!;
  // Its hit came where its hazard reached its Exp(1) threshold (SIM-10): that is the exposure counted.
  assert.ok(Math.abs(after.zoneHazard!.z! - hitThreshold(5, 'A', 'z')) < 1e-9);
});

test('DISP-121 the live view shows a lost vehicle as the simulator does: where and when it was lost', () => {
  const at = '2026-11-22T06:00:00.000Z';
  const base = { kind: 'ambulance', litter: 1, seated: 0, medic: true, speedKmh: 50 } as const;
  const { view } = liveState({
    casualties: [],
    vehicles: [
      { ...base, id: 'amb-1', status: 'lost', position: pos(48.5, 37.8), updatedAt: '2026-11-22T05:50:00.000Z' },
      { ...base, id: 'amb-2', status: 'available', position: pos(48.5, 37.7) },
    ],
    facilities: [{ id: 'r2', name: 'R2', role: 'R2', position: pos(48.5, 37.7), hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds: 10, surgicalTables: 2 }],
    threats: [],
    now: at,
  });
  assert.deepEqual(view.losses, [{ vehicleId: 'amb-1', pos: pos(48.5, 37.8), atMin: -10 }]);
  assert.equal(view.zoneHazard, undefined, 'the log does not hold the exposure');
  assert.deepEqual(view.vehicles.map((v) => v.id), ['amb-2']);
});
