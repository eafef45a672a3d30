// Seeded, deterministic discrete-event simulator of casualty evacuation (docs/scenario.md).
// Pure: takes a parsed scenario and a policy, returns the trace and per-casualty records.
//
// Readings of the spec where it leaves room (the trace checker in test/trace-checker follows the same ones):
// - The clock rate follows where the casualty is, switching at trace events: 1 at the point of injury or a transfer
//   point (loading there included), clockWithMedic / 1 aboard from pickup to dropoff (unloading included),
//   clockStabilised at a facility from dropoff until definitive care or an onward pickup.
// - loadMin / unloadMin are per casualty ("minutes to load a casualty"): casualties picked up or left at one place
//   are handled one after the other, each pickup / dropoff event ending its own loadMin / unloadMin.
// - RPM ≥ 10 reaches definitive care at its dropoff event (arrival + unloadMin); surgery starts at the earliest at
//   the dropoff event. Every dropoff at a facility needs a free bed at that instant (beds are promised at dispatch),
//   RPM ≥ 10 included, though they leave the beds at once. Pickups from a closed facility are allowed (closed = no
//   intake); surgery goes on while a facility is closed.
// - A vehicle carries out a job (pickups, then a dropoff or a transfer) without interruption and waits where it
//   ended; it moves only on a dispatch. A job must fit inside one availability window, each facility stop inside one
//   open window, and its km plus the way back to base inside the vehicle's remaining range (reset at base).
// - A threat hit is drawn per km inside each active zone; the vehicle is lost at that point of the leg.
// - Vehicles do not return to base on their own (the trace has no event for it); a sortie's range restarts when a
//   job ends at the base. Every job keeps enough range to get back to base.
// - Casualties that nothing can reach any more (no event left to wait for) never get definitive care: the run goes
//   on until their deterioration has settled, and all their outcomes are written together at the first time every
//   such clock has settled (`endMin` stays the time of the last real event). The survival written is then both the
//   limit of the deterioration (survival of RPM 0 with the spec's table) and the survival of the clock at `t`.
// - Threat km (a metric) are the km inside any active threat zone, whatever its loss rate for the vehicle.
// - Scenario keys the spec does not name are ignored; a key whose value is null is read as absent.
// - Arrivals are drawn from their own seeded stream, threat hits from another: every policy sees the same casualties.
import type { Position } from '../core/index.ts';
import { DEFAULT_MODEL, needsSurgery, settleClock, survivalAt, survivalLimit, triageOf, vehicleClockRate } from '../dispatch/survival.ts';
import type { SurvivalModel, TriageCategory } from '../dispatch/survival.ts';
import {
  fliesByDefault,
  interpolate,
  legExposure,
  legKm,
  pointInPolygon,
  protectionOf,
  sampleHitKm,
} from '../dispatch/travel.ts';
import type { Exposure, Protection, Threat } from '../dispatch/travel.ts';
import { jobTimeline } from '../dispatch/timeline.ts';
import type { Timeline } from '../dispatch/timeline.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView, Policy, QueueEntry, Stop, TravelParams, Window } from '../dispatch/types.ts';
import { inWindows } from '../dispatch/types.ts';
import { closestPolicy } from '../dispatch/policies.ts';
import { Heap } from './heap.ts';
import { rngFor } from './rng.ts';
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
}

type CStatus = 'pending' | 'waiting' | 'assigned' | 'aboard' | 'queued' | 'in-surgery' | 'done';

