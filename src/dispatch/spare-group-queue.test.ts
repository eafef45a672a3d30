// DISP-92: where the round has vehicles to spare, DISP-23's weighing of a leg under way queues the leg's casualties for
// the tables among themselves (DISP-47's `extensions` there only), docs/dispatch.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { fleetScenario } from './clairvoyant.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { firstAt, onLegOf, survivalOf } from '../sim/trace-facts.ts';

const surgeryAt = (r: ReturnType<typeof simulate>, id: string): number => r.casualties.find((c) => c.id === id)!.surgeryAt ?? Infinity;
const critical = (r: ReturnType<typeof simulate>): number => r.casualties.filter((c) => c.rpm <= 9).reduce((a, c) => a + c.survival, 0);

// Generated 1005-160 (39 ambulances behind a front band, a burst at 97.6–101.1), seed +1: ambulance-25, on its way to c1
// (RPM 8), has c2 (RPM 8) and c3 (RPM 7) added to its leg; at 110.4 c7 (RPM 5) is added too and the leg of four goes to
// r2-1, each valued as operated on at its dropoff, while 37 ambulances stand free. c3 and c7 wait there for two
// operations (surgery at 291.9 and 295.7; `closest`, one ambulance each, 184.6 and 205.8). With the rule the leg's own
// queue is priced: c7 is not added (another ambulance takes it with c6) and c3 is operated on about 80 min sooner.
test('DISP-92 a leg under way does not grow past its tables while vehicles stand free', () => {
  const scenario = parseScenario(generateScenario(1005, 160));
  // DISP-92 is DISP-47's `extensions` where vehicles stand free; with DISP-47 on everywhere (since session 32) it has
  // nothing to add, so the rule is shown against DISP-47 off, as it was built.
  const run = (spareGroupQueue: boolean) => simulate(scenario, makeOptimalPolicy({ spareGroupQueue, groupQueue: 'none' }), { seed: scenario.seed + 1, trace: true });
  const on = run(true);
  const off = run(false);
  const legOf = (r: ReturnType<typeof simulate>, id: string): string | undefined => r.trace.find((e) => e.event === 'pickup' && e.casualty === id)?.vehicle;
  assert.equal(legOf(off, 'c7'), legOf(off, 'c1'), 'off: c7 rides on the leg to c1');
  assert.ok(onLegOf(off, 'c7', 'c1'));
  assert.notEqual(legOf(on, 'c7'), legOf(on, 'c1'), 'on: another vehicle fetches c7');
  assert.ok(surgeryAt(on, 'c3') < surgeryAt(off, 'c3') - 60, `c3 operated on at ${surgeryAt(on, 'c3')} vs ${surgeryAt(off, 'c3')}`);
  assert.ok(survivalOf(on, 'c3') > survivalOf(off, 'c3') + 0.1, `c3 ${survivalOf(on, 'c3')} vs ${survivalOf(off, 'c3')}`);
  assert.ok(critical(on) > critical(off) + 0.15, `${critical(on)} vs ${critical(off)}`);
});

// With no vehicle to spare (one car, on its way) the rule does nothing: the same trace.
test('DISP-92 changes nothing where no vehicle is free', () => {
  const scenario = parseScenario(fleetScenario(10086, { casualties: 8, threats: true, vehicles: 1 }));
  const run = (spareGroupQueue: boolean) => simulate(scenario, makeOptimalPolicy({ spareGroupQueue }), { seed: scenario.seed, trace: true });
  assert.deepEqual(run(true).trace, run(false).trace);
  assert.ok(firstAt(run(true), 'pickup', 'c4') < Infinity);
});
