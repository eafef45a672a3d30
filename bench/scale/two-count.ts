// `node bench/scale/two-count.ts [seconds=5] [checkout]`: what one and two server processes spend a request, counted,
// with nothing else on the database (no wait sampler). Both processes are warmed first (JIT), then: an idle spell
// (the CPU a process and PostgreSQL spend a second with no request: it is charged to every request of a slower run),
// one process with 8 connections, two with 4 each. For each: server, PostgreSQL and load-generator CPU a request,
// transactions committed a request, and pg_stat_statements calls a request by statement (track = all: the
// statements inside the append procedure too).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../src/core/index.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { cpuMeter, login, medics, postmasterOf, register, statementsClient, trackStatements, xactsOf } from './drive.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const HERE = fileURLToPath(new URL('../..', import.meta.url));
const ROOT = process.argv[3] ?? HERE;
const f = (x: number, d = 2) => x.toFixed(d);

function child(url: string): Promise<{ base: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(HERE, 'bench/scale/server.ts'), url], {
    stdio: ['pipe', 'pipe', 'inherit'], env: ROOT === HERE ? process.env : { ...process.env, GH_BENCH_ROOT: ROOT },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"base"'));
      if (line) resolve({ base: (JSON.parse(line) as { base: string }).base, proc });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

const server = await startPostgres();
try {
  await trackStatements(server);
  const url = await server.createDatabase('twocount');
  const stats = await statementsClient(url);
  const one = await child(url); // migrates
  const two = await child(url);
  const trust = await openTrust({ url });
  const username = `medic-${uuidv7().slice(-8)}`;
  await trust.auth.addUser({ username, password: 'correct horse battery staple', role: 'medic', units: ['1-coy'] });
  const medic = await login(one.base, username, 'correct horse battery staple');
  const cids = await register(one.base, medic, '1-coy', 32);
  await medics([one.base], medic, cids, 8, 2);
  await medics([two.base], medic, cids, 8, 2);
  const postmaster = await postmasterOf(url);
  const pids = [one.proc.pid!, two.proc.pid!];
  const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

  const measure = async (label: string, run: () => Promise<number>) => {
    await sleep(1100); // backends flush their counters at most once a second
    await stats.query('SELECT pg_stat_statements_reset()');
    const x0 = await xactsOf(url);
    // WAL fsyncs: pg_stat_io (PostgreSQL 18), else pg_stat_wal (16, 17).
    // By who flushed (18): a client backend for its own synchronous commit (the mark), the WAL writer for the
    // asynchronous ones (the split append and wake-up) when none covered them.
    const wal = async () => (await stats.query(
      `SELECT (SELECT coalesce(sum(fsyncs), 0)::int FROM pg_stat_io WHERE object = 'wal') AS s, (SELECT wal_records::int FROM pg_stat_wal) AS r,
        (SELECT coalesce(sum(fsyncs), 0)::int FROM pg_stat_io WHERE object = 'wal' AND backend_type = 'walwriter') AS ww`,
    ).catch(() => stats.query('SELECT wal_sync::int AS s, wal_records::int AS r, 0 AS ww FROM pg_stat_wal'))).rows[0] as { s: number; r: number; ww: number };
    const w0 = await wal();
    const meter = cpuMeter(pids, postmaster);
    const t0 = performance.now();
    const n = await run();
    const secs = (performance.now() - t0) / 1000;
    const cpu = meter();
    await sleep(1100);
    const x1 = await xactsOf(url);
    const w1 = await wal();
    const st = (await stats.query(
      `SELECT calls::int AS calls, total_exec_time AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 14`,
    )).rows as { calls: number; ms: number; q: string }[];
    const per = (x: number) => (n ? x / n : x / secs);
    const unit = n ? 'a request' : 'a second';
    console.log(`${label}: ${n ? `${Math.round(n / secs)} req/s, ` : ''}load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`  CPU ms ${unit}: servers ${cpu.servers.map((c) => f(per(c))).join(' + ')}, PostgreSQL ${f(per(cpu.pg))}, load generator ${f(per(cpu.self))}`);
    console.log(`  transactions committed ${unit}: ${f(per(x1.commits - x0.commits))} (the counters' own reads included: ~4 a run), rolled back ${f(per(x1.rollbacks - x0.rollbacks))}`);
    console.log(`  WAL fsyncs ${unit}: ${f(per(w1.s - w0.s))} (${f(per(w1.ww - w0.ww))} by the WAL writer), WAL records ${f(per(w1.r - w0.r), 1)}`);
    for (const s of st) console.log(`    ${f(per(s.calls)).padStart(7)} calls ${f(s.ms / Math.max(1, s.calls), 3)} ms each  ${s.q}`);
  };
  await measure('idle, 2 processes', async () => {
    await sleep(SECONDS * 1000);
    return 0;
  });
  const requests = async (bases: string[]) => {
    const r = await medics(bases, medic, cids, 8, SECONDS);
    return r.rate * SECONDS;
  };
  for (let round = 0; round < 2; round++) {
    await measure(`1 process, 8 connections (round ${round + 1})`, () => requests([one.base]));
    await measure(`2 processes, 4 connections each (round ${round + 1})`, () => requests([one.base, two.base]));
  }
  await trust.close();
  await stats.end();
  for (const p of [one.proc, two.proc]) {
    const gone = new Promise((ok) => p.once('exit', ok));
    p.kill('SIGTERM');
    await gone;
  }
} finally {
  await server.stop();
}
process.exit(0);
