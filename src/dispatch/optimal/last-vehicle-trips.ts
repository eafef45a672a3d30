// DISP-28: the last vehicle is worth the trips it can still make.
//
// With one vehicle left, losing it leaves every casualty still to come untreated, so its price is what it would earn
// on them. The flat price (DISP-6) counts the casualties projected from the observed rate up to the horizon at a
// hand-set value each, and the earnings cap (DISP-24) prices it as if it could go on forever at the best rate among
// this round's trips: the best trip then only breaks even against itself, and a vehicle whose every trip is risky is
// held at base while the casualties waiting settle (small instances, `threat1`: an ambulance 60 km out held until the
// last report, then sent by the fallback anyway). But a held vehicle makes at most as many trips as the time left to
// the horizon allows (trips as long as this round's), each one like the casualties seen so far (on average, not the
// best), and each risks it as this round's do on average. So with a mean fresh gain G per trip, a mean chance p of
// losing it per trip and k trips still to make, it is worth G · (1 − (1 − p)^k) / p — the expected gain of k trips
// in a row until it is lost — and its price is capped at that (never below the flat price's own term).
import { haversineKm } from '../../core/geo-math.ts';
import { survivalAt, survivalLimit } from '../survival.ts';
import { legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanVehicle } from '../types.ts';
import { declaredArrivals } from './anticipation.ts';
import type { Ctx } from './context-types.ts';
import { repriceVehicle } from './earnings.ts';
import { meanTrip, reportedTrips } from './reported-trips.ts';
import { soleServer } from './sole-server.ts';
import type { Matrix } from './matrix.ts';
import { vehicleWorth } from './value.ts';

/** What the one vehicle left is worth: the trips it can still make (null when it is not the last, or no trip risks it). */
export function lastVehicleTripsWorth(ctx: Ctx, v: PlanVehicle, cands: readonly PlanCasualty[], m: Matrix, i = 0): number | null {
  const { view } = ctx;
  // DISP-120: or one no other vehicle of the view can stand in for.
  if (view.vehicles.length !== 1 && !(ctx.p.soleServerTrips !== 'off' && soleServer(ctx, v, cands, m, i))) return null;
  const worth = vehicleWorth(ctx, v, []);
  if (!(worth > 0)) return null;
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  let gains = 0;
  let losses = 0;
  let minutes = 0;
  let n = 0;
  cands.forEach((c, j) => {
    const k = i * m.C + j;
    if (!m.has[k] || c.future) return;
    const limit = survivalLimit(c.rpm0, ctx.model);
    const left = survivalAt(c.rpm0, c.tau, ctx.model) - limit;
    // A casualty past saving says nothing about what a trip earns.
    if (!(left > 1e-6)) return;
    // Those to come are reported fresh: the trip's gain scaled to a casualty injured just now at the same place.
    gains += (Math.max(0, m.expected[k]! - limit) * (survivalAt(c.rpm0, 0, ctx.model) - limit)) / left;
    losses += m.risk[k]! / worth;
    const f = m.facility[k]!.pos;
    const km = (haversineKm(v.pos, c.pos) + haversineKm(c.pos, f) + haversineKm(f, v.basePos)) * tort;
    minutes += legMinutes(km, v.speedKmh) + view.travel.loadMin + view.travel.unloadMin;
    n++;
  });
  // DISP-81: a single trip does not price the vehicle it is weighed against.
  if (n === 0 || (n === 1 && ctx.p.oneTripWorth)) return null;
  // DISP-37: those to come are like the latest reports, not only like the casualties still worth a trip.
  const reported = reportedTrips(ctx, v);
  const mean = reported ? meanTrip(reported) : { gain: gains / n, loss: losses / n, minutes: minutes / n };
  if (!(mean.loss > 1e-9)) return null;
  const p = Math.min(1, mean.loss);
  // Trips still to make: for the others waiting, and for those to come (no more than are expected at the observed or
  // declared rate, nor than trips as long as this round's fit before the horizon).
  const decl = declaredArrivals(view, ctx.p);
  const toCome = Math.max(view.expectedRatePerMin * Math.max(0, view.horizonMin - view.now), decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  const k = n - 1 + Math.min(toCome, Math.max(0, view.horizonMin - view.now) / mean.minutes);
  // Never below the flat price's own term (what a vehicle is worth beyond the demand it is projected to serve): with
  // nothing to come and nobody else waiting it would be worth nothing, and sent through any zone.
  return Math.max(ctx.p.serviceValue, (mean.gain * (1 - (1 - p) ** k)) / p);
}

/**
 * Caps the last vehicle's worth at the trips it can still make, re-pricing its row of this round's scores; with
 * DISP-120 each vehicle (row i) no other in the view can stand in for.
 */
export function capLastVehicleWorth(ctx: Ctx, vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], m: Matrix): void {
  const rows = vehicles.length === 1 || ctx.p.soleServerTrips !== 'off' ? vehicles.length : 0;
  for (let i = 0; i < rows; i++) {
    const v = vehicles[i]!;
    const cap = lastVehicleTripsWorth(ctx, v, cands, m, i);
    const worth = vehicleWorth(ctx, v, []);
    if (cap === null || cap >= worth) continue;
    repriceVehicle(ctx, v, m, i, worth, cap);
  }
}
