// DISP-117 (measured, off): the exact lone plan does not hold the vehicle for casualties still to come while a critical one waits
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { Job, PlanView } from './types.ts';

test('DISP-117 held-out 1020-125 at 372.1: the one ambulance goes for c1 (RPM 5), the only casualty known, and is not held for those to come', () => {
  // One ambulance at r1-0, threat pockets (so the vehicle's later worth counts), c1 reported at 372.1 with 108 min of
  // the horizon left. Valued with its worth falling by the time it is away (DISP-115), the trip for c1 looked worse than
  // keeping the ambulance for casualties still to come; it waited for c2's report at 379.3 (c1 0.108 → 0.088).
  const s = parseScenario(generateScenario(1020, 125));
  let seen: PlanView | null = null;
  const first = makeOptimalPolicy();
  simulate(s, { ...first, plan: (v: PlanView): Job[] => ((seen ??= Math.abs(v.now - 372.1) < 0.05 ? v : null), first.plan(v)) }, { seed: s.seed, trace: false });
  assert.ok(seen, 'no round at 372.1');
  const view: PlanView = seen;
  assert.deepEqual(view.casualties.map((c) => [c.id, c.rpm0]), [['c1', 5]]);
  const pickups = (jobs: Job[]): string[] => jobs.flatMap((j) => j.stops.flatMap((x) => (x.kind === 'pickup' ? [x.casualtyId] : [])));
  assert.deepEqual(makeOptimalPolicy({ exactLoneNoHold: false }).plan(view), [], 'without the rule it is held');
  assert.deepEqual(pickups(makeOptimalPolicy({ exactLoneNoHold: true }).plan(view)), ['c1']);
});
