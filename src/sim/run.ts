// Policies by name, and a scenario run under one (the hindsight heuristic sees future casualties). The experimental
// `optimal-rollout` plays candidate plans forward in this simulator (DISP-18), so the names are resolved here, above
// src/dispatch.
import { carefulPolicy, closestPolicy, hindsightPolicy, optimalPolicy, optimalV1Policy, priorityPolicy } from '../dispatch/index.ts';
import type { Policy, PolicyName } from '../dispatch/index.ts';
import { makeRolloutPolicy } from './rollout.ts';
import type { RolloutOptions } from './rollout.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';

/** Rollouts (DISP-18): the baselines' and v1's first moves tried beside optimal's, scored by the simulator. */
export const ROLLOUT_OPTIONS: RolloutOptions = {
  candidates: [carefulPolicy, closestPolicy, priorityPolicy, optimalV1Policy],
  samples: 3,
  minorWeight: 1,
  futureMin: 120,
  lookaheadMin: 240,
  margin: 0.01,
  maxCasualties: 20,
  maxVehicles: 12,
};

/** `optimal` (the one-step optimiser, DISP-1…DISP-16) improved by rollouts: measured, not adopted (DISP-18). */
export const optimalRolloutPolicy: Policy = makeRolloutPolicy(optimalPolicy, ROLLOUT_OPTIONS, 'optimal-rollout');

export function policyByName(name: PolicyName): Policy {
  switch (name) {
    case 'closest':
      return closestPolicy;
    case 'priority':
      return priorityPolicy;
    case 'careful':
      return carefulPolicy;
    case 'optimal':
      return optimalPolicy;
    case 'optimal-rollout':
      return optimalRolloutPolicy;
    case 'optimal-v1':
      return optimalV1Policy;
    case 'hindsight':
      return hindsightPolicy;
  }
}

export function runPolicy(scenario: Scenario, policy: PolicyName, seed?: number, trace = true): SimResult {
  return simulate(scenario, policyByName(policy), { ...(seed !== undefined ? { seed } : {}), revealFuture: policy === 'hindsight', trace });
}
