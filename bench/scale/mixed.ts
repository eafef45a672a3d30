// The mixed run of issue 16 (`npm run bench:scale -- mixed [seconds=600] [sqlite|postgres|postgres2|both|all]
// [checkout…]`): 50 medics each posting one note every 2 s (25 connections at one note a second), 5 consoles each
// loading a list or the plan every second, and 200 live streams, all at once for the whole run, auth on.
// Three processes besides the database, so that no client shares the server's event loop (the first version ran
// the server, autocannon and the 200 SSE parsers in one process, and its p99 measured that loop):
//  - the server(s), as `serve` runs them (bench/scale/server.ts); `postgres2`: two server processes on one
//    PostgreSQL, medics, consoles and streams dealt round-robin across the two ports;
//  - the 200 stream readers (bench/scale/mixed-readers.ts), which report delivery latency and exact per-stream counts;
//  - this process: autocannon for the medics and consoles (~30 requests a second).
// Reported: POST and console p50/p99 (every response's time, all instances together) and errors; stream delivery
// p50/p99 and second copies; lost events (acknowledged, 200, but missing from the log read back through the store
// after the servers stopped, or missing from any one stream); the server's event-loop delay and GC pauses; the CPU
// of each process, PostgreSQL's and the whole machine's (others' work included) against the 2 cores, and which side
// saturated. Each goal is printed with PASS/FAIL.
// GH_BENCH_TRACE=<dir>: each POST's time cut into the way in, the server and the way back, joined by note id with
// the server's own trace (bench/scale/trace.ts, trace-report.ts). The medics' arrivals (bench/scale/arrivals.ts):
// by default independent medics (`poisson`: each its own connection, exponential gaps at the mean rate, seeded by
// GH_MIXED_SEED); GH_MIXED_ARRIVALS=jitter (random phase, gaps ±50 %); GH_MIXED_BURST=1 (the stress mode and the
// default before session 18: autocannon fires every connection in the same turn each second); GH_MIXED_SPREAD=1
// (evenly staggered phases). The mode is printed with the run. GH_MIXED_TRIVIAL=1: the medics ask
// GET /api/health instead of posting (a baseline: what the harness and the machine alone make of the same rhythm).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import type { Arrivals } from './arrivals.ts';
import { arrivalsFrom, medicSchedule, seeded } from './arrivals.ts';
import { childrenCpuMs, cpuMsOf, pct, register } from './drive.ts';
import { wall } from './trace.ts';
import type { ClientTrace } from './trace-report.ts';
import { traceReport } from './trace-report.ts';

/** Event-loop delay and GC pauses of one server process over the run (bench/scale/server.ts `loop`). */
export interface LoopStats {
  p50: number; p99: number; max: number;
  /** The main thread's CPU between two 5 ms ticks (ms): its longest runs of work, not lengthened by others' load. */
  heldP99?: number; heldMax?: number;
  /** The loop's delay less the main thread's wait for a core (ms): what the process itself held the loop for. */
  netP99?: number; netMax?: number;
  gcCount: number; gcMs: number; gcMaxMs: number; gcMajor?: number; gcMajorMaxMs?: number; heapMiB?: number;
}
export interface MixedServer { base: string; pid: number; loop(): Promise<LoopStats | null> }
export interface MixedTarget {
  servers: MixedServer[];
  /** PostgreSQL's postmaster (its children's CPU is PostgreSQL's), or null on SQLite. */
  postmaster: number | null;
  users(role: 'medic' | 'dispatcher', n: number, extra?: { units?: string[] }): Promise<string[]>;
  /** Stop the servers, then read the log back through the store: the ids of the run's notes. */
  stopAndRead(): Promise<Set<string>>;
}
export interface MixedResult { postP50: number; postP99: number; readP50: number; readP99: number; deliveryP99: number; errors: number; lost: number; loopP99: number; loopMax: number; netP99: number; netMax: number; heldP99: number; heldMax: number; gcMaxMs: number }

