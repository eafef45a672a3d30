// The value of a job: each casualty's expected survival if this vehicle fetches it now (threat risk, surgical queue,
// stabilising stop and onward leg included), over what it gets by waiting, minus the vehicle's own risk (DISP-1…DISP-6).
import { haversineKm } from '../../core/geo-math.ts';
import type { Position } from '../../core/index.ts';
import { definitiveFor, feasibleTimeline, fits, samePos } from '../common.ts';
import { needsSurgery, settleClock, survivalAt, survivalLimit, vehicleClockRate, waitLoss } from '../survival.ts';
import { legKm, legMinutes } from '../travel.ts';
import { inWindows } from '../types.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, Stop } from '../types.ts';
import type { Ctx, Onward, Plan } from './context-types.ts';
import type { SurvivalModel } from '../survival.ts';
import { candidateFacilities, isHandOffVehicle, onwardFor } from './routes.ts';
import { secondChance } from './second-chance.ts';
import { CRITICAL_DETOUR_TOLERANCE, criticalFirst, criticalsBesideMinors, minorRulesBroken } from './minor-rides.ts';
import { savable } from './past-saving.ts';
import { displacement, firstSlot } from './arrival-slots.ts';

/**
 * Expected survival of a casualty dropped at facility f at minute `drop` with clock `tau`, behind `ahead` casualties
 * of its own job that the tables take first (DISP-47).
 */
export function careSurvival(ctx: Ctx, c: PlanCasualty, f: PlanFacility, drop: number, tau: number, ahead = 0): number {
  const m = ctx.model;
  if (ctx.transfers.has(f.id)) return onwardSurvival(ctx, c, ctx.transfers.get(f.id)!, drop, tau, 1);
  if (!needsSurgery(c.rpm0)) return survivalAt(c.rpm0, tau, m);
  if (definitiveFor(c, f)) {
    const start = Math.max(drop, firstSlot(ctx, f.id, drop, ahead) ?? Infinity);
    if (!Number.isFinite(start)) return survivalAt(c.rpm0, tau + 1e4, m);
    return survivalAt(c.rpm0, tau + m.clockStabilised * (start - drop), m) - displacement(ctx, f.id, drop);
  }
  // A stabilising stop: wait for an onward vehicle, then the best definitive facility.
  return onwardSurvival(ctx, c, onwardFor(ctx, c, f.id), drop, tau, m.clockStabilised, ctx.p.onwardSlackMin);
}

/**
 * Survival after waiting (clock at `waitRate`) for an onward vehicle at a stop, then the best definitive facility.
 * Issue 11: asked twice of every stabilising stop of every pair valued (1,000 casualties × 30 facilities), so the routes
 * are walked shortest first, and the walk stops once a route's survival with no queue for a table (which bounds what
 * it and every longer route can give, when survival falls as the clock runs: `survivalFalls`) is below the best found
 * by more than rounding: the same best, with fewer routes priced.
 */
