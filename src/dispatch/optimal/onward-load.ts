// DISP-72: when each vehicle is free for an onward leg from a stabilising stop once the fleet has served the critical
// casualties already waiting (first come, first served), instead of the nearest vehicle's arrival alone.
import type { Position } from '../../core/index.ts';
import { definitiveFor, fits, travelMin } from '../common.ts';
import { needsSurgery, survivalAt, survivalLimit } from '../survival.ts';
import type { PlanView } from '../types.ts';

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
