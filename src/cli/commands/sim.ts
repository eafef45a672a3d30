// `goldenhour sim FILE...`: run scenario files through the evacuation simulator under one or several policies.
import { readFileSync, writeFileSync } from 'node:fs';
import { POLICY_NAMES } from '../../dispatch/index.ts';
import type { PolicyName } from '../../dispatch/index.ts';
import { aggregate, metricsOf } from '../../sim/metrics.ts';
import type { Estimate } from '../../sim/metrics.ts';
import { runPolicy } from '../../sim/run.ts';
import { ScenarioError, parseScenario } from '../../sim/scenario.ts';
import type { Scenario } from '../../sim/scenario.ts';
import type { Command } from '../command.ts';

export const SIM_USAGE = `Usage: goldenhour sim FILE... [--policy NAME] [--runs N] [--json] [--trace FILE]
                       [--compare closest,priority,careful,optimal,hindsight]

Runs each goldenhour-scenario/1 file through the seeded evacuation simulator.
  --policy NAME   closest | priority | careful | optimal (default) | optimal-v1 (the frozen first optimiser) |
                  hindsight (the optimiser shown the future: a heuristic, not a bound)
  --runs N        seeds seed … seed+N-1 (default 1); reports mean and 95 % CI
  --compare LIST  run several policies and print one table per scenario
  --json          print one JSON document instead of tables
  --trace FILE    write the JSONL trace of the first seed (with several files or policies,
                  FILE gets "-<scenario>-<policy>" inserted before its extension)
Exit codes: 0 ok, 1 usage error, 2 malformed scenario.`;

interface Opts {
  files: string[];
  policies: PolicyName[];
  runs: number;
  json: boolean;
  trace: string | null;
}

class Usage extends Error {}

function parse(argv: string[]): Opts | 'help' {
  const o: Opts = { files: [], policies: ['optimal'], runs: 1, json: false, trace: null };
  let policy: string | null = null;
  let compare: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--policy':
        policy = value();
        break;
      case '--compare':
        compare = value();
        break;
      case '--runs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 10000) throw new Usage('--runs must be an integer from 1 to 10000');
        o.runs = n;
        break;
      }
      case '--json':
        o.json = true;
        break;
      case '--trace':
        o.trace = value();
        break;
      default:
        if (a.startsWith('-')) throw new Usage(`unknown option ${a}`);
        o.files.push(a);
    }
  }
  const check = (name: string): PolicyName => {
    if (!(POLICY_NAMES as readonly string[]).includes(name)) throw new Usage(`unknown policy "${name}" (one of ${POLICY_NAMES.join(', ')})`);
    return name as PolicyName;
  };
  if (compare !== null) o.policies = compare.split(',').map((s) => check(s.trim())).filter((p, i, all) => all.indexOf(p) === i);
  else if (policy !== null) o.policies = [check(policy)];
  if (o.files.length === 0) throw new Usage('give at least one scenario file');
  return o;
}

function tracePath(base: string, scenario: string, policy: string, several: boolean): string {
  if (!several) return base;
  const dot = base.lastIndexOf('.');
  const slash = base.lastIndexOf('/');
  return dot > slash ? `${base.slice(0, dot)}-${scenario}-${policy}${base.slice(dot)}` : `${base}-${scenario}-${policy}`;
}

const fmt = (e: Estimate | undefined, digits = 2): string => {
  if (!e || Number.isNaN(e.mean)) return '–';
  if (e.n <= 1 || e.hi - e.lo < 1e-9) return e.mean.toFixed(digits);
  return `${e.mean.toFixed(digits)} [${e.lo.toFixed(digits)}, ${e.hi.toFixed(digits)}]`;
};

