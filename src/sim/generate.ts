// A seeded family of scenario files for held-out evaluation: every decision about the planner is judged on scenarios
// drawn here, never on the examples. Sizes from one vehicle to forty; threat layouts (none, a front band, a kill zone
// over a casualty cluster, scattered pockets, zones that open late); ambulances, armoured vehicles, civilian cars,
// UGVs, drones and helicopters; facility closures and vehicle windows; mass-casualty bursts; declared arrivals.
// Pure: (family seed, index) → the same raw scenario object every time.
import { rngFor } from './rng.ts';

type Pt = [number, number];

export interface GenOptions {
  /** Largest fleet (default 40). */
  maxVehicles?: number;
  /** Largest number of listed casualties (default 60). */
  maxCasualties?: number;
}

export const THREAT_LAYOUTS = ['none', 'front-band', 'kill-zone', 'pockets', 'late'] as const;
export type ThreatLayout = (typeof THREAT_LAYOUTS)[number];

const SPEC: Record<string, { litter: number; seated: number; speed: [number, number]; medic: boolean }> = {
  ambulance: { litter: 2, seated: 2, speed: [40, 60], medic: true },
  armoured: { litter: 2, seated: 2, speed: [25, 40], medic: true },
  'civilian-car': { litter: 0, seated: 2, speed: [50, 70], medic: false },
  ugv: { litter: 1, seated: 0, speed: [8, 15], medic: false },
  drone: { litter: 1, seated: 0, speed: [50, 80], medic: false },
  helicopter: { litter: 2, seated: 2, speed: [180, 240], medic: true },
};

