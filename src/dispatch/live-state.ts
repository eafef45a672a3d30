// The live planning view (DISP-14): the simulator's view (SIM-12) built from the casualty log and the entities, so that
// `GET /api/dispatch/plan` plans on the same state the simulator would. Pure: the caller passes folded casualty
// states, entities and `now`. Times in the view are minutes relative to `now` (now = 0, the past negative).
//
// - Each casualty's deterioration clock runs from injury through its chain of custody (SIM-1): 1 until a pickup,
//   clockWithMedic aboard a vehicle with a medic, clockStabilised at a facility.
// - RPM at injury: the latest full vitals (respiratory rate, pulse, motor response — Sacco's scoring) give the RPM at
//   the clock reading when they were taken; the RPM at injury is the table row that reaches that RPM at that reading.
//   Without vitals, triage or precedence (the card's, else the 9-line's line 3) give a current estimate.
// - A vehicle with an assigned or carried casualty is busy: it becomes free where its job ends (the destination), at
//   the end of its remaining legs counted from the assignment or the pickup.
// - With `divert` (the policy re-plans legs not yet started, SIM-14), a vehicle on its way to its first pickup with
//   nothing aboard is shown as the simulator shows it: free now at its last stop, with the casualties it is fetching,
//   how many times it was re-planned since that stop and where and when it is free if it carries on. A vehicle's
//   latest dispatch is its job: casualties it was sent to earlier and has not picked up wait again.
// - Beds and surgical queues come from the arrivals, surgeries and trips on their way; tables in surgery are busy until
//   the surgery's start + surgeryMin. The usable tables per facility may be given (`usableTables`: the tables that
//   have a complete surgical team on duty); otherwise the facility's `surgicalTables`.
import { natoEquivalent } from '../core/triage-order.ts';
import { toMs } from '../core/time-math.ts';
import { effectivePrecedence } from '../core/precedence-of.ts';
import type { CasualtyState, Facility, Position, ThreatZone, Vehicle, VehicleKind } from '../core/index.ts';
import { interpolate, legKm, legMinutes } from './travel.ts';
import { allWork } from './live-work.ts';
import { carriedLeg } from './live-aboard.ts';
import { allLists } from './live-lists.ts';
import type { KeptLists } from './live-lists.ts';
import { allCounts } from './live-counts.ts';
import type { FacilityCounts, FacilityRoles, KeptCounts } from './live-counts.ts';

export { recentInjuries } from './live-lists.ts';
import { bedsFreeAt } from './bed-frees.ts';
import type { TakenBeds } from './bed-frees.ts';
import type { CasualtyLegs, KeptWork, VehicleWork, Dispatch } from './live-work.ts';

export type { CasualtyLegs } from './live-work.ts';
import { DEFAULT_MODEL, needsSurgery, rpmAt, vehicleClockRate } from './survival.ts';
import type { SurvivalModel } from './survival.ts';
import { fliesByDefault, protectionOf } from './travel.ts';
import type { Threat } from './travel.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView, TravelParams } from './types.ts';

export interface LiveStateInput {
  /** Open casualties, folded (any stage). */
  casualties: CasualtyState[];
  vehicles: Vehicle[];
  facilities: Facility[];
  threats: ThreatZone[];
  /** ISO 8601 instant. */
  now: string;
  travel?: Partial<TravelParams>;
  model?: Partial<SurvivalModel>;
  /** Surgical tables usable now per facility id (complete surgical teams on duty); default: `surgicalTables`. */
  usableTables?: Record<string, number>;
  /** Minutes over which the recent arrival rate is measured (default 180). */
  rateWindowMin?: number;
  /** Minutes ahead during which more casualties are expected (an operation's planned end); default: the rate window. */
  horizonMin?: number;
  /** The policy re-plans legs not yet started (SIM-14): vehicles on their way to a first pickup are shown re-plannable. */
  divert?: boolean;
  /** The policy adds pickups to legs with casualties aboard (SIM-19): such vehicles are shown with what they carry. */
  addAboard?: boolean;
}

export type RpmSource = 'vitals' | 'triage' | 'precedence' | 'default';

