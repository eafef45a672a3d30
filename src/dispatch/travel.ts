// Travel model: great-circle distance × tortuosity on roads (straight lines for aircraft), minutes at a vehicle's
// speed, and the kilometres a leg spends inside each threat polygon while that threat is active.
import { haversineKm } from '../core/geo-math.ts';
import type { Position } from '../core/index.ts';

export type Protection = 'unprotected' | 'armoured' | 'air';
export type Kind = 'ambulance' | 'armoured' | 'civilian-car' | 'ugv' | 'drone' | 'helicopter';

export function protectionOf(kind: Kind): Protection {
  return kind === 'armoured' ? 'armoured' : kind === 'drone' || kind === 'helicopter' ? 'air' : 'unprotected';
}
export const fliesByDefault = (kind: Kind): boolean => kind === 'drone' || kind === 'helicopter';

export interface Mover {
  speedKmh: number;
  straightLine: boolean;
  protection: Protection;
}

export interface Threat {
  id: string;
  polygon: Position[];
  fromMin: number;
  toMin: number;
  lossPerKm: { unprotected: number; armoured: number; air: number };
}

/** Kilometres travelled between two points: great circle, × tortuosity unless the mover flies. */
export function legKm(a: Position, b: Position, mover: Pick<Mover, 'straightLine'>, tortuosity: number): number {
  const d = haversineKm(a, b);
  return mover.straightLine ? d : d * tortuosity;
}

export function legMinutes(km: number, speedKmh: number): number {
  return (km / speedKmh) * 60;
}

// Planar projection around a reference latitude, good to well under a percent over tens of kilometres.
interface XY {
  x: number;
  y: number;
}
function project(p: Position, cosLat: number): XY {
  return { x: p.lon * cosLat, y: p.lat };
}

/** Even-odd point-in-polygon test in the plane. */
export function pointInPolygon(p: Position, polygon: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.lat > p.lat !== b.lat > p.lat) {
      const lonAt = ((b.lon - a.lon) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lon;
      if (p.lon < lonAt) inside = !inside;
    }
  }
  return inside;
}

/** Fractions [f0, f1] of the segment a→b that lie inside the polygon (sorted, disjoint). */
export function insideIntervals(a: Position, b: Position, polygon: readonly Position[]): [number, number][] {
  const cosLat = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const A = project(a, cosLat);
  const B = project(b, cosLat);
  const dx = B.x - A.x;
  const dy = B.y - A.y;
  const cuts = [0, 1];
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const P = project(polygon[j]!, cosLat);
    const Q = project(polygon[i]!, cosLat);
    const ex = Q.x - P.x;
    const ey = Q.y - P.y;
    const den = dx * ey - dy * ex;
    if (Math.abs(den) < 1e-15) continue;
    const t = ((P.x - A.x) * ey - (P.y - A.y) * ex) / den;
    const u = ((P.x - A.x) * dy - (P.y - A.y) * dx) / den;
    if (t > 0 && t < 1 && u >= 0 && u <= 1) cuts.push(t);
  }
  // [0, 1] alone is in order (issue 11: most segments near a zone cross no edge, and each sort allocates).
  if (cuts.length > 2) cuts.sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const f0 = cuts[k]!;
    const f1 = cuts[k + 1]!;
    if (f1 - f0 < 1e-12) continue;
    const fm = (f0 + f1) / 2;
    const mid = { lat: a.lat + (b.lat - a.lat) * fm, lon: a.lon + (b.lon - a.lon) * fm };
    if (pointInPolygon(mid, polygon)) {
      const last = out[out.length - 1];
      if (last && Math.abs(last[1] - f0) < 1e-12) last[1] = f1;
      else out.push([f0, f1]);
    }
  }
  return out;
}

/** One stretch of a leg inside an active threat: kilometres from the leg's start, and its per-km loss chance. */
export interface Exposure {
  threatId: string;
  fromKm: number;
  toKm: number;
  lossPerKm: number;
}

/**
 * The stretches of a leg (a→b, `km` long, starting at `startMin`, lasting `durMin`) inside each threat polygon while
 * that threat is active ([fromMin, toMin)).
 */
