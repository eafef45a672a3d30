// Group commit for appends (issue 16 item 1): callers that arrive while a commit is being prepared or is in flight
// wait in a queue; the next commit takes every one of them into ONE transaction (one fsync), each with its own
// result or error. Nothing is acknowledged before the transaction holding it is durable.
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import { stamped } from '../core/index.ts';
import type { WriteAudit, WriterRead } from './port.ts';

export interface QueuedAppend {
  events: readonly CasualtyEvent[];
  now: string;
  audit: WriteAudit | undefined;
  /** What the door read from the store's memory (Store.casualtyToWrite): refused if another process had moved it. */
  checks?: readonly WriterRead[] | undefined;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Resolves once nothing is queued or committing (before close). */
  drain(): Promise<void>;
}

/** The longest a synchronous commit waits for the writers of the recent ones (see `gather`). */
export const GATHER_MS = 1;

export interface GroupCommitOptions<I = unknown> {
  /**
   * For a commit that blocks the event loop (node:sqlite). N writers each waiting for their answer fell into a
   * rhythm of two commits for N appends: the one request read after a commit is committed alone while the others
   * are still on their way back, and they arrive during that commit, together (N = 8: a fifth of the commits held
   * one append). With `gather`, while the recent commits held k > 1 appends (the largest of the last 8), a commit
   * waits until k appends are queued, or GATHER_MS (a timer: the event loop sleeps until a socket has data). A lone
   * writer (k = 1) never waits.
   */
  gather?: boolean;
  /** The gathering's deadline (default GATHER_MS); tests set a long one so that only the writers decide. */
  gatherMs?: number;
  /**
   * More commits in flight (PostgreSQL, issue 16): while `when()` holds, items queued during a commit need not wait
   * for it; they go in another commit (slots 1 … slots - 1) at once, so that they can ride a flush another process's
   * commit has started rather than the one after it. Items whose `keys` (casualties) are in a commit in flight wait
   * for it, and so does every later item sharing a key with one that waits: per key, the order of the commits is
   * the order of submission.
   */
  second?: { slots?: number; keys: (item: I) => readonly string[]; when: () => boolean };
}

type Entry<I, O> = { item: I; resolve: (o: O) => void; reject: (e: Error) => void };

/**
 * `commit(batch, slot)` writes a batch in one transaction and answers one result or Error per item, in order (a
 * throw fails the whole batch). One commit runs at a time (slot 0), or more with `second` (slots 1…, beside it,
 * on items of other keys); a commit takes every queued item it may when it starts. The first commit waits for the
 * current turn of the event loop to end (setImmediate), so requests that arrive together share it.
 */
export function groupCommit<I, O>(commit: (batch: I[], slot: number) => (O | Error)[] | Promise<(O | Error)[]>, opts: GroupCommitOptions<I> = {}): GroupCommit<I, O> {
  let queue: Entry<I, O>[] = [];
  const slots = opts.second ? Math.max(1, opts.second.slots ?? 2) : 1;
  const running: (Promise<void> | null)[] = Array(slots).fill(null);
  const inFlight: (Set<string> | null)[] = Array(slots).fill(null);
  const recent: number[] = [];
  let waiting: { want: number; done: () => void } | null = null;
  const gathered = (want: number): Promise<void> => new Promise<void>((resolve) => {
    const timer = setTimeout(() => done(), opts.gatherMs ?? GATHER_MS);
    const done = () => {
      clearTimeout(timer);
      waiting = null;
      resolve();
    };
    waiting = { want, done };
  });
  // The queued items `slot` may commit now: all of them, unless another slot holds some of their keys.
  const take = (slot: number, dry = false): Entry<I, O>[] => {
    const second = opts.second;
    const others = inFlight.filter((x, i) => x && i !== slot) as Set<string>[];
    if (!second || !others.length) {
      const all = queue;
      if (!dry) queue = [];
      return all;
    }
    const held = new Set(others.flatMap((x) => [...x]));
    const batch: Entry<I, O>[] = [];
    const rest: Entry<I, O>[] = [];
    for (const x of queue) {
      const keys = second.keys(x.item);
      if (keys.some((k) => held.has(k))) {
        rest.push(x);
        for (const k of keys) held.add(k);
      } else batch.push(x);
    }
    if (!dry) queue = rest;
    return batch;
  };
  const run = async (slot: number): Promise<void> => {
    for (;;) {
      if (!queue.length || (slot > 0 && !opts.second!.when())) return;
      const want = Math.max(...recent, 1);
      if (opts.gather && want > 1 && queue.length < want) await gathered(want);
      const batch = take(slot);
      if (!batch.length) return;
      recent.push(batch.length);
      if (recent.length > 8) recent.shift();
      if (opts.second) inFlight[slot] = new Set(batch.flatMap((x) => opts.second!.keys(x.item)));
      try {
        const out = await commit(batch.map((x) => x.item), slot);
        batch.forEach((x, i) => {
          const r = out[i];
          if (r instanceof Error) x.reject(r);
          else x.resolve(r as O);
        });
      } catch (err) {
        for (const x of batch) x.reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        inFlight[slot] = null;
      }
    }
  };
  const start = (slot: number) => {
    running[slot] = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(slot))
      .finally(() => {
        running[slot] = null;
        kick();
      });
  };
  // Start a commit for what is queued: slot 0 whenever it is idle, the others beside it only while `second.when()`.
  // Nothing is started for items that all wait for a commit in flight: its end kicks again.
  const kick = () => {
    if (!queue.length) return;
    if (!running[0]) {
      if (take(0, true).length) start(0);
      return;
    }
    const idle = running.findIndex((r) => !r);
    if (idle > 0 && opts.second!.when() && take(idle, true).length) start(idle);
  };
  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (waiting && queue.length >= waiting.want) waiting.done();
        kick();
      });
    },
    async drain() {
      for (let r = running.find(Boolean); r; r = running.find(Boolean)) await r;
    },
  };
}

/** The stored events of an append grouped per casualty, as the incremental fold takes them. */
export function byCasualty(stored: readonly { e: CasualtyEvent; seq: number }[], receivedAt: string): Map<string, StoredEvent[]> {
  const m = new Map<string, StoredEvent[]>();
  for (const { e, seq } of stored) {
    const l = m.get(e.casualtyId) ?? [];
    l.push(stamped(e, seq, receivedAt));
    m.set(e.casualtyId, l);
  }
  return m;
}
