// The SQLite writer thread (issue 16): every SQLite store of the process commits its appends here, each over a
// connection of its own (sqlite-append.ts), so the fsync'd COMMIT never blocks the server's event loop. Started and
// fed by sqlite-writer-thread.ts; a message names its store and file, so a thread started anew (after a crash of
// the old one) opens the connection again on the first batch.
import { parentPort } from 'node:worker_threads';
import type { QueuedAppend } from './group-commit.ts';
import type { AppendResult } from './port.ts';
import type { WriterConnection } from './sqlite-append.ts';
import { writerConnection } from './sqlite-append.ts';

export type WriterJob =
  | { id: number; op: 'batch'; store: number; path: string; batch: QueuedAppend[] }
  | { id: number; op: 'forget' | 'close'; store: number };

/** An Error as it crosses the thread: the store's own errors are rebuilt by name on the other side. */
export interface ErrorShape {
  name: string;
  message: string;
  eventId?: string;
  code?: string;
}

export type WriterAnswer =
  | { id: number; ok: true; out?: ({ ok: true; r: AppendResult } | { ok: false; error: ErrorShape })[] }
  | { id: number; ok: false; error: ErrorShape };

export function errorShape(err: unknown): ErrorShape {
  const e = err instanceof Error ? err : new Error(String(err));
  const x = e as Error & { eventId?: unknown; code?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof x.eventId === 'string' ? { eventId: x.eventId } : {}),
    ...(typeof x.code === 'string' ? { code: x.code } : {}),
  };
}

const connections = new Map<number, WriterConnection>();

function run(job: WriterJob): WriterAnswer {
  if (job.op === 'batch') {
    let c = connections.get(job.store);
    if (!c) connections.set(job.store, (c = writerConnection(job.path)));
    const out = c.commit(job.batch).map((r) => (r instanceof Error ? { ok: false as const, error: errorShape(r) } : { ok: true as const, r }));
    return { id: job.id, ok: true, out };
  }
  const c = connections.get(job.store);
  if (job.op === 'forget') c?.forget();
  else {
    connections.delete(job.store);
    c?.close();
  }
  return { id: job.id, ok: true };
}

parentPort!.on('message', (job: WriterJob) => {
  let answer: WriterAnswer;
  try {
    answer = run(job);
  } catch (err) {
    answer = { id: job.id, ok: false, error: errorShape(err) };
  }
  parentPort!.postMessage(answer);
});
