// The audit chains of the fact streams beside the casualty log (migration 009): the workforce log and the claims
// ledger's history. The same mechanism as the log's own chain (migration 002, `nextLogAudit`): every write appends, in
// its own transaction, one entry naming each fact it stored by [id, number, SHA-256 of its content], hashed onto the
// entry before. Verification (src/audit/fact-streams.ts) then finds a fact edited, deleted or inserted behind the door.
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { PoolClient } from 'pg';
import { canonical } from '../core/index.ts';
import type { SqlRunner } from './sql.ts';

/** The workforce log, the claims ledger's history, and the writes of reference entities (migration 030). */
export type FactStream = 'workforce' | 'claims' | 'entities';

/** Who wrote and through which door (the shape of the casualty log's WriteAudit, kept here: no import cycle). */
export interface WriteAudit {
  actor: string;
  deviceId: string | null;
  action: string;
  detail?: Record<string, unknown>;
}

/** [fact id, its number in the stream, SHA-256 of its canonical content]. */
export type ChainItem = [string, number, string];

export interface FactAuditEntry {
  stream: FactStream;
  seq: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  items: ChainItem[];
  prevHash: string;
  hash: string;
}

export interface FactAuditHead {
  seq: number;
  hash: string;
  /** Facts numbered up to this were stored before the chain existed (migration 009): not covered. */
  legacyThrough: number;
}

/** SHA-256 of a fact's content (canonical JSON: key order and number spelling do not matter). */
export const factHash = (content: unknown): string => createHash('sha256').update(canonical(content)).digest('hex');

/** What a claim history entry's audit hash covers (everything but its number, which the chain item carries). */
export const historyHash = (h: { claimId: string; at: string; actor: string; action: string; reason: string | null; detail: unknown }): string =>
  factHash({ claimId: h.claimId, at: h.at, actor: h.actor, action: h.action, reason: h.reason, detail: h.detail });

export function factAuditHash(prevHash: string, e: Omit<FactAuditEntry, 'hash' | 'prevHash'>): string {
  const body = canonical({ stream: e.stream, seq: e.seq, at: e.at, actor: e.actor, action: e.action, detail: e.detail, items: e.items });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export function nextFactAudit(stream: FactStream, head: { seq: number; hash: string }, items: ChainItem[], audit: WriteAudit | undefined, now: string): FactAuditEntry {
  const base = {
    stream, seq: head.seq + 1, at: now, actor: audit?.actor ?? 'unknown', action: audit?.action ?? 'append', detail: audit?.detail ?? {}, items,
  };
  return { ...base, prevHash: head.hash, hash: factAuditHash(head.hash, base) };
}

const COLUMNS = 'stream, seq, at, actor, action, detail, items, prev_hash, hash';
const values = (a: FactAuditEntry): (string | number)[] => [
  a.stream, a.seq, a.at, a.actor, a.action, JSON.stringify(a.detail), JSON.stringify(a.items), a.prevHash, a.hash,
];
interface Row {
  stream: string;
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  detail: string;
  items: string;
  prev_hash: string;
  hash: string;
}
const toEntry = (r: Row): FactAuditEntry => ({
  stream: r.stream as FactStream, seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action,
  detail: JSON.parse(r.detail) as Record<string, unknown>, items: JSON.parse(r.items) as ChainItem[], prevHash: r.prev_hash, hash: r.hash,
});

/** A minimal SQL runner (the store's `sql` facet, or a transaction of it): `?` placeholders. */
export interface ChainSql {
  readonly kind: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly (string | number | null)[]): Promise<T[]>;
  run(sql: string, params?: readonly (string | number | null)[]): Promise<number>;
}

/** Chain one entry for `items` inside the caller's transaction (PostgreSQL: the head row is locked to commit). */
export async function chainFacts(t: ChainSql, stream: FactStream, items: ChainItem[], audit: WriteAudit | undefined, now: string): Promise<FactAuditEntry | null> {
  if (items.length === 0) return null;
  const [h] = await t.all<{ seq: number | string; hash: string }>(
    `SELECT seq, hash FROM fact_audit_head WHERE stream = ?${t.kind === 'postgres' ? ' FOR UPDATE' : ''}`, [stream],
  );
  if (!h) throw new Error(`fact_audit_head has no ${stream} row: the store is not migrated`);
  const entry = nextFactAudit(stream, { seq: Number(h.seq), hash: h.hash }, items, audit, now);
  await t.run(`INSERT INTO fact_audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, values(entry));
  await t.run('UPDATE fact_audit_head SET seq = ?, hash = ? WHERE stream = ?', [entry.seq, entry.hash, stream]);
  return entry;
}

/** The same inside a synchronous SQLite transaction (the workforce log's). */
export function chainFactsSync(db: DatabaseSync, stream: FactStream, items: ChainItem[], audit: WriteAudit | undefined, now: string): void {
  if (items.length === 0) return;
  const h = db.prepare('SELECT seq, hash FROM fact_audit_head WHERE stream = ?').get(stream) as { seq: number; hash: string };
  const entry = nextFactAudit(stream, { seq: Number(h.seq), hash: h.hash }, items, audit, now);
  db.prepare(`INSERT INTO fact_audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...values(entry));
  db.prepare('UPDATE fact_audit_head SET seq = ?, hash = ? WHERE stream = ?').run(entry.seq, entry.hash, stream);
}

/** The same on a PostgreSQL transaction's client. */
export async function chainFactsPg(c: PoolClient, stream: FactStream, items: ChainItem[], audit: WriteAudit | undefined, now: string): Promise<void> {
  if (items.length === 0) return;
  const h = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM fact_audit_head WHERE stream = $1 FOR UPDATE', [stream])).rows[0]!;
  const entry = nextFactAudit(stream, { seq: Number(h.seq), hash: h.hash }, items, audit, now);
  await c.query(`INSERT INTO fact_audit (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, values(entry));
  await c.query('UPDATE fact_audit_head SET seq = $1, hash = $2 WHERE stream = $3', [entry.seq, entry.hash, stream]);
}

/** Reading a stream's chain (for verification), over the store's SQL runner. */
export async function factAudit(sql: ChainSql, stream: FactStream, after: number, limit: number): Promise<FactAuditEntry[]> {
  const rows = await sql.all<Row>(`SELECT ${COLUMNS} FROM fact_audit WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?`, [stream, after, Math.max(0, Math.floor(limit))]);
  return rows.map(toEntry);
}

export async function factAuditHead(sql: ChainSql, stream: FactStream): Promise<FactAuditHead> {
  const [h] = await sql.all<{ seq: number | string; hash: string; legacy_through: number | string }>('SELECT seq, hash, legacy_through FROM fact_audit_head WHERE stream = ?', [stream]);
  return { seq: Number(h!.seq), hash: h!.hash, legacyThrough: Number(h!.legacy_through) };
}

/**
 * Store a reference entity and chain its audit entry in ONE transaction of the store's SQL runner (both databases):
 * if the entry cannot be written, neither is the entity. A writer that names no audit is chained as 'unknown'.
 */
export async function putEntityAudited(sql: SqlRunner, kind: string, value: { id: string }, audit: WriteAudit | undefined, now: string): Promise<void> {
  const body = JSON.stringify(value);
  await sql.tx(async (t) => {
    await t.run(
      `INSERT INTO entities (kind, id, body, updated_at) VALUES (?, ?, ${t.kind === 'postgres' ? '?::json' : '?'}, ?)
       ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      [kind, value.id, body, now],
    );
    await chainFacts(t, 'entities', [[`${kind}/${value.id}`, 0, factHash(value)]], audit, now);
  });
}