interface SimCasualty {
  id: string;
  atMin: number;
  pos: Position;
  rpm: number;
  litter: boolean;
  fromArrivals: boolean;
  status: CStatus;
  facilityId: string | null;
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

interface SimFacility {
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

interface ActiveJob {
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
}

interface SimVehicle {
  id: string;
  kind: Scenario['vehicles'][number]['kind'];
  protection: Protection;
  straightLine: boolean;
  speedKmh: number;
  medic: boolean;
  litter: number;
  seated: number;
  baseId: string;
  basePos: Position;
  pos: Position;
  rangeKm: number | null;
  sortieKm: number;
  available: Window[] | null;
  lost: boolean;
  lostAt: number | null;
  job: ActiveJob | null;
  busyMin: number;
  km: number;
  threatKm: number;
}

type SimEvent =
  | { t: number; seq: number; type: 'appear'; casualty: string }
  | { t: number; seq: number; type: 'arrive'; vehicle: string }
  | { t: number; seq: number; type: 'stop-done'; vehicle: string }
  | { t: number; seq: number; type: 'lost'; vehicle: string; km: number }
  | { t: number; seq: number; type: 'surgery-end'; facility: string }
  | { t: number; seq: number; type: 'tick' };

const toPos = (p: readonly [number, number]): Position => ({ lat: p[0], lon: p[1] });
const toPair = (p: Position): [number, number] => [p.lat, p.lon];

export function resolveModel(s: Scenario): SurvivalModel {
  const m = s.model ?? {};
  return {
    survival: m.survival ?? DEFAULT_MODEL.survival,
    deterioration: m.deterioration ?? DEFAULT_MODEL.deterioration,
    survivalIfVehicleHit: m.survivalIfVehicleHit ?? DEFAULT_MODEL.survivalIfVehicleHit,
    clockWithMedic: m.clockWithMedic ?? DEFAULT_MODEL.clockWithMedic,
    clockStabilised: m.clockStabilised ?? DEFAULT_MODEL.clockStabilised,
    surgeryMin: m.surgeryMin ?? DEFAULT_MODEL.surgeryMin,
  };
}

export function scenarioThreats(s: Scenario): Threat[] {
  return s.threats.map((t) => ({ id: t.id, polygon: t.polygon.map(toPos), fromMin: t.fromMin, toMin: t.toMin, lossPerKm: t.lossPerKm }));
}

/** Casualties drawn from `arrivals` (Poisson process in time, uniform in the area polygon), with the given seed. */
export function drawArrivals(s: Scenario, seed: number): { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[] {
  const a = s.arrivals;
  if (!a || a.ratePerHour <= 0) return [];
  const rng = rngFor(seed, 'arrivals');
  const until = Math.min(a.untilMin, s.horizonMin);
  const poly = a.area.map(toPos);
  const lats = poly.map((p) => p.lat);
  const lons = poly.map((p) => p.lon);
  const [lat0, lat1, lon0, lon1] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const totalW = a.rpmWeights.reduce((x, y) => x + y, 0);
  const taken = new Set(s.casualties.map((c) => c.id));
  const out: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[] = [];
  let t = 0;
  for (let k = 1; ; k++) {
    t += (-Math.log(1 - rng()) * 60) / a.ratePerHour;
    if (t >= until) break;
    let pos: Position = { lat: (lat0 + lat1) / 2, lon: (lon0 + lon1) / 2 };
    for (let tries = 0; tries < 1000; tries++) {
      const p = { lat: lat0 + (lat1 - lat0) * rng(), lon: lon0 + (lon1 - lon0) * rng() };
      if (pointInPolygon(p, poly)) {
        pos = p;
        break;
      }
    }
    let u = rng() * totalW;
    let rpm = 12;
    for (let r = 0; r < 13; r++) {
      u -= a.rpmWeights[r]!;
      if (u < 0) {
        rpm = r;
        break;
      }
    }
    const litter = rng() < a.litterShare;
    let id = `arrival-${k}`;
    while (taken.has(id)) id = `${id}x`;
    taken.add(id);
    out.push({ id, atMin: t, pos, rpm, litter });
  }
  return out;
}

const EPS = 1e-9;

export function simulate(scenario: Scenario, policy: Policy, opts: SimOptions = {}): SimResult {
  const seed = opts.seed ?? scenario.seed;
  const recordTrace = opts.trace ?? true;
  const model = resolveModel(scenario);
  const travel: TravelParams = scenario.travel;
  const threats = scenarioThreats(scenario);
  const zones: Threat[] = threats.map((th) => ({ ...th, lossPerKm: { unprotected: 1, armoured: 1, air: 1 } }));
  const hitRng: Rng = rngFor(seed, 'threat-hits');
  const trace: TraceEvent[] = [];
  const emit = (e: TraceEvent): void => {
    if (recordTrace) trace.push(e);
  };

  const facilities = new Map<string, SimFacility>();
  for (const f of scenario.facilities) {
    facilities.set(f.id, {
      id: f.id,
      role: f.role,
      pos: toPos(f.pos),
      beds: f.beds,
      occupied: 0,
      reserved: 0,
      reservedSurgical: 0,
      tables: f.role === 'R1' ? 0 : f.surgicalTables,
      tableBusyUntil: Array.from({ length: f.role === 'R1' ? 0 : f.surgicalTables }, () => -Infinity),
      queue: [],
      open: f.open ? f.open.map(([a, b]) => [a, b] as const) : null,
    });
  }
  const vehicles = new Map<string, SimVehicle>();
  for (const v of scenario.vehicles) {
    const base = facilities.get(v.base)!;
    vehicles.set(v.id, {
      id: v.id,
      kind: v.kind,
      protection: protectionOf(v.kind),
      straightLine: v.straightLine ?? fliesByDefault(v.kind),
      speedKmh: v.speedKmh,
      medic: v.medic,
      litter: v.litter,
      seated: v.seated,
      baseId: v.base,
      basePos: base.pos,
      pos: base.pos,
      rangeKm: v.rangeKm ?? null,
      sortieKm: 0,
      available: v.available ? v.available.map(([a, b]) => [a, b] as const) : null,
      lost: false,
      lostAt: null,
      job: null,
      busyMin: 0,
      km: 0,
      threatKm: 0,
    });
  }
  const casualties = new Map<string, SimCasualty>();
  const mk = (c: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }, fromArrivals: boolean): SimCasualty => ({
    ...c,
    fromArrivals,
    status: 'pending',
    facilityId: null,
    tau: 0,
    rate: 1,
    since: c.atMin,
    pickupAt: null,
    facilityAt: null,
    surgeryAt: null,
    outcomeAt: null,
    survival: null,
    lostWithVehicle: false,
    untreated: false,
    queuedAt: 0,
  });
  for (const c of scenario.casualties) casualties.set(c.id, mk({ ...c, pos: toPos(c.pos) }, false));
  for (const c of drawArrivals(scenario, seed)) casualties.set(c.id, mk(c, true));

  const heap = new Heap<SimEvent>();
  let seq = 0;
  const schedule = (e: DistributiveOmit<SimEvent, 'seq'>): void => heap.push({ ...e, seq: seq++ } as SimEvent);
  const ordered = [...casualties.values()].sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of ordered) schedule({ t: c.atMin, type: 'appear', casualty: c.id });
  const ticks = new Set<number>();
  for (const v of vehicles.values()) for (const [a] of v.available ?? []) ticks.add(a);
  for (const f of facilities.values()) for (const [a] of f.open ?? []) ticks.add(a);
  for (const t of ticks) if (t > 0) schedule({ t, type: 'tick' });

