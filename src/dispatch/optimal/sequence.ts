// Whole sequences of trips for a small fleet (DISP-19). With few vehicles and few casualties waiting, a one-step
// assignment valued against a hand-set delay misjudges order: which casualty the one ambulance fetches first decides
// how long every other one waits. Here every vehicle's whole sequence of trips (one casualty, or two that fit
// together) is searched by branch and bound under the same value model as the one-step planner (threat risk, surgical
// slots and beds taken trip by trip, clocks), the vehicle that is free first choosing next; a vehicle may also stop
// (be held). The first trip of each idle vehicle in the best sequence is what the round dispatches.
import { haversineKm } from '../../core/geo-math.ts';
import { definitiveFor, fits } from '../common.ts';
import { needsSurgery, survivalAt, survivalLimit } from '../survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle } from '../types.ts';
import type { Ctx, Plan } from './context-types.ts';
import { futureRisk } from './future-worth.ts';
import type { FutureWorth } from './future-worth.ts';
import { bestPlan, evaluate, firstLeg, quickScore, slotCharge } from './value.ts';
import { firstSlot, takeSlots } from './arrival-slots.ts';
import { candidateFacilities } from './routes.ts';
import { withWaypoint } from './waypoints.ts';

export interface SequenceResult {
  /** Expected survivors added over every casualty left untreated, net of vehicle risk. */
  value: number;
  /** The first trip of each vehicle in the best sequence found (vehicles that stop have none). */
  first: Map<string, Plan>;
  /** DISP-96: each first trip's own gain in the search (what it adds, net of the vehicle's risk). */
  firstGain: Map<string, number>;
  /** True when the search finished inside its budget: the sequence is the best in its space. */
  exact: boolean;
  evaluations: number;
}

interface Slot {
  v: PlanVehicle;
  alive: number;
  done: boolean;
  first: Plan | null;
  firstGain: number;
}

/** Partners considered for a two-casualty trip: the nearest few to the first pickup. */
const PARTNERS = 3;

/**
 * The best sequences for these vehicles and casualties. `forced` fixes the first trip of some vehicles: the one-step
 * plan's jobs, to value the best continuation of that plan on the same terms (every other idle vehicle is then held),
 * or, with `holdOthers` false, the legs of vehicles on their way that the round may not re-plan (DISP-78; the rest of
 * the fleet is searched as usual).
 */
