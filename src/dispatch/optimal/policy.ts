// The optimiser as a policy: value matrix, baselines, assignment, growing jobs, committing them (DISP-1…DISP-10).
import { haversineKm, KM_PER_DEGREE_LAT } from '../../core/geo-math.ts';
import type { Position } from '../../core/index.ts';
import { definitiveFor, feasibleTimeline, fits, samePos } from '../common.ts';
import { assignMinCostPruned } from '../hungarian.ts';
import { needsSurgery, survivalLimit, waitLoss } from '../survival.ts';
import type { SurvivalModel } from '../survival.ts';
import { inWindows } from '../types.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView, Policy, QueueEntry } from '../types.ts';
import { PHANTOM, anticipate } from './anticipation.ts';
import { makeCtx } from './context.ts';
import type { KeptCtx } from './context.ts';
import { capWorthByEarnings } from './earnings.ts';
import { honouredPairs, laterVehicles } from './later-vehicles.ts';
import { loneGate, loneLimit } from './lone-gate.ts';
import { reachableFleet } from './reachable-fleet.ts';
import { keepSunkLegs, sunkLeg } from './sunk-leg.ts';
import { keptAlternatives } from './en-route-alternative.ts';
import type { KeptAlternatives } from './en-route-alternative.ts';
import { takeSlots } from './arrival-slots.ts';
import { capLastVehicleWorth } from './last-vehicle-trips.ts';
import { MatrixPool, put } from './matrix.ts';
import { makeNearestVehicles } from './nearest-vehicles.ts';
import type { Matrix } from './matrix.ts';
import type { Ctx, Plan } from './context.ts';
import { DEFAULT_OPTIMAL_PARAMS, OPTIMAL_V1_PARAMS } from './params.ts';
import type { OptimalParams } from './params.ts';
import { candidateFacilities } from './routes.ts';
import type { ScoreMemo } from './score-memo.ts';
import { fromHere, withAboard } from './aboard.ts';
import { carryOn, extendLegs, extendRePlan } from './carry-on.ts';
import { futureRisk, futureWorth } from './future-worth.ts';
import { timeCost } from './time-worth.ts';
import type { FutureWorth } from './future-worth.ts';
import { planSequences } from './sequence.ts';
import { exactLoneJobs } from './exact-lone.ts';
import { lowGainFirst } from './low-gain-first.ts';
import { lossEvidenceView } from './loss-evidence.ts';
import { urgentFirst } from './unload-order.ts';
import { bestPlan, bestScore, evaluate, slotCharge } from './value.ts';

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
  return assessJobIn(assessContext(view, params), job);
}

/**
 * A context for assessing jobs (nothing committed): one serves any number of `assessJobIn` calls on its view. With
 * `only`, its index holds only those casualties (issue 16: the live plan assesses a few jobs, and indexing every open
 * casualty was a part of each plan): `assessJobIn` reads no other than the job's pickups, so a job that picks up only
 * casualties in `only` is assessed as with the whole index.
 */
export function assessContext(view: PlanView, params: Partial<OptimalParams> = {}, only?: ReadonlySet<string>, kept?: KeptCtx): Ctx {
  const p = { ...DEFAULT_OPTIMAL_PARAMS, ...params };
  if (!only) return makeCtx(view, p, undefined, kept);
  const casualty = new Map<string, PlanCasualty>();
  if (kept) {
    // The kept index of the whole view (the last casualty of a repeated id): only these ids looked up in it.
    const all = kept.update(view).casualty;
    for (const id of only) if (all.has(id)) casualty.set(id, all.get(id)!);
  } else {
    // In the view's order: a repeated id is its last casualty, as in the whole index.
    for (const c of view.casualties) if (only.has(c.id)) casualty.set(c.id, c);
  }
  return makeCtx(view, p, { casualty, facility: new Map(view.facilities.map((f) => [f.id, f])) }, kept);
}

