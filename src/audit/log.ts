// The audit trail: every read of a casualty record and every write — who, what, when, from which device — in a
// hash chain. Entry n stores hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of its fields); `audit_head` holds the
// last (seq, hash) and is updated in the same transaction. verify() recomputes the chain: an altered entry breaks
// its own hash, a reordered or deleted one breaks the links or the sequence, a truncated tail no longer matches the
// head, and an external copy of the head (printed by `goldenhour audit verify`) catches a rewrite of everything.
import { createHash } from 'node:crypto';
import type { Sql } from '../storage/trust-db.ts';
import { canonical } from '../core/index.ts';
import { verifyChain } from './chain.ts';
import { groupCommit } from '../storage/group-commit.ts';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  deviceId: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Rows a multi-row INSERT (9 parameters a row: well under both databases' limits). */
const INSERT_ROWS = 100;

export type AuditInput = Pick<AuditEntry, 'actor' | 'action'> & Partial<Pick<AuditEntry, 'deviceId' | 'target' | 'detail'>>;

export function entryHash(prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  const body = canonical({ seq: e.seq, at: e.at, actor: e.actor, deviceId: e.deviceId, action: e.action, target: e.target, detail: e.detail });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

interface Row {
  seq: number | string;
  at: string;
  actor: string;
  device_id: string | null;
  action: string;
  target: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  deviceId: r.device_id,
  action: r.action,
  target: r.target,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  problems: string[];
}

export class AuditLog {
  readonly sql: Sql;
  private readonly now: () => string;
  // Issue 16: every audited read appended its entry in its own fsync'd transaction (on SQLite, on the event loop).
  // Entries asked for while one commit is in flight, or in the same turn, share the next one: N reads, one fsync.
  // The batch is chained in the order asked, as one-by-one appends would be; a failed commit fails every caller.
  private readonly grouped = groupCommit<AuditInput, AuditEntry>((batch) => this.appendEach(batch));
  constructor(sql: Sql, now: () => string = () => new Date().toISOString()) {
    this.sql = sql;
    this.now = now;
  }

  /** One entry, durable when this resolves, group-committed with the entries of concurrent callers. */
  appendOne(input: AuditInput): Promise<AuditEntry> {
    return this.grouped.submit(input);
  }

  /**
   * The batch in one transaction; if it fails, each entry alone, so one entry the database (or its encoding) refuses
   * fails its own read only, not the reads it was grouped with. A database that is down fails each in turn.
   */
  private async appendEach(batch: AuditInput[]): Promise<(AuditEntry | Error)[]> {
    try {
      return await this.append(batch);
    } catch (err) {
      if (batch.length === 1) throw err;
      const out: (AuditEntry | Error)[] = [];
      for (const input of batch) {
        try {
          out.push((await this.append([input]))[0]!);
        } catch (e) {
          out.push(e instanceof Error ? e : new Error(String(e)));
        }
      }
      return out;
    }
  }

  /** Resolves once no grouped entry is queued or committing (before the database is closed). */
  drain(): Promise<void> {
    return this.grouped.drain();
  }

  /**
   * Append entries in one transaction (several processes: the head row lock serialises them). The rows go in
   * multi-row INSERTs of up to INSERT_ROWS: the head is held for a few statements, not one per entry.
   */
  async append(inputs: AuditInput[]): Promise<AuditEntry[]> {
    if (inputs.length === 0) return [];
    return this.sql.tx((t) => this.appendIn(t, inputs));
  }

  /**
   * The same inside the caller's transaction on the trust database (`t` from `sql.tx`), so a change and its entry
   * commit together or not at all (a user edit, a device revoked: issue of session 17).
   */
  async appendIn(t: Sql, inputs: AuditInput[]): Promise<AuditEntry[]> {
    {
      const head = (await t.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE'))[0];
      if (!head) throw new Error('audit_head missing: the trust database is not migrated');
      let seq = Number(head.seq);
      let prev = head.hash;
      const out: AuditEntry[] = [];
      for (const i of inputs) {
        seq++;
        const base = { seq, at: this.now(), actor: i.actor, deviceId: i.deviceId ?? null, action: i.action, target: i.target ?? null, detail: i.detail ?? {} };
        const hash = entryHash(prev, base);
        out.push({ ...base, prevHash: prev, hash });
        prev = hash;
      }
      for (let k = 0; k < out.length; k += INSERT_ROWS) {
        const rows = out.slice(k, k + INSERT_ROWS);
        // Canonical (still JSON): a frozen list shared by many entries (the stream read audit's) is rendered once.
        const values = rows.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ');
        await t.query(
          `INSERT INTO audit_log (seq, at, actor, device_id, action, target, detail, prev_hash, hash) VALUES ${values}`,
          rows.flatMap((e) => [e.seq, e.at, e.actor, e.deviceId, e.action, e.target, canonical(e.detail), e.prevHash, e.hash]),
        );
      }
      await t.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prev]);
      return out;
    }
  }

  async entries(after = 0, limit = 1000): Promise<AuditEntry[]> {
    return (await this.sql.query<Row>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, limit])).map(toEntry);
  }

  /** Recompute the chain; `expectHead` is a head recorded elsewhere earlier (detects a wholesale rewrite). */
  async verify(expectHead?: { seq: number; hash: string }): Promise<VerifyResult> {
    const r = await verifyChain({
      words: { entry: 'entry', head: 'head', item: 'item', number: 'number' },
      page: 5000,
      entries: async (after, limit) => (await this.entries(after, limit)).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, recomputed: entryHash(e.prevHash, e) })),
      head: async () => {
        const head = (await this.sql.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1'))[0];
        return { seq: Number(head?.seq ?? -1), hash: head?.hash ?? '', legacyThrough: 0 };
      },
    }, expectHead);
    return { ok: r.ok, entries: r.entries, head: { seq: r.head.seq, hash: r.head.hash }, problems: r.problems };
  }
}
