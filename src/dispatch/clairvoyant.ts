// An exact clairvoyant optimum for small instances (DISP-17): one vehicle, one definitive facility with a table and a
// bed for everyone, no threat zones, every casualty known in advance (when and where it occurs). In that class every
// feasible trace is a sequence of trips — dispatch at or after each casualty appears, pickups in some order, every
// casualty aboard unloaded at the facility in some order — and leaving earlier never hurts, so a dynamic programme
// over (casualties served, time) with Pareto labels (time, survival so far) finds the best schedule exactly.
// Casualties it leaves unserved get their settled survival. Pure.
import type { Position } from '../core/index.ts';
import { settleClock, survivalAt, survivalLimit, vehicleClockRate } from './survival.ts';
import type { SurvivalModel } from './survival.ts';
import { legKm, legMinutes } from './travel.ts';
import type { TravelParams } from './types.ts';

export interface SmallInstance {
  vehicle: { id: string; pos: Position; speedKmh: number; straightLine: boolean; medic: boolean; litter: number; seated: number };
  facility: { id: string; pos: Position };
  casualties: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[];
  travel: TravelParams;
  model: SurvivalModel;
}

export interface Trip {
  /** Casualties in pickup order, and in unloading order at the facility. */
  pickups: string[];
  unload: string[];
}

export interface Optimum {
  value: number;
  trips: Trip[];
}

interface Label {
  t: number;
  value: number;
  prev: Label | null;
  trip: Trip | null;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Groups of unserved casualties (as index lists) that fit the vehicle at once. */
function groups(n: number, mask: number, fits: (g: number[]) => boolean, cap: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, g: number[]): void => {
    if (g.length > 0 && fits(g)) out.push([...g]);
    if (g.length === cap) return;
    for (let i = start; i < n; i++) if (!(mask & (1 << i))) rec(i + 1, [...g, i]);
  };
  rec(0, []);
  return out;
}

export function clairvoyantOptimum(inst: SmallInstance): Optimum {
  const { vehicle: v, facility: f, casualties: cs, travel, model } = inst;
  const n = cs.length;
  if (n > 12) throw new Error('clairvoyantOptimum: at most 12 casualties');
  const rate = vehicleClockRate(v.medic, model);
  const minutes = (a: Position, b: Position): number => legMinutes(legKm(a, b, v, travel.tortuosity), v.speedKmh);
  const cap = v.litter + v.seated;
  const fits = (g: number[]): boolean => g.filter((i) => cs[i]!.litter).length <= v.litter && g.length <= cap;
  const untreated = cs.map((c) => survivalLimit(c.rpm, model));
  // Pareto labels per served set.
  const labels = new Map<number, Label[]>([[0, [{ t: 0, value: 0, prev: null, trip: null }]]]);
  const add = (mask: number, l: Label): void => {
    const xs = labels.get(mask) ?? [];
    if (xs.some((y) => y.t <= l.t + 1e-12 && y.value >= l.value - 1e-12)) return;
    labels.set(mask, [...xs.filter((y) => !(l.t <= y.t + 1e-12 && l.value >= y.value - 1e-12)), l]);
  };
  const masks = Array.from({ length: 1 << n }, (_, m) => m).sort((a, b) => popcount(a) - popcount(b));
  let best: { value: number; label: Label; mask: number } | null = null;
  for (const mask of masks) {
    for (const l of labels.get(mask) ?? []) {
      const rest = cs.reduce((a, _, i) => (mask & (1 << i) ? a : a + untreated[i]!), 0);
      if (!best || l.value + rest > best.value) best = { value: l.value + rest, label: l, mask };
      const from = l.prev === null ? v.pos : f.pos;
      for (const g of groups(n, mask, fits, cap)) {
        for (const order of permutations(g)) {
          let t = l.t;
          let here = from;
          const picked: { i: number; at: number; tau: number }[] = [];
          for (const i of order) {
            const c = cs[i]!;
            // Dispatched when it has appeared (the trace allows no earlier dispatch), then driven to it.
            t = Math.max(t, c.atMin) + minutes(here, c.pos) + travel.loadMin;
            here = c.pos;
            picked.push({ i, at: t, tau: t - c.atMin });
          }
          const arrive = t + minutes(here, f.pos);
          for (const unload of permutations(picked)) {
            let u = arrive;
            let value = l.value;
            for (const p of unload) {
              u += travel.unloadMin;
              value += survivalAt(cs[p.i]!.rpm, p.tau + rate * (u - p.at), model);
            }
            const trip = { pickups: order.map((i) => cs[i]!.id), unload: unload.map((p) => cs[p.i]!.id) };
            add(mask | g.reduce((a, i) => a | (1 << i), 0), { t: u, value, prev: l, trip });
          }
        }
      }
    }
  }
  const trips: Trip[] = [];
  for (let l: Label | null = best!.label; l && l.trip; l = l.prev) trips.unshift(l.trip);
  return { value: best!.value, trips };
}