const ROWS: [string, string, number][] = [
  ['expected survivors T1', 'expectedSurvivors.T1', 2],
  ['expected survivors T2', 'expectedSurvivors.T2', 2],
  ['expected survivors T3', 'expectedSurvivors.T3', 2],
  ['expected survivors critical (T1+T2)', 'expectedSurvivors.critical', 2],
  ['expected survivors all', 'expectedSurvivors.all', 2],
  ['expected deaths T1', 'expectedDeaths.T1', 2],
  ['expected deaths T2', 'expectedDeaths.T2', 2],
  ['expected deaths T3', 'expectedDeaths.T3', 2],
  ['expected deaths all', 'expectedDeaths.all', 2],
  ['T1 at surgery ≤ 60 min (share)', 't1SurgeryWithin60', 2],
  ['T1 at surgery ≤ 120 min (share)', 't1SurgeryWithin120', 2],
  ['to pickup T1 median / p90 (min)', 'toPickup.T1', 0],
  ['to pickup T2 median / p90', 'toPickup.T2', 0],
  ['to pickup T3 median / p90', 'toPickup.T3', 0],
  ['to first facility T1 median / p90', 'toFirstFacility.T1', 0],
  ['to first facility T2 median / p90', 'toFirstFacility.T2', 0],
  ['to first facility T3 median / p90', 'toFirstFacility.T3', 0],
  ['to surgery T1 median / p90', 'toSurgery.T1', 0],
  ['to surgery T2 median / p90', 'toSurgery.T2', 0],
  ['vehicles lost', 'vehiclesLost', 2],
  ['casualties lost with vehicles', 'casualtiesLostWithVehicles', 2],
  ['km in threat zones', 'threatKm', 1],
  ['vehicle utilisation', 'utilisation', 2],
];

function cell(agg: Record<string, Estimate>, key: string, digits: number): string {
  if (key.startsWith('to')) {
    const m = agg[`${key}.median`];
    const p = agg[`${key}.p90`];
    return m ? `${fmt(m, 0)} / ${fmt(p, 0)}` : '–';
  }
  return fmt(agg[key], digits);
}

function table(name: string, runs: number, seed: number, results: Map<PolicyName, Record<string, Estimate>>): string {
  const policies = [...results.keys()];
  const header = ['metric', ...policies];
  const rows = ROWS.map(([label, key, d]) => [label, ...policies.map((p) => cell(results.get(p)!, key, d))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const casualties = results.get(policies[0]!)!['casualties.all'];
  return [
    `${name} — ${runs} run${runs === 1 ? '' : 's'} from seed ${seed}, ${casualties ? casualties.mean.toFixed(1) : '?'} casualties (mean, 95 % CI)`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

export async function simCommand(argv: string[]): Promise<number> {
  let o: Opts | 'help';
  try {
    o = parse(argv);
  } catch (e) {
    if (e instanceof Usage) {
      process.stderr.write(`goldenhour sim: ${e.message}\n\n${SIM_USAGE}\n`);
      return 1;
    }
    throw e;
  }
  if (o === 'help') {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  const scenarios: { file: string; scenario: Scenario }[] = [];
  for (const file of o.files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      process.stderr.write(`${file}: cannot read JSON: ${(e as Error).message}\n`);
      return 2;
    }
    try {
      scenarios.push({ file, scenario: parseScenario(raw) });
    } catch (e) {
      if (e instanceof ScenarioError) {
        process.stderr.write(`${file}: malformed scenario at ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }
  const several = o.files.length > 1 || o.policies.length > 1;
  const doc: unknown[] = [];
  const tables: string[] = [];
  for (const { file, scenario } of scenarios) {
    const results = new Map<PolicyName, Record<string, Estimate>>();
    for (const policy of o.policies) {
      const metrics = [];
      for (let k = 0; k < o.runs; k++) {
        const seed = scenario.seed + k;
        const r = runPolicy(scenario, policy, seed, o.trace !== null && k === 0);
        if (o.trace !== null && k === 0) {
          writeFileSync(tracePath(o.trace, scenario.name, policy, several), r.trace.map((e) => `${JSON.stringify(e)}\n`).join(''));
        }
        metrics.push(metricsOf(r));
      }
      results.set(policy, aggregate(metrics));
    }
    if (o.json) doc.push({ file, scenario: scenario.name, seed: scenario.seed, runs: o.runs, policies: Object.fromEntries(results) });
    else tables.push(table(scenario.name, o.runs, scenario.seed, results));
  }
  process.stdout.write(o.json ? `${JSON.stringify({ format: 'goldenhour-sim-report/1', scenarios: doc }, null, 2)}\n` : `${tables.join('\n\n')}\n`);
  return 0;
}

export const simCommandSpec: Command = {
  name: 'sim',
  summary: 'run scenario files through the evacuation simulator and compare dispatch policies',
  usage: SIM_USAGE,
  run: simCommand,
};
