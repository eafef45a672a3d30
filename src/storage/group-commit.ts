// Group commit for appends (issue 16 item 1): callers that arrive while a commit is being prepared or is in flight
// wait in a queue; the next commit takes every one of them into ONE transaction (one fsync), each with its own
// result or error. Nothing is acknowledged before the transaction holding it is durable.
import type { CasualtyEvent, StoredEvent } from '../core/index.ts';
import type { WriteAudit } from './port.ts';

export interface QueuedAppend {
  events: readonly CasualtyEvent[];
  now: string;
  audit: WriteAudit | undefined;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Resolves once nothing is queued or committing (before close). */
  drain(): Promise<void>;
}

/**
 * `commit(batch)` writes a batch in one transaction and answers one result or Error per item, in order (a throw
 * fails the whole batch). One commit runs at a time; the queue is taken whole when it starts. The first commit
 * waits for the current turn of the event loop to end (setImmediate), so requests that arrive together share it.
 */
export function groupCommit<I, O>(commit: (batch: I[]) => (O | Error)[] | Promise<(O | Error)[]>): GroupCommit<I, O> {
  let queue: { item: I; resolve: (o: O) => void; reject: (e: Error) => void }[] = [];
  let running: Promise<void> | null = null;
  const run = async (): Promise<void> => {
    while (queue.length) {
      const batch = queue;
      queue = [];
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
