// `careful`: what a good human dispatcher does today (DISP-13) — the fair baseline. The most urgent casualty first
// (triage, then RPM, then time of the report); the closest facility that can treat it; of the free vehicles, the
// nearest whose round of legs is safe enough (else the safest); never a vehicle through a zone another one was lost in
// during the last LOSS_MEMORY_MIN minutes.
import { haversineKm } from '../core/geo-math.ts';
import { definitiveFor, feasibleTimeline, fits, idleVehicles, indexView } from './common.ts';
import type { Index } from './common.ts';
import { triageOf } from './survival.ts';
import { legExposure, pointInPolygon, survivalOfLeg } from './travel.ts';
import type { Threat } from './travel.ts';
import type { Job, PlanCasualty, PlanFacility, PlanVehicle, PlanView, Policy, Stop } from './types.ts';

/** How long a dispatcher keeps out of a zone after a vehicle was lost in it (minutes). */
export const LOSS_MEMORY_MIN = 120;
/** Below this chance of getting through, no vehicle is sent: the casualty waits for a safer moment. */
export const MIN_ROUTE = 0.5;
/** A route whose chance of getting through is at least this is "safe": the nearest such vehicle goes. */
export const SAFE_ROUTE = 0.95;

const TRIAGE_RANK = { T1: 0, T2: 1, T3: 2 } as const;

/** Zones a vehicle was lost in lately: the threats whose polygon holds a recent loss. */
export function burnedZones(view: PlanView, memoryMin = LOSS_MEMORY_MIN): Set<string> {
  const out = new Set<string>();
  for (const loss of view.losses ?? []) {
    if (view.now - loss.atMin > memoryMin) continue;
    for (const t of view.threats) if (pointInPolygon(loss.pos, t.polygon)) out.add(t.id);
  }
  return out;
}

interface RouteRisk {
  /** Chance of getting through every leg. */
  q: number;
  /** True when a leg crosses a burned zone while it is active. */
  burned: boolean;
}

function routeRisk(view: PlanView, idx: Index, v: PlanVehicle, stops: Stop[], threats: readonly Threat[], burned: Set<string>): RouteRisk | null {
  const tl = feasibleTimeline(view, idx, v, stops);
  if (!tl) return null;
  let q = 1;
  let hot = false;
  for (const leg of tl.legs) {
    const exp = legExposure(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, threats, v.protection);
    q *= survivalOfLeg(exp);
    // A burned zone is avoided whatever this vehicle's loss rate inside it.
    if (anyBurned(burned, threats) && legExposure(leg.from, leg.to, leg.km, leg.startMin, leg.durMin, burnedOnly(threats, burned), 'unprotected').length > 0) hot = true;
  }
  return { q, burned: hot };
}

const anyBurned = (burned: Set<string>, threats: readonly Threat[]): boolean => burned.size > 0 && threats.length > 0;
/** The burned zones with a loss rate of 1 for every class: crossing one at all is what counts. */
const burnedOnly = (threats: readonly Threat[], burned: Set<string>): Threat[] =>
  threats.filter((t) => burned.has(t.id)).map((t) => ({ ...t, lossPerKm: { unprotected: 1, armoured: 1, air: 1 } }));

const urgency = (a: PlanCasualty, b: PlanCasualty): number =>
  TRIAGE_RANK[triageOf(a.rpm0)] - TRIAGE_RANK[triageOf(b.rpm0)] || a.rpm0 - b.rpm0 || a.atMin - b.atMin || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function closestDefinitive(view: PlanView, c: PlanCasualty, beds: Map<string, number>): PlanFacility[] {
  return view.facilities
    .filter((f) => definitiveFor(c, f) && f.id !== c.facilityId && (beds.get(f.id) ?? 0) >= 1 && f.open?.length !== 0)
    .sort((a, b) => haversineKm(c.pos, a.pos) - haversineKm(c.pos, b.pos) || (a.id < b.id ? -1 : 1));
}

export const carefulPolicy: Policy = {
  name: 'careful',
  plan(view: PlanView): Job[] {
    const free = new Map(idleVehicles(view).map((v) => [v.id, v]));
    const beds = new Map(view.facilities.map((f) => [f.id, f.bedsFree]));
    const burned = burnedZones(view);
    const idx = indexView(view);
    const jobs: Job[] = [];
    for (const c of view.casualties.filter((x) => !x.future).sort(urgency)) {
      if (free.size === 0) break;
      for (const f of closestDefinitive(view, c, beds)) {
        const stops: Stop[] = [
          { kind: 'pickup', casualtyId: c.id },
          { kind: 'dropoff', casualtyIds: [c.id], facilityId: f.id },
        ];
        let best: { v: PlanVehicle; q: number; eta: number } | null = null;
        for (const v of free.values()) {
          if (!fits(v, c.litter ? 1 : 0, 1)) continue;
          const risk = routeRisk(view, idx, v, stops, view.threats, burned);
          if (!risk || risk.burned) continue;
          const eta = haversineKm(v.pos, c.pos) * (v.straightLine ? 1 : view.travel.tortuosity) / v.speedKmh;
          const safe = risk.q >= SAFE_ROUTE;
          const better = !best || (safe && best.q < SAFE_ROUTE) || (safe ? best.q >= SAFE_ROUTE && eta < best.eta : best.q < SAFE_ROUTE && risk.q > best.q);
          if (better) best = { v, q: risk.q, eta };
        }
        if (!best || best.q < MIN_ROUTE) continue;
        jobs.push({ vehicleId: best.v.id, stops, reason: 'most urgent first, safest near vehicle, closest facility that can treat' });
        free.delete(best.v.id);
        beds.set(f.id, beds.get(f.id)! - 1);
        break;
      }
    }
    return jobs;
  },
};
