// `node bench/scale/one-count.ts [seconds=5] [connections=1,8] [checkout…]`: what ONE server process spends a
// single-note POST on PostgreSQL, counted (issue 16, session 26), at each number of medic connections: server and
// PostgreSQL CPU a request (the database's own client backends, /proc), transactions and WAL fsyncs a request,
// appends a batch (the server's append counters), and PostgreSQL's execution time a request by statement
// (pg_stat_statements with track = all: the statements inside the append's CALL too; nested statements are counted
// inside the CALL's own time, which leaves out its commit), and a batch's share of the run against its CALL's
// execution and its WAL fsyncs (meaningful with one batch in flight: with two, a CALL's time includes its wait for the
// other's head lock and, split, its own mark's flush). No wait sampler, nothing else on the database. With
// checkouts named, each is served by this harness on its own database of the same server, taken in turns, twice.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../src/core/index.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { backendMeter, cpuMsOf, login, medics, postmasterOf, register, statementsClient, trackStatements, xactsOf } from './drive.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = (process.argv[3] ?? '1,8').split(',').map(Number);
const HERE = fileURLToPath(new URL('../..', import.meta.url));
const ROOTS = [HERE, ...process.argv.slice(4)];
const PASSWORD = 'correct horse battery staple';
const f = (x: number, d = 2) => x.toFixed(d);

interface Served { base: string; proc: ChildProcess; counters: () => Promise<{ batches: number; appends: number; split?: number }> }

function child(url: string, root: string): Promise<Served> {
  const proc = spawn(process.execPath, [join(HERE, 'bench/scale/server.ts'), url], {
    stdio: ['pipe', 'pipe', 'inherit'], env: root === HERE ? process.env : { ...process.env, GH_BENCH_ROOT: root },
  });
  let out = '';
  const waiters: ((line: string) => void)[] = [];
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{"base"')) {
          const counters = () => new Promise<string>((ok) => { waiters.push(ok); proc.stdin!.write('counters\n'); })
            .then((l) => (JSON.parse(l) as { counters: { batches: number; appends: number; split?: number } }).counters);
          resolve({ base: (JSON.parse(line) as { base: string }).base, proc, counters });
        } else if (line.startsWith('{"counters"')) waiters.shift()?.(line);
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const server = await startPostgres();
try {
  await trackStatements(server, ['track_wal_io_timing = on']);
  const setups = [];
  for (const [i, root] of ROOTS.entries()) {
    const url = await server.createDatabase(`onecount${i}`);
    const stats = await statementsClient(url);
    const srv = await child(url, root); // migrates
    const trust = await openTrust({ url });
    const username = `medic-${uuidv7().slice(-8)}`;
    await trust.auth.addUser({ username, password: PASSWORD, role: 'medic', units: ['1-coy'] });
    await trust.close();
    const medic = await login(srv.base, username, PASSWORD);
    const cids = await register(srv.base, medic, '1-coy', 32);
    await medics([srv.base], medic, cids, 8, 2); // JIT
    setups.push({ root, url, stats, srv, medic, cids });
  }
  const postmaster = await postmasterOf(setups[0]!.url);
  for (let round = 0; round < (ROOTS.length > 1 ? 2 : 1); round++) {
    for (const conns of CONNECTIONS) {
      for (const s of setups) {
        await sleep(1100); // backends flush their counters at most once a second
        await s.stats.query('SELECT pg_stat_statements_reset()');
        const x0 = await xactsOf(s.url);
        const wal = async () => (await s.stats.query(
          "SELECT coalesce(sum(fsyncs), 0)::int AS s, coalesce(sum(fsync_time), 0)::float8 AS ms FROM pg_stat_io WHERE object = 'wal'",
        )).rows[0] as { s: number; ms: number };
        const w0 = await wal();
        const k0 = await s.srv.counters();
        const meter = await backendMeter(s.url, postmaster);
        const c0 = cpuMsOf(s.srv.proc.pid!);
        const r = await medics([s.srv.base], s.medic, s.cids, conns, SECONDS);
        const cpu = cpuMsOf(s.srv.proc.pid!) - c0;
        const be = await meter.stop();
        const k1 = await s.srv.counters();
        await sleep(1100);
        const x1 = await xactsOf(s.url);
        const w1 = await wal();
        const n = r.rate * SECONDS;
        const batches = Math.max(1, k1.batches - k0.batches);
        const st = (await s.stats.query(
          `SELECT calls::int AS calls, total_exec_time AS ms, toplevel, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS q FROM pg_stat_statements
           WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 16`,
        )).rows as { calls: number; ms: number; toplevel: boolean; q: string }[];
        const name = s.root === HERE ? 'this checkout' : s.root;
        console.log(`${name}, ${conns} connection(s): ${Math.round(r.rate)} req/s, p99 ${r.p99} ms, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
        console.log(`  CPU ms a request: server ${f(cpu / n, 3)}, PostgreSQL (own backends) ${f(be.own / n, 3)}, its other processes ${f(be.shared / n, 3)}`);
        const call = st.find((x) => x.toplevel && x.q.startsWith('CALL gh_append'));
        console.log(`  a request: transactions ${f((x1.commits - x0.commits) / n)}, WAL fsyncs ${f((w1.s - w0.s) / n)}, appends a batch ${f((k1.appends - k0.appends) / batches)}, split ${f(((k1.split ?? 0) - (k0.split ?? 0)) / batches)} of batches`);
        // A batch's time (one at a time in flight: the run's time over its batches) against what PostgreSQL spent
        // executing its CALL (pg_stat_statements, the commit not included) and in WAL fsyncs (track_wal_io_timing).
        console.log(`  a batch: ${f((SECONDS * 1000) / batches, 3)} ms of the run; CALL executing ${f((call?.ms ?? 0) / batches, 3)} ms, WAL fsyncs ${f((w1.ms - w0.ms) / batches, 3)} ms (${f((w1.ms - w0.ms) / Math.max(1, w1.s - w0.s), 3)} ms each)`);
        for (const x of st) console.log(`    ${f(x.calls / n).padStart(6)} calls  ${f(x.ms / n, 4)} ms a request${x.toplevel ? ' (top)' : '        '}  ${x.q}`);
      }
    }
  }
  for (const s of setups) {
    await s.stats.end();
    const gone = new Promise((ok) => s.srv.proc.once('exit', ok));
    s.srv.proc.kill('SIGTERM');
    await gone;
  }
} finally {
  await server.stop();
}
process.exit(0);
