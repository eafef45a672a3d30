// Threat exposure of a leg under the optimiser's expectation: the chance of crossing unharmed (DISP-4).
import type { Position } from '../../core/index.ts';
import { insideIntervals } from '../travel.ts';
import type { Threat } from '../travel.ts';

const NO_EXPOSURE: [number, number][][] = [];

/** Geometry cache: fractions of each segment inside each threat polygon. */
export class ThreatGeometry {
  private cache = new Map<Position, Map<Position, [number, number][][]>>();
  private boxes: { lat0: number; lat1: number; lon0: number; lon1: number }[];
  private readonly threats: Threat[];
  constructor(threats: Threat[]) {
    this.threats = threats;
    this.boxes = threats.map((t) => ({
      lat0: Math.min(...t.polygon.map((p) => p.lat)),
      lat1: Math.max(...t.polygon.map((p) => p.lat)),
      lon0: Math.min(...t.polygon.map((p) => p.lon)),
      lon1: Math.max(...t.polygon.map((p) => p.lon)),
    }));
  }
  intervals(a: Position, b: Position): [number, number][][] {
    let row = this.cache.get(a);
    if (!row) this.cache.set(a, (row = new Map()));
    let hit = row.get(b);
    if (!hit) {
      hit = this.threats.map((t, i) => {
        const bx = this.boxes[i]!;
        if (Math.max(a.lat, b.lat) < bx.lat0 || Math.min(a.lat, b.lat) > bx.lat1 || Math.max(a.lon, b.lon) < bx.lon0 || Math.min(a.lon, b.lon) > bx.lon1) return [];
        return insideIntervals(a, b, t.polygon);
      });
      if (hit.every((x) => x.length === 0)) hit = NO_EXPOSURE;
      row.set(b, hit);
    }
    return hit;
  }
  /** Probability of crossing a leg unharmed, and km inside active zones. */
  legSurvival(a: Position, b: Position, km: number, start: number, dur: number, protection: 'unprotected' | 'armoured' | 'air'): number {
    if (this.threats.length === 0 || km <= 0) return 1;
    const iv = this.intervals(a, b);
    if (iv === NO_EXPOSURE) return 1;
    let logq = 0;
    for (let i = 0; i < this.threats.length; i++) {
      const t = this.threats[i]!;
      const p = t.lossPerKm[protection];
      if (!(p > 0) || iv[i]!.length === 0 || start + dur <= t.fromMin || start >= t.toMin) continue;
      const w0 = dur > 0 ? Math.max(0, (t.fromMin - start) / dur) : 0;
      const w1 = dur > 0 ? Math.min(1, (t.toMin - start) / dur) : 1;
      const segs = iv[i]!;
      for (let k = 0; k < segs.length; k++) {
        const g = Math.min(segs[k]![1], w1) - Math.max(segs[k]![0], w0);
        if (g > 0) logq += g * km * Math.log(1 - Math.min(p, 0.999999));
      }
    }
    return Math.exp(logq);
  }
}
