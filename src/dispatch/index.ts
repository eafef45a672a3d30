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
export const POLICY_NAMES = ['closest', 'priority', 'careful', 'optimal', 'optimal-v1', 'hindsight'] as const;
/** `optimal-rollout` (DISP-18, src/sim/run.ts) is run only when asked for by name: it is slow and not adopted. */
export type PolicyName = (typeof POLICY_NAMES)[number] | 'optimal-rollout';
