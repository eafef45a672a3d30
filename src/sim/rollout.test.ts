// DISP-18: rollouts of candidate plans in the simulator, from a state rebuilt from the planning view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { smallScenario } from '../dispatch/clairvoyant.ts';
import { optimalPolicy } from '../dispatch/index.ts';
import type { Job, PlanView, Policy } from '../dispatch/index.ts';
import { generateScenario } from './generate.ts';
import { rolloutScore } from './rollout.ts';
import { ROLLOUT_OPTIONS, optimalRolloutPolicy } from './run.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

/** Records every view a policy is shown and the plan it returned. */
function spy(policy: Policy): { policy: Policy; rounds: { view: PlanView; jobs: Job[] }[] } {
  const rounds: { view: PlanView; jobs: Job[] }[] = [];
  return {
    rounds,
    policy: {
      ...policy,
      plan(view: PlanView): Job[] {
        const jobs = policy.plan(view);
        rounds.push({ view, jobs });
        return jobs;
      },
    },
  };
}

test('DISP-18 with everything known and nothing random, a rollout from the first view reproduces the run exactly', () => {
  const exact = { ...ROLLOUT_OPTIONS, futureMin: 0, lookaheadMin: Infinity };
  for (let i = 0; i < 6; i++) {
    const raw = generateScenario(3, i, { maxVehicles: 8, maxCasualties: 16 });
    raw['threats'] = [];
    delete raw['arrivals'];
    for (const c of raw['casualties'] as Record<string, unknown>[]) c['atMin'] = 0;
    const scenario = parseScenario(raw);
    const s = spy(optimalPolicy);
    const run = simulate(scenario, s.policy, { trace: false });
    const first = s.rounds[0]!;
    const actual = run.casualties.reduce((a, c) => a + c.survival, 0);
    const predicted = rolloutScore(first.view, first.jobs, optimalPolicy, 0, exact);
    assert.ok(Math.abs(actual - predicted) < 1e-9, `${scenario.name}: rollout ${predicted} vs run ${actual}`);
  }
});

test('DISP-18 optimal-rollout commits no vehicle that optimal keeps free, and its traces pass the independent checker', () => {
  for (let seed = 1; seed <= 3; seed++) {
    const raw = smallScenario(seed, 6);
    const s = spy(optimalRolloutPolicy);
    const run = simulate(parseScenario(raw), s.policy);
    for (const { view, jobs } of s.rounds) {
      const base = new Set(optimalPolicy.plan(view).map((j) => j.vehicleId));
      for (const j of jobs) assert.ok(base.has(j.vehicleId), `small-${seed} at ${view.now}: ${j.vehicleId} committed`);
    }
    const check = checkTrace(raw, JSON.parse(JSON.stringify(run.trace)) as Record<string, unknown>[]);
    assert.deepEqual(check.errors, [], `small-${seed}`);
  }
});
