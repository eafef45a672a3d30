// DISP-146: at the facility a job's casualties are handed over most urgent first.
//
// The simulator unloads a job's casualties one after the other, `unloadMin` each, in the order its drop-off stop lists
// them (SIM-2), and while a table is free the first unloaded takes it; every plan listed them in pickup order. So a
// minor casualty picked up first was handed over first and the critical one behind it waited five more minutes for
// its table (held-out 1032-55: c8, RPM 11, then c9, RPM 8; below `closest` on every seed by that wait alone). Here
// every drop-off lists its casualties by what each would lose by waiting one operation there (DISP-11's measure, at
// its clock when the vehicle reaches the facility), the most first, ties in pickup order: a critical casualty before
// a minor one, and of two critical ones the one a free table saves most. The clock is the one at the drop-off, not
// now: a casualty steep now may be near its untreated limit by then (dev 7-33, read at the clock now: a casualty
// with 0.07 to gain took the last free table from one with 0.52). The values the plan was chosen by do not move.
import type { Position } from '../../core/index.ts';
import { vehicleClockRate, waitLoss } from '../survival.ts';
import { jobTimeline } from '../timeline.ts';
import type { Job, PlanCasualty, PlanView, Stop } from '../types.ts';

const hasGroupDrop = (j: Job): boolean => j.stops.some((s) => s.kind === 'dropoff' && s.casualtyIds.length > 1);

/** The jobs with each drop-off's casualties in unloading order (most lost by waiting one operation there first). */
export function urgentFirst(view: PlanView, jobs: Job[]): Job[] {
  if (!jobs.some(hasGroupDrop)) return jobs;
  const byId = new Map<string, PlanCasualty>();
  for (const c of view.casualties) byId.set(c.id, c);
  for (const v of view.vehicles) for (const c of v.carrying?.aboard ?? []) byId.set(c.id, c);
  const facility = new Map<string, Position>(view.facilities.map((f) => [f.id, f.pos]));
  return jobs.map((j) => (hasGroupDrop(j) ? reordered(view, j, byId, facility) : j));
}

function reordered(view: PlanView, j: Job, byId: ReadonlyMap<string, PlanCasualty>, facility: ReadonlyMap<string, Position>): Job {
  const v = view.vehicles.find((x) => x.id === j.vehicleId);
  const m = view.model;
  if (!v || j.stops.some((s) => (s.kind === 'pickup' && !byId.has(s.casualtyId)) || (s.kind === 'dropoff' && !facility.has(s.facilityId)))) return j;
  const start = Math.max(view.now, v.freeAt);
  const tl = jobTimeline(v, j.stops, start, view.travel, (id) => byId.get(id)!.pos, (id) => facility.get(id)!);
  const aboardRate = vehicleClockRate(v.medic, m);
  // Each casualty's clock when its pickup is done (those aboard: now), then at the aboard rate to each drop-off.
  const picked = new Map<string, { at: number; tau: number }>();
  const order = (s: Stop, arrive: number): Stop => {
    if (s.kind !== 'dropoff' || s.casualtyIds.length < 2) return s;
    const loss = (id: string): number => {
      const c = byId.get(id);
      if (!c) return 0;
      const p = picked.get(id) ?? { at: view.now, tau: c.tau };
      const tau = p.tau + aboardRate * Math.max(0, arrive - p.at);
      return waitLoss(c.rpm0, tau, m);
    };
    const ranked = s.casualtyIds.map((id, i) => ({ id, i, lost: loss(id) })).sort((a, b) => b.lost - a.lost || a.i - b.i);
    return { ...s, casualtyIds: ranked.map((r) => r.id) };
  };
  const stops = j.stops.map((s, k) => {
    const leg = tl.legs.find((l) => l.stopIndex === k);
    if (s.kind === 'pickup' && leg) {
      const c = byId.get(s.casualtyId)!;
      picked.set(s.casualtyId, { at: leg.doneMin, tau: c.tau + c.rate * Math.max(0, leg.doneMin - view.now) });
    }
    return order(s, leg?.arriveMin ?? start);
  });
  return { ...j, stops };
}
