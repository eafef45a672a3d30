// The main thread's side of the SQLite writer thread (sqlite-writer.ts), issue 16. One thread per process, shared by
// every SQLite store (a thread costs a few hundred ms to start: tests open hundreds of stores), started at the first
// batch and kept unreferenced while idle so it never holds a process open; a batch in flight keeps the process
// alive until it is answered. A thread that dies fails what it was doing and is started anew on the next batch.
import { Worker } from 'node:worker_threads';
import type { QueuedAppend } from './group-commit.ts';
import type { AppendResult } from './port.ts';
import { EventConflictError } from './common.ts';
import type { ErrorShape, WriterAnswer, WriterJob } from './sqlite-writer.ts';

type JobBody = WriterJob extends infer J ? (J extends WriterJob ? Omit<J, 'id'> : never) : never;
type Pending = { resolve: (a: WriterAnswer & { ok: true }) => void; reject: (e: Error) => void };

/** The store's own errors rebuilt from their shape (the door tells a 409 by its class). */
export function rebuildError(e: ErrorShape): Error {
  if (e.name === 'EventConflictError' && e.eventId) return new EventConflictError(e.eventId);
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  return err;
}

class WriterThread {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  #start(): Worker {
    const w = new Worker(new URL('./sqlite-writer.ts', import.meta.url));
    w.on('message', (a: WriterAnswer) => {
      const p = this.#pending.get(a.id);
      if (!p) return;
      this.#pending.delete(a.id);
      if (!this.#pending.size) w.unref();
      if (a.ok) p.resolve(a);
      else p.reject(rebuildError(a.error));
    });
    const fail = (e: Error) => {
      if (this.#worker === w) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`SQLite writer thread stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  run(job: JobBody): Promise<WriterAnswer & { ok: true }> {
    const w = (this.#worker ??= this.#start());
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      try {
        w.postMessage({ ...job, id });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err))); // e.g. a value that cannot cross a thread
        return;
      }
      this.#pending.set(id, { resolve, reject });
      w.ref(); // a job in flight keeps the process alive until it is answered
    });
  }
}

const thread = new WriterThread();
let stores = 0;

/** One store's writer: its batches committed on the writer thread over a connection to `path`. */
export interface SqliteWriter {
  commit(batch: QueuedAppend[]): Promise<(AppendResult | Error)[]>;
  /** Forget remembered projection rows and statements (after a migration). */
  forget(): Promise<void>;
  close(): Promise<void>;
}

export function sqliteWriter(path: string): SqliteWriter {
  const store = ++stores;
  let opened = false;
  const commitAll = async (batch: QueuedAppend[]): Promise<(AppendResult | Error)[]> => {
    opened = true;
    const a = await thread.run({ op: 'batch', store, path, batch });
    return a.out!.map((x) => (x.ok ? x.r : rebuildError(x.error)));
  };
  return {
    async commit(batch) {
      try {
        return await commitAll(batch);
      } catch (err) {
        // An append that cannot cross to the thread (a value structured clone refuses) fails alone, as a
        // refused append in a batch does; the others are committed without it.
        if (!(err instanceof Error && err.name === 'DataCloneError') || batch.length < 2) throw err;
        const fits = batch.map((item) => {
          try {
            structuredClone(item);
            return null;
          } catch (e) {
            return e as Error;
          }
        });
        const rest = await commitAll(batch.filter((_, i) => !fits[i]));
        return fits.map((e) => e ?? rest.shift()!);
      }
    },
    async forget() {
      if (opened) await thread.run({ op: 'forget', store });
    },
    async close() {
      if (opened) await thread.run({ op: 'close', store });
      opened = false;
    },
  };
}
