// Vehicles in the simulator: a job is checked and started, its legs driven through threat zones, its stops served
// (SIM-2 … SIM-6).
import type { Position } from '../core/index.ts';
import { needsSurgery, survivalAt, vehicleClockRate } from '../dispatch/survival.ts';
import { hitKmFromHazard, interpolate, legExposure, legKm, sampleHitKm, stretchHazard } from '../dispatch/travel.ts';
import type { Exposure } from '../dispatch/travel.ts';
import { jobTimeline } from '../dispatch/timeline.ts';
import type { Timeline } from '../dispatch/timeline.ts';
import { inWindows } from '../dispatch/types.ts';
import type { Job } from '../dispatch/types.ts';
import { tryStartSurgery } from './facilities.ts';
import { hitThreshold } from './rng.ts';
import { advance, decide, emit, schedule, toPair } from './state.ts';
import type { ActiveJob, SimState, SimVehicle } from './state.ts';

/** Where a casualty is picked up: where it lies, or the facility that holds it. */
export function casualtyPos(s: SimState, id: string): Position {
  const c = s.casualties.get(id)!;
  return c.facilityId ? s.facilities.get(c.facilityId)!.pos : c.pos;
}

/** Start the current leg of a vehicle's job: draw a threat hit on it (SIM-5) and schedule its end. */
function startLeg(s: SimState, v: SimVehicle, t: number): void {
  const job = v.job!;
  const leg = job.timeline.legs[job.index]!;
  // The timeline was computed at dispatch; legs start exactly when planned.
  job.arrived = false;
  const exp = legExposure(leg.from, leg.to, leg.km, t, leg.durMin, s.threats, v.protection);
  const hitKm = exp.length === 0 ? null : s.hitSeed === null ? sampleHitKm(exp, s.hitRng) : hitKmFromHazard(exp, (th) => hazardLeft(s, v, th));
  v.legExposure = exp;
  // Metric: km inside any active threat zone (whatever its loss rate for this vehicle; overlapping zones once).
  v.threatKm += zoneKm(legExposure(leg.from, leg.to, leg.km, t, leg.durMin, s.zones, 'unprotected'), hitKm ?? leg.km);
  if (hitKm !== null) {
    const at = leg.km > 0 ? t + (hitKm / leg.km) * leg.durMin : t;
    schedule(s, { t: at, type: 'lost', vehicle: v.id, km: hitKm, epoch: v.epoch });
  } else {
    schedule(s, { t: t + leg.durMin, type: 'arrive', vehicle: v.id, epoch: v.epoch });
  }
}

/** SIM-10: the hazard a vehicle can still drive through in a threat before it is hit there. */
function hazardLeft(s: SimState, v: SimVehicle, threatId: string): number {
  return hitThreshold(s.hitSeed!, v.id, threatId) - (v.hazard.get(threatId) ?? 0);
}

/** The hazard of the leg under way driven through, from km 0 to `km`, is added to the vehicle's (SIM-10). */
function driveHazard(v: SimVehicle, km: number): void {
  for (const e of v.legExposure) {
    const h = stretchHazard(e, km);
    if (h > 0) v.hazard.set(e.threatId, (v.hazard.get(e.threatId) ?? 0) + h);
  }
  v.legExposure = [];
}

interface Checked {
  v: SimVehicle;
  timeline: Timeline;
  reservations: Map<string, number>;
}

/** A vehicle on its way to its first pickup, nothing aboard: a policy that re-plans may divert it (SIM-14). */
export function divertable(v: SimVehicle): boolean {
  const job = v.job;
  return !v.lost && job !== null && job.index === 0 && job.aboard.length === 0 && !job.arrived && job.stops[0]!.kind === 'pickup';
}

/**
 * SIM-19: a vehicle driving a leg with casualties aboard (not loading or unloading): a policy that declares `addAboard`
 * may insert pickups before its dropoffs.
 */
export function carriesAboard(v: SimVehicle): boolean {
  const job = v.job;
  return !v.lost && job !== null && job.aboard.length > 0 && !job.arrived && job.unloaded === 0 && job.index < job.stops.length;
}

/** Where a vehicle is now on the leg of its job under way, and the km it has driven on it. */
export function positionNow(v: SimVehicle, now: number): { pos: Position; km: number } {
  const leg = v.job!.timeline.legs[v.job!.index]!;
  if (now <= leg.startMin || leg.durMin <= 0) return { pos: leg.from, km: 0 };
  const f = Math.min(1, (now - leg.startMin) / leg.durMin);
  return { pos: interpolate(leg.from, leg.to, f), km: f * leg.km };
}

