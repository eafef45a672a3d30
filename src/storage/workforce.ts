// The workforce log's storage (migration 004): append-only facts with client ids, on SQLite and PostgreSQL.
// Append is all-or-nothing and idempotent by id, like the casualty log.
import type { DatabaseSync } from 'node:sqlite';
import type pg from 'pg';
import type { PoolClient } from 'pg';
import type { StoredWorkforceFact, WorkforceFact } from '../core/index.ts';
import type { ChainItem, WriteAudit } from './fact-audit.ts';
import { chainFactsPg, chainFactsSync, factHash } from './fact-audit.ts';

export interface FactAppendResult {
  results: { id: string; seq: number; duplicate: boolean }[];
  accepted: number;
  duplicates: number;
  head: number;
}

export interface WorkforceLog {
  /**
   * Append a batch in one transaction: every fact or none. A known id is a no-op (duplicate: true). The same
   * transaction chains one entry of the stream's audit (migration 009) naming each stored fact by its content hash.
   * Call it only from the door (src/log/workforce.ts): lint enforces it.
   */
  appendFacts(facts: readonly WorkforceFact[], now: string, audit?: WriteAudit): Promise<FactAppendResult>;
  /** Facts with seq > after, in seq order. */
  factsAfter(after: number, limit: number): Promise<StoredWorkforceFact[]>;
  /** Every fact about one subject (a clinician, site, template or proposal id), in seq order. */
  factsOf(subject: string): Promise<StoredWorkforceFact[]>;
  factsHead(): Promise<number>;
}

/** The id a fact is about, for history lookups. */
export function subjectOf(f: WorkforceFact): string {
  switch (f.type) {
    case 'clinician.recorded':
      return f.payload.id;
    case 'clinician.assigned':
      return f.payload.clinicianId;
    case 'template.set':
    case 'site.set':
      return f.payload.id;
    case 'proposal.decided':
      return f.payload.proposalId;
  }
}

interface FactRow {
  seq: number | string | bigint;
  id: string;
  type: string;
  at: string;
  author: string;
  payload: unknown;
}
const COLUMNS = 'seq, id, type, at, author, payload';
const toFact = (r: FactRow): StoredWorkforceFact =>
  ({ seq: Number(r.seq), id: r.id, type: r.type, at: r.at, author: r.author, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }) as StoredWorkforceFact;

/** What a workforce fact's audit hash covers: everything but the receiver's number and receipt time. */
export const workforceFactHash = (f: WorkforceFact | StoredWorkforceFact): string =>
  factHash({ id: f.id, type: f.type, at: f.at, author: f.author, payload: f.payload });

const item = (f: WorkforceFact, seq: number): ChainItem => [f.id, seq, workforceFactHash(f)];

/** A synchronous SQLite transaction, run once the connection is free (see sql.ts, SqliteGate). */
type SqliteRun = <T>(fn: () => T) => Promise<T>;

export function sqliteWorkforceLog(db: () => DatabaseSync, tx: SqliteRun): WorkforceLog {
  const head = () => Number((db().prepare('SELECT coalesce(max(seq), 0) AS h FROM workforce_facts').get() as { h: number }).h);
  return {
    async appendFacts(facts, now, audit) {
      return tx(() => {
        const existing = db().prepare('SELECT seq FROM workforce_facts WHERE id = ?');
        const insert = db().prepare(
          'INSERT INTO workforce_facts (id, type, subject, at, author, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq',
        );
        const results: FactAppendResult['results'] = [];
        const items: ChainItem[] = [];
        let accepted = 0;
        for (const f of facts) {
          const old = existing.get(f.id) as { seq: number } | undefined;
          if (old) {
            results.push({ id: f.id, seq: Number(old.seq), duplicate: true });
            continue;
          }
          const row = insert.get(f.id, f.type, subjectOf(f), f.at, f.author, JSON.stringify(f.payload), now) as { seq: number };
          accepted++;
          items.push(item(f, Number(row.seq)));
          results.push({ id: f.id, seq: Number(row.seq), duplicate: false });
        }
        chainFactsSync(db(), 'workforce', items, audit, now);
        return { results, accepted, duplicates: facts.length - accepted, head: head() };
      });
    },
    async factsAfter(after, limit) {
      const rows = db().prepare(`SELECT ${COLUMNS} FROM workforce_facts WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, Math.max(0, Math.floor(limit)));
      return (rows as unknown as FactRow[]).map(toFact);
    },
    async factsOf(subject) {
      return (db().prepare(`SELECT ${COLUMNS} FROM workforce_facts WHERE subject = ? ORDER BY seq`).all(subject) as unknown as FactRow[]).map(toFact);
    },
    async factsHead() {
      return head();
    },
  };
}

export function pgWorkforceLog(pool: pg.Pool, inTx: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>): WorkforceLog {
  return {
    async appendFacts(facts, now, audit) {
      return inTx(async (c) => {
        // The head row lock serialises appenders: seq order = commit order, so a cursor reader never skips.
        let head = Number((await c.query<{ seq: string }>('SELECT seq FROM workforce_head WHERE one FOR UPDATE')).rows[0]!.seq);
        const known = new Map<string, number>();
        const ids = [...new Set(facts.map((f) => f.id))];
        for (let i = 0; i < ids.length; i += 10_000) {
          const ex = await c.query<{ id: string; seq: string }>('SELECT id, seq FROM workforce_facts WHERE id = ANY($1::text[])', [ids.slice(i, i + 10_000)]);
          for (const r of ex.rows) known.set(r.id, Number(r.seq));
        }
        const results: FactAppendResult['results'] = [];
        const fresh: { f: WorkforceFact; seq: number }[] = [];
        for (const f of facts) {
          const seq = known.get(f.id);
          if (seq !== undefined) {
            results.push({ id: f.id, seq, duplicate: true });
            continue;
          }
          known.set(f.id, ++head);
          fresh.push({ f, seq: head });
          results.push({ id: f.id, seq: head, duplicate: false });
        }
        for (let i = 0; i < fresh.length; i += 5000) {
          const part = fresh.slice(i, i + 5000);
          const col = <T>(g: (x: { f: WorkforceFact; seq: number }) => T): T[] => part.map(g);
          await c.query(
            `INSERT INTO workforce_facts (seq, id, type, subject, at, author, payload, received_at)
             SELECT s, i, t, su, a, au, p::json, $8 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
               AS x(s, i, t, su, a, au, p)`,
            [col((x) => x.seq), col((x) => x.f.id), col((x) => x.f.type), col((x) => subjectOf(x.f)), col((x) => x.f.at), col((x) => x.f.author), col((x) => JSON.stringify(x.f.payload)), now],
          );
        }
        if (fresh.length) await c.query('UPDATE workforce_head SET seq = $1 WHERE one', [head]);
        await chainFactsPg(c, 'workforce', fresh.map((x) => item(x.f, x.seq)), audit, now);
        return { results, accepted: fresh.length, duplicates: facts.length - fresh.length, head };
      });
    },
    async factsAfter(after, limit) {
      const r = await pool.query<FactRow>(`SELECT ${COLUMNS} FROM workforce_facts WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, Math.max(0, Math.floor(limit))]);
      return r.rows.map(toFact);
    },
    async factsOf(subject) {
      return (await pool.query<FactRow>(`SELECT ${COLUMNS} FROM workforce_facts WHERE subject = $1 ORDER BY seq`, [subject])).rows.map(toFact);
    },
    async factsHead() {
      return Number((await pool.query<{ seq: string }>('SELECT seq FROM workforce_head WHERE one')).rows[0]!.seq);
    },
  };
}
