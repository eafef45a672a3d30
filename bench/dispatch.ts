// `npm run bench:dispatch [DIR] [--seeds N] [--json]`: every scenario in DIR (default examples/scenarios), N seeds
// each (default 20): ratios of optimal to closest, priority, careful, optimal-v1 and hindsight of expected critical survivors
// (RPM ≤ 9 at injury: T1+T2), of T1 survivors and of all survivors, with 95 % bootstrap CIs over seeds, their mean and the
// ratio of totals over scenarios (`--threat-draws shared`: SIM-10 before session 19); then the
// optimiser's re-plan latency on a synthetic state of 200 open casualties × 40 vehicles × 12 facilities.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_MODEL, makeOptimalPolicy, optimalPolicy, optimalV1Policy } from '../src/dispatch/index.ts';
import type { PlanView, PolicyName } from '../src/dispatch/index.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { rngFor } from '../src/sim/rng.ts';
import { optimalRolloutPolicy, policyByName } from '../src/sim/run.ts';
import { simulate } from '../src/sim/simulator.ts';
import { parseScenario } from '../src/sim/scenario.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !['--seeds', '--threat-draws', '--plan-digest'].includes(args[i - 1]!))) ?? resolve(import.meta.dirname, '../examples/scenarios');
const seeds = Number(flag('--seeds') ?? 20);
const json = args.includes('--json');
// `--threat-draws shared`: threat hits from one stream for the run, drawn per leg (SIM-10 before session 19).
const threatDraws = flag('--threat-draws') === 'shared' ? 'shared' : 'vehicle';

type Measure = 'critical' | 'T1' | 'all';
const MEASURES: Measure[] = ['critical', 'T1', 'all'];
const POLICIES: PolicyName[] = ['closest', 'priority', 'careful', 'optimal', 'optimal-v1', 'hindsight'];
const BASES = ['closest', 'priority', 'careful', 'optimal-v1', 'hindsight'] as const;

interface Ratio {
  ratio: number;
  lo: number;
  hi: number;
}

/** Ratio of means with a paired bootstrap 95 % CI over seeds. */
function ratioCI(num: number[], den: number[], seed: number): Ratio {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(num) / mean(den);
  const rng = rngFor(seed, 'bootstrap');
  const rs: number[] = [];
  for (let b = 0; b < 2000; b++) {
    let sn = 0;
    let sd = 0;
    for (let k = 0; k < num.length; k++) {
      const i = Math.floor(rng() * num.length);
      sn += num[i]!;
      sd += den[i]!;
    }
    if (sd > 0) rs.push(sn / sd);
  }
  rs.sort((a, b) => a - b);
  return { ratio, lo: rs[Math.floor(rs.length * 0.025)] ?? NaN, hi: rs[Math.ceil(rs.length * 0.975) - 1] ?? NaN };
}

const files = args.includes('--latency-only') ? [] : readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const report: Record<string, unknown>[] = [];
const fmt = (r: Ratio): string => `${r.ratio.toFixed(3)} [${r.lo.toFixed(2)}, ${r.hi.toFixed(2)}]`;
const rows: string[][] = [];
const perScenario: Record<string, Record<string, number>> = {};
/** Per policy and measure, the sum over scenarios of the mean over seeds: the ratio of totals beside the mean of ratios. */
const totals: Record<string, number> = {};
const started = performance.now();
for (const file of files) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const values = new Map<PolicyName, Record<Measure, number[]>>();
  for (const p of POLICIES) {
    const v: Record<Measure, number[]> = { critical: [], T1: [], all: [] };
    for (let k = 0; k < seeds; k++) {
      const m = metricsOf(simulate(scenario, policyByName(p), { seed: scenario.seed + k, revealFuture: p === 'hindsight', trace: false, threatDraws }));
      v.critical.push(m.expectedSurvivors.critical);
      v.T1.push(m.expectedSurvivors.T1);
      v.all.push(m.expectedSurvivors.all);
    }
    values.set(p, v);
  }
  const entry: Record<string, unknown> = { scenario: scenario.name, seeds };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const p of POLICIES) entry[p] = Object.fromEntries(MEASURES.map((m) => [m, mean(values.get(p)![m])]));
  perScenario[scenario.name] = {};
  for (const p of POLICIES) for (const m of MEASURES) totals[`${p}.${m}`] = (totals[`${p}.${m}`] ?? 0) + mean(values.get(p)![m]);
  for (const m of MEASURES) {
    for (const base of BASES) {
      const r = ratioCI(values.get('optimal')![m], values.get(base)![m], scenario.seed);
      entry[`optimal/${base}.${m}`] = r;
      perScenario[scenario.name]![`${base}.${m}`] = r.ratio;
    }
  }
  report.push(entry);
  const e = entry as Record<string, Ratio>;
  rows.push([
    scenario.name,
    ...MEASURES.flatMap((m) => BASES.map((b) => fmt(e[`optimal/${b}.${m}`]!))),
  ]);
}
const simSeconds = (performance.now() - started) / 1000;

