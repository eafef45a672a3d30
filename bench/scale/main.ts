// `npm run bench:scale [seconds=5] [streams=200]`: issue 16's measurements as `serve` runs them, auth on, on SQLite
// and PostgreSQL. Every figure is put beside a baseline from the same run (the machine is shared):
//  - medics posting single events (autocannon, 1 and 8 connections) to a server in its own process (as `serve`
//    runs: bench/scale/server.ts) against a raw single-row INSERT loop on the same database with the same
//    durability, run just before and just after the API's run (ratio = API / the mean of the two);
//  - the same medics while consoles and facility views load their lists and the plan;
//  - append p50 on a casualty with 5,000 events against one with 100;
//  - N live streams while a medic posts 10 events/s: delivery latency, and POST p50 against no streams;
//  - PostgreSQL: two server processes against one (same connections in all).
// Runs on any revision with buildApp + openTrust, so the old append path can be measured with the same file.
// `npm run bench:scale -- mixed [seconds=600] [sqlite|postgres|postgres2|both|all] [checkout…]`: the 10-minute mixed
// run instead (bench/scale/mixed.ts: the server(s), the stream readers and the load generator in three processes),
// on one database or each in turn (`both`: SQLite and PostgreSQL; `postgres2`: two server processes on one
// PostgreSQL; `all`: the three); with checkouts, each is run after this one on every database, and a table compares.
// `npm run bench:scale streams [seconds=5] [streams=200]`: only the live streams, on SQLite.
// `npm run bench:scale processes [seconds=5] [checkout…]`: one and two server processes only, this checkout against
// others (another revision: `git archive <rev> | tar -x -C dir`, then link node_modules into dir), every revision
// served by this checkout's harness (bench/scale/server.ts), process two warmed before it is measured, and the
// backends' waits sampled in a run of their own (the sampler's queries are not charged to the measured run); with
// GH_BENCH_PG_SETTINGS="commit_delay=1000,commit_siblings=1" (say) those server settings apply to that run.
// `npm run bench:scale sqlite|postgres [seconds=5] [checkout…]`: only single-event ingest on that database (1 and 8
// connections, raw INSERT beside each; on PostgreSQL the server's and the database's CPU a request — the latter of
// the run's own database's backends, the server's other processes (other databases, ended backends, autovacuum,
// WAL writer) printed apart, so that no run is charged another's), this checkout and the others named taken in
// turns, twice; beside this checkout's runs at 1 connection, the empty route (HTTP and sign-in, nothing stored) and
// the guarantees' floor (bench/scale/floor.ts: the append's writes as bare SQL), which in series bound the ratio any
// append path could reach on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTrust } from '../../src/auth/trust.ts';
import type { Trust } from '../../src/auth/trust.ts';
import type { createPgBus } from '../../src/sync/pg-bus.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { Rate } from './drive.ts';
import { appendP50, backendMeter, consoles, cpuMeter, growLog, login, medics, pct, postmasterOf, register, waitSampler, xactsOf } from './drive.ts';
import type { Floor } from './floor.ts';
import { floorPostgres, floorSqlite, storedSizesPostgres, storedSizesSqlite } from './floor.ts';
import type { LoopStats, MixedResult } from './mixed.ts';
import { ARRIVALS, mixedRun, stored } from './mixed.ts';

const MIXED = process.argv[2] === 'mixed';
const MODE = MIXED || ['processes', 'streams', 'sqlite', 'postgres'].includes(process.argv[2] ?? '');
const SECONDS = Number(process.argv[MODE ? 3 : 2] ?? (MIXED ? 600 : 5));
const STREAMS = MIXED ? 200 : Number(process.argv[MODE ? 4 : 3] ?? 200);
const PASSWORD = 'correct horse battery staple';

async function rawLoop(clients: number, insert: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      await insert();
      n++;
    }
  }));
  return n / ((performance.now() - t0) / 1000);
}

/** Raw single-row INSERTs per second (the baseline), on the same file system with the store's durability. */
type Raw = (clients: number) => Promise<number>;

/**
 * One synchronous writer, as the store is (WAL, synchronous=FULL: one fsync per commit), so the same rate for 1 and
 * 8 clients. The loop is in this process; the server is in its own (bench/scale/server.ts), as `serve` runs it.
 */
