// DISP-95: a vehicle with casualties aboard on its way to their dropoff fetches a critical casualty on the way (SIM-19).
// What a dispatcher radios every day: "you have a seat: pick up the one 2 km off your route on your way". The clairvoyant
// optimum does it where a critical casualty is reported minutes after a pickup with a place free (DISP-93's "W/B").
// DISP-97 (`waypoints`): under threats, a casualty past saving may be fetched the same way for its place alone — a way
// round a zone for those aboard, where no critical casualty is worth adding.
import { definitiveFor, feasibleTimeline, fits } from '../common.ts';
import { needsSurgery, survivalAt, vehicleClockRate } from '../survival.ts';
import { legKm, legMinutes } from '../travel.ts';
import type { Position } from '../../core/index.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView, Stop } from '../types.ts';
import type { Ctx } from './context-types.ts';
import { firstSlot } from './arrival-slots.ts';
import { PAST_SAVING } from './carry-on.ts';
import { bestPlan, salvage, slotCharge, survivalFalls, vehicleWorth } from './value.ts';

/** Survivors the detour must add over what it costs those aboard (as DISP-23's margin). */
const MARGIN = 0.01;

interface Insertion {
  job: Job;
  id: string;
  net: number;
}

/** The round's jobs, and DISP-95's after them where the params ask for it. */
export function withAboard(ctx: Ctx, jobs: Job[]): Job[] {
  return ctx.p.addAboard !== 'off' || ctx.p.waypoints !== 'off' ? [...jobs, ...aboardJobs(ctx, jobs)] : jobs;
}

/**
 * Jobs for the round's vehicles shown `carrying` (SIM-19): each takes at most one critical casualty that no job of the
 * round fetches and nobody is on the way to, the best by what it gains over its baseline less what those aboard lose,
 * where that is more than the margin. A casualty goes to one vehicle; the round's own jobs come first, unchanged.
 * DISP-97: failing one, a casualty past saving whose place is a safer way, by what those aboard and the vehicle gain.
 */
export function aboardJobs(ctx: Ctx, jobs: readonly Job[]): Job[] {
  const { view } = ctx;
  const fetched = new Set(jobs.flatMap((j) => j.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : []))));
  // Where survival falls as the clock runs, a casualty gains at most its survival now over its baseline: one that
  // cannot gain the margin is not valued (the same jobs, fewer timelines: a round may have many open casualties).
  const falls = survivalFalls(ctx.model);
  const open = ctx.p.addAboard === 'off' ? [] : view.casualties.filter((c) => !c.future && !c.assignedTo && !fetched.has(c.id) && needsSurgery(c.rpm0) && (!falls || survivalAt(c.rpm0, c.tau, ctx.model) - (ctx.baseline.get(c.id) ?? 0) > MARGIN));
  // DISP-97: under threats, a casualty care can no longer help may be fetched for its place: a way round a zone. Only
  // in a small fleet (DISP-19's): in a large one the waypoint's operation delays the critical casualties queued for
  // its tables, which neither price sees (generated 1006-76 −0.59, 7-47 −0.05 expected critical survivors).
  const small = view.vehicles.length <= ctx.p.sequenceMaxVehicles;
  const via = ctx.p.waypoints !== 'off' && small && view.threats.some((t) => t.toMin > view.now) ? view.casualties.filter((c) => !c.future && !c.assignedTo && !fetched.has(c.id) && !open.includes(c) && salvage(ctx, c) < PAST_SAVING) : [];
  open.push(...via);
  if (open.length === 0) return [];
  const out: Job[] = [];
  for (const v of view.vehicles) {
    if (!v.carrying || jobs.some((j) => j.vehicleId === v.id)) continue;
    let best: Insertion | null = null;
    for (const c of open) {
      // DISP-97: a waypoint only where no critical casualty is worth adding (a rescue first: the detour's minutes,
      // which neither prices, cost the casualties to come; generated 7-49 lost a rescue to a waypoint, −0.22).
      if (fetched.has(c.id) || (best && via.includes(c))) continue;
      const ins = insertion(ctx, v, c, fetched, via.includes(c));
      if (ins && ins.net > MARGIN && (!best || ins.net > best.net)) best = ins;
    }
    if (!best) continue;
    fetched.add(best.id);
    out.push(best.job);
  }
  return out;
}

