// The simulator's explicit state record: everything the event loop reads and changes, in one place.
// The readings of the spec behind each field are the SIM-n rules of docs/dispatch.md.
import type { Position } from '../core/index.ts';
import type { SurvivalModel, TriageCategory } from '../dispatch/survival.ts';
import type { Exposure, Threat } from '../dispatch/travel.ts';
import type { Timeline } from '../dispatch/timeline.ts';
import type { Policy, Stop, TravelParams, VehicleTraits, Window } from '../dispatch/types.ts';
import type { Heap } from './heap.ts';
import type { Rng } from './rng.ts';
import type { Scenario } from './scenario.ts';

export interface TraceEvent {
  t: number;
  event: 'casualty' | 'dispatch' | 'pickup' | 'dropoff' | 'vehicle-lost' | 'surgery' | 'outcome';
  casualty?: string;
  vehicle?: string;
  facility?: string;
  pos?: [number, number];
  rpm?: number;
  litter?: boolean;
  survival?: number;
  /** On a `dispatch`: the casualty is added to the leg under way, which goes on as drawn (SIM-15). */
  addsToLeg?: true;
}

export interface CasualtyRecord {
  id: string;
  atMin: number;
  rpm: number;
  triage: TriageCategory;
  litter: boolean;
  fromArrivals: boolean;
  pickupAt: number | null;
  facilityAt: number | null;
  surgeryAt: number | null;
  outcomeAt: number;
  survival: number;
  lostWithVehicle: boolean;
  untreated: boolean;
}

export interface VehicleRecord {
  id: string;
  kind: string;
  lost: boolean;
  lostAt: number | null;
  busyMin: number;
  availableMin: number;
  km: number;
  threatKm: number;
}

export interface SimResult {
  scenario: string;
  policy: string;
  seed: number;
  endMin: number;
  trace: TraceEvent[];
  casualties: CasualtyRecord[];
  vehicles: VehicleRecord[];
}

export interface SimOptions {
  /** Overrides the scenario's seed (for --runs). */
  seed?: number;
  /** Show the policy casualties before they occur (the hindsight bound). */
  revealFuture?: boolean;
  /** Record the trace (default true). */
  trace?: boolean;
  /**
   * How threat hits are drawn (SIM-10): 'vehicle' (default), each vehicle's hits from its own draws, one threshold per
   * (seed, vehicle, threat) on the hazard it has driven through; 'shared', one stream for the whole run drawn per leg
   * (the simulator before session 19; kept to measure the noise it left between paired runs).
   */
  threatDraws?: 'vehicle' | 'shared';
}

export type CStatus = 'pending' | 'waiting' | 'assigned' | 'aboard' | 'queued' | 'in-surgery' | 'done';

export interface SimCasualty {
  id: string;
  atMin: number;
  pos: Position;
  rpm: number;
  litter: boolean;
  fromArrivals: boolean;
  status: CStatus;
  facilityId: string | null;
  /** Deterioration clock at `since`, running at `rate` from then (SIM-1). */
  tau: number;
  rate: number;
  since: number;
  pickupAt: number | null;
  facilityAt: number | null;
  surgeryAt: number | null;
  outcomeAt: number | null;
  survival: number | null;
  lostWithVehicle: boolean;
  untreated: boolean;
  queuedAt: number;
}

export interface SimFacility {
  id: string;
  role: 'R1' | 'R2' | 'R3';
  pos: Position;
  beds: number;
  occupied: number;
  reserved: number;
  reservedSurgical: number;
  tables: number;
  tableBusyUntil: number[];
  queue: string[];
  open: Window[] | null;
}

export interface ActiveJob {
  stops: Stop[];
  timeline: Timeline;
  index: number;
  startMin: number;
  /** Casualties aboard. */
  aboard: string[];
  /** Casualties already unloaded at the current dropoff / transfer stop (one unloadMin each). */
  unloaded: number;
  /** Beds promised per facility, released at dropoff or when the vehicle is lost. */
  reservations: Map<string, number>;
  /** The current leg has been driven (loading or unloading under way). */
  arrived: boolean;
}

