// SCN-17 in `goldenhour demo`: a scenario's staff counts set the tables the live plan may use now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoData } from './demo.ts';

test('SCN-17 the demo loads a short-staffed scenario with the tables its surgical teams can run', () => {
  const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/scenarios/short-staffed-surgery.json'), 'utf8'));
  const tables = (s: unknown) => Object.fromEntries(demoData(s as Parameters<typeof demoData>[0], '2026-06-01T12:00:00.000Z', 0).facilities.map((f) => [f.id, [f.surgicalTables, f.tablesAvailable]]));
  assert.deepEqual(tables(raw), { 'r1-chasiv': [0, 0], 'r2-kost': [2, 1], 'r3-kram': [4, 2] });
  const unstaffed = { ...raw, facilities: raw.facilities.map(({ staff: _s, ...f }: Record<string, unknown>) => f) };
  assert.deepEqual(tables(unstaffed), { 'r1-chasiv': [0, 0], 'r2-kost': [2, 2], 'r3-kram': [4, 4] });
});
