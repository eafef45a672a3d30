// Baseline policies: `closest` (each request in arrival order gets the closest free vehicle, then the closest
// facility able to give definitive care) and `priority` (the same, most urgent triage category first).
import { haversineKm } from '../core/geo-math.ts';
import { triageOf } from './survival.ts';
import { definitiveFor, feasibleTimeline, fits, idleVehicles, indexView, travelMin } from './common.ts';
import type { Job, PlanCasualty, PlanView, Policy } from './types.ts';

const TRIAGE_RANK = { T1: 0, T2: 1, T3: 2 } as const;

function greedy(view: PlanView, order: PlanCasualty[]): Job[] {
  const idx = indexView(view);
  const free = new Set(idleVehicles(view).map((v) => v.id));
  const beds = new Map(view.facilities.map((f) => [f.id, f.bedsFree]));
  const jobs: Job[] = [];
  for (const c of order) {
    if (free.size === 0) break; // nothing more can be assigned
    if (c.future) continue;
    const vehicles = view.vehicles
      .filter((v) => free.has(v.id) && fits(v, c.litter ? 1 : 0, 1))
      .map((v) => ({ v, eta: travelMin(v, v.pos, c.pos, view.travel.tortuosity) }))
      .sort((a, b) => a.eta - b.eta || (a.v.id < b.v.id ? -1 : 1));
    const facilities = view.facilities
      .filter((f) => definitiveFor(c, f) && f.id !== c.facilityId)
      .sort((a, b) => haversineKm(c.pos, a.pos) - haversineKm(c.pos, b.pos) || (a.id < b.id ? -1 : 1));
    let done = false;
    for (const { v } of vehicles) {
      for (const f of facilities) {
        if ((beds.get(f.id) ?? 0) < 1) continue;
        const stops = [
          { kind: 'pickup' as const, casualtyId: c.id },
          { kind: 'dropoff' as const, casualtyIds: [c.id], facilityId: f.id },
        ];
        if (!feasibleTimeline(view, idx, v, stops)) continue;
        jobs.push({ vehicleId: v.id, stops, reason: 'closest free vehicle, closest definitive care' });
        free.delete(v.id);
        beds.set(f.id, beds.get(f.id)! - 1);
        done = true;
        break;
      }
      if (done) break;
    }
  }
  return jobs;
}

const byArrival = (a: PlanCasualty, b: PlanCasualty): number => a.atMin - b.atMin || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const closestPolicy: Policy = {
  name: 'closest',
  plan: (view) => greedy(view, [...view.casualties].sort(byArrival)),
};

export const priorityPolicy: Policy = {
  name: 'priority',
  plan: (view) =>
    greedy(
      view,
      [...view.casualties].sort((a, b) => TRIAGE_RANK[triageOf(a.rpm0)] - TRIAGE_RANK[triageOf(b.rpm0)] || byArrival(a, b)),
    ),
};
