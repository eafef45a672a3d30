// DISP-47: a job's own casualties queue for the tables among themselves (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestPolicy, makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, Policy } from '../dispatch/index.ts';
import { assessJob } from '../dispatch/optimal/policy.ts';
import type { JobAssessment } from '../dispatch/optimal/policy.ts';
import { generateScenario } from './generate.ts';
import { metricsOf } from './metrics.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import { ONE_STEP } from '../dispatch/exact-lone-forms.fixture.ts';
import { urgentFirst } from '../dispatch/optimal/unload-order.ts';

// One ambulance at an R2 with one surgical table; two critical casualties reported at minute 0 side by side.
const oneTable = parseScenario({
  format: 'goldenhour-scenario/1', name: 'one-job-two-critical', seed: 0, horizonMin: 600,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 1, beds: 10 }],
  vehicles: [{ id: 'a1', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true }],
  casualties: [
    { id: 'x', atMin: 0, pos: [48.1, 37.0], rpm: 5, litter: true },
    { id: 'y', atMin: 0, pos: [48.1, 37.01], rpm: 8, litter: true },
  ],
});
const both: Job = { vehicleId: 'a1', stops: [{ kind: 'pickup', casualtyId: 'x' }, { kind: 'pickup', casualtyId: 'y' }, { kind: 'dropoff', casualtyIds: ['x', 'y'], facilityId: 'r2' }] };

/** The job sent once, and the value model's assessment of it in the view it was sent in (on and off). */
function sendBoth(): { on: JobAssessment; off: JobAssessment; outcome: Map<string, number>; surgery: Map<string, number> } {
  let on: JobAssessment | null = null;
  let off: JobAssessment | null = null;
  const once: Policy = { name: 'once', plan(view) {
    if (on) return [];
    on = assessJob(view, both, { groupQueue: 'all' });
    off = assessJob(view, both, { groupQueue: 'none' });
    return [both];
  } };
  const run = simulate(oneTable, once, { seed: 0 });
  const outcome = new Map(run.casualties.map((c) => [c.id, c.survival]));
  const surgery = new Map(run.trace.flatMap((e) => (e.event === 'surgery' && e.casualty ? [[e.casualty, e.t] as const] : [])));
  return { on: on!, off: off!, outcome, surgery };
}

test('DISP-47 the value of a job with two critical casualties for one table is near the simulator\'s outcome: the second waits an operation', () => {
  const { on, off, outcome, surgery } = sendBoth();
  // The simulator unloads x first (SIM-2), who takes the free table; y starts when x's operation ends.
  assert.ok(surgery.get('y')! > surgery.get('x')! + 60, `operations at ${surgery.get('x')} and ${surgery.get('y')}`);
  // The model's dropoff is one instant for both (the simulator unloads them 5 min apart): within 0.02 of the outcome.
  for (const id of ['x', 'y']) assert.ok(Math.abs(on.expected.get(id)! - outcome.get(id)!) < 0.02, `${id}: valued ${on.expected.get(id)} with the rule, outcome ${outcome.get(id)}`);
  // Without the rule both were valued as operated on at their dropoff: y's survival was overstated by 0.16.
  assert.equal(off.expected.get('x'), on.expected.get('x'));
  assert.ok(off.expected.get('y')! > outcome.get('y')! + 0.1, `y: valued ${off.expected.get('y')} without the rule, outcome ${outcome.get('y')}`);
});

test('DISP-47 an ambulance on its way to a critical casualty is not given a second one for the same table; a free vehicle fetches it (generated 993-103)', () => {
  // Five vehicles, an R2 with one table. An ambulance on its way to an RPM-7 casualty (c2) had an RPM-9 one (c4)
  // added to its leg, valued as if both were operated on at their dropoff: c2 reached the table 8 min later and c4
  // still waited for c2's operation, as it did when an armoured car fetched it.
  const s = parseScenario(generateScenario(993, 103));
  // DISP-146 (session 44) pinned off: DISP-47 values a job's queue in pickup order, which DISP-146 changes (with it the
  // run without DISP-47 is the better one here, 0.985 against 0.932: the disagreement its row leaves open).
  const run = (on: boolean) => simulate(s, makeOptimalPolicy({ groupQueue: on ? 'extensions' : 'none', unloadUrgentFirst: false }), { seed: s.seed });
  const now = run(true);
  const before = run(false);
  const vehicleOf = (r: typeof now, id: string) => r.trace.find((e) => e.event === 'pickup' && e.casualty === id)?.vehicle;
  assert.equal(vehicleOf(before, 'c4'), vehicleOf(before, 'c2'), 'without the rule one ambulance fetches both');
  assert.notEqual(vehicleOf(now, 'c4'), vehicleOf(now, 'c2'), 'with it each has its own vehicle');
  const critical = (r: typeof now): number => metricsOf(r).expectedSurvivors.critical;
  assert.ok(critical(now) > critical(before) + 0.01, `${critical(now)} vs ${critical(before)} without DISP-47`);
});

