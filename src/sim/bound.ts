// An upper bound, per casualty, on the expected survival any dispatch policy can give a critical casualty (RPM ≤ 9 at
// injury) in a scenario and seed (SIM-18, docs/dispatch.md): its survival at the least clock it can have when surgery
// starts. The casualties (listed and drawn, SIM-10) are the same for every policy, so the sum bounds every policy's
// expected critical survivors for that seed.
import { haversineKm } from '../core/index.ts';
import type { Position } from '../core/index.ts';
import { assignMinCost } from '../dispatch/hungarian.ts';
import { needsSurgery, STEP_MIN, survivalAt, survivalLimit, TABLE_SPAN_MIN } from '../dispatch/survival.ts';
import type { SurvivalModel } from '../dispatch/survival.ts';
import { fliesByDefault, legKm, legMinutes } from '../dispatch/travel.ts';
import type { Scenario } from './scenario.ts';
import { staffedTables } from './scenario.ts';
import { toPos } from './state.ts';
import { drawArrivals, resolveModel } from './world.ts';

export interface CasualtyBound {
  id: string;
  rpm: number;
  atMin: number;
  /** The least clock (minutes) the casualty can have when its surgery starts; null when no vehicle or table exists. */
  clock: number | null;
  /** The most survival any policy can give it: the largest survival at a clock ≥ `clock`. */
  survival: number;
}

/** The largest survival at any clock ≥ tau: the survival is linear between 30-min steps, so a step or tau holds it. */
function bestSurvivalFrom(rpm: number, tau: number, m: SurvivalModel): number {
  let best = survivalAt(rpm, tau, m);
  // A model override (SCN-16) need not deteriorate monotonically; every row settles within 13 spans of 360 min.
  for (let t = Math.ceil(tau / STEP_MIN) * STEP_MIN; t <= 13 * TABLE_SPAN_MIN + STEP_MIN; t += STEP_MIN) best = Math.max(best, survivalAt(rpm, t, m));
  return best;
}

/**
 * Why it is a bound (every constraint it drops only lowers the clock):
 * - pickup: a vehicle moves only on a dispatch and no sooner than its first availability window opens (SIM-4), so it
 *   cannot be at the casualty's place before that opening plus the leg from its base (great-circle distance is a
 *   metric, so no chain of legs is shorter; roads multiply it by the tortuosity ≥ 1); no pickup before the report;
 *   the clock runs at 1 until pickup, loading included (SIM-1, SIM-2);
 * - onward: however the casualty is carried (one vehicle, hand-offs, stabilising stops), it covers at least the great
 *   circle to the nearest facility with a staffed surgical table at the fleet's best pace (km-factor over speed), then
 *   is unloaded, its clock running no slower than the slowest rate anywhere (aboard, stabilised);
 * - surgery may start at the dropoff (SIM-3): tables, beds, queues, opening hours, capacity, range and threats are
 *   ignored, and a lost vehicle gives `survivalIfVehicleHit` × the survival reached, which is no more.
 */
export function survivalBounds(scenario: Scenario, seed: number): CasualtyBound[] {
  const w = boundWorld(scenario, seed);
  return w.casualties.map((c) => {
    const clock = c.pickup === null ? null : c.pickup - c.atMin + w.slowest * (Math.min(...w.surgical.map((f) => f.ride(c))) + w.unloadMin);
    return { id: c.id, rpm: c.rpm, atMin: c.atMin, clock, survival: clock === null ? survivalAt(c.rpm, 0, w.model) : bestSurvivalFrom(c.rpm, clock, w.model) };
  });
}

interface BoundCasualty {
  id: string;
  rpm: number;
  atMin: number;
  pos: Position;
  /** The earliest wall time its loading can end (null: no vehicle). */
  pickup: number | null;
}