function rawSqlite(dir: string): Raw {
  const db = new DatabaseSync(join(dir, 'raw.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (id, body) VALUES (?, ?)');
  return () => rawLoop(1, async () => ins.run(uuidv7(), '{"text":"raw"}'));
}

function rawPostgres(url: string): Raw {
  return async (clients) => {
    const pool = new pg.Pool({ connectionString: url, max: clients });
    await pool.query('CREATE TABLE IF NOT EXISTS raw_insert (id text PRIMARY KEY, body text NOT NULL)');
    const r = await rawLoop(clients, () => pool.query('INSERT INTO raw_insert (id, body) VALUES ($1, $2)', [uuidv7(), '{"text":"raw"}']));
    await pool.end();
    return r;
  };
}

/**
 * The API's run between two raw runs: a shared machine's disk and cores change speed within a minute (raw SQLite
 * ran 5× slower after one run than before it), so the baseline is the mean of the raw rate just before and just
 * after the measured run.
 */
async function besideRaw(raw: Raw, clients: number, run: () => Promise<Rate>): Promise<{ api: Rate; raw: number }> {
  const before = await raw(clients);
  const api = await run();
  const after = await raw(clients);
  return { api, raw: (before + after) / 2 };
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
/** One measured line; with `goal`, the issue's goal beside it (ratio to raw ≥ 0.5, p99 ≤ the bound) and PASS/FAIL. */
const row = (label: string, a: Rate, raw?: number, goal?: { p99: number }) => {
  const ratio = raw ? a.rate / raw : NaN;
  const judged = goal && raw
    ? `   goal ratio >= 0.5 ${verdict(ratio >= 0.5)}, p99 <= ${goal.p99} ms ${verdict(a.p99 <= goal.p99)}, 0 errors ${verdict(a.errors === 0)}`
    : '';
  console.log(`  ${label.padEnd(34)} ${f(a.rate, 0).padStart(6)} req/s  p50 ${f(a.p50).padStart(7)} ms  p99 ${f(a.p99).padStart(7)} ms  errors ${a.errors}${raw ? `   raw ${f(raw, 0)}/s  ratio ${f(ratio, 3)}` : ''}${judged}`);
};

interface Served {
  base: string;
  /** In-process servers only (the mixed run reads the log back through it). */
  store?: Store;
  trust: Trust;
  close: () => Promise<void>;
}

async function users(trust: Trust, base: string, role: 'medic' | 'dispatcher', n: number, extra: { units?: string[] } = {}): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const username = `${role}-${uuidv7().slice(-8)}`;
    await trust.auth.addUser({ username, password: PASSWORD, role, ...extra });
    tokens.push(await login(base, username, PASSWORD));
  }
  return tokens;
}

/**
 * The stream readers in a process of their own (bench/scale/readers.ts): `all()` waits (up to 30 s) until `want`
 * notes have arrived, `stop()` ends them and answers every delivery latency (ms).
 */
async function readers(base: string, tokens: string[], want: number): Promise<{ all: () => Promise<void>; stop: () => Promise<number[]> }> {
  const proc = spawn(process.execPath, [join(HERE, 'bench/scale/readers.ts'), base], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => (out += d));
  proc.stdin!.end(JSON.stringify({ tokens, streams: STREAMS, want }));
  for (const deadline = Date.now() + 120_000; !out.includes('"open"'); ) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`stream readers did not open: ${out}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return {
    all: async () => {
      for (const deadline = Date.now() + 30_000; !out.includes('"all"') && Date.now() < deadline; ) await new Promise((ok) => setTimeout(ok, 100));
    },
    stop: async () => {
      const exited = new Promise((ok) => proc.once('exit', ok));
      proc.kill('SIGTERM');
      await exited;
      const line = out.split('\n').find((l) => l.startsWith('{"lat"'));
      return line ? (JSON.parse(line) as { lat: number[] }).lat : [];
    },
  };
}

/**
 * Live streams while one medic posts 10 events/s: delivery latency (ms) and POST p50 with and without streams. The
 * readers run in a process of their own: in this one, their parsing shared the server's event loop and was
 * counted as the server's slowdown.
 */
async function streams(s: Served, medic: string, casualtyId: string): Promise<void> {
  const total = SECONDS * 2 * 10;
  // The baseline is paced like the measured run (10 a second, not back to back): a process woken every 100 ms
  // answers slower than one kept busy, on a loaded machine most of all, and that is not the streams' cost.
  const quiet = pct(await pacedPosts(s.base, medic, casualtyId, total), 0.5);
  const burst = (await appendP50(s.base, medic, [casualtyId], 50))[0]!; // the old baseline, printed beside it
  const watchers = await users(s.trust, s.base, 'dispatcher', Math.ceil(STREAMS / 4));
  const want = total * STREAMS;
  const reading = await readers(s.base, watchers, want);
  const posts = await pacedPosts(s.base, medic, casualtyId, total);
  await reading.all();
  const lat = await reading.stop();
  const p99 = pct(lat, 0.99);
  const slower = pct(posts, 0.5) / quiet;
  console.log(`  ${STREAMS} streams (readers in their own process), 10 events/s for ${SECONDS * 2} s: delivered ${lat.length}/${want} within 30 s; delivery p50 ${f(pct(lat, 0.5))} ms, p99 ${f(p99)} ms; POST p50 ${f(pct(posts, 0.5))} ms vs ${f(quiet)} ms with no streams (${f(slower, 2)}x; back to back with no streams ${f(burst)} ms, ${f(pct(posts, 0.5) / burst, 2)}x)`);
  console.log(`    goal all delivered ${verdict(lat.length >= want)}, delivery p99 <= 250 ms ${verdict(p99 <= 250)}, POST p50 <= 2x ${verdict(slower <= 2)}`);
}

/** `n` single notes stamped `t=<ms>`, ten a second; the latency (ms) of each. */
async function pacedPosts(base: string, medic: string, casualtyId: string, n: number): Promise<number[]> {
  const posts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/casualties/${casualtyId}/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${medic}` },
      body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: `t=${Date.now()}` } }] }),
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`append: ${r.status}`);
    posts.push(performance.now() - t0);
    await new Promise((ok) => setTimeout(ok, Math.max(0, 100 - (performance.now() - t0))));
  }
  return posts;
}

