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
//
// DISP-144: where the threats outlast the horizon there is no "after" and the floor fell to that one term, though
// casualties to come also occur outside the zones: a small fleet's vehicle was priced at one hopeless trip and sent
// on it, while the next reports lay on safe roads (held-out 1030-147, 1030-185). So a small fleet's vehicle also
// counts the demand expected while its threats last, at the share of it its trips reach safely: by the rule of
// succession over the latest reports, (safe + 1) / (n + 2), so that a few reports all deep in a zone do not say that
// every casualty to come will be. Only a trip that crosses no zone counts (whenever the zone is active): one that
// risks the vehicle is DISP-24's and DISP-33's to price (counted by their chance of getting through, ten reports in a
// band that lets 0.6 through held two ambulances back from it, where every later casualty lay: dev 1016-8; counted
// by the trip's risk now, a zone still to open made every report safe: dev 1011-31).
import type { Position } from '../../core/index.ts';
import type { PlanVehicle } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import type { Ctx } from './context-types.ts';
import { demandShares } from './reachable-fleet.ts';
import { reportedTrips } from './reported-trips.ts';

/** When the last threat zone that can hit this vehicle closes (now, when none is active or to come). */
export function threatsOverAt(ctx: Ctx, v: PlanVehicle): number {
  let end = ctx.view.now;
  for (const t of ctx.view.threats) if (t.toMin > end && t.lossPerKm[v.protection] > 0) end = t.toMin;
  return end;
}

/**
 * The least a vehicle is worth: the flat price of the demand expected after its threats are over. `afterThreats`:
 * DISP-103's reading (DISP-134 asks it of the exact lone plan alone). `safe`: DISP-144's share of the demand while the
 * threats last.
 */
export function earningsFloor(ctx: Ctx, v: PlanVehicle, afterThreats = ctx.p.floorAfterThreats, safe = ctx.p.safeShareFloor === 'all'): number {
  const { view, p } = ctx;
  const from = Math.min(view.horizonMin, threatsOverAt(ctx, v));
  // DISP-103: threats that outlast the horizon leave the held vehicle no trip "after" them to be priced at.
  if (afterThreats && from >= view.horizonMin) return 0;
  const decl = declaredArrivals(view, p);
  const observed = view.expectedRatePerMin * Math.max(0, view.horizonMin - from);
  const declared = decl ? decl.ratePerMin * Math.max(0, decl.untilMin - Math.max(from, view.now)) : 0;
  let demand = Math.max(observed, declared);
  if (safe && from > view.now) {
    const share = safeShare(ctx, v) ?? 0;
    const during = decl ? decl.ratePerMin * Math.max(0, Math.min(from, decl.untilMin) - view.now) : 0;
    demand += share * Math.max(view.expectedRatePerMin * (from - view.now), during);
  }
  return Math.min(p.maxVehicleValue, (p.serviceValue * demand) / demandShares(view) + p.serviceValue);
}

/**
 * DISP-144: the share of the casualties to come a small fleet's vehicle reaches safely (null: not a small fleet): by
 * the rule of succession over the latest reports, (safe + 1) / (n + 2). A report is safe when its trip's way (out, to
 * the facility, back to base; straight, as the search prices it) crosses no zone that can hit the vehicle and is
 * active or still to come, whenever it opens: a zone opening later makes the trips of the reports then unsafe.
 */
export function safeShare(ctx: Ctx, v: PlanVehicle): number | null {
  const trips = reportedTrips(ctx, v, true);
  if (!trips) return null;
  const { view, geo } = ctx;
  const live = view.threats.map((t) => t.toMin > view.now && t.lossPerKm[v.protection] > 0);
  const crosses = (a: Position, b: Position): boolean => geo.intervals(a, b).some((iv, i) => live[i] && iv.length > 0);
  const safe = trips.filter((t) => t.way && !t.way.some((a, i) => i > 0 && crosses(t.way![i - 1]!, a)));
  const a = ctx.p.safeSharePrior;
  return (safe.length + a) / (trips.length + 2 * a);
}