export function onwardSurvival(ctx: Ctx, c: PlanCasualty, on: Onward | null, drop: number, tau: number, waitRate: number, slack = 0): number {
  const m = ctx.model;
  if (!on) return survivalAt(c.rpm0, tau + 1e4, m);
  const wait = Math.max(0, ctx.view.now + on.etaMin - drop) + slack;
  let best = 0;
  const rate = vehicleClockRate(on.vehicle.medic, m);
  const { loadMin, unloadMin } = ctx.view.travel;
  const surgical = needsSurgery(c.rpm0);
  const order = routesOf(on);
  const routes = surgical ? order.surgical : order.all;
  // Prune only where every term of the bound is what it says: clocks that never run back, chances in [0, 1].
  const prune = order.sorted && rate >= 0 && waitRate >= 0 && m.clockStabilised >= 0 && m.survivalIfVehicleHit >= 0 && m.survivalIfVehicleHit <= 1 && survivalFalls(m);
  // The same sums, grouped as before (left to right), so each route's numbers are the same to the last bit.
  const atStop = drop + wait;
  const tauOut = tau + waitRate * (wait + loadMin);
  for (const r of routes) {
    // DISP-99 `beds`: minutes more at the stop until a bed frees where none is free now (0: free now).
    let hold = 0;
    if ((ctx.beds.get(r.facility.id) ?? 0) < 1) {
      const at = ctx.p.stopFloor === 'beds' || ctx.p.stopFloor === 'settled' ? laterBed(ctx, r.facility) : null;
      if (at === null || (ctx.p.stopFloor === 'settled' && !settledBy(ctx, c, at))) continue;
      hold = Math.max(0, at + onwardLead(ctx, on) - atStop);
    }
    // DISP-112: the onward vehicle arrives only while the facility is open (or holds at the stop until it can).
    if (ctx.p.onwardOpen !== 'off' && r.facility.open) {
      const more = openHold(r.facility.open, atStop + hold + loadMin + r.durMin, unloadMin);
      if (more === null || (more > 0 && ctx.p.onwardOpen === 'skip')) continue;
      hold += more;
    }
    const t0 = atStop + loadMin;
    const t1 = t0 + r.durMin + unloadMin;
    // DISP-135: the onward job (to the stop, loading, on to the facility, unloading) inside one window of its vehicle.
    if (ctx.p.onwardOnDuty && !inWindows(on.vehicle.available, Math.max(ctx.view.now, atStop - onwardLead(ctx, on)), t1 + hold)) continue;
    const tauDrop = tauOut + rate * (r.durMin + unloadMin);
    // Without the hold: still the bound of this route and every longer one.
    const noQueue = survivalAt(c.rpm0, tauDrop, m);
    if (prune && noQueue < best - 1e-12) break;
    const sv = hold > 0 ? heldSurvival(ctx, c, r.facility, t1 + hold, tauDrop + waitRate * hold) : routeSurvival(ctx, c, r.facility, t1, tauDrop, noQueue, surgical);
    if (sv === null) continue;
    const q = ctx.p.onwardAtDeparture === 'off' || (ctx.p.onwardAtDeparture === 'opening' && !on.opensLater) ? r.q : departureChance(ctx, on, r, t0 + hold);
    const e = q * sv + (1 - q) * m.survivalIfVehicleHit * sv;
    if (e > best) best = e;
  }
  // DISP-99: never below the untreated limit, where a casualty no one moves on settles (SIM-7).
  return ctx.p.stopFloor !== 'off' ? Math.max(best, survivalLimit(c.rpm0, m)) : best;
}

/** DISP-132: a route's chance of getting through the zones as they are when it leaves the stop at `leave`. */
function departureChance(ctx: Ctx, on: Onward, r: Route, leave: number): number {
  const q = ctx.geo.legSurvival(on.from, r.facility.pos, r.km, leave, r.durMin, on.vehicle.protection);
  return ctx.p.onwardAtDeparture === 'opening' ? Math.min(q, r.q) : q;
}

/** A route's survival at its facility (dropped at t1 with clock tauDrop): its first table for a surgical case. */
function routeSurvival(ctx: Ctx, c: PlanCasualty, f: PlanFacility, t1: number, tauDrop: number, noQueue: number, surgical: boolean): number | null {
  if (!surgical) return noQueue;
  const start = Math.max(t1, firstSlot(ctx, f.id, t1) ?? Infinity);
  if (!Number.isFinite(start)) return null;
  const tauStart = tauDrop + ctx.model.clockStabilised * (start - t1);
  return tauStart === tauDrop ? noQueue : survivalAt(c.rpm0, tauStart, ctx.model);
}

/**
 * DISP-112: the minutes an arrival at `arrive` must be put off so that it and the unloading after it fall inside one
 * open window (0: open now); null when no window is left.
 */
export function openHold(open: readonly (readonly [number, number])[], arrive: number, unloadMin: number): number | null {
  let best: number | null = null;
  for (const [a, b] of open) {
    const at = Math.max(arrive, a);
    if (at + unloadMin <= b && (best === null || at - arrive < best)) best = at - arrive;
  }
  return best;
}

/** DISP-99: the same after a hold at the stop for a bed. */
function heldSurvival(ctx: Ctx, c: PlanCasualty, f: PlanFacility, t1: number, tauDrop: number): number | null {
  return routeSurvival(ctx, c, f, t1, tauDrop, survivalAt(c.rpm0, tauDrop, ctx.model), needsSurgery(c.rpm0));
}

/**
 * DISP-99: when the next bed of a full facility frees: the view's `bedsFreeAt`, past those the round has already given
 * out beyond the free ones (its bed count below 0); null when none is known to free.
 */
export function laterBed(ctx: Ctx, f: PlanFacility): number | null {
  const k = Math.max(0, -Math.round(ctx.beds.get(f.id) ?? 0));
  const at = f.bedsFreeAt?.[k];
  return at === undefined || !Number.isFinite(at) ? null : at;
}

/** DISP-99 `settled`: whether a casualty left where it is until minute `at` has settled by then (waiting gains nothing). */
function settledBy(ctx: Ctx, c: PlanCasualty, at: number): boolean {
  const from = c.future ? c.atMin : ctx.view.now;
  return c.tau + c.rate * Math.max(0, at - from) >= settleClock(c.rpm0, ctx.model);
}