/** `assessJob` in a context made by `assessContext` (evaluating a job reads the context, never changes it). */
export function assessJobIn(ctx: Ctx, job: Job): JobAssessment | null {
  const view = ctx.view;
  const shown = view.vehicles.find((x) => x.id === job.vehicleId);
  const last = job.stops[job.stops.length - 1];
  if (!shown || !last || last.kind !== 'dropoff') return null;
  // SIM-19: a vehicle with casualties aboard sets out from where it is now (DISP-95's jobs for it).
  const firstPickup = job.stops[0]?.kind === 'pickup' ? ctx.idx.casualty.get(job.stops[0].casualtyId) : undefined;
  const v = shown.carrying && firstPickup ? fromHere(view, shown, firstPickup.pos) : shown;
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


/** The optimiser; `plan` may be given the memory of earlier rounds' values (the live plan's, score-memo.ts). */
export type OptimalPolicy = Policy & { plan(view: PlanView, memo?: ScoreMemo): Job[] };

export function makeOptimalPolicy(params: Partial<OptimalParams> = {}, name = 'optimal'): OptimalPolicy {
  const p: OptimalParams = { ...DEFAULT_OPTIMAL_PARAMS, ...params };
  return withUnloadOrder(p, withLossEvidence(p, exactOrRounds(p, name)));
}

/** DISP-146: each drop-off's casualties handed over most urgent first. */
function withUnloadOrder(p: OptimalParams, policy: OptimalPolicy): OptimalPolicy {
  if (!p.unloadUrgentFirst) return policy;
  return { ...policy, plan: (shown: PlanView, memo?: ScoreMemo): Job[] => urgentFirst(shown, policy.plan(shown, memo)) };
}

/** DISP-121: every plan sees the zones' rates raised by the losses in them (off: the declared rates). */
function withLossEvidence(p: OptimalParams, policy: OptimalPolicy): OptimalPolicy {
  if (!(p.lossEvidence > 0)) return policy;
  return { ...policy, plan: (shown: PlanView, memo?: ScoreMemo): Job[] => policy.plan(lossEvidenceView(shown, p.lossEvidence, p.lossEvidenceExposure), memo) };
}

function exactOrRounds(p: OptimalParams, name: string): OptimalPolicy {
  const rounds = withReachableFleet(p, roundPolicy(p, name));
  if (!p.exactLone) return rounds;
  // DISP-104: a lone vehicle's job is the first trip of the exact plan over what is known (null: outside its class,
  // and the round as before; asked before the memory begins a round, so that the memory's rounds are the ones it fills).
  const exact = (shown: PlanView): Job[] | null => {
    if (shown.vehicles.length !== 1) return null;
    const small = smallFleetReplans(p, shown);
    const { view, divertable } = divertView(shown, p.divert, small ? Math.max(p.criticalDiverts, p.smallFleetDiverts) : p.criticalDiverts, p.ownReservations, p.sunkLegLater ? 0 : p.sunkLegShare);
    return exactLoneJobs(makeCtx(view, p), divertable);
  };
  return { ...rounds, plan: (shown: PlanView, memo?: ScoreMemo): Job[] => exact(p.reachableFleet !== 'off' ? reachableFleet(shown, p.reachableFleet === 'gates') : shown) ?? rounds.plan(shown, memo) };
}

/**
 * DISP-79: whether the view's vehicles get `smallFleetDiverts` re-plans per leg (a fleet of at most
 * `sequenceMaxVehicles`, where DISP-20 re-plans them at all); DISP-142: with `smallFleetDivertsCalm`, only while no zone
 * is active or to come (each re-plan restarts the leg from its last stop, SIM-14, through the zones again).
 */
function smallFleetReplans(p: OptimalParams, view: PlanView): boolean {
  if (!(p.criticalDiverts > 0 && view.vehicles.length <= p.sequenceMaxVehicles)) return false;
  return !p.smallFleetDivertsCalm || !view.threats.some((t) => t.toMin > view.now);
}

/** DISP-111: the rounds see only the vehicles that can reach a casualty (off: the view as shown). */
function withReachableFleet(p: OptimalParams, rounds: OptimalPolicy): OptimalPolicy {
  if (p.reachableFleet === 'off') return rounds;
  const counted = p.reachableFleet === 'gates';
  return { ...rounds, plan: (shown: PlanView, memo?: ScoreMemo): Job[] => rounds.plan(reachableFleet(shown, counted), memo) };
}

/** The optimiser's rounds as DISP-1…103 make them. */
function roundPolicy(p: OptimalParams, name: string): OptimalPolicy {
  // The value matrix's arrays kept from plan to plan, as the live plan's memory keeps its own (issue 11: at 1,000
  // casualties × 100 vehicles, seven new arrays of 100,000 numbers a plan were a tenth of its time with their
  // collection). A plan reads nothing of an earlier plan's numbers: `take` clears `has`, the rest is written first.
  const matrices = new MatrixPool();
  return {
    name,
    divert: p.divert,
    ...(p.addAboard !== 'off' || p.waypoints !== 'off' ? { addAboard: true } : {}),
    plan(shown: PlanView, memo?: ScoreMemo): Job[] {
      // DISP-79: a small fleet's vehicles (DISP-19's) may be re-planned `smallFleetDiverts` times per leg (where DISP-20
      // re-plans them at all).
      const small = smallFleetReplans(p, shown);
      const { view, divertable } = divertView(shown, p.divert, small ? Math.max(p.criticalDiverts, p.smallFleetDiverts) : p.criticalDiverts, p.ownReservations, p.sunkLegLater ? 0 : p.sunkLegShare);
      const ctx = makeCtx(view, p, undefined, memo?.ctx);
      // The same values as bestScore, from the parts kept since an earlier round where still valid.
      const kept = memo?.begin(ctx) ? memo : undefined;
      const current = view.casualties.filter((c) => !c.future);
      const revealed = view.casualties.filter((c) => c.future);
      const future = revealed.length > 0 ? revealed : anticipate(view, p);

      const free = view.vehicles.filter((v) => v.idle ? inWindows(v.available, view.now, view.now) : true);
      const cands = [...current, ...future.filter((c) => c.atMin <= view.now + 120)];
      if (free.length === 0 || cands.length === 0) return [];
      // DISP-41: vehicles on duty later are waited for like busy ones (rows after the others, also in the sequences;
      // never sent now).
      const vehicles = p.laterVehicles ? [...free, ...laterVehicles(view.vehicles, view.now, view.horizonMin)] : free;
      // Sequences know only the casualties reported (or revealed): anticipated ones keep the one-step plan. A vehicle on
      // its way is searched like an idle one where its last stop was; a first trip to another casualty diverts it.
      const pool = (revealed.length > 0 || future.length === 0) ? [...current, ...revealed.filter((c) => c.atMin <= view.now + 120)] : [];
      // Value matrix: rows vehicles, columns casualties then one "stay" column per vehicle.
      // Each casualty is evaluated with its nearest vehicles (by time to reach it) and the nearest of each
      // protection class; other pairs are left out of the assignment.
      // Scores: the matrix holds only numbers (matrix.ts); full plans are built for the pairs the assignment picks.
      const C = cands.length;
      const nearestVehicles = makeNearestVehicles(view, vehicles, p.vehiclesPerCasualty, p.classFreeNearest);
      // With the memory, the matrix is kept between rounds and only the columns that moved are filled (score-memo.ts).
      const mat = kept ? kept.fillAll(ctx, cands, vehicles, nearestVehicles) : matrices.take(vehicles.length, C);
      if (!kept) cands.forEach((c, j) => {
        for (const i of nearestVehicles(c)) put(mat, i, j, bestScore(ctx, vehicles[i]!, c));
      });
      if (p.earningsCap) capWorthByEarnings(ctx, free, cands, mat);
      if (p.lastVehicleTrips) capLastVehicleWorth(ctx, free, cands, mat);
      // A casualty's baseline (what it gets if no idle vehicle takes it now): the best plan delayed, or waiting for a
      // busy vehicle. A busy vehicle can be waited for by one casualty only: with `busyOnce`, the busy vehicles are
      // shared out among the real casualties by an assignment rather than each counting on the best of them
      // (anticipated ones keep the best, so that they do not take a busy vehicle from a real casualty).
      // Plain loops over the matrix (issue 16: it is open casualties × vehicles every round), the same arithmetic.
      const phantom = cands.map((c) => c.id.startsWith(PHANTOM));
      const shared = (j: number): boolean => p.busyOnce && !phantom[j]!;
      const { has, value: val } = mat;
      // DISP-122: a later vehicle's trip counts (as an alternative, and in the assignment that may hold a casualty for it)
      // only where it would take it at any price (DISP-124: at the price its window's wait can reach).
      const honoured = p.laterVehicles && (p.laterVehiclesHonoured || p.laterVehiclesHonouredWait) ? honouredPairs(ctx, mat, vehicles, cands, free.length, p.laterVehiclesHonouredWait) : null;
      const alts = honoured ? { ...mat, has: honoured } : mat;
      const { er, best, from, onWay } = alternatives(alts, vehicles, shared, p.idleOnce, () => keptAlternatives(ctx, mat, vehicles, cands, divertable));
      const bases = firstBaselines(ctx, cands, vehicles, best, from);
      if (p.busyOnce) {
        const busy = vehicles.map((_, i) => i).filter((i) => p.idleOnce || !vehicles[i]!.idle || onWay?.rows.has(i));
        // DISP-74: an idle vehicle waited for is its trip `delayMin` later, not now.
        const alt = (i: number, j: number): number => waitedFor(mat, er, vehicles[i]!.idle, onWay, i * C + j);
        const over = (i: number, j: number): number => (alts.has[i * C + j] && shared(j) ? alt(i, j) - bases[j]! : 0);
        if (busy.length > 0) {
          // Rows the busy vehicles, columns the casualties (minus what waiting for the vehicle adds), then one "stay"
          // per row; answered on each row's few best columns (issue 16: the same answer, hungarian.ts).
          const B = busy.length;
          const M = C + B;
          const cost = mat.cost.subarray(0, B * M);
          busy.forEach((i, r) => {
            for (let j = 0; j < C; j++) {
              const o = over(i, j);
              cost[r * M + j] = o > 0 ? -o : 0;
            }
            for (let k = 0; k < B; k++) cost[r * M + C + k] = k === r ? 0 : 1e6;
          });
          const m = assignMinCostPruned(cost, B, M, B, B);
          if (kept) kept.assigned += m.columns;
          m.match.forEach((j, r) => {
            if (j >= 0 && j < cands.length && over(busy[r]!, j) > 0) {
              bases[j] = bases[j]! + over(busy[r]!, j);
              if (keepsFrom(p)) ctx.baselineFrom.set(cands[j]!.id, vehicles[busy[r]!]!.id);
            }
          });
        }
      }
      cands.forEach((c, j) => ctx.baseline.set(c.id, bases[j]!));
      if (spendsAlternatives(p)) noteSpent(ctx, alts, vehicles, cands, bases, best, shared);
      // A pair's value over the casualty's baseline, made where it is read (issue 16: not a pass writing every score).
      const net = (i: number, j: number): number => (alts.has[i * C + j] ? val[i * C + j]! - bases[j]! : -Infinity);
      const weight = cands.map((_, j) => (phantom[j] ? p.anticipationWeight : 1));
      const forbidden = new Set<number>(); // DISP-123: pairs DISP-16's check refused, out of the next pass's assignment
      const netF = (i: number, j: number): number => (forbidden.has(i * C + j) ? -Infinity : net(i, j));
      const adj = (i: number, j: number): number => netF(i, j) * weight[j]!;
      const assign = (V = vehicles.length): { chosen: Chosen[]; taken: Set<string> } => {
        const { match, columns } = assignMinCostPruned(assignmentCost(mat.cost, V, C, netF, weight), V, C + V, V, V);
        if (kept) kept.assigned += columns;
        return chosenOf(match, vehicles, cands, adj);
      };
      // What a casualty would gain with its own vehicle, asked of the few near a job (issue 16: not of every one). Its
      // place in `current` is its column: `cands` begins with `current`.
      const soloGain = (j: number): number => {
        let gain = 0;
        for (let i = 0; i < vehicles.length; i++) gain = Math.max(gain, has[i * C + j] ? net(i, j) : 0);
        return gain;
      };
      let lats: Float64Array | null = null;
      let { chosen, taken } = assign();
      // DISP-123: the round's assignment holds only jobs the round sends — a divert the check refuses is forbidden and
      // the assignment solved again (each pass forbids a pair; at most `refusedDivertPasses`).
      for (let pass = 0; pass < p.refusedDivertPasses && divertable.size > 0; pass++) {
        const refused = refusedPairs(ctx, chosen, taken, divertable, (plan, t) => grow(ctx, plan, current, (lats ??= latitudes(current)), t, soloGain));
        if (refused.length === 0) break;
        for (const k of refused) forbidden.add(k);
        ({ chosen, taken } = assign());
      }
      const jobs: Job[] = [];
      // DISP-46: casualties a committed job of this round fetches (a divert that leaves one of them costs it nothing).
      const fetched = new Set<string>();
      // DISP-56: vehicles the assignment gave a casualty (a free one left without may take a dropped divert's).
      const reserved = new Set(chosen.map((x) => x.vehicle.id));
      const priced: Job[] = [];
      for (const first of chosen) {
        // Re-evaluate with the congestion of jobs committed so far this round.
        let plan = bestPlan(ctx, first.vehicle, first.casualty);
        if (plan && p.slotFresh && jobs.length > 0) plan = freshBaseline(ctx, plan, mat.delayed[first.k]!, mat.facility[first.k]);
        if (!plan || plan.gain <= 0) continue;
        plan = grow(ctx, plan, current, (lats ??= latitudes(current)), taken, soloGain);
        if (divertable.has(plan.vehicle.id)) plan = criticalCore(ctx, plan, fetched);
        if (divertable.has(plan.vehicle.id) && plan.gain <= abandonedLoss(ctx, plan, fetched)) {
          // DISP-59/125: a refused divert still weighed by DISP-23/25 (carry on, extend, a spare vehicle), never made.
          if (weighedAfterRefusal(ctx, plan, fetched, first.casualty)) priced.push({ vehicleId: plan.vehicle.id, stops: plan.stops, reason: describe(plan) });
          const spare = p.droppedDivertSpare && !first.casualty.assignedTo ? spareForDropped(ctx, vehicles, first.casualty, cands.indexOf(first.casualty), C, has, net, reserved, divertable) : null;
          if (!spare) continue;
          reserved.add(spare.vehicle.id);
          plan = grow(ctx, spare, current, (lats ??= latitudes(current)), taken, soloGain);
        }
        for (const c of plan.casualties) taken.add(c.id);
        if (p.leftTaken) for (const c of plan.casualties) fetched.add(c.id);
        commit(ctx, plan);
        jobs.push({ vehicleId: plan.vehicle.id, stops: plan.stops, reason: describe(plan) });
      }
      const made = finishRound(view, p, ctx, vehicles, pool, jobs, divertable, shown, priced);
      // DISP-84 (measured, off): no re-plan past `sunkLegShare` of an approach that reaches its casualty later than it.
      const carried = p.sunkLegLater && p.sunkLegShare > 0 ? keepSunkLegs(view, made, p.sunkLegShare) : made;
      const lone = loneLimit(view, p.loneMinThrough, p.loneMinThroughClosing);
      return withAboard(ctx, lone > 0 ? loneGate(view, carried, lone) : carried);
    },
    nextForSurgery,
  };
}

/**
 * DISP-100: the round's commitments so far lower what the job's first casualty expects (its facility's tables and beds
 * are taken sooner), and its alternative — the same trip `delayMin` later, which queues behind the same places — by
 * what they cost the pair's delayed trip (at the facility the matrix valued it for: `delayed0` then, before any
 * commitment, against now). The baseline falls by that much, never below being left untreated (DISP-21), which takes
 * no table; kept in the round's baselines only where the job stands.
 */
function freshBaseline(ctx: Ctx, plan: Plan, delayed0: number, f0: PlanFacility | undefined): Plan {
  const c = plan.casualties[0]!;
  const base = ctx.baseline.get(c.id);
  if (base === undefined || !f0) return plan;
  const same = f0.id === plan.facility.id ? plan : evaluate(ctx, plan.vehicle, [c], f0);
  const now = same?.delayed.get(c.id);
  if (now === undefined || !(delayed0 > now)) return plan;
  const floor = ctx.p.untreatedFloor ? survivalLimit(c.rpm0, ctx.model) : -Infinity;
  if (base <= floor) return plan;
  const fresh = Math.max(base - (delayed0 - now), floor);
  ctx.baseline.set(c.id, fresh);
  const again = bestPlan(ctx, plan.vehicle, c);
  if (!again || again.gain <= 0) ctx.baseline.set(c.id, base);
  return again ?? plan;
}

/** Operate first on whoever loses most by waiting one more operation. */
function nextForSurgery(queue: readonly QueueEntry[], _now: number, model: SurvivalModel): number {
  let best = 0;
  let bestLoss = -Infinity;
  queue.forEach((q, i) => {
    const loss = waitLoss(q.rpm0, q.tau, model);
    if (loss > bestLoss + 1e-12) {
      bestLoss = loss;
      best = i;
    }
  });
  return best;
}

/** A pair of the round's assignment that gains: k is its index in the matrix (row i, column j at i × C + j). */
type Chosen = { vehicle: PlanVehicle; casualty: PlanCasualty; gain: number; k: number };

/** The assignment's pairs that gain, idle vehicle and real casualty, best gain first; and every casualty it gives a vehicle. */
function chosenOf(match: readonly number[], vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], adj: (i: number, j: number) => number): { chosen: Chosen[]; taken: Set<string> } {
  const chosen: Chosen[] = [];
  const taken = new Set<string>();
  match.forEach((j, i) => {
    if (j < 0 || j >= cands.length || adj(i, j) <= 0) return;
    taken.add(cands[j]!.id);
    if (!vehicles[i]!.idle || cands[j]!.future) return;
    chosen.push({ vehicle: vehicles[i]!, casualty: cands[j]!, gain: adj(i, j), k: i * cands.length + j });
  });
  chosen.sort((a, b) => b.gain - a.gain);
  return { chosen, taken };
}