/**
 * A job that replaces the current one of a diverted vehicle: where it is, the km driven, its casualties; `keepLeg`: it
 * extends the current job instead (SIM-15), the leg under way kept as it is.
 */
interface Replacing {
  job: ActiveJob;
  pos: Position;
  km: number;
  pickups: Set<string>;
  keepLeg?: boolean;
  /** SIM-19: casualties aboard when the job starts (counted in capacity; each must be dropped by it). */
  aboard?: readonly string[];
}

/** A job the simulator accepts (SIM-4): capacity, order of stops, windows, range, beds promised. Null otherwise. */
function validate(s: SimState, job: Job, replacing: Replacing | null = null): Checked | null {
  const v = s.vehicles.get(job.vehicleId);
  if (!v || v.lost || (v.job && !replacing) || job.stops.length === 0) return null;
  const seen = new Set<string>();
  const aboard = new Set<string>(replacing?.aboard ?? []);
  let litter = [...aboard].filter((id) => s.casualties.get(id)!.litter).length;
  for (const st of job.stops) {
    if (st.kind === 'pickup') {
      const c = s.casualties.get(st.casualtyId);
      const free = c && (c.status === 'waiting' || (c.status === 'assigned' && replacing?.pickups.has(c.id)));
      if (!c || !free || seen.has(c.id)) return null;
      seen.add(c.id);
      aboard.add(c.id);
      if (c.litter) litter++;
      if (litter > v.litter || aboard.size > v.litter + v.seated) return null;
    } else {
      if (st.kind === 'dropoff' && !s.facilities.has(st.facilityId)) return null;
      if (st.casualtyIds.length === 0) return null;
      for (const id of st.casualtyIds) {
        if (!aboard.has(id)) return null;
        aboard.delete(id);
        if (s.casualties.get(id)!.litter) litter--;
      }
    }
  }
  if (aboard.size > 0) return null;
  const timeline = replacing?.keepLeg ? extendedTimeline(s, v, job, replacing.job) : replacing ? divertTimeline(s, v, job, replacing.pos) : jobTimeline(v, job.stops, s.now, s.travel, (id) => casualtyPos(s, id), (id) => s.facilities.get(id)!.pos);
  if (!inWindows(v.available, s.now, timeline.endMin)) return null;
  if (v.rangeKm !== null) {
    const back = timeline.endPos === v.basePos ? 0 : legKm(timeline.endPos, v.basePos, v, s.travel.tortuosity);
    if (v.sortieKm + (replacing?.km ?? 0) + timeline.km + back > v.rangeKm + 1e-6) return null;
  }
  const reservations = new Map<string, number>();
  for (const leg of timeline.legs) {
    const st = job.stops[leg.stopIndex]!;
    if (st.kind !== 'dropoff') continue;
    const f = s.facilities.get(st.facilityId)!;
    if (!inWindows(f.open, leg.arriveMin, leg.doneMin)) return null;
    reservations.set(f.id, (reservations.get(f.id) ?? 0) + st.casualtyIds.length);
  }
  for (const [fid, n] of reservations) {
    const f = s.facilities.get(fid)!;
    if (f.occupied + f.reserved - (replacing?.job.reservations.get(fid) ?? 0) + n > f.beds) return null;
  }
  return { v, timeline, reservations };
}

/**
 * A diverted vehicle's new timeline: from where it is now, but no leg reaching its first stop sooner than from where its
 * last trace event put it (the trace knows no other position; SIM-14) — it waits where it is for the difference.
 */
function divertTimeline(s: SimState, v: SimVehicle, job: Job, from: Position): Timeline {
  const cpos = (id: string): Position => casualtyPos(s, id);
  const fpos = (id: string): Position => s.facilities.get(id)!.pos;
  const direct = jobTimeline({ ...v, pos: from }, job.stops, s.now, s.travel, cpos, fpos);
  const fromAnchor = jobTimeline({ ...v, pos: v.anchor }, job.stops.slice(0, 1), s.now, s.travel, cpos, fpos);
  const lag = Math.max(0, fromAnchor.legs[0]!.arriveMin - direct.legs[0]!.arriveMin);
  return lag > 0 ? jobTimeline({ ...v, pos: from }, job.stops, s.now + lag, s.travel, cpos, fpos) : direct;
}

