import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { radioCommand } from './radio.ts';
import { sampleCasualty } from '../../interop/sample.ts';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  try {
    return { code: await radioCommand(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('goldenhour radio encode → decode; a mistyped character is a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-radio-'));
  try {
    const { events, state } = sampleCasualty({
      seed: 'cli-1',
      position: { lat: 48.58678, lon: 38.04631 },
      injuredAt: '2026-03-01T10:00:00.000Z',
      severity: 2,
    });
    const file = join(dir, 'log.json');
    writeFileSync(file, JSON.stringify({ events }));
    const enc = await run(['encode', file]);
    assert.equal(enc.code, 0);
    assert.match(enc.out, /^GH[0-9A-Z-]+$/);
    const dec = await run(['decode', enc.out]);
    assert.equal(dec.code, 0);
    const j = JSON.parse(dec.out) as {
      form: string;
      nineLine: { callSign: string; location: { lat: number; lon: number } };
    };
    assert.equal(j.form, 'compact');
    assert.equal(j.nineLine.callSign, state.evac.nineLine!.callSign);
    assert.ok(Math.abs(j.nineLine.location.lat - 48.58678) < 2e-5);
    const card = await run(['encode', file, '--form', 'card', '--out', 'hex']);
    assert.equal(card.code, 0);
    assert.equal((await run(['decode', '--hex', card.out])).code, 0);
    const bad = enc.out.slice(0, 5) + (enc.out[5] === '7' ? '8' : '7') + enc.out.slice(6);
    const r = await run(['decode', bad]);
    assert.equal(r.code, 2);
    assert.match(r.err, /check character mismatch|checksum/);
    assert.equal((await run(['decode', 'hello'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