/**
 * DISP-123: the pairs of the assignment whose divert DISP-16's check would refuse, found as the commit loop would (in
 * gain order, a casualty fetched by an earlier job costing a divert nothing, DISP-46) without committing anything. A
 * divert only DISP-57's price drops is not refused here (DISP-59 still weighs it).
 */
function refusedPairs(ctx: Ctx, chosen: readonly Chosen[], taken0: ReadonlySet<string>, divertable: ReadonlySet<string>, growPlan: (plan: Plan, taken: Set<string>) => Plan): number[] {
  if (!chosen.some((x) => divertable.has(x.vehicle.id))) return [];
  const p = ctx.p;
  const taken = new Set(taken0);
  const fetched = new Set<string>();
  const refused: number[] = [];
  for (const first of chosen) {
    let plan = bestPlan(ctx, first.vehicle, first.casualty);
    if (!plan || plan.gain <= 0) continue;
    plan = growPlan(plan, taken);
    if (divertable.has(plan.vehicle.id)) {
      plan = criticalCore(ctx, plan, fetched);
      if (plan.gain <= abandonedLoss(ctx, plan, fetched)) {
        if (!pricedOnly(ctx, plan, fetched) && !first.casualty.assignedTo) refused.push(first.k);
        continue;
      }
    }
    for (const c of plan.casualties) taken.add(c.id);
    if (p.leftTaken) for (const c of plan.casualties) fetched.add(c.id);
  }
  return refused;
}