  let now = 0;
  let appeared = 0;
  const recent: { pos: Position; rpm0: number; atMin: number }[] = [];
  // The declared arrival process (not its draws) is part of what the planner may know in advance.
  const arr = scenario.arrivals;
  const declared = arr && arr.ratePerHour > 0 ? { ratePerMin: arr.ratePerHour / 60, untilMin: Math.min(arr.untilMin, scenario.horizonMin), area: arr.area.map(toPos), rpmWeights: arr.rpmWeights } : null;
  const advance = (c: SimCasualty, t: number): void => {
    c.tau += c.rate * (t - c.since);
    c.since = t;
  };
  const decide = (c: SimCasualty, t: number, survival: number): void => {
    c.status = 'done';
    c.outcomeAt = t;
    c.survival = survival;
    emit({ t, event: 'outcome', casualty: c.id, survival });
  };

  const tryStartSurgery = (f: SimFacility, t: number): void => {
    for (;;) {
      const table = f.tableBusyUntil.findIndex((u) => u <= t + EPS);
      if (table < 0 || f.queue.length === 0) return;
      let idx = 0;
      if (policy.nextForSurgery && f.queue.length > 1) {
        const entries: QueueEntry[] = f.queue.map((id) => {
          const c = casualties.get(id)!;
          return { id, rpm0: c.rpm, tau: c.tau + c.rate * (t - c.since), arrivedAt: c.queuedAt };
        });
        idx = policy.nextForSurgery(entries, t, model);
        if (!(idx >= 0 && idx < f.queue.length)) idx = 0;
      }
      const id = f.queue.splice(idx, 1)[0]!;
      const c = casualties.get(id)!;
      advance(c, t);
      c.status = 'in-surgery';
      c.surgeryAt = t;
      f.tableBusyUntil[table] = t + model.surgeryMin;
      emit({ t, event: 'surgery', casualty: c.id, facility: f.id });
      decide(c, t, survivalAt(c.rpm, c.tau, model));
      schedule({ t: t + model.surgeryMin, type: 'surgery-end', facility: f.id });
    }
  };

