// The project's optimiser: a rolling-horizon assignment on expected survival, re-solved at every event.
//
// At each decision point every (vehicle, casualty) pair gets a value: the casualty's expected survival if that
// vehicle fetches it now (best destination: an R2/R3 with its surgical queue, or an R1 stabilising stop with an
// onward leg), minus its expected survival if it waits `delayMin` longer, minus the expected loss of the vehicle
// itself in threat zones (valued by the demand still to come). Busy vehicles take part with the time and place
// they become free: a casualty matched to one of them waits for it, which is how a nearer or safer vehicle is
// held back for it. A casualty's value is taken over what it would get otherwise, and a busy vehicle can be that
// "otherwise" for one casualty only (shared out by an assignment), so several critical casualties cannot all count on
// the same vehicle coming free while idle vehicles go to less urgent ones. A few anticipated critical casualties (at the observed rate, where the latest ones occurred)
// take part too, so a vehicle may be held back for an expected urgent request; where the scenario declares its random
// arrivals (rate, area, RPM weights) their critical rate is used when it exceeds the observed one. When surgical
// tables are scarce against the critical demand, taking a table costs a casualty in proportion to how far what surgery
// can still save it falls short of the average of those waiting (the expectant are not operated on ahead of the
// salvageable). An exact min-cost assignment
// (Hungarian) picks the pairs; committed jobs then take on nearby casualties while capacity and the survival sum
// allow. Surgical queues are ordered by what waiting costs. The hindsight bound is the same planner shown the real
// future casualties instead of anticipated ones (a heuristic bound: it neither pre-positions nor plans a schedule).
import { haversineKm } from '../core/index.ts';
import type { Position } from '../core/index.ts';
import { definitiveFor, feasibleTimeline, fits, indexView, samePos } from './common.ts';
import type { Index } from './common.ts';
import { assignMinCost } from './hungarian.ts';
import { needsSurgery, survivalAt, survivalLimit, vehicleClockRate } from './survival.ts';
import type { SurvivalModel } from './survival.ts';
import { insideIntervals, legKm, legMinutes } from './travel.ts';
import type { Threat } from './travel.ts';
import { inWindows } from './types.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView, Policy, QueueEntry, Stop } from './types.ts';

export interface OptimalParams {
  /** How much longer a casualty is assumed to wait if not served in this round (minutes). */
  delayMin: number;
  /** Expected survival one service adds, used to value a vehicle's future work. */
  serviceValue: number;
  /** Upper bound on a vehicle's value (survivors). */
  maxVehicleValue: number;
  /** Small weight on the survival itself so that, all else equal, casualties are fetched rather than left. */
  tieBonus: number;
  /** Largest number of casualties considered for joining a committed job. */
  joinCandidates: number;
  /** Vehicles evaluated per casualty (nearest by time to reach it, plus the nearest of each protection class). */
  vehiclesPerCasualty: number;
  /** How many anticipated critical casualties (from the observed rate and places) may hold a vehicle back. */
  anticipate: number;
  /** Weight of an anticipated casualty's value against a real one. */
  anticipationWeight: number;
  /** Use a scenario's declared arrivals (rate, area, RPM weights) to anticipate casualties, beside the observed rate. */
  useArrivals: boolean;
  /** Extra wait assumed at a stabilising stop before the onward vehicle comes (it competes with other requests). */
  onwardSlackMin: number;
  /** Opportunity cost of taking a surgical slot (survivors), scaled by how scarce tables are against demand. */
  slotCost: number;
  /** 0: the slot cost is the same for every casualty; 1: it falls with what surgery can still save (salvage) relative to the others. */
  slotSalvage: number;
  /** A busy vehicle serves as the waiting alternative of one casualty only (shared out by an assignment). */
  busyOnce: boolean;
}

export const DEFAULT_OPTIMAL_PARAMS: OptimalParams = {
  delayMin: 45,
  serviceValue: 0.1,
  maxVehicleValue: 2,
  tieBonus: 0.01,
  joinCandidates: 6,
  vehiclesPerCasualty: 8,
  anticipate: 2,
  anticipationWeight: 0.5,
  onwardSlackMin: 45,
  slotCost: 0.1,
  slotSalvage: 1,
  useArrivals: true,
  busyOnce: true,
};

interface Plan {
  vehicle: PlanVehicle;
  casualties: PlanCasualty[];
  facility: PlanFacility;
  stops: Stop[];
  startMin: number;
  endMin: number;
  /** Sum over casualties of expected survival minus their delayed baseline, minus the vehicle's risk cost. */
  gain: number;
  /** Expected loss of the vehicle on the job, valued (part of `gain` already). */
  risk: number;
  expected: Map<string, number>;
  /** Expected survival of each casualty if this plan were carried out `delayMin` later. */
  delayed: Map<string, number>;
  reason: string;
}

const NO_EXPOSURE: [number, number][][] = [];