export interface LiveState {
  view: PlanView;
  /** Per waiting casualty: the RPM at injury used, and where it came from. */
  rpm: RpmTable;
}

type Estimate = { rpm: number; source: RpmSource };

/** The waiting casualties' RPM entries (kept between views: live-lists.ts) and, over them, those of the casualties
 * shown with the vehicle fetching them (made each view): read until the next view made with the same memory. */
export class RpmTable {
  readonly waiting: ReadonlyMap<string, Estimate>;
  readonly fetched: ReadonlyMap<string, Estimate>;
  constructor(waiting: ReadonlyMap<string, Estimate>, fetched: ReadonlyMap<string, Estimate>) {
    this.waiting = waiting;
    this.fetched = fetched;
  }

  get(id: string): Estimate | undefined {
    return this.fetched.get(id) ?? this.waiting.get(id);
  }
}

/** Speeds assumed when a vehicle record has none (km/h). */
export const DEFAULT_SPEED_KMH: Record<VehicleKind, number> = {
  ambulance: 50,
  armoured: 30,
  'civilian-car': 60,
  ugv: 10,
  drone: 60,
  helicopter: 200,
};
/** Loss per km assumed inside a threat zone that has no figures of its own. */
export const DEFAULT_LOSS_PER_KM = { unprotected: 0.02, armoured: 0.004, air: 0.03 };

const rrScore = (rr: number): number => (rr === 0 ? 0 : rr <= 9 ? 1 : rr <= 24 ? 4 : rr <= 35 ? 3 : 2);
const pulseScore = (p: number): number => (p === 0 ? 0 : p <= 59 ? 1 : p <= 120 ? 4 : p <= 140 ? 3 : 2);
/** Best motor response approximated from GCS (total) or AVPU. */
function motorScore(gcs: number | undefined, avpu: string | undefined): number | undefined {
  if (gcs !== undefined) return gcs >= 13 ? 4 : gcs >= 9 ? 3 : gcs >= 6 ? 2 : gcs >= 4 ? 1 : 0;
  if (avpu !== undefined) return ({ A: 4, V: 3, P: 2, U: 0 } as Record<string, number>)[avpu];
  return undefined;
}

/** Sacco's RPM from the latest vitals (each sign from its latest record) and when, else from triage or precedence. */
export function latestRpm(c: CasualtyState): { rpm: number; source: RpmSource; at: string | null } {
  let rr: number | undefined;
  let pulse: number | undefined;
  let gcs: number | undefined;
  let avpu: string | undefined;
  let at: string | null = null;
  for (const v of [...c.vitals].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    rr = v.rr ?? rr;
    pulse = v.pulse ?? pulse;
    if (v.gcs !== undefined || v.avpu !== undefined) {
      gcs = v.gcs;
      avpu = v.avpu;
    }
    at = v.at;
  }
  const motor = motorScore(gcs, avpu);
  if (rr !== undefined && pulse !== undefined && motor !== undefined) return { rpm: rrScore(rr) + pulseScore(pulse) + motor, source: 'vitals', at };
  const t = c.triage.value ? natoEquivalent(c.triage.value) : null;
  if (t && t !== 'dead') return { rpm: { T1: 5, T2: 8, T3: 11, T4: 2 }[t], source: 'triage', at: null };
  // The card's precedence, else line 3 of the 9-line (a request "A, urgent" is urgent without anyone setting it).
  const p = effectivePrecedence(c.precedence.value, c.evac.nineLine);
  if (p) return { rpm: { urgent: 5, 'urgent-surgical': 5, priority: 8, routine: 11, convenience: 12 }[p], source: 'precedence', at: null };
  if (rr !== undefined || pulse !== undefined || motor !== undefined) {
    return { rpm: (rr !== undefined ? rrScore(rr) : 4) + (pulse !== undefined ? pulseScore(pulse) : 4) + (motor ?? 4), source: 'vitals', at };
  }
  return { rpm: 8, source: 'default', at: null };
}