async function suite(label: string, s: Served, raw: Raw): Promise<void> {
  console.log(`${label}`);
  const [medic] = await users(s.trust, s.base, 'medic', 1, { units: ['1-coy'] });
  const [dispatcher] = await users(s.trust, s.base, 'dispatcher', 1);
  const cids = await register(s.base, medic!, '1-coy', 32);
  await medics([s.base], medic!, cids, 8, 1); // warm-up (JIT, caches): the first measured run is not the cold one
  const one = await besideRaw(raw, 1, () => medics([s.base], medic!, cids, 1, SECONDS));
  row('medics, 1 connection', one.api, one.raw, { p99: 20 });
  const eight = await besideRaw(raw, 8, () => medics([s.base], medic!, cids, 8, SECONDS));
  row('medics, 8 connections', eight.api, eight.raw, { p99: 50 });
  const [m, c] = await Promise.all([medics([s.base], medic!, cids, 8, SECONDS), consoles(s.base, dispatcher!, 'r2-a', 2, SECONDS)]);
  row('medics, 8 connections + 2 consoles', m, eight.raw);
  row('  the consoles (lists, plan, facility)', c);
  const [short, long] = await register(s.base, medic!, '1-coy', 2);
  await growLog(s.base, medic!, short!, 100);
  await growLog(s.base, medic!, long!, 5000);
  // Alternate the two casualties, so warm-up and the shared machine's load fall on both alike.
  const [p100 = NaN, p5000 = NaN] = await appendP50(s.base, medic!, [short!, long!], 100);
  console.log(`  append p50 at 5,000 events ${f(p5000)} ms vs at 100 events ${f(p100)} ms: ${f(p5000 / p100, 2)}x  goal <= 1.5x ${verdict(p5000 / p100 <= 1.5)}`);
  await streams(s, medic!, cids[0]!);
}