/** DISP-99: the onward vehicle's drive to the stop once sent (its eta less the wait until it is free). */
function onwardLead(ctx: Ctx, on: Onward): number {
  return Math.max(0, on.etaMin - Math.max(0, on.vehicle.freeAt - ctx.view.now));
}

type Route = Onward['routes'][number];
const routeOrders = new WeakMap<Onward, { surgical: Route[]; all: Route[]; sorted: boolean }>();

/**
 * An onward leg's routes a casualty can end at (`definitiveFor`: a surgical one only where there are tables), shortest
 * first (ties in their order). `sorted` false when a duration is not a number or a chance of getting through is not in
 * [0, 1]: then in their own order, and unpruned.
 */
function routesOf(on: Onward): { surgical: Route[]; all: Route[]; sorted: boolean } {
  let hit = routeOrders.get(on);
  if (!hit) {
    const sorted = on.routes.every((r) => !Number.isNaN(r.durMin) && r.q >= 0 && r.q <= 1);
    const all = sorted ? [...on.routes].sort((a, b) => (a.durMin < b.durMin ? -1 : a.durMin > b.durMin ? 1 : 0)) : on.routes;
    hit = { surgical: all.filter((r) => r.facility.role !== 'R1' && r.facility.surgicalTables > 0), all, sorted };
    routeOrders.set(on, hit);
  }
  return hit;
}

const falls = new WeakMap<SurvivalModel, boolean>();

/**
 * Whether `survivalAt` never rises as the clock runs under model m (the default's does): survival rising with RPM, and
 * every row of the deterioration table at or below its own RPM and never rising along the row. Up to rounding, which
 * the bound's margin covers.
 */
export function survivalFalls(m: SurvivalModel): boolean {
  let hit = falls.get(m);
  if (hit === undefined) {
    const s = m.survival;
    const d = m.deterioration;
    hit = s.length === 13 && d.length === 13 && s.every((x, i) => Number.isFinite(x) && (i === 0 || x >= s[i - 1]!));
    for (let r = 0; hit && r < 13; r++) {
      const row = d[r]!;
      hit = row.length === 12 && row.every((x, k) => Number.isInteger(x) && x >= 0 && x <= (k === 0 ? r : row[k - 1]!));
    }
    falls.set(m, hit);
  }
  return hit;
}

/** What `delayMin` more minutes of waiting where the casualty is now would cost it: the whole plan shifted. */
export function delayLoss(ctx: Ctx, c: PlanCasualty, f: PlanFacility, drop: number, tauD: number, sCare: number, ahead = 0): number {
  const d = ctx.p.delayMin;
  return Math.max(0, sCare - careSurvival(ctx, c, f, drop + d, tauD + c.rate * d, ahead));
}

/**
 * DISP-47: how many of a job's own casualties the tables at f take before each one (all arrive together at `drop`).
 * The simulator hands them over one after the other (SIM-2) in the stop's order (DISP-146: most urgent first): while
 * a table is free at their arrival they take the tables in that order; when they queue, `optimal`'s tables take
 * whoever loses most by waiting one operation first (DISP-11). The value reads pickup order while a table is free,
 * or with `groupQueueUrgentFirst` (DISP-147, measured, off) DISP-146's order, by the clocks on arrival (`unloading`
 * of clock before `tauD`, the clocks at `drop`). Null when none waits for another (one surgical casualty, or no table).
 */
function aheadInGroup(ctx: Ctx, group: readonly PlanCasualty[], f: PlanFacility, drop: number, tauD: readonly number[], unloading: number): number[] | null {
  if (ctx.p.groupQueue !== 'all' || group.length < 2 || ctx.transfers.has(f.id)) return null;
  const tabled = group.flatMap((c, i) => (needsSurgery(c.rpm0) && definitiveFor(c, f) ? [i] : []));
  if (tabled.length < 2) return null;
  const free = (firstSlot(ctx, f.id, drop) ?? Infinity) <= drop;
  const unloadOrder = free && ctx.p.groupQueueUrgentFirst && ctx.p.unloadUrgentFirst;
  const lag = unloadOrder ? unloading : 0;
  const surgical = tabled.map((i) => ({ i, loss: waitLoss(group[i]!.rpm0, tauD[i]! - lag, ctx.model) }));
  if (!free || unloadOrder) surgical.sort((a, b) => b.loss - a.loss || a.i - b.i);
  const ahead = new Array<number>(group.length).fill(0);
  surgical.forEach((s, k) => (ahead[s.i] = k));
  return ahead;
}

