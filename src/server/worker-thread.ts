// One worker thread of the process and its jobs in flight (the plan thread, the proposal worker): started at first use,
// unreferenced while idle so it never holds the process open and referenced while a job waits; a thread that dies
// fails its jobs and is started anew at the next one (`generation` moves, so a caller holding state there resends it).
import { Worker } from 'node:worker_threads';
import { strippedWorker } from './stripped-worker.ts';

type Answer = { id: number; ok: true; cpuMs: number } | { id: number; ok: false; error: string };
type Done<A extends Answer> = Extract<A, { ok: true }>;

export class WorkerThread<A extends Answer> {
  readonly #url: URL;
  readonly #name: string;
  #worker: Worker | null = null;
  /** Moves each time a thread is started. */
  generation = 0;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (a: Done<A>) => void; reject: (e: Error) => void }>();

  readonly #stripped: boolean;

  /** `stripped`: the thread's modules arrive with their types stripped by this thread (stripped-worker.ts). */
  constructor(url: URL, name: string, opts: { stripped?: boolean } = {}) {
    this.#url = url;
    this.#name = name;
    this.#stripped = opts.stripped ?? false;
  }

  /** Jobs sent and not yet answered. */
  get running(): number {
    return this.#pending.size;
  }

  #start(): Worker {
    const s = this.#stripped ? strippedWorker(this.#url) : undefined;
    const w = s ? new Worker(s.url, { workerData: s.workerData }) : new Worker(this.#url);
    this.generation++;
    w.on('message', (a: A) => {
      const p = this.#pending.get(a.id);
      if (!p) return;
      this.#pending.delete(a.id);
      if (!this.#pending.size) w.unref();
      if (a.ok) p.resolve(a as Done<A>);
      else p.reject(new Error(a.error));
    });
    const fail = (e: Error) => {
      if (this.#worker === w) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`${this.#name} stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  /** Start the thread now if none runs (its modules load meanwhile). */
  start(): void {
    this.#worker ??= this.#start();
  }

  /** The thread, started if none runs (read `generation` after it). */
  get worker(): Worker {
    return (this.#worker ??= this.#start());
  }

  nextId(): number {
    return this.#next++;
  }

  /** Send a job (its `id` from `nextId`) to this thread and await its answer. */
  run(w: Worker, job: { id: number }): Promise<Done<A>> {
    return new Promise((resolve, reject) => {
      this.#pending.set(job.id, { resolve, reject });
      w.ref(); // a job in flight keeps the process alive until it is answered
      w.postMessage(job);
    });
  }

  /** A message that needs no answer; nothing is started for it. */
  tell(m: unknown): void {
    this.#worker?.postMessage(m);
  }

  /** Stop the thread (jobs in flight fail). */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }
}
