// The reads of live streams, audited as one entry per stream per interval (issue 16 item 4, issue 14 item 2):
// 200 streams and a write every 100 ms used to be 2,000 fsync'd audit transactions a second; now every stream
// that read something in the interval gets one entry, written STREAM_AUDIT_SLICE entries a transaction with a turn
// of the event loop between transactions: on SQLite a transaction is synchronous, and all 200 entries in one
// (each listing up to 1,000 casualties) held the server's loop for 50–130 ms every interval (the mixed run's p99).
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/policy.ts';
import type { Trust } from '../auth/trust.ts';
import type { StoredEvent } from '../core/index.ts';

/** How long the reads of a stream gather before they are written to the audit chain. */
export const STREAM_AUDIT_MS = 5_000;
/** Entries a transaction: 8 fsyncs an interval for 200 streams, and a few ms of loop held at a time. */
export const STREAM_AUDIT_SLICE = 25;

/** The most casualties one entry lists: a stream that read more in an interval gets an entry per MAX_LISTED. */
const MAX_LISTED = 1000;

/** Work counted for tests and benches: read sets built (one per page that added a casualty) and listed. */
export const readSetCounts = { built: 0, listed: 0 };

/**
 * The casualties a stream read in an interval, in the order first read, every one of them: immutable and shared
 * (issue 16). Every stream starts an interval at EMPTY_READ_SET and moves to the set after each page; the move is kept by
 * the page's array, which the hub hands every caught-up stream, so the 200 streams of a console role that read the
 * same pages build each set once and hold the same one. A set is its parent plus the few casualties its page added
 * (a page adding none keeps the set), listed once when an entry needs it, as a frozen array the entries share (and
 * the audit chain renders once: src/core/canonical.ts keeps the text of a frozen array of strings).
 */
class ReadSet {
  readonly #parent: ReadSet | null;
  readonly #added: ReadonlySet<string>;
  readonly size: number;
  readonly #after = new WeakMap<readonly StoredEvent[], ReadSet>();
  #listed: readonly string[] | null = null;

  constructor(parent: ReadSet | null, added: ReadonlySet<string>) {
    this.#parent = parent;
    this.#added = added;
    this.size = (parent?.size ?? 0) + added.size;
  }

  has(id: string): boolean {
    if (this.#added.has(id)) return true;
    for (let s = this.#parent; s; s = s.#parent) if (s.#added.has(id)) return true;
    return false;
  }

  /** The set after a page (the same set when it adds no casualty). */
  after(page: readonly StoredEvent[]): ReadSet {
    const kept = this.#after.get(page);
    if (kept) return kept;
    const next = this.with(page.map((e) => e.casualtyId));
    this.#after.set(page, next);
    return next;
  }

  /** The set with these casualties read after its own (the same set when none is new): a re-merge by ids. */
  with(ids: Iterable<string>): ReadSet {
    let added: Set<string> | null = null;
    for (const id of ids) {
      if (!added?.has(id) && !this.has(id)) (added ??= new Set()).add(id);
    }
    if (!added) return this;
    readSetCounts.built++;
    return new ReadSet(this, added);
  }

  /** Its casualties in the order first read: one frozen array, shared by every entry that lists this set. */
  list(): readonly string[] {
    if (this.#listed) return this.#listed;
    readSetCounts.listed++;
    const chain: ReadSet[] = [this];
    for (let s = this.#parent; s; s = s.#parent) chain.push(s);
    const out: string[] = [];
    for (let i = chain.length - 1; i >= 0; i--) out.push(...chain[i]!.#added);
    return (this.#listed = Object.freeze(out));
  }
}

/** Where every stream's interval starts. */
export const EMPTY_READ_SET = new ReadSet(null, new Set());

interface Pending {
  actor: string;
  deviceId: string | null;
  ip: string;
  casualties: ReadSet;
  through: number;
  pages: number;
}

/**
 * A stream's interval as audit entries: one naming every casualty it read, or, past MAX_LISTED (a replay of a large
 * log), one per MAX_LISTED in the order read, each marked `part` k/n — a cut list would hide reads (session 39).
 */
function entriesOf(x: Pending): { actor: string; deviceId: string | null; action: string; target: null; detail: Record<string, unknown> }[] {
  const all = x.casualties.list();
  const parts = all.length <= MAX_LISTED ? [all] : Array.from({ length: Math.ceil(all.length / MAX_LISTED) }, (_, k) => Object.freeze(all.slice(k * MAX_LISTED, (k + 1) * MAX_LISTED)));
  return parts.map((casualties, k) => ({
    actor: x.actor, deviceId: x.deviceId, action: 'GET /api/stream', target: null,
    detail: { ip: x.ip, casualties, through: x.through, pages: x.pages, ...(parts.length > 1 ? { part: `${k + 1}/${parts.length}` } : {}) },
  }));
}

export class StreamReadAudit {
  readonly #trust: Pick<Trust, 'audit'>;
  readonly #pending = new Map<FastifyRequest, Pending>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(trust: Pick<Trust, 'audit'>) {
    this.#trust = trust;
  }

  record(req: FastifyRequest, p: Principal, shown: readonly StoredEvent[]): void {
    let x = this.#pending.get(req);
    if (!x) this.#pending.set(req, (x = { actor: p.username, deviceId: p.deviceId, ip: req.ip, casualties: EMPTY_READ_SET, through: 0, pages: 0 }));
    x.casualties = x.casualties.after(shown);
    x.through = Math.max(x.through, shown[shown.length - 1]!.seq);
    x.pages++;
    this.#timer ??= setTimeout(() => void this.flush(), STREAM_AUDIT_MS).unref();
  }

  /** A stream ended: what it read is written now. */
  closed(req: FastifyRequest): void {
    if (this.#pending.has(req)) void this.flush();
  }

  /** Write every pending entry, a slice a transaction (entries that fail stay pending for the next try). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = [...this.#pending.entries()];
    this.#pending.clear();
    if (!batch.length) return this.#writing;
    this.#writing = this.#writing.then(async () => {
      for (let i = 0; i < batch.length; i += STREAM_AUDIT_SLICE) {
        if (i > 0) await new Promise<void>((ok) => setImmediate(ok)); // requests waiting meanwhile are served
        const slice = batch.slice(i, i + STREAM_AUDIT_SLICE);
        try {
          await this.#trust.audit.append(slice.flatMap(([, x]) => entriesOf(x)));
        } catch {
          // This slice and the ones after it wait for the next try; a stream that read again meanwhile keeps its
          // newer entry pending as well (written next time, after this one).
          this.#repend(batch.slice(i));
          return;
        }
      }
    });
    return this.#writing;
  }

  #repend(unwritten: [FastifyRequest, Pending][]): void {
    const newer = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [req, x] of unwritten) this.#pending.set(req, x);
    for (const [req, x] of newer) {
      const old = this.#pending.get(req);
      if (!old) this.#pending.set(req, x);
      else {
        old.casualties = old.casualties.with(x.casualties.list());
        old.through = Math.max(old.through, x.through);
        old.pages += x.pages;
      }
    }
    this.#timer ??= setTimeout(() => void this.flush(), STREAM_AUDIT_MS).unref();
  }
}
