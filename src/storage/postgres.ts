// PostgreSQL adapter: several server processes, one database.
//
// Sequence numbers are the sync cursor, so they must be gap-safe: a reader paging by `seq > cursor` must never
// pass over an event that commits later with a lower seq. A sequence/identity column cannot promise that
// (nextval() is taken at insert time, visibility comes at commit, in any order across sessions). Instead every
// append locks the single row of `event_head` (SELECT … FOR UPDATE) first and numbers its new events head+1…;
// the row lock is held until COMMIT (and released only after the commit is visible), so appends from any number
// of processes are serialised: seq order = commit order, no gaps. The cost is one appender at a time, which is
// what SQLite does anyway; the transaction is short (a few statements, batched with unnest / json_to_recordset).
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import { survivePoolErrors } from './unavailable.ts';
import type { AppendResult, CasualtyFilter, CasualtySummary, EntityKind, EntityOf, LogAuditHead, Store, WriteAudit } from './port.ts';
import type { EventRow, LogAuditRow, SummaryRow } from './common.ts';
import { pgWorkforceLog } from './workforce.ts';
import { pgSql } from './sql.ts';
import {
  EVENT_COLUMNS, EventConflictError, INCIDENT_IDS_SQL, isIncidentLog, LOG_AUDIT_COLUMNS, SUMMARY_COLUMNS, filterSql, loadMigrations, logAuditValues, nextLogAudit,
  rowToEvent, rowToLogAudit, rowToSummary, sameContent, summarise, summaryValues,
} from './common.ts';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** Key of the session advisory lock that serialises `migrate()` across processes. */
const MIGRATE_LOCK = 0x60_1d_e7_00;

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

  const store: Store = {
    kind: 'postgres',
    workforce: pgWorkforceLog(pool, inTx),
    sql: pgSql(pool),

    async migrate() {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
        await c.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
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
        return applied;
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
        c.release();
      }
    },

    async append(events: readonly CasualtyEvent[], now: string, audit?: WriteAudit): Promise<AppendResult> {
      return inTx(async (c) => {
        // Both heads locked in one statement: READ COMMITTED re-reads every locked row after a wait, so neither is stale.
        const h = await c.query<{ seq: string; aseq: string; ahash: string }>(
          'SELECT e.seq, a.seq AS aseq, a.hash AS ahash FROM event_head e, log_audit_head a WHERE e.one FOR UPDATE OF e, a',
        );
        let head = Number(h.rows[0]!.seq);
        const ids = [...new Set(events.map((e) => e.id))];
        const known = new Map<string, { seq: number; e: CasualtyEvent }>();
        if (ids.length) {
          const ex = await c.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ANY($1::text[])`, [ids]);
          for (const r of ex.rows) known.set(r.id, { seq: Number(r.seq), e: rowToEvent(r) });
        }
        const results: AppendResult['results'] = [];
        const fresh: { e: CasualtyEvent; seq: number }[] = [];
        for (const e of events) {
          const old = known.get(e.id);
          if (old !== undefined) {
            if (!sameContent(old.e, e)) throw new EventConflictError(e.id);
            results.push({ id: e.id, seq: old.seq, duplicate: true });
            continue;
          }
          const n = ++head;
          known.set(e.id, { seq: n, e });
          fresh.push({ e, seq: n });
          results.push({ id: e.id, seq: n, duplicate: false });
        }
        if (fresh.length) {
          const col = <T>(f: (x: { e: CasualtyEvent; seq: number }) => T): T[] => fresh.map(f);
          const ins = await c.query(
            `INSERT INTO events (seq, id, casualty_id, type, at, recorded_at, device_id, author, hlc, payload, received_at, clock)
             SELECT s, i, c, t, a, r, d, au, h, p::json, $11, k::json
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $12::text[]) AS x(s, i, c, t, a, r, d, au, h, p, k)
             ON CONFLICT (id) DO NOTHING`,
            [
              col((x) => x.seq), col((x) => x.e.id), col((x) => x.e.casualtyId), col((x) => x.e.type), col((x) => x.e.at),
              col((x) => x.e.recordedAt), col((x) => x.e.deviceId), col((x) => x.e.author), col((x) => x.e.hlc ?? null),
              col((x) => JSON.stringify(x.e.payload)), now, col((x) => (x.e.clock ? JSON.stringify(x.e.clock) : null)),
            ],
          );
          // Impossible while we hold event_head, but never let a silent conflict break the numbering.
          if (ins.rowCount !== fresh.length) throw new Error('concurrent insert of the same event id: append aborted');
          await c.query('UPDATE event_head SET seq = $1 WHERE one', [head]);
          const entry = nextLogAudit({ seq: Number(h.rows[0]!.aseq), hash: h.rows[0]!.ahash }, fresh, audit, now);
          await c.query(
            `WITH a AS (INSERT INTO log_audit (${LOG_AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))
             UPDATE log_audit_head SET seq = $1, hash = $9 WHERE one`,
            logAuditValues(entry),
          );

          const touched = [...new Set(fresh.map((x) => x.e.casualtyId))];
          const logRows = await c.query<EventRow>(
            `SELECT ${EVENT_COLUMNS} FROM events WHERE casualty_id = ANY($1::text[]) ORDER BY seq`,
            [touched],
          );
          const logs = new Map<string, StoredEvent[]>();
          for (const r of logRows.rows) {
            const ev = rowToEvent(r);
            let l = logs.get(ev.casualtyId);
            if (!l) logs.set(ev.casualtyId, (l = []));
            l.push(ev);
          }
          const summaries = touched.filter((id) => !isIncidentLog(logs.get(id) ?? [])).map((id) => summarise(id, logs.get(id) ?? [], now));
          // unnest of text arrays, not json_to_recordset: the latter would reject a \u0000 inside a note.
          const cols = SUMMARY_COLUMNS.split(', ').map((_, i) => summaries.map((x) => summaryValues(x)[i] ?? null));
          await c.query(
            `INSERT INTO casualties (${SUMMARY_COLUMNS})
             SELECT i, st, p, t, u, f, d, v, au::json, inj, ls, up, sj::json, ii
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[]) AS x(i, st, p, t, u, f, d, v, au, inj, ls, up, sj, ii)
             ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, precedence = excluded.precedence, triage = excluded.triage,
               unit_id = excluded.unit_id, facility_id = excluded.facility_id, destination_id = excluded.destination_id,
               vehicle_id = excluded.vehicle_id, authors = excluded.authors, injured_at = excluded.injured_at,
               last_seq = excluded.last_seq, updated_at = excluded.updated_at, state = excluded.state, incident_id = excluded.incident_id`,
            cols,
          );
        }
        const accepted = fresh.length;
        return { results, accepted, duplicates: events.length - accepted, head };
      });
    },

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
      const r = await rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        after, Math.max(0, Math.floor(limit)),
      ]);
      return r.map(rowToEvent);
    },

    async getEvent(id) {
      const [r] = await rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
      return r ? rowToEvent(r) : null;
    },

    async head() {
      const [r] = await rows<{ seq: string }>('SELECT seq FROM event_head WHERE one');
      return Number(r?.seq ?? 0);
    },

    async casualty(id): Promise<CasualtySummary | null> {
      const [r] = await rows<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM casualties WHERE id = $1`, [id]);
      return r ? rowToSummary(r) : null;
    },

    async casualties(filter: CasualtyFilter) {
      const { sql, params } = filterSql(filter, (i) => `$${i}`);
      return (await rows<SummaryRow>(sql, params)).map(rowToSummary);
    },

    async incidentIds() {
      return (await rows<{ id: string }>(INCIDENT_IDS_SQL, [])).map((r) => r.id);
    },

    async putEntity<K extends EntityKind>(kind: K, value: EntityOf[K]) {
      await pool.query(
        `INSERT INTO entities (kind, id, body, updated_at) VALUES ($1, $2, $3::json, $4)
         ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        [kind, value.id, JSON.stringify(value), new Date().toISOString()],
      );
    },

    async getEntity<K extends EntityKind>(kind: K, id: string) {
      const [r] = await rows<{ body: EntityOf[K] }>('SELECT body FROM entities WHERE kind = $1 AND id = $2', [kind, id]);
      return r ? r.body : null;
    },

    async listEntities<K extends EntityKind>(kind: K) {
      return (await rows<{ body: EntityOf[K] }>('SELECT body FROM entities WHERE kind = $1 ORDER BY id COLLATE "C"', [kind])).map((r) => r.body);
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return store;
}