export function planSequences(ctx: Ctx, vehicles: readonly PlanVehicle[], casualties: readonly PlanCasualty[], budget: number, forced?: ReadonlyMap<string, Plan>, future?: FutureWorth, holdOthers = true): SequenceResult {
  // A private context: the search takes slots and beds trip by trip and must not touch the round's own.
  const sctx: Ctx = {
    ...ctx,
    baseline: new Map(),
    slots: new Map([...ctx.slots].map(([k, v]) => [k, [...v]])),
    booked: new Map(ctx.booked),
    beds: new Map(ctx.beds),
    facilitiesFor: new Map(),
    transfers: new Map(ctx.transfers),
    // DISP-76: beds given back when they free, the trip waiting for one where none is free when it would start.
    ...(ctx.p.bedFrees !== 'off' ? { bedTimes: bedTimesOf(ctx, casualties.length) } : {}),
    // DISP-33: a casualty only its vehicle can carry is left untreated when that vehicle is lost before reaching it.
    ...(future ? { alone: future.alone } : {}),
    // DISP-35: where the search prices the one vehicle by the casualties to come, DISP-26's limit is not needed.
    ...(future && ctx.p.sequencePricesMinorRisk && vehicles.length === 1 ? { p: { ...ctx.p, minorTripMaxLoss: 1 } } : {}),
  };
  const model = ctx.model;
  const limit = new Map(casualties.map((c) => [c.id, survivalLimit(c.rpm0, model)]));
  // What serving a casualty can add at most: fetched this instant, at the clock it has now.
  const upper = new Map(casualties.map((c) => [c.id, Math.max(0, survivalAt(c.rpm0, c.tau, model) - limit.get(c.id)!)]));
  // With `forced`, an idle vehicle the one-step plan leaves without a job is held: it takes no trip in that plan.
  const held = (v: PlanVehicle): boolean => holdOthers && forced !== undefined && v.idle && !forced.has(v.id);
  const state: Slot[] = vehicles.map((v) => ({ v, alive: 1, done: held(v), first: null, firstGain: 0 }));
  let evaluations = 0;
  let exhausted = false;
  let best: { value: number; first: Map<string, Plan>; firstGain: Map<string, number> } = { value: 0, first: new Map(), firstGain: new Map() };

  // DISP-33: the vehicle's loss priced by the casualties not yet known (the known ones are in the search).
  const riskOf = (s: Slot, plan: Plan): number => (future ? futureRisk(sctx, { ...plan, vehicle: s.v }, future) : plan.risk);
  const gainOf = (s: Slot, plan: Plan): number => {
    let g = -s.alive * riskOf(s, plan);
    // The scarce-table charge stands for casualties not yet known who will need the table (DISP-6).
    for (const c of plan.casualties) g += s.alive * (plan.expected.get(c.id)! - limit.get(c.id)! - slotCharge(sctx, c, plan.facility));
    return g;
  };
  const options = (s: Slot, open: readonly PlanCasualty[]): { plan: Plan; gain: number }[] => {
    const out: { plan: Plan; gain: number }[] = [];
    for (const c of open) {
      evaluations++;
      const solo = sctx.bedTimes ? bestTimedPlan(sctx, s.v, c) : bestPlan(sctx, s.v, c);
      if (!solo) continue;
      const g = gainOf(s, solo);
      if (g > 0) out.push({ plan: solo, gain: g });
      if (c.future || s.v.litter + s.v.seated < 2 || sctx.transfers.has(solo.facility.id)) continue;
      const near = open
        .filter((o) => o !== c && !o.future && fits(s.v, (c.litter ? 1 : 0) + (o.litter ? 1 : 0), 2))
        .sort((a, b) => haversineKm(c.pos, a.pos) - haversineKm(c.pos, b.pos))
        .slice(0, PARTNERS);
      const pairAt = sctx.bedTimes ? bedStart(sctx, solo.facility, 2, tripStart(sctx, s.v, c)) : null;
      for (const o of near) {
        if ((sctx.bedTimes ? pairAt === null : (sctx.beds.get(solo.facility.id) ?? 0) < 2) || (needsSurgery(o.rpm0) && solo.facility.role === 'R1' && o.facilityId)) continue;
        evaluations++;
        const pair = evaluate(sctx, pairAt !== null ? waiting(s.v, tripStart(sctx, s.v, c), pairAt) : s.v, [c, o], solo.facility);
        if (!pair) continue;
        const pg = gainOf(s, pair);
        if (pg > g && pg > 0) out.push({ plan: pair, gain: pg });
        // DISP-101: a pair worth more than its first casualty alone may take a third pickup.
        if (pg > g && pg > 0 && open.length <= sctx.p.sequenceTriples && sctx.view.vehicles.length <= sctx.p.sequenceTriplesMaxVehicles) out.push(...thirdPickups(sctx, s.v, pair, pg, near, tripStart(sctx, s.v, c), (q) => gainOf(s, q), () => evaluations++));
      }
    }
    // DISP-97: under threats, each trip also through the place of a casualty past saving (a way round a zone).
    if (sctx.p.waypoints === 'all' && sctx.view.threats.length > 0) {
      for (const o of [...out]) {
        const via = withWaypoint(sctx, o.plan, o.gain, open, (q) => gainOf(s, q), () => evaluations++);
        if (via) out.push(via);
      }
    }
    return out.sort((a, b) => b.gain - a.gain);
  };

  const search = (open: PlanCasualty[], value: number): void => {
    if (evaluations > budget) {
      exhausted = true;
      return;
    }
    let bound = value;
    for (const c of open) bound += upper.get(c.id)!;
    if (bound <= best.value + 1e-9) return;
    if (value > best.value + 1e-12) {
      const firsts = state.filter((s) => s.first);
      best = { value, first: new Map(firsts.map((s) => [s.v.id, s.first!])), firstGain: new Map(firsts.map((s) => [s.v.id, s.firstGain])) };
    }
    let k = -1;
    state.forEach((s, i) => {
      if (!s.done && (k < 0 || s.v.freeAt < state[k]!.v.freeAt)) k = i;
    });
    if (k < 0 || open.length === 0) return;
    const s = state[k]!;
    const must = s.first === null ? forced?.get(s.v.id) : undefined;
    const again = must ? evaluate(sctx, s.v, must.casualties, must.facility) : null;
    if (must && !again) return;
    const choices = again ? [{ plan: again, gain: gainOf(s, again) }] : options(s, open);
    for (const { plan, gain } of choices) {
      const saved = { v: s.v, alive: s.alive, first: s.first, firstGain: s.firstGain };
      const f = plan.facility;
      const beds = sctx.beds.get(f.id) ?? 0;
      const times = sctx.bedTimes?.get(f.id);
      const savedTimes = times ? [...times] : null;
      const slots = sctx.slots.get(f.id);
      const savedSlots = slots ? [...slots] : null;
      const savedBooked = sctx.booked.get(f.id);
      take(sctx, plan);
      if (s.first === null) {
        s.first = plan;
        s.firstGain = gain;
      }
      s.alive *= plan.alive;
      s.v = { ...s.v, pos: f.pos, freeAt: plan.endMin, idle: false, enRoute: undefined, ifKept: undefined, posNow: undefined, rangeLeftKm: s.v.rangeLeftKm === null ? null : s.v.rangeLeftKm - plan.km };
      const ids = new Set(plan.casualties.map((c) => c.id));
      search(
        open.filter((c) => !ids.has(c.id)),
        value + gain,
      );
      s.v = saved.v;
      s.alive = saved.alive;
      s.first = saved.first;
      s.firstGain = saved.firstGain;
      sctx.beds.set(f.id, beds);
      if (savedTimes) sctx.bedTimes!.set(f.id, savedTimes);
      if (slots && savedSlots) sctx.slots.set(f.id, savedSlots);
      if (savedBooked) sctx.booked.set(f.id, savedBooked);
      else sctx.booked.delete(f.id);
      if (exhausted) return;
    }
    // Or this vehicle does nothing more (held back, or left to the others).
    if (again) return;
    s.done = true;
    search(open, value);
    s.done = false;
  };
  search([...casualties], 0);
  return { value: best.value, first: best.first, firstGain: best.firstGain, exact: !exhausted, evaluations };
}

