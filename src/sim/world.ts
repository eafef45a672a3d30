// The world a run starts from: the survival model, threats and casualties (listed and drawn from `arrivals`)
// of a scenario, built into the simulator's state record.
import type { Position } from '../core/index.ts';
import { DEFAULT_MODEL } from '../dispatch/survival.ts';
import type { SurvivalModel } from '../dispatch/survival.ts';
import { fliesByDefault, pointInPolygon, protectionOf } from '../dispatch/travel.ts';
import type { Threat } from '../dispatch/travel.ts';
import type { Policy } from '../dispatch/types.ts';
import { Heap } from './heap.ts';
import { rngFor } from './rng.ts';
import type { Scenario } from './scenario.ts';
import { staffedTables } from './scenario.ts';
import { schedule, toPos } from './state.ts';
import type { SimCasualty, SimEvent, SimFacility, SimOptions, SimState, SimVehicle } from './state.ts';

export function resolveModel(s: Scenario): SurvivalModel {
  const m = s.model ?? {};
  return {
    survival: m.survival ?? DEFAULT_MODEL.survival,
    deterioration: m.deterioration ?? DEFAULT_MODEL.deterioration,
    survivalIfVehicleHit: m.survivalIfVehicleHit ?? DEFAULT_MODEL.survivalIfVehicleHit,
    clockWithMedic: m.clockWithMedic ?? DEFAULT_MODEL.clockWithMedic,
    clockStabilised: m.clockStabilised ?? DEFAULT_MODEL.clockStabilised,
    surgeryMin: m.surgeryMin ?? DEFAULT_MODEL.surgeryMin,
  };
}

export function scenarioThreats(s: Scenario): Threat[] {
  return s.threats.map((t) => ({ id: t.id, polygon: t.polygon.map(toPos), fromMin: t.fromMin, toMin: t.toMin, lossPerKm: t.lossPerKm }));
}

/** Casualties drawn from `arrivals` (SIM-10) (Poisson process in time, uniform in the area polygon), with the given seed. */
export function drawArrivals(s: Scenario, seed: number): { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[] {
  const a = s.arrivals;
  if (!a || a.ratePerHour <= 0) return [];
  const rng = rngFor(seed, 'arrivals');
  const until = Math.min(a.untilMin, s.horizonMin);
  const poly = a.area.map(toPos);
  const lats = poly.map((p) => p.lat);
  const lons = poly.map((p) => p.lon);
  const [lat0, lat1, lon0, lon1] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const totalW = a.rpmWeights.reduce((x, y) => x + y, 0);
  const taken = new Set(s.casualties.map((c) => c.id));
  const out: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }[] = [];
  let t = 0;
  for (let k = 1; ; k++) {
    t += (-Math.log(1 - rng()) * 60) / a.ratePerHour;
    if (t >= until) break;
    let pos: Position = { lat: (lat0 + lat1) / 2, lon: (lon0 + lon1) / 2 };
    for (let tries = 0; tries < 1000; tries++) {
      const p = { lat: lat0 + (lat1 - lat0) * rng(), lon: lon0 + (lon1 - lon0) * rng() };
      if (pointInPolygon(p, poly)) {
        pos = p;
        break;
      }
    }
    let u = rng() * totalW;
    let rpm = 12;
    for (let r = 0; r < 13; r++) {
      u -= a.rpmWeights[r]!;
      if (u < 0) {
        rpm = r;
        break;
      }
    }
    const litter = rng() < a.litterShare;
    let id = `arrival-${k}`;
    while (taken.has(id)) id = `${id}x`;
    taken.add(id);
    out.push({ id, atMin: t, pos, rpm, litter });
  }
  return out;
}

