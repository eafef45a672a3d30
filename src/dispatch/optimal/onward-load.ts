// DISP-72: when each vehicle is free for an onward leg from a stabilising stop once the fleet has served the critical
// casualties already waiting (first come, first served), instead of the nearest vehicle's arrival alone.
import type { Position } from '../../core/index.ts';
import { definitiveFor, fits, travelMin } from '../common.ts';
import { STEP_MIN, needsSurgery, survivalAt, survivalLimit } from '../survival.ts';
import type { PlanView } from '../types.ts';
import type { OptimalParams } from './params.ts';

/** Survival care must still be able to add for a waiting casualty to take a vehicle's time in the schedule. */
const SAVABLE = 0.02;

export interface FreeAt {
  /** Minute the vehicle is free after the trips the schedule gave it. */
  t: number;
  /** Where it is then. */
  pos: Position;
}

/**
 * A greedy schedule of the critical casualties waiting now (in the field or at a stabilising stop), in the order they
 * were injured: each is fetched by the vehicle that reaches it first and taken to its nearest definitive facility. An
 * onward leg asked for now comes after them: DISP-7's nearest vehicle may be the one they need. One entry per view
 * vehicle, in order. `ifKept`: with DISP-73, vehicles on their way start from `ifKept` and their pickups are theirs.
 */
/**
 * DISP-73: where and when each vehicle is free for an onward leg: a vehicle on its way to a pickup (SIM-14 shows it
 * free now at its last stop, for re-planning) once the job it is on is done (`ifKept`), as a busy one is.
 */
export function fleetIfKept(view: PlanView): FreeAt[] {
  return view.vehicles.map((v) => (v.ifKept ? { t: Math.max(view.now, v.ifKept.freeAt), pos: v.ifKept.pos } : { t: Math.max(view.now, v.freeAt), pos: v.pos }));
}

export function fleetAfterDemand(view: PlanView, ifKept = false): FreeAt[] {
  const tort = view.travel.tortuosity;
  // With DISP-73 too: a vehicle on its way starts once its job is done, and the casualties it fetches are its job.
  const free = ifKept ? fleetIfKept(view) : view.vehicles.map((v) => ({ t: Math.max(view.now, v.freeAt), pos: v.pos }));
  // Only those care can still help: a casualty whose clock has settled is not fetched (DISP-40, SIM-16).
  const savable = (c: PlanView['casualties'][number]): boolean => survivalAt(c.rpm0, c.tau, view.model) - survivalLimit(c.rpm0, view.model) > SAVABLE;
  const demand = view.casualties.filter((c) => !c.future && needsSurgery(c.rpm0) && savable(c) && !(ifKept && c.assignedTo)).sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : 1));
  const definitive = view.facilities.filter((f) => f.open?.length !== 0 && f.role !== 'R1' && f.surgicalTables > 0);
  for (const c of demand) {
    let best = -1;
    let reach = Infinity;
    view.vehicles.forEach((v, i) => {
      if (!fits(v, c.litter ? 1 : 0, 1)) return;
      const a = free[i]!.t + travelMin(v, free[i]!.pos, c.pos, tort);
      if (a < reach) [best, reach] = [i, a];
    });
    if (best < 0) continue;
    const v = view.vehicles[best]!;
    let to: { t: number; pos: Position } | null = null;
    for (const f of definitive) {
      if (!definitiveFor(c, f)) continue;
      const t = travelMin(v, c.pos, f.pos, tort);
      if (!to || t < to.t) to = { t, pos: f.pos };
    }
    if (!to) continue;
    free[best] = { t: reach + view.travel.loadMin + to.t + view.travel.unloadMin, pos: to.pos };
  }
  return free;
}

/** DISP-119's forms: which of the critical casualties waiting a lone vehicle fetches before it comes back to a stop. */
export type NarrowForm = OptimalParams['onwardLoadNarrow'];

/** Survival a waiting casualty loses over the next deterioration step (STEP_MIN wall minutes) at clock rate `rate`. */
function stepLoss(view: PlanView, c: PlanView['casualties'][number], rate: number): number {
  return survivalAt(c.rpm0, c.tau, view.model) - survivalAt(c.rpm0, c.tau + rate * STEP_MIN, view.model);
}