/**
 * DISP-101: a pair's trip extended by a third pickup from its first casualty's nearest partners (after the two, to the
 * pair's facility), where the three fit the vehicle and the facility's beds and it gains more than the pair.
 */
function thirdPickups(ctx: Ctx, v: PlanVehicle, pair: Plan, pairGain: number, near: readonly PlanCasualty[], start: number, gainOf: (p: Plan) => number, counted: () => void): { plan: Plan; gain: number }[] {
  const out: { plan: Plan; gain: number }[] = [];
  const f = pair.facility;
  const at = ctx.bedTimes ? bedStart(ctx, f, 3, start) : null;
  if (ctx.bedTimes ? at === null : (ctx.beds.get(f.id) ?? 0) < 3) return out;
  const litter = pair.casualties.filter((c) => c.litter).length;
  const rides: Ctx = ctx.p.sequenceTriplesAnyRides ? { ...ctx, p: { ...ctx.p, minorRides: 'any' } } : ctx;
  for (const t of near) {
    if (pair.casualties.includes(t) || !fits(v, litter + (t.litter ? 1 : 0), 3)) continue;
    if (needsSurgery(t.rpm0) && f.role === 'R1' && t.facilityId) continue;
    counted();
    const trip = evaluate(rides, at !== null ? waiting(v, start, at) : v, [...pair.casualties, t], f);
    if (!trip) continue;
    const g = gainOf(trip);
    if (g > pairGain && g > 0) out.push({ plan: trip, gain: g });
  }
  return out;
}

