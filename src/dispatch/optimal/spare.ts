// DISP-25: a vehicle the round leaves free is an alternative to a divert. When the one-step plan diverts a vehicle on
// its way (SIM-14) to a casualty, DISP-23 weighs the divert against carrying on, valuing the casualty the vehicle then
// does not fetch as fetched by the same vehicle once it is free again; but a vehicle the round gives no job may fetch it
// now. Found on the tuning traces: an ambulance on its way to a critical casualty had a second critical one added to
// its leg (20 min more for the first, to a farther hospital) while another ambulance stood free at its base.
import { haversineKm } from '../../core/geo-math.ts';
import { inWindows } from '../types.ts';
import type { Job, PlanCasualty, PlanVehicle } from '../types.ts';
import type { Ctx, Plan } from './context-types.ts';
import { bestPlan, slotCharge } from './value.ts';

/** Free vehicles looked at per casualty, nearest first (the divert's casualty is one; each costs a plan). */
const SPARE_LOOKED_AT = 3;

/** A free vehicle's trip for a casualty and its worth (expected survival less the vehicle's risk and table charge). */
export interface SpareTrip {
  plan: Plan;
  worth: number;
}

/** Vehicles free now that no job of the round takes (not on their way anywhere). */
export function spareVehicles(ctx: Ctx, jobs: readonly Job[]): PlanVehicle[] {
  const busy = new Set(jobs.map((j) => j.vehicleId));
  return ctx.view.vehicles.filter((v) => v.idle && !v.enRoute && !busy.has(v.id) && inWindows(v.available, ctx.view.now, ctx.view.now));
}

/** The best trip of a spare vehicle for `c` (null when none can fetch it). */
export function spareTrip(ctx: Ctx, c: PlanCasualty, spare: readonly PlanVehicle[]): SpareTrip | null {
  const near = [...spare].sort((a, b) => haversineKm(a.pos, c.pos) - haversineKm(b.pos, c.pos)).slice(0, SPARE_LOOKED_AT);
  let best: SpareTrip | null = null;
  for (const v of near) {
    const plan = bestPlan(ctx, v, c);
    if (!plan || plan.casualties.length !== 1) continue;
    const worth = plan.expected.get(c.id)! - plan.risk - slotCharge(ctx, c, plan.facility);
    if (!best || worth > best.worth) best = { plan, worth };
  }
  return best;
}

export const spareJob = (trip: SpareTrip, instead: string): Job => ({
  vehicleId: trip.plan.vehicle.id,
  stops: trip.plan.stops,
  reason: `${trip.plan.vehicle.id} fetches ${trip.plan.casualties[0]!.id} to ${trip.plan.facility.id}, so that ${instead} carries on (expected survival ${trip.worth.toFixed(3)})`,
});