// Held-out 1017-7 (session 32): one ambulance with a medic at r2-2, one surgical table, the other facilities 80 km off.
// Valued as if each had the table to itself, a four-casualty trip for r2-2 looked best at 83.1; the one table operated
// on them 90 min apart and optimal fell below `closest` on the mean of 10 seeds (0.607 against 0.618). With DISP-47 in
// extensions, on by default since, it is above (0.725).
test('DISP-47 on by default: held-out 1017-7 (one ambulance, one table) is at or above closest on the mean of 10 seeds', () => {
  const s = parseScenario(generateScenario(1017, 7));
  const mean = (p: Policy): number => {
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += metricsOf(simulate(s, p, { seed: s.seed + k })).expectedSurvivors.critical;
    return sum / 10;
  };
  const closest = mean(closestPolicy);
  const now = mean(makeOptimalPolicy());
  assert.ok(now >= closest, `optimal ${now.toFixed(3)} against closest ${closest.toFixed(3)}`);
  // The rule itself, on the one-step plan that had the loss (the exact plan for a lone vehicle, DISP-116, has its own).
  const oneStep = mean(makeOptimalPolicy(ONE_STEP));
  const without = mean(makeOptimalPolicy({ ...ONE_STEP, groupQueue: 'none' }));
  assert.ok(oneStep > without + 0.05, `with DISP-47 ${oneStep.toFixed(3)}, without ${without.toFixed(3)}`);
});

// DISP-147: with DISP-146 a job's casualties are handed over most urgent first, so the queue within the job follows
// that order while the table is free too. Picked up x (RPM 5) then y (RPM 8), the job hands y over first: y loses more
// by waiting an operation at the drop-off.
test('DISP-147 with DISP-146 the queue within a job follows the unloading order while a table is free: the value is near the outcome', () => {
  let on: JobAssessment | null = null;
  let off: JobAssessment | null = null;
  let sent: Job | null = null;
  const once: Policy = { name: 'once', plan(view) {
    if (sent) return [];
    const pins = { groupQueue: 'all', unloadUrgentFirst: true } as const;
    on = assessJob(view, both, { ...pins, groupQueueUrgentFirst: true });
    off = assessJob(view, both, { ...pins, groupQueueUrgentFirst: false });
    sent = urgentFirst(view, [both])[0]!;
    return [sent];
  } };
  const run = simulate(oneTable, once, { seed: 0 });
  const outcome = new Map(run.casualties.map((c) => [c.id, c.survival]));
  const surgery = new Map(run.trace.flatMap((e) => (e.event === 'surgery' && e.casualty ? [[e.casualty, e.t] as const] : [])));
  assert.deepEqual(sent!.stops.at(-1), { kind: 'dropoff', casualtyIds: ['y', 'x'], facilityId: 'r2' }, 'DISP-146 hands y over first');
  assert.ok(surgery.get('x')! > surgery.get('y')! + 60, `operations at ${surgery.get('y')} and ${surgery.get('x')}`);
  for (const id of ['x', 'y']) assert.ok(Math.abs(on!.expected.get(id)! - outcome.get(id)!) < 0.02, `${id}: valued ${on!.expected.get(id)} with the rule, outcome ${outcome.get(id)}`);
  // Without it the value queued them in pickup order: y valued as waiting an operation behind x, which it does not.
  assert.ok(off!.expected.get('y')! < outcome.get('y')! - 0.05, `y: valued ${off!.expected.get('y')} without the rule, outcome ${outcome.get('y')}`);
});