/** The RPM at injury whose deterioration reaches `rpm` at clock `tau` (the nearest row, then the nearest to `rpm`). */
export function rpmAtInjury(rpm: number, tau: number, model: SurvivalModel): number {
  let best = rpm;
  let bestKey = Infinity;
  for (let r = 0; r <= 12; r++) {
    const key = Math.abs(rpmAt(r, tau, model) - rpm) * 100 + Math.abs(r - rpm);
    if (key < bestKey) {
      bestKey = key;
      best = r;
    }
  }
  return best;
}

const roleOf = (r: Facility['role']): PlanFacility['role'] => (r === 'R2' ? 'R2' : r === 'R3' || r === 'R4' ? 'R3' : 'R1');

/** The deterioration clock at minute `t` (relative to now) from the chain of custody: rate by where the casualty was. */
function clockAt(c: CasualtyState, t: number, rel: (iso: string) => number, medic: (vehicleId: string | undefined) => boolean, model: SurvivalModel): { tau: number; rate: number } {
  if (!c.injuredAt) return { tau: 0, rate: 1 };
  let since = rel(c.injuredAt);
  let rate = 1;
  let tau = 0;
  for (const step of c.chain) {
    const at = rel(step.at);
    if (at > t) break;
    tau += rate * Math.max(0, at - since);
    since = at;
    if (step.kind === 'pickup') rate = vehicleClockRate(medic(step.vehicleId), model);
    else if (step.kind === 'arrival') rate = model.clockStabilised;
    else rate = 0;
  }
  return { tau: tau + rate * Math.max(0, t - since), rate };
}

/** What the view takes from one casualty, apart from the counts over all of them (live-memo.ts keeps it). */
export interface DerivedCasualty {
  /** RPM at injury and its source; undefined once the casualty has an outcome. */
  r0?: number;
  source: RpmSource;
  /** The answer's RPM entry (made once: a view made again from the same casualty shares it). */
  estimate?: { rpm: number; source: RpmSource };
  /** Waiting for a vehicle (then it keeps its RPM in the answer). */
  waiting: boolean;
  /** The casualty as the planner sees it, when waiting and somewhere to be fetched from. */
  plan: PlanCasualty | null;
  /** The same for a casualty a vehicle was sent to and has not picked up (shown when that leg may be re-planned). */
  fetch?: PlanCasualty;
  /** Minutes from now to injury, and where (for the recent arrival rate). */
  injuredMin: number | null;
  pos: Position | undefined;
  /** Its entry among the recent casualties (minutes from now to injury), when it has a clock and a place. */
  recent: { pos: Position; rpm0: number; atMin: number } | null;
  /** What the passes over every casualty read of it (vehicles' work, legs left, beds and queues), made once. */
  legs: CasualtyLegs;
}

/** The stops vehicles made for a casualty (where its chain says it was picked up and dropped). */
function casualtyLegs(c: CasualtyState, rel: (iso: string) => number, places: FacilityPlaces): CasualtyLegs {
  const where = c.evac.nineLine?.location ?? c.position ?? undefined;
  const stops: CasualtyLegs['stops'] = [];
  let facility: string | undefined;
  let by: string | undefined;
  for (const step of c.chain) {
    if (step.kind === 'pickup' && step.vehicleId) {
      stops.push({ vehicleId: step.vehicleId, pos: facility ? places.get(facility)?.pos : where, at: rel(step.at) });
      by = step.vehicleId;
    } else if (step.kind === 'arrival' && step.facilityId) {
      if (by) stops.push({ vehicleId: by, pos: places.get(step.facilityId)?.pos, at: rel(step.at) });
      facility = step.facilityId;
      by = undefined;
    } else by = undefined;
  }
  const assignment = c.vehicle.history.at(-1);
  const assignedAt = assignment?.at ?? null;
  const last = c.chain[c.chain.length - 1];
  return {
    stops,
    leg: { id: c.id, stage: c.stage, vehicleId: c.vehicleId, assignedAt, ...(assignment?.addsToLeg ? { addsToLeg: true } : {}) },
    assignedMin: assignedAt ? rel(assignedAt) : 0,
    surgeryStart: c.stage === 'in-surgery' && last ? rel(last.at) : NaN,
  };
}

/** Where casualties at a facility wait: its role and position (what `deriveCasualty` reads of facilities). */
export type FacilityPlaces = Map<string, { id: string; role: PlanFacility['role']; pos: Position }>;