/** Evaluate a job: a vehicle picks up `group` in order and drops all at `f`. */
export function evaluate(ctx: Ctx, v: PlanVehicle, group: PlanCasualty[], f: PlanFacility): Plan | null {
  const { view, model } = ctx;
  const transfer = ctx.transfers.has(f.id);
  if (transfer && (!isHandOffVehicle(v) || group.length > 1)) return null;
  const stops: Stop[] = [
    ...group.map((c) => ({ kind: 'pickup' as const, casualtyId: c.id })),
    transfer
      ? { kind: 'transfer' as const, casualtyIds: group.map((c) => c.id), pos: f.pos }
      : { kind: 'dropoff' as const, casualtyIds: group.map((c) => c.id), facilityId: f.id },
  ];
  // A casualty still to come (hindsight, or an anticipated one) is fetched alone, setting out when it occurs.
  if (group.length > 1 && group.some((c) => c.future)) return null;
  const start = Math.max(view.now, v.freeAt, group[0]?.future ? group[0].atMin : -Infinity);
  const tl = feasibleTimeline(view, ctx.idx, v, stops, start);
  if (!tl) return null;
  const rateAboard = vehicleClockRate(v.medic, model);
  const n = group.length;
  let alive = 1;
  let gain = 0;
  const expected = new Map<string, number>();
  const delayed = new Map<string, number>();
  const careAt = new Array<number>(n).fill(0);
  const tauDrop = new Array<number>(n);
  const pickedTau = new Array<number>(n).fill(0);
  const pickedAt = new Array<number>(n).fill(0);
  const notReached = new Array<number>(n).fill(0);
  const hitMass = new Array<number>(n).fill(0);
  const legs = tl.legs;
  for (let k = 0; k < legs.length; k++) {
    const leg = legs[k]!;
    const q = k === 0 && v.posNow && fromHere(ctx, v, group[0]) ? firstLegFromHere(ctx, v, v.posNow, leg.to, leg.startMin, leg.arriveMin) : ctx.geo.legSurvival(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, v.protection);
    const lostHere = alive * (1 - q);
    if (lostHere > 0) {
      const mid = leg.startMin + leg.durMin / 2;
      // Casualties already aboard (picked up at earlier stops) share the vehicle's fate.
      for (let i = 0; i < Math.min(k, n); i++) {
        const tauMid = pickedTau[i]! + rateAboard * (mid - pickedAt[i]!);
        hitMass[i] = hitMass[i]! + lostHere * model.survivalIfVehicleHit * survivalAt(group[i]!.rpm0, tauMid, model);
      }
    }
    alive *= q;
    if (k < n) {
      const c = group[k]!;
      const base = c.future ? c.atMin : view.now;
      pickedTau[k] = c.tau + c.rate * (leg.doneMin - base);
      pickedAt[k] = leg.doneMin;
      // If the vehicle is lost before this pickup, the casualty is still waiting: valued as served later.
      notReached[k] = 1 - alive;
    }
  }
  const drop = tl.endMin;
  for (let i = 0; i < n; i++) tauDrop[i] = pickedTau[i]! + rateAboard * (drop - pickedAt[i]!);
  // DISP-147: DISP-146 ranks by the clocks when the vehicle reaches the facility, before the unloading.
  const ahead = aheadInGroup(ctx, group, f, drop, tauDrop, rateAboard * (drop - legs[legs.length - 1]!.arriveMin));
  for (let i = 0; i < n; i++) {
    const c = group[i]!;
    const tauD = tauDrop[i]!;
    const sCare = careSurvival(ctx, c, f, drop, tauD, ahead?.[i] ?? 0);
    careAt[i] = sCare;
    const loss = delayLoss(ctx, c, f, drop, tauD, sCare, ahead?.[i] ?? 0);
    // Not reached because the vehicle was lost: served later by another, unless none is left for it (DISP-21).
    const share = ctx.alone.get(c.id)?.share ?? 0;
    const limit = survivalLimit(c.rpm0, model);
    const later = (1 - share) * secondChance(ctx, sCare - loss, limit, alive) + share * limit;
    const e = notReached[i]! * later + alive * sCare + hitMass[i]!;
    expected.set(c.id, e);
    delayed.set(c.id, e - alive * loss);
    gain += e - (ctx.baseline.get(c.id) ?? 0) + ctx.p.tieBonus * sCare - slotCharge(ctx, c, f);
  }
  // The vehicle itself: its expected loss on the way and on the way back to base, valued by the demand to come.
  let back = 1;
  if (!samePos(tl.endPos, v.basePos)) {
    const km = legKm(tl.endPos, v.basePos, v, view.travel.tortuosity);
    back = ctx.geo.legSurvival(tl.endPos, v.basePos, km, drop, legMinutes(km, v.speedKmh), v.protection);
  }
  if (tooRiskyForMinor(ctx, group, 1 - alive * Math.sqrt(back))) {
    // With critical casualties aboard the risk is theirs to take, unless the minor ones add to it; one past saving
    // takes no risk for them (DISP-40).
    const critical = group.filter((c, i) => needsSurgery(c.rpm0) && (!ctx.p.savableSponsor || savable(ctx, c, careAt[i]!)));
    const without = critical.length > 0 ? evaluate(ctx, v, critical, f) : null;
    if (!without || without.alive > alive + 1e-3) return null;
  }
  // DISP-91: in a small fleet the critical casualties aboard also lose no survival to the minor ones.
  const criticalFirstHere = criticalFirst(ctx, v, group);
  if (ctx.p.minorRides !== 'any' || criticalFirstHere) {
    // DISP-31: the critical casualties aboard lose nothing to the minor ones.
    // DISP-38: a critical casualty past saving has nothing to lose to the minor ones (its place is a waypoint).
    const critical = criticalsBesideMinors(ctx.p.pastSavingWaypoint ? group.filter((c) => !needsSurgery(c.rpm0) || salvage(ctx, c) >= CRITICAL_DETOUR_TOLERANCE) : group);
    const without = critical.length > 0 ? evaluate(ctx, v, critical, f) : null;
    if (without && minorRulesBroken(ctx.p.minorRides, criticalFirstHere, critical, { expected, alive }, without)) return null;
  }
  const spent = windowSpent(ctx, v, tl.endPos, group[0]?.pos ?? tl.endPos, drop);
  const worthOf = vehicleWorth(ctx, v, group);
  const risk = (1 - alive * Math.sqrt(back)) * worthOf + (spent ? alive * Math.sqrt(back) * spentCharge(ctx, worthOf) : 0);
  gain -= risk;
  return {
    risk,
    alive,
    km: tl.km,
    delayed,
    vehicle: v,
    casualties: group,
    facility: f,
    stops,
    startMin: start,
    endMin: drop,
    gain,
    expected,
    tauDrop,
    reason: '',
  };
}

