import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simCommand } from './sim.ts';

const example = resolve(import.meta.dirname, '../../../examples/scenarios/school-strike-mci.json');

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await simCommand(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

test('sim: a malformed scenario exits 2 naming the file and the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-sim-'));
  const raw = JSON.parse(readFileSync(example, 'utf8')) as { vehicles: { speedKmh: unknown }[] };
  raw.vehicles[1]!.speedKmh = 'fast';
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(raw));
  const r = await capture([file]);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json/);
  assert.match(r.err, /vehicles\[1\]\.speedKmh/);
});

test('sim: --compare --json --runs prints one document; --trace writes JSONL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-sim-'));
  const trace = join(dir, 'trace.jsonl');
  const r = await capture([example, '--compare', 'closest,optimal', '--runs', '2', '--json', '--trace', trace]);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { scenarios: { policies: Record<string, Record<string, { mean: number; lo: number; hi: number }>> }[] };
  const p = doc.scenarios[0]!.policies;
  assert.ok(p['closest']!['expectedSurvivors.critical']!.mean > 0);
  assert.ok(p['optimal']!['t1SurgeryWithin120'] !== undefined);
  const lines = readFileSync(join(dir, 'trace-school-strike-mci-optimal.jsonl'), 'utf8').trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0]!), { t: 10.6, event: 'casualty', casualty: 'c1' });
  const table = await capture([example, '--policy', 'priority']);
  assert.equal(table.code, 0);
  assert.match(table.out, /expected survivors critical/);
  assert.equal((await capture(['--help'])).code, 0);
  assert.equal((await capture([example, '--policy', 'nope'])).code, 1);
});
