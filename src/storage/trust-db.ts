// The trust database: users, devices, sessions, enrolment codes, the audit chain and sync peer cursors.
// Its own tables and its own migration list (TRUST_MIGRATIONS below, tracked in `trust_migrations`), kept apart
// from the casualty store's: on SQLite a second file `trust.db` next to `goldenhour.db` (WAL, synchronous=FULL);
// on PostgreSQL the same database as the store, tables prefixed `auth_` / `audit_` / `sync_`.
// SQL is written once with $1… placeholders; SQLite gets them rewritten to ?1….
import { DatabaseSync } from 'node:sqlite';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { survivePoolErrors } from '../storage/unavailable.ts';
import { privateDir, privateFile } from '../storage/private-files.ts';

/** Durable per-peer state of a server that syncs with another (the field box keeps one per rear server). */
export interface PeerCursor {
  /** Our own sequence number up to which every event is acknowledged by the peer. */
  pushed: number;
  /** The peer's sequence number up to which we hold every event it let us see. */
  pulled: number;
}

export interface PeerState {
  load(peerId: string): Promise<PeerCursor>;
  save(peerId: string, c: PeerCursor): Promise<void>;
}

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Run `fn` in one transaction; on SQLite BEGIN IMMEDIATE, on PostgreSQL one pooled client. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type SqliteParam = string | number | null | bigint | Uint8Array;

function sqliteSql(db: DatabaseSync): Sql {
  let chain: Promise<unknown> = Promise.resolve();
  const run = <R>(sql: string, params: unknown[] = []): R[] => {
    const text = sql.replace(/\$(\d+)/g, '?$1').replace(/\bFOR UPDATE\b/g, '');
    const ps = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p)) as SqliteParam[];
    const st = db.prepare(text);
    return (/^\s*(SELECT|WITH)|RETURNING/i.test(text) ? st.all(...ps) : (st.run(...ps), [])) as R[];
  };
  const direct: Sql = {
    dialect: 'sqlite',
    query: (sql, params) => Promise.resolve(run(sql, params)),
    tx: (fn) => fn(direct),
    close: () => Promise.resolve(),
  };
  return {
    dialect: 'sqlite',
    query: (sql, params) => {
      // Queue behind any transaction in progress so statements never land inside another caller's transaction.
      const p = chain.then(() => run(sql, params));
      chain = p.catch(() => undefined);
      return p as Promise<never>;
    },
    tx: <T>(fn: (s: Sql) => Promise<T>) => {
      const p = chain.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(direct);
          db.exec('COMMIT');
          return out;
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
      });
      chain = p.catch(() => undefined);
      return p;
    },
    close: async () => {
      await chain;
      db.close();
    },
  };
}

function pgSql(pool: pg.Pool): Sql {
  const clientSql = (c: pg.PoolClient): Sql => ({
    dialect: 'postgres',
    query: async (sql, params) => (await c.query(sql, params)).rows as never,
    tx: (fn) => fn(clientSql(c)),
    close: () => Promise.resolve(),
  });
  return {
    dialect: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params)).rows as never,
    tx: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(clientSql(c));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Versioned DDL, applied in order; each runs once per database. Both dialects accept this SQL. */
export const TRUST_MIGRATIONS: { version: number; name: string; sql: string[] }[] = [
  {
    version: 1,
    name: 'auth',
    sql: [
      `CREATE TABLE auth_users (
        username TEXT PRIMARY KEY, role TEXT NOT NULL, units TEXT NOT NULL DEFAULT '[]', facilities TEXT NOT NULL DEFAULT '[]',
        password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
      `CREATE TABLE auth_devices (
        device_id TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES auth_users(username), label TEXT NOT NULL,
        token_hash TEXT UNIQUE, created_at TEXT NOT NULL, enrolled_at TEXT, revoked_at TEXT)`,
      `CREATE TABLE auth_enrolments (
        code_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)`,
      `CREATE TABLE auth_sessions (
        token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES auth_users(username), device_id TEXT,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT)`,
    ],
  },
  {
    version: 2,
    name: 'audit',
    sql: [
      `CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, device_id TEXT, action TEXT NOT NULL,
        target TEXT, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
      `CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)`,
      `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
    ],
  },
  {
    version: 3,
    name: 'sync peers',
    sql: [`CREATE TABLE sync_peers (peer TEXT PRIMARY KEY, pushed BIGINT NOT NULL, pulled BIGINT NOT NULL)`],
  },
  {
    // Numbered 11 (issue 14's assigned migration number), not 4: versions are applied in list order, gaps are fine.
    // Stream tickets live here, not in one process's memory, so any server process on the database redeems them.
    version: 11,
    name: 'stream tickets',
    sql: [
      `CREATE TABLE auth_stream_tickets (ticket_hash TEXT PRIMARY KEY, sealed TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
      `CREATE INDEX auth_stream_tickets_expiry ON auth_stream_tickets (expires_at)`,
    ],
  },
  {
    // The key scoped callers' opaque cursors are sealed under (src/auth/cursor-token.ts): one row, made by the first
    // process that needs it, read by every other, so a cursor one process gave is opened by any.
    version: 23,
    name: 'cursor key',
    sql: [`CREATE TABLE auth_cursor_key (id INTEGER PRIMARY KEY, cursor_key TEXT NOT NULL)`],
  },
];

export async function migrateTrust(sql: Sql): Promise<number[]> {
  const lock = sql.dialect === 'postgres' ? 'SELECT pg_advisory_xact_lock(6021977)' : null;
  return sql.tx(async (t) => {
    if (lock) await t.query(lock);
    await t.query('CREATE TABLE IF NOT EXISTS trust_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const done = new Set((await t.query<{ version: number }>('SELECT version FROM trust_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of TRUST_MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const s of m.sql) await t.query(s);
      await t.query('INSERT INTO trust_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

export type TrustTarget = { dataDir: string } | { url: string };

/** Open (and migrate) the trust database beside the store: DATABASE_URL → PostgreSQL, else DATA_DIR/trust.db. */
export async function openTrustDb(target: TrustTarget): Promise<Sql> {
  let sql: Sql;
  if ('url' in target) {
    const pool = new pg.Pool({ connectionString: target.url, max: 5 });
    survivePoolErrors(pool, 'trust db pool');
    sql = pgSql(pool);
  } else {
    const dir = resolve(target.dataDir);
    privateDir(dir);
    privateFile(join(dir, 'trust.db'));
    const db = new DatabaseSync(join(dir, 'trust.db'));
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA busy_timeout = 5000');
    sql = sqliteSql(db);
  }
  await migrateTrust(sql);
  return sql;
}