export const facilityPlaces = (facilities: readonly Facility[]): FacilityPlaces =>
  new Map(facilities.map((f) => [f.id, { id: f.id, role: roleOf(f.role), pos: f.position }]));

export interface Clocks {
  rel: (iso: string) => number;
  medic: (vehicleId: string | undefined) => boolean;
  model: SurvivalModel;
}

export function deriveCasualty(c: CasualtyState, k: Clocks, places: FacilityPlaces): DerivedCasualty {
  const { rel, medic, model } = k;
  const pos = c.evac.nineLine?.location ?? c.position ?? undefined;
  const injuredMin = c.injuredAt ? rel(c.injuredAt) : null;
  const legs = casualtyLegs(c, rel, places);
  if (c.outcome) return { source: 'default', waiting: false, plan: null, injuredMin, pos, recent: null, legs };
  const est = latestRpm(c);
  const when = est.at !== null ? rel(est.at) : 0;
  const r0 = rpmAtInjury(est.rpm, clockAt(c, when, rel, medic, model).tau, model);
  // Where to pick the casualty up: the 9-line's line 1 (the pickup site the medic asked for), else the position
  // recorded at registration.
  const at = c.stage === 'at-facility' && c.facilityId ? places.get(c.facilityId) : undefined;
  const waiting = c.stage === 'at-poi' || c.stage === 'requested' || (at !== undefined && at.role === 'R1' && needsSurgery(r0));
  const estimate = { rpm: r0, source: est.source };
  const recent = injuredMin !== null && pos ? { pos, rpm0: r0, atMin: injuredMin } : null;
  if ((!waiting && c.stage !== 'assigned') || (!pos && !at)) return { r0, source: est.source, estimate, waiting, plan: null, injuredMin, pos, recent, legs };
  const clock = clockAt(c, 0, rel, medic, model);
  const plan: PlanCasualty = {
    id: c.id,
    atMin: c.injuredAt ? rel(c.injuredAt) : 0,
    rpm0: r0,
    tau: clock.tau,
    rate: clock.rate,
    // A casualty's litter need is not in the log: critical casualties are assumed to need a stretcher.
    litter: needsSurgery(r0),
    pos: at ? at.pos : pos!,
    ...(at ? { facilityId: at.id } : {}),
  };
  if (!waiting) return { r0, source: est.source, estimate, waiting, plan: null, fetch: plan, injuredMin, pos, recent, legs };
  return { r0, source: est.source, estimate, waiting, plan, injuredMin, pos, recent, legs };
}

/** Instants seen by recent plans, parsed (a plan re-reads the same chains and assignments every time it is made). */
const parsed = new Map<string, number>();
const MAX_PARSED = 1 << 16;

/** `toMs(iso)`, remembered: the same string always parses to the same instant. */
export function instantMs(iso: string): number {
  let ms = parsed.get(iso);
  if (ms === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(iso, (ms = toMs(iso)));
  }
  return ms;
}

/**
 * The live view. `derive` may be given to keep each casualty's part between views made at the same `now` (the
 * incremental plan: live-memo.ts); it must answer what `deriveCasualty` answers. `kept`, the vehicles' work kept
 * from the last view made with the same deriver (live-work.ts).
 */