/**
 * The assignment's cost matrix, flat (row i, column j at i × (n + rows) + j), written over `room`: rows vehicles,
 * columns casualties (minus the weighted value over the casualty's baseline) then one "stay" per vehicle.
 */
function assignmentCost(room: Float64Array, rows: number, n: number, net: (i: number, j: number) => number, weight: readonly number[]): Float64Array {
  const BIG = 1e6;
  const m = n + rows;
  const cost = room.subarray(0, rows * m);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      const g = net(i, j) * weight[j]!;
      cost[i * m + j] = g > 0 ? -g : BIG;
    }
    for (let k = 0; k < rows; k++) cost[i * m + n + k] = k === i ? 0 : BIG;
  }
  return cost;
}

/** What waiting for a vehicle gives the casualty of pair k (the busyOnce assignment's): DISP-74's, DISP-105's. */
function waitedFor(m: Matrix, er: Float64Array, idle: boolean, onWay: KeptAlternatives | null, k: number): number {
  if (onWay && !Number.isNaN(onWay.er[k]!)) return onWay.er[k]!;
  return idle ? m.delayed[k]! - m.risk[k]! : er[k]!;
}

/**
 * What the passes after the baselines read besides the matrix (row i, column j at i × C + j): each pair's expected
 * survival less the vehicle's risk, and each column's best alternative, row by row in the order of the rows, as before
 * (`shared`: the column's casualty waits for a busy vehicle with the others, busyOnce). DISP-105: `kept` makes the
 * vehicles on their way waited for as they will be once their leg is done (null: as idle ones), returned as `onWay`.
 */
function alternatives(m: Matrix, vehicles: readonly PlanVehicle[], shared: (j: number) => boolean, idleOnce: boolean, kept: () => KeptAlternatives | null): { er: Float64Array; best: Float64Array; from: Int32Array; onWay: KeptAlternatives | null } {
  const onWay = kept();
  const { C, has, expected, delayed, risk, er } = m;
  const best = new Float64Array(C).fill(-Infinity);
  // DISP-70: the row whose alternative is the best (-1: none).
  const from = new Int32Array(C).fill(-1);
  for (let i = 0; i < m.rows; i++) {
    const idle = vehicles[i]!.idle;
    for (let j = 0; j < C; j++) {
      const k = i * C + j;
      if (!has[k]) continue;
      er[k] = expected[k]! - risk[k]!;
      // DISP-74: an idle vehicle's later trip is shared out like a busy one's (below), not every casualty's baseline.
      if (idleOnce && idle && shared(j)) continue;
      // DISP-105: a vehicle on its way, for a casualty not on its leg, as a busy one once its leg is done.
      const kept = onWay ? onWay.delayed[k]! : NaN;
      const alt = !Number.isNaN(kept) ? (shared(j) ? kept : onWay!.er[k]!) : (idle || shared(j) ? delayed[k]! : expected[k]!) - risk[k]!;
      if (alt > best[j]!) {
        best[j] = alt;
        from[j] = i;
      }
    }
  }
  return { er, best, from, onWay };
}

/** Sequences (DISP-19, 33, 34), carrying on (DISP-23) and the order diverts go in: the round's jobs from its one-step ones. */
function finishRound(view: PlanView, p: OptimalParams, ctx: Ctx, vehicles: PlanVehicle[], pool: PlanCasualty[], jobs: Job[], divertable: Set<string>, shown: PlanView, dropped: readonly Job[] = []): Job[] {
  // DISP-34: the search's first trips that re-plan a vehicle on its way to a minor casualty stand as they are.
  const searched = new Set<Job>();
  const priced = new Set<string>();
  // DISP-39: the search's own first trips (it weighed every vehicle of the fleet for their casualties).
  const fromSearch = new Set<Job>();
  const sequenced = sequencedJobs(view, p, vehicles, pool, jobs, divertable, searched, priced, fromSearch) ?? jobs;
  const rest = searched.size > 0 ? sequenced.filter((j) => !searched.has(j)) : sequenced;
  const open = searched.size > 0 ? new Set([...divertable].filter((id) => ![...searched].some((j) => j.vehicleId === id))) : divertable;
  // DISP-23: diverts become extensions of the leg under way where worth as much; vehicles carrying on may add one.
  // DISP-59: the diverts only DISP-57's price dropped, for vehicles and casualties no job of the round has taken.
  const busy = new Set(rest.map((j) => j.vehicleId));
  const fetching = new Set(rest.flatMap((j) => j.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : []))));
  const held = dropped.filter((j) => open.has(j.vehicleId) && !busy.has(j.vehicleId) && j.stops.every((st) => st.kind !== 'pickup' || !fetching.has(st.casualtyId)));
  const { jobs: planned, extended } = p.carryOn && open.size > 0 ? carryOn(ctx, () => makeCtx(view, p), [...rest, ...held], open, fromSearch, new Set(held)) : { jobs: rest, extended: new Set<Job>() };
  for (const j of searched) extended.add(j);
  // DISP-36 (measured, off): no extension the search did not value for a vehicle whose trip it planned under threats.
  const made = priced.size > 0 ? planned.filter((j) => !(extended.has(j) && priced.has(j.vehicleId))) : planned;
  // DISP-44: vehicles past their re-plans may still add a casualty to their leg (an extension is no re-plan).
  if (p.carryOn && p.extendAfterReplan) {
    for (const j of extendLegs(ctx, shown, divertable, [...made, ...searched])) {
      made.push(j);
      extended.add(j);
    }
  }
  return divertable.size > 0 ? divertsFirst(view, [...made, ...searched], divertable, extended) : made;
}

/**
 * DISP-19: a small fleet with few casualties waiting gets whole sequences of trips. The best sequence replaces the
 * one-step jobs only when it beats the best continuation of those jobs by more than SEQUENCE_MARGIN expected
 * survivors; null when out of that class, when a search runs out of budget, or when the one-step jobs hold.
 */
