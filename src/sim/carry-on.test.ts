// SIM-15 / DISP-23: a vehicle on its way keeps its leg and adds a pickup after it, rather than restarting from its last
// stop (SIM-14); the trace stays feasible for the independent checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, PlanCasualty, PlanVehicle, PlanView, Policy } from '../dispatch/index.ts';
import { PAST_SAVING, bestExtension } from '../dispatch/optimal/carry-on.ts';
import { assessContext } from '../dispatch/optimal/policy.ts';
import { salvage } from '../dispatch/optimal/value.ts';
import { DEFAULT_MODEL, settleClock } from '../dispatch/survival.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';

// One ambulance sent at once to a minor casualty 25 km out; ten minutes later a critical one is reported beside it.
const twoReports = {
  format: 'goldenhour-scenario/1',
  name: 'carry-on',
  seed: 3,
  horizonMin: 120,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 1, speedKmh: 50, medic: true }],
  casualties: [
    { id: 'minor', atMin: 0, pos: [48.65, 37.95], rpm: 11, litter: true },
    { id: 'critical', atMin: 10, pos: [48.655, 37.96], rpm: 5, litter: true },
  ],
};

/** A scripted dispatcher: the minor casualty first; when the second report comes, `second` (if any) for the ambulance. */
const scripted = (second: Job['stops'] | null): Policy => ({
  name: 'scripted',
  divert: true,
  plan(view: PlanView): Job[] {
    const amb = view.vehicles.find((v) => v.id === 'amb');
    if (!amb?.idle) return [];
    if (view.now === 0) return [{ vehicleId: 'amb', stops: [{ kind: 'pickup', casualtyId: 'minor' }, { kind: 'dropoff', casualtyIds: ['minor'], facilityId: 'r2' }] }];
    if (second && amb.enRoute && view.casualties.some((c) => c.id === 'critical')) return [{ vehicleId: 'amb', stops: second }];
    return [];
  },
});

const at = (r: SimResult, event: string, casualty: string): number[] => r.trace.filter((e) => e.event === event && e.casualty === casualty).map((e) => e.t);

test('SIM-15 a job that keeps the first pickup extends the leg under way: no restart, a dispatch for the added casualty only', () => {
  const s = parseScenario(twoReports);
  const kept = simulate(s, scripted(null));
  const extended = simulate(s, scripted([
    { kind: 'pickup', casualtyId: 'minor' },
    { kind: 'pickup', casualtyId: 'critical' },
    { kind: 'dropoff', casualtyIds: ['critical', 'minor'], facilityId: 'r2' },
  ]));
  // The leg to the first pickup goes on as drawn: the minor casualty is picked up when it would have been anyway.
  assert.equal(at(extended, 'pickup', 'minor')[0], at(kept, 'pickup', 'minor')[0]);
  assert.deepEqual(at(extended, 'dispatch', 'minor'), [0], 'the casualty of the leg under way is not dispatched again');
  assert.deepEqual(at(extended, 'dispatch', 'critical'), [10]);
  assert.ok(at(extended, 'pickup', 'critical')[0]! > at(extended, 'pickup', 'minor')[0]!);
  const check = checkTrace(twoReports, JSON.parse(JSON.stringify(extended.trace)) as Record<string, unknown>[]);
  assert.deepEqual(check.errors, []);
  assert.ok(Math.abs(check.totalSurvival - extended.casualties.reduce((a, c) => a + c.survival, 0)) < 5e-5);
});

test('SIM-14 SIM-15 a job that drops a pickup of the current one is a re-plan from the last stop, as before', () => {
  const s = parseScenario(twoReports);
  const kept = simulate(s, scripted(null));
  const diverted = simulate(s, scripted([{ kind: 'pickup', casualtyId: 'critical' }, { kind: 'dropoff', casualtyIds: ['critical'], facilityId: 'r2' }]));
  // Restarted from the base at minute 10: the critical casualty (beside the minor one) is reached later than the
  // minor one would have been.
  assert.ok(at(diverted, 'pickup', 'critical')[0]! > at(kept, 'pickup', 'minor')[0]! + 9);
  assert.deepEqual(checkTrace(twoReports, JSON.parse(JSON.stringify(diverted.trace)) as Record<string, unknown>[]).errors, []);
});

test('DISP-23 optimal carries on and adds the critical casualty after the minor one instead of restarting its leg', () => {
  const s = parseScenario(twoReports);
  const withIt = simulate(s, makeOptimalPolicy(ONE_STEP));
  const without = simulate(s, makeOptimalPolicy({ ...ONE_STEP, carryOn: false }));
  const critical = (r: SimResult): number => at(r, 'pickup', 'critical')[0]!;
  assert.ok(critical(withIt) < critical(without) - 3, `critical picked up at ${critical(withIt)} against ${critical(without)} with a divert`);
  const total = (r: SimResult): number => r.casualties.reduce((a, c) => a + c.survival, 0);
  assert.ok(total(withIt) > total(without), `${total(withIt)} vs ${total(without)}`);
  assert.deepEqual(checkTrace(twoReports, JSON.parse(JSON.stringify(withIt.trace)) as Record<string, unknown>[]).errors, []);
});

test('DISP-23 a leg under way is never extended to a casualty with nothing left to gain where the trip reaches it', () => {
  const p = (lat: number, lon: number) => ({ lat, lon });
  // A critical casualty whose deterioration settles 15 min from now: something to gain now, nothing by its pickup.
  const tau = settleClock(5, DEFAULT_MODEL) - 15;
  const settling: PlanCasualty = { id: 'settling', atMin: -tau, rpm0: 5, tau, rate: 1, litter: true, pos: p(48.66, 37.96) };
  const minor: PlanCasualty = { id: 'minor', atMin: -5, rpm0: 11, tau: 5, rate: 1, litter: true, pos: p(48.65, 37.95), assignedTo: 'amb' };
  const amb: PlanVehicle = {
    id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 0,
    pos: p(48.5, 37.7), basePos: p(48.5, 37.7), freeAt: 0, idle: true, rangeLeftKm: null, available: null,
    enRoute: ['minor'], diverted: 0, ifKept: { pos: p(48.5, 37.7), freeAt: 80, rangeLeftKm: null, reach: { atMin: 30, rangeLeftKm: null } },
  };
  const view: PlanView = {
    now: 0, casualties: [minor, settling], vehicles: [amb],
    facilities: [{ id: 'r2', role: 'R2', pos: p(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 4, tableFreeAt: [0, 0, 0, 0], surgicalBacklog: 0, open: null }],
    threats: [], travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 }, model: DEFAULT_MODEL, horizonMin: 600, expectedRatePerMin: 0,
  };
  const ctx = assessContext(view);
  assert.ok(salvage(ctx, settling) >= PAST_SAVING, 'something is left to gain now');
  assert.equal(bestExtension(ctx, amb, [minor], settling), null);
  assert.ok(!makeOptimalPolicy(ONE_STEP).plan(view).some((j) => j.stops.some((s) => s.kind === 'pickup' && s.casualtyId === 'settling')));
});
