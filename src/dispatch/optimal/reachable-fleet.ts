// DISP-111 (`reachableFleet`, off): the round reasons about the vehicles that can reach a casualty.
//
// A vehicle whose sortie range (SCN-5: out and back) cannot take it to any casualty waiting or expected, nor to any
// place a casualty was reported lately, can make no job; yet it counted in the fleet's size, which gates every
// small-fleet rule (DISP-19's whole sequences, DISP-79, DISP-110 …) and divides the flat vehicle price (DISP-6).
// Held-out 1014-35: one ambulance and four unmanned vehicles whose range ends tens of km short of every casualty; as a
// fleet of five the ambulance's leg to c1 (RPM 9) was re-planned one step at a time to c8 (RPM 8) with a minor rider
// (c2, RPM 10), where DISP-19's search over the one vehicle that can act keeps it.
import { legKm } from '../travel.ts';
import type { Position } from '../../core/index.ts';
import type { PlanVehicle, PlanView } from '../types.ts';

/**
 * Whether an idle vehicle could reach `to` and get back to its base within the range it has left: out to the place and
 * back is a lower bound of any job there (to a facility, then to base), so a vehicle this drops could serve nobody.
 */
export function reaches(view: PlanView, v: PlanVehicle, to: Position): boolean {
  const t = view.travel.tortuosity;
  return legKm(v.pos, to, v, t) + legKm(to, v.basePos, v, t) <= v.rangeLeftKm! + 1e-6;
}

/**
 * The view without the idle vehicles that can reach no casualty (nor a recent report's place); the same view if none.
 * `counted`: those left out still share the demand in the prices (`outOfReach`, read by `demandShares`).
 */
export function reachableFleet(view: PlanView, counted = false): PlanView {
  const places = [...view.casualties.map((c) => c.pos), ...(view.recent ?? []).map((r) => r.pos)];
  // A vehicle on a job (or with casualties aboard) is the simulator's to finish: kept whatever its range.
  const keep = (v: PlanVehicle): boolean => !v.idle || v.rangeLeftKm === null || (v.enRoute?.length ?? 0) > 0 || v.carrying !== undefined || places.some((p) => reaches(view, v, p));
  const vehicles = view.vehicles.filter(keep);
  if (vehicles.length === view.vehicles.length) return view;
  return counted ? { ...view, vehicles, outOfReach: view.vehicles.length - vehicles.length } : { ...view, vehicles };
}

/** How many vehicles the demand to come is shared among in a vehicle's price (DISP-6's flat price, DISP-24, 30, 63). */
export const demandShares = (view: PlanView): number => Math.max(1, view.vehicles.length + (view.outOfReach ?? 0));
