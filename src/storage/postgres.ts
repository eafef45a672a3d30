// PostgreSQL adapter: several server processes, one database.
//
// Sequence numbers are the sync cursor, so they must be gap-safe: a reader paging by `seq > cursor` must never
// pass over an event that commits later with a lower seq. A sequence/identity column cannot promise that
// (nextval() is taken at insert time, visibility comes at commit, in any order across sessions). Instead every
// append locks the single row of `event_head` (SELECT … FOR UPDATE) and numbers its new events head+1…; the row
// lock is held until COMMIT (and released only after the commit is visible), so appends from any number of
// processes are serialised: seq order = commit order, no gaps. The lock is taken last and held for one round trip,
// and the appends of this process group-commit: see postgres-append.ts.
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { CasualtyEvent } from '../core/index.ts';
import { groupCommit } from './group-commit.ts';
import type { GroupCommit, QueuedAppend } from './group-commit.ts';
import { SHARED_MS, appendBatch, appendMemory, writerRead } from './postgres-append.ts';
import type { AppendMemory } from './postgres-append.ts';
import { hearOthers } from './postgres-listen.ts';
import { survivePoolErrors } from './unavailable.ts';
import type { AppendResult, CasualtyFilter, CasualtySummary, EntityKind, EntityOf, LogAuditHead, Store, WriteAudit, WriterRead } from './port.ts';
import type { EventRow, LogAuditRow, SummaryRow } from './common.ts';
import { pgWorkforceLog } from './workforce.ts';
import { readSide } from './read-side.ts';
import { pgSql } from './sql.ts';
import { putEntityAudited } from './fact-audit.ts';
import {
  EVENT_COLUMNS, INCIDENT_IDS_SQL, destinationsSinceSql, LOG_AUDIT_COLUMNS, ParsedStates, SUMMARY_COLUMNS, SUMMARY_COLUMNS_TEXT, filterSql, loadMigrations, rowToEvent,
  rowToLogAudit, rowToSummary,
} from './common.ts';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /**
   * Group-commit batches in flight while another process appends (default 1; 2 helped where the flush binds and
   * cost ~15 % more CPU a request where the cores do: docs/performance.md, session 20): see `second` in
   * group-commit.ts.
   */
  batchesInFlight?: number;
  /**
   * With batchesInFlight > 1: a lone process too keeps a second batch in flight (split commits) while its own writers
   * are concurrent (default false, today's behaviour: measured in session 26 at load 8–25, it cost 25–90 % more
   * PostgreSQL CPU a request and won in some runs, lost in others: docs/performance.md).
   */
  pipelineAlone?: boolean;
}

/** Key of the session advisory lock that serialises `migrate()` across processes. */
const MIGRATE_LOCK = 0x60_1d_e7_00;

/**
 * The durable head (migration 026): every event up to it is committed and flushed. A reader that keeps a cursor reads
 * no further, so it never passes an append whose commit is visible but not yet flushed (a crash could give its
 * number to another event).
 */
export const DURABLE_HEAD = '(SELECT max(seq) FROM append_durable)';

/**
 * The store's group commit (postgres-append.ts): the appends queued while one commits share the next transaction.
 */
function appendCommits(pool: pg.Pool, memory: AppendMemory, opts: PostgresOptions): GroupCommit<QueuedAppend, AppendResult> {
  // More batches in flight while another process appends (its commits are split, migration 026): they can then join
  // a flush another process started instead of waiting for the next. Each raises its own mark row (the writer's id +
  // '.2', …): on the first batch's row its mark would wait for that batch's flush (a row lock is held across the
  // fsync). Appends to a casualty of a batch in flight wait for it (group-commit.ts).
  const slots = Math.max(1, opts.batchesInFlight ?? 1);
  const views = Array.from({ length: slots }, (_, i) => (i ? new Proxy(memory, { get: (m, k) => (k === 'writer' ? `${m.writer}.${i + 1}` : Reflect.get(m, k)) }) : memory));
  // With `pipelineAlone`, a lone process does the same once its own writers are concurrent (a batch of more than one
  // append, or a second batch started): its appends are split, so its next batch is written during this one's flush.
  const alone = slots > 1 && opts.pipelineAlone === true;
  return groupCommit<QueuedAppend, AppendResult>((batch, slot) => {
    if (alone && (slot > 0 || batch.length > 1)) memory.pipelinedUntil = Date.now() + SHARED_MS;
    return appendBatch(pool, batch, views[slot]);
  }, {
    second: slots > 1 ? { slots, keys: (a) => a.events.map((e) => e.casualtyId), when: () => Date.now() < Math.max(memory.sharedUntil, memory.pipelinedUntil) } : undefined,
  });
}