/** SIM-15: the leg under way to the first pickup, as planned, then the job's other stops from that pickup on. */
function extendedTimeline(s: SimState, v: SimVehicle, job: Job, old: ActiveJob): Timeline {
  const leg0 = old.timeline.legs[0]!;
  const rest = jobTimeline({ ...v, pos: leg0.to }, job.stops.slice(1), leg0.doneMin, s.travel, (id) => casualtyPos(s, id), (id) => s.facilities.get(id)!.pos);
  return { legs: [leg0, ...rest.legs.map((l) => ({ ...l, stopIndex: l.stopIndex + 1 }))], endMin: rest.endMin, endPos: rest.endPos, km: leg0.km + rest.km };
}

/** SIM-15: a job that goes on to the same first pickup and keeps every pickup of the current one extends it. */
export function extendsLeg(old: { stops: readonly Job['stops'][number][] }, job: Job): boolean {
  const a = old.stops[0];
  const b = job.stops[0];
  if (a?.kind !== 'pickup' || b?.kind !== 'pickup' || a.casualtyId !== b.casualtyId) return false;
  const kept = new Set(job.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : [])));
  return old.stops.every((st) => st.kind !== 'pickup' || kept.has(st.casualtyId));
}

const sameStops = (a: readonly Job['stops'][number][], b: readonly Job['stops'][number][]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Start a job the policy asked for; false (and nothing changed) when the simulator refuses it. */
export function startJob(s: SimState, job: Job): boolean {
  const cur = s.vehicles.get(job.vehicleId);
  if (cur?.job && s.policy.divert && divertable(cur)) return extendsLeg(cur.job, job) ? extendJob(s, cur, job) : divertJob(s, cur, job);
  if (cur?.job && s.policy.addAboard && carriesAboard(cur)) return addAboardJob(s, cur, job);
  const ok = validate(s, job);
  if (!ok) return false;
  return begin(s, job, ok);
}

/** Re-plan a vehicle on its way to a first pickup: the abandoned leg ends where the vehicle is now (SIM-14). */
function divertJob(s: SimState, v: SimVehicle, job: Job): boolean {
  const old = v.job!;
  if (sameStops(old.stops, job.stops)) return false;
  const at = positionNow(v, s.now);
  const pickups = new Set(old.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : [])));
  const ok = validate(s, job, { job: old, pos: at.pos, km: at.km, pickups });
  if (!ok) return false;
  // The abandoned leg: km driven so far, threat km counted at its start for the whole of it taken back.
  const leg = old.timeline.legs[0]!;
  const zones = legExposure(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, s.zones, 'unprotected');
  v.threatKm -= zoneKm(zones, leg.km) - zoneKm(zones, at.km);
  driveHazard(v, at.km);
  v.km += at.km;
  v.sortieKm += at.km;
  v.pos = at.pos;
  v.busyMin += s.now - old.startMin;
  for (const id of pickups) s.casualties.get(id)!.status = 'waiting';
  releaseStops(s, old, 0);
  v.job = null;
  v.epoch++;
  v.diverted++;
  return begin(s, job, ok);
}

/**
 * SIM-15: add pickups to a vehicle's job without re-planning the leg under way: that leg goes on as drawn (its hit or
 * arrival stays scheduled), the stops after it are replaced, and only the casualties added get a dispatch event. Not
 * a re-plan: `diverted` is unchanged.
 */
function extendJob(s: SimState, v: SimVehicle, job: Job): boolean {
  const old = v.job!;
  if (sameStops(old.stops, job.stops)) return false;
  const pickups = new Set(old.stops.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : [])));
  const ok = validate(s, job, { job: old, pos: v.pos, km: 0, pickups, keepLeg: true });
  if (!ok) return false;
  releaseStops(s, old, 0);
  promise(s, job, ok.reservations);
  v.job = { stops: job.stops, timeline: ok.timeline, index: 0, startMin: old.startMin, aboard: [], unloaded: 0, reservations: ok.reservations, arrived: false };
  for (const st of job.stops) {
    if (st.kind !== 'pickup' || pickups.has(st.casualtyId)) continue;
    s.casualties.get(st.casualtyId)!.status = 'assigned';
    emit(s, { t: s.now, event: 'dispatch', vehicle: v.id, casualty: st.casualtyId, addsToLeg: true });
  }
  return true;
}

/**
 * SIM-19: a job for a vehicle with casualties aboard that keeps every one of them and every pickup still ahead and
 * adds pickups replaces the stops ahead. The leg under way ends where the vehicle is now (its km and hazard counted,
 * SIM-10) and the new first leg reaches its stop no sooner than from the last trace position (SIM-14's rule, which
 * the checker verifies); those aboard stay aboard at their rate. The added casualties' dispatches carry `addsToLeg`
 * (SIM-15): they join the leg under way, leaving no one behind.
 */
