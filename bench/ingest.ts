// `npm run bench:ingest`: events/second appended through the Store (idempotent insert + refold of every touched
// casualty + projection upsert, one durable transaction per batch) on SQLite and on PostgreSQL, batch sizes 1 and
// 100, against a baseline measured in the same run: a raw INSERT of the same rows into a bare table, one
// transaction per batch, same durability settings (SQLite WAL + synchronous=FULL; PostgreSQL fsync on), no
// projection and no duplicate check. Ratio = store / baseline.
// Usage: node bench/ingest.ts [eventsAtBatch1=1000] [eventsAtBatch100=20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { CasualtyEvent } from '../src/core/index.ts';
import type { Store } from '../src/storage/port.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { makeChain } from '../test/support/events.ts';

const N1 = Number(process.argv[2] ?? 1000);
const N100 = Number(process.argv[3] ?? 20_000);
const now = new Date().toISOString();

/** Casualty chains (8 events each), cut into batches; a batch of 1 means each event refolds a growing log. */
function workload(total: number, size: number): CasualtyEvent[][] {
  const events: CasualtyEvent[] = [];
  while (events.length < total) events.push(...makeChain());
  events.length = total;
  const out: CasualtyEvent[][] = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
}

const rate = (n: number, ms: number) => (n * 1000) / ms;
const fmt = (x: number) => x.toFixed(0).padStart(7);

async function timeIt(batches: CasualtyEvent[][], fn: (b: CasualtyEvent[]) => Promise<void> | void): Promise<number> {
  const t = performance.now();
  for (const b of batches) await fn(b);
  return performance.now() - t;
}

const COLS = 'id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at';
const row = (e: CasualtyEvent) => [e.id, e.casualtyId, e.type, e.at, e.recordedAt, e.deviceId, e.author, e.hlc ?? null, JSON.stringify(e.payload), now];

const results: { db: string; size: number; store: number; base: number }[] = [];

async function benchStore(db: string, size: number, total: number, store: Store, baseline: (b: CasualtyEvent[]) => Promise<void> | void) {
  const w1 = workload(total, size);
  const w2 = workload(total, size);
  const base = rate(total, await timeIt(w1, baseline));
  const st = rate(total, await timeIt(w2, async (b) => void (await store.append(b, now))));
  results.push({ db, size, store: st, base });
  console.log(`${db.padEnd(8)} batch ${String(size).padStart(3)}: store ${fmt(st)} ev/s   raw insert ${fmt(base)} ev/s   ratio ${(st / base).toFixed(2)}`);
}

// SQLite
{
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-'));
  try {
    const store = await openSqliteStore({ dataDir: dir });
    await store.migrate();
    const raw = new DatabaseSync(join(dir, 'raw.db'));
    raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    raw.exec(`CREATE TABLE raw (seq INTEGER PRIMARY KEY, ${COLS.split(', ').map((c) => `${c} TEXT`).join(', ')})`);
    const ins = raw.prepare(`INSERT INTO raw (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const baseline = (b: CasualtyEvent[]) => {
      raw.exec('BEGIN IMMEDIATE');
      for (const e of b) ins.run(...row(e));
      raw.exec('COMMIT');
    };
    await benchStore('sqlite', 1, N1, store, baseline);
    await benchStore('sqlite', 100, N100, store, baseline);
    raw.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// PostgreSQL: a throwaway local cluster with fsync on.
{
  const server = await startPostgres();
  try {
    const store = await openPostgresStore({ url: server.url });
    await store.migrate();
    const client = new pg.Client({ connectionString: await server.createDatabase('raw') });
    await client.connect();
    await client.query(`CREATE TABLE raw (seq bigserial PRIMARY KEY, ${COLS.split(', ').map((c) => `${c} text`).join(', ')})`);
    const baseline = async (b: CasualtyEvent[]) => {
      const params = b.flatMap(row);
      const values = b.map((_, i) => `(${Array.from({ length: 10 }, (_, j) => `$${i * 10 + j + 1}`).join(', ')})`).join(', ');
      await client.query('BEGIN');
      await client.query(`INSERT INTO raw (${COLS}) VALUES ${values}`, params);
      await client.query('COMMIT');
    };
    await benchStore('postgres', 1, N1, store, baseline);
    await benchStore('postgres', 100, N100, store, baseline);
    await client.end();
    await store.close();
  } finally {
    await server.stop();
  }
}

console.log(JSON.stringify({ bench: 'ingest', at: now, results: results.map((r) => ({ ...r, store: Math.round(r.store), base: Math.round(r.base), ratio: +(r.store / r.base).toFixed(2) })) }));
