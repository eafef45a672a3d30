// Seeded, deterministic discrete-event simulator of casualty evacuation (docs/scenario.md).
// Pure: takes a parsed scenario and a policy, returns the trace and per-casualty records.
//
// Readings of the spec where it leaves room are numbered SIM-n in docs/dispatch.md (the independent trace checker in
// test/trace-checker follows the same ones). The state is one record (state.ts); world.ts builds it, vehicles.ts and
// facilities.ts change it, view.ts shows it to the policy; this file is the event loop.
import { haversineKm } from '../core/index.ts';
import { needsSurgery, settleClock, survivalAt, survivalLimit, triageOf } from '../dispatch/survival.ts';
import type { PlanCasualty, PlanView, Policy, Window } from '../dispatch/types.ts';
import { inWindows } from '../dispatch/types.ts';
import { closestPolicy } from '../dispatch/policies.ts';
import { legKm, legMinutes } from '../dispatch/travel.ts';
import { onSurgeryEnd } from './facilities.ts';
import type { Scenario } from './scenario.ts';
import { advance, decide, emit, toPair } from './state.ts';
import type { SimEvent, SimOptions, SimResult, SimState } from './state.ts';
import { buildView } from './view.ts';
import { carriesAboard, divertable, onArrive, onLost, onStopDone, startJob } from './vehicles.ts';
import { createState } from './world.ts';

export type { CasualtyRecord, SimOptions, SimResult, TraceEvent, VehicleRecord } from './state.ts';
export { drawArrivals, resolveModel, scenarioThreats } from './world.ts';

export function simulate(scenario: Scenario, policy: Policy, opts: SimOptions = {}): SimResult {
  const s = createState(scenario, policy, opts);
  runEvents(s);
  return results(s);
}

/**
 * The event loop: events in time order, one planning round per instant (SIM-11), until nothing is left — or until
 * `stop` says so after a round (a rollout that only follows the casualties it scores).
 */
export function runEvents(s: SimState, stop?: (s: SimState) => boolean): void {
  for (;;) {
    const e = s.heap.pop();
    if (!e) {
      // Nothing scheduled: let the policy act; if it holds back, fall back to plain dispatch (SIM-11); else the rest
      // are untreated (SIM-7).
      if (plan(s, false) > 0 || plan(s, true) > 0) continue;
      settleUnreachable(s);
      return;
    }
    s.now = e.t;
    handle(s, e);
    // One planning round per instant, after every event of that instant (SIM-11).
    const next = s.heap.peek();
    if (next && next.t <= s.now) continue;
    plan(s, false);
    if (stop?.(s)) return;
  }
}

function handle(s: SimState, e: SimEvent): void {
  switch (e.type) {
    case 'appear':
      appear(s, e.casualty);
      break;
    case 'arrive': {
      const v = s.vehicles.get(e.vehicle)!;
      if (!v.lost && e.epoch === v.epoch) onArrive(s, v, s.now);
      break;
    }
    case 'stop-done': {
      const v = s.vehicles.get(e.vehicle)!;
      if (!v.lost) onStopDone(s, v, s.now);
      break;
    }
    case 'lost': {
      const v = s.vehicles.get(e.vehicle)!;
      if (e.epoch === v.epoch) onLost(s, v, s.now, e.km);
      break;
    }
    case 'surgery-end':
      onSurgeryEnd(s, s.facilities.get(e.facility)!, s.now);
      break;
    case 'tick':
      break;
    case 'free': {
      const v = s.vehicles.get(e.vehicle)!;
      if (v.job?.stops.length === 0) v.job = null;
      break;
    }
  }
}

function appear(s: SimState, id: string): void {
  const c = s.casualties.get(id)!;
  c.status = 'waiting';
  s.appeared++;
  s.recent.push({ pos: c.pos, rpm0: c.rpm, atMin: c.atMin });
  emit(
    s,
    c.fromArrivals
      ? { t: s.now, event: 'casualty', casualty: c.id, pos: toPair(c.pos), rpm: c.rpm, litter: c.litter }
      : { t: s.now, event: 'casualty', casualty: c.id },
  );
}

/** A planning round: the policy's jobs (or closest's, as the fallback) started in order; the number started. */
function plan(s: SimState, fallback: boolean): number {
  const anyWaiting = [...s.casualties.values()].some((c) => c.status === 'waiting');
  const divert = !fallback && s.policy.divert === true;
  const aboard = !fallback && s.policy.addAboard === true;
  const anyIdle = [...s.vehicles.values()].some((v) => !v.lost && (!v.job || (divert && divertable(v)) || (aboard && carriesAboard(v))) && inWindows(v.available, s.now, s.now));
  if (!anyWaiting || !anyIdle) return 0;
  const view = fallback ? helpable(s, buildView(s, divert)) : buildView(s, divert, aboard);
  const jobs = (fallback ? closestPolicy.plan(view) : s.policy.plan(view)).filter((j) => j.stops.every((st) => st.kind !== 'pickup' || !view.casualties.find((c) => c.id === st.casualtyId)?.future));
  let started = 0;
  for (const j of jobs) if (startJob(s, j)) started++;
  return started;
}

