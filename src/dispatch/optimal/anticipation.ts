// Casualties expected but not yet reported: from the observed rate where the latest ones occurred, or the scenario's
// declared arrivals. They may hold a vehicle back, never be fetched (DISP-9).
import type { Position } from '../../core/index.ts';
import { needsSurgery } from '../survival.ts';
import type { PlanCasualty, PlanView } from '../types.ts';
import type { OptimalParams } from './params.ts';

export const PHANTOM = '\u0000anticipated-';

export interface Declared {
  ratePerMin: number;
  untilMin: number;
  criticalPerMin: number;
  /** Median RPM at injury of the critical ones, by the declared weights. */
  criticalRpm: number;
  centre: Position;
}

/** The scenario's declared arrivals still to come, if any: their rate, the critical part of it, a typical place. */
export function declaredArrivals(view: PlanView, p: OptimalParams): Declared | null {
  const a = view.arrivals;
  if (!p.useArrivals || !a || !(a.ratePerMin > 0) || view.now >= a.untilMin || a.area.length === 0) return null;
  const total = a.rpmWeights.reduce((x, y) => x + y, 0);
  let crit = 0;
  for (let r = 0; r <= 9; r++) crit += a.rpmWeights[r] ?? 0;
  if (!(total > 0)) return null;
  let acc = 0;
  let criticalRpm = 9;
  for (let r = 0; r <= 9; r++) {
    acc += a.rpmWeights[r] ?? 0;
    if (crit > 0 && acc >= crit / 2) {
      criticalRpm = r;
      break;
    }
  }
  const centre = { lat: a.area.reduce((x, q) => x + q.lat, 0) / a.area.length, lon: a.area.reduce((x, q) => x + q.lon, 0) / a.area.length };
  return { ratePerMin: a.ratePerMin, untilMin: a.untilMin, criticalPerMin: (a.ratePerMin * crit) / total, criticalRpm, centre };
}

/**
 * Casualties expected soon, for holding vehicles back: at the observed rate, where the latest ones occurred, with
 * the median RPM of the latest critical ones. They can only reserve a vehicle, never be fetched.
 */
export function anticipate(view: PlanView, p: OptimalParams): PlanCasualty[] {
  const rate = view.expectedRatePerMin;
  const recent = view.recent ?? [];
  if (p.anticipate <= 0 || view.now >= view.horizonMin) return [];
  const critical = recent.filter((r) => needsSurgery(r.rpm0)).map((r) => r.rpm0).sort((a, b) => a - b);
  const observed = rate > 0 && critical.length > 0 ? rate * (critical.length / recent.length) : 0;
  // Declared arrivals, where the scenario has them, when they come faster than what has been seen so far.
  const decl = declaredArrivals(view, p);
  const useDecl = decl !== null && decl.criticalPerMin > observed;
  const critRate = useDecl ? decl.criticalPerMin : observed;
  if (!(critRate > 0)) return [];
  const rpm0 = useDecl ? decl.criticalRpm : critical[Math.floor(critical.length / 2)]!;
  const n = Math.min(p.anticipate, Math.floor(critRate * 60));
  const out: PlanCasualty[] = [];
  for (let i = 1; i <= n; i++) {
    const at = view.now + i / critRate;
    if (at >= view.horizonMin || (useDecl && at >= decl.untilMin)) break;
    const pos = useDecl && recent.length === 0 ? decl.centre : recent[recent.length - 1 - ((i - 1) % recent.length)]!.pos;
    out.push({ id: `${PHANTOM}${i}`, atMin: at, rpm0, tau: 0, rate: 1, litter: true, pos, future: true });
  }
  return out;
}

