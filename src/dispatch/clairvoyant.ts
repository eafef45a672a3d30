// An exact clairvoyant optimum for small instances (DISP-17): up to 3 vehicles of any speed and capacity, several
// facilities, threat zones with a loss chance per km, up to 12 casualties known in advance (when and where each occurs).
// The class (docs/dispatch.md, DISP-17): every casualty is carried by one vehicle straight from where it lies to the
// facility that treats it; a vehicle's trip is pickups in some order, then one facility, then unloading in some
// order; vehicles have no availability windows or range limit; threat zones never close before the end.
// Then no vehicle gains by waiting (survival falls with the clock, and a zone only opens), each vehicle's casualties
// depend on nothing but that vehicle, and the expected value of a schedule is a sum over vehicles. So:
//   1. per vehicle, a dynamic programme over the set of casualties it has served, with Pareto labels
//      (time, position, expected gain, chance still running), gives f_v(S), the best expected gain of serving S;
//   2. a max-plus subset convolution over the vehicles gives the best split of the casualties.
// Tables and beds are relaxed (surgery on arrival); `exact` says whether the optimum met them anyway (then it is the
// optimum of the instance; otherwise its value is an upper bound). With threats and two or more vehicles the value is
// the best fixed schedule's expectation: a policy that re-plans after a loss can exceed it. Pure.
import { legCtx, legOf } from './clairvoyant-hit.ts';
import type { Aboard, LegCtx } from './clairvoyant-hit.ts';
import { fitsResources } from './clairvoyant-trace.ts';
import { settleClock, survivalAt, survivalLimit } from './survival.ts';
import type { Position } from '../core/index.ts';
import type { FleetVehicle, Optimum, SmallInstance, Trip } from './clairvoyant-types.ts';

export type { FleetFacility, FleetVehicle, Optimum, SmallInstance, Trip } from './clairvoyant-types.ts';

export const MAX_CASUALTIES = 12;
export const MAX_VEHICLES = 3;

export interface Label {
  t: number;
  at: number;
  gain: number;
  alive: number;
  prev: Label | null;
  trip: Trip | null;
  /** Online only (DISP-104, `TableOptions.tables`): per facility, the minute each surgical table is next free. */
  tables?: readonly (readonly number[])[];
  /**
   * The casualties (indices) the first trip must pick up, the first of them first: a vehicle carrying on its leg under
   * way and adding to it (SIM-15).
   */
  keep?: readonly number[];
  /** At most this many trips valued (labels made); past it the table is `exhausted` (incomplete). */
  budget?: number;
  /** Online only (DISP-114, `TableOptions.weights2`): the label's gain in the second measure, tracked, not optimised. */
  gain2?: number;
}

/**
 * Which facilities may take a group: any for RPM ≥ 10 only, a surgical one when someone needs surgery (online, DISP-104:
 * only one with a free bed for each of the group).
 */
