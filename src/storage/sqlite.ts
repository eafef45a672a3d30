// SQLite adapter: the embedded default. One file under DATA_DIR, WAL with synchronous=FULL (a commit is fsync'd
// before append resolves). Appends are committed on the writer thread (sqlite-writer-thread.ts, sqlite-append.ts)
// over a connection of its own, so the fsync'd COMMIT does not block the event loop; reads, the reference entities,
// the workforce log and the SQL facet use this thread's connection (node:sqlite is synchronous: each of those runs
// to completion inside one call).
//
// Process lock: a sidecar SQLite file `<name>.lock` on which we open an EXCLUSIVE transaction and keep it open
// for the life of the store. That is a POSIX advisory lock owned by the kernel: a second process (or a second
// store in this process) gets SQLITE_BUSY, and when the owner dies — even by SIGKILL — the kernel drops the lock,
// so there is no stale lock to detect and no pid-reuse race. `<name>.pid` records the holder for error messages.
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { privateDir, privateFile } from './private-files.ts';
import { join, resolve } from 'node:path';
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import type { QueuedAppend } from './group-commit.ts';
import { groupCommit } from './group-commit.ts';
import { ProjectionMemory } from './projection-memory.ts';
import type { AppendResult, CasualtyFilter, CasualtySummary, EntityKind, EntityOf, LogAuditHead, Store, WriteAudit } from './port.ts';
import type { EventRow, LogAuditRow, SummaryRow } from './common.ts';
import { sqliteWorkforceLog } from './workforce.ts';
import { readSide } from './read-side.ts';
import { sqliteSql, whenIdle } from './sql.ts';
import { openDatabase } from './sqlite-append.ts';
import type { Param } from './sqlite-append.ts';
import type { SqliteWriter } from './sqlite-writer-thread.ts';
import { sqliteWriter } from './sqlite-writer-thread.ts';
import {
  EVENT_COLUMNS, INCIDENT_IDS_SQL, LOG_AUDIT_COLUMNS, SUMMARY_COLUMNS, StoreLockedError,
  filterSql, loadMigrations, rowToEvent, rowToLogAudit, rowToSummary,
} from './common.ts';

export interface SqliteOptions {
  dataDir: string;
  /** Default `goldenhour.db`. */
  fileName?: string;
}

function acquireLock(dbPath: string): { release: () => void } {
  const lockPath = `${dbPath}.lock`;
  const pidPath = `${dbPath}.pid`;
  const lock = new DatabaseSync(lockPath);
  try {
    lock.exec('PRAGMA busy_timeout = 0');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock.close();
    let holder = 'another process';
    try {
      holder = `process ${readFileSync(pidPath, 'utf8').trim()}`;
    } catch {
      // no pid file: the holder is starting or stopping
    }
    throw new StoreLockedError(`${dbPath} is in use by ${holder} (${(err as Error).message})`);
  }
  writeFileSync(pidPath, `${process.pid}\n`, { mode: 0o600 });
  return {
    release: () => {
      rmSync(pidPath, { force: true });
      try {
        lock.exec('ROLLBACK');
      } finally {
        lock.close();
      }
    },
  };
}

/** The open connection and what every part of the adapter runs its SQL with. */
interface Conn {
  db: DatabaseSync;
  /** A prepared statement, cached; throws once the store is closed. */
  q(sql: string): StatementSync;
  /** One `BEGIN IMMEDIATE` transaction around `fn`. */
  tx<T>(fn: () => T): T;
  isClosed(): boolean;
  open(): void;
  head(): number;
  logOf(casualtyId: string): StoredEvent[];
  /** Forget the cached statements (after a migration, at close). */
  forget(): void;
  markClosed(): void;
}