/**
 * SIM-16: the fallback (SIM-11) plans only for casualties care can still help. One whose untreated deterioration has
 * settled gets its limit whether fetched or not (definitive care keeps the survival it has reached), so a trip for it
 * can only lose the vehicle with it aboard: the policy that held every vehicle back is not overruled for it, and it
 * is left untreated (SIM-7). SIM-17: the same for one whose clock settles before it can reach definitive care.
 */
function helpable(s: SimState, view: PlanView): PlanView {
  return { ...view, casualties: view.casualties.filter((c) => c.future || earliestCareClock(view, c) < settleClock(c.rpm0, s.model)) };
}

/**
 * SIM-17: a lower bound of a casualty's clock when it reaches definitive care (surgery for RPM ≤ 9, else its dropoff):
 * it waits at its rate until the first vehicle free now reaches it and is loaded, then travels at least the straight
 * line to the nearest facility that can give that care at the fleet's top speed, unloading included, its clock
 * running no slower than the slowest rate anywhere (aboard, at a stabilising stop).
 */
function earliestCareClock(view: PlanView, c: PlanCasualty): number {
  const { travel, model } = view;
  let reach = Infinity;
  let top = 0;
  for (const v of view.vehicles) {
    top = Math.max(top, v.speedKmh);
    if (v.idle && inWindows(v.available, view.now, view.now)) reach = Math.min(reach, legMinutes(legKm(v.pos, c.pos, v, travel.tortuosity), v.speedKmh));
  }
  if (reach === Infinity) return c.tau;
  let km = Infinity;
  for (const f of view.facilities) if (!needsSurgery(c.rpm0) || (f.role !== 'R1' && f.surgicalTables > 0)) km = Math.min(km, haversineKm(c.pos, f.pos));
  const slowest = Math.min(1, model.clockWithMedic, model.clockStabilised);
  const onward = km === Infinity ? 0 : slowest * (legMinutes(km, top) + travel.unloadMin);
  return c.tau + c.rate * (reach + travel.loadMin) + onward;
}

/**
 * Nothing can reach them any more: they never get definitive care, so their deterioration runs its course. The
 * outcomes are written together at the first time every such clock has settled, so that the survival written is both
 * the limit and the survival of the clock at the outcome's `t` (SIM-7).
 */
function settleUnreachable(s: SimState): void {
  const { model, now } = s;
  const left = [...s.casualties.values()].filter((c) => c.status !== 'done' && c.status !== 'pending');
  let tEnd = now;
  for (const c of left) {
    advance(c, now);
    if (c.rate > 0) tEnd = Math.max(tEnd, now + Math.max(0, settleClock(c.rpm, model) - c.tau) / c.rate);
  }
  for (const c of left) {
    advance(c, tEnd);
    c.untreated = true;
    if (c.status === 'waiting' && c.facilityId) s.facilities.get(c.facilityId)!.occupied--;
    decide(s, c, tEnd, c.rate > 0 ? survivalLimit(c.rpm, model) : survivalAt(c.rpm, c.tau, model));
  }
}

function results(s: SimState): SimResult {
  const endMin = s.now;
  return {
    scenario: s.scenario.name,
    policy: s.policy.name,
    seed: s.seed,
    endMin,
    trace: s.trace,
    casualties: [...s.casualties.values()].map((c) => ({
      id: c.id,
      atMin: c.atMin,
      rpm: c.rpm,
      triage: triageOf(c.rpm),
      litter: c.litter,
      fromArrivals: c.fromArrivals,
      pickupAt: c.pickupAt,
      facilityAt: c.facilityAt,
      surgeryAt: c.surgeryAt,
      outcomeAt: c.outcomeAt!,
      survival: c.survival!,
      lostWithVehicle: c.lostWithVehicle,
      untreated: c.untreated,
    })),
    vehicles: [...s.vehicles.values()].map((v) => ({
      id: v.id,
      kind: v.kind,
      lost: v.lost,
      lostAt: v.lostAt,
      busyMin: v.busyMin,
      availableMin: availableMinutes(v.available, 0, v.lostAt ?? endMin),
      km: v.km,
      threatKm: v.threatKm,
    })),
  };
}

function availableMinutes(windows: readonly Window[] | null, from: number, to: number): number {
  if (!windows) return Math.max(0, to - from);
  let sum = 0;
  for (const [a, b] of windows) sum += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return sum;
}