  const casualtyPos = (id: string): Position => {
    const c = casualties.get(id)!;
    return c.facilityId ? facilities.get(c.facilityId)!.pos : c.pos;
  };
  const facilityPos = (id: string): Position => facilities.get(id)!.pos;

  const startLeg = (v: SimVehicle, t: number): void => {
    const job = v.job!;
    const leg = job.timeline.legs[job.index]!;
    // The timeline was computed at dispatch; legs start exactly when planned.
    const exp = legExposure(leg.from, leg.to, leg.km, t, leg.durMin, threats, v.protection);
    const hitKm = exp.length > 0 ? sampleHitKm(exp, hitRng) : null;
    // Metric: km inside any active threat zone (whatever its loss rate for this vehicle; overlapping zones once).
    v.threatKm += zoneKm(legExposure(leg.from, leg.to, leg.km, t, leg.durMin, zones, 'unprotected'), hitKm ?? leg.km);
    if (hitKm !== null) {
      const at = leg.km > 0 ? t + (hitKm / leg.km) * leg.durMin : t;
      schedule({ t: at, type: 'lost', vehicle: v.id, km: hitKm });
    } else {
      schedule({ t: t + leg.durMin, type: 'arrive', vehicle: v.id });
    }
  };

  const validate = (job: Job): { v: SimVehicle; timeline: Timeline; reservations: Map<string, number> } | null => {
    const v = vehicles.get(job.vehicleId);
    if (!v || v.lost || v.job || job.stops.length === 0) return null;
    const seen = new Set<string>();
    const aboard = new Set<string>();
    let litter = 0;
    for (const s of job.stops) {
      if (s.kind === 'pickup') {
        const c = casualties.get(s.casualtyId);
        if (!c || c.status !== 'waiting' || seen.has(c.id)) return null;
        seen.add(c.id);
        aboard.add(c.id);
        if (c.litter) litter++;
        if (litter > v.litter || aboard.size > v.litter + v.seated) return null;
      } else {
        if (s.kind === 'dropoff' && !facilities.has(s.facilityId)) return null;
        if (s.casualtyIds.length === 0) return null;
        for (const id of s.casualtyIds) {
          if (!aboard.has(id)) return null;
          aboard.delete(id);
          if (casualties.get(id)!.litter) litter--;
        }
      }
    }
    if (aboard.size > 0) return null;
    const timeline = jobTimeline(v, job.stops, now, travel, casualtyPos, facilityPos);
    if (!inWindows(v.available, now, timeline.endMin)) return null;
    if (v.rangeKm !== null) {
      const back = timeline.endPos === v.basePos ? 0 : legKm(timeline.endPos, v.basePos, v, travel.tortuosity);
      if (v.sortieKm + timeline.km + back > v.rangeKm + 1e-6) return null;
    }
    const reservations = new Map<string, number>();
    for (const leg of timeline.legs) {
      const s = job.stops[leg.stopIndex]!;
      if (s.kind !== 'dropoff') continue;
      const f = facilities.get(s.facilityId)!;
      if (!inWindows(f.open, leg.arriveMin, leg.doneMin)) return null;
      reservations.set(f.id, (reservations.get(f.id) ?? 0) + s.casualtyIds.length);
    }
    for (const [fid, n] of reservations) {
      const f = facilities.get(fid)!;
      if (f.occupied + f.reserved + n > f.beds) return null;
    }
    return { v, timeline, reservations };
  };