async function inProcess(store: Store, trust: Trust, bus?: Awaited<ReturnType<typeof createPgBus>>): Promise<Served> {
  await store.migrate();
  const app = await buildApp({ store, ...(bus ? { bus } : {}), auth: { trust, rateLimit: false } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, store, trust, close: async () => { await app.close(); await bus?.close(); await trust.close(); await store.close(); } };
}

const HERE = fileURLToPath(new URL('../..', import.meta.url));

type Counters = Record<string, number>;
interface Child {
  base: string;
  proc: ChildProcess;
  /** The process's append counters (bench/scale/server.ts), or null from a checkout whose server has none. */
  counters: () => Promise<Counters | null>;
  /** Event-loop delay and GC pauses since the last call (null from a harness without them). */
  loop: () => Promise<LoopStats | null>;
}

/**
 * One server process of the checkout at `root` (this one by default) on `url`. `harness`: served by this checkout's
 * bench/scale/server.ts with GH_BENCH_ROOT=root (the same instruments for every revision), not root's own.
 */
function child(url: string, root = HERE, harness = false, loop = false): Promise<Child> {
  const script = join(harness ? HERE : root, 'bench/scale/server.ts');
  const env = { ...process.env, ...(harness && root !== HERE ? { GH_BENCH_ROOT: root } : {}), ...(loop ? { GH_BENCH_LOOP: '1' } : {}) };
  const proc = spawn(process.execPath, [script, url], { stdio: ['pipe', 'pipe', 'inherit'], env });
  let out = '';
  /** Ask the process on stdin; its one-line answer `{"<key>": …}`, or null after 5 s (a server without it). */
  const ask = async <T>(key: string): Promise<T | null> => {
    const from = out.length;
    proc.stdin!.write(`${key}\n`);
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      const line = out.slice(from).split('\n').find((l) => l.startsWith(`{"${key}"`));
      if (line) return (JSON.parse(line) as Record<string, T>)[key]!;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return null;
  };
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"base"'));
      if (line) resolve({ base: (JSON.parse(line) as { base: string }).base, proc, counters: () => ask<Counters>('counters'), loop: () => ask<LoopStats>('loop') });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}
const stop = (p: ChildProcess) => new Promise<void>((ok) => {
  p.once('exit', () => ok());
  p.kill('SIGTERM');
});

/** CPU of one measured run: ms a request for the servers, PostgreSQL and the load generator (this process). */
function cpuLine(label: string, r: Rate, seconds: number, cpu: { servers: number[]; pg: number; self: number }): { server: number; pg: number; client: number } {
  const n = r.rate * seconds;
  const per = { server: cpu.servers.reduce((a, b) => a + b, 0) / n, pg: cpu.pg / n, client: cpu.self / n };
  const busy = cpu.servers.map((ms) => `${f((100 * ms) / (seconds * 1000), 0)} %`).join(' + ');
  console.log(`    CPU ${label}: server process(es) ${busy} of a core (${f(per.server, 2)} ms a request), PostgreSQL ${f((100 * cpu.pg) / (seconds * 1000), 0)} % (${f(per.pg, 2)} ms), load generator ${f(per.client, 2)} ms`);
  return per;
}

/**
 * Two server processes on one PostgreSQL against one, 8 medic connections in both, with where the CPU goes: on 2
 * cores the ceiling is 2 cores / (server + PostgreSQL + load generator CPU a request); one server process is also
 * capped at one core / its own CPU a request. The ratio two/one cannot exceed the first over the lower of the two.
 */
async function processes(url: string, root = HERE): Promise<{ one: number; two: number }> {
  migrateWith(root, url);
  const trust = await openTrust({ url });
  const postmaster = await postmasterOf(url);
  try {
    const one = await child(url, root, true);
    const [medic] = await users(trust, one.base, 'medic', 1, { units: ['1-coy'] });
    const cids = await register(one.base, medic!, '1-coy', 32);
    let meter = cpuMeter([one.proc.pid!], postmaster);
    const k1c0 = await one.counters();
    await new Promise((ok) => setTimeout(ok, 1100)); // backends flush their counters at most once a second
    const s10 = await walFsyncs(url);
    const r1 = await medics([one.base], medic!, cids, 8, SECONDS);
    const c1 = meter();
    const k1c1 = await one.counters();
    await new Promise((ok) => setTimeout(ok, 1100));
    const s11 = await walFsyncs(url);
    const two = await child(url, root, true);
    // Process two warmed as process one was (JIT, caches): its first requests are not charged to the measured run.
    await medics([two.base], medic!, cids, 8, 1);
    await new Promise((ok) => setTimeout(ok, 1100)); // backends flush their counters at most once a second
    meter = cpuMeter([one.proc.pid!, two.proc.pid!], postmaster);
    const x0 = await xactsOf(url);
    const s20 = await walFsyncs(url);
    const k0 = await Promise.all([one.counters(), two.counters()]);
    const r2 = await medics([one.base, two.base], medic!, cids, 8, SECONDS);
    const c2 = meter();
    const k1 = await Promise.all([one.counters(), two.counters()]);
    await new Promise((ok) => setTimeout(ok, 1100));
    const x1 = await xactsOf(url);
    const s21 = await walFsyncs(url);
    // What the backends wait on, in a run of its own: the sampler's queries (hundreds a second) were charged to the
    // measured run's transactions and PostgreSQL CPU, and its client to the load generator's.
    const waits = waitSampler(url);
    const r2w = await medics([one.base, two.base], medic!, cids, 8, SECONDS);
    const waited = await waits.stop();
    await Promise.all([stop(one.proc), stop(two.proc)]);
    row('1 process, 8 connections', r1);
    const per = cpuLine('1 process', r1, SECONDS, c1);
    console.log(`    the append path, 1 process: ${countsLine(k1c0, k1c1, r1.rate * SECONDS)}`);
    row('2 processes, 4 connections each', r2);
    const per2 = cpuLine('2 processes', r2, SECONDS, c2);
    const n2 = r2.rate * SECONDS;
    console.log(`    the append path, 2 processes: ${countsLine(sum(k0), sum(k1), n2)}`);
    console.log(`    WAL fsyncs a request: 1 process ${f((s11 - s10) / (r1.rate * SECONDS), 3)}, 2 processes ${f((s21 - s20) / n2, 3)}`);
    console.log(`    transactions a request, 2 processes: ${f((x1.commits - x0.commits) / n2, 2)} committed, ${f((x1.rollbacks - x0.rollbacks) / n2, 2)} rolled back (refused guarded appends, locked retries)`);
    const n2w = r2w.rate * SECONDS;
    const waitedMs = [...waited].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([w, ms]) => `${w} ${f(ms / n2w, 2)}`).join(', ');
    console.log(`    PostgreSQL backends, ms a request by what they wait on (sampled, a run of its own at ${f(r2w.rate, 0)} req/s), 2 processes: ${waitedMs}`);
    const cores = 2000 / (per.server + per.pg + per.client);
    const oneCap = Math.min(1000 / per.server, cores);
    const ratio = r2.rate / r1.rate;
    console.log(`  2 processes / 1 process: ${f(ratio, 2)}x  goal >= 1.7x ${verdict(ratio >= 1.7)}`);
    console.log(`  ceiling from the CPU a request on 2 cores: all work ${f(cores, 0)} req/s, one server process ${f(oneCap, 0)} req/s: two/one at most ${f(cores / oneCap, 2)}x`);
    // With the two processes' own CPU a request: the most two processes could serve if nothing else ran on the 2 cores.
    const cores2 = 2000 / (per2.server + per2.pg + per2.client);
    console.log(`  2 processes at ${f(per2.server + per2.pg + per2.client, 2)} ms CPU a request (servers + PostgreSQL + load generator): 2 cores allow ${f(cores2, 0)} req/s = ${f(cores2 / r1.rate, 2)}x the 1-process rate; ` +
      `the 2-process run reached ${f(r2.rate / cores2, 2)} of that ceiling; 1.7x (${f(1.7 * r1.rate, 0)} req/s) ${1.7 * r1.rate <= cores2 ? 'fits under it' : 'is above it: impossible on this machine at this CPU a request'}`);
    // The line issue 16's note quotes: what 2 cores allow two processes, at their own CPU a request, over one's rate.
    console.log(`  2-core ceiling for two processes: ${f(cores2 / r1.rate, 2)} × (2000 / ${f(per2.server + per2.pg + per2.client, 2)} ms = ${f(cores2, 0)} req/s against one process's ${f(r1.rate, 0)})`);
    return { one: r1.rate, two: r2.rate };
  } finally {
    await trust.close();
  }
}