function connection(db: DatabaseSync): Conn {
  let closed = false;
  const stmts = new Map<string, StatementSync>();
  const open = (): void => {
    if (closed) throw new Error('store is closed');
  };
  const q = (sql: string): StatementSync => {
    open();
    let s = stmts.get(sql);
    if (!s) {
      s = db.prepare(sql);
      stmts.set(sql, s);
    }
    return s;
  };
  return {
    db,
    q,
    tx: <T>(fn: () => T): T => {
      open();
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = fn();
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    isClosed: () => closed,
    open,
    head: () => Number((q('SELECT coalesce(max(seq), 0) AS h FROM events').get() as { h: number }).h),
    logOf: (casualtyId) =>
      (q(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ? ORDER BY seq`).all(casualtyId) as unknown as EventRow[]).map(rowToEvent),
    forget: () => stmts.clear(),
    markClosed: () => {
      closed = true;
      stmts.clear();
    },
  };
}

/** Apply every migration not yet applied, each in its own transaction. */
function migrateNow(c: Conn): number[] {
  const { db, tx } = c;
  c.open();
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of loadMigrations('sqlite')) {
    if (done.has(m.version)) continue;
    tx(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version, m.name, new Date().toISOString(),
      );
    });
    applied.push(m.version);
  }
  c.forget();
  return applied;
}

/** How many casualty summaries the store remembers for the door's reads (the casualties being written to now). */
const REMEMBERED_ROWS = 256;

/**
 * The casualties' committed summaries for the door's read before an append: remembered (the writer thread answers
 * every summary it committed, and this process is the file's only writer), else read from the database.
 */
function summaries(c: Conn, memory: ProjectionMemory<CasualtySummary>) {
  return (id: string): CasualtySummary | null => {
    const known = memory.get(id);
    if (known) return known;
    const row = c.q(`SELECT ${SUMMARY_COLUMNS} FROM casualties WHERE id = ?`).get(id) as unknown as SummaryRow | undefined;
    if (!row) return null;
    const s = rowToSummary(row);
    memory.remember(id, s);
    return s;
  };
}

/**
 * Group commit on the writer thread: appends queued while a batch commits there become the next batch (one
 * transaction, one fsync, a savepoint each). The SQL facet (accounting) writes over the main connection: a batch
 * waits until none of its transactions is open. The summaries each batch committed are remembered here in commit
 * order (answers arrive in order, one batch at a time), before any caller hears of them.
 */
function sqliteCommits(writer: SqliteWriter, gate: Parameters<typeof whenIdle>[0], memory: ProjectionMemory<CasualtySummary>) {
  return groupCommit<QueuedAppend, AppendResult>(async (batch) => {
    await whenIdle(gate, () => undefined);
    const out = await writer.commit(batch);
    for (const r of out) if (!(r instanceof Error)) for (const s of r.summaries ?? []) memory.remember(s.id, s);
    return out;
  }, { gather: GATHER });
}

/** Gathering as for a synchronous commit (group-commit.ts): off unless GH_SQLITE_GATHER=1 (measured in bench/scale). */
const GATHER = process.env.GH_SQLITE_GATHER === '1';

/** The log's audit chain and the event reads by id and cursor. */
function eventReads(c: Conn, memory: ProjectionMemory<CasualtySummary>): Pick<Store, 'eventsOf' | 'logAudit' | 'logAuditHead' | 'eventsAfter' | 'getEvent' | 'head' | 'casualty' | 'casualtyToWrite' | 'casualties' | 'incidentIds'> {
  const { q } = c;
  const summary = summaries(c, memory);
  return {
    async eventsOf(casualtyId) {
      return c.logOf(casualtyId);
    },

    async logAudit(after, limit) {
      const rows = q(`SELECT ${LOG_AUDIT_COLUMNS} FROM log_audit WHERE seq > ? ORDER BY seq LIMIT ?`).all(
        after, Math.max(0, Math.floor(limit)),
      ) as unknown as LogAuditRow[];
      return rows.map(rowToLogAudit);
    },

    async logAuditHead(): Promise<LogAuditHead> {
      const h = q('SELECT seq, hash, legacy_through FROM log_audit_head WHERE id = 1').get() as { seq: number; hash: string; legacy_through: number };
      return { seq: Number(h.seq), hash: h.hash, legacyThrough: Number(h.legacy_through) };
    },

    async eventsAfter(after, limit) {
      const rows = q(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`).all(
        after, Math.max(0, Math.floor(limit)),
      ) as unknown as EventRow[];
      return rows.map(rowToEvent);
    },

    async getEvent(id) {
      const row = q(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).get(id) as unknown as EventRow | undefined;
      return row ? rowToEvent(row) : null;
    },

    async head() {
      return c.head();
    },

    // The door's read before an append: from the rows the store remembers (the append then starts from it too).
    async casualty(id): Promise<CasualtySummary | null> {
      return summary(id);
    },

    // The only writer of the file remembers exactly what it committed: nothing for the append to check.
    async casualtyToWrite(id) {
      return { summary: summary(id), check: null };
    },

    async casualties(filter: CasualtyFilter) {
      const { sql, params } = filterSql(filter, (i) => `?${i}`);
      return (q(sql).all(...params) as unknown as SummaryRow[]).map(rowToSummary);
    },

    async incidentIds() {
      return (q(INCIDENT_IDS_SQL).all() as { id: string }[]).map((r) => r.id);
    },

  };
}

/** Reference entities: current-state documents (writes wait for the SQL facet's transactions). */
function entities(c: Conn, gate: Parameters<typeof whenIdle>[0]): Pick<Store, 'putEntity' | 'getEntity' | 'listEntities'> {
  const { q } = c;
  return {
    async putEntity<K extends EntityKind>(kind: K, value: EntityOf[K]) {
      await whenIdle(gate, () =>
        q(
          `INSERT INTO entities (kind, id, body, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        ).run(kind, value.id, JSON.stringify(value), new Date().toISOString()),
      );
    },

    async getEntity<K extends EntityKind>(kind: K, id: string) {
      const row = q('SELECT body FROM entities WHERE kind = ? AND id = ?').get(kind, id) as { body: string } | undefined;
      return row ? (JSON.parse(row.body) as EntityOf[K]) : null;
    },

    async listEntities<K extends EntityKind>(kind: K) {
      const rows = q('SELECT body FROM entities WHERE kind = ? ORDER BY id').all(kind) as { body: string }[];
      return rows.map((r) => JSON.parse(r.body) as EntityOf[K]);
    },

  };
}

export async function openSqliteStore(opts: SqliteOptions): Promise<Store> {
  const dir = resolve(opts.dataDir);
  privateDir(dir);
  const path = join(dir, opts.fileName ?? 'goldenhour.db');
  for (const f of [path, `${path}.lock`]) privateFile(f);
  const lock = acquireLock(path);
  let db: DatabaseSync;
  try {
    db = openDatabase(path);
  } catch (err) {
    lock.release();
    throw err;
  }
  const c = connection(db);
  // The SQL facet shares this connection; every write below waits until none of its transactions is open.
  const facet = sqliteSql(() => {
    c.open();
    return db;
  });
  // The summaries this store last committed or read (it is the file's only writer: see projection-memory.ts).
  const memory = new ProjectionMemory<CasualtySummary>(REMEMBERED_ROWS);
  const writer = sqliteWriter(path);
  const commits = sqliteCommits(writer, facet.gate, memory);
  const store: Store = {
    kind: 'sqlite',
    workforce: sqliteWorkforceLog(() => db, (fn) => whenIdle(facet.gate, () => c.tx(fn))),
    sql: facet.sql,
    ...readSide({ dialect: 'sqlite', all: async <R>(sql: string, params: unknown[]) => c.q(sql).all(...(params as Param[])) as R[] }),
    ...eventReads(c, memory),
    ...entities(c, facet.gate),

    async migrate() {
      await commits.drain();
      const applied = await whenIdle(facet.gate, () => migrateNow(c));
      memory.clear(); // a migration may rewrite projection rows
      await writer.forget();
      return applied;
    },

    async append(events: readonly CasualtyEvent[], now: string, audit?: WriteAudit): Promise<AppendResult> {
      c.open();
      return commits.submit({ events, now, audit });
    },

    async close() {
      if (c.isClosed()) return;
      await commits.drain();
      c.markClosed();
      memory.clear();
      try {
        await writer.close();
      } finally {
        try {
          db.close();
        } finally {
          lock.release();
        }
      }
    },
  };
  return store;
}