  const startJob = (job: Job): boolean => {
    const ok = validate(job);
    if (!ok) return false;
    const { v, timeline, reservations } = ok;
    for (const [fid, n] of reservations) facilities.get(fid)!.reserved += n;
    for (const s of job.stops) {
      if (s.kind === 'dropoff' && facilities.get(s.facilityId)!.tables > 0) {
        for (const id of s.casualtyIds) if (needsSurgery(casualties.get(id)!.rpm)) facilities.get(s.facilityId)!.reservedSurgical++;
      }
    }
    v.job = { stops: job.stops, timeline, index: 0, startMin: now, aboard: [], unloaded: 0, reservations };
    for (const s of job.stops) {
      if (s.kind !== 'pickup') continue;
      casualties.get(s.casualtyId)!.status = 'assigned';
      emit({ t: now, event: 'dispatch', vehicle: v.id, casualty: s.casualtyId });
    }
    startLeg(v, now);
    return true;
  };

  const endJob = (v: SimVehicle, t: number): void => {
    const job = v.job!;
    v.busyMin += t - job.startMin;
    v.km += job.timeline.km;
    v.job = null;
  };

  const onArrive = (v: SimVehicle, t: number): void => {
    const job = v.job!;
    const leg = job.timeline.legs[job.index]!;
    v.pos = leg.to;
    v.sortieKm += leg.km;
    const stop = job.stops[job.index]!;
    schedule({ t: t + (stop.kind === 'pickup' ? travel.loadMin : travel.unloadMin), type: 'stop-done', vehicle: v.id });
  };

  const onStopDone = (v: SimVehicle, t: number): void => {
    const job = v.job!;
    const stop = job.stops[job.index]!;
    if (stop.kind === 'pickup') {
      const c = casualties.get(stop.casualtyId)!;
      advance(c, t);
      if (c.facilityId) facilities.get(c.facilityId)!.occupied--;
      c.facilityId = null;
      c.status = 'aboard';
      c.rate = vehicleClockRate(v.medic, model);
      c.pickupAt ??= t;
      job.aboard.push(c.id);
      emit({ t, event: 'pickup', vehicle: v.id, casualty: c.id });
    } else {
      // One unloadMin per casualty: this event ends the unloading of casualtyIds[job.unloaded].
      const id = stop.casualtyIds[job.unloaded++]!;
      const c = casualties.get(id)!;
      advance(c, t);
      job.aboard.splice(job.aboard.indexOf(id), 1);
      if (stop.kind === 'transfer') {
        c.pos = stop.pos;
        c.status = 'waiting';
        c.rate = 1;
        emit({ t, event: 'dropoff', vehicle: v.id, casualty: id, pos: toPair(stop.pos) });
      } else {
        const f = facilities.get(stop.facilityId)!;
        f.reserved--;
        job.reservations.set(f.id, job.reservations.get(f.id)! - 1);
        emit({ t, event: 'dropoff', vehicle: v.id, casualty: id, facility: f.id });
        c.facilityAt ??= t;
        c.facilityId = f.id;
        if (!needsSurgery(c.rpm)) {
          decide(c, t, survivalAt(c.rpm, c.tau, model));
        } else {
          f.occupied++;
          c.rate = model.clockStabilised;
          if (f.tables > 0) {
            f.reservedSurgical--;
            c.status = 'queued';
            c.queuedAt = t;
            f.queue.push(id);
            tryStartSurgery(f, t);
          } else {
            c.status = 'waiting';
          }
        }
      }
      if (job.unloaded < stop.casualtyIds.length) {
        schedule({ t: t + travel.unloadMin, type: 'stop-done', vehicle: v.id });
        return;
      }
      job.unloaded = 0;
    }
    if (v.pos === v.basePos) v.sortieKm = 0;
    job.index++;
    if (job.index < job.stops.length) startLeg(v, t);
    else endJob(v, t);
  };

