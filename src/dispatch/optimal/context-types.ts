// The types of one planning round's context, apart from the code that builds them so that routes and value (which
// the builder calls) can name them without importing it back.
import type { Position } from '../../core/index.ts';
import type { Index } from '../common.ts';
import type { SurvivalModel } from '../survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView, Stop } from '../types.ts';
import type { ThreatGeometry } from './exposure.ts';
import type { OptimalParams } from './params.ts';

/** DISP-43: a casualty this round sends to a surgical table: when it arrives, and its RPM and clock then. */
export interface Booking {
  at: number;
  rpm0: number;
  tau: number;
  /** The vehicle whose committed job made it (DISP-139 gives a vehicle's own bookings back where its leg is weighed). */
  vehicleId?: string;
}

export interface Plan {
  vehicle: PlanVehicle;
  casualties: PlanCasualty[];
  facility: PlanFacility;
  stops: Stop[];
  startMin: number;
  endMin: number;
  /** Sum over casualties of expected survival minus their delayed baseline, minus the vehicle's risk cost. */
  gain: number;
  /** Expected loss of the vehicle on the job, valued (part of `gain` already). */
  risk: number;
  /** Chance the vehicle gets through the whole job (its threat risk), and the km it drives. */
  alive: number;
  km: number;
  expected: Map<string, number>;
  /** Each casualty's clock when it is dropped, in the order of `casualties` (DISP-43 books it; absent: its clock now). */
  tauDrop?: number[];
  /** Expected survival of each casualty if this plan were carried out `delayMin` later. */
  delayed: Map<string, number>;
  reason: string;
}

export interface Ctx {
  view: PlanView;
  idx: Index;
  model: SurvivalModel;
  geo: ThreatGeometry;
  p: OptimalParams;
  /** Surgical start slots per facility after its backlog (sorted). */
  slots: Map<string, number[]>;
  /** DISP-43: per facility, the arrival minutes (sorted) of this round's committed casualties that need its table. */
  booked: Map<string, Booking[]>;
  beds: Map<string, number>;
  /**
   * DISP-76, in DISP-19's search only: per facility, the minute each of its beds is free (now for those free now),
   * ascending; a trip takes its beds from those free when it starts and gives each back when it frees.
   */
  bedTimes?: Map<string, number[]>;
  vehicleValue: number;
  /**
   * DISP-21 (empty when off): per vehicle id, the salvage of the demand only it can serve (before the flat floor);
   * per casualty id, the chance no other vehicle serves it if its vehicle is lost, and its salvage times that.
   */
  worth: Map<string, number>;
  alone: Map<string, { share: number; own: number }>;
  /** DISP-24 (empty when off): per vehicle id, the most it is worth (what it earns on trips like this round's until lost). */
  worthCap: Map<string, number>;
  /** Changes whenever any vehicle's worth or any casualty's share does (the incremental plan's memo compares it). */
  worthKey: string;
  /** Cost charged for each casualty a job brings to a surgical table. */
  slotPenalty: number;
  /** Mean salvage (survival still to gain from surgery) of the critical casualties waiting. */
  refSalvage: number;
  /** Per R1: minutes from now until some vehicle could be there to move a casualty on, and that vehicle. */
  onward: Map<string, Onward | null>;
  /** The same for a stretcher case (DISP-50): the vehicle must have a litter place (the same object where it has). */
  onwardLitter: Map<string, Onward | null>;
  /** Per casualty: its expected survival if it is left for this round (best plan, delayed). */
  baseline: Map<string, number>;
  /** DISP-70: per casualty, the vehicle whose trip (delayed, or once free) is its baseline (absent: the untreated floor). */
  baselineFrom: Map<string, string>;
  /**
   * DISP-109 (empty when off): per casualty whose baseline is a busy vehicle's trip (DISP-2's busyOnce assignment gave
   * it that vehicle once free, or its trip `delayMin` later is its best: `delayed`), that vehicle, the baseline it made,
   * and the casualty's best alternative without it (what an insertion that frees the vehicle later spends).
   */
  spent: Map<string, { vehicle: string; base: number; fallback: number; delayed: boolean }>;
  facilitiesFor: Map<string, PlanFacility[]>;
  /** Transfer points (pseudo-facilities just outside a threat zone) and the onward leg from each. */
  transfers: Map<string, Onward | null>;
}

export interface Onward {
  etaMin: number;
  vehicle: PlanVehicle;
  /** The stop it leaves from (DISP-132: a route's chance at its real departure is priced from here). */
  from: Position;
  /**
   * DISP-132: whether a zone that can hit the onward vehicle opens after its arrival (now + etaMin). Without one, a
   * later departure meets each zone for no longer (a zone open by then only closes), so `opening` keeps `q`.
   */
  opensLater: boolean;
  /** Routes on to each definitive facility: length, duration and chance of getting through (leaving at now + etaMin). */
  routes: { facility: PlanFacility; km: number; durMin: number; q: number }[];
}