/** The raw scenario (as a file would hold it) number `index` of the family `family`. */
export function generateScenario(family: number, index: number, opts: GenOptions = {}): Record<string, unknown> {
  const r = rngFor(family * 100003 + index, 'generated-scenario');
  const U = (a: number, b: number): number => a + (b - a) * r();
  const I = (a: number, b: number): number => Math.floor(U(a, b + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const round = (x: number, d = 5): number => Number(x.toFixed(d));
  const pt = (lat: number, lon: number): Pt => [round(lat), round(lon)];
  // The front runs north–south at lon0 + ~0.3; the rear is to the west.
  const lat0 = U(46.5, 50);
  const lon0 = U(35, 38.5);
  const depth = U(0.15, 0.5);
  const horizon = pick([120, 240, 360, 480, 720]);

  const facilities: Record<string, unknown>[] = [];
  const nR1 = I(0, 3);
  const nR2 = I(1, 3);
  const nR3 = r() < 0.6 ? 1 : 0;
  for (let i = 0; i < nR1; i++) facilities.push({ id: `r1-${i}`, role: 'R1', pos: pt(lat0 + U(-0.3, 0.3), lon0 + depth * U(0.3, 0.7)), surgicalTables: 0, beds: I(2, 10) });
  for (let i = 0; i < nR2; i++) facilities.push({ id: `r2-${i}`, role: 'R2', pos: pt(lat0 + U(-0.35, 0.35), lon0 - U(0, depth)), surgicalTables: I(1, 3), beds: I(4, 16) });
  for (let i = 0; i < nR3; i++) facilities.push({ id: `r3-${i}`, role: 'R3', pos: pt(lat0 + U(-0.4, 0.4), lon0 - U(0.6, 1.6)), surgicalTables: I(3, 8), beds: I(30, 200) });
  // Closures: a surgical facility shut for a while (moving, shelled).
  const surgical = facilities.filter((f) => f['role'] !== 'R1');
  if (surgical.length > 1 && r() < 0.3) {
    const f = pick(surgical);
    const a = U(0, horizon * 0.6);
    f['open'] = a < 10 ? [[round(a + U(60, 200), 1), 1e6]] : [[0, round(a, 1)], [round(a + U(60, 240), 1), 1e6]];
  }

  const size = pick(['one', 'few', 'few', 'some', 'some', 'many', 'fleet']);
  const maxV = opts.maxVehicles ?? 40;
  const nV = Math.min(maxV, size === 'one' ? 1 : size === 'few' ? I(2, 3) : size === 'some' ? I(4, 8) : size === 'many' ? I(9, 20) : I(21, 40));
  const mix = pick(['ambulances', 'mixed', 'mixed', 'unmanned', 'improvised']);
  const kinds = mix === 'ambulances' ? ['ambulance'] : mix === 'unmanned' ? ['ambulance', 'ugv', 'drone', 'armoured'] : mix === 'improvised' ? ['ambulance', 'civilian-car', 'civilian-car', 'armoured'] : ['ambulance', 'ambulance', 'armoured', 'civilian-car', 'ugv', 'drone', 'helicopter'];
  const forward = facilities.filter((f) => f['role'] !== 'R3');
  const vehicles = Array.from({ length: nV }, (_, i) => {
    const kind = i === 0 ? 'ambulance' : pick(kinds);
    const s = SPEC[kind]!;
    const base = kind === 'helicopter' ? pick(facilities.filter((f) => f['role'] !== 'R1')) : pick(forward.length > 0 ? forward : facilities);
    const v: Record<string, unknown> = { id: `${kind}-${i}`, kind, base: base['id'], litter: s.litter, seated: s.seated, speedKmh: round(U(...s.speed), 1), medic: s.medic };
    if (kind === 'ugv') v['rangeKm'] = I(15, 40);
    if (kind === 'drone') v['rangeKm'] = I(20, 60);
    if (kind === 'helicopter' || (i > 0 && r() < 0.1)) v['available'] = [[round(U(0, horizon / 3), 1), round(U(horizon / 2, horizon * 1.5), 1)]];
    return v;
  });

  const layout = pick(THREAT_LAYOUTS);
  const threats = threatsFor(layout, { lat0, lon0, depth, horizon, U, I, round, pt });

  // Casualties: clusters near the front, a background trickle, and sometimes a mass-casualty burst.
  const casualties: Record<string, unknown>[] = [];
  const maxC = opts.maxCasualties ?? 60;
  const add = (atMin: number, lat: number, lon: number): void => {
    casualties.push({ id: `c${casualties.length + 1}`, atMin: round(Math.max(0, atMin), 1), pos: pt(lat, lon), rpm: I(0, 12), litter: r() < 0.55 });
  };
  const nClusters = I(1, 4);
  for (let k = 0; k < nClusters && casualties.length < maxC; k++) {
    const t = U(0, horizon * 0.8);
    const la = lat0 + U(-0.3, 0.3);
    const lo = lon0 + depth * U(0.6, 1.1);
    for (let j = I(2, 10); j > 0 && casualties.length < maxC; j--) add(t + U(0, 30), la + U(-0.03, 0.03), lo + U(-0.04, 0.04));
  }
  for (let j = I(0, 12); j > 0 && casualties.length < maxC; j--) add(U(0, horizon * 0.95), lat0 + U(-0.35, 0.35), lon0 + depth * U(0.4, 1.2));
  const burst = r() < 0.35;
  if (burst) {
    const t = U(0, horizon * 0.7);
    const la = lat0 + U(-0.2, 0.2);
    const lo = lon0 + depth * U(0.7, 1.0);
    for (let j = I(8, 25); j > 0 && casualties.length < maxC; j--) add(t + U(0, 5), la + U(-0.01, 0.01), lo + U(-0.015, 0.015));
  }
  casualties.sort((a, b) => (a['atMin'] as number) - (b['atMin'] as number));
  casualties.forEach((c, i) => (c['id'] = `c${i + 1}`));

  const scenario: Record<string, unknown> = {
    format: 'goldenhour-scenario/1',
    name: `gen-${family}-${index}`,
    description: `generated: ${nV} vehicles (${mix}), threats ${layout}${burst ? ', burst' : ''}`,
    seed: I(1, 1_000_000),
    horizonMin: horizon,
    travel: { tortuosity: round(U(1.2, 1.5), 2), loadMin: pick([3, 5, 5, 8]), unloadMin: pick([3, 5, 5]) },
    facilities,
    vehicles,
    threats,
    casualties,
  };
  if (r() < 0.3) {
    const la = lat0 + U(-0.25, 0.1);
    const lo = lon0 + depth * 0.6;
    const w = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3].map(() => I(0, 4));
    w[0] = w[0]! + 1;
    scenario['arrivals'] = {
      ratePerHour: round(U(0.5, 6), 2),
      untilMin: round(horizon * U(0.5, 1), 1),
      area: [pt(la, lo), pt(la, lo + depth * 0.6), pt(la + 0.25, lo + depth * 0.6), pt(la + 0.25, lo)],
      rpmWeights: w,
      litterShare: round(U(0.3, 0.8), 2),
    };
  }
  return scenario;
}

interface Geo {
  lat0: number;
  lon0: number;
  depth: number;
  horizon: number;
  U: (a: number, b: number) => number;
  I: (a: number, b: number) => number;
  round: (x: number, d?: number) => number;
  pt: (lat: number, lon: number) => Pt;
}

function box(g: Geo, lat: number, lon: number, h: number, w: number): Pt[] {
  return [g.pt(lat, lon), g.pt(lat, lon + w), g.pt(lat + h, lon + w), g.pt(lat + h, lon)];
}

function threatsFor(layout: ThreatLayout, g: Geo): Record<string, unknown>[] {
  const { U, I, round, horizon, lat0, lon0, depth } = g;
  const loss = (scale: number): Record<string, number> => {
    const p = round(U(0.003, 0.04) * scale, 5);
    return { unprotected: p, armoured: round(p / U(3, 8), 5), air: round(Math.min(0.5, p * U(1, 3)), 5) };
  };
  switch (layout) {
    case 'none':
      return [];
    case 'front-band':
      return [{ id: 'band', polygon: box(g, lat0 - 0.5, lon0 + depth * U(0.5, 0.8), 1.0, depth * U(0.2, 0.5)), fromMin: 0, toMin: round(horizon * 3, 1), lossPerKm: loss(1) }];
    case 'kill-zone':
      return [{ id: 'kill', polygon: box(g, lat0 + U(-0.3, 0.2), lon0 + depth * U(0.5, 0.9), U(0.05, 0.15), depth * U(0.2, 0.4)), fromMin: 0, toMin: round(horizon * 3, 1), lossPerKm: loss(4) }];
    case 'pockets':
      return Array.from({ length: I(2, 5) }, (_, i) => {
        const from = U(0, 1) < 0.5 ? 0 : round(U(0, horizon / 2), 1);
        return { id: `pocket-${i}`, polygon: box(g, lat0 + U(-0.35, 0.3), lon0 + depth * U(0.2, 1.0), U(0.02, 0.08), U(0.03, 0.1)), fromMin: from, toMin: round(from + U(60, horizon * 2), 1), lossPerKm: loss(2) };
      });
    case 'late': {
      const from = round(U(horizon * 0.2, horizon * 0.6), 1);
      return [{ id: 'late', polygon: box(g, lat0 - 0.4, lon0 + depth * U(0.3, 0.7), 0.8, depth * U(0.2, 0.4)), fromMin: from, toMin: round(from + U(60, horizon), 1), lossPerKm: loss(2) }];
    }
  }
}