function addAboardJob(s: SimState, v: SimVehicle, job: Job): boolean {
  const old = v.job!;
  const ahead = old.stops.slice(old.index);
  const pickups = new Set(ahead.flatMap((st) => (st.kind === 'pickup' ? [st.casualtyId] : [])));
  const added = job.stops.flatMap((st) => (st.kind === 'pickup' && !pickups.has(st.casualtyId) ? [st.casualtyId] : []));
  const kept = job.stops.filter((st) => st.kind === 'pickup' && pickups.has(st.casualtyId)).length;
  if (added.length === 0 || kept < pickups.size) return false;
  const at = positionNow(v, s.now);
  const ok = validate(s, job, { job: old, pos: at.pos, km: at.km, pickups, aboard: old.aboard });
  if (!ok) return false;
  const leg = old.timeline.legs[old.index]!;
  const zones = legExposure(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, s.zones, 'unprotected');
  v.threatKm -= zoneKm(zones, leg.km) - zoneKm(zones, at.km);
  driveHazard(v, at.km);
  for (let i = 0; i < old.index; i++) v.km += old.timeline.legs[i]!.km;
  v.km += at.km;
  v.sortieKm += at.km;
  v.pos = at.pos;
  v.busyMin += s.now - old.startMin;
  releaseStops(s, old, old.index);
  v.epoch++;
  v.diverted++;
  const ready = begin(s, job, ok, new Set(added));
  v.job!.aboard = [...old.aboard];
  return ready;
}

/** Promises of a job's stops from `from` on are withdrawn: beds and surgical places. */
function releaseStops(s: SimState, job: ActiveJob, from: number): void {
  for (let i = from; i < job.stops.length; i++) {
    const st = job.stops[i]!;
    if (st.kind !== 'dropoff') continue;
    const f = s.facilities.get(st.facilityId)!;
    if (f.tables > 0) for (const id of st.casualtyIds) if (needsSurgery(s.casualties.get(id)!.rpm)) f.reservedSurgical--;
  }
  for (const [fid, n] of job.reservations) s.facilities.get(fid)!.reserved -= n;
}

/** A job's promises: the beds it reserves and its places at surgical tables. */
function promise(s: SimState, job: Job, reservations: Map<string, number>): void {
  for (const [fid, n] of reservations) s.facilities.get(fid)!.reserved += n;
  for (const st of job.stops) {
    if (st.kind !== 'dropoff') continue;
    const f = s.facilities.get(st.facilityId)!;
    if (f.tables > 0) for (const id of st.casualtyIds) if (needsSurgery(s.casualties.get(id)!.rpm)) f.reservedSurgical++;
  }
}

/** Start a checked job; `added` (SIM-19): only these pickups are dispatched, marked as added to the leg under way. */
function begin(s: SimState, job: Job, ok: Checked, added?: ReadonlySet<string>): boolean {
  const { v, timeline, reservations } = ok;
  promise(s, job, reservations);
  v.job = { stops: job.stops, timeline, index: 0, startMin: s.now, aboard: [], unloaded: 0, reservations, arrived: false };
  for (const st of job.stops) {
    if (st.kind !== 'pickup' || (added && !added.has(st.casualtyId))) continue;
    s.casualties.get(st.casualtyId)!.status = 'assigned';
    emit(s, added ? { t: s.now, event: 'dispatch', vehicle: v.id, casualty: st.casualtyId, addsToLeg: true } : { t: s.now, event: 'dispatch', vehicle: v.id, casualty: st.casualtyId });
  }
  startLeg(s, v, timeline.legs[0]!.startMin);
  return true;
}

function endJob(v: SimVehicle, t: number): void {
  const job = v.job!;
  v.busyMin += t - job.startMin;
  v.km += job.timeline.km;
  v.job = null;
}

/** The vehicle reached its next stop: loading or unloading begins. */
export function onArrive(s: SimState, v: SimVehicle, t: number): void {
  const job = v.job!;
  const leg = job.timeline.legs[job.index]!;
  v.pos = leg.to;
  v.sortieKm += leg.km;
  driveHazard(v, leg.km);
  job.arrived = true;
  const stop = job.stops[job.index]!;
  schedule(s, { t: t + (stop.kind === 'pickup' ? s.travel.loadMin : s.travel.unloadMin), type: 'stop-done', vehicle: v.id });
}

