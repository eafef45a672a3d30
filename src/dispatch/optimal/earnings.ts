// DISP-24: a vehicle is worth no more than it can earn on trips like those open to it.
//
// The flat price of a vehicle (DISP-6) grows with the demand still to come per vehicle, and that demand is projected
// from the rate observed so far: just after a burst (seven reports in the first ten minutes) it projects scores of
// casualties, the price reaches its cap, and no trip through the threat band in front of every casualty is worth it
// (tuning family 901, scenarios 42 and 44: both ambulances held at base while the burst's critical casualties settled
// untreated; `closest` went and saved more). But a vehicle held back for casualties still to come will meet them
// behind the same band: kept for trips that risk it as much as today's, it earns on each about what today's trips
// earn, until it is lost. So its worth is capped at the best rate among the trips it is valued for this round: a
// trip's gain over leaving its casualty untreated (scaled to a casualty reported just now) over the trip's chance of
// losing it. A vehicle with a safe trip open keeps its price (that rate is unbounded). The ratio of sums over all its
// trips was tried first and cost up to 15 % on the examples (docs/dispatch.md, DISP-24).
import { haversineKm } from '../../core/geo-math.ts';
import { needsSurgery, survivalAt, survivalLimit } from '../survival.ts';
import { legMinutes } from '../travel.ts';
import { declaredArrivals } from './anticipation.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle } from '../types.ts';
import type { Ctx } from './context-types.ts';
import type { Matrix } from './matrix.ts';
import { vehicleWorth } from './value.ts';
import { earningsFloor } from './earnings-floor.ts';
import { reportedTrips } from './reported-trips.ts';
import { demandShares } from './reachable-fleet.ts';

/** Sets each vehicle's cap in `ctx.worthCap` and re-prices this round's scores with it (rows: vehicles). */
export function capWorthByEarnings(ctx: Ctx, vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], m: Matrix): void {
  // Each casualty's survival terms, made once for all vehicles (issue 16: they were made again for every pair).
  let terms: { limit: number; now: number; fresh: number }[] | null = null;
  const termsOf = (j: number): { limit: number; now: number; fresh: number } => {
    terms ??= new Array(cands.length);
    let t = terms[j];
    if (!t) {
      const c = cands[j]!;
      const limit = survivalLimit(c.rpm0, ctx.model);
      terms[j] = t = { limit, now: survivalAt(c.rpm0, c.tau, ctx.model) - limit, fresh: survivalAt(c.rpm0, 0, ctx.model) - limit };
    }
    return t;
  };
  vehicles.forEach((v, i) => {
    const worth = vehicleWorth(ctx, v, []);
    if (!(worth > 0)) return;
    // The best rate among its options: one trip that risks it little is enough to keep it for such trips.
    let cap = 0;
    let best: { gain: number; loss: number; j: number } | null = null;
    let trips = 0;
    const row = i * m.C;
    // DISP-137: the critical casualties' trips alone where it has one.
    const criticalOnly = ctx.p.earningsCritical && cands.some((c, j) => m.has[row + j] && !c.future && needsSurgery(c.rpm0) && termsOf(j).now > 1e-6);
    // Once a trip that risks nothing is found the cap is unbounded, whatever the rest are.
    for (let j = 0; j < cands.length && cap !== Infinity; j++) {
      if (!m.has[row + j] || cands[j]!.future || (criticalOnly && !needsSurgery(cands[j]!.rpm0))) continue;
      // The casualties it will meet are reported fresh: a trip's gain is scaled up to a casualty injured just now at
      // the same place (a casualty past saving says nothing about them and is left out).
      const { limit, now, fresh } = termsOf(j);
      if (!(now > 1e-6)) continue;
      const gain = (Math.max(0, m.expected[row + j]! - limit) * fresh) / now;
      trips++;
      const lossChance = m.risk[row + j]! / worth;
      const rate = lossChance > 1e-9 ? gain / lossChance : Infinity;
      if (rate > cap) {
        cap = rate;
        best = { gain, loss: lossChance, j };
      }
    }
    // DISP-58: at that rate it makes only the trips still open to it, not trips for ever (the best trip then breaks
    // even against itself and is never made): G · (1 − (1 − p)^k) / p, as DISP-28.
    if (ctx.p.finiteTrips && best && cap !== Infinity) cap = finiteTripsCap(ctx, v, cands, best.gain, Math.min(1, best.loss), cands[best.j]!, m.facility[row + best.j]!);
    // DISP-37: in a small fleet, also the trips to where the latest casualties were reported.
    for (const t of reportedTrips(ctx, v) ?? []) if (cap !== Infinity) cap = Math.max(cap, t.loss > 1e-9 ? t.gain / t.loss : Infinity);
    // DISP-81: one trip alone does not price the vehicle it is weighed against (it would only break even).
    if (ctx.p.oneTripWorth && trips === 1 && cap !== Infinity) return;
    // DISP-30: never below what it earns once the threats are over.
    if (ctx.p.earningsFloor) cap = Math.max(cap, earningsFloor(ctx, v));
    if (cap >= worth) return;
    repriceVehicle(ctx, v, m, i, worth, cap);
  });
}

/**
 * DISP-58: the best rate's worth over the trips the vehicle can still make: its share of the casualties waiting and
 * expected to the horizon (at the observed or declared rate), and no more than trips as long as the best one fit
 * before the horizon (at least the one open now).
 */
function finiteTripsCap(ctx: Ctx, v: PlanVehicle, cands: readonly PlanCasualty[], gain: number, p: number, c: PlanCasualty, f: PlanFacility): number {
  const { view } = ctx;
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  const km = (haversineKm(v.pos, c.pos) + haversineKm(c.pos, f.pos) + haversineKm(f.pos, v.basePos)) * tort;
  const minutes = legMinutes(km, v.speedKmh) + view.travel.loadMin + view.travel.unloadMin;
  const decl = declaredArrivals(view, ctx.p);
  const left = Math.max(0, view.horizonMin - view.now);
  const toCome = Math.max(view.expectedRatePerMin * left, decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  const waiting = cands.filter((x) => !x.future).length;
  const k = Math.max(1, Math.min((waiting + toCome) / demandShares(view), left / Math.max(1, minutes)));
  return (gain * (1 - (1 - p) ** k)) / p;
}

/** Caps a vehicle's worth at `cap` (below its `worth` now) and re-prices its row (i) of this round's matrix with it. */
export function repriceVehicle(ctx: Ctx, v: PlanVehicle, m: Matrix, i: number, worth: number, cap: number): void {
  ctx.worthCap.set(v.id, cap);
  m.repriced?.add(i);
  for (let k = i * m.C; k < (i + 1) * m.C; k++) {
    const was = m.risk[k]!;
    if (!m.has[k] || !(was > 0)) continue;
    const risk = (was / worth) * cap;
    m.value[k] = m.value[k]! + (was - risk);
    m.risk[k] = risk;
  }
}
