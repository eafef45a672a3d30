// The planner's forms for a lone vehicle, named for the tests that compare them (docs/dispatch.md, DISP-104 to DISP-116).
import type { OptimalParams } from './optimal/params.ts';

/**
 * The one-step plan and the rules built on it (DISP-19 and after), which a lone vehicle's rounds had before DISP-116
 * and still have where the exact plan does not apply (more than 12 casualties known, windows, ranges, its budget).
 */
export const ONE_STEP: Partial<OptimalParams> = { exactLone: false };
/** DISP-104 as first built: every survivor counts alike, the vehicle's later worth the same whenever its plan ends. */
export const EXACT_ALL: Partial<OptimalParams> = { exactLone: true, exactLoneMinorWeight: 1, exactLoneWorthFalls: false, exactLoneGuard: -1 };