export function liveState(input: LiveStateInput, derive: (c: CasualtyState, k: Clocks, places: FacilityPlaces) => DerivedCasualty = deriveCasualty, kept?: KeptWork<DerivedCasualty> & { lists?: KeptLists<DerivedCasualty>; counts?: KeptCounts }): LiveState {
  const now = input.now;
  const nowMs = toMs(now);
  // minutesBetween(now, iso), with each instant parsed once across plans (it is most of a plan's cost at scale).
  const rel = (iso: string): number => (instantMs(iso) - nowMs) / 60_000;
  const model: SurvivalModel = { ...DEFAULT_MODEL, ...input.model };
  const travel: TravelParams = { tortuosity: 1.35, loadMin: 5, unloadMin: 5, ...input.travel };
  const medics = new Map(input.vehicles.map((v) => [v.id, v.medic]));
  const medic = (id: string | undefined): boolean => (id ? (medics.get(id) ?? false) : false);
  const places = facilityPlaces(input.facilities);

  const k = { rel, medic, model };
  const one = (c: CasualtyState): DerivedCasualty => derive(c, k, places);
  const { derived, work, released, replaced } = kept ? kept.update(input.casualties, one, instantMs) : allWork(input.casualties, input.casualties.map(one), instantMs);
  // The lists over every casualty (the planner's casualties, the waiting ones' RPMs, the recent injuries): kept with
  // the work and looked at only where casualties were replaced (issue 16: live-lists.ts), else in one pass.
  const window = input.rateWindowMin ?? 180;
  const lists = kept?.lists ? kept.lists.update(input.casualties, derived, replaced, window) : allLists(input.casualties, derived, window);
  const casualties = lists.plans.slice();
  const fetched = new Map<string, Estimate>();
  // The facilities' counts over every casualty: kept with the work where casualties were replaced (live-counts.ts).
  const roles = facilityRoles(input.facilities);
  const counts = kept?.counts ? kept.counts.update(input.casualties, derived, replaced, kept.releasedMoved, roles, model.surgeryMin, released) : allCounts(input.casualties, derived, roles, model.surgeryMin, released);
  const { facilities, beds } = liveFacilities(input, model, counts);
  const facilityPlan = new Map(facilities.map((f) => [f.id, f]));
  // SIM-19: a casualty aboard as the simulator shows it: its clock now, where the vehicle is.
  const aboardOf = (c: CasualtyState, pos: Position): PlanCasualty => {
    const est = latestRpm(c);
    const r0 = rpmAtInjury(est.rpm, clockAt(c, est.at !== null ? rel(est.at) : 0, rel, medic, model).tau, model);
    const clock = clockAt(c, 0, rel, medic, model);
    return { id: c.id, atMin: c.injuredAt ? rel(c.injuredAt) : 0, rpm0: r0, tau: clock.tau, rate: clock.rate, litter: needsSurgery(r0), pos };
  };
  const { vehicles, enRoute } = liveVehicles(input, rel, facilityPlan, travel, work, input.divert === true, input.addAboard === true ? aboardOf : null);
  // DISP-76: casualties on their way are dropped when their vehicle's job ends, as the simulator times them.
  const jobEnd = new Map(vehicles.filter((v) => !v.idle || v.ifKept).map((v) => [v.id, v.ifKept?.freeAt ?? v.freeAt]));
  for (const f of facilities) {
    const b = beds.get(f.id)!;
    f.bedsFreeAt = bedsFreeAt({ ...b, inbound: b.inbound.map((x) => ({ at: (x.vehicleId !== undefined ? jobEnd.get(x.vehicleId) : undefined) ?? Infinity, surgical: x.surgical })), taken: f.beds - f.bedsFree });
  }
  // Casualties a vehicle left (a later dispatch replaced the leg) wait again; those a re-plannable vehicle is
  // fetching are shown with it (SIM-14).
  for (const i of lists.fetching) {
    const c = input.casualties[i]!;
    const fetch = derived[i]!.fetch!;
    const by = enRoute.get(c.id);
    if (!released.has(c.id) && by === undefined) continue;
    casualties.push(by === undefined ? fetch : { ...fetch, assignedTo: by });
    fetched.set(c.id, derived[i]!.estimate!);
  }
  const threats: Threat[] = input.threats.map((t) => ({
    id: t.id,
    polygon: t.polygon,
    fromMin: t.from ? rel(t.from) : -1e9,
    toMin: t.to ? rel(t.to) : 1e9,
    lossPerKm: t.lossPerKm ?? DEFAULT_LOSS_PER_KM,
  }));
  // Recent arrivals: the rate over the window and the latest casualties, a hint for holding vehicles back (DISP-9).
  const { count, latest } = lists;
  const expectedRatePerMin = count / window;
  const view: PlanView = {
    now: 0,
    casualties,
    vehicles,
    facilities,
    threats,
    travel,
    model,
    // Anticipation looks one rate window ahead while casualties keep coming.
    horizonMin: input.horizonMin ?? (count > 0 ? window : 0),
    expectedRatePerMin,
    // Copies: the entries are kept with their casualties between plans.
    recent: latest.map((x) => ({ ...x })),
    ...liveLosses(input.vehicles, rel),
  };
  return { view, rpm: new RpmTable(lists.rpm, fetched) };
}