// Re-plan latency on a synthetic state.
function syntheticView(seed: number, nCas = 200, nVeh = 40, nFac = 12, nThreats = 4): PlanView {
  const rng = rngFor(seed, 'synthetic');
  const pos = (): { lat: number; lon: number } => ({ lat: 48 + rng() * 1, lon: 37 + rng() * 1.4 });
  const kinds = ['ambulance', 'ambulance', 'ambulance', 'armoured', 'civilian-car', 'helicopter'] as const;
  const facilities = Array.from({ length: nFac }, (_, i) => {
    const role = i < nFac / 2 ? ('R1' as const) : i < (nFac * 5) / 6 ? ('R2' as const) : ('R3' as const);
    const tables = role === 'R1' ? 0 : role === 'R2' ? 2 : 6;
    return { id: `f${i}`, role, pos: pos(), beds: 40, bedsFree: 30, surgicalTables: tables, tableFreeAt: Array.from({ length: tables }, () => rng() * 90), surgicalBacklog: Math.floor(rng() * 4), open: null };
  });
  const vehicles = Array.from({ length: nVeh }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const idle = rng() < 0.6;
    const p = pos();
    return {
      id: `v${i}`, kind, protection: kind === 'armoured' ? ('armoured' as const) : kind === 'helicopter' ? ('air' as const) : ('unprotected' as const),
      straightLine: kind === 'helicopter', speedKmh: kind === 'helicopter' ? 200 : kind === 'armoured' ? 30 : 50, medic: kind !== 'civilian-car',
      litter: 2, seated: 2, pos: p, basePos: facilities[i % Math.ceil(nFac / 2)]!.pos, freeAt: idle ? 0 : rng() * 90, idle, rangeLeftKm: null, available: null,
    };
  });
  const casualties = Array.from({ length: nCas }, (_, i) => ({ id: `c${i}`, atMin: -rng() * 120, rpm0: Math.floor(rng() * 13), tau: rng() * 120, rate: 1, litter: rng() < 0.5, pos: pos() }));
  const threats = Array.from({ length: nThreats }, (_, i) => {
    const c = pos();
    const poly = Array.from({ length: 10 }, (_, k) => ({ lat: c.lat + 0.08 * Math.cos((k / 10) * 2 * Math.PI), lon: c.lon + 0.12 * Math.sin((k / 10) * 2 * Math.PI) }));
    return { id: `t${i}`, polygon: poly, fromMin: -1000, toMin: 1000, lossPerKm: { unprotected: 0.02, armoured: 0.004, air: 0.03 } };
  });
  return { now: 0, casualties, vehicles, facilities, threats, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 }, model: DEFAULT_MODEL, horizonMin: 600, expectedRatePerMin: 0.2 };
}
// Wall time, and this process's CPU time (user + system), which is what a loaded shared machine does not inflate.
// `--plan-digest FILE` (hidden): one line per re-planned state (policy, size, state, sha256 of its jobs' JSON), to prove a
// speed-up changes no decision.
const digestFile = flag('--plan-digest');
const digests: string[] = [];
const q = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
function replan(policy: typeof optimalPolicy, states: number, size: [number, number, number, number?]): { p50: number; p95: number; cpuP50: number; cpuP95: number; n: number } {
  const lat: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < states + 3; k++) {
    const view = syntheticView(k, ...size);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const jobs = policy.plan(view);
    const c1 = process.cpuUsage(c0);
    if (digestFile) digests.push(`${policy.name} ${size.join('x')} ${k} ${createHash('sha256').update(JSON.stringify(jobs)).digest('hex')}`);
    if (k >= 3) {
      lat.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
  }
  lat.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: q(lat, 0.5), p95: q(lat, 0.95), cpuP50: q(cpu, 0.5), cpuP95: q(cpu, 0.95), n: lat.length };
}
const large = replan(optimalPolicy, 20, [1000, 100, 30]);
const largeV1 = replan(optimalV1Policy, 20, [1000, 100, 30]);
const v1 = replan(optimalV1Policy, 40, [200, 40, 12]);
const latency = replan(optimalPolicy, 40, [200, 40, 12]);
// The experimental rollout policy (DISP-18) runs its rollouts only up to 20 waiting casualties and 12 vehicles.
const small = replan(optimalPolicy, 20, [20, 8, 4]);
const smallRollout = replan(optimalRolloutPolicy, 20, [20, 8, 4]);
// Sequences (DISP-19) are searched for at most 3 vehicles and 8 casualties, without threat zones: their largest case.
const sequenced = replan(optimalPolicy, 40, [8, 3, 4, 0]);
const oneStep = replan(makeOptimalPolicy({ sequence: false }), 40, [8, 3, 4, 0]);