/** Geometry cache: fractions of each segment inside each threat polygon. */
class ThreatGeometry {
  private cache = new Map<Position, Map<Position, [number, number][][]>>();
  private boxes: { lat0: number; lat1: number; lon0: number; lon1: number }[];
  private readonly threats: Threat[];
  constructor(threats: Threat[]) {
    this.threats = threats;
    this.boxes = threats.map((t) => ({
      lat0: Math.min(...t.polygon.map((p) => p.lat)),
      lat1: Math.max(...t.polygon.map((p) => p.lat)),
      lon0: Math.min(...t.polygon.map((p) => p.lon)),
      lon1: Math.max(...t.polygon.map((p) => p.lon)),
    }));
  }
  intervals(a: Position, b: Position): [number, number][][] {
    let row = this.cache.get(a);
    if (!row) this.cache.set(a, (row = new Map()));
    let hit = row.get(b);
    if (!hit) {
      hit = this.threats.map((t, i) => {
        const bx = this.boxes[i]!;
        if (Math.max(a.lat, b.lat) < bx.lat0 || Math.min(a.lat, b.lat) > bx.lat1 || Math.max(a.lon, b.lon) < bx.lon0 || Math.min(a.lon, b.lon) > bx.lon1) return [];
        return insideIntervals(a, b, t.polygon);
      });
      if (hit.every((x) => x.length === 0)) hit = NO_EXPOSURE;
      row.set(b, hit);
    }
    return hit;
  }
  /** Probability of crossing a leg unharmed, and km inside active zones. */
  legSurvival(a: Position, b: Position, km: number, start: number, dur: number, protection: 'unprotected' | 'armoured' | 'air'): number {
    if (this.threats.length === 0 || km <= 0) return 1;
    const iv = this.intervals(a, b);
    if (iv === NO_EXPOSURE) return 1;
    let logq = 0;
    for (let i = 0; i < this.threats.length; i++) {
      const t = this.threats[i]!;
      const p = t.lossPerKm[protection];
      if (!(p > 0) || iv[i]!.length === 0 || start + dur <= t.fromMin || start >= t.toMin) continue;
      const w0 = dur > 0 ? Math.max(0, (t.fromMin - start) / dur) : 0;
      const w1 = dur > 0 ? Math.min(1, (t.toMin - start) / dur) : 1;
      for (const [f0, f1] of iv[i]!) {
        const g = Math.min(f1, w1) - Math.max(f0, w0);
        if (g > 0) logq += g * km * Math.log(1 - Math.min(p, 0.999999));
      }
    }
    return Math.exp(logq);
  }
}

interface Ctx {
  view: PlanView;
  idx: Index;
  model: SurvivalModel;
  geo: ThreatGeometry;
  p: OptimalParams;
  /** Surgical start slots per facility after its backlog (sorted). */
  slots: Map<string, number[]>;
  beds: Map<string, number>;
  vehicleValue: number;
  /** Cost charged for each casualty a job brings to a surgical table. */
  slotPenalty: number;
  /** Mean salvage (survival still to gain from surgery) of the critical casualties waiting. */
  refSalvage: number;
  /** Per R1: minutes from now until some vehicle could be there to move a casualty on, and that vehicle. */
  onward: Map<string, Onward | null>;
  /** Per casualty: its expected survival if it is left for this round (best plan, delayed). */
  baseline: Map<string, number>;
  facilitiesFor: Map<string, PlanFacility[]>;
  /** Transfer points (pseudo-facilities just outside a threat zone) and the onward leg from each. */
  transfers: Map<string, Onward | null>;
}

function surgicalSlots(f: PlanFacility, view: PlanView): number[] {
  if (f.role === 'R1' || f.surgicalTables === 0) return [];
  const slots = [...f.tableFreeAt].map((t) => Math.max(t, view.now)).sort((a, b) => a - b);
  for (let k = 0; k < f.surgicalBacklog && slots.length > 0; k++) {
    slots.sort((a, b) => a - b);
    slots[0] = slots[0]! + view.model.surgeryMin;
  }
  return slots.sort((a, b) => a - b);
}

/** Expected survival of a casualty dropped at facility f at minute `drop` with clock `tau`. */
function careSurvival(ctx: Ctx, c: PlanCasualty, f: PlanFacility, drop: number, tau: number): number {
  const m = ctx.model;
  if (ctx.transfers.has(f.id)) return onwardSurvival(ctx, c, ctx.transfers.get(f.id)!, drop, tau, 1);
  if (!needsSurgery(c.rpm0)) return survivalAt(c.rpm0, tau, m);
  if (definitiveFor(c, f)) {
    const slots = ctx.slots.get(f.id)!;
    const start = Math.max(drop, slots[0] ?? Infinity);
    if (!Number.isFinite(start)) return survivalAt(c.rpm0, tau + 1e4, m);
    return survivalAt(c.rpm0, tau + m.clockStabilised * (start - drop), m);
  }
  // A stabilising stop: wait for an onward vehicle, then the best definitive facility.
  return onwardSurvival(ctx, c, ctx.onward.get(f.id) ?? null, drop, tau, m.clockStabilised, ctx.p.onwardSlackMin);
}

