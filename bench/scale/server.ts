// One server process for the scale bench (`bench/scale/main.ts` starts one or two of these): the app as `serve`
// builds it (its logger at `warn`), auth on (rate limit off: the bench is one medic's token at thousands of requests
// a second). argv[2]: a PostgreSQL URL (with the PostgreSQL bus), or `sqlite:<dir>` (the embedded store in <dir>).
// Prints `{"base": "http://127.0.0.1:port"}` once listening; stops on SIGTERM. `POST /api/bench/empty/:id`: the same
// auth and body parsing as a medic's POST and nothing else (the HTTP request's own cost).
// With GH_CPU_PROFILE=<file>: SIGUSR2 starts a V8 CPU profile (1 ms samples) of this process, and SIGTERM writes
// it to <file> before stopping (bench/scale/cpu.ts reads it; bench/scale/longtasks.ts finds its long runs of work).
// With GH_HEAP_PROFILE=<file>: SIGUSR2 also starts V8's sampling heap profiler (a sample every 32 KB allocated,
// objects collected since kept in the figures: what allocates, not what stays), written to <file> on SIGTERM
// (bench/scale/allocations.ts reads it).
// A line `counters` on stdin answers `{"counters": {...}}`: round trips to PostgreSQL (every pool) and the append
// path's counts (postgres-append.ts appendCounters), since the process started.
// A line `loop` answers `{"loop": {...}}`, each since the last `loop` line (measured only with GH_BENCH_LOOP=1, as
// the mixed run sets it: the 5 ms tick and the delay monitor cost an idle process 24-32 ms of CPU a second at load
// 9-28, against 2 without, charged to every request of a CPU-a-request figure, twice over with two processes):
// this process's event-loop delay (p50, p99, max, ms; perf_hooks.monitorEventLoopDelay at 10 ms resolution, less
// those 10 ms: before session 17 they were left in, and an idle loop read p50 ~10 ms; wall clock, so it includes the
// time the process waited for a core); per tick of a 5 ms timer, its lateness less the time the main thread
// waited on the run queue (/proc/thread-self/schedstat: p99, max — the loop held by this process itself, its
// synchronous fsyncs included, not by others' load) and the main thread's CPU between the ticks (p99, max: its runs
// of work without a turn); and its GC pauses (count, total, longest; the major ones apart).
// With GH_BENCH_TRACE=<dir>: each request's time inside this process, its SQLite transactions, stream writes, the
// loop's stalls and GC pauses, written to <dir>/server-<pid>.jsonl on SIGTERM (bench/scale/trace.ts; the mixed run
// joins them with the load generator's times, bench/scale/trace-report.ts).
// With GH_BENCH_ROOT=<checkout>: the app, stores and trust of that checkout (an older revision) are served by this
// harness, so two revisions are measured by the same instruments.
// With GH_PIPELINE_ALONE=1 (PostgreSQL): the store opened with batchesInFlight 2 and pipelineAlone (postgres.ts), off
// by default; an older checkout without the option ignores it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants, createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Session } from 'node:inspector/promises';
import type { Store } from '../../src/storage/port.ts';
import type * as PostgresModule from '../../src/storage/postgres.ts';
import type * as SqliteModule from '../../src/storage/sqlite.ts';
import type * as TrustModule from '../../src/auth/trust.ts';
import type * as AppModule from '../../src/server/app.ts';
import type * as PgBusModule from '../../src/sync/pg-bus.ts';
import type * as AppendModule from '../../src/storage/postgres-append.ts';
import { installTrace, traceServer, traceStore, writeTrace } from './trace.ts';