/** Loading of one casualty, or unloading of one, has ended (SIM-2). */
export function onStopDone(s: SimState, v: SimVehicle, t: number): void {
  const job = v.job!;
  const stop = job.stops[job.index]!;
  if (stop.kind === 'pickup') {
    const c = s.casualties.get(stop.casualtyId)!;
    advance(c, t);
    if (c.facilityId) s.facilities.get(c.facilityId)!.occupied--;
    c.facilityId = null;
    c.status = 'aboard';
    c.rate = vehicleClockRate(v.medic, s.model);
    c.pickupAt ??= t;
    job.aboard.push(c.id);
    emit(s, { t, event: 'pickup', vehicle: v.id, casualty: c.id });
  } else {
    // One unloadMin per casualty: this event ends the unloading of casualtyIds[job.unloaded].
    const id = stop.casualtyIds[job.unloaded++]!;
    unloadOne(s, v, stop, id, t);
    if (job.unloaded < stop.casualtyIds.length) {
      schedule(s, { t: t + s.travel.unloadMin, type: 'stop-done', vehicle: v.id });
      return;
    }
    job.unloaded = 0;
  }
  v.anchor = v.pos;
  v.diverted = 0;
  if (v.pos === v.basePos) v.sortieKm = 0;
  job.index++;
  if (job.index < job.stops.length) startLeg(s, v, t);
  else endJob(v, t);
}

/** One casualty leaves the vehicle: at a transfer point it waits again; at a facility it is stabilised or treated (SIM-3). */
function unloadOne(s: SimState, v: SimVehicle, stop: Exclude<ActiveJob['stops'][number], { kind: 'pickup' }>, id: string, t: number): void {
  const job = v.job!;
  const c = s.casualties.get(id)!;
  advance(c, t);
  job.aboard.splice(job.aboard.indexOf(id), 1);
  if (stop.kind === 'transfer') {
    c.pos = stop.pos;
    c.status = 'waiting';
    c.rate = 1;
    emit(s, { t, event: 'dropoff', vehicle: v.id, casualty: id, pos: toPair(stop.pos) });
    return;
  }
  const f = s.facilities.get(stop.facilityId)!;
  f.reserved--;
  job.reservations.set(f.id, job.reservations.get(f.id)! - 1);
  emit(s, { t, event: 'dropoff', vehicle: v.id, casualty: id, facility: f.id });
  c.facilityAt ??= t;
  c.facilityId = f.id;
  if (!needsSurgery(c.rpm)) {
    decide(s, c, t, survivalAt(c.rpm, c.tau, s.model));
    return;
  }
  f.occupied++;
  c.rate = s.model.clockStabilised;
  if (f.tables > 0) {
    f.reservedSurgical--;
    c.status = 'queued';
    c.queuedAt = t;
    f.queue.push(id);
    tryStartSurgery(s, f, t);
  } else {
    c.status = 'waiting';
  }
}

/** A threat hit: the vehicle and everyone aboard are lost where it happened; what it had promised is released (SIM-5). */
export function onLost(s: SimState, v: SimVehicle, t: number, km: number): void {
  const job = v.job!;
  const leg = job.timeline.legs[job.index]!;
  v.pos = interpolate(leg.from, leg.to, leg.km > 0 ? km / leg.km : 0);
  for (let i = 0; i < job.index; i++) v.km += job.timeline.legs[i]!.km;
  v.km += km;
  // The stretch driven up to the hit counts in the zone's exposure (DISP-121); the draws never read a lost vehicle's.
  driveHazard(v, km);
  v.lost = true;
  v.lostAt = t;
  s.losses.push({ vehicleId: v.id, pos: v.pos, atMin: t });
  emit(s, { t, event: 'vehicle-lost', vehicle: v.id });
  for (const id of job.aboard) {
    const c = s.casualties.get(id)!;
    advance(c, t);
    c.lostWithVehicle = true;
    decide(s, c, t, s.model.survivalIfVehicleHit * survivalAt(c.rpm, c.tau, s.model));
  }
  for (let i = job.index; i < job.stops.length; i++) {
    const st = job.stops[i]!;
    if (st.kind === 'pickup') s.casualties.get(st.casualtyId)!.status = 'waiting';
  }
  releaseStops(s, job, job.index);
  v.busyMin += t - job.startMin;
  v.job = null;
}

/** Length of the union of the stretches, cut at `upToKm` along the leg. */
export function zoneKm(exp: readonly Exposure[], upToKm: number): number {
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

/** Kilometres of the job's legs not yet driven (the current one included). */
export function remainingKm(job: ActiveJob): number {
  let sum = 0;
  for (let i = job.index; i < job.timeline.legs.length; i++) sum += job.timeline.legs[i]!.km;
  return sum;
}
