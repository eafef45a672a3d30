// The planner's view of the world at one instant, shared by the simulator and the live server. Times are minutes
// on one clock (scenario minutes in the simulator; minutes since an epoch in live use).
import type { Position } from '../core/index.ts';
import type { SurvivalModel } from './survival.ts';
import type { Kind, Protection, Threat } from './travel.ts';

export type Window = readonly [number, number];

export interface TravelParams {
  tortuosity: number;
  loadMin: number;
  unloadMin: number;
}

export interface PlanCasualty {
  id: string;
  /** Minute of injury (for a future casualty known only to the hindsight bound: when it appears). */
  atMin: number;
  rpm0: number;
  /** Effective deterioration clock at `now` (or at atMin for a future casualty). */
  tau: number;
  /** Current clock rate where the casualty waits (1 at the point of injury, stabilised rate at a facility). */
  rate: number;
  litter: boolean;
  pos: Position;
  /** Set when the casualty waits at a facility (an R1 after stabilisation). */
  facilityId?: string;
  /** True for casualties that have not appeared yet (hindsight only). */
  future?: boolean;
  /** The vehicle on its way to fetch it, when the policy may re-plan legs not yet started (SIM-14). */
  assignedTo?: string;
}

/** What a vehicle is, whatever it is doing: the planner's view of it (`PlanVehicle`) and the simulator's
 * (`SimVehicle`) both carry these, copied one to the other. */
export interface VehicleTraits {
  id: string;
  kind: Kind;
  protection: Protection;
  straightLine: boolean;
  speedKmh: number;
  medic: boolean;
  litter: number;
  seated: number;
}

export interface PlanVehicle extends VehicleTraits {
  /** Where the vehicle is, or will be when it becomes free. */
  pos: Position;
  basePos: Position;
  /** Minute when it is free (≤ now when idle). */
  freeAt: number;
  idle: boolean;
  /** Kilometres left in the sortie (out and back to base), or null for unlimited. */
  rangeLeftKm: number | null;
  /** Availability windows, or null for always. */
  available: readonly Window[] | null;
  /** Casualties it is on its way to fetch (nothing aboard yet): a policy that re-plans may divert it (SIM-14). */
  enRoute?: string[];
  /** For a vehicle shown `enRoute`: how many times it was re-planned since its last stop (SIM-14). */
  diverted?: number;
  /**
   * For a vehicle shown `enRoute`: where and when it is free if it carries on (and the range then left); `reach`: when
   * it reaches its first pickup if it carries on, and the range left there (SIM-15: a job that keeps that pickup first
   * extends the leg under way). Absent where the leg cannot be kept (the live plan).
   */
  ifKept?: { pos: Position; freeAt: number; rangeLeftKm: number | null; reach?: { atMin: number; rangeLeftKm: number | null } };
  /**
   * For a vehicle shown `enRoute`: where it is now on the leg under way. A re-planned leg is driven from here (SIM-14:
   * it reaches its stop no sooner than from `pos`), so its threat risk is (DISP-54).
   */
  posNow?: Position;
  /**
   * SIM-19, shown only to a policy that declares `addAboard`: a vehicle with casualties aboard on its way (busy, `pos`
   * and `freeAt` where and when its job ends) that may be given a job inserting pickups before it drops them: who is
   * aboard (clock and rate at `now`), the stops still ahead, where its last trace event put it (`from`: a new first
   * leg reaches its stop no sooner than from there, as SIM-14), where it is now, the range left there and how many
   * times it was re-planned since its last stop.
   */
  carrying?: { aboard: PlanCasualty[]; ahead: Stop[]; from: Position; posNow: Position; rangeLeftKm: number | null; diverted: number };
}

export interface PlanFacility {
  id: string;
  role: 'R1' | 'R2' | 'R3';
  pos: Position;
  beds: number;
  /** Beds neither occupied nor promised to a vehicle on its way. */
  bedsFree: number;
  /**
   * DISP-76: when the taken beds free (ascending minutes; `bed-frees.ts`): a casualty who needs no surgery at its
   * dropoff, one who does when its operation ends (the tables projected), one at a stabilising stop when a vehicle on
   * its way takes it on; a bed nothing says will free is not listed. Absent: not known (every taken bed stays taken).
   */
  bedsFreeAt?: number[];
  surgicalTables: number;
  /** For each table, the minute it becomes free (≤ now when free). */
  tableFreeAt: number[];
  /** Casualties waiting for surgery there or on their way to it (count). */
  surgicalBacklog: number;
  open: readonly Window[] | null;
}

export interface PlanView {
  now: number;
  casualties: PlanCasualty[];
  vehicles: PlanVehicle[];
  facilities: PlanFacility[];
  threats: Threat[];
  travel: TravelParams;
  model: SurvivalModel;
  /** End of the period in which casualties occur (a hint for holding vehicles back). */
  horizonMin: number;
  /** Expected casualties per minute still to come (observed or declared), a hint for holding back. */
  expectedRatePerMin: number;
  /** DISP-111 `gates`: vehicles in service left out of the view as out of reach, still sharing the demand in the prices. */
  outOfReach?: number;
  /** Casualties that occurred lately (oldest first), a hint for anticipating the next ones. */
  recent?: { pos: Position; rpm0: number; atMin: number }[];
  /** Declared random arrivals (a scenario's Poisson `arrivals`): rate, end, area and RPM weights, a hint for holding back. */
  arrivals?: { ratePerMin: number; untilMin: number; area: Position[]; rpmWeights: readonly number[] };
  /** Vehicles lost so far: where and when (what a dispatcher remembers about a kill zone). */
  losses?: { vehicleId: string; pos: Position; atMin: number }[];
  /**
   * DISP-121: per threat id, the hazard (−ln of the chance to get through) the whole fleet has driven through the zone,
   * the lost vehicles' included up to their hit: the losses expected there at the declared rates. Absent: not known (0).
   */
  zoneHazard?: Record<string, number>;
}

export type Stop =
  | { kind: 'pickup'; casualtyId: string }
  | { kind: 'dropoff'; casualtyIds: string[]; facilityId: string }
  | { kind: 'transfer'; casualtyIds: string[]; pos: Position };

export interface Job {
  vehicleId: string;
  stops: Stop[];
  /** Why the planner chose it (for the live API and debugging). */
  reason?: string;
}

export interface QueueEntry {
  id: string;
  rpm0: number;
  tau: number;
  arrivedAt: number;
}

export interface Policy {
  name: string;
  /** Jobs for idle vehicles; anything infeasible is ignored by the caller. */
  plan(view: PlanView): Job[];
  /** Re-plans legs not yet started: shown vehicles on their way to a pickup as free where they are (SIM-14). */
  divert?: boolean;
  /**
   * Adds pickups to legs with casualties aboard (SIM-19): shown such vehicles' `carrying`, and a job for one that keeps
   * every casualty aboard and every pickup ahead replaces the stops ahead.
   */
  addAboard?: boolean;
  /** Index of the queue entry to operate on next (default: first come, first served). */
  nextForSurgery?(queue: readonly QueueEntry[], now: number, model: SurvivalModel): number;
}

export function inWindows(windows: readonly Window[] | null, from: number, to: number): boolean {
  if (!windows) return true;
  return windows.some(([a, b]) => from >= a && to <= b);
}
