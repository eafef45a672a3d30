// The clairvoyant optimum's instance and schedule (DISP-17), apart so that its parts import them without a cycle.
import type { Position } from '../core/index.ts';
import type { SurvivalModel } from './survival.ts';
import type { Protection, Threat } from './travel.ts';
import type { TravelParams } from './types.ts';

export interface FleetVehicle {
  id: string;
  pos: Position;
  speedKmh: number;
  straightLine: boolean;
  medic: boolean;
  litter: number;
  seated: number;
  protection: Protection;
}
export interface FleetFacility {
  id: string;
  pos: Position;
  /** Runs surgery (R2/R3 with a staffed table): where casualties of RPM ≤ 9 are treated. */
  surgical: boolean;
  tables: number;
  beds: number;
}
export interface SmallInstance {
  vehicles: FleetVehicle[];
  facilities: FleetFacility[];
  casualties: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[];
  threats: Threat[];
  travel: TravelParams;
  model: SurvivalModel;
}

export interface Trip {
  vehicle: string;
  /** Casualties in pickup order, and in unloading order at the facility. */
  pickups: string[];
  facility: string;
  unload: string[];
}

export interface Optimum {
  /** Expected survivors, all casualties. */
  value: number;
  trips: Trip[];
  /** Tables and beds were enough for surgery on arrival: the value is the optimum, not only an upper bound. */
  exact: boolean;
}
