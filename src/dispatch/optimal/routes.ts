// Where a casualty may go: the nearest definitive facilities, stabilising stops with an onward vehicle, and a hand-off
// point just outside a threat zone for UGVs and drones (DISP-7, DISP-8).
import { haversineKm } from '../../core/geo-math.ts';
import { definitiveFor } from '../common.ts';
import { needsSurgery } from '../survival.ts';
import { insideIntervals, legKm, legMinutes } from '../travel.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from '../types.ts';
import type { Ctx, Onward } from './context-types.ts';
import type { ThreatGeometry } from './exposure.ts';
import type { FreeAt } from './onward-load.ts';

export function candidateFacilities(ctx: Ctx, c: PlanCasualty): PlanFacility[] {
  let hit = ctx.facilitiesFor.get(c.id);
  if (!hit) ctx.facilitiesFor.set(c.id, (hit = rankFacilities(ctx, c)));
  return hit;
}

export function rankFacilities(ctx: Ctx, c: PlanCasualty): PlanFacility[] {
  // Each distance made once, not in every comparison of the sorts (issue 11: the same comparisons, the same order).
  // DISP-76: in the search, a facility full now with a bed that frees later is a candidate too (`later`).
  const later = (f: PlanFacility): boolean => !!ctx.bedTimes && f.bedsFree < 1 && (f.bedsFreeAt?.length ?? 0) > 0;
  const fs = ctx.view.facilities.filter((f) => f.id !== c.facilityId && (f.bedsFree >= 1 || later(f)) && f.open?.length !== 0).map((f) => ({ f, d: haversineKm(c.pos, f.pos) }));
  const definitive = nearest(fs.filter((x) => definitiveFor(c, x.f)), 3, later);
  const transfer = transferPoint(ctx, c, definitive.find((f) => !later(f)));
  const extra = transfer ? [transfer] : [];
  if (!needsSurgery(c.rpm0) || c.facilityId) return [...definitive, ...extra];
  const r1 = nearest(fs.filter((x) => !definitiveFor(c, x.f) && onwardFor(ctx, c, x.f.id)), 2, later);
  return [...definitive, ...r1, ...extra];
}

/** The n nearest with a bed free now, and those nearer than the last of them with a bed free later only (DISP-76). */
function nearest(xs: { f: PlanFacility; d: number }[], n: number, later: (f: PlanFacility) => boolean): PlanFacility[] {
  const sorted = xs.sort((a, b) => a.d - b.d);
  const now = sorted.filter((x) => !later(x.f)).slice(0, n);
  const reach = now.length < n ? Infinity : now[n - 1]!.d;
  return sorted.filter((x) => (later(x.f) ? x.d < reach : now.includes(x))).map((x) => x.f);
}

export const isHandOffVehicle = (v: PlanVehicle): boolean => v.kind === 'ugv' || v.kind === 'drone';

/** The onward leg from stabilising stop `id` for this casualty: a stretcher case's needs a litter place (DISP-50). */
export function onwardFor(ctx: Ctx, c: PlanCasualty, id: string): Onward | null {
  return (c.litter ? ctx.onwardLitter : ctx.onward).get(id) ?? null;
}

/**
 * Where a UGV or drone can hand a casualty inside a threat zone over to a vehicle that stays outside: on the way to
 * the nearest definitive facility, just past the edge of every zone active now that contains the casualty.
 */
export function transferPoint(ctx: Ctx, c: PlanCasualty, toward: PlanFacility | undefined): PlanFacility | null {
  const { view } = ctx;
  if (!toward || c.facilityId || c.future || !view.vehicles.some(isHandOffVehicle)) return null;
  let exit = 0;
  for (const t of view.threats) {
    if (t.toMin <= view.now || t.fromMin > view.now + 60 || !(t.lossPerKm.unprotected > 0)) continue;
    for (const [f0, f1] of insideIntervals(c.pos, toward.pos, t.polygon)) if (f0 <= exit + 1e-9) exit = Math.max(exit, f1);
  }
  if (exit <= 0) return null;
  const km = haversineKm(c.pos, toward.pos);
  const f = Math.min(1, exit + (km > 0 ? 0.3 / km : 1));
  if (f >= 0.999) return null;
  const pos = { lat: c.pos.lat + (toward.pos.lat - c.pos.lat) * f, lon: c.pos.lon + (toward.pos.lon - c.pos.lon) * f };
  const point: PlanFacility = { id: `transfer:${c.id}`, role: 'R1', pos, beds: Infinity, bedsFree: Infinity, surgicalTables: 0, tableFreeAt: [], surgicalBacklog: 0, open: null };
  ctx.beds.set(point.id, Infinity);
  ctx.transfers.set(point.id, onwardEstimate(view, point, ctx.geo, true, c.litter));
  return point;
}


/**
 * The onward vehicle from f: the one that reaches it first, from where and when it is free — or, with DISP-72 (`free`,
 * one entry per view vehicle), once the critical casualties already waiting are served (`fleetAfterDemand`).
 */
export function onwardEstimate(view: PlanView, f: PlanFacility, geo: ThreatGeometry, handOff = false, litter = false, free?: readonly FreeAt[]): Onward | null {
  let best: { etaMin: number; vehicle: PlanVehicle } | null = null;
  for (const [i, v] of view.vehicles.entries()) {
    if (v.litter === 0 && v.seated === 0) continue;
    if ((handOff && isHandOffVehicle(v)) || (litter && v.litter === 0)) continue;
    const from = free?.[i] ?? { t: Math.max(view.now, v.freeAt), pos: v.pos };
    const eta = from.t - view.now + legMinutes(legKm(from.pos, f.pos, v, view.travel.tortuosity), v.speedKmh);
    // Prefer vehicles that are not needed at the front: a rough stand-in for the next free one.
    if (!best || eta < best.etaMin) best = { etaMin: eta, vehicle: v };
  }
  if (!best) return null;
  const v = best.vehicle;
  const routes = view.facilities
    .filter((g) => g.id !== f.id && g.open?.length !== 0)
    .map((g) => {
      const km = legKm(f.pos, g.pos, v, view.travel.tortuosity);
      const durMin = legMinutes(km, v.speedKmh);
      return { facility: g, km, durMin, q: geo.legSurvival(f.pos, g.pos, km, view.now + best.etaMin, durMin, v.protection) };
    });
  const opensLater = view.threats.some((t) => t.fromMin > view.now + best.etaMin && t.lossPerKm[v.protection] > 0);
  return { ...best, from: f.pos, opensLater, routes };
}

