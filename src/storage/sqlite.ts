// SQLite adapter: the embedded default. One file under DATA_DIR, WAL with synchronous=FULL (a commit is fsync'd
// before append resolves). node:sqlite is synchronous; every method runs to completion inside one call, so no
// two transactions of this process ever interleave.
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
import type { CasualtyEvent, FoldCursor, Projection, StoredEvent } from '../core/index.ts';
import { forward, isIncidentStreamType, project } from '../core/index.ts';
import type { QueuedAppend } from './group-commit.ts';
import { byCasualty, groupCommit } from './group-commit.ts';
import { ProjectionMemory } from './projection-memory.ts';
import type { AppendResult, CasualtyFilter, CasualtySummary, EntityKind, EntityOf, LogAuditHead, Store, WriteAudit } from './port.ts';
import type { EventRow, LogAuditRow, SummaryRow } from './common.ts';
import { sqliteWorkforceLog } from './workforce.ts';
import { readSide } from './read-side.ts';
import { sqliteSql, whenIdle } from './sql.ts';
import type { SqlRunner } from './sql.ts';
import { putEntityAudited } from './fact-audit.ts';
import {
  EVENT_COLUMNS, EventConflictError, INCIDENT_IDS_SQL, destinationsSinceSql, isIncidentLog, LOG_AUDIT_COLUMNS, SUMMARY_COLUMNS, StoreLockedError,
  eventValues, filterSql, loadMigrations, projectionRow,
  logAuditValues, nextLogAudit, ParsedStates, rowToEvent, rowToLogAudit, rowToSummary, sameContent,
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

type Param = string | number | null;

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

/** Open the database file with the durability this adapter promises (WAL, synchronous=FULL). */
function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
  return db;
}

/**
 * SQLite's page cache (KiB). Issue 16: at 32 MiB it filled whole at 10,000 casualties (the start plan's read and the
 * hour's fact scan, ~1,300 pages, then the reads as they come) and stayed in the serving process's RSS: 28–30 MiB of
 * its peak. The plan's inputs and the hour's figures are kept in the process's own memory after their first read; the
 * scans behind them (at start, once an hour) and the rest read from the OS's file cache. 4 MiB holds the plan's cold
 * read (casualty_plan: 670 pages at 10,000) and the open evacuations' index whole; 2 MiB left the same peak.
 */
export const PAGE_CACHE_KIB = 4096;

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

/** A projection row as stored: its summary, fold cursor, and column values (ROW_COLUMNS order) to diff against. */
interface ProjectionRow {
  summary: CasualtySummary;
  cursor: FoldCursor | null;
  values: Param[];
}

const ROW_COLUMNS = [...SUMMARY_COLUMNS.split(', '), 'fold', 'derived_key', 'plan_key'];
/** How many projection rows the store remembers (the casualties being written to now; a few MB at most). */
const REMEMBERED_ROWS = 256;