// GH_MIXED_MEDICS / GH_MIXED_CONSOLES / GH_MIXED_STREAMS=<n>: one part of the load changed at a time (where a
// POST's wait comes from: 1 medic against 25 connections, 0 streams against 200, 0 consoles against 5).
const knob = (name: string, dflt: number) => (process.env[name] === undefined ? dflt : Number(process.env[name]));
const MEDIC_CONNECTIONS = knob('GH_MIXED_MEDICS', 25); // 50 medics, a note every 2 s each
const MEDIC_USERS = 5;
const CONSOLES = knob('GH_MIXED_CONSOLES', 5);
const STREAMS = knob('GH_MIXED_STREAMS', 200);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
/** The medics' arrival model of this run (printed with every run and table). */
export const ARRIVALS: Arrivals = arrivalsFrom(process.env);
const SEED = knob('GH_MIXED_SEED', 16);
const ARRIVALS_TEXT = {
  poisson: `poisson (independent medics: each its own connection, exponential gaps of 2 s on average, seed ${SEED})`,
  jitter: `jitter (independent medics: each its own connection, a random phase, gaps 1-3 s, seed ${SEED})`,
  burst: 'burst (stress mode: every connection fires in the same turn each second)',
  spread: 'spread (each connection started 1/25 s after the one before)',
}[ARRIVALS];
const TRIVIAL = process.env.GH_MIXED_TRIVIAL === '1';
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Notes whose text starts with `mixed:` in the whole log (the run's own), read page by page. */
export async function stored(store: Store): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let after = 0; ; ) {
    const page = await store.eventsAfterIn(after, 5000, { all: true });
    for (const e of page.events) if (e.type === 'note' && String((e.payload as { text?: unknown }).text).startsWith('mixed:')) ids.add(e.id);
    if (page.scanned === 0) return ids;
    after = page.next;
  }
}

/** Busy and total CPU ms of the whole machine so far (/proc/stat), every process of every user. */
function machineMs(): { busy: number; all: number } {
  const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const all = t.reduce((a, b) => a + b, 0) * 10;
  return { busy: all - (t[3]! + t[4]!) * 10, all };
}

interface Readers { report(want: string[]): Promise<{ deliveries: number; events: number; unasked: number; twice: number; missing: number; missingPairs: number; p50: number; p99: number; max: number; cpuMs: number }>; pid: number }