/**
 * What losing the vehicle on a job for `group` costs: the flat price (DISP-6), or the demand only it can serve
 * besides the job's own casualties (DISP-21), whichever is higher; at most what it earns until lost (DISP-24).
 */
export function vehicleWorth(ctx: Ctx, v: PlanVehicle, group: readonly PlanCasualty[]): number {
  // Off (the usual case): no lookups in the inner loop of the assignment.
  const w = ctx.worth.size > 0 ? ctx.worth.get(v.id) : undefined;
  const cap = ctx.worthCap.size > 0 ? ctx.worthCap.get(v.id) : undefined;
  if (w === undefined) return cap === undefined ? ctx.vehicleValue : Math.min(ctx.vehicleValue, cap);
  let own = 0;
  for (const c of group) own += ctx.alone.get(c.id)?.own ?? 0;
  // DISP-145: a vehicle others can stand in for may be priced below the flat price (DISP-102's worth, as set).
  const worth = ctx.p.substituteBelowFlat ? Math.max(ctx.p.serviceValue, w - own) : Math.max(ctx.vehicleValue, w - own);
  return cap === undefined ? worth : Math.min(worth, cap);
}

/**
 * DISP-77: whether a job ending at `end` at minute `drop` spends its vehicle's availability window: no time is left in
 * it for another trip like the job (from `end` out to `first`, the job's first pickup, loading, back, unloading),
 * though from where the vehicle is now there was time for two (out to `first` and back, twice). A vehicle whose window
 * leaves it one trip anyway makes it at the usual price.
 */
export function windowSpent(ctx: Ctx, v: PlanVehicle, end: Position, first: Position, drop: number): boolean {
  if (!ctx.p.windowSpent || !v.available) return false;
  const { loadMin, unloadMin, tortuosity } = ctx.view.travel;
  const trip = (from: Position): number => 2 * legMinutes(legKm(from, first, v, tortuosity), v.speedKmh) + loadMin + unloadMin;
  const fits = (t0: number, dur: number): boolean => v.available!.some(([a, b]) => Math.max(a, t0) + dur <= b);
  return fits(Math.max(ctx.view.now, v.freeAt), 2 * trip(v.pos)) && !fits(drop, trip(end));
}