/**
 * DISP-119: DISP-118 narrowed. With one vehicle, a stabilising stop f's onward vehicle is the vehicle itself once it
 * has served the critical casualties it would fetch before coming back to f; DISP-118 counts every one waiting, so with
 * 45 waiting (1012-47) the onward leg came after all of them and every stop looked worthless. The schedule is DISP-72's
 * (injury order, each to its nearest definitive facility); the forms differ in which casualties it keeps:
 * - `queue`: only those already at a stop: stabilised like the stop's casualty and there first, their onward legs are
 *   owed first; a casualty in the field is weighed against the stop's casualty by the rounds themselves.
 * - `stake`: those at a stop, and those in the field whose survival falls faster over the next step than the median
 *   waiting critical casualty's would at a stop (more at stake than a stabilised casualty); slower ones wait behind.
 * - `swap`: the exchange argument for one server: fetching W first delays the stop's casualty by W's trip at the
 *   stabilised rate, coming back first delays W by the onward leg at W's rate; with stakes taken alike W goes first
 *   only where clockStabilised × trip(W) < rate(W) × onward leg, both from where the vehicle is in the schedule.
 * One estimate per stop, not per casualty: the score memo keys a value by its facility's onward leg (`facilityKey`).
 */
export function loneAfterDemand(view: PlanView, f: PlanView['facilities'][number], form: Exclude<NarrowForm, 'off'>, ifKept = false): FreeAt[] {
  const tort = view.travel.tortuosity;
  const v = view.vehicles[0]!;
  const m = view.model;
  let free = (ifKept ? fleetIfKept(view) : [{ t: Math.max(view.now, v.freeAt), pos: v.pos }])[0]!;
  const savable = (c: PlanView['casualties'][number]): boolean => survivalAt(c.rpm0, c.tau, m) - survivalLimit(c.rpm0, m) > SAVABLE;
  const waiting = view.casualties.filter((c) => !c.future && needsSurgery(c.rpm0) && savable(c) && !(ifKept && c.assignedTo) && fits(v, c.litter ? 1 : 0, 1));
  const demand = waiting.sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : 1));
  const definitive = view.facilities.filter((g) => g.open?.length !== 0 && g.role !== 'R1' && g.surgicalTables > 0);
  // The nearest definitive facility from a place (for casualty c: one that treats it); null where there is none.
  const nearestFrom = (c: PlanView['casualties'][number] | null, pos: Position): { t: number; pos: Position } | null => {
    let to: { t: number; pos: Position } | null = null;
    for (const g of definitive) {
      if (c && !definitiveFor(c, g)) continue;
      const t = travelMin(v, pos, g.pos, tort);
      if (!to || t < to.t) to = { t, pos: g.pos };
    }
    return to;
  };
  const fromStop = nearestFrom(null, f.pos);
  const { loadMin, unloadMin } = view.travel;
  // `stake`: the median loss over a step of the casualties waiting, were they stabilised.
  const losses = form === 'stake' ? demand.map((c) => stepLoss(view, c, m.clockStabilised)).sort((a, b) => a - b) : [];
  const ref = losses.length > 0 ? losses[Math.floor(losses.length / 2)]! : 0;
  for (const c of demand) {
    if (form === 'queue' && !c.facilityId) continue;
    if (form === 'stake' && !c.facilityId && stepLoss(view, c, c.rate) <= ref) continue;
    const reach = free.t + travelMin(v, free.pos, c.pos, tort);
    const to = nearestFrom(c, c.pos);
    if (!to) continue;
    const end = reach + loadMin + to.t + unloadMin;
    if (form === 'swap' && fromStop) {
      const onward = travelMin(v, free.pos, f.pos, tort) + loadMin + fromStop.t + unloadMin;
      if (m.clockStabilised * (end - free.t) >= c.rate * onward) continue;
    }
    free = { t: end, pos: to.pos };
  }
  return [free];
}