/**
 * Vehicles lost, as the simulator shows them (SIM-12; DISP-13 and DISP-121 read them): where the record last put the
 * vehicle and when it was marked lost (its last update; without one, now). The hazard driven through each zone is not in
 * the log, so `zoneHazard` is left out (DISP-121 then counts no exposure: each loss weighs fully).
 */
function liveLosses(vehicles: readonly Vehicle[], rel: (iso: string) => number): Pick<PlanView, 'losses'> {
  const losses = vehicles.flatMap((v) => (v.status === 'lost' && v.position ? [{ vehicleId: v.id, pos: v.position, atMin: v.updatedAt ? Math.min(0, rel(v.updatedAt)) : 0 }] : []));
  return losses.length > 0 ? { losses } : {};
}

/** DISP-76: what a facility's taken beds wait for, the casualties on their way named by their vehicle (timed once the vehicles are). */
type LiveBeds = Omit<TakenBeds, 'inbound' | 'taken'> & { inbound: { vehicleId: string | undefined; surgical: boolean }[] };

/** Each known facility (the first of a repeated id) and whether it is an R1: what the counts read of them. */
function facilityRoles(fs: readonly Facility[]): FacilityRoles {
  const roles = new Map<string, boolean>();
  for (const f of fs) if (!roles.has(f.id)) roles.set(f.id, roleOf(f.role) === 'R1');
  return roles;
}

function liveFacilities(input: LiveStateInput, model: SurvivalModel, counts: FacilityCounts): { facilities: PlanFacility[]; beds: Map<string, LiveBeds> } {
  const { occupied, held, queued, inSurgery, inbound, inboundSurgical, inboundBeds } = counts;
  const beds = new Map<string, LiveBeds>();
  const facilities = input.facilities.map((f) => {
    const role = roleOf(f.role);
    const own = role === 'R1' ? 0 : f.surgicalTables;
    const tables = role === 'R1' ? 0 : Math.max(0, input.usableTables?.[f.id] ?? own);
    const closed = f.status === 'closed' || f.status === 'evacuating' || f.intake === 'closed';
    const busy = (inSurgery.get(f.id) ?? []).toSorted((a, b) => a - b);
    // Without surgeries in the log, a facility reporting fewer tables free has the others half-way through one.
    const reportedBusy = busy.length === 0 && f.tablesAvailable !== undefined ? Math.max(0, tables - f.tablesAvailable) : 0;
    const tableFreeAt = Array.from({ length: tables }, (_, i) => (i < busy.length ? busy[i]! : i < reportedBusy ? model.surgeryMin / 2 : 0));
    const counted = f.beds - (occupied.get(f.id) ?? 0) - (inbound.get(f.id) ?? 0);
    // DISP-99: beds reported taken beyond the log's, where there are tables, hold operations (SIM-3): on the tables
    // reported busy (half-way through), the rest queued for the tables; without it nothing said when they free.
    const extra = tables > 0 && f.bedsAvailable !== undefined ? Math.max(0, f.beds - f.bedsAvailable - (occupied.get(f.id) ?? 0)) : 0;
    const inOp = Math.min(extra, reportedBusy);
    const operating = inOp > 0 ? [...busy, ...new Array<number>(inOp).fill(model.surgeryMin / 2)] : busy;
    // A stabilised casualty waiting at a stop: not known when it is taken on (one sent for is counted where it goes).
    beds.set(f.id, { now: 0, surgeryMin: model.surgeryMin, tableFreeAt, inSurgery: operating, queued: (queued.get(f.id) ?? 0) + extra - inOp, inbound: (inboundBeds.get(f.id) ?? []) as LiveBeds['inbound'], held: new Array<number>(held.get(f.id) ?? 0).fill(Infinity) });
    return {
      id: f.id,
      role,
      pos: f.position,
      beds: f.beds,
      bedsFree: Math.max(0, Math.min(counted, f.bedsAvailable !== undefined ? f.bedsAvailable - (inbound.get(f.id) ?? 0) : counted)),
      surgicalTables: tables,
      tableFreeAt,
      surgicalBacklog: (queued.get(f.id) ?? 0) + (inboundSurgical.get(f.id) ?? 0),
      open: closed ? [] : null,
    };
  });
  return { facilities, beds };
}

