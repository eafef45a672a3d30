// Held-out family 1034 (session 46; docs/dispatch.md): DISP-150 (on since, as `elsewhere`), `addToLeg` weighing a leg
// under way without its own surgical places counted again, run with each form against without where traced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { SimResult } from '../sim/state.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import type { OptimalParams } from './optimal/params.ts';

const critical = (r: SimResult): number => metricsOf(r).expectedSurvivors.critical;
const dispatched = (r: SimResult, c: string) => r.trace.find((e) => e.event === 'dispatch' && e.casualty === c);
const droppedAt = (r: SimResult, c: string) => r.trace.find((e) => e.event === 'dropoff' && e.casualty === c)?.facility;

// 1034-55: one ambulance within reach of the casualties (the UGV's 17 km range reaches none), no hit on any seed. At
// 18.5, on its way to c1 (RPM 7) for r2-0 (one table), c4 (RPM 5) is reported: the leg as it is was valued with c1
// queued behind its own table twice (the view's backlog holds its place, DISP-48; the round's booking for its own job
// another, DISP-139), c1 0.223 where it gets 0.423, so the leg "gained 0.103" by adding c4 and going to r2-1, 28 min
// further; c1 got 0.322, c4 0.084, and the ambulance was late for c6 (RPM 9), c23 and c29.
const s55 = parseScenario(generateScenario(1034, 55));
const run55 = (p: Partial<OptimalParams>) => simulate(s55, makeOptimalPolicy(p), { seed: s55.seed });

for (const mode of ['all', 'elsewhere'] as const)
  test(`DISP-150 (${mode}) held-out 1034-55 (one ambulance): the extension to r2-1 no longer beats c1's leg valued without its own table counted again, and the leg stays for r2-0`, () => {
    const off = run55({ addOwnPlaces: 'off' });
    const on = run55({ addOwnPlaces: mode });
    assert.equal(dispatched(off, 'c4')?.t, 18.5);
    assert.equal(droppedAt(off, 'c1'), 'r2-1');
    assert.notEqual(dispatched(on, 'c4')?.t, 18.5);
    assert.equal(droppedAt(on, 'c1'), 'r2-0');
    assert.ok(critical(on) > critical(off) + 1, `${critical(on)} against ${critical(off)}`);
    assert.ok(critical(on) >= critical(runPolicy(s55, 'careful', s55.seed, false)) - 1e-9);
  });
