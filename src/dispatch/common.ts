// Helpers shared by the policies: feasibility of a job against the planner's view, and small geometry caches.
import type { Position } from '../core/index.ts';
import { needsSurgery } from './survival.ts';
import { legKm, legMinutes } from './travel.ts';
import { jobTimeline } from './timeline.ts';
import type { Timeline } from './timeline.ts';
import { inWindows } from './types.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView, Stop } from './types.ts';

export interface Index {
  casualty: Map<string, PlanCasualty>;
  facility: Map<string, PlanFacility>;
}

export function indexView(view: PlanView): Index {
  // Set one by one, in order (a repeated id: its last casualty, as the constructor has it), without a pair array per
  // casualty (issue 16: made every plan for every open casualty).
  const casualty = new Map<string, PlanCasualty>();
  for (const c of view.casualties) casualty.set(c.id, c);
  return {
    casualty,
    facility: new Map(view.facilities.map((f) => [f.id, f])),
  };
}

/** Can this vehicle carry this set of casualties at once? */
export function fits(v: PlanVehicle, litter: number, total: number): boolean {
  return litter <= v.litter && total <= v.litter + v.seated;
}

/**
 * The timeline of a job if the simulator would accept it: vehicle available for its whole span, each facility open
 * from arrival to the end of unloading, range (out and back) respected. Beds are the caller's business.
 */
export function feasibleTimeline(view: PlanView, idx: Index, v: PlanVehicle, stops: readonly Stop[], startMin = view.now): Timeline | null {
  const tl = jobTimeline(
    v,
    stops,
    startMin,
    view.travel,
    (id) => idx.casualty.get(id)!.pos,
    (id) => idx.facility.get(id)!.pos,
  );
  if (!inWindows(v.available, startMin, tl.endMin)) return null;
  if (v.rangeLeftKm !== null) {
    const back = samePos(tl.endPos, v.basePos) ? 0 : legKm(tl.endPos, v.basePos, v, view.travel.tortuosity);
    if (tl.km + back > v.rangeLeftKm + 1e-6) return null;
  }
  for (const leg of tl.legs) {
    const s = stops[leg.stopIndex]!;
    if (s.kind === 'dropoff' && !inWindows(idx.facility.get(s.facilityId)!.open, leg.arriveMin, leg.doneMin)) return null;
  }
  return tl;
}

export function samePos(a: Position, b: Position): boolean {
  return a === b || (a.lat === b.lat && a.lon === b.lon);
}

/** Facilities that end the chain for this casualty (R2/R3 with tables for RPM ≤ 9; any facility otherwise). */
export function definitiveFor(c: PlanCasualty, f: PlanFacility): boolean {
  return needsSurgery(c.rpm0) ? f.role !== 'R1' && f.surgicalTables > 0 : true;
}

export function travelMin(v: PlanVehicle, a: Position, b: Position, tortuosity: number): number {
  return legMinutes(legKm(a, b, v, tortuosity), v.speedKmh);
}

/** Vehicles that can take a job now. */
export function idleVehicles(view: PlanView): PlanVehicle[] {
  return view.vehicles.filter((v) => v.idle && inWindows(v.available, view.now, view.now));
}