/** Survival after waiting (clock at `waitRate`) for an onward vehicle at a stop, then the best definitive facility. */
function onwardSurvival(ctx: Ctx, c: PlanCasualty, on: Onward | null, drop: number, tau: number, waitRate: number, slack = 0): number {
  const m = ctx.model;
  if (!on) return survivalAt(c.rpm0, tau + 1e4, m);
  const wait = Math.max(0, ctx.view.now + on.etaMin - drop) + slack;
  let best = 0;
  const rate = vehicleClockRate(on.vehicle.medic, m);
  for (const r of on.routes) {
    if ((ctx.beds.get(r.facility.id) ?? 0) < 1 || !definitiveFor(c, r.facility)) continue;
    const t0 = drop + wait + ctx.view.travel.loadMin;
    const t1 = t0 + r.durMin + ctx.view.travel.unloadMin;
    const tauDrop = tau + waitRate * (wait + ctx.view.travel.loadMin) + rate * (r.durMin + ctx.view.travel.unloadMin);
    let sv: number;
    if (needsSurgery(c.rpm0)) {
      const slots = ctx.slots.get(r.facility.id)!;
      const start = Math.max(t1, slots[0] ?? Infinity);
      if (!Number.isFinite(start)) continue;
      sv = survivalAt(c.rpm0, tauDrop + m.clockStabilised * (start - t1), m);
    } else sv = survivalAt(c.rpm0, tauDrop, m);
    const e = r.q * sv + (1 - r.q) * m.survivalIfVehicleHit * sv;
    if (e > best) best = e;
  }
  return best;
}

/** What `delayMin` more minutes of waiting where the casualty is now would cost it: the whole plan shifted. */
function delayLoss(ctx: Ctx, c: PlanCasualty, f: PlanFacility, drop: number, tauD: number, sCare: number): number {
  const d = ctx.p.delayMin;
  return Math.max(0, sCare - careSurvival(ctx, c, f, drop + d, tauD + c.rate * d));
}

