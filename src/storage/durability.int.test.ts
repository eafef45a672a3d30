// Durability on both databases: a writer process (test/support/writer.ts) appends batches and prints each event id
// only after `append` resolved; we SIGKILL it mid-load, reopen, and check: every acknowledged id is stored, no id
// twice, no partial batch, projections agree with their logs. SQLite: the process lock must be free after kill -9.
// PostgreSQL (fsync on): one cycle also SIGKILLs the postmaster itself mid-load (crash recovery from WAL).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../core/index.ts';
import type { Store } from './port.ts';
import { openStore } from './open.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const WRITER = new URL('../../test/support/writer.ts', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run the writer until it has acknowledged `minAcks` batches (+ a random moment), then SIGKILL it. */
async function runAndKill(env: Record<string, string>, tag: string, minAcks: number, duringLoad?: () => Promise<void>): Promise<string[]> {
  const child = spawn(process.execPath, [WRITER], {
    env: { ...process.env, ...env, WRITER_TAG: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let acks = 0;
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    acks = out.split('\n').filter((l) => l.startsWith('ACK ')).length;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const deadline = Date.now() + 60_000; // a child process starting on busy cores
  while (acks < minAcks && !exited && Date.now() < deadline) await sleep(10);
  assert.ok(!exited, `writer died on its own: ${err}`);
  assert.ok(acks >= minAcks, `writer too slow: ${acks} acks; stderr: ${err}`);
  await sleep(Math.floor(Math.random() * 30));
  if (duringLoad) await duringLoad();
  child.kill('SIGKILL');
  await exit;
  // After a server crash the writer may already have died of its failed append; otherwise it was killed.
  if (!duringLoad) assert.equal(child.signalCode, 'SIGKILL', err);
  // Only whole lines count: a torn last line was never a complete acknowledgement.
  const lines = out.split('\n');
  lines.pop();
  return lines.filter((l) => l.startsWith('ACK ')).flatMap((l) => l.slice(4).split(','));
}

async function verify(store: Store, acked: Set<string>): Promise<number> {
  const all: StoredEvent[] = [];
  for (let cursor = 0; ; ) {
    const page = await store.eventsAfter(cursor, 1000);
    if (!page.length) break;
    all.push(...page);
    cursor = page[page.length - 1]!.seq;
  }
  const ids = new Set(all.map((e) => e.id));
  assert.equal(ids.size, all.length, 'no event stored twice');
  const missing = [...acked].filter((id) => !ids.has(id));
  assert.deepEqual(missing, [], 'every acknowledged event is stored');
  const batches = new Map<string, number>();
  for (const e of all) batches.set(e.hlc!, (batches.get(e.hlc!) ?? 0) + 1);
  for (const [tag, count] of batches) assert.equal(count, Number(tag.split('/')[1]), `batch ${tag} is complete`);
  const byCasualty = new Map<string, StoredEvent[]>();
  for (const e of all) byCasualty.set(e.casualtyId, [...(byCasualty.get(e.casualtyId) ?? []), e]);
  for (const [cid, log] of byCasualty) {
    const s = await store.casualty(cid);
    assert.ok(s, `projection of ${cid} exists`);
    assert.equal(s.lastSeq, Math.max(...log.map((e) => e.seq)), 'projection committed with its events');
    assert.equal(s.state.eventCount, log.length);
  }
  return all.length;
}

describe('durability after SIGKILL', () => {
  it('SQLite: acknowledged events survive, nothing partial, the lock is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-durable-'));
    try {
      const acked = new Set<string>();
      let stored = 0;
      for (let cycle = 0; cycle < 3; cycle++) {
        for (const id of await runAndKill({ DATA_DIR: dir, DATABASE_URL: '' }, `s${cycle}`, 20 + cycle * 15)) acked.add(id);
        const store = await openStore({ DATA_DIR: dir }); // throws StoreLockedError if the dead writer's lock stuck
        await store.migrate();
        const n = await verify(store, acked);
        assert.ok(n >= stored && n >= acked.size);
        stored = n;
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    let pg: PgServer | undefined;
    after(async () => pg?.stop());

    it('acknowledged events survive a killed writer and a killed server, nothing partial', async () => {
      pg = await startPostgres(); // fsync on
      const url = pg.url;
      const acked = new Set<string>();
      for (let cycle = 0; cycle < 3; cycle++) {
        const crashServer = cycle === 2 ? () => pg!.crashRestart() : undefined;
        for (const id of await runAndKill({ DATABASE_URL: url }, `p${cycle}`, 20 + cycle * 15, crashServer)) acked.add(id);
        const store = await openStore({ DATABASE_URL: url });
        await store.migrate();
        await verify(store, acked);
        await store.close();
      }
    });
  });
});
