// DISP-19: whole sequences of trips for a small fleet, searched by branch and bound under the planner's value model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { metricsOf } from '../sim/metrics.ts';
import { simulate } from '../sim/simulator.ts';
import { parseScenario } from '../sim/scenario.ts';
import { instanceOf } from '../sim/small.ts';
import { clairvoyantOptimum, smallScenario } from './clairvoyant.ts';
import { makeCtx } from './optimal/context.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import { planSequences } from './optimal/sequence.ts';
import { bestPlan } from './optimal/value.ts';
import { makeOptimalPolicy } from './optimal.ts';
import { DEFAULT_MODEL, survivalLimit } from './survival.ts';
import type { PlanCasualty, PlanVehicle, PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const ambulance = (id: string, litter: number, freeAt = 0): PlanVehicle => ({
  id, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter, seated: 0,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt, idle: freeAt <= 0, rangeLeftKm: null, available: null,
});
function view(casualties: PlanCasualty[], vehicles: PlanVehicle[]): PlanView {
  return {
    now: 0, casualties, vehicles,
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 20, tableFreeAt: Array(20).fill(0), surgicalBacklog: 0, open: null }],
    threats: [], travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 }, model: DEFAULT_MODEL, horizonMin: 600, expectedRatePerMin: 0,
  };
}

test('DISP-19 with one vehicle and single trips the search finds the best order (brute force over every order agrees)', () => {
  const casualty = fc.record({ rpm0: fc.integer({ min: 0, max: 12 }), tau: fc.integer({ min: 0, max: 120 }), dlat: fc.double({ min: 0.01, max: 0.2, noNaN: true }), dlon: fc.double({ min: 0.01, max: 0.3, noNaN: true }) });
  fc.assert(
    fc.property(fc.array(casualty, { minLength: 1, maxLength: 5 }), (cs) => {
      const casualties: PlanCasualty[] = cs.map((c, i) => ({ id: `c${i}`, atMin: -c.tau, rpm0: c.rpm0, tau: c.tau, rate: 1, litter: true, pos: pos(48.5 + c.dlat, 37.7 + c.dlon) }));
      // One litter: every trip carries one casualty, so a sequence is an order of some of them.
      const v = view(casualties, [ambulance('amb', 1)]);
      const ctx = makeCtx(v, { ...DEFAULT_OPTIMAL_PARAMS, slotCost: 0 });
      const found = planSequences(ctx, v.vehicles, casualties, 1e6);
      assert.ok(found.exact);
      let best = 0;
      const walk = (veh: PlanVehicle, left: PlanCasualty[], value: number): void => {
        best = Math.max(best, value);
        for (const c of left) {
          const p = bestPlan({ ...ctx, slots: new Map([['r2', Array(20).fill(0)]]), baseline: new Map() }, veh, c);
          if (!p) continue;
          const gain = p.expected.get(c.id)! - survivalLimit(c.rpm0, DEFAULT_MODEL) - p.risk;
          walk({ ...veh, pos: p.facility.pos, freeAt: p.endMin, idle: false }, left.filter((x) => x !== c), value + gain);
        }
      };
      walk(v.vehicles[0]!, casualties, 0);
      assert.ok(Math.abs(found.value - best) < 1e-9, `search ${found.value} vs brute force ${best}`);
    }),
    { numRuns: 40, seed: 19 },
  );
});

test('DISP-19 the only ambulance is not sent on a trip that adds nothing over leaving its casualty untreated', () => {
  // Injured ten hours ago at RPM 1: its survival has settled; fetching it only takes the ambulance away.
  const hopeless: PlanCasualty = { id: 'settled', atMin: -600, rpm0: 1, tau: 600, rate: 1, litter: true, pos: pos(48.6, 37.9) };
  const v = view([hopeless], [ambulance('amb', 2)]);
  // No table is scarce here (slot cost off), so only the tie bonus speaks for the trip.
  assert.equal(makeOptimalPolicy({ ...ONE_STEP, sequence: false, slotCost: 0, tieBonus: 0.01 }).plan(v).length, 1, 'the one-step plan alone sends it with a tie bonus (before DISP-22)');
  assert.deepEqual(makeOptimalPolicy({ ...ONE_STEP, slotCost: 0 }).plan(v), []);
});

test('DISP-19 on held-out small instances optimal comes closer to the clairvoyant optimum than without sequences', () => {
  // Instances 3001…3012 (one ambulance, one R2, 8 casualties over two hours, no threats: nothing random) were not
  // used to design the search (that was 2001…2030).
  let withSeq = 0;
  let without = 0;
  let optimum = 0;
  for (let seed = 3001; seed <= 3012; seed++) {
    const raw = smallScenario(seed, 8);
    const scenario = parseScenario(raw);
    optimum += clairvoyantOptimum(instanceOf(raw)).value;
    withSeq += metricsOf(simulate(scenario, makeOptimalPolicy(ONE_STEP), { seed: scenario.seed, trace: false })).expectedSurvivors.all;
    without += metricsOf(simulate(scenario, makeOptimalPolicy({ ...ONE_STEP, sequence: false }), { seed: scenario.seed, trace: false })).expectedSurvivors.all;
  }
  assert.ok(withSeq <= optimum + 1e-6);
  // The margin was 2 % before DISP-23; carrying on and adding a pickup gives the one-step plan much of what only the
  // sequences found before (0.906 → 0.934 of the optimum here; with sequences 0.937 → 0.946).
  // DISP-83 (a small fleet's own-leg job no longer keeps the vehicle from an extension) gives the one-step plan more
  // again: without sequences 0.976, with 0.985 of the optimum (margin 1 % → 0.5 %).
  // DISP-95 (a vehicle with someone aboard fetches on its way) gives both more and the one-step plan most: without
  // sequences 0.978, with 0.981 (margin 0.5 % → 0.3 %).
  assert.ok(withSeq > without * 1.002, `with sequences ${(withSeq / optimum).toFixed(3)} of the optimum, without ${(without / optimum).toFixed(3)}`);
});
