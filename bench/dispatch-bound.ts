// `node bench/dispatch-bound.ts [DIR] [--seeds N] [--policies a,b]`: per scenario in DIR (default examples/scenarios),
// the mean over N seeds (default 10, the seeds of bench:dispatch) of the upper bound on expected critical survivors
// (SIM-18, src/sim/bound.ts; without and with the tables' capacity) beside the policies' means, and the bound over optimal-v1: where the sum of bounds is
// below 1.10 × optimal-v1's sum, no policy reaches issue #11's goal on these scenarios.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { PolicyName } from '../src/dispatch/index.ts';
import { criticalBound, criticalBoundWithTables } from '../src/sim/bound.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { runPolicy } from '../src/sim/run.ts';
import { parseScenario } from '../src/sim/scenario.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--'))) ?? resolve(import.meta.dirname, '../examples/scenarios');
const seeds = Number(flag('--seeds') ?? 10);
const policies = (flag('--policies') ?? 'optimal,optimal-v1').split(',') as PolicyName[];
if (!policies.includes('optimal-v1')) policies.push('optimal-v1');

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows: string[][] = [['scenario', 'bound', 'tables', ...policies, 'bound/v1', 'tables/v1', ...policies.filter((p) => p !== 'optimal-v1').map((p) => `${p}/v1`)]];
const sums: Record<string, number> = { bound: 0, tables: 0 };
const ratios: Record<string, number[]> = { bound: [], tables: [] };
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const s = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const ks = Array.from({ length: seeds }, (_, k) => s.seed + k);
  const bound = mean(ks.map((k) => criticalBound(s, k)));
  const tables = mean(ks.map((k) => criticalBoundWithTables(s, k)));
  const means: Record<string, number> = {};
  for (const p of policies) means[p] = mean(ks.map((k) => metricsOf(runPolicy(s, p, k, false)).expectedSurvivors.critical));
  const v1 = means['optimal-v1']!;
  sums.bound! += bound;
  ratios.bound!.push(bound / v1);
  sums.tables! += tables;
  ratios.tables!.push(tables / v1);
  for (const p of policies) {
    sums[p] = (sums[p] ?? 0) + means[p]!;
    (ratios[p] ??= []).push(means[p]! / v1);
  }
  rows.push([s.name, bound.toFixed(3), tables.toFixed(3), ...policies.map((p) => means[p]!.toFixed(3)), (bound / v1).toFixed(3), (tables / v1).toFixed(3), ...policies.filter((p) => p !== 'optimal-v1').map((p) => (means[p]! / v1).toFixed(3))]);
}
const v1 = sums['optimal-v1']!;
rows.push(['SUM', sums.bound!.toFixed(3), sums.tables!.toFixed(3), ...policies.map((p) => sums[p]!.toFixed(3)), (sums.bound! / v1).toFixed(3), (sums.tables! / v1).toFixed(3), ...policies.filter((p) => p !== 'optimal-v1').map((p) => (sums[p]! / v1).toFixed(3))]);
rows.push(['MEAN of ratios', '', '', ...policies.map(() => ''), mean(ratios.bound!).toFixed(3), mean(ratios.tables!).toFixed(3), ...policies.filter((p) => p !== 'optimal-v1').map((p) => mean(ratios[p]!).toFixed(3))]);
const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`upper bound on expected critical survivors (SIM-18), ${seeds} seeds, load average ${loadavg()[0]!.toFixed(1)}`);
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join('  '));
console.log(`1.10 × optimal-v1's sum = ${(1.1 * v1).toFixed(3)}; sum of bounds ${sums.bound! >= 1.1 * v1 ? '≥' : '<'} it, with the tables ${sums.tables! >= 1.1 * v1 ? '≥' : '<'} it`);
