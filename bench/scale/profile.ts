// `npm run bench:scale-profile [requests=300]`: where one single-event POST on PostgreSQL spends its time, as `serve`
// runs it (auth on). Every query the process sends is counted (per pool: store, trust, bus), with its statements and
// time on the wire; the database's own counters give commits and WAL fsyncs per request; the event loop's
// utilisation gives the time in JavaScript. Then 8 clients at once: how many appends share a commit, and what the
// database's backends wait on (pg_stat_activity sampled every 2 ms).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { createPgBus } from '../../src/sync/pg-bus.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { childrenCpuMs, login, pct, register } from './drive.ts';
import { Session } from 'node:inspector/promises';

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where the process's own CPU went, from a V8 CPU profile of the measured run: each sample is charged to the nearest
 * frame on its stack that belongs to this project (src/<folder>, the bench) or to an npm package, so that Node's
 * internals (HTTP, sockets, streams) count for whoever called them.
 */
function cpuSplit(profile: CpuProfile, requests: number): string[] {
  const own = (url: string): string | null => {
    if (url.includes('/bench/')) return 'the load generator (this bench: fetch)';
    const src = /\/src\/([a-z-]+)\//.exec(url);
    if (src && !url.includes('node_modules')) return `src/${src[1]}`;
    const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    return npm ? `npm ${npm[1]}` : null;
  };
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const charged = new Map<number, string>();
  const chargeOf = (id: number): string => {
    const known = charged.get(id);
    if (known) return known;
    const { url, functionName } = byId.get(id)!.callFrame;
    const p = parent.get(id);
    const b = functionName === '(idle)' ? '' : functionName === '(garbage collector)' ? 'garbage collection' : (own(url) ?? (p === undefined ? 'Node and V8, no project frame on the stack' : chargeOf(p)));
    charged.set(id, b);
    return b;
  };
  const us = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const b = chargeOf(id);
    if (b) us.set(b, (us.get(b) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...us].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([b, t]) => `    ${(t / 1000 / requests).toFixed(3)} ms  ${b}`);
}

const N = Number(process.argv[2] ?? 300);
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Sent {
  sql: string;
  statements: number;
  ms: number;
}
const sent: Sent[] = [];
let counting = false;
// Every query of every pool goes through Client.prototype.query: wrap it once, before any pool exists.
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  if (!counting) return original.apply(this, args);
  const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const t0 = performance.now();
  const note = () => sent.push({ sql: sql.replace(/\s+/g, ' ').replace(/\(\d.*/, '(…)').slice(0, 70), statements: sql.split(';').filter((s) => s.trim()).length, ms: performance.now() - t0 });
  // pg.Pool#query passes a callback; client.query without one returns a promise.
  const cb = args.findIndex((a) => typeof a === 'function');
  if (cb >= 0) {
    const f = args[cb] as (...r: unknown[]) => void;
    args[cb] = (...r: unknown[]) => {
      note();
      f(...r);
    };
    return original.apply(this, args);
  }
  const out = original.apply(this, args);
  if (out instanceof Promise) void out.then(note, () => undefined);
  return out;
};