/**
 * GH_BENCH_PG_SETTINGS="name=value,…": server settings for this run (ALTER SYSTEM, reloaded), e.g.
 * `commit_delay=1000,commit_siblings=1` to try PostgreSQL's own remedy for flushes that just miss each other.
 */
async function serverSettings(url: string): Promise<void> {
  const wanted = (process.env.GH_BENCH_PG_SETTINGS ?? '').split(',').filter((x) => x.includes('='));
  if (!wanted.length) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const w of wanted) {
      const [name, value] = w.split('=') as [string, string];
      await c.query(`ALTER SYSTEM SET ${pg.escapeIdentifier(name.trim())} = ${pg.escapeLiteral(value.trim())}`);
    }
    await c.query('SELECT pg_reload_conf()');
    console.log(`server settings: ${wanted.join(', ')}`);
  } finally {
    await c.end();
  }
}

/** WAL fsyncs so far, cluster-wide: pg_stat_io (PostgreSQL 18), else pg_stat_wal (16, 17). */
async function walFsyncs(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const r = await c.query("SELECT coalesce(sum(fsyncs), 0)::int AS s FROM pg_stat_io WHERE object = 'wal'")
      .catch(() => c.query('SELECT wal_sync::int AS s FROM pg_stat_wal'));
    return (r.rows[0] as { s: number }).s;
  } finally {
    await c.end();
  }
}

/** Counters of several processes added up (null when one has none). */
function sum(xs: (Counters | null)[]): Counters | null {
  if (xs.some((x) => x === null)) return null;
  const out: Counters = {};
  for (const x of xs as Counters[]) for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The append path's counts of a run, a request (`n` requests): where the round trips go. */
function countsLine(a: Counters | null, b: Counters | null, n: number): string {
  if (!a || !b) return 'no counters (a server without them)';
  const d = (k: string) => ((b[k] ?? 0) - (a[k] ?? 0)) / n;
  const appends = (b.appends ?? 0) - (a.appends ?? 0);
  const batches = (b.batches ?? 0) - (a.batches ?? 0);
  return `${f(d('roundTrips'), 2)} round trips, door reads from memory ${f(d('doorMemory'), 2)} / from the database ${f(d('doorReads'), 2)}, ` +
    `guarded writes ${f(d('guarded'), 2)}, refused ${f(d('refused'), 3)}, stale door reads re-decided ${f(d('staleReads'), 3)}, re-reads after a refusal ${f(d('refreshes'), 3)}, ` +
    `through the lock ${f(d('locked'), 3)} (retries ${f(d('lockedRetries'), 3)}); ${f(appends / Math.max(1, batches), 2)} appends a batch, ` +
    `${f(100 * d('split') / Math.max(1e-9, d('guarded') + d('refused')), 0)} % of guarded writes released the head lock before the flush, ` +
    `rows forgotten on hearing another process's write ${f(d('forgotten'), 2)}`;
}

/** Migrate `url` with the store of the checkout at `root` (another revision has other migrations). */
function migrateWith(root: string, url: string): void {
  const code = `const { openPostgresStore } = await import(${JSON.stringify(join(root, 'src/storage/postgres.ts'))});
    const s = await openPostgresStore({ url: ${JSON.stringify(url)} }); await s.migrate(); await s.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`migrate with ${root}: exit ${r.status}`);
}

/**
 * `processes [seconds] [checkout…]`: only the server-process measurement, for this checkout and each other checkout
 * named (e.g. an older revision extracted with `git archive`, its node_modules linked), taken in turns on one
 * PostgreSQL, so that revisions are compared as ratios from the same run on a shared machine.
 */
async function compareProcesses(others: string[]): Promise<void> {
  const server = await startPostgres();
  try {
    await serverSettings(server.url);
    const roots = [HERE, ...others];
    const got = new Map<string, { one: number; two: number }[]>(roots.map((r) => [r, []]));
    for (let round = 0; round < 2; round++)
      for (const root of roots) {
        console.log(`${root === HERE ? 'this checkout' : root}, round ${round + 1}`);
        got.get(root)!.push(await processes(await server.createDatabase(`p${round}_${roots.indexOf(root)}`), root));
      }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mine = got.get(HERE)!;
    for (const root of others) {
      const theirs = got.get(root)!;
      const two = mean(mine.map((x) => x.two)) / mean(theirs.map((x) => x.two));
      const one = mean(mine.map((x) => x.one)) / mean(theirs.map((x) => x.one));
      console.log(`this checkout / ${root}: 1 process ${f(one, 2)}x, 2 processes ${f(two, 2)}x   goal (2 processes at least the older revision's) ${verdict(two >= 1)}`);
    }
  } finally {
    await server.stop();
  }
}

