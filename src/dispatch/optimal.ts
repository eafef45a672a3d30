// The project's optimiser: a rolling assignment on expected survival, re-solved at every event. Its design rules are
// DISP-n in docs/dispatch.md; the code is split by concern in ./optimal/ (params, exposure, context, value, routes,
// anticipation, policy).
export { DEFAULT_OPTIMAL_PARAMS, OPTIMAL_V1_PARAMS } from './optimal/params.ts';
export type { OptimalParams } from './optimal/params.ts';
export { assessContext, assessJob, assessJobIn, hindsightPolicy, makeOptimalPolicy, optimalPolicy, optimalV1Policy } from './optimal/policy.ts';
export type { JobAssessment } from './optimal/policy.ts';