/** What both bounds read off a scenario and seed: the critical casualties with their earliest pickups, the tables. */
function boundWorld(scenario: Scenario, seed: number) {
  const model = resolveModel(scenario);
  const { tortuosity, loadMin, unloadMin } = scenario.travel;
  const bases = new Map(scenario.facilities.map((f) => [f.id, toPos(f.pos)]));
  const fleet = scenario.vehicles.flatMap((v) => {
    const opens = v.available ? v.available.filter(([, b]) => b >= 0).map(([a]) => Math.max(0, a)) : [0];
    if (opens.length === 0) return [];
    return [{ from: bases.get(v.base)!, opens: Math.min(...opens), speedKmh: v.speedKmh, straightLine: v.straightLine ?? fliesByDefault(v.kind) }];
  });
  const pace = Math.min(...fleet.map((v) => (v.straightLine ? 1 : tortuosity) / v.speedKmh)) * 60; // min per km
  const surgical = scenario.facilities
    .filter((f) => f.role !== 'R1' && staffedTables(f) > 0)
    .map((f) => ({ tables: staffedTables(f), ride: (c: { pos: Position }): number => haversineKm(c.pos, toPos(f.pos)) * pace }));
  const listed = [...scenario.casualties.map((c) => ({ id: c.id, atMin: c.atMin, pos: toPos(c.pos), rpm: c.rpm })), ...drawArrivals(scenario, seed)];
  const casualties: BoundCasualty[] = listed
    .filter((c) => needsSurgery(c.rpm))
    .map((c) => {
      let reach = Infinity;
      for (const v of fleet) reach = Math.min(reach, v.opens + legMinutes(legKm(v.from, c.pos, v, tortuosity), v.speedKmh));
      const pickup = reach === Infinity || surgical.length === 0 ? null : Math.max(c.atMin, reach) + loadMin;
      return { id: c.id, rpm: c.rpm, atMin: c.atMin, pos: c.pos, pickup };
    });
  return { model, unloadMin, slowest: Math.min(1, model.clockWithMedic, model.clockStabilised), surgical, casualties };
}

/**
 * SIM-18 with the tables: a table starts an operation at most once in any `surgeryMin` (SIM-3, SCN-13), so in each
 * window [k·S, (k+1)·S) a facility starts at most as many as it has staffed tables. Each critical casualty is given at
 * most one (facility, window) place, worth the most survival it can have starting there no sooner than its earliest
 * dropoff (its clock from the earliest pickup at no less than the slowest rate on), or else its untreated limit; the
 * best such assignment (Hungarian) bounds the sum any policy reaches, as every run's surgeries are one such assignment.
 */
export function criticalBoundWithTables(scenario: Scenario, seed: number): number {
  const w = boundWorld(scenario, seed);
  const S = w.model.surgeryMin;
  const reachable = w.casualties.filter((c) => c.pickup !== null);
  const fixed = w.casualties.filter((c) => c.pickup === null).reduce((s, c) => s + survivalAt(c.rpm, 0, w.model), 0);
  if (reachable.length === 0) return fixed;
  if (!(S > 0)) return fixed + survivalBounds(scenario, seed).filter((b) => b.clock !== null).reduce((s, b) => s + b.survival, 0);
  const clockAt = (c: BoundCasualty, t: number): number => c.pickup! - c.atMin + w.slowest * (t - c.pickup!);
  // Past the last window every casualty's clock bound has settled (≤ 13 spans of 360 min, at ≥ the slowest rate).
  const end = Math.max(...reachable.map((c) => c.pickup!)) + (13 * TABLE_SPAN_MIN + STEP_MIN) / Math.max(w.slowest, 1e-6);
  const windows = Math.ceil(end / S);
  const columns: ((c: BoundCasualty) => number)[] = [];
  for (const f of w.surgical) {
    for (let k = 0; k < windows; k++) {
      const cell = (c: BoundCasualty): number => {
        const drop = c.pickup! + f.ride(c) + w.unloadMin;
        return drop >= (k + 1) * S ? -Infinity : bestSurvivalFrom(c.rpm, clockAt(c, Math.max(drop, k * S)), w.model);
      };
      for (let j = 0; j < f.tables; j++) columns.push(cell);
    }
  }
  const untreated = (c: BoundCasualty): number => Math.max(survivalLimit(c.rpm, w.model), bestSurvivalFrom(c.rpm, clockAt(c, windows * S), w.model));
  const value = reachable.map((c) => [...columns.map((col) => col(c)), ...reachable.map(() => untreated(c))]);
  const match = assignMinCost(value.map((row) => row.map((v) => (v === -Infinity ? 1e9 : -v))));
  return fixed + match.reduce((s, j, i) => s + value[i]![j]!, 0);
}

/** The bound on a seed's expected critical survivors: the sum of the casualties' bounds. */
export const criticalBound = (scenario: Scenario, seed: number): number => survivalBounds(scenario, seed).reduce((s, c) => s + c.survival, 0);