function sequencedJobs(view: PlanView, p: OptimalParams, vehicles: PlanVehicle[], pool: PlanCasualty[], oneStep: Job[], divertable: ReadonlySet<string>, searched: Set<Job>, priced: Set<string>, fromSearch: Set<Job>): Job[] | null {
  if (!p.sequence || vehicles.length > p.sequenceMaxVehicles || pool.length === 0 || pool.length > p.sequenceMaxCasualties) return null;
  // Where a vehicle can be lost, its worth to casualties not yet known is a hand-set term (DISP-6) that a search over
  // the known ones would trade away: sequences are searched only while no threat zone is active or to come, unless
  // `sequenceThreats` (measured, not adopted: DISP-19).
  const threats = view.threats.some((t) => t.toMin > view.now);
  // DISP-33 only while no zone closes before the horizon: the search has no move "wait until it closes".
  const closing = view.threats.some((t) => t.toMin > view.now && t.toMin < view.horizonMin);
  // DISP-148 (measured, off): not for a fleet of one that DISP-104's exact plan declined, where the one vehicle lost
  // on a gamble leaves every casualty to come untreated.
  const lone = view.vehicles.length === 1 && p.sequenceSkipsLone;
  if (!p.sequenceThreats && (!p.sequenceFutureWorth || closing || lone) && threats) return null;
  // A fresh context (nothing committed) made only when a search will run: making one reads every casualty.
  const ctx = makeCtx(view, p);
  // DISP-33: under threats the search prices a vehicle's loss by the casualties not yet known.
  const future = threats && p.sequenceFutureWorth ? futureWorth(ctx, vehicles, pool) : undefined;
  let seq = planSequences(ctx, vehicles, pool, p.sequenceBudget, undefined, future);
  if (!seq.exact) return null;
  // DISP-78: a first trip the divert rules refuse is searched again with that vehicle carrying on its leg (without
  // threats: under DISP-33's search it moved generated 1000-44 −0.32 expected critical survivors, 999-36 +0.09).
  const refused = p.sequenceKeepsLegs && !threats ? refusedDiverts(ctx, vehicles, seq.first, divertable) : null;
  if (refused) {
    seq = planSequences(ctx, vehicles, pool, p.sequenceBudget, refused, future, false);
    if (!seq.exact) return null;
  }
  // DISP-96: a low-gain first trip that takes the fleet's only vehicle of its kind away for long: the one-step plan decides.
  const low = lowGainFirst(ctx, seq, refused);
  if (low.size > 0) return p.sequenceLowGainHolds ? oneStep.filter((j) => !low.has(j.vehicleId)) : null;
  const forced = new Map<string, Plan>();
  for (const job of oneStep) {
    const plan = planOfJob(ctx, job);
    if (!plan) return null;
    forced.set(job.vehicleId, plan);
  }
  const kept = planSequences(ctx, vehicles, pool, p.sequenceBudget, forced, future);
  if (!kept.exact) return null;
  // The one-step plan holds, less any trip that adds nothing over leaving its casualties untreated (its tie bonus
  // alone sent it): with a small fleet the vehicle is worth keeping for the casualties still to come.
  // DISP-63: more than the casualties still to come lose while the trip keeps the vehicle busy.
  // DISP-149 (measured, off): nor where a trip it sends now, priced by DISP-33's worth, likely loses its vehicle.
  const gamble = future !== undefined && vehicles.some((v) => sentNow(ctx, v, seq.first.get(v.id)) && seq.first.get(v.id)!.alive < p.sequenceMinThrough);
  if (seq.value <= kept.value + SEQUENCE_MARGIN || gamble) {
    return oneStep.filter((j) => {
      const plan = forced.get(j.vehicleId)!;
      // `no-opening`: the hold is priced by the clock alone, which cannot see a zone that opens while it lasts.
      const opening = view.threats.some((t) => t.fromMin > view.now && t.toMin > t.fromMin);
      const timed = p.timeWorth === 'all' || (p.timeWorth === 'no-threats' && !threats) || (p.timeWorth === 'no-opening' && !opening);
      return worthTrip(ctx, plan, future) > (timed ? timeCost(ctx, plan) : 0) + 1e-9;
    });
  }
  const jobs: Job[] = [];
  for (const v of vehicles) {
    const plan = seq.first.get(v.id);
    if (!sentNow(ctx, v, plan)) continue;
    let job: Job = { vehicleId: v.id, stops: plan.stops, reason: `${describe(plan)}; first trip of the best sequence` };
    if (minorRePlan(ctx, v, plan, divertable)) {
      // DISP-45: carrying on and adding the trip after the leg's pickups, where worth as much as the re-plan.
      if (p.minorRePlanExtends) job = extendRePlan(ctx, () => makeCtx(view, p), job, v);
      searched.add(job);
    }
    if (future && p.sequenceNoUnpricedExtension) priced.add(v.id);
    // DISP-39 where the search runs without threats (under DISP-33 it cost generated 991-12 and 991-21, gained nothing).
    if (!threats) fromSearch.add(job);
    jobs.push(job);
  }
  return jobs;
}

/** A first trip of the search that the round sends: its vehicle idle, setting out now, for casualties reported. */
const sentNow = (ctx: Ctx, v: PlanVehicle, plan: Plan | undefined): plan is Plan => plan !== undefined && v.idle && plan.startMin <= ctx.view.now + 1e-9 && !plan.casualties.some((c) => c.future);

/**
 * DISP-34: a vehicle on its way to minor casualties only that the best sequence sends first to another minor one is
 * re-planned (`sequenceMinorDiverts` times per leg at most, so it cannot dither): DISP-16 diverts only to critical
 * casualties, which kept the one ambulance on a two-hour leg to an RPM-12 casualty through a zone about to open while
 * the search had found the RPM-10 casualties reported since, near and safe, worth more. Only a trip that leaves the
 * whole leg: one that still fetches a casualty of the leg is DISP-23's to weigh.
 */
function minorRePlan(ctx: Ctx, v: PlanVehicle, plan: Plan, divertable: ReadonlySet<string>): boolean {
  if (!divertable.has(v.id) || !v.enRoute || (v.diverted ?? 0) >= ctx.p.sequenceMinorDiverts) return false;
  // DISP-96: not a leg about to reach its pickup, whose progress the search (seeing its last stop) cannot value.
  if (ctx.p.minorDivertNearMin > 0 && v.ifKept?.reach && v.ifKept.reach.atMin - ctx.view.now <= ctx.p.minorDivertNearMin) return false;
  // A trip that still fetches a casualty of the leg is left to DISP-23 (carrying on and adding is the same trip
  // without restarting the leg, which the search cannot see: it sees the vehicle at its last stop).
  if (plan.casualties.some((c) => v.enRoute!.includes(c.id))) return false;
  return !needsSurgery(plan.casualties[0]!.rpm0) && v.enRoute.every((id) => !needsSurgery(ctx.idx.casualty.get(id)?.rpm0 ?? 12));
}

/**
 * DISP-78: the legs of the vehicles on their way whose first trip in the best sequence the round would not send (a
 * re-plan to a minor casualty outside their leg: DISP-16 re-plans only to critical ones, DISP-34 only a leg of minor
 * ones), as the trips that search must fix; null when every first trip can be sent. Without it the search's best
 * sequence could swap a vehicle on its way for a free one (the free one to its casualty, it to a minor one): the swap
 * was refused, the free vehicle's trip with it (its casualty is still the other's), and the free vehicle stayed at
 * its base for an hour while a casualty it could have fetched waited (`fleet` 10053).
 */
