// DISP-82 (measured, not adopted; `loneMinThrough` 0): the one vehicle of a fleet of one is not sent on a job it would most likely not come back from.
//
// DISP-28 and DISP-33 price the one vehicle by trips like those open now (G · (1 − (1 − p)^k) / p). When every trip
// open crosses a deadly zone (a burst inside it), p is near 1 and the vehicle is priced at about one such trip: the
// hopeless trip then only has to break even against itself, and the vehicle is sent and lost, leaving every later
// casualty untreated — though those come over the hours from other places, and a trip out of the zone's way would
// have earned on them (generated 1002-77). A dispatcher does not send the only vehicle on a job it gets through less
// than half the time (`careful`, DISP-13); here the same limit holds for the one vehicle only, and the SIM-11
// fallback still sends it once nothing else is to come.
import { feasibleTimeline, indexView } from '../common.ts';
import { legExposure, survivalOfLeg } from '../travel.ts';
import type { Job, PlanView } from '../types.ts';

/** The job's chance of getting through every leg (1 with no threats; null when its timeline is infeasible). */
export function jobThrough(view: PlanView, job: Job): number | null {
  const v = view.vehicles.find((x) => x.id === job.vehicleId);
  if (!v) return null;
  const tl = feasibleTimeline(view, indexView(view), v, job.stops);
  if (!tl) return null;
  let q = 1;
  for (const leg of tl.legs) q *= survivalOfLeg(legExposure(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, view.threats, v.protection));
  return q;
}

/**
 * DISP-82's limit for this round: `always` where above 0; else DISP-141's `closing` while a zone active or to come closes
 * before the horizon (waiting for it to close is then a real alternative, which no plan of a lone vehicle weighs).
 */
export function loneLimit(view: PlanView, always: number, closing: number): number {
  if (always > 0) return always;
  return closing > 0 && view.threats.some((t) => t.toMin > view.now && t.toMin < view.horizonMin) ? closing : 0;
}

/** The jobs less the one vehicle's if it gets through them with a chance below `min` (a fleet of one, under threats). */
export function loneGate(view: PlanView, jobs: Job[], min: number): Job[] {
  if (view.vehicles.length !== 1 || view.threats.length === 0 || jobs.length === 0) return jobs;
  return jobs.filter((j) => (jobThrough(view, j) ?? 1) >= min);
}
