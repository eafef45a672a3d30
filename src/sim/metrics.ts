// Metrics every run reports (docs/scenario.md) and their mean / 95 % CI over several seeds.
import type { SimResult } from './simulator.ts';

export type Cat = 'T1' | 'T2' | 'T3';
const CATS: Cat[] = ['T1', 'T2', 'T3'];

export interface Spread {
  median: number | null;
  p90: number | null;
  n: number;
}

export interface RunMetrics {
  casualties: Record<Cat | 'critical' | 'all', number>;
  expectedSurvivors: Record<Cat | 'critical' | 'all', number>;
  expectedDeaths: Record<Cat | 'critical' | 'all', number>;
  t1SurgeryWithin60: number | null;
  t1SurgeryWithin120: number | null;
  toPickup: Record<Cat, Spread>;
  toFirstFacility: Record<Cat, Spread>;
  toSurgery: Record<Cat, Spread>;
  vehiclesLost: number;
  casualtiesLostWithVehicles: number;
  untreated: number;
  threatKm: number;
  utilisation: number;
  endMin: number;
}

/** Quantile with linear interpolation between order statistics (type 7). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p90: quantile(s, 0.9), n: s.length };
}

export function metricsOf(r: SimResult): RunMetrics {
  const groups = { T1: [] as SimResult['casualties'], T2: [] as SimResult['casualties'], T3: [] as SimResult['casualties'] };
  for (const c of r.casualties) groups[c.triage].push(c);
  const sum = (cs: SimResult['casualties']): number => cs.reduce((s, c) => s + c.survival, 0);
  const crit = [...groups.T1, ...groups.T2];
  const survivors = { T1: sum(groups.T1), T2: sum(groups.T2), T3: sum(groups.T3), critical: sum(crit), all: sum(r.casualties) };
  const counts = { T1: groups.T1.length, T2: groups.T2.length, T3: groups.T3.length, critical: crit.length, all: r.casualties.length };
  const deaths = {
    T1: counts.T1 - survivors.T1,
    T2: counts.T2 - survivors.T2,
    T3: counts.T3 - survivors.T3,
    critical: counts.critical - survivors.critical,
    all: counts.all - survivors.all,
  };
  const within = (m: number): number | null =>
    groups.T1.length === 0 ? null : groups.T1.filter((c) => c.surgeryAt !== null && c.surgeryAt - c.atMin <= m + 1e-9).length / groups.T1.length;
  const times = (pick: (c: SimResult['casualties'][number]) => number | null): Record<Cat, Spread> => {
    const out = {} as Record<Cat, Spread>;
    for (const k of CATS) out[k] = spread(groups[k].map((c) => pick(c)).filter((x): x is number => x !== null));
    return out;
  };
  const busy = r.vehicles.reduce((s, v) => s + v.busyMin, 0);
  const avail = r.vehicles.reduce((s, v) => s + v.availableMin, 0);
  return {
    casualties: counts,
    expectedSurvivors: survivors,
    expectedDeaths: deaths,
    t1SurgeryWithin60: within(60),
    t1SurgeryWithin120: within(120),
    toPickup: times((c) => (c.pickupAt === null ? null : c.pickupAt - c.atMin)),
    toFirstFacility: times((c) => (c.facilityAt === null ? null : c.facilityAt - c.atMin)),
    toSurgery: times((c) => (c.surgeryAt === null ? null : c.surgeryAt - c.atMin)),
    vehiclesLost: r.vehicles.filter((v) => v.lost).length,
    casualtiesLostWithVehicles: r.casualties.filter((c) => c.lostWithVehicle).length,
    untreated: r.casualties.filter((c) => c.untreated).length,
    threatKm: r.vehicles.reduce((s, v) => s + v.threatKm, 0),
    utilisation: avail > 0 ? busy / avail : 0,
    endMin: r.endMin,
  };
}

// Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/**
 * Mean and 95 % confidence interval (Student's t) of a sample, clipped to the metric's domain: every metric here is
 * a count, time, distance or share, so an interval below 0 (or a share above 1) would only say "few runs".
 */
export function estimate(xs: readonly number[], domain: readonly [number, number] = [0, Infinity]): Estimate {
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = n - 1 <= 30 ? T975[n - 2]! : 1.96;
  const h = (t * sd) / Math.sqrt(n);
  return { mean, lo: Math.max(domain[0], mean - h), hi: Math.min(domain[1], mean + h), n };
}

/** Flatten a metrics record to dotted keys with numeric values (nulls dropped). */
export function flatten(m: RunMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (o: unknown, prefix: string): void => {
    if (typeof o === 'number') out[prefix] = o;
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(m, '');
  return out;
}

/** Mean and CI of every metric over runs (a metric missing in some runs is estimated over the runs that have it). */
export function aggregate(runs: readonly RunMetrics[]): Record<string, Estimate> {
  const cols = new Map<string, number[]>();
  for (const r of runs) for (const [k, v] of Object.entries(flatten(r))) (cols.get(k) ?? cols.set(k, []).get(k)!).push(v);
  const isShare = (k: string) => k.startsWith('t1SurgeryWithin') || k === 'utilisation';
  return Object.fromEntries([...cols].map(([k, xs]) => [k, estimate(xs, isShare(k) ? [0, 1] : [0, Infinity])]));
}