/** DISP-77: what a spent window costs a vehicle that gets through: the one trip it can no longer make (`serviceValue`, DISP-6), at most its worth. */
export const spentCharge = (ctx: Ctx, worth: number): number => Math.min(worth, ctx.p.serviceValue);

/** What a casualty's operation costs the others waiting for the same tables (at a definitive facility only). */
export function slotCharge(ctx: Ctx, c: PlanCasualty, f: PlanFacility): number {
  return chargedAt(ctx, c, f) ? tableCharge(ctx, c) : 0;
}

/**
 * Whether a casualty's operation at f takes a table others wait for (slotCharge is 0 elsewhere): with DISP-65 also at
 * a stabilising stop, whose onward leg ends on a table (not at a hand-off point: measured, it cost family 991).
 */
export const chargedAt = (ctx: Ctx, c: PlanCasualty, f: PlanFacility): boolean => needsSurgery(c.rpm0) && !ctx.transfers.has(f.id) && (ctx.p.stopTableCharge || definitiveFor(c, f));

/**
 * slotCharge where it applies: the same at every facility for one casualty, so the incremental plan makes it once per
 * casualty and round from the casualty's salvage, which it keeps (`kept`; score-memo.ts).
 */
export function tableCharge(ctx: Ctx, c: PlanCasualty, kept?: number): number {
  if (!(ctx.slotPenalty > 0)) return 0;
  const k = ctx.p.slotSalvage;
  if (k <= 0 || !(ctx.refSalvage > 0)) return ctx.slotPenalty;
  return ctx.slotPenalty * Math.max(0, 1 - k * ((kept ?? salvage(ctx, c)) / ctx.refSalvage));
}

/** Survival that care can still add to a casualty (over what it settles at untreated). */
export function salvage(ctx: Ctx, c: PlanCasualty): number {
  return Math.max(0, survivalAt(c.rpm0, c.tau, ctx.model) - survivalLimit(c.rpm0, ctx.model));
}


/**
 * The same value as evaluate() for a one-casualty job, without building the plan: the inner loop of the
 * assignment. −Infinity when infeasible.
 */
export interface FirstLeg {
  start: number;
  km1: number;
  d1: number;
  q1: number;
}

export function firstLeg(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): FirstLeg {
  const tort = v.straightLine ? 1 : ctx.view.travel.tortuosity;
  const start = Math.max(ctx.view.now, v.freeAt, c.future ? c.atMin : -Infinity);
  const km1 = haversineKm(v.pos, c.pos) * tort;
  const d1 = legMinutes(km1, v.speedKmh);
  const q1 = v.posNow && fromHere(ctx, v, c) ? firstLegFromHere(ctx, v, v.posNow, c.pos, start, start + d1) : ctx.geo.legSurvival(v.pos, c.pos, km1, start, d1, v.protection);
  // DISP-136 (`lower`): a vehicle on its way priced by the worse of its two first legs, from its last stop and from here.
  if (ctx.p.divertRiskFromHere === 'lower' && v.posNow) return { start, km1, d1, q1: Math.min(q1, firstLegFromHere(ctx, v, v.posNow, c.pos, start, start + d1)) };
  return { start, km1, d1, q1 };
}

/**
 * DISP-54: the chance of getting through a re-planned vehicle's first leg, driven from where it is now (`here`), not
 * from its last stop where the view shows it (SIM-14: the simulator drives it from here and it reaches its stop no
 * sooner than from the last stop, waiting where it is for the difference). Priced from the last stop, a divert that
 * turned a car back through a kill zone it had driven around looked safe (generated 993-176: one ambulance, lost there
 * within 7 min on 8 of 10 seeds). Measured, not adopted: on family 991 it cost 1.3 % of critical survivors (a vehicle's
 * own next casualty, priced from where it nearly is, made trips feasible that moved its worth, DISP-24), for diverts
 * only 0.5 %.
 */
function fromHere(ctx: Ctx, v: PlanVehicle, first: PlanCasualty | undefined): boolean {
  const m = ctx.p.divertRiskFromHere;
  if (m === 'all') return true;
  const divert = !!first && !(v.enRoute ?? []).includes(first.id);
  // DISP-80: the same for diverts in a small fleet, where a vehicle lost is a third of it or more; DISP-110: for the
  // lone vehicle only, whose loss leaves nothing to re-plan (DISP-80 won there and lost with two or three).
  const n = ctx.view.vehicles.length;
  return divert && (m === 'diverts' || (ctx.p.smallFleetRiskFromHere && n <= ctx.p.sequenceMaxVehicles) || (ctx.p.loneRiskFromHere && n === 1));
}

