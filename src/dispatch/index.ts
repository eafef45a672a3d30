// The dispatch engine: survival and travel models, policies and the planner. Pure: used by src/sim and the server.
export * from './survival.ts';
export * from './travel.ts';
export * from './types.ts';
export * from './timeline.ts';
export { closestPolicy, priorityPolicy } from './policies.ts';
export { carefulPolicy } from './careful.ts';
export { optimalPolicy, optimalV1Policy, hindsightPolicy, makeOptimalPolicy } from './optimal.ts';
export { planLive } from './live.ts';
export type { LiveInput, LiveAssignment } from './live.ts';
import type { Policy } from './types.ts';
import { closestPolicy, priorityPolicy } from './policies.ts';
import { carefulPolicy } from './careful.ts';
import { hindsightPolicy, optimalPolicy, optimalV1Policy } from './optimal.ts';

export const POLICY_NAMES = ['closest', 'priority', 'careful', 'optimal', 'optimal-v1', 'hindsight'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The policy by name; `hindsight` must be run with the future revealed (simulate(..., { revealFuture: true })). */
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
    case 'optimal-v1':
      return optimalV1Policy;
    case 'hindsight':
      return hindsightPolicy;
  }
}