function destinations(inst: SmallInstance, group: readonly number[], bedsPerTrip = false): number[] {
  const critical = group.some((i) => inst.casualties[i]!.rpm <= 9);
  return inst.facilities.flatMap((f, k) => ((!critical || f.surgical) && (!bedsPerTrip || f.beds >= group.length) ? [k] : []));
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
const PERMS: readonly (readonly (readonly number[])[])[] = Array.from({ length: 9 }, (_, k) => permutations(Array.from({ length: k }, (_, i) => i)));

interface Picked {
  i: number;
  at: number;
  tau: number;
}

/** Every trip from a label for one group: pickups in every order, each facility; the best unloading order. */
function tripsFrom(ctx: LegCtx, l: Label, group: number[], emit: (mask: number, l: Label) => void, bedsPerTrip = false, first?: number): void {
  const { inst, v, rate } = ctx;
  const cs = inst.casualties;
  const model = inst.model;
  const settled = ctx.settled;
  const w = (i: number): number => ctx.weights?.[i] ?? 1;
  // DISP-114: a second measure carried along (hit gains are linear in the weights, so one more leg outcome where they differ).
  const w2 = ctx.weights2;
  const hit2 = (leg: { hitGain: number }, from: Position, to: Position, at: number, picked: Picked[], aboard: Aboard[]): number =>
    !w2 || picked.every((p) => w2[p.i] === w(p.i)) ? leg.hitGain : legOf(ctx, from, to, at, aboard.map((a, j) => ({ ...a, weight: w2[picked[j]!.i]! }))).hitGain;
  const dest = destinations(inst, group, bedsPerTrip);
  const startPos = l.at < 0 ? v.pos : inst.facilities[l.at]!.pos;
  const groupMask = group.reduce((a, i) => a | (1 << i), 0);
  const rec = (t: number, here: Position, alive: number, gain: number, gain2: number, picked: Picked[], left: number[]): void => {
    if (left.length > 0) {
      for (const i of picked.length === 0 && first !== undefined ? [first] : left) {
        const c = cs[i]!;
        const leave = Math.max(t, c.atMin);
        const aboard = picked.map((p) => ({ rpm: cs[p.i]!.rpm, clock0: p.tau + rate * (leave - p.at), rate, weight: w(p.i) }));
        const leg = legOf(ctx, here, c.pos, leave, aboard);
        const g2 = w2 ? gain2 + alive * hit2(leg, here, c.pos, leave, picked, aboard) : 0;
        const at = leave + leg.dur + inst.travel.loadMin;
        const next = [...picked, { i, at, tau: at - c.atMin }];
        rec(at, c.pos, alive * leg.through, gain + alive * leg.hitGain, g2, next, left.filter((j) => j !== i));
      }
      return;
    }
    for (const k of dest) {
      const f = inst.facilities[k]!;
      const aboard = picked.map((p) => ({ rpm: cs[p.i]!.rpm, clock0: p.tau + rate * (t - p.at), rate, weight: w(p.i) }));
      const leg = legOf(ctx, here, f.pos, t, aboard);
      const h2 = w2 ? hit2(leg, here, f.pos, t, picked, aboard) : 0;
      const arrive = t + leg.dur;
      // Unloading order: every one (at most 4! = 24), on precomputed index orders.
      let best = -Infinity;
      let best2 = 0;
      let bestOrder: readonly number[] = [];
      let bestTables: number[] | undefined;
      const tables = l.tables?.[k];
      for (const order of PERMS[picked.length]!) {
        let s = 0;
        let s2 = 0;
        const free = tables ? [...tables] : undefined;
        for (let j = 0; j < order.length; j++) {
          const p = picked[order[j]!]!;
          const rpm = cs[p.i]!.rpm;
          const off = arrive + (j + 1) * inst.travel.unloadMin;
          let clock = p.tau + rate * (off - p.at);
          // Online (DISP-104): a casualty for surgery waits for the first table free, its clock at the stabilised rate.
          if (free && free.length > 0 && rpm <= 9) {
            const t0 = Math.min(...free);
            const start = Math.max(off, t0);
            clock += model.clockStabilised * (start - off);
            free[free.indexOf(t0)] = start + model.surgeryMin;
          }
          const g = survivalAt(rpm, clock, model) - settled[p.i]!;
          s += w(p.i) * g;
          if (w2) s2 += w2[p.i]! * g;
        }
        if (s > best) [best, best2, bestOrder, bestTables] = [s, s2, order, free];
      }
      const through = alive * leg.through;
      const trip: Trip = { vehicle: v.id, pickups: picked.map((p) => cs[p.i]!.id), facility: f.id, unload: bestOrder.map((j) => cs[picked[j]!.i]!.id) };
      const end = arrive + inst.travel.unloadMin * picked.length;
      const after = l.tables && bestTables ? l.tables.map((x, m) => (m === k ? bestTables!.sort((a, b) => a - b) : x)) : l.tables;
      const g2 = w2 ? { gain2: gain2 + alive * h2 + through * best2 } : {};
      emit(groupMask, { t: end, at: k, gain: gain + alive * leg.hitGain + through * best, alive: through, prev: l, trip, ...(after ? { tables: after } : {}), ...g2 });
    }
  };
  rec(l.t, startPos, l.alive, l.gain, l.gain2 ?? 0, [], group);
}

/** Groups of casualties outside `mask` that fit the vehicle at once. */
function groups(n: number, mask: number, fits: (g: number[]) => boolean, cap: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, g: number[]): void => {
    if (g.length > 0) {
      if (!fits(g)) return;
      out.push([...g]);
    }
    if (g.length === cap) return;
    for (let i = start; i < n; i++) if (!(mask & (1 << i))) rec(i + 1, [...g, i]);
  };
  rec(0, []);
  return out;
}

