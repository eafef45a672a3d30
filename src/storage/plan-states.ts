// Apart from read-side.ts (which loads the store's helpers and core's schemas) so that the plan thread loads no zod.
import type { CasualtyState } from '../core/index.ts';
import type { PlanCasualtyState } from './port.ts';

/** The planner's casualties as folded states (the planner reads only the fields PlanCasualtyState names). */
export const asPlanStates = (xs: PlanCasualtyState[]): CasualtyState[] => xs as unknown as CasualtyState[];