/** The migrations not yet applied, each in its own transaction (the caller holds the migration lock). */
async function applyMigrations(c: PoolClient): Promise<number[]> {
  const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  const applied: number[] = [];
  for (const m of loadMigrations('postgres')) {
    if (done.has(m.version)) continue;
    await c.query('BEGIN');
    try {
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
    applied.push(m.version);
  }
  // One mark per process ever started (026): those below the highest say nothing more (a process whose row
  // goes writes it again with its next mark).
  await c.query(`DELETE FROM append_durable WHERE writer <> 'sync' AND seq < ${DURABLE_HEAD}`);
  return applied;
}

export async function openPostgresStore(opts: PostgresOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  // A client losing its connection (server restart) must not crash the process; the next query reconnects.
  survivePoolErrors(pool, 'postgres pool');
  // Fail fast on a bad URL or a server that is down.
  const probe = await pool.connect().catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });
  probe.release();
  let closed = false;

  const inTx = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };
  const rows = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => (await pool.query(sql, params)).rows as R[];
  const states = new ParsedStates();

  // Group commit (postgres-append.ts): the appends queued while one commits share the next transaction, sent in one
  // guarded round trip while this process's memory of its own last commit holds.
  const memory = appendMemory();
  const commits = appendCommits(pool, memory, opts);
  // Once another process is seen appending, its appends are heard, and the rows they wrote forgotten
  // (postgres-listen.ts): the next door read of those goes to the database instead of a refused write.
  const others = hearOthers(opts.url, memory, pool);

  const store: Store = {
    kind: 'postgres',
    workforce: pgWorkforceLog(pool, inTx),
    ...readSide({ dialect: 'postgres', all: rows }, () => ` AND seq <= ${DURABLE_HEAD}`),
    sql: pgSql(pool),

    async migrate() {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
        await c.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        return await applyMigrations(c);
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
        c.release();
      }
    },

    async append(events: readonly CasualtyEvent[], now: string, audit?: WriteAudit, checks?: readonly WriterRead[]): Promise<AppendResult> {
      if (closed) throw new Error('store is closed');
      try {
        return await commits.submit({ events, now, audit, checks });
      } finally {
        if (memory.sharedUntil > 0) others.start();
      }
    },

    // The door's read: this process's memory of the row when it has one (no round trip; the append checks it).
    casualtyToWrite: (id) => writerRead(pool, memory, id),

    async logAudit(after, limit) {
      const r = await rows<LogAuditRow>(`SELECT ${LOG_AUDIT_COLUMNS} FROM log_audit WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        after, Math.max(0, Math.floor(limit)),
      ]);
      return r.map(rowToLogAudit);
    },

    async logAuditHead(): Promise<LogAuditHead> {
      const [r] = await rows<{ seq: string; hash: string; legacy_through: string }>('SELECT seq, hash, legacy_through FROM log_audit_head WHERE one');
      return { seq: Number(r!.seq), hash: r!.hash, legacyThrough: Number(r!.legacy_through) };
    },

    async eventsOf(casualtyId) {
      return (await rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = $1 ORDER BY seq`, [casualtyId])).map(rowToEvent);
    },

    async eventsAfter(after, limit) {
      const r = await rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 AND seq <= ${DURABLE_HEAD} ORDER BY seq LIMIT $2`, [
        after, Math.max(0, Math.floor(limit)),
      ]);
      return r.map(rowToEvent);
    },

    async getEvent(id) {
      const [r] = await rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
      return r ? rowToEvent(r) : null;
    },

    async head() {
      const [r] = await rows<{ seq: string }>(`SELECT ${DURABLE_HEAD} AS seq`);
      return Number(r?.seq ?? 0);
    },

    async casualty(id): Promise<CasualtySummary | null> {
      const [r] = await rows<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM casualties WHERE id = $1`, [id]);
      return r ? rowToSummary(r) : null;
    },

    async casualties(filter: CasualtyFilter) {
      // State and authors as text, each parsed once per stored text (ParsedStates, as SQLite): a console's list
      // re-read every second had the driver parse every row's state.
      const { sql, params } = filterSql(filter, (i) => `$${i}`, DURABLE_HEAD, SUMMARY_COLUMNS_TEXT);
      return (await rows<SummaryRow>(sql, params)).map((r) => states.summary(r));
    },

    async incidentIds() {
      return (await rows<{ id: string }>(INCIDENT_IDS_SQL, [])).map((r) => r.id);
    },

    async destinationsSince(receivedFrom, limit) {
      const sql = destinationsSinceSql((i) => `$${i}`, ` AND seq <= ${DURABLE_HEAD}`);
      return (await rows<EventRow>(sql, [receivedFrom, Math.max(0, Math.floor(limit))])).map(rowToEvent);
    },

    async putEntity<K extends EntityKind>(kind: K, value: EntityOf[K], audit?: WriteAudit) {
      await putEntityAudited(store.sql, kind, value, audit, new Date().toISOString());
    },

    async getEntity<K extends EntityKind>(kind: K, id: string) {
      const [r] = await rows<{ body: EntityOf[K] }>('SELECT body FROM entities WHERE kind = $1 AND id = $2', [kind, id]);
      return r ? r.body : null;
    },

    async listEntities<K extends EntityKind>(kind: K) {
      return (await rows<{ body: EntityOf[K] }>('SELECT body FROM entities WHERE kind = $1 ORDER BY id COLLATE "C"', [kind])).map((r) => r.body);
    },
    async countEntities(kind: EntityKind) {
      return Number((await rows<{ n: string }>('SELECT COUNT(*) AS n FROM entities WHERE kind = $1', [kind]))[0]?.n ?? 0);
    },

    async close() {
      if (closed) return;
      await commits.drain();
      closed = true;
      await others.close();
      await pool.end();
    },
  };
  return store;
}
