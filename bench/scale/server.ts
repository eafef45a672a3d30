// One server process for the scale bench (`bench/scale/main.ts` starts one or two of these): the app as `serve`
// builds it (its logger at `warn`), auth on (rate limit off: the bench is one medic's token at thousands of requests
// a second). argv[2]: a PostgreSQL URL (with the PostgreSQL bus), or `sqlite:<dir>` (the embedded store in <dir>).
// Prints `{"base": "http://127.0.0.1:port"}` once listening; stops on SIGTERM.
// With GH_CPU_PROFILE=<file>: SIGUSR2 starts a V8 CPU profile (1 ms samples) of this process, and SIGTERM writes
// it to <file> before stopping (bench/scale/cpu.ts reads it).
// A line `counters` on stdin answers `{"counters": {...}}`: round trips to PostgreSQL (every pool) and the append
// path's counts (postgres-append.ts appendCounters), since the process started.
// A line `loop` answers `{"loop": {...}}`: this process's event-loop delay (p50, p99, max, ms; sampled every 10 ms by
// perf_hooks.monitorEventLoopDelay) and its GC pauses (count, total and longest, ms) since the last `loop` line, so
// a bench can tell a slow server from a slow client or a stalled loop.
// With GH_BENCH_ROOT=<checkout>: the app, stores and trust of that checkout (an older revision) are served by this
// harness, so two revisions are measured by the same instruments.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
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

const ROOT = process.env.GH_BENCH_ROOT;
/** A module of the served checkout: this one, or GH_BENCH_ROOT's (same path, possibly older code). */
const from = <T>(local: string): Promise<T> => import(ROOT ? pathToFileURL(join(ROOT, local.replace(/^\.\.\/\.\.\//, ''))).href : local) as Promise<T>;
const { openPostgresStore } = await from<typeof PostgresModule>('../../src/storage/postgres.ts');
const { openSqliteStore } = await from<typeof SqliteModule>('../../src/storage/sqlite.ts');
const { openTrust } = await from<typeof TrustModule>('../../src/auth/trust.ts');
const { buildApp } = await from<typeof AppModule>('../../src/server/app.ts');
const { createPgBus } = await from<typeof PgBusModule>('../../src/sync/pg-bus.ts');
const { appendCounters = {} } = await from<Partial<typeof AppendModule>>('../../src/storage/postgres-append.ts');

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const gc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });
/** The loop's delay and the GC pauses since the last call (then both start again). */
function loopStats(): Record<string, number> {
  const ms = (ns: number) => ns / 1e6;
  const out = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), gcCount: gc.count, gcMs: gc.totalMs, gcMaxMs: gc.maxMs };
  loop.reset();
  Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0 });
  return out;
}

let roundTrips = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  roundTrips++;
  return query.apply(this, a);
};

const target = process.argv[2]!;
const dataDir = target.startsWith('sqlite:') ? target.slice('sqlite:'.length) : null;
const store: Store = dataDir ? await openSqliteStore({ dataDir }) : await openPostgresStore({ url: target, poolSize: 10 });
await store.migrate();
const trust = await openTrust(dataDir ? { dataDir } : { url: target });
const bus = dataDir ? undefined : await createPgBus(target, { appendsAnnounced: true });
const app = await buildApp({ store, ...(bus ? { bus } : {}), logger: { level: 'warn' }, auth: { trust, rateLimit: false } });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const profileFile = process.env.GH_CPU_PROFILE;
let profiling: Session | null = null;
if (profileFile)
  process.on('SIGUSR2', () => {
    void (async () => {
      const s = new Session();
      s.connect();
      await s.post('Profiler.enable');
      await s.post('Profiler.setSamplingInterval', { interval: 1000 });
      await s.post('Profiler.start');
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
    if (profiling && profileFile) {
      const { profile } = await profiling.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      profiling.disconnect();
    }
    await app.close();
    await bus?.close();
    await trust.close();
    await store.close();
    process.exit(0);
  })();
});