const dominates = (a: Label, b: Label): boolean =>
  a.t <= b.t + 1e-9 && a.gain >= b.gain - 1e-12 && a.alive >= b.alive - 1e-12 && (!a.tables || a.tables.every((x, k) => x.every((t, i) => t <= b.tables![k]![i]! + 1e-9)));

/**
 * The online solve's options (DISP-104; absent: the clairvoyant optimum as DISP-17 says). `start`: the minute the
 * vehicle is free at its position; `terminal`: what the vehicle is still worth at the end of a label, counted at its
 * chance of still running (a set's best label is the one with the most gain + alive × terminal); `pruneSettled`: a
 * settled casualty is never fetched even under threats (a detour through one to avoid a zone is given up for speed);
 * `bedsPerTrip`: a trip goes only to a facility with a bed for each of its casualties (`beds` as the beds free now).
 */
export interface TableOptions {
  start?: number;
  terminal?: number;
  /**
   * DISP-115: `terminal` falls linearly from its whole at `from` to nothing at `until` (the horizon), by the minute the
   * label ends: a vehicle away longer serves fewer of the casualties still to come. Absent: the same at any minute.
   */
  worthSpan?: { from: number; until: number };
  pruneSettled?: boolean;
  bedsPerTrip?: boolean;
  /** Per facility (the instance's order), the minute each surgical table is next free: tables are then not relaxed. */
  tables?: readonly (readonly number[])[];
  /**
   * The casualties (indices) the first trip must pick up, the first of them first: a vehicle carrying on its leg under
   * way and adding to it (SIM-15).
   */
  keep?: readonly number[];
  /** At most this many trips valued (labels made); past it the table is `exhausted` (incomplete). */
  budget?: number;
  /** DISP-107: per casualty, what a survivor counts (absent: 1 each, all survivors as DISP-17 counts them). */
  weights?: readonly number[];
  /** DISP-114: per casualty, what a survivor counts in a second measure each label carries (`gain2`), not optimised. */
  weights2?: readonly number[];
  /**
   * DISP-133 (online only): no trip of minor casualties alone (RPM ≥ 10) whose chance of losing the vehicle on the way
   * to its facility is above this (DISP-26's bound, which the one-step plan keeps); absent: every trip.
   */
  minorMaxLoss?: number;
}

/** The share of the vehicle's later worth (`TableOptions.terminal`) left to a label ending at minute t (DISP-115). */
export function worthLeft(opts: TableOptions, t: number): number {
  const span = opts.worthSpan;
  if (!span) return 1;
  return span.until > span.from ? Math.min(1, Math.max(0, (span.until - t) / (span.until - span.from))) : 0;
}

/** f_v(S) for every set S: the best expected gain of vehicle v serving exactly S, and the label that reaches it. */
export function vehicleTable(inst: SmallInstance, v: FleetVehicle, opts: TableOptions = {}): { gain: Float64Array; label: (Label | null)[]; exhausted?: boolean } {
  const n = inst.casualties.length;
  const ctx = { ...legCtx(inst, v), ...(opts.weights ? { weights: opts.weights } : {}), ...(opts.weights2 ? { weights2: opts.weights2 } : {}) };
  const cap = v.litter + v.seated;
  const fits = (g: number[]): boolean => g.filter((i) => inst.casualties[i]!.litter).length <= v.litter && g.length <= cap;
  const labels: Label[][] = Array.from({ length: 1 << n }, () => []);
  labels[0]!.push({ t: opts.start ?? 0, at: -1, gain: 0, alive: 1, prev: null, trip: null, ...(opts.tables ? { tables: opts.tables.map((x) => [...x].sort((a, b) => a - b)) } : {}), ...(opts.weights2 ? { gain2: 0 } : {}) });
  // Without threats a casualty already settled by the label's time gains nothing from a trip, and leaving a stop out
  // never makes a trip longer (distances obey the triangle inequality): such casualties are not fetched. With
  // threats a detour can avoid a zone, so every casualty stays a candidate.
  const settleAt = inst.casualties.map((c) => c.atMin + settleClock(c.rpm, inst.model));
  const futile = (t: number): number =>
    inst.threats.length > 0 && !opts.pruneSettled ? 0 : settleAt.reduce((m, at, i) => (t >= at ? m | (1 << i) : m), 0);
  const terminal = opts.terminal ?? 0;
  const gain = new Float64Array(1 << n).fill(-Infinity);
  const best: (Label | null)[] = new Array<Label | null>(1 << n).fill(null);
  let spent = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const here = labels[mask]!;
    for (const l of here) {
      const worth = l.gain + l.alive * terminal * worthLeft(opts, l.t);
      if (worth > gain[mask]!) [gain[mask], best[mask]] = [worth, l];
      if (cap === 0) continue;
      const keep = l.prev === null ? opts.keep : undefined;
      const first = keep?.[0];
      for (const g of groups(n, mask | futile(l.t), fits, cap)) {
        if (keep && !keep.every((i) => g.includes(i))) continue;
        const bounded = opts.minorMaxLoss !== undefined && g.every((i) => inst.casualties[i]!.rpm >= 10);
        tripsFrom(ctx, l, g, (gm, nl) => {
          if (bounded && 1 - nl.alive / l.alive > opts.minorMaxLoss!) return;
          spent++;
          const xs = labels[mask | gm]!;
          if (xs.some((y) => y.at === nl.at && dominates(y, nl))) return;
          labels[mask | gm] = [...xs.filter((y) => !(y.at === nl.at && dominates(nl, y))), nl];
        }, opts.bedsPerTrip, first);
      }
      if (opts.budget !== undefined && spent > opts.budget) return { gain, label: best, exhausted: true };
    }
    labels[mask] = []; // done with this set (the best label stays reachable through `best`)
  }
  return { gain, label: best };
}