/** The casualties' projection rows: read (remembered, else from the database) and written (changed columns only). */
function projectionRows(c: Conn, memory: ProjectionMemory<ProjectionRow>) {
  const { q } = c;
  // A file not yet at migration 029 (a store written before migrate(), as tests do) has no digest columns: until
  // they exist the rows are read and written without them (a row without digests is rewritten by every trigger).
  let digests = false;
  const columns = (): string[] => {
    digests ||= q(`SELECT 1 FROM pragma_table_info('casualties') WHERE name = 'plan_key'`).get() !== undefined;
    return digests ? ROW_COLUMNS : ROW_COLUMNS.slice(0, -2);
  };
  const read = (id: string): ProjectionRow | null => {
    const row = q(`SELECT ${columns().join(', ')} FROM casualties WHERE id = ?`).get(id) as unknown as (SummaryRow & { fold: string | null }) | undefined;
    if (!row) return null;
    const raw = row as unknown as Record<string, Param>;
    return { summary: rowToSummary(row), cursor: row.fold ? (JSON.parse(row.fold) as FoldCursor) : null, values: columns().map((k) => raw[k] ?? null) };
  };
  return {
    /** Inside the append's transaction: the row as this transaction sees it. */
    inTx: (id: string): ProjectionRow | null => memory.get(id) ?? read(id),
    /** Outside any transaction: the committed row (remembered for the append that usually follows). */
    committed: (id: string): ProjectionRow | null => {
      const known = memory.get(id);
      if (known) return known;
      const row = read(id);
      if (row) memory.remember(id, row);
      return row;
    },
    /**
     * Write a projection. SQLite rewrites an index when its columns are SET, even to the same value, so an
     * existing row gets an UPDATE of the columns that changed only (a note: last_seq, updated_at, state, fold).
     */
    write(p: Projection, old: ProjectionRow | null): void {
      const cols = columns();
      const row = projectionRow(p.summary);
      const values: Param[] = [...row.values, JSON.stringify(p.cursor), row.keys.derived, row.keys.plan].slice(0, cols.length);
      if (!old) q(`INSERT INTO casualties (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
      else {
        const changed = cols.flatMap((_, i) => (i > 0 && values[i] !== old.values[i] ? [i] : []));
        if (changed.length) q(`UPDATE casualties SET ${changed.map((i) => `${cols[i]} = ?`).join(', ')} WHERE id = ?`).run(...changed.map((i) => values[i]!), p.summary.id);
      }
      memory.write(p.summary.id, { summary: p.summary, cursor: p.cursor, values });
    },
  };
}

/** One append inside the open transaction (events, the log's audit entry, each touched projection extended). */
function appender(c: Conn, rows: ReturnType<typeof projectionRows>): (a: QueuedAppend) => AppendResult {
  const { q, logOf, head } = c;

  /** One append inside the open transaction: events, the log's audit entry, each touched projection extended. */
  const appendInTx = ({ events, now, audit }: QueuedAppend): AppendResult => {
    const insert = q(
      `INSERT INTO events (id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
    );
    const existing = q(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`);
    const results: AppendResult['results'] = [];
    const stored: { e: CasualtyEvent; seq: number }[] = [];
    const inBatch = new Map<string, CasualtyEvent>();
    for (const e of events) {
      // Look first: an upsert that hits the conflict would still burn an AUTOINCREMENT number (a gap).
      const oldRow = existing.get(e.id) as unknown as EventRow | undefined;
      const old = oldRow ? rowToEvent(oldRow) : inBatch.get(e.id);
      if (old) {
        if (!sameContent(old, e)) throw new EventConflictError(e.id);
        results.push({ id: e.id, seq: Number(oldRow ? oldRow.seq : results.find((r) => r.id === e.id)!.seq), duplicate: true });
        continue;
      }
      const row = insert.get(...(eventValues(e, now) as Param[])) as { seq: number } | undefined;
      if (!row) throw new Error(`event ${e.id} was neither inserted nor found`);
      inBatch.set(e.id, e);
      stored.push({ e, seq: Number(row.seq) });
      results.push({ id: e.id, seq: Number(row.seq), duplicate: false });
    }
    const accepted = stored.length;
    const summaries: CasualtySummary[] = [];
    if (accepted > 0) {
      const h = q('SELECT seq, hash FROM log_audit_head WHERE id = 1').get() as { seq: number; hash: string };
      const entry = nextLogAudit({ seq: Number(h.seq), hash: h.hash }, stored, audit, now);
      q(`INSERT INTO log_audit (${LOG_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...logAuditValues(entry));
      q('UPDATE log_audit_head SET seq = ?, hash = ? WHERE id = 1').run(entry.seq, entry.hash);
      for (const [id, fresh] of byCasualty(stored, now)) {
        const prev = rows.inTx(id);
        let next = prev?.cursor && !fresh.some((e) => isIncidentStreamType(e.type)) ? forward({ summary: prev.summary, cursor: prev.cursor }, fresh, now) : null;
        if (!next) {
          const log = logOf(id);
          if (isIncidentLog(log)) continue; // an incident's own log has no casualty projection (issue 15)
          next = project(id, log, now);
        }
        rows.write(next, prev);
        summaries.push(next.summary);
      }
    }
    return { results, accepted, duplicates: events.length - accepted, head: head(), summaries };
  };

  return appendInTx;
}

/**
 * Group commit: appends queued in the same turn of the event loop share one transaction (one fsync). Each runs
 * under its own savepoint, so a refused batch (409) is rolled back alone. node:sqlite is synchronous: nothing else
 * of this process runs while the transaction is open. The SQL facet (accounting) shares this connection: a batch
 * waits until none of its transactions is open.
 */
function sqliteCommits(c: Conn, gate: Parameters<typeof whenIdle>[0], memory: ProjectionMemory<ProjectionRow>) {
  const { db } = c;
  const appendInTx = appender(c, projectionRows(c, memory));
  return groupCommit<QueuedAppend, AppendResult>((batch) => whenIdle(gate, () => {
    c.open();
    const out: (AppendResult | Error)[] = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const item of batch) {
        db.exec('SAVEPOINT one_append');
        try {
          out.push(appendInTx(item));
          db.exec('RELEASE one_append');
          memory.released();
        } catch (err) {
          memory.rolledBack();
          db.exec('ROLLBACK TO one_append');
          db.exec('RELEASE one_append');
          out.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
      db.exec('COMMIT');
      memory.committed();
    } catch (err) {
      memory.aborted();
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
    return out;
  }), { gather: true });
}

/** The log's audit chain and the event reads by id and cursor. */
function eventReads(c: Conn, memory: ProjectionMemory<ProjectionRow>): Pick<Store, 'eventsOf' | 'logAudit' | 'logAuditHead' | 'eventsAfter' | 'getEvent' | 'head' | 'casualty' | 'casualtyToWrite' | 'casualties' | 'incidentIds' | 'destinationsSince'> {
  const { q } = c;
  const rows = projectionRows(c, memory);
  const states = new ParsedStates();
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
      return rows.committed(id)?.summary ?? null;
    },

    // The only writer of the file remembers exactly what it committed: nothing for the append to check.
    async casualtyToWrite(id) {
      return { summary: rows.committed(id)?.summary ?? null, check: null };
    },

    async casualties(filter: CasualtyFilter) {
      const { sql, params } = filterSql(filter, (i) => `?${i}`);
      // Each state parsed once per stored text (ParsedStates): a console's list re-read every second.
      return (q(sql).all(...params) as unknown as SummaryRow[]).map((r) => states.summary(r));
    },

    async incidentIds() {
      return (q(INCIDENT_IDS_SQL).all() as { id: string }[]).map((r) => r.id);
    },

    async destinationsSince(receivedFrom, limit) {
      return (q(destinationsSinceSql(() => '?')).all(receivedFrom, Math.max(0, Math.floor(limit))) as unknown as EventRow[]).map(rowToEvent);
    },

  };
}

/** Reference entities: current-state documents (writes wait for the SQL facet's transactions). */
function entities(c: Conn, sql: SqlRunner): Pick<Store, 'putEntity' | 'getEntity' | 'listEntities' | 'countEntities'> {
  const { q } = c;
  return {
    async putEntity<K extends EntityKind>(kind: K, value: EntityOf[K], audit?: WriteAudit) {
      await putEntityAudited(sql, kind, value, audit, new Date().toISOString());
    },

    async getEntity<K extends EntityKind>(kind: K, id: string) {
      const row = q('SELECT body FROM entities WHERE kind = ? AND id = ?').get(kind, id) as { body: string } | undefined;
      return row ? (JSON.parse(row.body) as EntityOf[K]) : null;
    },

    async listEntities<K extends EntityKind>(kind: K) {
      const rows = q('SELECT body FROM entities WHERE kind = ? ORDER BY id').all(kind) as { body: string }[];
      return rows.map((r) => JSON.parse(r.body) as EntityOf[K]);
    },

    async countEntities(kind: EntityKind) {
      return (q('SELECT COUNT(*) AS n FROM entities WHERE kind = ?').get(kind) as { n: number }).n;
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
  // The projection rows this store last wrote or read (it is their only writer: see projection-memory.ts).
  const memory = new ProjectionMemory<ProjectionRow>(REMEMBERED_ROWS);
  const commits = sqliteCommits(c, facet.gate, memory);
  const store: Store = {
    kind: 'sqlite',
    workforce: sqliteWorkforceLog(() => db, (fn) => whenIdle(facet.gate, () => c.tx(fn))),
    sql: facet.sql,
    ...readSide({ dialect: 'sqlite', all: async <R>(sql: string, params: unknown[]) => c.q(sql).all(...(params as Param[])) as R[] }),
    ...eventReads(c, memory),
    ...entities(c, facet.sql),

    async migrate() {
      const applied = await whenIdle(facet.gate, () => migrateNow(c));
      memory.clear(); // a migration may rewrite projection rows
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
        db.close();
      } finally {
        lock.release();
      }
    },
  };
  return store;
}
