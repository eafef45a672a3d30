// The SQLite append transaction (issue 16). It runs on the store's writer thread (sqlite-writer.ts) over a
// connection of its own, so that the fsync'd COMMIT blocks that thread and not the server's event loop: while a
// batch commits, the main thread keeps parsing, authorising and queueing the next requests, and the queue becomes
// the next batch (group commit). One batch is one transaction (one fsync); each append in it runs under its own
// savepoint, so a refused append (409) is rolled back alone. The writer thread is the only writer of the events,
// the casualty projections and the log's audit chain, so what it remembers of the projections is what is on disk.
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import type { CasualtyEvent, FoldCursor, Projection, StoredEvent } from '../core/index.ts';
import { forward, isIncidentStreamType, project } from '../core/index.ts';
import type { QueuedAppend } from './group-commit.ts';
import { byCasualty } from './group-commit.ts';
import { ProjectionMemory } from './projection-memory.ts';
import type { AppendResult, CasualtySummary } from './port.ts';
import type { EventRow, SummaryRow } from './common.ts';
import {
  EVENT_COLUMNS, EventConflictError, isIncidentLog, LOG_AUDIT_COLUMNS, SUMMARY_COLUMNS,
  eventValues, logAuditValues, nextLogAudit, rowToEvent, rowToSummary, sameContent, summaryValues,
} from './common.ts';

export type Param = string | number | null;

/** Open the database file with the durability this adapter promises (WAL, synchronous=FULL). */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // The accounting facts and their covering indexes stay in memory between dashboard requests. (Issue 16: a smaller
  // page cache did not lower the peak RSS at 10,000 casualties measurably; the peak is the JS heap while planning.)
  db.exec('PRAGMA cache_size = -32768');
  return db;
}

/** A cache of prepared statements on one connection. */
export function statements(db: DatabaseSync): { q: (sql: string) => StatementSync; clear: () => void } {
  const stmts = new Map<string, StatementSync>();
  return {
    q: (sql) => {
      let s = stmts.get(sql);
      if (!s) {
        s = db.prepare(sql);
        stmts.set(sql, s);
      }
      return s;
    },
    clear: () => stmts.clear(),
  };
}

/** A projection row as stored: its summary, fold cursor, and column values (ROW_COLUMNS order) to diff against. */
interface ProjectionRow {
  summary: CasualtySummary;
  cursor: FoldCursor | null;
  values: Param[];
}

const ROW_COLUMNS = [...SUMMARY_COLUMNS.split(', '), 'fold'];
/** How many projection rows the writer remembers (the casualties being written to now; a few MB at most). */
const REMEMBERED_ROWS = 256;

/** The casualties' projection rows inside the append's transaction: remembered, else read; written by changed columns. */
function projectionRows(q: (sql: string) => StatementSync, memory: ProjectionMemory<ProjectionRow>) {
  const read = (id: string): ProjectionRow | null => {
    const row = q(`SELECT ${SUMMARY_COLUMNS}, fold FROM casualties WHERE id = ?`).get(id) as unknown as (SummaryRow & { fold: string | null }) | undefined;
    if (!row) return null;
    const raw = row as unknown as Record<string, Param>;
    return { summary: rowToSummary(row), cursor: row.fold ? (JSON.parse(row.fold) as FoldCursor) : null, values: ROW_COLUMNS.map((k) => raw[k] ?? null) };
  };
  return {
    /** The row as this transaction sees it. */
    inTx: (id: string): ProjectionRow | null => memory.get(id) ?? read(id),
    /**
     * Write a projection. SQLite rewrites an index when its columns are SET, even to the same value, so an
     * existing row gets an UPDATE of the columns that changed only (a note: last_seq, updated_at, state, fold).
     */
    write(p: Projection, old: ProjectionRow | null): void {
      const values: Param[] = [...summaryValues(p.summary), JSON.stringify(p.cursor)];
      if (!old) q(`INSERT INTO casualties (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`).run(...values);
      else {
        const changed = ROW_COLUMNS.flatMap((_, i) => (i > 0 && values[i] !== old.values[i] ? [i] : []));
        if (changed.length) q(`UPDATE casualties SET ${changed.map((i) => `${ROW_COLUMNS[i]} = ?`).join(', ')} WHERE id = ?`).run(...changed.map((i) => values[i]!), p.summary.id);
      }
      memory.write(p.summary.id, { summary: p.summary, cursor: p.cursor, values });
    },
  };
}

/** One append inside the open transaction: events, the log's audit entry, each touched projection extended. */
function appender(q: (sql: string) => StatementSync, memory: ProjectionMemory<ProjectionRow>): (a: QueuedAppend) => AppendResult {
  const rows = projectionRows(q, memory);
  const logOf = (casualtyId: string): StoredEvent[] =>
    (q(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ? ORDER BY seq`).all(casualtyId) as unknown as EventRow[]).map(rowToEvent);
  return ({ events, now, audit }) => {
    const insert = q(
      `INSERT INTO events (id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
    );
    const existing = q(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`);
    const results: AppendResult['results'] = [];
    const stored: { e: CasualtyEvent; seq: number }[] = [];
    const inBatch = new Map<string, CasualtyEvent>();
    for (const e of events) {
      // Look first: an upsert that hits the conflict would still take a number.
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
      // Kept although one page a commit: a head apart from the entries finds a tail cut off with its events.
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
    const head = Number((q('SELECT coalesce(max(seq), 0) AS h FROM events').get() as { h: number }).h);
    return { results, accepted, duplicates: events.length - accepted, head, summaries };
  };
}

/** The writer's connection to one store's file: commits batches of appends. */
export interface WriterConnection {
  /** One transaction for the batch, one savepoint per append: a result or the Error of each, in order. */
  commit(batch: readonly QueuedAppend[]): (AppendResult | Error)[];
  /** Forget remembered rows and prepared statements (after a migration). */
  forget(): void;
  close(): void;
}

export function writerConnection(path: string): WriterConnection {
  const db = openDatabase(path);
  // Generous: the store's main thread holds the write lock only for its own short writes (entities, the SQL facet).
  db.exec('PRAGMA busy_timeout = 60000');
  const { q, clear } = statements(db);
  const memory = new ProjectionMemory<ProjectionRow>(REMEMBERED_ROWS);
  const appendInTx = appender(q, memory);
  return {
    commit(batch) {
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
    },
    forget() {
      memory.clear();
      clear();
    },
    close() {
      clear();
      memory.clear();
      db.close();
    },
  };
}