/** max over T ⊆ S of a(T) + b(S \ T), with the T chosen. */
function maxPlusSubsets(a: Float64Array, b: Float64Array): { value: Float64Array; split: Int32Array } {
  const N = a.length;
  const value = new Float64Array(N).fill(-Infinity);
  const split = new Int32Array(N);
  for (let S = 0; S < N; S++) {
    for (let T = S; ; T = (T - 1) & S) {
      const x = a[T]! + b[S ^ T]!;
      if (x > value[S]!) [value[S], split[S]] = [x, T];
      if (T === 0) break;
    }
  }
  return { value, split };
}

/**
 * The optimum of every survivor alike (DISP-17), or with `weights` (per casualty, what a survivor counts) of another
 * measure: RPM ≤ 9 at 1 and the rest at 0 is the optimum of critical survivors, the measure issue 11's family goals
 * count (`bench/dispatch-clairvoyant.ts --measure critical`).
 */
export function clairvoyantOptimum(inst: SmallInstance, weights?: readonly number[]): Optimum {
  const n = inst.casualties.length;
  if (n > MAX_CASUALTIES) throw new Error(`clairvoyantOptimum: at most ${MAX_CASUALTIES} casualties`);
  if (inst.vehicles.length > MAX_VEHICLES) throw new Error(`clairvoyantOptimum: at most ${MAX_VEHICLES} vehicles`);
  const tables = inst.vehicles.map((v) => vehicleTable(inst, v, weights ? { weights } : {}));
  // Fold the vehicles in one by one, remembering each split.
  let acc: Float64Array = new Float64Array(1 << n).fill(-Infinity);
  acc[0] = 0;
  const splits: Int32Array[] = [];
  for (const t of tables) {
    const { value, split } = maxPlusSubsets(t.gain, acc);
    acc = value;
    splits.push(split);
  }
  let S = 0;
  for (let m = 0; m < 1 << n; m++) if (acc[m]! > acc[S]!) S = m;
  const settled = inst.casualties.reduce((s, c, i) => s + (weights?.[i] ?? 1) * survivalLimit(c.rpm, inst.model), 0);
  const trips: Trip[] = [];
  let rest = S;
  for (let k = tables.length - 1; k >= 0; k--) {
    const T = splits[k]![rest]!;
    const own: Trip[] = [];
    for (let l = tables[k]!.label[T] ?? null; l && l.trip; l = l.prev) own.unshift(l.trip);
    trips.unshift(...own);
    rest ^= T;
  }
  return { value: settled + acc[S]!, trips, exact: fitsResources(inst, trips) };
}

export { fleetScenario, runSeed, smallScenario } from './clairvoyant-family.ts';
export { traceOfOptimum } from './clairvoyant-trace.ts';
