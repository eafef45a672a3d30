// Group commit for appends (issue 16 item 1): callers that arrive while a commit is being prepared or is in flight
// wait in a queue; the next commit takes every one of them into ONE transaction (one fsync), each with its own
// result or error. Nothing is acknowledged before the transaction holding it is durable.
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
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

export interface GroupCommitOptions {
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
}

/**
 * `commit(batch)` writes a batch in one transaction and answers one result or Error per item, in order (a throw
 * fails the whole batch). One commit runs at a time; the queue is taken whole when it starts. The first commit
 * waits for the current turn of the event loop to end (setImmediate), so requests that arrive together share it.
 */
export function groupCommit<I, O>(commit: (batch: I[]) => (O | Error)[] | Promise<(O | Error)[]>, opts: GroupCommitOptions = {}): GroupCommit<I, O> {
  let queue: { item: I; resolve: (o: O) => void; reject: (e: Error) => void }[] = [];
  let running: Promise<void> | null = null;
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
  const run = async (): Promise<void> => {
    while (queue.length) {
      const want = Math.max(...recent, 1);
      if (opts.gather && want > 1 && queue.length < want) await gathered(want);
      const batch = queue;
      queue = [];
      recent.push(batch.length);
      if (recent.length > 8) recent.shift();
      try {
        const out = await commit(batch.map((x) => x.item));
        batch.forEach((x, i) => {
          const r = out[i];
          if (r instanceof Error) x.reject(r);
          else x.resolve(r as O);
        });
      } catch (err) {
        for (const x of batch) x.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  const start = () => {
    running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(run)
      .finally(() => {
        running = null;
        if (queue.length) start();
      });
  };
  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (waiting && queue.length >= waiting.want) waiting.done();
        if (!running) start();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}

/** The stored events of an append grouped per casualty, as the incremental fold takes them. */
export function byCasualty(stored: readonly { e: CasualtyEvent; seq: number }[], receivedAt: string): Map<string, StoredEvent[]> {
  const m = new Map<string, StoredEvent[]>();
  for (const { e, seq } of stored) {
    const l = m.get(e.casualtyId) ?? [];
    l.push({ ...e, seq, receivedAt } as StoredEvent);
    m.set(e.casualtyId, l);
  }
  return m;
}
