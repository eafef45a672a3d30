// Run a scenario under a named policy (the hindsight bound sees future casualties).
import { policyByName } from '../dispatch/index.ts';
import type { PolicyName } from '../dispatch/index.ts';
import type { Scenario } from './scenario.ts';
import { simulate } from './simulator.ts';
import type { SimResult } from './simulator.ts';

export function runPolicy(scenario: Scenario, policy: PolicyName, seed?: number, trace = true): SimResult {
  return simulate(scenario, policyByName(policy), { ...(seed !== undefined ? { seed } : {}), revealFuture: policy === 'hindsight', trace });
}