type Mover = { straightLine: boolean; speedKmh: number };

function liveVehicles(input: LiveStateInput, rel: (iso: string) => number, facilities: Map<string, PlanFacility>, travel: TravelParams, work: Map<string, VehicleWork>, divert: boolean, aboardOf: ((c: CasualtyState, pos: Position) => PlanCasualty) | null): { vehicles: PlanVehicle[]; enRoute: Map<string, string> } {
  const out: PlanVehicle[] = [];
  const enRoute = new Map<string, string>();
  for (const v of input.vehicles) {
    const w = work.get(v.id);
    const job = w && (w.carried.length > 0 || w.dispatches.length > 0) ? w : undefined;
    if (v.status === 'out-of-service' || v.status === 'lost' || (!job && v.status !== 'available')) continue;
    const base = v.baseFacilityId ? facilities.get(v.baseFacilityId)?.pos : undefined;
    const pos: Position | undefined = v.position ?? base;
    if (!pos) continue;
    const mover = { straightLine: fliesByDefault(v.kind), speedKmh: v.speedKmh ?? DEFAULT_SPEED_KMH[v.kind] };
    const shown = {
      id: v.id,
      kind: v.kind,
      protection: protectionOf(v.kind),
      straightLine: mover.straightLine,
      speedKmh: mover.speedKmh,
      medic: v.medic,
      // Without a litter count, a vehicle is assumed to carry one stretcher.
      litter: Math.max(v.litter, v.litter + v.seated === 0 ? 1 : 0),
      seated: v.seated,
      basePos: base ?? pos,
      available: null,
    };
    if (!job) {
      out.push({ ...shown, pos, freeAt: 0, idle: true, rangeLeftKm: v.rangeKm ?? null });
      continue;
    }
    if (job.carried.length > 0) {
      // SIM-19: for a policy that adds to such legs, the leg as the simulator drives it and what the vehicle carries.
      const leg = aboardOf ? carriedLeg(job, mover, v.rangeKm ?? null, facilities, travel, aboardOf) : null;
      const free = leg?.free ?? whenFree([...job.carried, ...job.dispatches.flatMap((d) => d.casualties)], pos, mover, rel, facilities, travel);
      out.push({ ...shown, pos: free.pos, freeAt: Math.max(0, free.at), idle: false, rangeLeftKm: v.rangeKm ?? null, ...(leg?.carrying ? { carrying: leg.carrying } : {}) });
      continue;
    }
    const leg = onTheWay(job, job.lastStop?.pos ?? pos, mover, rel, facilities, travel);
    const fetching = job.dispatches.at(-1)!.casualties;
    if (!divert || leg.arrived) {
      out.push({ ...shown, pos: leg.end.pos, freeAt: Math.max(0, leg.end.at), idle: false, rangeLeftKm: v.rangeKm ?? null });
      continue;
    }
    // Shown as the simulator shows it (SIM-14): free now where its last stop put it, with what carrying on means.
    for (const c of fetching) enRoute.set(c.id, v.id);
    out.push({
      ...shown,
      pos: leg.anchor,
      freeAt: 0,
      idle: true,
      rangeLeftKm: v.rangeKm == null ? null : v.rangeKm - leg.drivenKm,
      diverted: leg.diverted,
      posNow: leg.posNow,
      enRoute: fetching.map((c) => c.id),
      ifKept: { pos: leg.end.pos, freeAt: leg.end.at, rangeLeftKm: v.rangeKm ?? null, reach: { atMin: leg.reach.atMin, rangeLeftKm: v.rangeKm == null ? null : v.rangeKm - leg.reach.km } },
    });
  }
  return { vehicles: out, enRoute };
}