/** DISP-54: the chance of getting through the way from `here` to `to`, ending when the leg from the last stop would (or later). */
function firstLegFromHere(ctx: Ctx, v: PlanVehicle, here: Position, to: Position, start: number, arrive: number): number {
  const km = legKm(here, to, v, ctx.view.travel.tortuosity);
  const dur = legMinutes(km, v.speedKmh);
  const end = Math.max(arrive, start + dur);
  return ctx.geo.legSurvival(here, to, km, end - dur, dur, v.protection);
}

/**
 * What a one-casualty job's value is made of, apart from the terms that change with the whole round (the vehicle's
 * worth, the casualty's baseline, the surgical slot charge): the expensive part, computed once per vehicle,
 * casualty and facility state (the incremental plan keeps it: score-memo.ts). Null when infeasible.
 */
export interface ScoreParts {
  /** Expected survival with the job. */
  e: number;
  /** Survival once in care (the tie bonus is a share of it). */
  sCare: number;
  /** Chance the vehicle is lost on the job and on the way back (its risk is this times the vehicle's value). */
  rho: number;
  /** Survival lost if the whole job started `delayMin` later, times the chance of getting through. */
  lossShare: number;
  /** What the casualty gets over untreated if the vehicle is lost before reaching it and another serves it (DISP-21). */
  fallback: number;
  /** DISP-77: the job spends the vehicle's availability window (`windowSpent`). */
  spent: boolean;
}

/**
 * DISP-26: no minor casualty (RPM ≥ 10) on a trip that loses the vehicle more likely than `minorTripMaxLoss`, unless
 * the trip's critical casualties alone take the same risk. Found on the traces: with one trip's risk cancelling out of
 * its delayed alternative, three crewed vehicles in turn and then the helicopter were sent through a drone belt (each
 * lost with a chance of 0.7) for one RPM-11 casualty whose survival fell 0.008 by waiting, and nothing was left for
 * the critical casualties that followed.
 */
export const tooRiskyForMinor = (ctx: Ctx, group: readonly PlanCasualty[], lossChance: number): boolean =>
  lossChance > ctx.p.minorTripMaxLoss && group.some((c) => !needsSurgery(c.rpm0));

export function scoreParts(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, f: PlanFacility, leg: FirstLeg): ScoreParts | null {
  const { view, model } = ctx;
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  const { start, km1, d1, q1 } = leg;
  if (ctx.transfers.has(f.id) && !isHandOffVehicle(v)) return null;
  const arrive1 = start + d1;
  const pick = arrive1 + view.travel.loadMin;
  const km2 = haversineKm(c.pos, f.pos) * tort;
  const d2 = legMinutes(km2, v.speedKmh);
  const arrive2 = pick + d2;
  const drop = arrive2 + view.travel.unloadMin;
  if (!inWindows(v.available, start, drop) || !inWindows(f.open, arrive2, drop)) return null;
  const backKm = samePos(f.pos, v.basePos) ? 0 : haversineKm(f.pos, v.basePos) * tort;
  if (v.rangeLeftKm !== null && km1 + km2 + backKm > v.rangeLeftKm + 1e-6) return null;
  const q2 = ctx.geo.legSurvival(c.pos, f.pos, km2, pick, d2, v.protection);
  const rateAboard = vehicleClockRate(v.medic, model);
  const tauP = c.tau + c.rate * (pick - (c.future ? c.atMin : view.now));
  const tauD = tauP + rateAboard * (drop - pick);
  const sCare = careSurvival(ctx, c, f, drop, tauD);
  const hit = q1 * (1 - q2) * model.survivalIfVehicleHit * survivalAt(c.rpm0, tauP + rateAboard * (d2 / 2), model);
  const loss = delayLoss(ctx, c, f, drop, tauD, sCare);
  const limit = survivalLimit(c.rpm0, model);
  const later = secondChance(ctx, sCare - loss, limit, q1 * q2);
  const e = (1 - q1) * later + q1 * q2 * sCare + hit;
  const back = backKm > 0 ? ctx.geo.legSurvival(f.pos, v.basePos, backKm, drop, legMinutes(backKm, v.speedKmh), v.protection) : 1;
  if (tooRiskyForMinor(ctx, [c], 1 - q1 * q2 * Math.sqrt(back))) return null;
  let lossShare = q1 * q2 * loss;
  // DISP-108: the same trip `delayMin` later meets the zones as they are then (only where one opens or closes meanwhile).
  const mode = ctx.p.delayedZones;
  if (mode !== 'off' && zoneEdgeWithin(ctx, v, start, drop + ctx.p.delayMin, mode === 'both')) {
    const D = ctx.p.delayMin;
    const hitS = model.survivalIfVehicleHit * survivalAt(c.rpm0, tauP + rateAboard * (d2 / 2), model);
    const q1d = v.posNow && fromHere(ctx, v, c) ? firstLegFromHere(ctx, v, v.posNow, c.pos, start + D, start + D + d1) : ctx.geo.legSurvival(v.pos, c.pos, km1, start + D, d1, v.protection);
    const q2d = ctx.geo.legSurvival(c.pos, f.pos, km2, pick + D, d2, v.protection);
    // What the later trip loses to the zones then, left untreated where it does not get there (not DISP-29's second
    // chance: the rescue of a lost rescue is another vehicle through the same zone, 1010-187's cause).
    const through = (a: number, b: number): number => (1 - a) * limit + a * b * (sCare - loss) + a * (1 - b) * hitS;
    const drop = through(q1, q2) - through(q1d, q2d);
    lossShare += mode === 'both' ? drop : Math.max(0, drop);
  }
  return { e, sCare, rho: 1 - q1 * q2 * Math.sqrt(back), spent: windowSpent(ctx, v, f.pos, c.pos, drop), lossShare, fallback: (1 - q1) * (later - limit) };
}

