// Where a request's time goes, seen from inside the server process (bench/scale/server.ts loads this only with
// GH_BENCH_TRACE=<dir>; nothing of it runs otherwise). All times are wall-clock ms with µs resolution
// (performance.timeOrigin + performance.now(), comparable across the bench's processes on one machine):
//  - per request: the 'request' event of node:http (headers parsed) and the answer's 'finish' (its last byte handed
//    to the kernel), with the `x-bench-id` header the load generator sent (the note's id) and the route kind, and
//    the main thread's CPU and run-queue wait in between (the rest: blocked in the kernel, or the loop idle);
//  - per store.append call (the door's append): called and resolved — the group commit's queue, gather and commit;
//  - per SQLite transaction (every DatabaseSync of the process: the store and trust.db): BEGIN, COMMIT's start and
//    end, the file, and the savepoints in it (one per append); per PostgreSQL append CALL: sent and answered;
//  - per socket write of the live streams (an SSE response): when, and how many in that turn of the loop.
// Written to <dir>/server-<pid>.jsonl when the process stops (one JSON array a line).
import type { Server, ServerResponse } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../src/storage/port.ts';

export const wall = (): number => performance.timeOrigin + performance.now();
/** ns the main thread has waited on a run queue so far (Linux schedstat). */
const runQueueNs = (): number => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
/** ms of CPU the main thread has used so far. */
const threadMs = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

const lines: unknown[][] = [];

/** Time SQLite transactions: BEGIN … COMMIT, on any DatabaseSync of this process (its file named). */
function traceSqlite(): void {
  const exec = DatabaseSync.prototype.exec;
  const open = new WeakMap<DatabaseSync, { begin: number; savepoints: number }>();
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
    if (sql.startsWith('BEGIN')) open.set(this, { begin: wall(), savepoints: 0 });
    else if (sql.startsWith('SAVEPOINT')) {
      const o = open.get(this);
      if (o) o.savepoints++;
    } else if (sql === 'COMMIT') {
      const o = open.get(this);
      const start = wall();
      const r = exec.call(this, sql);
      const file = (this.location() ?? 'memory').split('/').pop();
      lines.push(['tx', file, o?.begin ?? start, start, wall(), o?.savepoints ?? 0]);
      open.delete(this);
      return r;
    }
    return exec.call(this, sql);
  };
}

/** Time PostgreSQL's append CALL (the named statement `gh_append_durable`), by callback or promise. */
function tracePostgres(): void {
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const first = a[0] as { name?: string } | string;
    if (typeof first !== 'object' || first?.name !== 'gh_append_durable') return query.apply(this, a);
    const start = wall();
    const done = () => lines.push(['call', start, wall()]);
    const cb = a.findIndex((x) => typeof x === 'function');
    if (cb >= 0) {
      const f = a[cb] as (...r: unknown[]) => void;
      a[cb] = (...r: unknown[]) => {
        done();
        f(...r);
      };
      return query.apply(this, a);
    }
    const p = query.apply(this, a) as Promise<unknown>;
    void p.then(done, done);
    return p;
  };
}

/** Wrap store.append (what the door calls): from the call to its answer. */
export function traceStore(store: Store): Store {
  const append = store.append.bind(store);
  store.append = async (...a) => {
    const start = wall();
    try {
      return await append(...a);
    } finally {
      lines.push(['append', start, wall()]);
    }
  };
  return store;
}

/** Per request: arrival (headers parsed) and the answer's last byte written; per SSE write, when. */
export function traceServer(server: Server): void {
  let turnWrites = 0;
  server.on('request', (req, res: ServerResponse) => {
    const start = wall();
    const url = req.url ?? '';
    if (url.startsWith('/api/stream')) {
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]) => {
        if (turnWrites++ === 0) setImmediate(() => {
          lines.push(['sse', wall(), turnWrites]);
          turnWrites = 0;
        });
        return write(...a);
      };
      return;
    }
    const id = req.headers['x-bench-id'];
    const kind = req.method === 'POST' ? 'post' : url.split('?')[0]!.replace(/^\/api\//, '');
    // The main thread's CPU and its wait for a core while the request was in: what is left of its time was the
    // thread blocked (a synchronous fsync) or the loop idle (waiting on a timer, a socket, the database).
    const cpu0 = threadMs();
    const wait0 = runQueueNs();
    res.once('finish', () => lines.push(['req', kind, typeof id === 'string' ? id : null, start, wall(), threadMs() - cpu0, (runQueueNs() - wait0) / 1e6]));
  });
}


/**
 * The loop's stalls: a 5 ms timer's lateness when over 2 ms, cut into the main thread's CPU, its wait for a core
 * (run queue) and the rest (blocked in the kernel: a synchronous fsync), and each GC pause.
 */
function traceStalls(): void {
  let last = { at: performance.now(), cpu: process.threadCpuUsage(), wait: runQueueNs() };
  setInterval(() => {
    const now = { at: performance.now(), cpu: process.threadCpuUsage(), wait: runQueueNs() };
    const late = now.at - last.at - 5;
    if (late > 2) {
      const cpu = (now.cpu.user + now.cpu.system - last.cpu.user - last.cpu.system) / 1000;
      lines.push(['stall', performance.timeOrigin + last.at, late, cpu, (now.wait - last.wait) / 1e6]);
    }
    last = now;
  }, 5).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lines.push(['gc', performance.timeOrigin + e.startTime, e.duration, (e as { detail?: { kind?: number } }).detail?.kind ?? 0]);
  }).observe({ entryTypes: ['gc'] });
}

export function installTrace(): { dir: string } | null {
  const dir = process.env.GH_BENCH_TRACE;
  if (!dir) return null;
  traceSqlite();
  tracePostgres();
  traceStalls();
  return { dir };
}

export function writeTrace(dir: string): void {
  writeFileSync(join(dir, `server-${process.pid}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n'));
}
