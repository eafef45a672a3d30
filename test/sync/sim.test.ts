// SYNC-13: convergence under partitions, duplication, reordering, delay, crashes and clock skew (fast subset;
// `npm run bench:sync` runs 10,000 cases). Failing seeds found by the bench are kept in regressions.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCase } from './sim.ts';

const regressions = (JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as { seeds: number[] }).seeds;

test('SYNC-13 200 seeded fuzz cases converge and lose no acknowledged event', async () => {
  const failed: string[] = [];
  for (let seed = 1_000_001; seed <= 1_000_200; seed++) {
    const r = await runCase(seed, { validate: true });
    if (!r.ok) failed.push(`seed ${seed}: ${r.failures.slice(0, 2).join(' | ')}`);
  }
  assert.deepEqual(failed, []);
});

test('SYNC-13 regression seeds', async () => {
  for (const seed of regressions) {
    const r = await runCase(seed, { validate: true });
    assert.ok(r.ok, `seed ${seed}: ${r.failures.join(' | ')}`);
  }
});

test('SYNC-13 the fuzzer is not blind: each deliberate protocol fault is caught', async () => {
  for (const bug of ['cursorIgnoresEcho', 'cursorBeforeEvents', 'dropOutboxOnSend', 'ackBeforeDurable'] as const) {
    let caught = 0;
    for (let seed = 1; seed <= 150 && caught === 0; seed++) if (!(await runCase(seed, { bugs: { [bug]: true } })).ok) caught++;
    assert.ok(caught > 0, `${bug} went unnoticed`);
  }
});

test('issue 14: with content faults (mixed SQLite/PostgreSQL replicas, NUL text, a foreign writer re-using ids) 100 cases converge', async () => {
  const failed: string[] = [];
  for (let seed = 2_000_001; seed <= 2_000_100; seed++) {
    const r = await runCase(seed, { contentFaults: true });
    if (!r.ok) failed.push(`seed ${seed}: ${r.failures.slice(0, 2).join(' | ')}`);
  }
  assert.deepEqual(failed, []);
});

test('issue 14: the fuzzer catches the server\'s behaviour before items 4 and 6 as planted mutants', async () => {
  for (const bug of ['noTextBoundary', 'idOnlyIdempotency'] as const) {
    let caught = 0;
    for (let seed = 1; seed <= 60 && caught === 0; seed++) if (!(await runCase(seed, { contentFaults: true, bugs: { [bug]: true } })).ok) caught++;
    assert.ok(caught > 0, `${bug} went unnoticed`);
  }
});

test('issue 14: with writer faults (sessions without a device id, clocks hours off against the server\'s time rule, imported files) 60 cases converge and refuse no honest event', async () => {
  const failed: string[] = [];
  for (let seed = 3_000_001; seed <= 3_000_060; seed++) {
    const r = await runCase(seed, { writerFaults: true });
    if (!r.ok) failed.push(`seed ${seed}: ${r.failures.slice(0, 2).join(' | ')}`);
  }
  assert.deepEqual(failed, []);
});

test('issue 14: the fuzzer catches the server\'s behaviour before items 5 and 7 and SYNC-16 as planted mutants', async () => {
  for (const bug of ['sharedWebDevice', 'refuseClock', 'importSkipsValidation'] as const) {
    let caught = 0;
    for (let seed = 1; seed <= 60 && caught === 0; seed++) if (!(await runCase(seed, { writerFaults: true, bugs: { [bug]: true } })).ok) caught++;
    assert.ok(caught > 0, `${bug} went unnoticed`);
  }
});