const ROOT = process.env.GH_BENCH_ROOT;
/** A module of the served checkout: this one, or GH_BENCH_ROOT's (same path, possibly older code). */
const from = <T>(local: string): Promise<T> => import(ROOT ? pathToFileURL(join(ROOT, local.replace(/^\.\.\/\.\.\//, ''))).href : local) as Promise<T>;
const { openPostgresStore } = await from<typeof PostgresModule>('../../src/storage/postgres.ts');
const { openSqliteStore } = await from<typeof SqliteModule>('../../src/storage/sqlite.ts');
const { openTrust } = await from<typeof TrustModule>('../../src/auth/trust.ts');
const { buildApp } = await from<typeof AppModule>('../../src/server/app.ts');
const { createPgBus } = await from<typeof PgBusModule>('../../src/sync/pg-bus.ts');
const { appendCounters = {} } = await from<Partial<typeof AppendModule>>('../../src/storage/postgres-append.ts');

// The histogram records the time between two firings of a `resolution` ms timer, not its lateness: an idle process
// reads p50 ~10.1 ms at resolution 10 (1.1 at 1). loopStats subtracts the resolution, so 0 is an idle loop.
const LOOP_RESOLUTION_MS = 10;
// A served checkout's profiles are named after it (<file>.<checkout>), so old and new in one run keep both.
const servedSuffix = (f: string | undefined) => (f && ROOT ? `${f}.${ROOT.replace(/\/+$/, '').split('/').pop()}` : f);
const profileFile = servedSuffix(process.env.GH_CPU_PROFILE);
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
if (process.env.GH_BENCH_LOOP) loop.enable();
const held = createHistogram();
const net = createHistogram();
/** ns this thread has waited on a run queue so far (Linux schedstat; 0 elsewhere). */
const runDelay = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return 0;
  }
};
/** With GH_CPU_PROFILE: the intervals between ticks that held over 10 ms of CPU, [from, to] in the profile's clock
 * (µs of CLOCK_MONOTONIC, as process.hrtime) and the CPU ms, written beside the profile (<file>.held.json) for
 * bench/scale/longtasks.ts: the code that ran in exactly the intervals the bench's "CPU between ticks" max counts. */
const heldLong: [number, number, number][] = [];
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
let last = { cpu: process.threadCpuUsage(), wait: runDelay(), at: performance.now(), us: hrUs() };
if (process.env.GH_BENCH_LOOP) setInterval(() => {
  const now = { cpu: process.threadCpuUsage(), wait: runDelay(), at: performance.now(), us: hrUs() };
  const cpuUs = now.cpu.user + now.cpu.system - last.cpu.user - last.cpu.system;
  if (cpuUs > 10_000 && profileFile) heldLong.push([last.us, now.us, cpuUs / 1000]);
  held.record(Math.max(1, cpuUs)); // µs
  // The tick's lateness less the time the thread waited for a core: what this process itself held the loop for.
  net.record(Math.max(1, Math.round((now.at - last.at - 5) * 1000 - (now.wait - last.wait) / 1000)));
  last = now;
}, 5).unref();
const gc = { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
    if (((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.major++;
      gc.majorMaxMs = Math.max(gc.majorMaxMs, e.duration);
    }
  }
}).observe({ entryTypes: ['gc'] });
/** The loop's delay, the main thread's CPU between ticks and the GC pauses since the last call (then all start again). */
function loopStats(): Record<string, number> {
  const ms = (ns: number) => ns / 1e6;
  const late = (ns: number) => Math.max(0, ms(ns) - LOOP_RESOLUTION_MS);
  const out = {
    p50: late(loop.percentile(50)), p99: late(loop.percentile(99)), max: late(loop.max), heldP99: held.percentile(99) / 1000, heldMax: held.max / 1000, netP99: net.percentile(99) / 1000, netMax: net.max / 1000,
    gcCount: gc.count, gcMs: gc.totalMs, gcMaxMs: gc.maxMs, gcMajor: gc.major, gcMajorMaxMs: gc.majorMaxMs, heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
  loop.reset();
  held.reset();
  net.reset();
  Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 });
  return out;
}

// GH_BENCH_TRACE=<dir>: where each request's time goes inside this process (bench/scale/trace.ts).
const tracing = installTrace();

let roundTrips = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  roundTrips++;
  return query.apply(this, a);
};

const target = process.argv[2]!;
const dataDir = target.startsWith('sqlite:') ? target.slice('sqlite:'.length) : null;
const opened: Store = dataDir ? await openSqliteStore({ dataDir }) : await openPostgresStore({ url: target, poolSize: 10, ...(process.env.GH_PIPELINE_ALONE === '1' ? { batchesInFlight: 2, pipelineAlone: true } : {}) });
const store = tracing ? traceStore(opened) : opened;
await store.migrate();
const trust = await openTrust(dataDir ? { dataDir } : { url: target });
const bus = dataDir ? undefined : await createPgBus(target, { appendsAnnounced: true });
// The floor under the append's HTTP hop: a route that does nothing but what every API request does (the same auth
// hooks: token, session, role; the JSON body parsed; an answer serialised; no access-audit entry, as a stored write
// has none), so `bench:scale sqlite|postgres` can say what the HTTP request alone costs from the same load generator.
const emptyRoute = (a: Parameters<NonNullable<Parameters<typeof buildApp>[0]['routes']>[number]>[0]) => {
  a.post('/api/bench/empty/:id', { config: { access: 'casualty:write' } }, async (req) => {
    (req as { writeAuditedInLog?: boolean }).writeAuditedInLog = true;
    return { accepted: 0, id: (req.params as { id: string }).id };
  });
};
const app = await buildApp({ store, ...(bus ? { bus } : {}), logger: { level: 'warn' }, auth: { trust, rateLimit: false }, routes: [emptyRoute] });
if (tracing) traceServer(app.server);
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const heapFile = servedSuffix(process.env.GH_HEAP_PROFILE);
let profiling: Session | null = null;
if (profileFile || heapFile)
  process.on('SIGUSR2', () => {
    void (async () => {
      const s = new Session();
      s.connect();
      if (profileFile) {
        await s.post('Profiler.enable');
        await s.post('Profiler.setSamplingInterval', { interval: 1000 });
        await s.post('Profiler.start');
      }
      if (heapFile) {
        await s.post('HeapProfiler.enable');
        // The two include… flags are V8's (not yet in @types/node): without them a collected object leaves no trace.
        const sampling = { samplingInterval: 32 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
        await s.post('HeapProfiler.startSampling', sampling);
      }
      profiling = s;
      console.log(JSON.stringify({ profiling: true }));
    })();
  });

console.log(JSON.stringify({ base }));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d: string) => {
  if (d.includes('counters')) console.log(JSON.stringify({ counters: { roundTrips, ...appendCounters } }));
  if (d.includes('loop')) console.log(JSON.stringify({ loop: loopStats() }));
});
process.on('SIGTERM', () => {
  void (async () => {
    if (profiling) {
      if (profileFile) {
        writeFileSync(profileFile, JSON.stringify((await profiling.post('Profiler.stop')).profile));
        writeFileSync(`${profileFile}.held.json`, JSON.stringify(heldLong));
      }
      if (heapFile) writeFileSync(heapFile, JSON.stringify((await profiling.post('HeapProfiler.stopSampling')).profile));
      profiling.disconnect();
    }
    await app.close();
    await bus?.close();
    await trust.close();
    await store.close();
    if (tracing) writeTrace(tracing.dir);
    process.exit(0);
  })();
});
