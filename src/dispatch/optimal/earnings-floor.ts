// DISP-30: the earnings cap has a floor: what the vehicle earns once the threats are over.
//
// DISP-24 caps a vehicle's worth at what trips like this round's would earn until it is lost. When every trip of the
// round is nearly hopeless (a burst deep inside a zone: 0.017 to get through, and casualties whose survival the trip
// barely moves), that rate is nearly zero, so the vehicle was priced at nearly nothing and sent anyway: both
// ambulances of a two-vehicle fleet were lost within six minutes, and the fifteen casualties reported after the zone
// closed were never fetched. A vehicle held back is not limited to such trips: once the zones that threaten it have
// closed, it serves the casualties still to come without risk. So its cap is never below the flat price (DISP-6) of
// the demand expected between the close of the last zone that can hit it and the horizon, nor below the flat
// price's own per-vehicle term (as DISP-28).
import type { PlanVehicle } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import type { Ctx } from './context-types.ts';
import { demandShares } from './reachable-fleet.ts';

/** When the last threat zone that can hit this vehicle closes (now, when none is active or to come). */
export function threatsOverAt(ctx: Ctx, v: PlanVehicle): number {
  let end = ctx.view.now;
  for (const t of ctx.view.threats) if (t.toMin > end && t.lossPerKm[v.protection] > 0) end = t.toMin;
  return end;
}

/**
 * The least a vehicle is worth: the flat price of the demand expected after its threats are over. `afterThreats`:
 * DISP-103's reading (DISP-134 asks it of the exact lone plan alone).
 */
export function earningsFloor(ctx: Ctx, v: PlanVehicle, afterThreats = ctx.p.floorAfterThreats): number {
  const { view, p } = ctx;
  const from = Math.min(view.horizonMin, threatsOverAt(ctx, v));
  // DISP-103: threats that outlast the horizon leave the held vehicle no trip "after" them to be priced at.
  if (afterThreats && from >= view.horizonMin) return 0;
  const decl = declaredArrivals(view, p);
  const observed = view.expectedRatePerMin * Math.max(0, view.horizonMin - from);
  const declared = decl ? decl.ratePerMin * Math.max(0, decl.untilMin - Math.max(from, view.now)) : 0;
  const demand = Math.max(observed, declared);
  return Math.min(p.maxVehicleValue, (p.serviceValue * demand) / demandShares(view) + p.serviceValue);
}
