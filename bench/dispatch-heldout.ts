// Held-out check for the dispatch optimiser: random scenarios (a scaled-up cousin of the property-test generator in
// src/sim/simulator.test.ts) or the examples, closest / priority / optimal (variants as JSON params) [/ hindsight with HIND=1].
// usage: node bench/dispatch-heldout.ts [examples|random] seeds [variantJSON...]
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closestPolicy, priorityPolicy, makeOptimalPolicy } from '../src/dispatch/index.ts';
import type { Policy } from '../src/dispatch/index.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { simulate } from '../src/sim/simulator.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { rngFor } from '../src/sim/rng.ts';

const [mode = 'examples', seedsS = '5', ...variants] = process.argv.slice(2);
const seeds = Number(seedsS);

function randomScenario(k: number): unknown {
  const r = rngFor(9000 + k, 'heldout');
  const U = (a: number, b: number) => a + (b - a) * r();
  const I = (a: number, b: number) => Math.floor(U(a, b + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const lat0 = 48, lon0 = 37;
  // front at east; facilities to the west
  const nF = I(2, 5);
  const facilities: { id: string; role: string; pos: number[]; surgicalTables: number; beds: number; open?: number[][] }[] = [];
  facilities.push({ id: 'r1a', role: 'R1', pos: [lat0 + U(0.1, 0.3), lon0 + U(0.05, 0.2)], surgicalTables: 0, beds: I(4, 10) });
  facilities.push({ id: 'r2a', role: 'R2', pos: [lat0 + U(0.0, 0.4), lon0 - U(0.05, 0.3)], surgicalTables: I(1, 2), beds: I(6, 15) });
  if (nF >= 3) facilities.push({ id: 'r3a', role: 'R3', pos: [lat0 + U(0, 0.4), lon0 - U(0.8, 2)], surgicalTables: I(3, 8), beds: 200 });
  if (nF >= 4) facilities.push({ id: 'r1b', role: 'R1', pos: [lat0 + U(0.1, 0.3), lon0 + U(0.0, 0.2)], surgicalTables: 0, beds: I(4, 10) });
  if (nF >= 5) facilities.push({ id: 'r2b', role: 'R2', pos: [lat0 + U(0.0, 0.4), lon0 - U(0.05, 0.3)], surgicalTables: I(1, 3), beds: I(6, 15), ...(r() < 0.3 ? { open: [[0, 200], [300, 100000]] } : {}) });
  const kinds = ['ambulance', 'ambulance', 'armoured', 'civilian-car', 'ugv', 'drone', 'helicopter'] as const;
  const nV = I(3, 9);
  const vehicles = Array.from({ length: nV }, (_, i) => {
    const kind = i === 0 ? 'ambulance' : pick(kinds);
    const spec: [number, number, number, boolean] = ({ ambulance: [2, 2, 50, true], armoured: [2, 2, 35, true], 'civilian-car': [1, 2, 60, false], ugv: [1, 0, 10, false], drone: [1, 0, 60, false], helicopter: [2, 2, 200, true] } as Record<string, [number, number, number, boolean]>)[kind]!;
    const base = kind === 'helicopter' && nF >= 3 ? 'r3a' : kind === 'ugv' || kind === 'drone' ? 'r1a' : pick(facilities.filter((f) => f.role !== 'R3')).id;
    return { id: `v${i}`, kind, base, litter: spec[0], seated: spec[1], speedKmh: spec[2], medic: spec[3], ...(kind === 'ugv' ? { rangeKm: 20 } : kind === 'drone' ? { rangeKm: 30 } : {}), ...(kind === 'helicopter' ? { available: [[U(0, 200), U(300, 800)]] } : {}) };
  });
  const horizon = pick([240, 480, 600, 720]);
  const nT = I(0, 3);
  const threats = Array.from({ length: nT }, (_, i) => {
    const la = lat0 + U(0.05, 0.3), lo = lon0 + U(0.05, 0.3), h = U(0.03, 0.12), w = U(0.05, 0.2);
    const p = U(0.005, 0.05);
    const from = r() < 0.6 ? 0 : U(0, horizon / 2);
    return { id: `t${i}`, polygon: [[la, lo], [la, lo + w], [la + h, lo + w], [la + h, lo]], fromMin: from, toMin: from + U(60, horizon), lossPerKm: { unprotected: p, armoured: p / 5, air: p * 2 } };
  });
  // casualties: waves plus background
  const nWaves = I(1, 4);
  const cas: { atMin: number; pos: number[]; rpm: number; litter: boolean }[] = [];
  const cl = Array.from({ length: nWaves }, () => ({ t: U(0, horizon * 0.8), la: lat0 + U(0.05, 0.35), lo: lon0 + U(0.05, 0.35), n: I(3, 14) }));
  for (const w of cl) for (let j = 0; j < w.n; j++) cas.push({ atMin: +(w.t + U(0, 20)).toFixed(1), pos: [w.la + U(-0.02, 0.02), w.lo + U(-0.03, 0.03)], rpm: I(0, 12), litter: r() < 0.6 });
  const nB = I(0, 12);
  for (let j = 0; j < nB; j++) cas.push({ atMin: +U(0, horizon * 0.9).toFixed(1), pos: [lat0 + U(0.05, 0.4), lon0 + U(0.0, 0.4)], rpm: I(0, 12), litter: r() < 0.6 });
  cas.sort((a, b) => a.atMin - b.atMin);
  const arr = r() < 0.3 ? { arrivals: { ratePerHour: U(1, 5), untilMin: horizon * 0.8, area: [[lat0 + 0.05, lon0 + 0.05], [lat0 + 0.05, lon0 + 0.35], [lat0 + 0.35, lon0 + 0.35], [lat0 + 0.35, lon0 + 0.05]], rpmWeights: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3], litterShare: 0.5 } } : {};
  return { format: 'goldenhour-scenario/1', name: `rnd${k}`, seed: 500 + k, horizonMin: horizon, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 }, facilities, vehicles, threats, casualties: cas.map((c, i) => ({ id: `c${i}`, ...c })), ...arr };
}