/**
 * A vehicle on its way to its first pickup: its leg rebuilt as the simulator drove it. Each re-plan (a later dispatch
 * since the last stop) starts where the vehicle was on the leg it abandoned, but reaches its first stop no sooner
 * than from the last stop (SIM-14). `reach`: when it gets to its first pickup if it carries on (SIM-15's offer).
 * An extension the console accepted (`evac.assigned.addsToLeg`) is part of the leg it adds to (vehicleWork).
 */
function onTheWay(w: VehicleWork, anchor: Position, mover: Mover, rel: (iso: string) => number, facilities: Map<string, PlanFacility>, travel: TravelParams): { anchor: Position; posNow: Position; diverted: number; arrived: boolean; drivenKm: number; end: { pos: Position; at: number }; reach: { atMin: number; km: number } } {
  const legTo = (from: Position, to: Position): { km: number; min: number } => {
    const km = legKm(from, to, mover, travel.tortuosity);
    return { km, min: legMinutes(km, mover.speedKmh) };
  };
  const first = (d: Dispatch): Position | undefined => {
    for (const c of d.casualties) {
      const p = c.evac.nineLine?.location ?? c.position ?? undefined;
      if (p !== undefined) return p;
    }
    return undefined;
  };
  const legs = w.dispatches.slice(Math.max(0, w.sinceStop));
  let from = anchor;
  let start = legs[0]!.at;
  for (let i = 1; i < legs.length; i++) {
    const target = first(legs[i - 1]!);
    const at = legs[i]!.at;
    if (target && at > start) {
      const l = legTo(from, target);
      from = l.min > 0 ? interpolate(from, target, Math.min(1, (at - start) / l.min)) : target;
    }
    const next = first(legs[i]!);
    start = at + (next ? Math.max(0, legTo(anchor, next).min - legTo(from, next).min) : 0);
  }
  const cur = legs.at(-1)!;
  const target = first(cur);
  const l = target ? legTo(from, target) : { km: 0, min: 0 };
  const done = l.min > 0 ? Math.min(1, Math.max(0, -start / l.min)) : 0;
  const drivenKm = l.km * done;
  // Where it is now (the simulator's positionNow: it waits at the leg's start until the leg starts).
  const posNow = target && l.min > 0 ? interpolate(from, target, done) : from;
  const end = whenFree(cur.casualties, from, mover, rel, facilities, travel, start);
  return { anchor, posNow, diverted: legs.length - 1, arrived: start + l.min <= 0, drivenKm, end, reach: { atMin: start + l.min, km: l.km } };
}

/** Where and when a busy vehicle's job ends: pickups still to do from where it was assigned, then its destination. */
function whenFree(job: CasualtyState[], pos: Position, mover: Mover, rel: (iso: string) => number, facilities: Map<string, PlanFacility>, travel: TravelParams, startAt?: number): { pos: Position; at: number } {
  const leg = (a: Position, b: Position): number => legMinutes(legKm(a, b, mover, travel.tortuosity), mover.speedKmh);
  const carried = job.filter((c) => c.stage === 'in-transit');
  const toFetch = job.filter((c) => c.stage === 'assigned');
  let here = pos;
  let t = -Infinity;
  for (const c of carried) {
    const p = c.chain[c.chain.length - 1]!;
    if (rel(p.at) > t) {
      t = rel(p.at);
      here = c.evac.nineLine?.location ?? c.position ?? pos;
    }
  }
  if (carried.length === 0) {
    const assigned = toFetch.map((c) => c.vehicle.history.at(-1)?.at).filter((x): x is string => !!x).map(rel);
    t = startAt ?? (assigned.length > 0 ? Math.min(...assigned) : 0);
  }
  for (const c of toFetch) {
    const at = c.evac.nineLine?.location ?? c.position;
    if (!at) continue;
    t += leg(here, at) + travel.loadMin;
    here = at;
  }
  const dest = job.map((c) => c.destination.value).find((d): d is string => !!d && facilities.has(d));
  if (!dest) return { pos: here, at: t };
  const f = facilities.get(dest)!;
  return { pos: f.pos, at: t + leg(here, f.pos) + travel.unloadMin * job.length };
}