/**
 * The job that fetches `c` first and drops it with those aboard at their facility, and what it is worth: the casualty's
 * expected survival over its baseline less those aboard's loss (each priced at the facility by its clock at the old
 * and the new dropoff), every survival weighed by the chance the vehicle gets through. Only for a vehicle whose stops
 * ahead are one dropoff of everyone aboard at a facility that gives `c` definitive care; null where it does not fit.
 */
function insertion(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, fetched: ReadonlySet<string>, waypoint = false): Insertion | null {
  const { view, model } = ctx;
  const carrying = v.carrying!;
  const ahead = carrying.ahead;
  const drop = ahead[0];
  if (ahead.length !== 1 || drop?.kind !== 'dropoff') return null;
  const f = ctx.idx.facility.get(drop.facilityId);
  if (!f || !definitiveFor(c, f) || f.bedsFree < 1) return null;
  const aboard = carrying.aboard;
  const litter = aboard.filter((a) => a.litter).length + (c.litter ? 1 : 0);
  if (!fits(v, litter, aboard.length + 1)) return null;
  const stops: Stop[] = [{ kind: 'pickup', casualtyId: c.id }, { kind: 'dropoff', casualtyIds: [...drop.casualtyIds, c.id], facilityId: f.id }];
  const here = fromHere(view, v, c.pos);
  const tl = feasibleTimeline(view, ctx.idx, here, stops, here.freeAt);
  if (!tl) return null;
  const [toC, toF] = tl.legs as [typeof tl.legs[0], typeof tl.legs[0]];
  const rate = vehicleClockRate(v.medic, model);
  const through = (leg: typeof toC) => ctx.geo.legSurvival(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, v.protection);
  const alivePicked = through(toC);
  const alive = alivePicked * through(toF);
  const keptLeg = keptThrough(ctx, here, f);
  const newDrop = tl.endMin;
  // Those aboard: at the old dropoff (v.freeAt, the job's end) against the new one, their clocks at their own rate.
  // Priced by their clocks alone: the view's backlog at the facility counts those aboard (and every casualty on its
  // way) as queued from now (DISP-94), so its table slots would make their delay look free.
  let loss = 0;
  for (const a of aboard) {
    const tau = (t: number) => a.tau + a.rate * (t - view.now);
    const at = (t: number, through: number) => (ctx.p.addAboard === 'tables' ? valued(ctx, a, f, t, tau(t), through) : weighed(ctx, survivalAt(a.rpm0, tau(t), model), through));
    // DISP-97: a waypoint is worth only what those aboard (and the vehicle) gain by the safer way.
    const d = at(v.freeAt, keptLeg) - at(newDrop, alive);
    loss += waypoint ? d : Math.max(0, d);
  }
  const tauC = c.tau + c.rate * (toC.doneMin - view.now) + rate * (newDrop - toC.doneMin);
  // Lost before the pickup, `c` still waits (valued at its baseline); after it, it shares the vehicle's fate.
  const baseline = ctx.baseline.get(c.id) ?? 0;
  const gets = (1 - alivePicked) * baseline + valued(ctx, c, f, newDrop, tauC, alive) + (alivePicked - alive) * model.survivalIfVehicleHit * careAt(ctx, c, f, newDrop, tauC);
  // The vehicle itself, as `evaluate` prices it: what its loss on the detour costs the casualties still to come.
  const risk = (waypoint ? keptLeg - alive : Math.max(0, keptLeg - alive)) * vehicleWorth(ctx, v, [c]);
  // The casualty must gain by itself: a detour for one whose alternative is as good only delays those aboard.
  // DISP-97: a waypoint's detour must pay by the safer way alone, and for the table it takes (DISP-6's charge).
  const spent = spentAlternatives(ctx, v, c, newDrop, fetched);
  const net = waypoint ? gets - baseline - loss - risk - spent - slotCharge(ctx, c, f) : gets - baseline > MARGIN ? gets - baseline - loss - risk - spent : -Infinity;
  return { job: { vehicleId: v.id, stops, reason: `${v.id} fetches ${c.id} on its way to ${f.id} with ${aboard.map((a) => a.id).join(', ')} aboard (${waypoint ? 'DISP-97, a way round a zone' : 'DISP-95'}: net ${net.toFixed(3)}, through ${alive.toFixed(3)} against ${keptLeg.toFixed(3)})` }, id: c.id, net };
}