function popcount(m: number): number {
  let k = 0;
  for (let x = m; x; x &= x - 1) k++;
  return k;
}

/** The trace of a schedule (the simulator's trace format), for the independent checker. */
export function traceOfOptimum(inst: SmallInstance, opt: Optimum): Record<string, unknown>[] {
  const { vehicle: v, facility: f, casualties: cs, travel, model } = inst;
  const byId = new Map(cs.map((c) => [c.id, c]));
  const rate = vehicleClockRate(v.medic, model);
  const minutes = (a: Position, b: Position): number => legMinutes(legKm(a, b, v, travel.tortuosity), v.speedKmh);
  const out: Record<string, unknown>[] = cs.map((c) => ({ t: c.atMin, event: 'casualty', casualty: c.id }));
  let t = 0;
  let here = v.pos;
  for (const trip of opt.trips) {
    const tau = new Map<string, { at: number; tau: number }>();
    for (const id of trip.pickups) {
      const c = byId.get(id)!;
      const leave = Math.max(t, c.atMin);
      out.push({ t: leave, event: 'dispatch', vehicle: v.id, casualty: id });
      t = leave + minutes(here, c.pos) + travel.loadMin;
      here = c.pos;
      out.push({ t, event: 'pickup', vehicle: v.id, casualty: id });
      tau.set(id, { at: t, tau: t - c.atMin });
    }
    t += minutes(here, f.pos);
    here = f.pos;
    for (const id of trip.unload) {
      t += travel.unloadMin;
      const p = tau.get(id)!;
      const s = survivalAt(byId.get(id)!.rpm, p.tau + rate * (t - p.at), model);
      out.push({ t, event: 'dropoff', vehicle: v.id, casualty: id, facility: f.id });
      if (byId.get(id)!.rpm <= 9) out.push({ t, event: 'surgery', casualty: id, facility: f.id });
      out.push({ t, event: 'outcome', casualty: id, survival: s });
    }
  }
  const served = new Set(opt.trips.flatMap((x) => x.pickups));
  const left = cs.filter((c) => !served.has(c.id));
  const end = Math.max(t, ...out.map((e) => e['t'] as number), ...left.map((c) => c.atMin + settleClock(c.rpm, model)));
  for (const c of left) out.push({ t: end, event: 'outcome', casualty: c.id, survival: survivalLimit(c.rpm, model) });
  return out.sort((a, b) => (a['t'] as number) - (b['t'] as number));
}

/** A seeded small instance of the class, as a scenario file (one ambulance based at the one R2). */
export function smallScenario(seed: number, n = 7): Record<string, unknown> {
  let a = seed * 2654435761;
  const r = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const f: [number, number] = [48.5, 37.7];
  return {
    format: 'goldenhour-scenario/1',
    name: `small-${seed}`,
    seed,
    horizonMin: 120,
    facilities: [{ id: 'r2', role: 'R2', pos: f, surgicalTables: n, beds: n }],
    vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 0, speedKmh: 40 + Math.floor(r() * 30), medic: true }],
    casualties: Array.from({ length: n }, (_, i) => ({
      id: `c${i + 1}`,
      atMin: Math.round(r() * 120 * 10) / 10,
      pos: [Math.round((f[0] + 0.05 + r() * 0.2) * 1e5) / 1e5, Math.round((f[1] + 0.05 + r() * 0.3) * 1e5) / 1e5],
      rpm: Math.floor(r() * 13),
      litter: r() < 0.6,
    })),
  };
}