function refusedDiverts(ctx: Ctx, vehicles: readonly PlanVehicle[], first: ReadonlyMap<string, Plan>, divertable: ReadonlySet<string>): Map<string, Plan> | null {
  const fixed = new Map<string, Plan>();
  for (const v of vehicles) {
    const plan = first.get(v.id);
    if (!plan || !v.enRoute || !divertable.has(v.id) || plan.casualties.some((c) => v.enRoute!.includes(c.id))) continue;
    if (needsSurgery(plan.casualties[0]!.rpm0) || minorRePlan(ctx, v, plan, divertable)) continue;
    const route = v.enRoute.map((id) => ctx.idx.casualty.get(id));
    const f = ctx.view.facilities.find((x) => v.ifKept && samePos(x.pos, v.ifKept.pos));
    const leg = f && route.every((c) => c !== undefined) ? evaluate(ctx, v, route as PlanCasualty[], f) : null;
    if (!leg) return null;
    fixed.set(v.id, leg);
  }
  return fixed.size > 0 ? fixed : null;
}

/** Survivors a sequence must gain over the one-step plan's own continuation to replace it (DISP-19). */
const SEQUENCE_MARGIN = 0.01;

/** Expected survival a trip adds over its casualties left untreated, net of the table charge and the vehicle's risk. */
function worthTrip(ctx: Ctx, plan: Plan, future?: FutureWorth): number {
  let g = -(future ? futureRisk(ctx, plan, future) : plan.risk);
  for (const c of plan.casualties) g += plan.expected.get(c.id)! - survivalLimit(c.rpm0, ctx.model) - slotCharge(ctx, c, plan.facility);
  return g;
}

/** A job of the shape pickups… then one dropoff, as the value model's plan (null for any other shape). */
function planOfJob(ctx: Ctx, job: Job): Plan | null {
  const v = ctx.view.vehicles.find((x) => x.id === job.vehicleId);
  const last = job.stops[job.stops.length - 1];
  if (!v || !last || last.kind === 'pickup') return null;
  const group = job.stops.flatMap((s) => (s.kind === 'pickup' ? [ctx.idx.casualty.get(s.casualtyId)!] : []));
  const f = last.kind === 'dropoff' ? ctx.idx.facility.get(last.facilityId) : candidateFacilities(ctx, group[0]!).find((x) => ctx.transfers.has(x.id));
  return f ? evaluate(ctx, v, group, f) : null;
}

/**
 * DISP-16: a vehicle on its way to fetch only minor casualties (RPM ≥ 10) may be diverted to a critical one.
 * DISP-20: one on its way to a critical casualty may be re-planned `criticalDiverts` times per leg (so it cannot dither
 * between casualties and never arrive). Every other vehicle on its way carries on and is shown busy until its job ends.
 * DISP-85 (`sunkShare` above 0): nor one on its way to a critical casualty past that share of its approach.
 */
function divertView(view: PlanView, divert: boolean, criticalDiverts: number, own: boolean, sunkShare = 0): { view: PlanView; divertable: Set<string> } {
  if (!view.vehicles.some((v) => v.enRoute)) return { view, divertable: new Set() };
  // The RPMs of the casualties vehicles are on their way to (issue 16: not a map of every open casualty each round).
  const fetched = new Set(view.vehicles.flatMap((v) => v.enRoute ?? []));
  const rpm0 = new Map<string, number>();
  const at = new Map<string, Position>();
  for (const c of view.casualties) if (fetched.has(c.id)) {
    rpm0.set(c.id, c.rpm0);
    at.set(c.id, c.pos);
  }
  const critical = (v: PlanVehicle): boolean => !v.enRoute!.every((id) => !needsSurgery(rpm0.get(id) ?? 0));
  const divertable = new Set(view.vehicles.filter((v) => divert && v.enRoute && (!critical(v) || ((v.diverted ?? 0) < criticalDiverts && !(sunkShare > 0 && sunkLeg(v, (id) => at.get(id)) > sunkShare)))).map((v) => v.id));
  return {
    divertable,
    view: {
      ...view,
      ...(own && divertable.size > 0 ? { facilities: givenBack(view, divertable, rpm0) } : {}),
      vehicles: view.vehicles.map((v) => (v.enRoute && !divertable.has(v.id) ? { ...v, ...v.ifKept!, idle: false, enRoute: undefined, posNow: undefined } : v)),
      casualties: view.casualties.filter((c) => !c.assignedTo || divertable.has(c.assignedTo)),
    },
  };
}

/**
 * DISP-42: a re-plannable job's surgical places are given back to the round. The view counts them in the backlog (the
 * job holds them until it is replaced, SIM-14) and also shows its casualties waiting, so valued again each one queued
 * behind its own place: counted twice. The job's facility is where it ends (`ifKept.pos`). Its beds stay taken: given
 * back too, jobs of other vehicles took them while the vehicle carried on, and the simulator refused those jobs
 * (family 991, 60 × 5: 1,393 jobs not started against 505).
 */
function givenBack(view: PlanView, divertable: ReadonlySet<string>, rpm0: ReadonlyMap<string, number>): PlanFacility[] {
  const surgical = new Map<string, number>();
  for (const v of view.vehicles) {
    if (!divertable.has(v.id) || !v.enRoute || !v.ifKept) continue;
    const at = v.ifKept.pos;
    const f = view.facilities.find((x) => x.surgicalTables > 0 && x.pos.lat === at.lat && x.pos.lon === at.lon);
    if (f) surgical.set(f.id, (surgical.get(f.id) ?? 0) + v.enRoute.filter((id) => needsSurgery(rpm0.get(id) ?? 12)).length);
  }
  if (surgical.size === 0) return view.facilities;
  return view.facilities.map((f) => (surgical.has(f.id) ? { ...f, surgicalBacklog: Math.max(0, f.surgicalBacklog - surgical.get(f.id)!) } : f));
}

/**
 * What the casualties a diverted vehicle leaves lose: fetched now by it, against fetched by it once the new job is
 * done (the wait the state says, not a hand-set delay). A divert must gain more than this.
 */
function abandonedLoss(ctx: Ctx, plan: Plan, fetched: ReadonlySet<string>, criticalOnly = false): number {
  const v = plan.vehicle;
  const wait = Math.max(0, plan.endMin - ctx.view.now);
  const later: Ctx = { ...ctx, p: { ...ctx.p, delayMin: wait } };
  let loss = 0;
  // DISP-57: the vehicle once free again, where the new job ends.
  // Only where a zone that can hit the vehicle opens before it is free again (what the clock-only price cannot see).
  const opens = ctx.view.threats.some((t) => t.fromMin > ctx.view.now && t.fromMin < plan.endMin && t.lossPerKm[v.protection] > 0);
  const free: PlanVehicle | null = ctx.p.leftLaterRisk && opens ? { ...v, pos: plan.facility.pos, freeAt: plan.endMin, idle: false, enRoute: undefined, ifKept: undefined, rangeLeftKm: v.rangeLeftKm === null ? null : Math.max(0, v.rangeLeftKm - plan.km) } : null;
  for (const id of v.enRoute ?? []) {
    if (plan.casualties.some((c) => c.id === id) || fetched.has(id)) continue;
    const c = ctx.idx.casualty.get(id);
    if (criticalOnly && !needsSurgery(c?.rpm0 ?? 12)) continue;
    const alone = c ? bestPlan(later, v, c) : null;
    if (!alone) continue;
    if (!free) {
      loss += Math.max(0, alone.expected.get(id)! - alone.delayed.get(id)!);
      continue;
    }
    // Fetched by it then, through the zones active then (not the trip now shifted by the clock alone), or untreated.
    // Never less than the clock alone takes (a zone that closes meanwhile does not make leaving it cheaper).
    const then = bestPlan(ctx, free, c!);
    const thenSurvival = Math.min(alone.delayed.get(id)!, Math.max(then ? then.expected.get(id)! : 0, survivalLimit(c!.rpm0, ctx.model)));
    loss += Math.max(0, alone.expected.get(id)! - thenSurvival);
  }
  return loss;
}

