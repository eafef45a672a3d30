// The accounting module's own connection to the product database (the same file or cluster as the casualty store,
// whose migrations create our tables). One tiny SQL runner for both dialects: statements are written with `?`
// placeholders and plain SQL; PostgreSQL gets `$n`. Counts come back as numbers from both.
import { DatabaseSync } from 'node:sqlite';
import { join, resolve } from 'node:path';
import pg from 'pg';

export type Param = string | number | null | Uint8Array;

export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** One transaction; every statement of `fn` goes through the Db it is given. */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface AccountingEnv {
  DATABASE_URL?: string | undefined;
  DATA_DIR?: string | undefined;
}

export async function openAccountingDb(env: AccountingEnv): Promise<Db> {
  return env.DATABASE_URL ? openPg(env.DATABASE_URL) : openSqlite(env.DATA_DIR || './data');
}

/** `?` → `$1, $2…` (our SQL has no other question marks). */
export const toPg = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

function openSqlite(dataDir: string): Db {
  const db = new DatabaseSync(join(resolve(dataDir), 'goldenhour.db'));
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = FULL');
  // The facts and their covering indexes stay in memory between dashboard requests.
  db.exec('PRAGMA cache_size = -32768');
  // node:sqlite is synchronous, but a transaction body awaits: serialise transactions on this connection.
  let queue: Promise<unknown> = Promise.resolve();
  const conv = (p: readonly Param[]) => p as (string | number | null | Uint8Array)[];
  const base = {
    kind: 'sqlite' as const,
    async all<T>(sql: string, params: readonly Param[] = []) {
      return db.prepare(sql).all(...conv(params)) as T[];
    },
    async run(sql: string, params: readonly Param[] = []) {
      return Number(db.prepare(sql).run(...conv(params)).changes);
    },
  };
  const out: Db = {
    ...base,
    tx<T>(fn: (d: Db) => Promise<T>): Promise<T> {
      const next = queue.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const r = await fn(out);
          db.exec('COMMIT');
          return r;
        } catch (err) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      db.close();
    },
  };
  return out;
}

// int8 (count) and numeric (sum, avg) as numbers, like SQLite's, for this pool only (not the process-wide parser).
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPg(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 4, types });
  pool.on('error', (err) => console.error(`accounting pool: ${err.message}`));
  const over = (q: (sql: string, params: unknown[]) => Promise<pg.QueryResult>): Omit<Db, 'tx' | 'close'> => ({
    kind: 'postgres',
    async all<T>(sql: string, params: readonly Param[] = []) {
      return (await q(toPg(sql), [...params])).rows as T[];
    },
    async run(sql: string, params: readonly Param[] = []) {
      return (await q(toPg(sql), [...params])).rowCount ?? 0;
    },
  });
  const db: Db = {
    ...over((s, p) => pool.query(s, p)),
    async tx<T>(fn: (d: Db) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      const inner: Db = { ...over((s, p) => c.query(s, p)), tx: (f) => f(inner), close: async () => undefined };
      try {
        await c.query('BEGIN');
        const r = await fn(inner);
        await c.query('COMMIT');
        return r;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}