/** Evaluate a job: a vehicle picks up `group` in order and drops all at `f`. */
function evaluate(ctx: Ctx, v: PlanVehicle, group: PlanCasualty[], f: PlanFacility): Plan | null {
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
  const pickedTau = new Array<number>(n).fill(0);
  const pickedAt = new Array<number>(n).fill(0);
  const notReached = new Array<number>(n).fill(0);
  const hitMass = new Array<number>(n).fill(0);
  const legs = tl.legs;
  for (let k = 0; k < legs.length; k++) {
    const leg = legs[k]!;
    const q = ctx.geo.legSurvival(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, v.protection);
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
  for (let i = 0; i < n; i++) {
    const c = group[i]!;
    const tauP = pickedTau[i]!;
    const tauD = tauP + rateAboard * (drop - pickedAt[i]!);
    const sCare = careSurvival(ctx, c, f, drop, tauD);
    const loss = delayLoss(ctx, c, f, drop, tauD, sCare);
    const e = notReached[i]! * Math.max(0, sCare - loss) + alive * sCare + hitMass[i]!;
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
  const risk = (1 - alive * Math.sqrt(back)) * ctx.vehicleValue;
  gain -= risk;
  return {
    risk,
    delayed,
    vehicle: v,
    casualties: group,
    facility: f,
    stops,
    startMin: start,
    endMin: drop,
    gain,
    expected,
    reason: '',
  };
}

/** What a casualty's operation costs the others waiting for the same tables (at a definitive facility only). */
function slotCharge(ctx: Ctx, c: PlanCasualty, f: PlanFacility): number {
  if (!(ctx.slotPenalty > 0) || !needsSurgery(c.rpm0) || ctx.transfers.has(f.id) || !definitiveFor(c, f)) return 0;
  const k = ctx.p.slotSalvage;
  if (k <= 0 || !(ctx.refSalvage > 0)) return ctx.slotPenalty;
  return ctx.slotPenalty * Math.max(0, 1 - k * (salvage(ctx, c) / ctx.refSalvage));
}

/** Survival that care can still add to a casualty (over what it settles at untreated). */
function salvage(ctx: Ctx, c: PlanCasualty): number {
  return Math.max(0, survivalAt(c.rpm0, c.tau, ctx.model) - survivalLimit(c.rpm0, ctx.model));
}

function candidateFacilities(ctx: Ctx, c: PlanCasualty): PlanFacility[] {
  let hit = ctx.facilitiesFor.get(c.id);
  if (!hit) ctx.facilitiesFor.set(c.id, (hit = rankFacilities(ctx, c)));
  return hit;
}

function rankFacilities(ctx: Ctx, c: PlanCasualty): PlanFacility[] {
  const fs = ctx.view.facilities.filter((f) => f.id !== c.facilityId && f.bedsFree >= 1 && f.open?.length !== 0);
  const byDist = (a: PlanFacility, b: PlanFacility): number => haversineKm(c.pos, a.pos) - haversineKm(c.pos, b.pos);
  const definitive = fs.filter((f) => definitiveFor(c, f)).sort(byDist).slice(0, 3);
  const transfer = transferPoint(ctx, c, definitive[0]);
  const extra = transfer ? [transfer] : [];
  if (!needsSurgery(c.rpm0) || c.facilityId) return [...definitive, ...extra];
  const r1 = fs.filter((f) => !definitiveFor(c, f) && ctx.onward.get(f.id)).sort(byDist).slice(0, 2);
  return [...definitive, ...r1, ...extra];
}

const isHandOffVehicle = (v: PlanVehicle): boolean => v.kind === 'ugv' || v.kind === 'drone';

/**
 * Where a UGV or drone can hand a casualty inside a threat zone over to a vehicle that stays outside: on the way to
 * the nearest definitive facility, just past the edge of every zone active now that contains the casualty.
 */
function transferPoint(ctx: Ctx, c: PlanCasualty, toward: PlanFacility | undefined): PlanFacility | null {
  const { view } = ctx;
  if (!toward || c.facilityId || c.future || !view.vehicles.some(isHandOffVehicle)) return null;
  let exit = 0;
  for (const t of view.threats) {
    if (t.toMin <= view.now || t.fromMin > view.now + 60 || !(t.lossPerKm.unprotected > 0)) continue;
    for (const [f0, f1] of insideIntervals(c.pos, toward.pos, t.polygon)) if (f0 <= exit + 1e-9) exit = Math.max(exit, f1);
  }
  if (exit <= 0) return null;
  const km = haversineKm(c.pos, toward.pos);
  const f = Math.min(1, exit + (km > 0 ? 0.3 / km : 1));
  if (f >= 0.999) return null;
  const pos = { lat: c.pos.lat + (toward.pos.lat - c.pos.lat) * f, lon: c.pos.lon + (toward.pos.lon - c.pos.lon) * f };
  const point: PlanFacility = { id: `transfer:${c.id}`, role: 'R1', pos, beds: Infinity, bedsFree: Infinity, surgicalTables: 0, tableFreeAt: [], surgicalBacklog: 0, open: null };
  ctx.beds.set(point.id, Infinity);
  ctx.transfers.set(point.id, onwardEstimate(view, point, ctx.geo, true, c.litter));
  return point;
}

/**
 * The same value as evaluate() for a one-casualty job, without building the plan: the inner loop of the
 * assignment. −Infinity when infeasible.
 */
interface FirstLeg {
  start: number;
  km1: number;
  d1: number;
  q1: number;
}

function firstLeg(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): FirstLeg {
  const tort = v.straightLine ? 1 : ctx.view.travel.tortuosity;
  const start = Math.max(ctx.view.now, v.freeAt, c.future ? c.atMin : -Infinity);
  const km1 = haversineKm(v.pos, c.pos) * tort;
  const d1 = legMinutes(km1, v.speedKmh);
  return { start, km1, d1, q1: ctx.geo.legSurvival(v.pos, c.pos, km1, start, d1, v.protection) };
}

function quickScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, f: PlanFacility, leg: FirstLeg, out?: { expected: number; delayed: number; risk: number }): number {
  const { view, model } = ctx;
  const tort = v.straightLine ? 1 : view.travel.tortuosity;
  const { start, km1, d1, q1 } = leg;
  if (ctx.transfers.has(f.id) && !isHandOffVehicle(v)) return -Infinity;
  const arrive1 = start + d1;
  const pick = arrive1 + view.travel.loadMin;
  const km2 = haversineKm(c.pos, f.pos) * tort;
  const d2 = legMinutes(km2, v.speedKmh);
  const arrive2 = pick + d2;
  const drop = arrive2 + view.travel.unloadMin;
  if (!inWindows(v.available, start, drop) || !inWindows(f.open, arrive2, drop)) return -Infinity;
  const backKm = samePos(f.pos, v.basePos) ? 0 : haversineKm(f.pos, v.basePos) * tort;
  if (v.rangeLeftKm !== null && km1 + km2 + backKm > v.rangeLeftKm + 1e-6) return -Infinity;
  const q2 = ctx.geo.legSurvival(c.pos, f.pos, km2, pick, d2, v.protection);
  const rateAboard = vehicleClockRate(v.medic, model);
  const tauP = c.tau + c.rate * (pick - (c.future ? c.atMin : view.now));
  const tauD = tauP + rateAboard * (drop - pick);
  const sCare = careSurvival(ctx, c, f, drop, tauD);
  const hit = q1 * (1 - q2) * model.survivalIfVehicleHit * survivalAt(c.rpm0, tauP + rateAboard * (d2 / 2), model);
  const loss = delayLoss(ctx, c, f, drop, tauD, sCare);
  const e = (1 - q1) * Math.max(0, sCare - loss) + q1 * q2 * sCare + hit;
  const back = backKm > 0 ? ctx.geo.legSurvival(f.pos, v.basePos, backKm, drop, legMinutes(backKm, v.speedKmh), v.protection) : 1;
  const risk = (1 - q1 * q2 * Math.sqrt(back)) * ctx.vehicleValue;
  if (out) {
    out.expected = e;
    out.delayed = e - q1 * q2 * loss;
    out.risk = risk;
  }
  return e + ctx.p.tieBonus * sCare - risk - (ctx.baseline.get(c.id) ?? 0) - slotCharge(ctx, c, f);
}

interface Score {
  facility: PlanFacility;
  /** Expected survival + tie bonus − vehicle risk (− the casualty's baseline once it is known). */
  value: number;
  expected: number;
  delayed: number;
  risk: number;
}

function bestScore(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Score | null {
  if (!fits(v, c.litter ? 1 : 0, 1)) return null;
  const leg = firstLeg(ctx, v, c);
  let best: Score | null = null;
  const out = { expected: 0, delayed: 0, risk: 0 };
  for (const f of candidateFacilities(ctx, c)) {
    if ((ctx.beds.get(f.id) ?? 0) < 1) continue;
    const sc = quickScore(ctx, v, c, f, leg, out);
    if (sc > (best?.value ?? -Infinity)) best = { facility: f, value: sc, ...out };
  }
  return best;
}

function bestPlan(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Plan | null {
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

interface Onward {
  etaMin: number;
  vehicle: PlanVehicle;
  /** Routes on to each definitive facility: duration and chance of getting through. */
  routes: { facility: PlanFacility; durMin: number; q: number }[];
}

function onwardEstimate(view: PlanView, f: PlanFacility, geo: ThreatGeometry, handOff = false, litter = false): Onward | null {
  let best: { etaMin: number; vehicle: PlanVehicle } | null = null;
  for (const v of view.vehicles) {
    if (v.litter === 0 && v.seated === 0) continue;
    if (handOff && (isHandOffVehicle(v) || (litter && v.litter === 0))) continue;
    const eta = Math.max(0, v.freeAt - view.now) + legMinutes(legKm(v.pos, f.pos, v, view.travel.tortuosity), v.speedKmh);
    // Prefer vehicles that are not needed at the front: a rough stand-in for the next free one.
    if (!best || eta < best.etaMin) best = { etaMin: eta, vehicle: v };
  }
  if (!best) return null;
  const v = best.vehicle;
  const routes = view.facilities
    .filter((g) => g.id !== f.id && g.open?.length !== 0)
    .map((g) => {
      const km = legKm(f.pos, g.pos, v, view.travel.tortuosity);
      const durMin = legMinutes(km, v.speedKmh);
      return { facility: g, durMin, q: geo.legSurvival(f.pos, g.pos, km, view.now + best.etaMin, durMin, v.protection) };
    });
  return { ...best, routes };
}

function makeCtx(view: PlanView, p: OptimalParams): Ctx {
  const ctx: Ctx = {
    view,
    idx: indexView(view),
    model: view.model,
    geo: new ThreatGeometry(view.threats),
    p,
    slots: new Map(view.facilities.map((f) => [f.id, surgicalSlots(f, view)])),
    beds: new Map(view.facilities.map((f) => [f.id, f.bedsFree])),
    vehicleValue: 0,
    slotPenalty: 0,
    refSalvage: 0,
    onward: new Map(),
    baseline: new Map(),
    facilitiesFor: new Map(),
    transfers: new Map(),
  };
  for (const f of view.facilities) if (f.role === 'R1' || f.surgicalTables === 0) ctx.onward.set(f.id, onwardEstimate(view, f, ctx.geo));
  const current = view.casualties.filter((c) => !c.future);
  const future = view.casualties.filter((c) => c.future);
  const decl = declaredArrivals(view, p);
  const expectedMore = future.length > 0 ? future.length : Math.max(view.expectedRatePerMin * Math.max(0, view.horizonMin - view.now), decl ? decl.ratePerMin * (decl.untilMin - view.now) : 0);
  if (p.slotCost > 0) {
    // Surgical tables are scarce when the critical casualties waiting (and expected within two operations) outnumber them.
    const tables = view.facilities.reduce((a, f) => a + (f.role !== 'R1' && f.open?.length !== 0 ? f.surgicalTables : 0), 0);
    const recent = view.recent ?? [];
    const share = recent.length > 0 ? recent.filter((r) => needsSurgery(r.rpm0)).length / recent.length : 0.5;
    const demand = current.filter((c) => needsSurgery(c.rpm0)).length + (future.length > 0 ? future.filter((c) => needsSurgery(c.rpm0) && c.atMin <= view.now + 2 * view.model.surgeryMin).length : Math.max(view.expectedRatePerMin * share, decl?.criticalPerMin ?? 0) * 2 * view.model.surgeryMin);
    ctx.slotPenalty = p.slotCost * Math.min(1, demand / Math.max(1, 2 * tables));
    const crit = current.filter((c) => needsSurgery(c.rpm0));
    ctx.refSalvage = crit.length > 0 ? crit.reduce((a, c) => a + salvage(ctx, c), 0) / crit.length : 0;
  }
  ctx.vehicleValue = Math.min(p.maxVehicleValue, (p.serviceValue * (current.length + expectedMore)) / Math.max(1, view.vehicles.length) + p.serviceValue);
  return ctx;
}

export interface JobAssessment {
  /** Expected survival of each casualty of the job. */
  expected: Map<string, number>;
  /** Expected survival of each casualty if the same job started `delayMin` later. */
  delayed: Map<string, number>;
  /** Minutes from `view.now`: arrival at each casualty, and at the facility. */
  pickupEta: Map<string, number>;
  facilityEta: number;
  facilityId: string;
}

/**
 * Expected outcomes of a job of the form pickup… then one facility dropoff, under the optimiser's model
 * (threat risk, surgical queues, clock rates). Null for any other shape or an infeasible job.
 */
export function assessJob(view: PlanView, job: Job, params: Partial<OptimalParams> = {}): JobAssessment | null {
  const ctx = makeCtx(view, { ...DEFAULT_OPTIMAL_PARAMS, ...params });
  const v = view.vehicles.find((x) => x.id === job.vehicleId);
  const last = job.stops[job.stops.length - 1];
  if (!v || !last || last.kind !== 'dropoff') return null;
  const group: PlanCasualty[] = [];
  for (const s of job.stops.slice(0, -1)) {
    if (s.kind !== 'pickup') return null;
    const c = ctx.idx.casualty.get(s.casualtyId);
    if (!c) return null;
    group.push(c);
  }
  const f = ctx.idx.facility.get(last.facilityId);
  if (!f) return null;
  const plan = evaluate(ctx, v, group, f);
  if (!plan) return null;
  const tl = feasibleTimeline(view, ctx.idx, v, plan.stops, plan.startMin)!;
  const pickupEta = new Map<string, number>();
  tl.legs.forEach((leg, i) => {
    if (i < group.length) pickupEta.set(group[i]!.id, leg.arriveMin - view.now);
  });
  return { expected: plan.expected, delayed: plan.delayed, pickupEta, facilityEta: tl.legs[tl.legs.length - 1]!.arriveMin - view.now, facilityId: f.id };
}

const PHANTOM = '\u0000anticipated-';

interface Declared {
  ratePerMin: number;
  untilMin: number;
  criticalPerMin: number;
  /** Median RPM at injury of the critical ones, by the declared weights. */
  criticalRpm: number;
  centre: Position;
}

/** The scenario's declared arrivals still to come, if any: their rate, the critical part of it, a typical place. */
function declaredArrivals(view: PlanView, p: OptimalParams): Declared | null {
  const a = view.arrivals;
  if (!p.useArrivals || !a || !(a.ratePerMin > 0) || view.now >= a.untilMin || a.area.length === 0) return null;
  const total = a.rpmWeights.reduce((x, y) => x + y, 0);
  let crit = 0;
  for (let r = 0; r <= 9; r++) crit += a.rpmWeights[r] ?? 0;
  if (!(total > 0)) return null;
  let acc = 0;
  let criticalRpm = 9;
  for (let r = 0; r <= 9; r++) {
    acc += a.rpmWeights[r] ?? 0;
    if (crit > 0 && acc >= crit / 2) {
      criticalRpm = r;
      break;
    }
  }
  const centre = { lat: a.area.reduce((x, q) => x + q.lat, 0) / a.area.length, lon: a.area.reduce((x, q) => x + q.lon, 0) / a.area.length };
  return { ratePerMin: a.ratePerMin, untilMin: a.untilMin, criticalPerMin: (a.ratePerMin * crit) / total, criticalRpm, centre };
}

/**
 * Casualties expected soon, for holding vehicles back: at the observed rate, where the latest ones occurred, with
 * the median RPM of the latest critical ones. They can only reserve a vehicle, never be fetched.
 */
function anticipate(view: PlanView, p: OptimalParams): PlanCasualty[] {
  const rate = view.expectedRatePerMin;
  const recent = view.recent ?? [];
  if (p.anticipate <= 0 || view.now >= view.horizonMin) return [];
  const critical = recent.filter((r) => needsSurgery(r.rpm0)).map((r) => r.rpm0).sort((a, b) => a - b);
  const observed = rate > 0 && critical.length > 0 ? rate * (critical.length / recent.length) : 0;
  // Declared arrivals, where the scenario has them, when they come faster than what has been seen so far.
  const decl = declaredArrivals(view, p);
  const useDecl = decl !== null && decl.criticalPerMin > observed;
  const critRate = useDecl ? decl.criticalPerMin : observed;
  if (!(critRate > 0)) return [];
  const rpm0 = useDecl ? decl.criticalRpm : critical[Math.floor(critical.length / 2)]!;
  const n = Math.min(p.anticipate, Math.floor(critRate * 60));
  const out: PlanCasualty[] = [];
  for (let i = 1; i <= n; i++) {
    const at = view.now + i / critRate;
    if (at >= view.horizonMin || (useDecl && at >= decl.untilMin)) break;
    const pos = useDecl && recent.length === 0 ? decl.centre : recent[recent.length - 1 - ((i - 1) % recent.length)]!.pos;
    out.push({ id: `${PHANTOM}${i}`, atMin: at, rpm0, tau: 0, rate: 1, litter: true, pos, future: true });
  }
  return out;
}

export function makeOptimalPolicy(params: Partial<OptimalParams> = {}, name = 'optimal'): Policy {
  const p: OptimalParams = { ...DEFAULT_OPTIMAL_PARAMS, ...params };
  return {
    name,
    plan(view: PlanView): Job[] {
      const ctx = makeCtx(view, p);
      const current = view.casualties.filter((c) => !c.future);
      const revealed = view.casualties.filter((c) => c.future);
      const future = revealed.length > 0 ? revealed : anticipate(view, p);

      const vehicles = view.vehicles.filter((v) => v.idle ? inWindows(v.available, view.now, view.now) : true);
      const cands = [...current, ...future.filter((c) => c.atMin <= view.now + 120)];
      if (vehicles.length === 0 || cands.length === 0) return [];
      // Value matrix: rows vehicles, columns casualties then one "stay" column per vehicle.
      // Each casualty is evaluated with its nearest vehicles (by time to reach it) and the nearest of each
      // protection class; other pairs are left out of the assignment.
      // Scores: the matrix holds only numbers; full plans are built for the pairs the assignment picks.
      const scores: (Score | null)[][] = vehicles.map(() => cands.map(() => null));
      cands.forEach((c, j) => {
        const eta = vehicles.map((v, i) => ({ i, v, t: Math.max(0, v.freeAt - view.now) + legMinutes(haversineKm(v.pos, c.pos) * (v.straightLine ? 1 : view.travel.tortuosity), v.speedKmh) }));
        eta.sort((x, y) => x.t - y.t);
        const pick = new Set(eta.slice(0, p.vehiclesPerCasualty).map((e) => e.i));
        for (const cls of ['unprotected', 'armoured', 'air'] as const) {
          const first = eta.find((e) => e.v.protection === cls && fits(e.v, c.litter ? 1 : 0, 1));
          if (first) pick.add(first.i);
        }
        for (const i of pick) scores[i]![j] = bestScore(ctx, vehicles[i]!, c);
      });
      // A casualty's baseline (what it gets if no idle vehicle takes it now): the best plan delayed, or waiting for a
      // busy vehicle. A busy vehicle can be waited for by one casualty only: with `busyOnce`, the busy vehicles are
      // shared out among the real casualties by an assignment rather than each counting on the best of them
      // (anticipated ones keep the best, so that they do not take a busy vehicle from a real casualty).
      const shared = (j: number): boolean => p.busyOnce && !cands[j]!.id.startsWith(PHANTOM);
      const bases = cands.map((_, j) => {
        let b = -Infinity;
        scores.forEach((row, i) => {
          const sc = row[j];
          if (!sc) return;
          const alt = (vehicles[i]!.idle || shared(j) ? sc.delayed : sc.expected) - sc.risk;
          if (alt > b) b = alt;
        });
        return Number.isFinite(b) ? b : 0;
      });
      if (p.busyOnce) {
        const busy = vehicles.map((_, i) => i).filter((i) => !vehicles[i]!.idle);
        const over = (i: number, j: number): number => {
          const sc = scores[i]![j];
          return sc && shared(j) ? sc.expected - sc.risk - bases[j]! : 0;
        };
        if (busy.length > 0) {
          const m = assignMinCost(busy.map((i, r) => [...cands.map((_, j) => (over(i, j) > 0 ? -over(i, j) : 0)), ...busy.map((_, k) => (k === r ? 0 : 1e6))]));
          m.forEach((j, r) => {
            if (j >= 0 && j < cands.length && over(busy[r]!, j) > 0) bases[j] = bases[j]! + over(busy[r]!, j);
          });
        }
      }
      cands.forEach((c, j) => {
        const base = bases[j]!;
        ctx.baseline.set(c.id, base);
        for (const row of scores) if (row[j]) row[j]!.value -= base;
      });
      const weight = cands.map((c) => (c.id.startsWith(PHANTOM) ? p.anticipationWeight : 1));
      const adj = (i: number, j: number): number => (scores[i]![j]?.value ?? -Infinity) * weight[j]!;
      const BIG = 1e6;
      const cost = vehicles.map((_, i) => [
        ...cands.map((_, j) => {
          const g = adj(i, j);
          return g > 0 ? -g : BIG;
        }),
        ...vehicles.map((_, k) => (k === i ? 0 : BIG)),
      ]);
      const match = assignMinCost(cost);
      const chosen: { vehicle: PlanVehicle; casualty: PlanCasualty; gain: number }[] = [];
      match.forEach((j, i) => {
        if (j < 0 || j >= cands.length) return;
        if (adj(i, j) <= 0 || !vehicles[i]!.idle || cands[j]!.future) return;
        chosen.push({ vehicle: vehicles[i]!, casualty: cands[j]!, gain: adj(i, j) });
      });
      const taken = new Set<string>();
      match.forEach((j, i) => {
        if (j >= 0 && j < cands.length && adj(i, j) > 0) taken.add(cands[j]!.id);
      });
      chosen.sort((a, b) => b.gain - a.gain);
      const soloGain = new Map<string, number>();
      cands.forEach((c, j) => soloGain.set(c.id, Math.max(0, ...scores.map((row) => row[j]?.value ?? 0))));
      const jobs: Job[] = [];
      for (const first of chosen) {
        // Re-evaluate with the congestion of jobs committed so far this round.
        let plan = bestPlan(ctx, first.vehicle, first.casualty);
        if (!plan || plan.gain <= 0) continue;
        plan = grow(ctx, plan, current, taken, soloGain);
        for (const c of plan.casualties) taken.add(c.id);
        commit(ctx, plan);
        jobs.push({ vehicleId: plan.vehicle.id, stops: plan.stops, reason: describe(plan) });
      }
      return jobs;
    },
    nextForSurgery(queue: readonly QueueEntry[], _now: number, model: SurvivalModel): number {
      // Operate first on whoever loses most by waiting one more operation.
      let best = 0;
      let bestLoss = -Infinity;
      queue.forEach((q, i) => {
        const wait = model.clockStabilised * model.surgeryMin;
        const loss = survivalAt(q.rpm0, q.tau, model) - survivalAt(q.rpm0, q.tau + wait, model);
        if (loss > bestLoss + 1e-12) {
          bestLoss = loss;
          best = i;
        }
      });
      return best;
    },
  };
}

/** Add nearby waiting casualties to a job while the total value grows and the vehicle has room. */
function grow(ctx: Ctx, plan: Plan, pool: PlanCasualty[], taken: Set<string>, soloGain: Map<string, number>): Plan {
  let cur = plan;
  if (cur.vehicle.litter + cur.vehicle.seated < 2 || ctx.transfers.has(cur.facility.id)) return cur;
  const first = cur.casualties[0]!;
  // Neighbours of the first casualty within a short detour, nearest first.
  const near = pool
    .filter((c) => !taken.has(c.id) && c !== first)
    .map((c) => ({ c, d: haversineKm(first.pos, c.pos) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, ctx.p.joinCandidates)
    .map((x) => x.c);
  for (;;) {
    const v = cur.vehicle;
    const litter = cur.casualties.filter((c) => c.litter).length;
    let best: Plan | null = null;
    for (const c of near) {
      if (cur.casualties.includes(c) || taken.has(c.id) || !fits(v, litter + (c.litter ? 1 : 0), cur.casualties.length + 1)) continue;
      if ((ctx.beds.get(cur.facility.id) ?? 0) < cur.casualties.length + 1) break;
      if (!definitiveFor(c, cur.facility) && !(cur.facility.role === 'R1' && !c.facilityId)) continue;
      const solo = Math.max(0, soloGain.get(c.id) ?? 0);
      for (const order of [[...cur.casualties, c], [c, ...cur.casualties]]) {
        const pl = evaluate(ctx, v, order, cur.facility);
        if (!pl) continue;
        // Worth it when the joint job beats this job alone by more than the newcomer would gain waiting for its own.
        if (pl.gain - cur.gain > 0.25 * solo && (!best || pl.gain > best.gain)) best = pl;
      }
    }
    if (!best || best.gain <= cur.gain) return cur;
    cur = best;
  }
}

function commit(ctx: Ctx, plan: Plan): void {
  const f = plan.facility;
  if (ctx.transfers.has(f.id)) return;
  ctx.beds.set(f.id, (ctx.beds.get(f.id) ?? 0) - plan.casualties.length);
  const slots = ctx.slots.get(f.id)!;
  for (const c of plan.casualties) {
    if (!needsSurgery(c.rpm0) || slots.length === 0) continue;
    slots[0] = Math.max(slots[0]!, plan.endMin) + ctx.model.surgeryMin;
    slots.sort((a, b) => a - b);
  }
}

function describe(plan: Plan): string {
  const names = plan.casualties.map((c) => c.id).join(', ');
  if (plan.facility.id.startsWith('transfer:')) {
    const p = plan.facility.pos;
    return `${plan.vehicle.id} fetches ${names} out of the threat zone to a hand-off point at ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}; expected survival gain ${plan.gain.toFixed(3)}`;
  }
  const kind = plan.facility.role === 'R1' && plan.casualties.some((c) => needsSurgery(c.rpm0)) ? 'stabilising stop at' : 'to';
  return `${plan.vehicle.id} fetches ${names} ${kind} ${plan.facility.id}; expected survival gain ${plan.gain.toFixed(3)}`;
}

export const optimalPolicy: Policy = makeOptimalPolicy();
/** Heuristic bound, not a proof: the optimiser that also sees every future casualty (when and where) in advance. */
export const hindsightPolicy: Policy = makeOptimalPolicy({}, 'hindsight');