async function readers(bases: string[], tokens: string[]): Promise<Readers> {
  // No readers' process: pid 0 reads 0 CPU.
  if (STREAMS === 0) return { pid: 0, report: async () => ({ deliveries: 0, events: 0, unasked: 0, twice: 0, missing: 0, missingPairs: 0, p50: NaN, p99: NaN, max: NaN, cpuMs: 0 }) };
  const proc = spawn(process.execPath, [join(HERE, 'mixed-readers.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const next = async <T>(key: string): Promise<T> => {
    for (;;) {
      const l = await lines.next();
      if (l.done) throw new Error(`stream readers ended before answering ${key}`);
      if (l.value.startsWith(`{"${key}"`)) return (JSON.parse(l.value) as Record<string, T>)[key]!;
    }
  };
  proc.stdin!.write(`${JSON.stringify({ bases, tokens, streams: STREAMS })}\n`);
  await next<number>('open');
  return {
    pid: proc.pid!,
    report: (want) => {
      proc.stdin!.write(`${JSON.stringify({ want, waitMs: 60_000 })}\n`);
      return next('report');
    },
  };
}

/** One autocannon instance; every response's time (ms) is pushed to `times`. */
function cannon(opts: autocannon.Options, times: number[]): Promise<autocannon.Result> {
  // Without a callback autocannon answers its tracker (an EventEmitter) made thenable; its types say only Promise.
  const run = autocannon(opts) as Promise<autocannon.Result> & { on(e: 'response', f: (c: unknown, status: number, bytes: number, ms: number) => void): void };
  run.on('response', (_c, _status, _bytes, ms) => times.push(ms));
  return run;
}

/** One medic's note to a random casualty of `cids`; what it acknowledged goes to `acked` (and the trace). */
function note(cids: string[], acked: Set<string>, trace: ClientTrace | null): autocannon.Request {
  // GH_MIXED_TRIVIAL=1: the same connections and rhythm on GET /api/health (signed in: the token checked from the
  // cache; since session 18 a medic is not given the log head, so no read of it; no write, no audit, no fan-out):
  // the harness's and the machine's own latency.
  if (TRIVIAL) return { method: 'GET', path: '/api/health' };
  return {
    method: 'POST',
    setupRequest: (req) => {
      const id = uuidv7();
      trace?.sent.set(id, wall());
      return {
        ...req, path: `/api/casualties/${cids[Math.floor(Math.random() * cids.length)]}/events`, headers: { ...req.headers, 'x-bench-id': id },
        body: JSON.stringify({ events: [{ id, type: 'note', at: new Date().toISOString(), payload: { text: `mixed:${Date.now()}` } }] }),
      };
    },
    onResponse: (status, body) => {
      const at = wall();
      if (status !== 200) return;
      for (const r of (JSON.parse(body) as { results: { id: string }[] }).results) {
        acked.add(r.id);
        trace?.received.set(r.id, at);
      }
    },
  };
}

/** What a medics' or consoles' run sent: requests, and those that failed (error, non-2xx, timeout). */
interface Sent { total: number; failed: number; late?: number }
const sentOf = (r: autocannon.Result): Sent => ({ total: r.requests.total, failed: r.errors + r.non2xx + r.timeouts });

/** One HTTP exchange on `agent`'s one socket: the status and body, or the error (10 s timeout, as autocannon's). */
function exchange(agent: Agent, url: string, method: string, headers: Record<string, string>, body: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body === null ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/**
 * Independent medics (`poisson`, `jitter`): 2 × MEDIC_CONNECTIONS medics, each on its own keep-alive connection
 * (a phone), posting at the times of its seeded schedule. A response's time is from its send to its last byte, as
 * autocannon's; a note due while the medic's previous one is unanswered leaves when it is answered (counted in
 * `late`: with 2 s gaps and ms answers, none is expected).
 */
async function independentMedics(mode: 'poisson' | 'jitter', bases: string[], tokens: string[], cids: string[], seconds: number, times: number[], acked: Set<string>, trace: ClientTrace | null): Promise<Sent> {
  const medics = 2 * MEDIC_CONNECTIONS;
  const schedule = medicSchedule(mode, medics, 2000, seconds * 1000, seeded(SEED));
  const pick = seeded(SEED + 1); // casualties, apart from the schedule's draws
  const out = { total: 0, failed: 0, late: 0 };
  const t0 = performance.now();
  await Promise.all(schedule.map(async (sends, k) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % tokens.length]!}`, 'x-bench-id': '' };
    try {
      for (const at of sends) {
        const wait = t0 + at - performance.now();
        if (wait > 0) await delay(wait);
        else if (wait < -1) out.late++;
        const id = uuidv7();
        const url = `${bases[k % bases.length]!}${TRIVIAL ? '/api/health' : `/api/casualties/${cids[Math.floor(pick() * cids.length)]}/events`}`;
        const body = TRIVIAL ? null : JSON.stringify({ events: [{ id, type: 'note', at: new Date().toISOString(), payload: { text: `mixed:${Date.now()}` } }] });
        out.total++;
        trace?.sent.set(id, wall());
        const sent = performance.now();
        try {
          const r = await exchange(agent, url, TRIVIAL ? 'GET' : 'POST', { ...headers, 'x-bench-id': id }, body);
          const at2 = wall();
          times.push(performance.now() - sent);
          if (r.status < 200 || r.status > 299) out.failed++;
          else if (!TRIVIAL && r.status === 200)
            for (const x of (JSON.parse(r.body) as { results: { id: string }[] }).results) {
              acked.add(x.id);
              trace?.received.set(x.id, at2);
            }
        } catch {
          out.failed++;
        }
      }
    } finally {
      agent.destroy();
    }
  }));
  return out;
}

function medicRuns(bases: string[], tokens: string[], cids: string[], seconds: number, times: number[], acked: Set<string>, trace: ClientTrace | null): Promise<Sent>[] {
  if (ARRIVALS === 'poisson' || ARRIVALS === 'jitter') return [independentMedics(ARRIVALS, bases, tokens, cids, seconds, times, acked, trace)];
  const groups = new Map<string, { base: string; token: string; n: number }>();
  for (let k = 0; k < MEDIC_CONNECTIONS; k++) {
    const [base, token] = [bases[k % bases.length]!, tokens[k % tokens.length]!];
    const g = groups.get(`${base} ${token}`) ?? { base, token, n: 0 };
    g.n++;
    groups.set(`${base} ${token}`, g);
  }
  // `spread`: each medic its own connection started 1/25 s after the one before, so that the notes arrive
  // spread over each second as independent medics' would. Without it, autocannon starts every connection's
  // one-a-second timer in the same turn: the 25 notes leave together, a burst every second.
  if (ARRIVALS === 'spread')
    return Array.from({ length: MEDIC_CONNECTIONS }, (_, k) => delay((k * 1000) / MEDIC_CONNECTIONS).then(() => cannon({
      url: bases[k % bases.length]!, connections: 1, connectionRate: 1, duration: seconds,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % tokens.length]!}` },
      requests: [note(cids, acked, trace)],
    }, times)).then(sentOf));
  return [...groups.values()].map((g) => cannon({
    url: g.base, connections: g.n, connectionRate: 1, duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${g.token}` },
    requests: [note(cids, acked, trace)],
  }, times).then(sentOf));
}

/** Each console reads once a second; its phase: 0 (burst), i/5 s (spread), or random (seeded) for independent screens. */
function consoleRuns(bases: string[], token: string, seconds: number, times: number[]): Promise<Sent>[] {
  const phase = seeded(SEED + 2);
  const phaseMs = (i: number) => (ARRIVALS === 'burst' ? 0 : ARRIVALS === 'spread' ? (i * 1000) / CONSOLES : 1000 * phase());
  return Array.from({ length: CONSOLES }, (_, i) => delay(phaseMs(i)).then(() => cannon({
    url: bases[i % bases.length]!, connections: 1, connectionRate: 1, duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      { method: 'GET', path: '/api/casualties?status=open' },
      { method: 'GET', path: '/api/evacuations' },
      { method: 'GET', path: '/api/dispatch/plan' },
      { method: 'GET', path: '/api/casualties?facility=r2-a' },
    ],
  }, times)).then(sentOf));
}

const failures = (rs: Sent[]) => rs.reduce((a, r) => a + r.failed, 0);

/** CPU over the run: each process's share of one core, PostgreSQL's, the machine's, and which side saturated. */
function cpuReport(seconds: number, cpu: { servers: number[]; readers: number; self: number; pg: number | null; machine: number }): void {
  const core = (ms: number) => (100 * ms) / (seconds * 1000);
  const ours = cpu.servers.reduce((a, b) => a + b, 0) + cpu.readers + cpu.self + (cpu.pg ?? 0);
  const cores = cpus().length;
  console.log(`  CPU, % of one core: server${cpu.servers.length > 1 ? 's' : ''} ${cpu.servers.map((ms) => f(core(ms), 0)).join(' + ')}, ` +
    `stream readers ${f(core(cpu.readers), 0)}, load generator ${f(core(cpu.self), 0)}${cpu.pg === null ? '' : `, PostgreSQL ${f(core(cpu.pg), 0)}`}; ` +
    `machine ${f(core(cpu.machine), 0)} of ${cores * 100} (others' work ${f(core(Math.max(0, cpu.machine - ours)), 0)})`);
  const saturated = [
    ...cpu.servers.map((ms, i) => [`server ${i + 1}`, ms] as const), ['stream readers', cpu.readers] as const, ['load generator', cpu.self] as const,
  ].filter(([, ms]) => core(ms) >= 85).map(([name]) => `${name} (one core)`);
  if (core(cpu.machine) >= 90 * cores) saturated.push(`the machine (${cores} cores)`);
  console.log(`  saturated: ${saturated.length ? saturated.join(', ') : 'nothing (every process below 85 % of a core, the machine below 90 %)'}`);
}

export async function mixedRun(label: string, t: MixedTarget, seconds: number): Promise<MixedResult> {
  const bases = t.servers.map((s) => s.base);
  const medicTokens = await t.users('medic', MEDIC_USERS, { units: ['1-coy'] });
  const [dispatcher] = await t.users('dispatcher', 1);
  const cids = await register(bases[0]!, medicTokens[0]!, '1-coy', 200);
  const reading = await readers(bases, await t.users('dispatcher', Math.ceil(STREAMS / 4)));
  await Promise.all(t.servers.map((s) => s.loop())); // from here on
  // GH_CPU_PROFILE=<file>: a V8 CPU profile of the (first) server over the run, written when it stops (server.ts).
  // GH_HEAP_PROFILE=<file>: its sampling heap profile as well (what allocates: the GC pauses' cause).
  if (process.env.GH_CPU_PROFILE || process.env.GH_HEAP_PROFILE) process.kill(t.servers[0]!.pid, 'SIGUSR2');
  const load0 = loadavg()[0]!;
  const self = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const cpu0 = { servers: t.servers.map((s) => cpuMsOf(s.pid)), readers: cpuMsOf(reading.pid), self: self(), pg: t.postmaster ? childrenCpuMs(t.postmaster) : null, machine: machineMs().busy };
  const acked = new Set<string>();
  const trace: ClientTrace | null = process.env.GH_BENCH_TRACE ? { sent: new Map(), received: new Map() } : null;
  const postTimes: number[] = [];
  const readTimes: number[] = [];
  const [posts, reads] = await Promise.all([Promise.all(medicRuns(bases, medicTokens, cids, seconds, postTimes, acked, trace)), Promise.all(consoleRuns(bases, dispatcher!, seconds, readTimes))]);
  const cpu = {
    servers: t.servers.map((s, i) => cpuMsOf(s.pid) - cpu0.servers[i]!), readers: cpuMsOf(reading.pid) - cpu0.readers, self: self() - cpu0.self,
    pg: t.postmaster ? childrenCpuMs(t.postmaster) - cpu0.pg! : null, machine: machineMs().busy - cpu0.machine,
  };
  const loops = await Promise.all(t.servers.map((s) => s.loop()));
  const load1 = loadavg()[0]!;
  const streams = await reading.report([...acked]);
  const inLog = await t.stopAndRead();
  const lostInLog = [...acked].filter((id) => !inLog.has(id)).length;
  if (trace && trace.received.size) traceReport(process.env.GH_BENCH_TRACE!, t.servers.map((s) => s.pid), trace);
  const n = posts.reduce((a, r) => a + r.total, 0);
  const late = posts.reduce((a, r) => a + (r.late ?? 0), 0);
  const [errors, readErrors] = [failures(posts), failures(reads)];
  const r: MixedResult = {
    postP50: pct(postTimes, 0.5), postP99: pct(postTimes, 0.99), readP50: pct(readTimes, 0.5), readP99: pct(readTimes, 0.99), deliveryP99: streams.p99,
    errors: errors + readErrors, lost: lostInLog + streams.missing,
    loopP99: Math.max(...loops.map((l) => l?.p99 ?? NaN)), loopMax: Math.max(...loops.map((l) => l?.max ?? NaN)),
    netP99: Math.max(...loops.map((l) => l?.netP99 ?? NaN)), netMax: Math.max(...loops.map((l) => l?.netMax ?? NaN)),
    heldP99: Math.max(...loops.map((l) => l?.heldP99 ?? NaN)), heldMax: Math.max(...loops.map((l) => l?.heldMax ?? NaN)), gcMaxMs: Math.max(...loops.map((l) => l?.gcMaxMs ?? NaN)),
  };
  console.log(`${label}: ${seconds} s, ${MEDIC_CONNECTIONS * 2} medics (${ARRIVALS === 'poisson' || ARRIVALS === 'jitter' ? `${MEDIC_CONNECTIONS * 2} connections, a note every 2 s each on average` : `${MEDIC_CONNECTIONS} connections, a note a second each`}), ${CONSOLES} consoles (a read a second each), ${STREAMS} streams, ${t.servers.length} server process${t.servers.length > 1 ? 'es' : ''}; load average ${f(load0, 2)} at start, ${f(load1, 2)} at end`);
  console.log(`  arrivals: ${ARRIVALS_TEXT}${late ? `; ${late} notes left late, behind the same medic's unanswered one` : ''}`);
  console.log(`  medics' POST: ${n} requests, ${acked.size} acknowledged, p50 ${f(r.postP50)} ms, p99 ${f(r.postP99)} ms, errors ${errors}`);
  console.log(`  consoles: ${readTimes.length} requests, p50 ${f(r.readP50)} ms, p99 ${f(r.readP99)} ms, errors ${readErrors}`);
  console.log(`  streams (own process): ${streams.deliveries} deliveries of ${streams.events} events (${streams.unasked} written but not counted by the load generator: in flight when it stopped; ${streams.twice} second copies to the same stream), p50 ${f(streams.p50, 0)} ms, p99 ${f(streams.p99, 0)} ms, max ${f(streams.max, 0)} ms`);
  for (const [i, l] of loops.entries())
    console.log(`  server ${i + 1}: ${l ? `event-loop delay p50 ${f(l.p50)} ms, p99 ${f(l.p99)} ms, max ${f(l.max)} ms; less the wait for a core p99 ${f(l.netP99 ?? NaN)} ms, max ${f(l.netMax ?? NaN)} ms; main-thread CPU between 5 ms ticks p99 ${f(l.heldP99 ?? NaN)} ms, max ${f(l.heldMax ?? NaN)} ms; ` +
      `GC ${l.gcCount} pauses, ${f(l.gcMs, 0)} ms in all, longest ${f(l.gcMaxMs)} ms (${l.gcMajor ?? '?'} major, longest ${f(l.gcMajorMaxMs ?? NaN)} ms); heap ${f(l.heapMiB ?? NaN, 0)} MiB` : 'no loop figures (an older harness)'}`);
  cpuReport(seconds, cpu);
  console.log(`  lost: ${lostInLog} acknowledged but not in the log (read back through the store after the server stopped), ${streams.missing} acknowledged but missing from at least one of the ${STREAMS} streams after 60 s (${streams.missingPairs} event × stream pairs)`);
  console.log(`  goal POST p99 <= 50 ms: ${f(r.postP99)} ms ${ok(r.postP99 <= 50)}`);
  console.log(`  goal console reads p99 <= 50 ms: ${f(r.readP99)} ms ${ok(r.readP99 <= 50)}`);
  console.log(`  goal 0 errors (POST and reads): ${r.errors} ${ok(r.errors === 0)}`);
  console.log(`  goal 0 lost (log and every stream): ${r.lost} ${ok(r.lost === 0)}`);
  console.log(`  goal every acknowledged POST answered 200 (${acked.size}/${n}): ${ok(acked.size === n)}`);
  return r;
}
