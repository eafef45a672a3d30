// The guarantees' floor (issue 16): what every acknowledged append must write, as bare SQL on the same database with
// the same durability, and nothing else — no HTTP, no sign-in, no validation, no fold, no trigger, no secondary
// index. One transaction (one fsync'd commit) that moves the head (the gap-free sequence), stores the event (its id
// unique: a re-sent event is a no-op), adds the audit entry chained by SHA-256 from the head's hash, and upserts the
// casualty's projection (what the lists read) with rows of the sizes the API run stored. On PostgreSQL it is ONE
// prepared statement (one round trip); on SQLite four prepared statements in one synchronous transaction.
// No code path of the product can append for less, so the empty route (HTTP and auth) and this floor in series bound
// what the API's ratio to raw INSERT can ever be on this machine (bench/scale/main.ts prints the bound).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';

/** Mean stored sizes of the API run's rows (characters): an event's payload and a casualty's projection state. */
export interface Sizes { event: number; state: number }

export async function storedSizesPostgres(url: string): Promise<Sizes> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ event: string; state: string }>('SELECT (SELECT avg(length(payload::text)) FROM events) AS event, (SELECT avg(length(state::text)) FROM casualties) AS state');
    return { event: Math.round(Number(r.rows[0]!.event)), state: Math.round(Number(r.rows[0]!.state)) };
  } finally {
    await c.end();
  }
}

export function storedSizesSqlite(storeDir: string): Sizes {
  const db = new DatabaseSync(join(storeDir, 'goldenhour.db'), { readOnly: true });
  try {
    const r = db.prepare('SELECT (SELECT avg(length(payload)) FROM events) AS event, (SELECT avg(length(state)) FROM casualties) AS state').get() as { event: number; state: number };
    return { event: Math.round(r.event), state: Math.round(r.state) };
  } finally {
    db.close();
  }
}

const text = (n: number) => JSON.stringify({ text: 'x'.repeat(Math.max(0, n - 11)) });
const CASUALTIES = Array.from({ length: 32 }, () => uuidv7());
const pick = () => CASUALTIES[Math.floor(Math.random() * CASUALTIES.length)]!;

/** Floor appends a second, one after another on one connection, for `seconds`. */
export type Floor = (seconds: number) => Promise<number>;

async function loop(seconds: number, one: () => Promise<unknown> | unknown): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    await one();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS floor_head (one boolean PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL);
INSERT INTO floor_head VALUES (true, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS floor_events (seq bigint PRIMARY KEY, id text NOT NULL UNIQUE, casualty_id text NOT NULL, payload json NOT NULL);
CREATE TABLE IF NOT EXISTS floor_audit (seq bigint PRIMARY KEY, events text NOT NULL, hash text NOT NULL);
CREATE TABLE IF NOT EXISTS floor_casualties (id text PRIMARY KEY, last_seq bigint NOT NULL, state json NOT NULL);`;

// The head's row lock numbers the event and orders the chain; the hash is computed under it, from the locked head.
const PG_APPEND = `WITH h AS (UPDATE floor_head SET seq = seq + 1, hash = encode(sha256(convert_to(hash || $3, 'UTF8')), 'hex') RETURNING seq, hash),
 e AS (INSERT INTO floor_events (seq, id, casualty_id, payload) SELECT seq, $1, $2, $3::json FROM h),
 a AS (INSERT INTO floor_audit (seq, events, hash) SELECT seq, $1, hash FROM h),
 p AS (INSERT INTO floor_casualties (id, last_seq, state) SELECT $2, seq, $4::json FROM h
       ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state)
SELECT seq FROM h`;

export function floorPostgres(url: string, sizes: Sizes): Floor {
  const payload = text(sizes.event), state = text(sizes.state);
  return async (seconds) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(PG_SCHEMA);
      return await loop(seconds, () => c.query({ name: 'floor_append', text: PG_APPEND, values: [uuidv7(), pick(), payload, state] }));
    } finally {
      await c.end();
    }
  };
}

/** One synchronous writer, as the store is (WAL, synchronous=FULL). */
export function floorSqlite(dir: string, sizes: Sizes): Floor {
  const db = new DatabaseSync(join(dir, 'floor.db'));
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE head (one INTEGER PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
    INSERT INTO head VALUES (1, 0, '${'0'.repeat(64)}');
    CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, casualty_id TEXT NOT NULL, payload TEXT NOT NULL);
    CREATE TABLE audit (seq INTEGER PRIMARY KEY, events TEXT NOT NULL, hash TEXT NOT NULL);
    CREATE TABLE casualties (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, state TEXT NOT NULL)`);
  const head = db.prepare('UPDATE head SET seq = seq + 1 RETURNING seq, hash');
  const moveHash = db.prepare('UPDATE head SET hash = ?');
  const event = db.prepare('INSERT INTO events (seq, id, casualty_id, payload) VALUES (?, ?, ?, ?)');
  const audit = db.prepare('INSERT INTO audit (seq, events, hash) VALUES (?, ?, ?)');
  const projection = db.prepare('INSERT INTO casualties (id, last_seq, state) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state');
  const payload = text(sizes.event), state = text(sizes.state);
  const one = () => {
    const id = uuidv7(), cid = pick();
    db.exec('BEGIN IMMEDIATE');
    try {
      const h = head.get() as { seq: number; hash: string };
      const hash = createHash('sha256').update(h.hash + payload).digest('hex');
      moveHash.run(hash);
      event.run(h.seq, id, cid, payload);
      audit.run(h.seq, id, hash);
      projection.run(cid, h.seq, state);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  };
  return (seconds) => loop(seconds, one);
}