/**
 * Whether a divert DISP-16's check refused goes on to DISP-23/25 as a job that may not be made as a divert (the vehicle
 * carries on, extends its leg with the casualty, or carries on while a spare vehicle fetches it, whichever scores best).
 * DISP-59: one that only DISP-57's price refuses. DISP-125 (`refusedDivertCarryOn`): any, for a casualty no vehicle is
 * on its way to (else a spare vehicle's job is refused, DISP-49). Without it such a refusal was final for the round:
 * the casualty's only way this round was the one vehicle the check had just refused (held-out 1022-129: c2 matched to
 * ambulance-3 for six rounds while drone-5 stood idle). DISP-123's re-solve found the same casualty a vehicle but
 * through the one-step net over a baseline, and moved the round's other pairs: it gave 1017-42's c7 to an ambulance
 * for 0.015 where carrying on and adding c7 to the refused vehicle's leg added 0.179 (DISP-23, which the re-solve
 * pre-empted). Here the spare's trip is weighed against those options in the casualties' own expected survival.
 * Measured, off: it still lost on the dev families (DISP-25's spare is sent outside the assignment; docs/dispatch.md).
 */
function weighedAfterRefusal(ctx: Ctx, plan: Plan, fetched: ReadonlySet<string>, c: PlanCasualty): boolean {
  return (ctx.p.refusedDivertCarryOn && !c.assignedTo) || pricedOnly(ctx, plan, fetched);
}

/** DISP-59: a divert that only DISP-57's price of the left casualties' later risk refuses (with DISP-59 on). */
function pricedOnly(ctx: Ctx, plan: Plan, fetched: ReadonlySet<string>): boolean {
  const p = ctx.p;
  return p.laterRiskCarryOn && p.leftLaterRisk && plan.gain > abandonedLoss({ ...ctx, p: { ...p, leftLaterRisk: false } }, plan, fetched);
}

/** Loss of a critical casualty below which DISP-109 leaves a re-plan to the all-survivors check (noise of the terms). */
const AT_STAKE = 0.01;

/**
 * DISP-109: a re-plan that leaves a critical casualty of its leg worse off (DISP-16's price: fetched now against once
 * the new job is done) is settled in critical survivors: its minor riders (RPM ≥ 10), which make the job longer and so
 * the critical casualty's wait, stay only where the job with them nets at least as much for the critical casualties
 * (theirs gained less those left lost) as the job with its critical casualties alone; else the round weighs that one
 * (DISP-16's check, DISP-23's carrying on). Held-out 1011-32: at 82.7 the one ambulance, 17 min from c1 (RPM 9), was
 * re-planned to c7 (RPM 8) with c4 and c6 (RPM 11, 10), whose gain carried it; c1 was never fetched. Where no critical
 * casualty is at stake nothing changes (all survivors alike: the clairvoyant yardstick's measure).
 */
function criticalCore(ctx: Ctx, plan: Plan, fetched: ReadonlySet<string>): Plan {
  if (ctx.p.criticalTrade !== 'diverts' && ctx.p.criticalTrade !== 'both') return plan;
  const core = plan.casualties.filter((c) => needsSurgery(c.rpm0));
  if (core.length === plan.casualties.length || core.length === 0) return plan;
  const lost = abandonedLoss(ctx, plan, fetched, true);
  if (lost <= AT_STAKE) return plan;
  let minor = 0;
  for (const c of plan.casualties) if (!needsSurgery(c.rpm0)) minor += plan.expected.get(c.id)! - (ctx.baseline.get(c.id) ?? 0);
  const alone = core.length === 1 ? bestPlan(ctx, plan.vehicle, core[0]!) : evaluate(ctx, plan.vehicle, core, plan.facility);
  if (!alone) return plan;
  return alone.gain - abandonedLoss(ctx, alone, fetched, true) > plan.gain - minor - lost ? alone : plan;
}

/** DISP-109: whether an insertion is charged the alternatives it spends (the round then keeps `ctx.spent`). */
const spendsAlternatives = (p: OptimalParams): boolean => p.criticalTrade === 'insertions' || p.criticalTrade === 'both';

/** Whether the round notes which vehicle's trip each baseline is: read only by DISP-70/71 and DISP-109 (all off). */
const keepsFrom = (p: OptimalParams): boolean => p.freeAlternativeTime !== 'off' || p.ownBaselineLoss || spendsAlternatives(p);

/**
 * Each casualty's baseline before DISP-2's busyOnce assignment: its best alternative, never below being left
 * untreated, which costs no vehicle however risky every trip to it is (DISP-21). Which vehicle's trip it is is read
 * only by DISP-70/71 and DISP-109 (all off), so not kept for every casualty otherwise.
 */
function firstBaselines(ctx: Ctx, cands: readonly PlanCasualty[], vehicles: readonly PlanVehicle[], best: Float64Array, from: Int32Array): number[] {
  const { p, view } = ctx;
  const bases: number[] = new Array<number>(cands.length);
  const keepFrom = keepsFrom(p);
  for (let j = 0; j < cands.length; j++) {
    const b = best[j]!;
    bases[j] = p.untreatedFloor ? Math.max(Number.isFinite(b) ? b : 0, survivalLimit(cands[j]!.rpm0, view.model)) : Number.isFinite(b) ? b : 0;
    if (keepFrom && from[j]! >= 0 && bases[j] === b) ctx.baselineFrom.set(cands[j]!.id, vehicles[from[j]!]!.id);
  }
  return bases;
}

/**
 * DISP-109: the casualties whose baseline is a busy vehicle's trip — the one DISP-2's busyOnce assignment gave them
 * once it is free (their baseline raised above their best alternative), or its trip `delayMin` later as their best —
 * with the baseline it made and their best alternative without it: what an insertion that frees the vehicle later spends.
 */
function noteSpent(ctx: Ctx, mat: Matrix, vehicles: readonly PlanVehicle[], cands: readonly PlanCasualty[], bases: readonly number[], best: Float64Array, shared: (j: number) => boolean): void {
  const row = new Map(vehicles.map((v, i) => [v.id, i]));
  for (let j = 0; j < cands.length; j++) {
    const c = cands[j]!;
    const i = row.get(ctx.baselineFrom.get(c.id) ?? '');
    if (i === undefined) continue;
    const floor = survivalLimit(c.rpm0, ctx.view.model);
    const first = ctx.p.untreatedFloor ? Math.max(Number.isFinite(best[j]!) ? best[j]! : 0, floor) : Number.isFinite(best[j]!) ? best[j]! : 0;
    const assigned = bases[j]! > first;
    if (!assigned && vehicles[i]!.idle) continue;
    ctx.spent.set(c.id, { vehicle: vehicles[i]!.id, base: bases[j]!, fallback: alternativeWithout(mat, vehicles, i, j, shared(j), assigned ? first : floor), delayed: !assigned && shared(j) });
  }
}