const EXAMPLES = resolve(import.meta.dirname, '../examples/scenarios');
const scenarios = mode === 'examples'
  ? readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort().map((f) => parseScenario(JSON.parse(readFileSync(resolve(EXAMPLES, f), 'utf8'))))
  : Array.from({ length: Number(process.env.NRAND ?? 30) }, (_, k) => parseScenario(randomScenario(k + Number(process.env.OFF ?? 0)))).filter((s) => !process.env.ARR || s.arrivals);

const pols: { name: string; p: Policy; hind: boolean }[] = [
  { name: 'closest', p: closestPolicy, hind: false },
  { name: 'priority', p: priorityPolicy, hind: false },
];
const vs = variants.length ? variants : ['{}'];
vs.forEach((v, i) => {
  pols.push({ name: `opt${i}`, p: makeOptimalPolicy(JSON.parse(v)), hind: false });
  if (process.env.HIND) pols.push({ name: `hind${i}`, p: makeOptimalPolicy(JSON.parse(v), 'hindsight'), hind: true });
});
const tot: Record<string, number[]> = {};
const ratios: Record<string, number[]> = {};
for (const s of scenarios) {
  const row: Record<string, [number, number]> = {};
  for (const { name, p, hind } of pols) {
    let c = 0, t1 = 0;
    for (let k = 0; k < seeds; k++) {
      const m = metricsOf(simulate(s, p, { seed: s.seed + k, revealFuture: hind, trace: false }));
      c += m.expectedSurvivors.critical / seeds; t1 += m.expectedSurvivors.T1 / seeds;
    }
    row[name] = [c, t1];
    (tot[name] ??= [0, 0])[0]! += c; tot[name]![1]! += t1;
    if (name !== 'closest') (ratios[name] ??= []).push(c / Math.max(1e-9, row.closest![0]));
  }
  if (mode === 'examples' || process.env.VERBOSE) console.log(s.name.padEnd(24), Object.entries(row).map(([n, [c, t]]) => `${n} ${c.toFixed(2)}/${t.toFixed(2)}`).join('  '));
}
console.log('TOTAL', Object.entries(tot).map(([n, v]) => `${n} ${v[0]!.toFixed(2)}/${v[1]!.toFixed(2)}`).join('  '));
console.log('mean ratio to closest', Object.entries(ratios).map(([n, xs]) => `${n} ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} min ${Math.min(...xs).toFixed(3)}`).join('  '));