export interface SimVehicle extends VehicleTraits {
  baseId: string;
  basePos: Position;
  pos: Position;
  rangeKm: number | null;
  sortieKm: number;
  available: Window[] | null;
  lost: boolean;
  lostAt: number | null;
  job: ActiveJob | null;
  /** Bumped when a job is re-planned before its first pickup: events of the abandoned leg are then ignored (SIM-14). */
  epoch: number;
  /** Where the vehicle's last trace event put it (its base at first): a re-planned leg is timed from here too. */
  anchor: Position;
  /** Times the vehicle was re-planned since its last trace event (SIM-14). */
  diverted: number;
  busyMin: number;
  km: number;
  threatKm: number;
  /** SIM-10: the hazard (−ln of the chance to get through) driven through so far in each threat, by threat id. */
  hazard: Map<string, number>;
  /** The threat stretches of the leg under way, added to `hazard` as far as the vehicle drives them. */
  legExposure: Exposure[];
}

export type SimEvent =
  | { t: number; seq: number; type: 'appear'; casualty: string }
  | { t: number; seq: number; type: 'arrive'; vehicle: string; epoch: number }
  | { t: number; seq: number; type: 'stop-done'; vehicle: string }
  | { t: number; seq: number; type: 'lost'; vehicle: string; km: number; epoch: number }
  | { t: number; seq: number; type: 'surgery-end'; facility: string }
  | { t: number; seq: number; type: 'tick' }
  /** A vehicle rebuilt busy from a planning view (a rollout, DISP-18) becomes free. */
  | { t: number; seq: number; type: 'free'; vehicle: string };

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The declared arrival process (rate, end, area, RPM weights): known to the planner in advance (SIM-12). */
export interface DeclaredArrivals {
  ratePerMin: number;
  untilMin: number;
  area: Position[];
  rpmWeights: readonly number[];
}

export interface SimState {
  scenario: Scenario;
  policy: Policy;
  opts: SimOptions;
  seed: number;
  model: SurvivalModel;
  travel: TravelParams;
  threats: Threat[];
  /** The threat polygons with a loss rate of 1, for the threat-km metric (SIM-8). */
  zones: Threat[];
  hitRng: Rng;
  /** SIM-10: the seed of each vehicle's hit thresholds; null: hits drawn per leg from `hitRng` (one shared stream). */
  hitSeed: number | null;
  recordTrace: boolean;
  trace: TraceEvent[];
  facilities: Map<string, SimFacility>;
  vehicles: Map<string, SimVehicle>;
  casualties: Map<string, SimCasualty>;
  heap: Heap<SimEvent>;
  seq: number;
  now: number;
  appeared: number;
  recent: { pos: Position; rpm0: number; atMin: number }[];
  declared: DeclaredArrivals | null;
  /** Vehicles lost so far, where and when (shown to the policy). */
  losses: { vehicleId: string; pos: Position; atMin: number }[];
}

export const EPS = 1e-9;

export function emit(s: SimState, e: TraceEvent): void {
  if (s.recordTrace) s.trace.push(e);
}

export function schedule(s: SimState, e: DistributiveOmit<SimEvent, 'seq'>): void {
  s.heap.push({ ...e, seq: s.seq++ } as SimEvent);
}

/** Run a casualty's clock forward to `t` at its current rate. */
export function advance(c: SimCasualty, t: number): void {
  c.tau += c.rate * (t - c.since);
  c.since = t;
}

/** Write a casualty's outcome (the trace event comes at the moment it is decided). */
export function decide(s: SimState, c: SimCasualty, t: number, survival: number): void {
  c.status = 'done';
  c.outcomeAt = t;
  c.survival = survival;
  emit(s, { t, event: 'outcome', casualty: c.id, survival });
}

export const toPos = (p: readonly [number, number]): Position => ({ lat: p[0], lon: p[1] });
export const toPair = (p: Position): [number, number] => [p.lat, p.lon];