/**
 * DISP-109: casualty j's best alternative without row `without` (a busy vehicle the assignment gave it): the other
 * rows' trips as `alternatives` values them (a later trip `delayMin` on, or a busy one's once free), never below `floor`.
 */
function alternativeWithout(m: Matrix, vehicles: readonly PlanVehicle[], without: number, j: number, shared: boolean, floor: number): number {
  let best = -Infinity;
  const { C, has, expected, delayed, risk } = m;
  for (let i = 0; i < m.rows; i++) {
    const k = i * C + j;
    if (i === without || !has[k]) continue;
    best = Math.max(best, (vehicles[i]!.idle || shared ? delayed[k]! : expected[k]!) - risk[k]!);
  }
  return Number.isFinite(best) ? best : floor;
}

/** Free vehicles a dropped divert's casualty is offered to, best value first (each costs a plan). */
const SPARE_FOR_DROPPED = 3;

/**
 * DISP-56: the assignment gave a casualty to a vehicle on its way and DISP-16's check dropped that divert (the leg's
 * casualties lose more than it gains), so the casualty had no vehicle this round, though a free one the assignment
 * left without a job (matched to nothing) could fetch it; DISP-23 then added it to the leg under way behind the
 * others, or it waited a round. The best of those free vehicles in its column of the value matrix (re-valued with the
 * round's commitments) fetches it when that gains over its baseline. Found on generated 994-161 (29 ambulances: at
 * minute 40.8 an RPM-9 casualty went on the leg to an RPM-11 one and was picked up 12 min later than by its own car).
 */
function spareForDropped(ctx: Ctx, vehicles: readonly PlanVehicle[], c: PlanCasualty, j: number, C: number, has: Uint8Array, net: (i: number, j: number) => number, reserved: ReadonlySet<string>, divertable: ReadonlySet<string>): Plan | null {
  const free: { i: number; g: number }[] = [];
  for (let i = 0; i < vehicles.length; i++) {
    const v = vehicles[i]!;
    if (!has[i * C + j] || !v.idle || v.enRoute || divertable.has(v.id) || reserved.has(v.id)) continue;
    const g = net(i, j);
    if (g > 0) free.push({ i, g });
  }
  free.sort((a, b) => b.g - a.g);
  let best: Plan | null = null;
  for (const { i } of free.slice(0, SPARE_FOR_DROPPED)) {
    const plan = bestPlan(ctx, vehicles[i]!, c);
    if (plan && plan.gain > 0 && (!best || plan.gain > best.gain)) best = plan;
  }
  return best;
}

/**
 * Jobs of divertable vehicles are kept only when they go first to a critical casualty (else the vehicle carries on);
 * a casualty a vehicle is still coming for is left to it; diverted vehicles start first, so that a casualty one of
 * them leaves can be taken by another in the same round.
 */
function divertsFirst(view: PlanView, jobs: Job[], divertable: Set<string>, extended: ReadonlySet<Job>): Job[] {
  const byId = new Map(view.casualties.map((c) => [c.id, c]));
  const first = (j: Job): PlanCasualty | undefined => {
    const s = j.stops[0];
    return s?.kind === 'pickup' ? byId.get(s.casualtyId) : undefined;
  };
  const diverted = jobs.filter((j) => divertable.has(j.vehicleId) && needsSurgery(first(j)?.rpm0 ?? 12) && first(j)?.assignedTo !== j.vehicleId);
  const moving = new Set(diverted.map((j) => j.vehicleId));
  const others = jobs.filter((j) => !divertable.has(j.vehicleId) && j.stops.every((s) => s.kind !== 'pickup' || !byId.get(s.casualtyId)?.assignedTo || moving.has(byId.get(s.casualtyId)!.assignedTo!)));
  // DISP-23: a vehicle that carries on and adds a pickup keeps its leg (SIM-15).
  return [...diverted, ...jobs.filter((j) => extended.has(j)), ...others];
}

/** The casualties' latitudes in one array: a plain loop (`Float64Array.from` with a map function iterates the list
 * through the iterator protocol, 7 % of a plan after one write at 10,000 casualties: issue 16). */
function latitudes(cs: readonly PlanCasualty[]): Float64Array {
  const out = new Float64Array(cs.length);
  for (let j = 0; j < cs.length; j++) out[j] = cs[j]!.pos.lat;
  return out;
}

/** Add nearby waiting casualties to a job while the total value grows and the vehicle has room. */
function grow(ctx: Ctx, plan: Plan, pool: PlanCasualty[], lats: Float64Array, taken: Set<string>, soloGain: (j: number) => number): Plan {
  let cur = plan;
  if (cur.vehicle.litter + cur.vehicle.seated < 2 || ctx.transfers.has(cur.facility.id)) return cur;
  const first = cur.casualties[0]!;
  // Neighbours of the first casualty within a short detour, nearest first.
  const near = nearest(pool, lats, first, taken, ctx.p.joinCandidates);
  for (;;) {
    const v = cur.vehicle;
    const litter = cur.casualties.filter((c) => c.litter).length;
    let best: Plan | null = null;
    for (const j of near) {
      const c = pool[j]!;
      if (cur.casualties.includes(c) || taken.has(c.id) || !fits(v, litter + (c.litter ? 1 : 0), cur.casualties.length + 1)) continue;
      if ((ctx.beds.get(cur.facility.id) ?? 0) < cur.casualties.length + 1) break;
      if (!definitiveFor(c, cur.facility) && !(cur.facility.role === 'R1' && !c.facilityId)) continue;
      const solo = Math.max(0, soloGain(j));
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

/**
 * The places in `pool` of the k casualties nearest to `first`, nearest first, ties in pool order (a stable sort's
 * first k, in one pass). `lats`: the pool's latitudes, read from one array (issue 16).
 */
function nearest(pool: readonly PlanCasualty[], lats: Float64Array, first: PlanCasualty, taken: Set<string>, k: number): number[] {
  const near: { j: number; d: number }[] = [];
  // A casualty further north or south than the k-th nearest is by latitude alone cannot be nearer (the great-circle
  // distance is at least the arc of the difference in latitude): skipped without the haversine (issue 16).
  const lat = first.pos.lat;
  for (let j = 0; j < pool.length; j++) {
    if (near.length >= k && Math.abs(lats[j]! - lat) * KM_PER_DEGREE_LAT * (1 - 1e-9) - 1e-9 > near[near.length - 1]!.d) continue;
    const c = pool[j]!;
    if (c === first) continue;
    const d = haversineKm(first.pos, c.pos);
    if (near.length >= k && !(d < near[near.length - 1]!.d)) continue;
    // Asked only of those that would be kept (a casualty taken is skipped either way; issue 16: a set probe per
    // casualty in the band was a third of this search).
    if (taken.has(c.id)) continue;
    let at = near.length;
    while (at > 0 && d < near[at - 1]!.d) at--;
    near.splice(at, 0, { j, d });
    if (near.length > k) near.pop();
  }
  return near.map((x) => x.j);
}

function commit(ctx: Ctx, plan: Plan): void {
  const f = plan.facility;
  if (ctx.transfers.has(f.id)) return;
  ctx.beds.set(f.id, (ctx.beds.get(f.id) ?? 0) - plan.casualties.length);
  takeSlots(ctx, plan);
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
/** Today's optimiser frozen for comparison (DISP-15). */
export const optimalV1Policy: Policy = makeOptimalPolicy(OPTIMAL_V1_PARAMS, 'optimal-v1');
