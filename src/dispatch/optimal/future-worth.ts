// DISP-33: under threats, a small fleet's sequences price a vehicle's loss by the casualties not yet known.
//
// DISP-19's search already loses every later trip of a vehicle lost on an earlier one (they count at the chance it
// still runs), and a casualty it has not reached when lost waits again. So the price of losing it that the search
// still needs is only what it would earn on casualties not yet reported. The flat price (DISP-6) counts the casualties
// waiting as well (already in the search: counted twice, the one vehicle was held while they settled), and with one
// vehicle a casualty it fails to reach is valued as if another fetched it later. Here, in the search only:
//  - a casualty no other vehicle can carry (litter or seated) is left untreated when its vehicle is lost before
//    reaching it (DISP-21's share, 1);
//  - a vehicle's worth is what it earns on the casualties still to come, its share of them (the fewer of those
//    expected at the observed or declared rate and of the trips like this round's that fit before the horizon), each
//    worth the mean fresh gain of the trips open now, each risking it as they do on average, until it is lost:
//    G · (1 − (1 − p)^k) / p, as DISP-28 does for the last vehicle over all its trips.
import { haversineKm } from '../../core/geo-math.ts';
import { fits } from '../common.ts';
import { survivalAt, survivalLimit } from '../survival.ts';
import { legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import type { Ctx, Plan } from './context-types.ts';
import { earningsFloor } from './earnings-floor.ts';
import { meanTrip, reportedTrips } from './reported-trips.ts';
import { bestPlan, vehicleWorth } from './value.ts';

export interface FutureWorth {
  /** Per vehicle id: what losing it costs the casualties not yet known. */
  worth: Map<string, number>;
  /** Per casualty id: 1 when no other vehicle of the fleet can carry it (left untreated if its vehicle is lost). */
  alone: Map<string, { share: number; own: number }>;
}

/** The vehicles' worth to casualties not yet reported, and who only one vehicle can carry (DISP-33). */
export function futureWorth(ctx: Ctx, vehicles: readonly PlanVehicle[], casualties: readonly PlanCasualty[], floorAfterThreats = ctx.p.floorAfterThreats): FutureWorth {
  const { view } = ctx;
  const alone = new Map<string, { share: number; own: number }>();
  for (const c of casualties) {
    const carriers = vehicles.filter((v) => fits(v, c.litter ? 1 : 0, 1)).length;
    alone.set(c.id, { share: carriers === 1 ? 1 : 0, own: 0 });
  }
  const decl = declaredArrivals(view, ctx.p);
  const left = Math.max(0, view.horizonMin - view.now);
  const toCome = Math.max(view.expectedRatePerMin * left, decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  const worth = new Map<string, number>();
  // Never below DISP-30's floor: the trips open now say nothing of the safe ones once the threats are over.
  for (const v of vehicles) worth.set(v.id, Math.max(vehicleFutureWorth(ctx, v, casualties, toCome / Math.max(1, vehicles.length), left), ctx.p.earningsFloor ? earningsFloor(ctx, v, floorAfterThreats, ctx.p.safeShareFloor !== 'off') : 0));
  return { worth, alone };
}

/** G · (1 − (1 − p)^k) / p for one vehicle, from its trips open now (0 when it has none that saves anything). */
function vehicleFutureWorth(ctx: Ctx, v: PlanVehicle, casualties: readonly PlanCasualty[], share: number, left: number): number {
  const { view, model } = ctx;
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  let gains = 0;
  let losses = 0;
  let minutes = 0;
  let n = 0;
  for (const c of casualties) {
    if (c.future) continue;
    const limit = survivalLimit(c.rpm0, model);
    const now = survivalAt(c.rpm0, c.tau, model) - limit;
    if (!(now > 1e-6)) continue;
    const plan = bestPlan(ctx, v, c);
    if (!plan) continue;
    // Those to come are reported fresh: the trip's gain scaled to a casualty injured just now at the same place.
    gains += (Math.max(0, plan.expected.get(c.id)! - limit) * (survivalAt(c.rpm0, 0, model) - limit)) / now;
    losses += 1 - plan.alive;
    const f = plan.facility.pos;
    const km = (haversineKm(v.pos, c.pos) + haversineKm(c.pos, f) + haversineKm(f, v.basePos)) * tort;
    minutes += legMinutes(km, v.speedKmh) + view.travel.loadMin + view.travel.unloadMin;
    n++;
  }
  if (n === 0) return 0;
  // DISP-140: one trip open is the trip being priced; it says nothing of the others (DISP-81's reason, in the search).
  if (ctx.p.oneTripFutureWorth && n === 1) return vehicleWorth(ctx, v, []);
  // DISP-37: those to come are like the latest reports, not only like the casualties still worth a trip.
  const reported = reportedTrips(ctx, v);
  const mean = reported ? meanTrip(reported) : { gain: gains / n, loss: losses / n, minutes: minutes / n };
  const k = Math.min(share, left / mean.minutes);
  if (!(k > 0)) return 0;
  const g = mean.gain;
  const p = mean.loss;
  return p > 1e-9 ? (g * (1 - (1 - p) ** k)) / p : g * k;
}

/** A trip's risk with the vehicle priced by the casualties not yet known (its chance of loss times that worth). */
export function futureRisk(ctx: Ctx, plan: Plan, future: FutureWorth): number {
  if (!(plan.risk > 0)) return 0;
  const flat = vehicleWorth(ctx, plan.vehicle, plan.casualties);
  return flat > 0 ? (plan.risk / flat) * (future.worth.get(plan.vehicle.id) ?? 0) : 0;
}