/** A trip takes its beds and surgical slots (as the round's commit does); DISP-76: and gives each bed back when it frees. */
function take(ctx: Ctx, plan: Plan): void {
  const f = plan.facility;
  if (ctx.transfers.has(f.id)) return;
  ctx.beds.set(f.id, (ctx.beds.get(f.id) ?? 0) - plan.casualties.length);
  const times = ctx.bedTimes?.get(f.id);
  if (times) {
    const next = [...times];
    for (const c of plan.casualties) {
      // The bed free by the trip's start that frees latest: those free sooner stay for trips that start sooner.
      let k = -1;
      while (k + 1 < next.length && next[k + 1]! <= plan.startMin + 1e-9) k++;
      next.splice(Math.max(0, k), 1);
      // SIM-3: a casualty who needs no surgery leaves its bed at its dropoff, one who does when its operation ends.
      const slot = needsSurgery(c.rpm0) && definitiveFor(c, f) ? firstSlot(ctx, f.id, plan.endMin) : undefined;
      const frees = !needsSurgery(c.rpm0) ? plan.endMin : slot !== undefined ? Math.max(plan.endMin, slot) + ctx.model.surgeryMin : Infinity;
      if (Number.isFinite(frees)) next.splice(upper(next, frees), 0, frees);
    }
    ctx.bedTimes!.set(f.id, next);
  }
  takeSlots(ctx, plan);
}

/** The first index whose value is above x (xs ascending). */
function upper(xs: readonly number[], x: number): number {
  let i = 0;
  while (i < xs.length && xs[i]! <= x) i++;
  return i;
}

/**
 * DISP-76: per facility, when each bed is free: those free now (less what the round took), then the view's
 * `bedsFreeAt`; as many as the search has casualties.
 */
function bedTimesOf(ctx: Ctx, casualties: number): Map<string, number[]> {
  const now = ctx.view.now;
  const out = new Map<string, number[]>();
  // The search takes at most one bed per casualty: the first that many are all it can use.
  for (const f of ctx.view.facilities) {
    const free = Math.min(casualties, Math.max(0, ctx.beds.get(f.id) ?? 0));
    out.set(f.id, [...new Array<number>(free).fill(now), ...(f.bedsFreeAt ?? []).slice(0, casualties - free).map((t) => Math.max(t, now))]);
  }
  return out;
}

/** When a trip would start (evaluate's start). */
const tripStart = (ctx: Ctx, v: PlanVehicle, c: PlanCasualty): number => Math.max(ctx.view.now, v.freeAt, c.future ? c.atMin : -Infinity);

/** The vehicle held until `at` where it is (DISP-76: the wait for a bed). */
const waiting = (v: PlanVehicle, start: number, at: number): PlanVehicle => (at > start + 1e-9 ? { ...v, freeAt: at } : v);

/** DISP-76: the earliest a trip setting out at `start` can have n beds at f (its start, or the wait for them); null: never. */
function bedStart(ctx: Ctx, f: PlanFacility, n: number, start: number): number | null {
  const times = ctx.bedTimes?.get(f.id);
  if (!times || ctx.transfers.has(f.id)) return (ctx.beds.get(f.id) ?? 0) >= n ? start : null;
  if (times.length < n) return null;
  return Math.max(start, times[n - 1]!);
}

/** DISP-76: `bestPlan` with each facility's beds as they free: a trip to one full when it would start waits for a bed. */
function bestTimedPlan(ctx: Ctx, v: PlanVehicle, c: PlanCasualty): Plan | null {
  if (!fits(v, c.litter ? 1 : 0, 1)) return null;
  const start = tripStart(ctx, v, c);
  const leg = firstLeg(ctx, v, c);
  let best: { f: PlanFacility; v: PlanVehicle; score: number } | null = null;
  for (const f of candidateFacilities(ctx, c)) {
    const at = bedStart(ctx, f, 1, start);
    if (at === null) continue;
    const w = waiting(v, start, at);
    const sc = quickScore(ctx, w, c, f, w === v ? leg : firstLeg(ctx, w, c));
    if (sc > (best?.score ?? -Infinity)) best = { f, v: w, score: sc };
  }
  return best ? evaluate(ctx, best.v, [c], best.f) : null;
}