/**
 * DISP-109: what the casualties whose alternative this vehicle's trip once free is (DISP-2's busyOnce assignment gave
 * it to them) lose when the insertion frees it at `freeAt` instead: its trip then, or their best alternative without
 * it. Held-out 1012-175: at 134.7 c7 added to helicopter-5's leg moved it past the zone's opening and spent c6's
 * (RPM 8) trip, which nothing charged. 0 with the switch off (the map is empty).
 */
function spentAlternatives(ctx: Ctx, v: PlanVehicle, c: PlanCasualty, freeAt: number, fetched: ReadonlySet<string>): number {
  let charge = 0;
  let most = 0;
  for (const [id, s] of ctx.spent) {
    if (s.vehicle !== v.id || id === c.id || fetched.has(id)) continue;
    const o = ctx.idx.casualty.get(id);
    if (!o || o.future || o.assignedTo) continue;
    const later = bestPlan(ctx, { ...v, freeAt: Math.max(v.freeAt, freeAt) }, o);
    // Only where a zone that can hit the vehicle opens before that later trip ends: the clock's share of the delay is
    // the queue's (the inserted casualty's own baseline is the same later trip), what the clock cannot see is not.
    if (later && !ctx.view.threats.some((t) => t.fromMin > ctx.view.now && t.fromMin < later.endMin && t.lossPerKm[v.protection] > 0)) continue;
    const then = later ? (s.delayed ? later.delayed.get(id)! : later.expected.get(id)!) - later.risk : -Infinity;
    const lost = Math.max(0, s.base - Math.max(s.fallback, then));
    if (s.delayed) most = Math.max(most, lost);
    else charge += lost;
  }
  return charge + most;
}

/**
 * A vehicle shown `carrying` as a job inserting a pickup at `first` starts it (SIM-19, SIM-14's rule as the simulator
 * applies it): from where it is now, free when it may set out so as to reach `first` no sooner than from its last stop.
 */
export function fromHere(view: PlanView, v: PlanVehicle, first: Position): PlanVehicle {
  const carrying = v.carrying!;
  const direct = legMinutes(legKm(carrying.posNow, first, v, view.travel.tortuosity), v.speedKmh);
  const fromLast = legMinutes(legKm(carrying.from, first, v, view.travel.tortuosity), v.speedKmh);
  return { ...v, pos: carrying.posNow, rangeLeftKm: carrying.rangeLeftKm, freeAt: view.now + Math.max(0, fromLast - direct) };
}

/** A casualty's expected survival dropped at `f` at `t` with clock `tau`, where the vehicle gets through with chance `through`. */
function valued(ctx: Ctx, c: PlanCasualty, f: PlanFacility, t: number, tau: number, through: number): number {
  return weighed(ctx, careAt(ctx, c, f, t, tau), through);
}

/** A survival `s` where the vehicle gets through with chance `through` (else SCN-15's share of it). */
const weighed = (ctx: Ctx, s: number, through: number): number => through * s + (1 - through) * ctx.model.survivalIfVehicleHit * s;

/**
 * Survival dropped at `f` at `t` with clock `tau`: at once, or when its first table frees (the clock stabilised
 * meanwhile). `careSurvival` less what it charges for the places taken from the round's other arrivals (DISP-43's
 * displacement, which falls as the drop comes later, so a later drop would look better to those aboard).
 */
function careAt(ctx: Ctx, c: PlanCasualty, f: PlanFacility, t: number, tau: number): number {
  if (!needsSurgery(c.rpm0)) return survivalAt(c.rpm0, tau, ctx.model);
  const start = Math.max(t, firstSlot(ctx, f.id, t) ?? t);
  return survivalAt(c.rpm0, tau + ctx.model.clockStabilised * (start - t), ctx.model);
}

/** The chance the vehicle gets to `f` from where it is now if it carries on. */
function keptThrough(ctx: Ctx, v: PlanVehicle, f: PlanFacility): number {
  const km = legKm(v.pos, f.pos, v, ctx.view.travel.tortuosity);
  const dur = legMinutes(km, v.speedKmh);
  return ctx.geo.legSurvival(v.pos, f.pos, km, ctx.view.now, dur, v.protection);
}