/** The state record at minute 0: facilities, vehicles at their bases, every casualty pending, first events scheduled. */
export function createState(scenario: Scenario, policy: Policy, opts: SimOptions): SimState {
  const seed = opts.seed ?? scenario.seed;
  const threats = scenarioThreats(scenario);
  const arr = scenario.arrivals;
  const s: SimState = {
    scenario,
    policy,
    opts,
    seed,
    model: resolveModel(scenario),
    travel: scenario.travel,
    threats,
    zones: threats.map((th) => ({ ...th, lossPerKm: { unprotected: 1, armoured: 1, air: 1 } })),
    hitRng: rngFor(seed, 'threat-hits'),
    hitSeed: opts.threatDraws === 'shared' ? null : seed,
    recordTrace: opts.trace ?? true,
    trace: [],
    facilities: new Map(),
    vehicles: new Map(),
    casualties: new Map(),
    heap: new Heap<SimEvent>(),
    seq: 0,
    now: 0,
    appeared: 0,
    recent: [],
    losses: [],
    // The declared arrival process (not its draws) is part of what the planner may know in advance.
    declared: arr && arr.ratePerHour > 0 ? { ratePerMin: arr.ratePerHour / 60, untilMin: Math.min(arr.untilMin, scenario.horizonMin), area: arr.area.map(toPos), rpmWeights: arr.rpmWeights } : null,
  };
  for (const f of scenario.facilities) s.facilities.set(f.id, newFacility(f));
  for (const v of scenario.vehicles) s.vehicles.set(v.id, newVehicle(v, s.facilities.get(v.base)!.pos));
  for (const c of scenario.casualties) s.casualties.set(c.id, newCasualty({ ...c, pos: toPos(c.pos) }, false));
  for (const c of drawArrivals(scenario, seed)) s.casualties.set(c.id, newCasualty(c, true));
  const ordered = [...s.casualties.values()].sort((a, b) => a.atMin - b.atMin || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of ordered) schedule(s, { t: c.atMin, type: 'appear', casualty: c.id });
  // A planning round at every start of a vehicle window or facility opening (SIM-11).
  const ticks = new Set<number>();
  for (const v of s.vehicles.values()) for (const [a] of v.available ?? []) ticks.add(a);
  for (const f of s.facilities.values()) for (const [a] of f.open ?? []) ticks.add(a);
  for (const t of ticks) if (t > 0) schedule(s, { t, type: 'tick' });
  return s;
}

function newFacility(f: Scenario['facilities'][number]): SimFacility {
  const tables = staffedTables(f); // SCN-17: tables without a complete team on duty stand idle
  return {
    id: f.id,
    role: f.role,
    pos: toPos(f.pos),
    beds: f.beds,
    occupied: 0,
    reserved: 0,
    reservedSurgical: 0,
    tables,
    tableBusyUntil: Array.from({ length: tables }, () => -Infinity),
    queue: [],
    open: f.open ? f.open.map(([a, b]) => [a, b] as const) : null,
  };
}

function newVehicle(v: Scenario['vehicles'][number], basePos: Position): SimVehicle {
  return {
    id: v.id,
    kind: v.kind,
    protection: protectionOf(v.kind),
    straightLine: v.straightLine ?? fliesByDefault(v.kind),
    speedKmh: v.speedKmh,
    medic: v.medic,
    litter: v.litter,
    seated: v.seated,
    baseId: v.base,
    basePos,
    pos: basePos,
    rangeKm: v.rangeKm ?? null,
    sortieKm: 0,
    available: v.available ? v.available.map(([a, b]) => [a, b] as const) : null,
    lost: false,
    lostAt: null,
    job: null,
    epoch: 0,
    anchor: basePos,
    diverted: 0,
    busyMin: 0,
    km: 0,
    threatKm: 0,
    hazard: new Map(),
    legExposure: [],
  };
}

function newCasualty(c: { id: string; atMin: number; pos: Position; rpm: number; litter: boolean }, fromArrivals: boolean): SimCasualty {
  return {
    ...c,
    fromArrivals,
    status: 'pending',
    facilityId: null,
    tau: 0,
    rate: 1,
    since: c.atMin,
    pickupAt: null,
    facilityAt: null,
    surgeryAt: null,
    outcomeAt: null,
    survival: null,
    lostWithVehicle: false,
    untreated: false,
    queuedAt: 0,
  };
}