/**
 * `sqlite|postgres [seconds] [checkout…]`: single-event ingest against raw INSERT on that database, for this checkout
 * and each other named, in turns (two rounds), each on a fresh file or database with its server in its own process
 * (migrated by its own checkout); then the mean ratios, and on PostgreSQL the CPU a request of the server and of
 * PostgreSQL at each number of connections (the 2 cores are shared: CPU a request is what bounds the rate).
 */
/**
 * The floor at `clients` connections: the harness's empty route (same auth, same body, nothing stored; server.ts) from
 * the same load generator, beside raw. At 1 connection a request and the append inside it run in series, and the
 * append costs at least one raw INSERT's commit, so the API's ratio to raw is at most e / (e + r) (e the empty
 * route's rate, r raw's): below 0.5 whenever the empty route alone is slower than raw.
 */
async function emptyRoute(served: Child, raw: Raw, medic: string, cids: string[], clients: number, postmaster: number | null, g: { empty?: Map<number, { rate: number; raw: number; server: number }[]> }): Promise<number> {
  const meter: { stop?: ReturnType<typeof cpuMeter> } = {};
  const r = await besideRaw(raw, clients, async () => {
    meter.stop = cpuMeter([served.proc.pid!], postmaster);
    const rate = await medics([served.base], medic, cids, clients, SECONDS, true);
    const used = meter.stop?.();
    meter.stop = used ? () => used : undefined;
    return rate;
  });
  const used = meter.stop?.();
  const server = used ? used.servers[0]! / (r.api.rate * SECONDS) : NaN;
  row(`empty route, ${clients} connection${clients > 1 ? 's' : ''}`, r.api, r.raw);
  const ceiling = clients === 1 ? `the API's ceiling from it (empty route and raw in series): ratio <= ${f(r.api.rate / (r.api.rate + r.raw), 3)}; ` : '';
  console.log(`    ${ceiling}server CPU a request ${f(server, 3)} ms`);
  g.empty ??= new Map();
  g.empty.set(clients, [...(g.empty.get(clients) ?? []), { rate: r.api.rate, raw: r.raw, server }]);
  return r.api.rate;
}

/**
 * The guarantees' floor beside raw at 1 connection (bench/scale/floor.ts: the append's writes as bare SQL, nothing
 * else), and the most the API's ratio to raw can be on this machine with an append that cost no more than that floor:
 * one request in flight runs the empty route (HTTP, sign-in) and its append in series, so rate ≤ 1 / (1/e + 1/f).
 * Not at 8 connections: there appends share commits (group commit), which an unbatched floor does not, so its cost
 * a request is no floor there.
 */
async function guaranteesFloor(floor: Floor, raw: Raw, empty: number, g: { floor?: number[] }): Promise<void> {
  const r = await besideRaw(raw, 1, async () => ({ rate: await floor(SECONDS), p50: NaN, p99: NaN, errors: 0 }));
  row("the guarantees' floor, 1 connection", r.api, r.raw);
  const bound = 1 / (1 / empty + 1 / r.api.rate);
  console.log(`    the API's ratio to raw at most ${f(bound / r.raw, 3)} (the empty route and the floor in series: ${f(bound, 0)} req/s)`);
  (g.floor ??= []).push(bound / r.raw);
}

