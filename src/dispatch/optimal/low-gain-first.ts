// DISP-96: a small fleet's sequence that opens with a low-gain trip for its only vehicle of a kind. DISP-19's search
// values only the casualties reported; a long trip for a small gain costs it nothing more, but it takes away the one
// vehicle that can answer the critical reports still to come (generated 1007-196: the only litter vehicle sent 76 min
// out for a gain of 0.061, busy when a critical litter case was reported). The one-step plan, which prices the vehicle's
// time by a flat delay and value, decides such a round instead; or (`sequenceLowGainHolds`) it decides for the other
// vehicles and this one is held: the one-step plan may send it on the same trip (`threat` 10322).
import type { PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';
import type { SequenceResult } from './sequence.ts';

/** The vehicles (not of `fixed`) whose first trip in `seq` starts now, gains below DISP-96's limit and outlasts its minutes. */
export function lowGainFirst(ctx: Ctx, seq: SequenceResult, fixed?: ReadonlyMap<string, unknown> | null): Set<string> {
  const { sequenceLowGain: low, sequenceLowGainMin: minutes } = ctx.p;
  const out = new Set<string>();
  if (low <= 0) return out;
  const now = ctx.view.now;
  for (const [id, plan] of seq.first) {
    if (fixed?.has(id) || plan.startMin > now + 1e-9 || plan.endMin - now <= minutes) continue;
    if ((seq.firstGain.get(id) ?? 0) >= low || !onlyOfKind(ctx.view.vehicles, id)) continue;
    // Only while casualties are still expected before the trip ends: past the horizon nothing is kept it for.
    if (ctx.view.expectedRatePerMin * (Math.min(plan.endMin, ctx.view.horizonMin) - now) < ctx.p.sequenceLowGainToCome) continue;
    out.add(id);
  }
  return out;
}

/** The fleet's only vehicle, or its only one with a litter place. */
function onlyOfKind(vehicles: readonly PlanVehicle[], id: string): boolean {
  const v = vehicles.find((x) => x.id === id);
  if (!v) return false;
  return vehicles.length === 1 || (v.litter > 0 && vehicles.every((x) => x.id === id || x.litter === 0));
}