/**
 * DISP-108: whether a zone this vehicle's kind is hit in opens (or, with `closing`, closes) between `from` and `to`:
 * only then does a trip `delayMin` later meet other zones than the trip now.
 */
function zoneEdgeWithin(ctx: Ctx, v: PlanVehicle, from: number, to: number, closing: boolean): boolean {
  return ctx.view.threats.some((t) => t.lossPerKm[v.protection] > 0 && ((t.fromMin > from && t.fromMin < to) || (closing && t.toMin > from && t.toMin < to)));
}

/** A job's value from its parts and this round's terms; `charge` is the casualty's slot charge at f, if known. */
export function partsValue(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, f: PlanFacility, parts: ScoreParts, out?: { expected: number; delayed: number; risk: number }, charge?: number): number {
  const worth = parts.rho > 0 || parts.spent ? vehicleWorth(ctx, v, [c]) : 0;
  const risk = parts.rho > 0 ? parts.rho * worth : 0;
  // DISP-77: kept out of `risk`, which DISP-24's cap reads as the chance of losing the vehicle.
  const spent = parts.spent ? (1 - parts.rho) * spentCharge(ctx, worth) : 0;
  const e = ctx.alone.size > 0 ? parts.e - (ctx.alone.get(c.id)?.share ?? 0) * parts.fallback : parts.e;
  if (out) {
    out.expected = e;
    out.delayed = e - parts.lossShare;
    out.risk = risk;
  }
  return e + ctx.p.tieBonus * parts.sCare - risk - spent - (ctx.baseline.get(c.id) ?? 0) - (charge ?? slotCharge(ctx, c, f));
}

export function quickScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, f: PlanFacility, leg: FirstLeg, out?: { expected: number; delayed: number; risk: number }): number {
  const parts = scoreParts(ctx, v, c, f, leg);
  return parts ? partsValue(ctx, v, c, f, parts, out) : -Infinity;
}

export interface Score {
  facility: PlanFacility;
  /** Expected survival + tie bonus − vehicle risk (− the casualty's baseline once it is known). */
  value: number;
  expected: number;
  delayed: number;
  risk: number;
}

export function bestScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Score | null {
  if (!fits(v, c.litter ? 1 : 0, 1)) return null;
  const leg = firstLeg(ctx, v, c);
  let best: Score | null = null;
  const out = { expected: 0, delayed: 0, risk: 0 };
  for (const f of candidateFacilities(ctx, c)) {
    if ((ctx.beds.get(f.id) ?? 0) < 1) continue;
    const sc = quickScore(ctx, v, c, f, leg, out);
    if (sc > (best?.value ?? -Infinity)) best = { facility: f, value: sc, expected: out.expected, delayed: out.delayed, risk: out.risk };
  }
  return best;
}

export function bestPlan(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Plan | null {
  if (!fits(v, c.litter ? 1 : 0, 1)) return null;
  let bestF: PlanFacility | null = null;
  let bestScore = -Infinity;
  const leg = firstLeg(ctx, v, c);
  for (const f of candidateFacilities(ctx, c)) {
    if ((ctx.beds.get(f.id) ?? 0) < 1) continue;
    const sc = quickScore(ctx, v, c, f, leg);
    if (sc > bestScore) {
      bestScore = sc;
      bestF = f;
    }
  }
  return bestF ? evaluate(ctx, v, [c], bestF) : null;
}