  const onLost = (v: SimVehicle, t: number, km: number): void => {
    const job = v.job!;
    const leg = job.timeline.legs[job.index]!;
    v.pos = interpolate(leg.from, leg.to, leg.km > 0 ? km / leg.km : 0);
    for (let i = 0; i < job.index; i++) v.km += job.timeline.legs[i]!.km;
    v.km += km;
    v.lost = true;
    v.lostAt = t;
    emit({ t, event: 'vehicle-lost', vehicle: v.id });
    for (const id of job.aboard) {
      const c = casualties.get(id)!;
      advance(c, t);
      c.lostWithVehicle = true;
      decide(c, t, model.survivalIfVehicleHit * survivalAt(c.rpm, c.tau, model));
    }
    for (let i = job.index; i < job.stops.length; i++) {
      const s = job.stops[i]!;
      if (s.kind === 'pickup') casualties.get(s.casualtyId)!.status = 'waiting';
      if (s.kind === 'dropoff') {
        const f = facilities.get(s.facilityId)!;
        if (f.tables > 0) for (const id of s.casualtyIds) if (needsSurgery(casualties.get(id)!.rpm)) f.reservedSurgical--;
      }
    }
    for (const [fid, n] of job.reservations) facilities.get(fid)!.reserved -= n;
    v.busyMin += t - job.startMin;
    v.job = null;
  };

  const buildView = (): PlanView => {
    const waiting: PlanCasualty[] = [];
    const future: PlanCasualty[] = [];
    for (const c of casualties.values()) {
      if (c.status === 'waiting') {
        waiting.push({
          id: c.id,
          atMin: c.atMin,
          rpm0: c.rpm,
          tau: c.tau + c.rate * (now - c.since),
          rate: c.rate,
          litter: c.litter,
          pos: c.facilityId ? facilities.get(c.facilityId)!.pos : c.pos,
          ...(c.facilityId ? { facilityId: c.facilityId } : {}),
        });
      } else if (opts.revealFuture && c.status === 'pending') {
        future.push({ id: c.id, atMin: c.atMin, rpm0: c.rpm, tau: 0, rate: 1, litter: c.litter, pos: c.pos, future: true });
      }
    }
    const pv: PlanVehicle[] = [];
    for (const v of vehicles.values()) {
      if (v.lost) continue;
      const busy = v.job !== null;
      pv.push({
        id: v.id,
        kind: v.kind,
        protection: v.protection,
        straightLine: v.straightLine,
        speedKmh: v.speedKmh,
        medic: v.medic,
        litter: v.litter,
        seated: v.seated,
        pos: busy ? v.job!.timeline.endPos : v.pos,
        basePos: v.basePos,
        freeAt: busy ? v.job!.timeline.endMin : now,
        idle: !busy,
        rangeLeftKm: v.rangeKm === null ? null : v.rangeKm - (busy ? v.sortieKm + remainingKm(v.job!) : v.sortieKm),
        available: v.available,
      });
    }
    const pf: PlanFacility[] = [...facilities.values()].map((f) => ({
      id: f.id,
      role: f.role,
      pos: f.pos,
      beds: f.beds,
      bedsFree: f.beds - f.occupied - f.reserved,
      surgicalTables: f.tables,
      tableFreeAt: f.tableBusyUntil.map((u) => Math.max(u, now)),
      surgicalBacklog: f.queue.length + f.reservedSurgical,
      open: f.open,
    }));
    const expectedRatePerMin = now < scenario.horizonMin && now > 0 ? appeared / Math.max(now, 60) : 0;
    return {
      now,
      casualties: opts.revealFuture ? [...waiting, ...future] : waiting,
      vehicles: pv,
      facilities: pf,
      threats,
      travel,
      model,
      horizonMin: scenario.horizonMin,
      expectedRatePerMin,
      recent: recent.slice(-8),
      ...(declared ? { arrivals: declared } : {}),
    };
  };

  const plan = (fallback: boolean): number => {
    const anyWaiting = [...casualties.values()].some((c) => c.status === 'waiting');
    const anyIdle = [...vehicles.values()].some((v) => !v.lost && !v.job && inWindows(v.available, now, now));
    if (!anyWaiting || !anyIdle) return 0;
    const view = buildView();
    const jobs = (fallback ? closestPolicy.plan(view) : policy.plan(view)).filter((j) => j.stops.every((s) => s.kind !== 'pickup' || !view.casualties.find((c) => c.id === s.casualtyId)?.future));
    let started = 0;
    for (const j of jobs) if (startJob(j)) started++;
    return started;
  };