async function compareIngest(db: 'sqlite' | 'postgres', others: string[]): Promise<void> {
  const roots = [HERE, ...others];
  type Got = { one: number[]; eight: number[]; cpu: Map<number, { server: number; pg: number; shared: number }[]>; empty?: Map<number, { rate: number; raw: number; server: number }[]>; floor?: number[] };
  const got = new Map<string, Got>(roots.map((r) => [r, { one: [], eight: [], cpu: new Map() }]));
  const pgServer = db === 'postgres' ? await startPostgres() : null;
  try {
    for (let round = 0; round < 2; round++)
      for (const root of roots) {
        const dir = mkdtempSync(join(tmpdir(), `gh-bench-${db}-`));
        try {
          const url = pgServer ? await pgServer.createDatabase(`i${round}_${roots.indexOf(root)}`) : null;
          if (url) migrateWith(root, url);
          const served = await child(url ?? `sqlite:${join(dir, 'store')}`, root);
          const trust = await openTrust(url ? { url } : { dataDir: join(dir, 'store') });
          const postmaster = url ? await postmasterOf(url) : null;
          try {
            console.log(`${root === HERE ? 'this checkout' : root}, round ${round + 1} (load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
            const [medic] = await users(trust, served.base, 'medic', 1, { units: ['1-coy'] });
            const cids = await register(served.base, medic!, '1-coy', 32);
            await medics([served.base], medic!, cids, 8, 1);
            const raw = url ? rawPostgres(url) : rawSqlite(dir);
            const g = got.get(root)!;
            for (const clients of [1, 8]) {
              // The CPU of the API's run only (not of the raw runs beside it).
              // PostgreSQL's: this database's backends only (the server's pool), the rest of the server's CPU apart.
              const meter: { stop?: ReturnType<typeof cpuMeter>; backends?: { own: number; shared: number } } = {};
              const r = await besideRaw(raw, clients, async () => {
                const backends = url && postmaster ? await backendMeter(url, postmaster) : null;
                meter.stop = cpuMeter([served.proc.pid!], postmaster);
                const rate = await medics([served.base], medic!, cids, clients, SECONDS);
                const used = meter.stop?.();
                meter.stop = used ? () => used : undefined;
                meter.backends = await backends?.stop();
                return rate;
              });
              const used = meter.stop?.();
              row(`medics, ${clients} connection${clients > 1 ? 's' : ''}`, r.api, r.raw, { p99: clients > 1 ? 50 : 20 });
              (clients === 1 ? g.one : g.eight).push(r.api.rate / r.raw);
              if (used) {
                const n = r.api.rate * SECONDS;
                const b = meter.backends;
                const per = { server: used.servers[0]! / n, pg: b ? b.own / n : used.pg / n, shared: b ? b.shared / n : 0 };
                console.log(`    CPU a request: server ${f(per.server, 3)} ms${postmaster ? `, PostgreSQL ${f(per.pg, 3)} ms (this database's backends; the server's other processes ${f(per.shared, 3)} ms)` : ''}`);
                g.cpu.set(clients, [...(g.cpu.get(clients) ?? []), per]);
              }
              if (root === HERE) {
                const empty = await emptyRoute(served, raw, medic!, cids, clients, postmaster, g);
                if (clients === 1) {
                  const sizes = url ? await storedSizesPostgres(url) : storedSizesSqlite(join(dir, 'store'));
                  console.log(`    stored sizes: an event's payload ${sizes.event} characters, a casualty's state ${sizes.state}`);
                  await guaranteesFloor(url ? floorPostgres(url, sizes) : floorSqlite(dir, sizes), raw, empty, g);
                }
              }
            }
          } finally {
            await trust.close();
            await stop(served.proc);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
  } finally {
    await pgServer?.stop();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const root of roots) {
    const r = got.get(root)!;
    const cpu = [...r.cpu].map(([c, xs]) => `${c} conn: server ${f(mean(xs.map((x) => x.server)), 3)} ms${db === 'postgres' ? `, PostgreSQL ${f(mean(xs.map((x) => x.pg)), 3)} ms (other processes ${f(mean(xs.map((x) => x.shared)), 3)})` : ''}`).join('; ');
    for (const [c, xs] of r.empty ?? []) {
      const e = mean(xs.map((x) => x.rate)), w = mean(xs.map((x) => x.raw));
      console.log(`empty route (same auth), ${c} conn: ${f(e, 0)} req/s against raw ${f(w, 0)}/s${c === 1 ? `; the API's ceiling e/(e+r) = ${f(e / (e + w), 3)}` : ''}; server CPU ${f(mean(xs.map((x) => x.server)), 3)} ms a request`);
    }
    if (r.floor) console.log(`the guarantees' floor, 1 conn: the API's ratio to raw at most ${f(mean(r.floor), 3)} on this machine (goal >= 0.5 ${mean(r.floor) >= 0.5 ? 'within reach of an append as cheap as the floor' : 'UNREACHABLE by any append path'})`);
    console.log(`${root === HERE ? 'this checkout' : root}: mean ratio to raw, 1 connection ${f(mean(r.one), 3)} (goal >= 0.5 ${verdict(mean(r.one) >= 0.5)}), 8 connections ${f(mean(r.eight), 3)} (goal >= 0.5 ${verdict(mean(r.eight) >= 0.5)})${cpu ? `; CPU a request, ${cpu}` : ''}`);
  }
}

/**
 * The mixed run on one database (`sqlite`, `postgres`, or `postgres2`: two server processes on one PostgreSQL) with
 * the checkout at `root`: the server(s) in their own process(es), users added through the shared trust database,
 * the log read back through this checkout's store once the servers have stopped.
 */
async function mixed(db: string, root: string, pgServer: Awaited<ReturnType<typeof startPostgres>> | null): Promise<MixedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-mixed-'));
  const dataDir = join(dir, 'store');
  try {
    const url = pgServer ? await pgServer.createDatabase(`mixed_${uuidv7().slice(-12).replace(/-/g, '')}`) : null;
    const target = url ?? `sqlite:${dataDir}`;
    const servers: Child[] = [];
    for (let i = 0; i < (db === 'postgres2' ? 2 : 1); i++) servers.push(await child(target, root, true, true)); // one at a time: the first migrates
    const trust = await openTrust(url ? { url } : { dataDir });
    let stopped = false;
    const stopAll = async () => {
      if (!stopped) await Promise.all(servers.map((s) => stop(s.proc)));
      stopped = true;
    };
    try {
      const label = `mixed run, ${url ? 'PostgreSQL' : 'SQLite'}${root === HERE ? '' : `, ${root}`}`;
      return await mixedRun(label, {
        servers: servers.map((s) => ({ base: s.base, pid: s.proc.pid!, loop: s.loop })),
        postmaster: url ? await postmasterOf(url) : null,
        users: (role, n, extra) => users(trust, servers[0]!.base, role, n, extra),
        stopAndRead: async () => {
          await stopAll();
          const store = url ? await openPostgresStore({ url, poolSize: 2 }) : await openSqliteStore({ dataDir });
          try {
            return await stored(store);
          } finally {
            await store.close();
          }
        },
      }, SECONDS);
    } finally {
      await trust.close();
      await stopAll();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `mixed [seconds] [db] [checkout…]`: each database named, this checkout and the others in turns; then a table. */
async function compareMixed(db: string, others: string[]): Promise<void> {
  const dbs = db === 'all' ? ['sqlite', 'postgres', 'postgres2'] : db === 'both' ? ['sqlite', 'postgres'] : [db];
  const roots = [HERE, ...others];
  const rows: string[] = [];
  for (const one of dbs) {
    const pgServer = one === 'sqlite' ? null : await startPostgres();
    try {
      for (const root of roots) {
        const r = await mixed(one, root, pgServer);
        rows.push(`  ${one.padEnd(9)} ${(root === HERE ? 'this checkout' : root).padEnd(24)} POST p50/p99 ${f(r.postP50)}/${f(r.postP99)} ms, consoles ${f(r.readP50)}/${f(r.readP99)} ms, ` +
          `delivery p99 ${f(r.deliveryP99, 0)} ms, server loop delay p99/max ${f(r.loopP99)}/${f(r.loopMax)} ms, less the wait for a core ${f(r.netP99)}/${f(r.netMax)} ms, main-thread CPU between ticks p99/max ${f(r.heldP99)}/${f(r.heldMax)} ms, longest GC ${f(r.gcMaxMs)} ms, errors ${r.errors}, lost ${r.lost}`);
      }
    } finally {
      await pgServer?.stop();
    }
  }
  console.log(`mixed runs, ${SECONDS} s each, arrivals ${ARRIVALS} (load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}):\n${rows.join('\n')}`);
}

if (process.argv[2] === 'streams') {
  // Only the live streams on SQLite (the quick check of issue 16's POST-with-streams goal).
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-streams-'));
  try {
    const s = await inProcess(await openSqliteStore({ dataDir: dir }), await openTrust({ dataDir: dir }));
    try {
      console.log('SQLite');
      const [medic] = await users(s.trust, s.base, 'medic', 1, { units: ['1-coy'] });
      await streams(s, medic!, (await register(s.base, medic!, '1-coy', 1))[0]!);
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
if (process.argv[2] === 'sqlite' || process.argv[2] === 'postgres') {
  await compareIngest(process.argv[2], process.argv.slice(4));
  process.exit(0);
}
if (process.argv[2] === 'processes') {
  await compareProcesses(process.argv.slice(4));
  process.exit(0);
}
if (MIXED) {
  await compareMixed(process.argv[4] ?? 'sqlite', process.argv.slice(5));
  process.exit(0);
}
console.log(`issue 16 scale bench: auth on, ${SECONDS} s per measurement, ${STREAMS} streams`);
const dir = mkdtempSync(join(tmpdir(), 'gh-bench-scale-'));
try {
  // The server in its own process, as `serve` runs (in this one, the load generator shared its event loop and
  // its one core: the API was charged with autocannon's CPU). Users are added through the shared trust.db.
  const served = await child(`sqlite:${join(dir, 'store')}`);
  const trust = await openTrust({ dataDir: join(dir, 'store') });
  try {
    await suite('SQLite (server in its own process; raw INSERT is one synchronous writer, the same rate for 1 and 8)', { base: served.base, trust, close: async () => undefined }, rawSqlite(dir));
  } finally {
    await trust.close();
    await stop(served.proc);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const server = await startPostgres();
try {
  const url = await server.createDatabase('scale');
  const served = await child(url);
  const trust = await openTrust({ url });
  try {
    await suite('PostgreSQL (server in its own process)', { base: served.base, trust, close: async () => undefined }, rawPostgres(url));
  } finally {
    await trust.close();
    await stop(served.proc);
  }
  console.log('PostgreSQL, server processes');
  await processes(await server.createDatabase('scale2'));
} finally {
  await server.stop();
}