export function legExposure(
  a: Position,
  b: Position,
  km: number,
  startMin: number,
  durMin: number,
  threats: readonly Threat[],
  protection: Protection,
): Exposure[] {
  const out: Exposure[] = [];
  for (const th of threats) {
    const p = th.lossPerKm[protection];
    if (!(p > 0)) continue;
    if (startMin + durMin <= th.fromMin || startMin >= th.toMin) continue;
    // Time window → fraction window of the leg.
    let w0 = 0;
    let w1 = 1;
    if (durMin > 0) {
      w0 = Math.max(0, (th.fromMin - startMin) / durMin);
      w1 = Math.min(1, (th.toMin - startMin) / durMin);
    }
    if (w1 <= w0) continue;
    for (const [f0, f1] of insideIntervals(a, b, th.polygon)) {
      const g0 = Math.max(f0, w0);
      const g1 = Math.min(f1, w1);
      if (g1 > g0) out.push({ threatId: th.id, fromKm: g0 * km, toKm: g1 * km, lossPerKm: p });
    }
  }
  out.sort((x, y) => x.fromKm - y.fromKm);
  return out;
}

export function exposureKm(exp: readonly Exposure[]): number {
  let s = 0;
  for (const e of exp) s += e.toKm - e.fromKm;
  return s;
}

/** Probability of getting through all exposures without being hit. */
export function survivalOfLeg(exp: readonly Exposure[]): number {
  let q = 1;
  for (const e of exp) q *= Math.pow(1 - Math.min(1, e.lossPerKm), e.toKm - e.fromKm);
  return q;
}

/**
 * Where along the leg a hit happens (km from start), given uniform draws; null when the leg is crossed unharmed.
 * Threats overlapping in space multiply their survival; each stretch is drawn in order of its start.
 */
export function sampleHitKm(exp: readonly Exposure[], draw: () => number): number | null {
  let best: number | null = null;
  for (const e of exp) {
    const len = e.toKm - e.fromKm;
    const p = Math.min(1, e.lossPerKm);
    if (len <= 0 || p <= 0) continue;
    const pHit = 1 - Math.pow(1 - p, len);
    const u = draw();
    if (u < pHit) {
      const x = p >= 1 ? 0 : Math.log(1 - (u / pHit) * pHit) / Math.log(1 - p);
      const at = e.fromKm + Math.min(len, Math.max(0, x));
      if (best === null || at < best) best = at;
    }
  }
  return best;
}

/**
 * The hazard of a stretch up to `toKm`, −ln of the chance to cross it unharmed: −ln(1 − p) per km; a rate of 1 or
 * more: infinite.
 */
export function stretchHazard(e: Exposure, toKm = e.toKm): number {
  const len = Math.min(e.toKm, toKm) - e.fromKm;
  const p = Math.min(1, e.lossPerKm);
  if (len <= 0 || p <= 0) return 0;
  return p >= 1 ? Infinity : -Math.log1p(-p) * len;
}

/**
 * SIM-10: where along the leg a hit happens (km from start) when each threat hits once the hazard driven through in
 * it reaches a threshold; `left(threatId)` is that threshold less the hazard already driven through. With Exp(1)
 * thresholds this has the law of `sampleHitKm` (hits a Poisson process per km, memoryless), but the draw belongs to
 * the vehicle and the threat, not to the leg. Null when the leg is crossed unharmed.
 */
export function hitKmFromHazard(exp: readonly Exposure[], left: (threatId: string) => number): number | null {
  const rest = new Map<string, number>();
  let best: number | null = null;
  for (const e of exp) {
    const len = e.toKm - e.fromKm;
    const p = Math.min(1, e.lossPerKm);
    if (len <= 0 || p <= 0) continue;
    const r = rest.get(e.threatId) ?? left(e.threatId);
    const rate = p >= 1 ? Infinity : -Math.log1p(-p);
    if (rate * len >= r) {
      const at = e.fromKm + (rate === Infinity ? 0 : Math.min(len, Math.max(0, r / rate)));
      if (best === null || at < best) best = at;
    }
    rest.set(e.threatId, r - rate * len);
  }
  return best;
}

export function interpolate(a: Position, b: Position, f: number): Position {
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}