  for (;;) {
    const e = heap.pop();
    if (!e) {
      // Nothing scheduled: let the policy act; if it holds back, fall back to plain dispatch; else the rest are untreated.
      if (plan(false) > 0 || plan(true) > 0) continue;
      // Nothing can reach them any more: they never get definitive care, so their deterioration runs its course. The
      // outcomes are written together at the first time every such clock has settled, so that the survival written is
      // both the limit and the survival of the clock at the outcome's `t`.
      const left = [...casualties.values()].filter((c) => c.status !== 'done' && c.status !== 'pending');
      let tEnd = now;
      for (const c of left) {
        advance(c, now);
        if (c.rate > 0) tEnd = Math.max(tEnd, now + Math.max(0, settleClock(c.rpm, model) - c.tau) / c.rate);
      }
      for (const c of left) {
        advance(c, tEnd);
        c.untreated = true;
        if (c.status === 'waiting' && c.facilityId) facilities.get(c.facilityId)!.occupied--;
        decide(c, tEnd, c.rate > 0 ? survivalLimit(c.rpm, model) : survivalAt(c.rpm, c.tau, model));
      }
      break;
    }
    now = e.t;
    switch (e.type) {
      case 'appear': {
        const c = casualties.get(e.casualty)!;
        c.status = 'waiting';
        appeared++;
        recent.push({ pos: c.pos, rpm0: c.rpm, atMin: c.atMin });
        emit(
          c.fromArrivals
            ? { t: now, event: 'casualty', casualty: c.id, pos: toPair(c.pos), rpm: c.rpm, litter: c.litter }
            : { t: now, event: 'casualty', casualty: c.id },
        );
        break;
      }
      case 'arrive': {
        const v = vehicles.get(e.vehicle)!;
        if (!v.lost) onArrive(v, now);
        break;
      }
      case 'stop-done': {
        const v = vehicles.get(e.vehicle)!;
        if (!v.lost) onStopDone(v, now);
        break;
      }
      case 'lost':
        onLost(vehicles.get(e.vehicle)!, now, e.km);
        break;
      case 'surgery-end': {
        const f = facilities.get(e.facility)!;
        f.occupied--;
        tryStartSurgery(f, now);
        break;
      }
      case 'tick':
        break;
    }
    const next = heap.peek();
    if (next && next.t <= now) continue;
    plan(false);
  }

  const endMin = now;
  return {
    scenario: scenario.name,
    policy: policy.name,
    seed,
    endMin,
    trace,
    casualties: [...casualties.values()].map((c) => ({
      id: c.id,
      atMin: c.atMin,
      rpm: c.rpm,
      triage: triageOf(c.rpm),
      litter: c.litter,
      fromArrivals: c.fromArrivals,
      pickupAt: c.pickupAt,
      facilityAt: c.facilityAt,
      surgeryAt: c.surgeryAt,
      outcomeAt: c.outcomeAt!,
      survival: c.survival!,
      lostWithVehicle: c.lostWithVehicle,
      untreated: c.untreated,
    })),
    vehicles: [...vehicles.values()].map((v) => ({
      id: v.id,
      kind: v.kind,
      lost: v.lost,
      lostAt: v.lostAt,
      busyMin: v.busyMin,
      availableMin: availableMinutes(v.available, 0, v.lostAt ?? endMin),
      km: v.km,
      threatKm: v.threatKm,
    })),
  };
}

/** Length of the union of the stretches, cut at `upToKm` along the leg. */
function zoneKm(exp: readonly Exposure[], upToKm: number): number {
  const iv = exp.map((e) => [e.fromKm, Math.min(e.toKm, upToKm)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of iv) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

function remainingKm(job: ActiveJob): number {
  let s = 0;
  for (let i = job.index; i < job.timeline.legs.length; i++) s += job.timeline.legs[i]!.km;
  return s;
}

function availableMinutes(windows: readonly Window[] | null, from: number, to: number): number {
  if (!windows) return Math.max(0, to - from);
  let s = 0;
  for (const [a, b] of windows) s += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return s;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

