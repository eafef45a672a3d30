// Seeded small instances of the clairvoyant class (DISP-17), as scenario files: `smallScenario` (one ambulance, one
// R2, no threats: the first family) and `fleetScenario` (1–3 vehicles of mixed kinds, speeds and capacities, 1–3
// surgical facilities with few tables and beds, optionally threat zones that stay open to the end). No R1: a
// stabilising stop is outside the class. Pure: (seed, options) → the same raw scenario every time.

type Pt = [number, number];

function rng(seed: number): () => number {
  let a = seed * 2654435761;
  return (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded small instance of the first class, as a scenario file (one ambulance based at the one R2). */
export function smallScenario(seed: number, n = 7): Record<string, unknown> {
  const r = rng(seed);
  const f: Pt = [48.5, 37.7];
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

export interface FleetOptions {
  vehicles?: number;
  casualties?: number;
  threats?: boolean;
}

const KINDS: { kind: string; litter: number; seated: number; speed: [number, number]; medic: boolean }[] = [
  { kind: 'ambulance', litter: 2, seated: 1, speed: [40, 60], medic: true },
  { kind: 'armoured', litter: 2, seated: 1, speed: [25, 40], medic: true },
  { kind: 'civilian-car', litter: 0, seated: 2, speed: [50, 70], medic: false },
  { kind: 'ambulance', litter: 1, seated: 0, speed: [50, 70], medic: true },
  { kind: 'helicopter', litter: 2, seated: 0, speed: [150, 200], medic: true },
];

/** Instance `seed` of the small-fleet family: `vehicles` (default 1–3 by seed), `casualties` (default 8). */
export function fleetScenario(seed: number, opts: FleetOptions = {}): Record<string, unknown> {
  const r = rng(seed * 7 + 3);
  const U = (a: number, b: number): number => a + (b - a) * r();
  const I = (a: number, b: number): number => Math.floor(U(a, b + 1));
  const round = (x: number): number => Math.round(x * 1e5) / 1e5;
  const lat0 = 48.5;
  const lon0 = 37.7;
  const nF = I(1, 3);
  const facilities = Array.from({ length: nF }, (_, i) => {
    const r3 = i === 0 && nF > 1 && r() < 0.5;
    return r3
      ? { id: `r3-${i}`, role: 'R3', pos: [round(lat0 + U(-0.3, 0.3)), round(lon0 - U(0.5, 1))], surgicalTables: I(3, 5), beds: I(12, 20) }
      : { id: `r2-${i}`, role: 'R2', pos: [round(lat0 + U(-0.25, 0.25)), round(lon0 - U(0, 0.2))], surgicalTables: I(2, 4), beds: I(8, 12) };
  });
  const nV = opts.vehicles ?? I(1, 3);
  const vehicles = Array.from({ length: nV }, (_, i) => {
    const k = KINDS[Math.min(KINDS.length - 1, Math.floor(r() * (i === 0 ? 4 : KINDS.length)))]!;
    const base = facilities[Math.floor(r() * nF)]!.id;
    return { id: `v${i + 1}`, kind: k.kind, base, litter: k.litter, seated: k.seated, speedKmh: Math.round(U(...k.speed)), medic: k.medic };
  });
  const n = opts.casualties ?? 8;
  const span = U(30, 150);
  const casualties = Array.from({ length: n }, (_, i) => ({
    id: `c${i + 1}`,
    atMin: Math.round(r() * span * 10) / 10,
    pos: [round(lat0 + U(-0.25, 0.25)), round(lon0 + U(0.05, 0.35))],
    rpm: Math.floor(r() * 13),
    litter: r() < 0.5,
  }));
  const threats = opts.threats ? threatZones(r, lat0, lon0) : [];
  return { format: 'goldenhour-scenario/1', name: `fleet-${seed}`, seed, horizonMin: 240, facilities, vehicles, threats, casualties };
}

/** One or two zones over the forward area, open from the start or from a later minute, never closing. */
function threatZones(r: () => number, lat0: number, lon0: number): Record<string, unknown>[] {
  const k = 1 + Math.floor(r() * 2);
  return Array.from({ length: k }, (_, i) => {
    const la = lat0 + (r() - 0.5) * 0.4;
    const lo = lon0 + 0.1 + r() * 0.2;
    const h = 0.04 + r() * 0.08;
    const w = 0.04 + r() * 0.1;
    const p = 0.01 + r() * 0.06;
    return {
      id: `z${i + 1}`,
      polygon: [[la - h, lo - w], [la - h, lo + w], [la + h, lo + w], [la + h, lo - w]].map(([a, b]) => [Math.round(a! * 1e5) / 1e5, Math.round(b! * 1e5) / 1e5]),
      fromMin: r() < 0.7 ? 0 : Math.round(r() * 90),
      toMin: 1e6,
      lossPerKm: { unprotected: Math.round(p * 1e4) / 1e4, armoured: Math.round((p / 4) * 1e4) / 1e4, air: Math.round((p / 2) * 1e4) / 1e4 },
    };
  });
}

/**
 * The seed of an instance's s-th run: disjoint per instance (instance I runs I·1000 + s). A vehicle's threat draws
 * depend only on (seed, vehicle id, zone id) and every instance names its vehicles and zones alike, so the earlier
 * seeds I + s overlapped: instances I and I + 1 shared nine of their ten draws, and a batch's fractions were one
 * window of luck (session 24: no loss chance under 0.03 drawn for (v1, z2) in seeds 10397–10636).
 */
export const runSeed = (instanceSeed: number, s: number): number => instanceSeed * 1000 + s;