if (digestFile) writeFileSync(digestFile, `${digests.join('\n')}\n`);

const meanOf = (key: string): number => {
  const xs = Object.values(perScenario).map((r) => r[key]!);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const totalOf = (b: string, m: string): number => totals[`optimal.${m}`]! / totals[`${b}.${m}`]!;
if (json) {
  process.stdout.write(`${JSON.stringify({ seeds, scenarios: report, threatDraws, meanRatios: Object.fromEntries(BASES.flatMap((b) => MEASURES.map((m) => [`optimal/${b}.${m}`, meanOf(`${b}.${m}`)]))), totalRatios: Object.fromEntries(BASES.flatMap((b) => MEASURES.map((m) => [`optimal/${b}.${m}`, totalOf(b, m)]))), replanMs: latency, replanMsV1: v1, replanMs1000x100x30: large, replanMs1000x100x30V1: largeV1, replanMs20x8x4: small, replanMs20x8x4Rollout: smallRollout, replanMs8x3x4Sequences: sequenced, replanMs8x3x4OneStep: oneStep }, null, 2)}\n`);
} else {
  const header = ['scenario', ...MEASURES.flatMap((m) => BASES.map((b) => `opt/${b} ${m}`))];
  const all = [header, ...rows, ['MEAN', ...MEASURES.flatMap((m) => BASES.map((b) => meanOf(`${b}.${m}`).toFixed(3)))], ['TOTALS', ...MEASURES.flatMap((m) => BASES.map((b) => totalOf(b, m).toFixed(3)))]];
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  console.log(`dispatch benchmark: ${files.length} scenarios × ${seeds} seeds × ${POLICIES.length} policies in ${simSeconds.toFixed(1)} s (ratios of mean expected survivors, 95 % bootstrap CI; MEAN: mean of the ratios, TOTALS: ratio of the sums over scenarios; threat draws ${threatDraws})`);
  for (const r of all) console.log(r.map((c, i) => c.padEnd(w[i]!)).join('  '));
  console.log(
    `re-plan latency (200 casualties × 40 vehicles × 12 facilities, 4 threats, ${latency.n} states): wall p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms; ` +
      `CPU p50 ${latency.cpuP50.toFixed(1)} ms, p95 ${latency.cpuP95.toFixed(1)} ms (load average ${loadavg()[0]!.toFixed(1)} on this machine)`,
  );
  console.log(`  same states, optimal-v1 (the baseline of this run): CPU p50 ${v1.cpuP50.toFixed(1)} ms, p95 ${v1.cpuP95.toFixed(1)} ms; ratio of p95 ${(latency.cpuP95 / v1.cpuP95).toFixed(2)}`);
  console.log(`re-plan at 1000 × 100 × 30 (${large.n} states): CPU p50 ${large.cpuP50.toFixed(1)} ms, p95 ${large.cpuP95.toFixed(1)} ms; optimal-v1 p95 ${largeV1.cpuP95.toFixed(1)} ms`);
  console.log(`re-plan at 20 × 8 × 4 (${small.n} states): optimal CPU p95 ${small.cpuP95.toFixed(1)} ms; optimal-rollout p50 ${smallRollout.cpuP50.toFixed(1)} ms, p95 ${smallRollout.cpuP95.toFixed(1)} ms (ratio of p95 ${(smallRollout.cpuP95 / small.cpuP95).toFixed(1)})`);
  console.log(`re-plan at 8 × 3 × 4 without threats, where sequences are searched (DISP-19, ${sequenced.n} states): CPU p50 ${sequenced.cpuP50.toFixed(1)} ms, p95 ${sequenced.cpuP95.toFixed(1)} ms; one-step alone p95 ${oneStep.cpuP95.toFixed(1)} ms`);
}
