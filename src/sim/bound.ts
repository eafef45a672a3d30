// An upper bound, per casualty, on the expected survival any dispatch policy can give a critical casualty (RPM ≤ 9 at
// injury) in a scenario and seed (SIM-18, docs/dispatch.md): its survival at the least clock it can have when surgery
// starts. The casualties (listed and drawn, SIM-10) are the same for every policy, so the sum bounds every policy's
// expected critical survivors for that seed.
import { haversineKm } from '../core/index.ts';
import type { Position } from '../core/index.ts';
import { needsSurgery, STEP_MIN, survivalAt, TABLE_SPAN_MIN } from '../dispatch/survival.ts';
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
  const model = resolveModel(scenario);
  const { tortuosity, loadMin, unloadMin } = scenario.travel;
  const bases = new Map(scenario.facilities.map((f) => [f.id, toPos(f.pos)]));
  const surgical = scenario.facilities.filter((f) => f.role !== 'R1' && staffedTables(f) > 0).map((f) => toPos(f.pos));
  const fleet = scenario.vehicles.flatMap((v) => {
    const opens = v.available ? v.available.filter(([, b]) => b >= 0).map(([a]) => Math.max(0, a)) : [0];
    if (opens.length === 0) return [];
    return [{ from: bases.get(v.base)!, opens: Math.min(...opens), speedKmh: v.speedKmh, straightLine: v.straightLine ?? fliesByDefault(v.kind) }];
  });
  const pace = Math.min(...fleet.map((v) => (v.straightLine ? 1 : tortuosity) / v.speedKmh)) * 60; // min per km
  const slowest = Math.min(1, model.clockWithMedic, model.clockStabilised);
  const casualties = [...scenario.casualties.map((c) => ({ id: c.id, atMin: c.atMin, pos: toPos(c.pos), rpm: c.rpm })), ...drawArrivals(scenario, seed)];
  const out: CasualtyBound[] = [];
  for (const c of casualties) {
    if (!needsSurgery(c.rpm)) continue;
    const clock = leastClock(c.pos, c.atMin, fleet, surgical, { tortuosity, loadMin, unloadMin, pace, slowest });
    out.push({ id: c.id, rpm: c.rpm, atMin: c.atMin, clock, survival: clock === null ? survivalAt(c.rpm, 0, model) : bestSurvivalFrom(c.rpm, clock, model) });
  }
  return out;
}

interface Reach {
  tortuosity: number;
  loadMin: number;
  unloadMin: number;
  pace: number;
  slowest: number;
}

/** The least clock at surgery, or null when no vehicle or no surgical facility exists (the bound is then RPM's own survival). */
function leastClock(pos: Position, atMin: number, fleet: { from: Position; opens: number; speedKmh: number; straightLine: boolean }[], surgical: Position[], r: Reach): number | null {
  if (fleet.length === 0 || surgical.length === 0) return null;
  let reach = Infinity;
  for (const v of fleet) reach = Math.min(reach, v.opens + legMinutes(legKm(v.from, pos, v, r.tortuosity), v.speedKmh));
  const km = Math.min(...surgical.map((f) => haversineKm(pos, f)));
  return Math.max(atMin, reach) - atMin + r.loadMin + r.slowest * (km * r.pace + r.unloadMin);
}

/** The bound on a seed's expected critical survivors: the sum of the casualties' bounds. */
export const criticalBound = (scenario: Scenario, seed: number): number => survivalBounds(scenario, seed).reduce((s, c) => s + c.survival, 0);
