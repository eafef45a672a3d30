// DISP-97: under threats a trip may go through the place of a casualty care can no longer help (a waypoint).
//
// A leg is a straight line between stops, so the only way round a zone is through another stop. The exact optimum
// (DISP-17) takes it: on 12 of the 31 dev `threat1` instances below 0.85 it picks up a casualty past saving whose
// pickup adds nothing but whose place keeps a leg out of a zone (`threat1` 10282: c3 → c7 → r2-0 gets through on every
// draw where c3 → r2-0 gets through with 0.73). `aboard` (aboard.ts) does it for a vehicle with casualties aboard on
// its way to their dropoff. DISP-19's search formed such a casualty into a trip only as the second of a pair; with
// `all` each trip it values may also take one at any place in its pickup order (here).
import { fits } from '../common.ts';
import type { PlanCasualty } from '../types.ts';
import type { Ctx, Plan } from './context-types.ts';
import { CRITICAL_DETOUR_TOLERANCE } from './minor-rides.ts';
import { evaluate, salvage } from './value.ts';

/** Below this chance of getting through, a trip is worth trying with a waypoint. */
const AT_RISK = 1 - 1e-6;

/**
 * The trip with a waypoint that gains most over `gain` (its own gain), or null: each waiting casualty past saving
 * (less salvage than DISP-38's tolerance) not in the trip that fits, at each place in the pickup order. `count` is
 * called per plan valued (the search's budget).
 */
export function withWaypoint(ctx: Ctx, plan: Plan, gain: number, open: readonly PlanCasualty[], gainOf: (p: Plan) => number, count: () => void): { plan: Plan; gain: number } | null {
  if (!(plan.alive < AT_RISK)) return null;
  const group = plan.casualties;
  if (group.some((c) => c.future)) return null;
  const litter = group.filter((c) => c.litter).length;
  let best: { plan: Plan; gain: number } | null = null;
  for (const w of open) {
    if (w.future || group.includes(w) || salvage(ctx, w) >= CRITICAL_DETOUR_TOLERANCE) continue;
    if (!fits(plan.vehicle, litter + (w.litter ? 1 : 0), group.length + 1)) continue;
    for (let i = 0; i <= group.length; i++) {
      count();
      const q = evaluate(ctx, plan.vehicle, [...group.slice(0, i), w, ...group.slice(i)], plan.facility);
      if (!q) continue;
      const g = gainOf(q);
      if (g > (best?.gain ?? gain) + 1e-9) best = { plan: q, gain: g };
    }
  }
  return best;
}
