// DISP-84 and DISP-85 (measured, not adopted; `sunkLegShare` 0): a vehicle far into its approach to a critical casualty
// is not re-planned.
//
// SIM-14 shows a vehicle on its way at its last stop, and a re-plan restarts its leg from there: the approach already
// driven is thrown away. The planner prices that, yet under threats its worth of the vehicle can still favour a new
// report that looks safer (generated 1003-29: at 62.3 an ambulance two thirds of the way to its casualties beyond a
// front band was re-planned to one reported 47 km from its base, picked up 101 min later at 0.07–0.15, where carrying
// on delivers an RPM-9 casualty at 0.56). DISP-85 (`divertView`, policy.ts) shows such a vehicle busy past the share;
// DISP-84 (`sunkLegLater`) drops only a re-plan past the share that reaches its new first casualty no sooner than
// carrying on reaches the vehicle's own.
import { haversineKm } from '../../core/geo-math.ts';
import type { Position } from '../../core/index.ts';
import { feasibleTimeline, indexView } from '../common.ts';
import { needsSurgery } from '../survival.ts';
import type { Job, PlanVehicle, PlanView } from '../types.ts';

/**
 * The share of the way from its last stop to its first pickup a vehicle on its way has driven (straight-line km; 0
 * where the view does not say where it is).
 */
export function sunkLeg(v: PlanVehicle, at: (id: string) => Position | undefined): number {
  const to = at(v.enRoute?.[0] ?? '');
  if (!v.posNow || !to) return 0;
  const done = haversineKm(v.pos, v.posNow);
  const left = haversineKm(v.posNow, to);
  return done + left > 0 ? done / (done + left) : 0;
}

/**
 * DISP-84: the round's jobs less each re-plan (a first pickup not on the vehicle's leg) of a vehicle past `share` of
 * its approach to a critical casualty that reaches its new first casualty no sooner than carrying on reaches its own
 * (legs for minor casualties only are DISP-16's, left alone).
 */
export function keepSunkLegs(view: PlanView, jobs: Job[], share: number): Job[] {
  const pos = new Map(view.casualties.map((c) => [c.id, c.pos] as const));
  const rpm0 = new Map(view.casualties.map((c) => [c.id, c.rpm0] as const));
  const critical = (v: PlanVehicle): boolean => v.enRoute!.some((id) => needsSurgery(rpm0.get(id) ?? 0));
  let idx: ReturnType<typeof indexView> | null = null;
  return jobs.filter((j) => {
    const v = view.vehicles.find((x) => x.id === j.vehicleId);
    const first = j.stops[0];
    if (!v?.enRoute || !v.ifKept?.reach || first?.kind !== 'pickup' || v.enRoute.includes(first.casualtyId) || !critical(v)) return true;
    if (sunkLeg(v, (id) => pos.get(id)) <= share) return true;
    const tl = feasibleTimeline(view, (idx ??= indexView(view)), v, j.stops);
    const leg = tl?.legs[0];
    return !leg || leg.arriveMin < v.ifKept.reach.atMin;
  });
}
