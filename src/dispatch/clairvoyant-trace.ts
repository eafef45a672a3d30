// A clairvoyant schedule (DISP-17) played out: its timeline, whether tables and beds allow surgery on arrival, and
// its trace in the simulator's format for the independent checker. With threats, `draw` decides the hits the way the
// simulator does (`sampleHitKm` per leg); without it every vehicle gets through (the schedule's "no hit" trace). Pure.
import type { Position } from '../core/index.ts';
import type { SmallInstance, Trip } from './clairvoyant-types.ts';
import { settleClock, survivalAt, survivalLimit, vehicleClockRate } from './survival.ts';
import { legExposure, legKm, legMinutes, sampleHitKm } from './travel.ts';

type Ev = Record<string, unknown>;

/** A casualty left at a facility: when (end of its unloading), its clock then, and where. */
export interface Drop {
  id: string;
  facility: string;
  u: number;
  clock: number;
  rpm: number;
}

interface Played {
  events: Ev[];
  drops: Drop[];
  /** Casualties lost with a vehicle or never reached get their outcome elsewhere. */
  settled: Set<string>;
}

/** One vehicle's trips: dispatch, pickup, dropoff and (for RPM ≥ 10) outcome events, and its drops. */
function playVehicle(inst: SmallInstance, trips: readonly Trip[], draw: (() => number) | null, out: Played): void {
  const cs = new Map(inst.casualties.map((c) => [c.id, c]));
  const v = inst.vehicles.find((x) => x.id === trips[0]!.vehicle)!;
  const rate = vehicleClockRate(v.medic, inst.model);
  let t = 0;
  let here: Position = v.pos;
  const aboard: { id: string; at: number; tau: number }[] = [];
  // Drive a leg; false when the vehicle is hit on it (everyone aboard is lost with it).
  const drive = (to: Position): boolean => {
    const km = legKm(here, to, v, inst.travel.tortuosity);
    const dur = legMinutes(km, v.speedKmh);
    const hit = draw && inst.threats.length > 0 ? sampleHitKm(legExposure(here, to, km, t, dur, inst.threats, v.protection), draw) : null;
    if (hit !== null) {
      const th = t + (km > 0 ? (hit / km) * dur : 0);
      out.events.push({ t: th, event: 'vehicle-lost', vehicle: v.id });
      for (const a of aboard) {
        const c = cs.get(a.id)!;
        const s = inst.model.survivalIfVehicleHit * survivalAt(c.rpm, a.tau + rate * (th - a.at), inst.model);
        out.events.push({ t: th, event: 'outcome', casualty: a.id, survival: s });
        out.settled.delete(a.id);
      }
      return false;
    }
    t += dur;
    here = to;
    return true;
  };
  for (const trip of trips) {
    for (const id of trip.pickups) {
      const c = cs.get(id)!;
      t = Math.max(t, c.atMin);
      out.events.push({ t, event: 'dispatch', vehicle: v.id, casualty: id });
      if (!drive(c.pos)) return;
      t += inst.travel.loadMin;
      out.events.push({ t, event: 'pickup', vehicle: v.id, casualty: id });
      aboard.push({ id, at: t, tau: t - c.atMin });
    }
    const f = inst.facilities.find((x) => x.id === trip.facility)!;
    if (!drive(f.pos)) return;
    for (const id of trip.unload) {
      t += inst.travel.unloadMin;
      const a = aboard.find((x) => x.id === id)!;
      const c = cs.get(id)!;
      const clock = a.tau + rate * (t - a.at);
      out.events.push({ t, event: 'dropoff', vehicle: v.id, casualty: id, facility: f.id });
      out.settled.delete(id);
      if (c.rpm >= 10) out.events.push({ t, event: 'outcome', casualty: id, survival: survivalAt(c.rpm, clock, inst.model) });
      out.drops.push({ id, facility: f.id, u: t, clock, rpm: c.rpm });
    }
    aboard.length = 0;
  }
}

/** Surgery for every drop needing it: on arrival when a table is free, else first come first served. */
function surgeries(inst: SmallInstance, drops: readonly Drop[]): { id: string; facility: string; start: number; survival: number }[] {
  const out: { id: string; facility: string; start: number; survival: number }[] = [];
  for (const f of inst.facilities) {
    const free = Array.from({ length: f.tables }, () => 0);
    for (const d of drops.filter((x) => x.facility === f.id && x.rpm <= 9).sort((a, b) => a.u - b.u)) {
      const k = free.indexOf(Math.min(...free));
      const start = Math.max(d.u, free[k] ?? Infinity);
      if (k >= 0) free[k] = start + inst.model.surgeryMin;
      const survival = survivalAt(d.rpm, d.clock + inst.model.clockStabilised * (start - d.u), inst.model);
      out.push({ id: d.id, facility: f.id, start, survival });
    }
  }
  return out;
}

function play(inst: SmallInstance, trips: readonly Trip[], draw: (() => number) | null): Played {
  const out: Played = { events: [], drops: [], settled: new Set(inst.casualties.map((c) => c.id)) };
  for (const v of inst.vehicles) {
    const own = trips.filter((x) => x.vehicle === v.id);
    if (own.length > 0) playVehicle(inst, own, draw, out);
  }
  return out;
}

/** Tables and beds allow every surgery on arrival (the relaxation the solver makes holds for this schedule). */
export function fitsResources(inst: SmallInstance, trips: readonly Trip[]): boolean {
  const { drops } = play(inst, trips, null);
  for (const f of inst.facilities) {
    const here = drops.filter((d) => d.facility === f.id);
    const critical = here.filter((d) => d.rpm <= 9);
    // A critical casualty holds a table and a bed from its arrival until its surgery ends; a minor one a bed for an instant.
    const busyAt = (t: number): number => critical.filter((d) => d.u <= t + 1e-9 && t < d.u + inst.model.surgeryMin - 1e-6).length;
    for (const d of critical) if (busyAt(d.u) > Math.min(f.tables, f.beds)) return false;
    for (const d of here) if (d.rpm >= 10 && busyAt(d.u) + 1 > f.beds) return false;
  }
  return true;
}

/** The schedule's trace (the simulator's format); `draw` plays the threats' hits, null plays none. */
export function traceOfOptimum(inst: SmallInstance, opt: { trips: readonly Trip[] }, draw: (() => number) | null = null): Ev[] {
  const p = play(inst, opt.trips, draw);
  const out: Ev[] = inst.casualties.map((c) => ({ t: c.atMin, event: 'casualty', casualty: c.id }));
  out.push(...p.events);
  for (const s of surgeries(inst, p.drops)) {
    out.push({ t: s.start, event: 'surgery', casualty: s.id, facility: s.facility });
    out.push({ t: s.start, event: 'outcome', casualty: s.id, survival: s.survival });
  }
  const left = inst.casualties.filter((c) => p.settled.has(c.id));
  const end = Math.max(...out.map((e) => e['t'] as number), ...left.map((c) => c.atMin + settleClock(c.rpm, inst.model)));
  for (const c of left) out.push({ t: end, event: 'outcome', casualty: c.id, survival: survivalLimit(c.rpm, inst.model) });
  // Stable: each vehicle's and casualty's own events keep their order at equal times.
  return out.map((e, i) => ({ e, i })).sort((a, b) => (a.e['t'] as number) - (b.e['t'] as number) || a.i - b.i).map((x) => x.e);
}
