// `goldenhour staff import|export` on a real SQLite data directory: problems by line and field, nothing stored
// (exit 1) unless --keep-valid, re-import changes nothing, export gives the rows back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staffCommand } from './staff.ts';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  const log = console.log;
  const error = console.error;
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => void (out += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(' ')}\n`);
  try {
    return { code: await staffCommand(argv), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    console.log = log;
    console.error = error;
  }
}

test('staff import reports every bad row, stores nothing without --keep-valid, and is idempotent; export round-trips', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-staff-'));
  const before = process.env.DATA_DIR;
  process.env.DATA_DIR = dir;
  try {
    const file = join(dir, 'registry.csv');
    writeFileSync(file, [
      'id,name,profession,specialties,credentials,training,experience_years,cases_12m,languages,status,home_lat,home_lon,availability,site',
      'c1,Olena,nurse,,nurse|1|MoH,degree|200|2010-01-01,3,10,uk,mobilised,,,,',
      'c2,Bad,wizard,,,,,,uk,mobilised,,,,',
      'c3,Late,paramedic,,,,,,uk,reservist,,,2026-06-02T00:00:00Z|2026-06-01T00:00:00Z,',
    ].join('\n'));
    const strict = await capture(['import', file]);
    assert.equal(strict.code, 1);
    assert.match(strict.err, /line 3, field profession/);
    assert.match(strict.err, /line 4, field availability\.0: from must be before to/);
    assert.match(strict.out, /NOTHING stored/);
    assert.doesNotMatch((await capture(['export'])).out, /c1,Olena/);
    const kept = await capture(['import', '--keep-valid', file]);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.out, /1 new facts/);
    assert.match((await capture(['import', '--keep-valid', file])).out, /0 new facts, 1 already there/);
    const ex = await capture(['export']);
    assert.match(ex.out, /^id,name,profession/);
    assert.match(ex.out, /\nc1,Olena,nurse,,nurse\|1\|MoH,degree\|200\|2010-01-01,3,10,uk,mobilised,,,,\n/);
  } finally {
    if (before === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
});
