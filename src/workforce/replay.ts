// Expected critical survivors: a casualty load replayed through the simulator with surgical tables set by staffing.
// Critical = RPM ≤ 9 (needs surgery). The sum of each critical casualty's survival probability is the objective the
// proposals are judged by; criticality-weighted coverage (problem.ts) is only its fast proxy.
import type { Facility, Position, Vehicle } from '../core/index.ts';
import { closestPolicy, needsSurgery } from '../dispatch/index.ts';
import type { Scenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';

export interface LoadCasualty {
  id: string;
  /** Minutes from the start of the replay window. */
  atMin: number;
  pos: Position;
  rpm: number;
  litter: boolean;
}

export interface ReplayInput {
  facilities: readonly Facility[];
  vehicles: readonly Vehicle[];
  load: readonly LoadCasualty[];
  /** Staffing-limited tables per facility id (facilities not listed keep theirs). */
  usable: ReadonlyMap<string, number>;
  seed?: number;
}

const ROLE = { CCP: 'R1', R1: 'R1', R2: 'R2', R3: 'R3', R4: 'R3' } as const;

/** The facilities as the simulator sees them, tables limited by staffing. */
export function staffedFacilities(facilities: readonly Facility[], usable: ReadonlyMap<string, number>): Scenario['facilities'] {
  return facilities
    .filter((f) => f.status !== 'closed')
    .map((f) => ({
      id: f.id, name: f.name, role: ROLE[f.role], pos: [f.position.lat, f.position.lon] as [number, number],
      surgicalTables: ROLE[f.role] === 'R1' ? 0 : Math.min(f.surgicalTables, usable.get(f.id) ?? f.surgicalTables),
      beds: Math.max(f.beds, 1),
    }));
}

/** A replay scenario: the load, the facilities with staffed tables, and the vehicles (one ambulance per facility when none are known). */
export function replayScenario(input: ReplayInput): Scenario {
  const facilities = staffedFacilities(input.facilities, input.usable);
  const ids = new Set(facilities.map((f) => f.id));
  const vehicles: Scenario['vehicles'] = input.vehicles
    .filter((v) => v.status !== 'lost' && v.status !== 'out-of-service' && v.baseFacilityId !== undefined && ids.has(v.baseFacilityId))
    .map((v) => ({ id: v.id, kind: v.kind, base: v.baseFacilityId!, litter: v.litter, seated: v.seated, speedKmh: v.speedKmh ?? 50, medic: v.medic }));
  if (!vehicles.length)
    for (const f of facilities) vehicles.push({ id: `amb-${f.id}`, kind: 'ambulance', base: f.id, litter: 2, seated: 2, speedKmh: 50, medic: true });
  const horizon = input.load.reduce((m, c) => Math.max(m, c.atMin), 0) + 24 * 60;
  return {
    format: 'goldenhour-scenario/1', name: 'workforce replay', seed: input.seed ?? 1, horizonMin: horizon,
    travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 }, facilities, vehicles, threats: [],
    casualties: input.load.map((c) => ({ id: c.id, atMin: c.atMin, pos: [c.pos.lat, c.pos.lon] as [number, number], rpm: c.rpm, litter: c.litter })),
  };
}

export interface ReplayResult {
  critical: number;
  expectedSurvivors: number;
}

export function expectedCriticalSurvivors(input: ReplayInput): ReplayResult {
  if (!input.load.length || !input.facilities.length) return { critical: 0, expectedSurvivors: 0 };
  const r = simulate(replayScenario(input), closestPolicy, { trace: false });
  const crit = r.casualties.filter((c) => needsSurgery(c.rpm));
  return { critical: crit.length, expectedSurvivors: crit.reduce((s, c) => s + c.survival, 0) };
}
