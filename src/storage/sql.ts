// The store's SQL facet: plain SQL over the store's own connection (SQLite) or pool (PostgreSQL), for the modules
// whose tables the migrations create beside the casualty log (accounting's figures and claims ledger). Statements use
// `?` placeholders (PostgreSQL gets `$n`); counts and sums come back as numbers from both databases.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import pg from 'pg';

export type Param = string | number | null | Uint8Array;

export interface SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** One transaction; every statement of `fn` goes through the runner it is given. */
  tx<T>(fn: (t: SqlRunner) => Promise<T>): Promise<T>;
}

/** `?` → `$1, $2…` (our SQL has no other question marks). */
export const toPg = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/**
 * The SQLite connection is the store's own. node:sqlite is synchronous but a transaction body here awaits, so the
 * store's writers wait for it (`SqliteGate`): nothing else can slip into an open transaction of this connection.
 */
export interface SqliteGate {
  /** The open SQL-facet transaction, or null when none is open. */
  busy(): Promise<void> | null;
}

/** Run a synchronous write once no SQL-facet transaction is open (checked again after every wait, then no yield). */
export async function whenIdle<T>(gate: SqliteGate, write: () => T): Promise<T> {
  for (let p = gate.busy(); p; p = gate.busy()) await p;
  return write();
}

export function sqliteSql(db: () => DatabaseSync): { sql: SqlRunner; gate: SqliteGate } {
  const stmts = new Map<string, StatementSync>();
  const prep = (s: string): StatementSync => {
    let st = stmts.get(s);
    if (!st) {
      st = db().prepare(s);
      if (stmts.size > 500) stmts.clear();
      stmts.set(s, st);
    }
    return st;
  };
  let open: Promise<void> | null = null;
  const plain = {
    kind: 'sqlite' as const,
    async all<T>(s: string, params: readonly Param[] = []) {
      return prep(s).all(...(params as (string | number | null | Uint8Array)[])) as T[];
    },
    async run(s: string, params: readonly Param[] = []) {
      return Number(prep(s).run(...(params as (string | number | null | Uint8Array)[])).changes);
    },
  };
  const inner: SqlRunner = { ...plain, tx: (fn) => fn(inner) };
  const sql: SqlRunner = {
    ...plain,
    async tx<T>(fn: (t: SqlRunner) => Promise<T>): Promise<T> {
      while (open) await open;
      let done!: () => void;
      open = new Promise<void>((r) => (done = r));
      try {
        db().exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(inner);
          db().exec('COMMIT');
          return out;
        } catch (err) {
          if (db().isTransaction) db().exec('ROLLBACK');
          throw err;
        }
      } finally {
        open = null;
        done();
      }
    },
  };
  return { sql, gate: { busy: () => open } };
}

// int8 (count) and numeric (sum, avg) as numbers, like SQLite's, for these queries only (not the process-wide parser).
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function pgSql(pool: pg.Pool): SqlRunner {
  const over = (q: (cfg: pg.QueryConfig) => Promise<pg.QueryResult>): Omit<SqlRunner, 'tx'> => ({
    kind: 'postgres',
    async all<T>(s: string, params: readonly Param[] = []) {
      return (await q({ text: toPg(s), values: [...params], types })).rows as T[];
    },
    async run(s: string, params: readonly Param[] = []) {
      return (await q({ text: toPg(s), values: [...params], types })).rowCount ?? 0;
    },
  });
  return {
    ...over((cfg) => pool.query(cfg)),
    async tx<T>(fn: (t: SqlRunner) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      const inner: SqlRunner = { ...over((cfg) => c.query(cfg)), tx: (f) => f(inner) };
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
  };
}
