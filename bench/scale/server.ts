// One server process for the scale bench (`bench/scale/main.ts` starts one or two of these): the app as `serve`
// builds it (its logger at `warn`), auth on (rate limit off: the bench is one medic's token at thousands of requests
// a second). argv[2]: a PostgreSQL URL (with the PostgreSQL bus), or `sqlite:<dir>` (the embedded store in <dir>).
// Prints `{"base": "http://127.0.0.1:port"}` once listening; stops on SIGTERM.
// With GH_CPU_PROFILE=<file>: SIGUSR2 starts a V8 CPU profile (1 ms samples) of this process, and SIGTERM writes
// it to <file> before stopping (bench/scale/cpu.ts reads it).
// A line `counters` on stdin answers `{"counters": {...}}`: round trips to PostgreSQL (every pool) and the append
// path's counts (postgres-append.ts appendCounters), since the process started.
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { Session } from 'node:inspector/promises';
import type { Store } from '../../src/storage/port.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { buildApp } from '../../src/server/app.ts';
import { createPgBus } from '../../src/sync/pg-bus.ts';
import { appendCounters } from '../../src/storage/postgres-append.ts';

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