const server = await startPostgres();
try {
  const url = await server.createDatabase('profile');
  const store = await openPostgresStore({ url, poolSize: 10 });
  await store.migrate();
  const trust = await openTrust({ url });
  const bus = await createPgBus(url, { appendsAnnounced: true });
  const app = await buildApp({ store, bus, auth: { trust, rateLimit: false } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const backend = Number((await admin.query('SELECT pg_backend_pid() AS p')).rows[0].p);
  const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const counters = async () => {
    const [d] = (await admin.query('SELECT xact_commit::int AS commits FROM pg_stat_database WHERE datname = current_database()')).rows as { commits: number }[];
    const [w] = (await admin.query("SELECT coalesce(sum(fsyncs), 0)::int AS fsyncs, coalesce(sum(writes), 0)::int AS writes FROM pg_stat_io WHERE object = 'wal'")).rows as { fsyncs: number; writes: number }[];
    return { commits: d!.commits, fsyncs: w!.fsyncs, writes: w!.writes };
  };
  try {
    await trust.auth.addUser({ username: 'medic-p', password: 'correct horse battery staple', role: 'medic', units: ['1-coy'] });
    const token = await login(base, 'medic-p', 'correct horse battery staple');
    const [cid] = await register(base, token, '1-coy', 1);
    const post = async () => {
      const r = await fetch(`${base}/api/casualties/${cid}/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: 'profile' } }] }),
      });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`POST ${r.status}`);
    };
    for (let i = 0; i < 50; i++) await post(); // warm up (JIT, session cache)

    // --- 1 client
    await new Promise((ok) => setTimeout(ok, 1200)); // stats are flushed by each backend at most once a second
    const c0 = await counters();
    sent.length = 0;
    counting = true;
    const lat: number[] = [];
    const inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 1000 });
    await inspector.post('Profiler.start');
    const cpu0 = { node: ownCpuMs(), pg: childrenCpuMs(postmaster) };
    const t0 = performance.now();
    if (process.env.PROFILE_MARKS) console.log(`mark start ${process.hrtime.bigint() / 1000n}`);
    for (let i = 0; i < N; i++) {
      const s = performance.now();
      await post();
      lat.push(performance.now() - s);
    }
    const wall = performance.now() - t0;
    if (process.env.PROFILE_MARKS) console.log(`mark end ${process.hrtime.bigint() / 1000n}`);
    const cpu = { node: ownCpuMs() - cpu0.node, pg: childrenCpuMs(postmaster) - cpu0.pg };
    const { profile } = (await inspector.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    inspector.disconnect();
    counting = false;
    await new Promise((ok) => setTimeout(ok, 1200));
    const c1 = await counters();
    const byKind = new Map<string, { n: number; statements: number; ms: number }>();
    for (const q of sent) {
      const k = byKind.get(q.sql) ?? { n: 0, statements: 0, ms: 0 };
      k.n++;
      k.statements += q.statements;
      k.ms += q.ms;
      byKind.set(q.sql, k);
    }
    const per = (x: number) => (x / N).toFixed(2);
    console.log(`PostgreSQL, 1 client, ${N} single-note POSTs: ${(N / (wall / 1000)).toFixed(0)} req/s, p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms`);
    console.log(`  per request: ${per(sent.length)} round trips, ${per(sent.reduce((a, q) => a + q.statements, 0))} statements, ${per(c1.commits - c0.commits - 2)} commits, ${per(c1.fsyncs - c0.fsyncs)} WAL fsyncs, ${per(c1.writes - c0.writes)} WAL writes`);
    console.log(`  per request: ${(wall / N).toFixed(2)} ms wall, ${(cpu.node / N).toFixed(2)} ms CPU in Node (server and client), ${(cpu.pg / N).toFixed(2)} ms CPU in PostgreSQL, ${(sent.reduce((a, q) => a + q.ms, 0) / N).toFixed(2)} ms summed in queries`);
    for (const [sql, k] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) console.log(`    ${per(k.n)} × ${(k.ms / k.n).toFixed(2)} ms  ${sql}`);
    console.log('  Node time a request by module (V8 samples, charged to the nearest project or npm frame; server, client and this bench share the process; a sample is wall time, so on a loaded machine it includes waiting for a core — compare the modules, not the sum with the CPU above):');
    for (const line of cpuSplit(profile, N)) console.log(line);
    // The baseline from the same run: one single-row INSERT per round trip, fsync'd, on the same database.
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query('CREATE TABLE raw_insert (id text PRIMARY KEY, body text NOT NULL)');
    const r0 = { node: ownCpuMs(), pg: childrenCpuMs(postmaster), t: performance.now() };
    for (let i = 0; i < N; i++) await raw.query('INSERT INTO raw_insert (id, body) VALUES ($1, $2)', [uuidv7(), '{"text":"raw"}']);
    const rawPer = { wall: (performance.now() - r0.t) / N, node: (ownCpuMs() - r0.node) / N, pg: (childrenCpuMs(postmaster) - r0.pg) / N };
    await raw.end();
    console.log(`  raw single-row INSERT, same database, same run: ${rawPer.wall.toFixed(2)} ms wall, ${rawPer.node.toFixed(2)} ms CPU in Node, ${rawPer.pg.toFixed(2)} ms CPU in PostgreSQL`);
    console.log(`  one POST / one raw INSERT: wall ${(wall / N / rawPer.wall).toFixed(1)}x, PostgreSQL CPU ${(cpu.pg / N / rawPer.pg).toFixed(1)}x, Node CPU ${(cpu.node / N / rawPer.node).toFixed(1)}x   (goal: the API at >= 0.5x raw's rate, i.e. wall <= 2.0x ${wall / N / rawPer.wall <= 2 ? 'PASS' : 'FAIL'})`);

    // --- 8 clients: commits shared, and what the backends wait on
    const waits = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      const s = new pg.Client({ connectionString: url });
      await s.connect();
      while (sampling) {
        const r = await s.query("SELECT coalesce(wait_event_type || ':' || wait_event, 'running') AS w, state, left(regexp_replace(regexp_replace(query, '\\s+', ' ', 'g'), '\\(\\d.*', '(…)'), 40) AS q FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'");
        for (const row of r.rows as { w: string; state: string; q: string }[]) {
          const k = row.state === 'idle in transaction' ? `idle in transaction after "${row.q}"` : `${row.w} in "${row.q}"`;
          waits.set(k, (waits.get(k) ?? 0) + 1);
        }
        await new Promise((ok) => setTimeout(ok, 2));
      }
      await s.end();
    })();
    const d0 = await counters();
    const lat8: number[] = [];
    const end = performance.now() + 5000;
    const e0 = { node: ownCpuMs(), pg: childrenCpuMs(postmaster) };
    const s0 = performance.now();
    let done = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        await post();
        lat8.push(performance.now() - s);
        done++;
      }
    }));
    const wall8 = performance.now() - s0;
    const e8 = { node: ownCpuMs() - e0.node, pg: childrenCpuMs(postmaster) - e0.pg };
    sampling = false;
    await sampler;
    await new Promise((ok) => setTimeout(ok, 1200));
    const d1 = await counters();
    console.log(`PostgreSQL, 8 clients: ${(done / (wall8 / 1000)).toFixed(0)} req/s, p50 ${pct(lat8, 0.5).toFixed(1)} ms, p99 ${pct(lat8, 0.99).toFixed(1)} ms`);
    console.log(`  CPU: Node ${((100 * e8.node) / wall8).toFixed(0)} % of one core (${(e8.node / done).toFixed(2)} ms a request), PostgreSQL ${((100 * e8.pg) / wall8).toFixed(0)} % (${(e8.pg / done).toFixed(2)} ms a request), of 2 cores shared with everything else on the machine`);
    console.log(`  per request: ${((d1.commits - d0.commits) / done).toFixed(2)} commits, ${((d1.fsyncs - d0.fsyncs) / done).toFixed(2)} WAL fsyncs`);
    const total = [...waits.values()].reduce((a, b) => a + b, 0);
    console.log(`  backends not idle, by what they wait on (${total} samples):`);
    for (const [w, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${((100 * n) / total).toFixed(0).padStart(3)} %  ${w}`);
  } finally {
    await admin.end();
    await app.close();
    await bus.close();
    await trust.close();
    await store.close();
  }
} finally {
  await server.stop();
}
