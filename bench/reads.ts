// `npm run bench:reads [sizes=100,10000]`: the read side at scale (issue 16 item 3). For each database and each size
// N, N casualties are recorded through the casualty log (a mixed operation: 60 % closed with an outcome, 10 % at a
// facility, 10 % assigned, 20 % waiting for a vehicle; every one with a 9-line, vitals, a tourniquet and notes),
// then a SEPARATE server process (auth on, as `serve` runs, with the V8 flags of `npm start`) answers, as an administrator:
//   GET /api/evacuations, GET /api/dispatch/plan, GET /api/stats
// each measured cold (first request, after a full collection so that it does not pay for the endpoint before it),
// warm (median of 5) and after a write (median of 5, one new event before each:
// new vitals of the most urgent open casualty, a write the plan must take in), with the answer's size and the serving
// process's peak RSS. "steady" is the median of 5 more after-write rounds once 10 have run (the planner's code warmed
// up, as in a server that has been planning for a while). Printed: the times at every size, the ratio
// largest/smallest, and each of issue 16's read goals with PASS/FAIL (each ≤ 3×, peak RSS ≤ 250 MiB; the peak is also
// printed as it stood after each endpoint, to show which one set it). Each request's CPU in the serving process is
// printed too, without a goal: on a shared machine it moves less than the wall clock. Then, once the peak is taken, the cold plan's
// parts are timed apart (issue 16 item 3) on a second, fresh store in the same process (warm code, nothing kept):
// read (the plan inputs), build (the planning view) and value (the optimiser). Runs on any revision that has
// buildApp, openTrust, processLog and the live planner's modules, so the old path can be measured with the same script.
// The server is built as `goldenhour serve` builds it: it makes the plan as it starts (`planAhead`; a revision
// without it ignores the option), and the measuring waits for that plan first (a server up for a moment), so "cold"
// is the first plan request, not the first plan. The cost moved to the start is printed beside: a fresh server whose
// first request is the plan, timed from building the app to the plan served ("from start to the first plan"). And
// what a plan costs when its time base moves (every 30 s in a server: plans are made as of one instant for up to
// 30 s, src/server/routes/dispatch.ts) — the clock moved 31 s three times after the steady rounds, nothing written;
// the server's timer that makes that plan ahead runs on the real clock, so here the request makes it — with how many
// time bases the rounds before it were made on (1: none of them paid for a new base). Then three more new bases with
// a timer-lag probe on the event loop and a health check due every 10 ms while the plan is made: the longest the loop
// was held, and how long a health check waited from when it was due (the plan thread: src/server/plan-worker.ts).
// The hour's figures too (/api/stats answers as of the hour's start): `serve` takes the hour under way as it starts
// (`figuresAhead`, src/accounting/hour.ts), and the measuring waits for them as for the start plan, so /api/stats'
// "cold" is its first request, not the hour's first figures. BENCH_FIGURES_AHEAD=0 builds the server without them:
// /api/stats' cold request then takes the hour's figures itself (what a revision before them did).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../src/core/index.ts';
import type { Store } from '../src/storage/port.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import { createMemoryBus } from '../src/storage/bus.ts';
import { processLog } from '../src/log/service.ts';
import { buildApp } from '../src/server/app.ts';
import { openTrust } from '../src/auth/trust.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { asPlanStates } from '../src/storage/read-side.ts';
import { liveState } from '../src/dispatch/live-state.ts';
import { PlanMemo } from '../src/dispatch/live-memo.ts';
import { makeOptimalPolicy } from '../src/dispatch/optimal.ts';

const ENDPOINTS = ['/api/evacuations', '/api/dispatch/plan', '/api/stats'] as const;
const REPEAT = 5;
type Target = { dataDir: string } | { url: string };
interface Measured {
  [url: string]: { cold: number; warm: number; afterWrite: number; steady: number; bytes: number; cpu?: { cold: number; warm: number; afterWrite: number; steady: number }; rebase?: { ms: number; cpu: number; bases: number; peakMiB?: number }; loop?: { blockMs: number; blockCpuMs: number; healthMaxMs: number; healthP50Ms: number; healths: number; planMs: number } };
}
const GOAL_RATIO = 3;
/** What the measuring process reports: the figures, its peak RSS, and its peak RSS once each endpoint was done. */
interface Child {
  results: Measured;
  maxRssMiB: number;
  peakAfter: Record<string, number>;
  /** The cold plan's parts (ms), timed apart after the peak was taken. */
  parts?: { read: number; build: number; value: number };
  /** A fresh server process whose first request is the plan: ms from building the app to the plan served. */
  firstPlan?: { startToPlan: number; request: number };
}
const GOAL_RSS_MIB = 250;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
/** As `serve`: the hour's figures taken as the server starts (unless BENCH_FIGURES_AHEAD=0; children inherit it). */
const FIGURES_AHEAD = process.env.BENCH_FIGURES_AHEAD !== '0';
const openTarget = (t: Target): Promise<Store> => ('url' in t ? openPostgresStore({ url: t.url, poolSize: 4 }) : openSqliteStore({ dataDir: t.dataDir }));

/** One casualty's log: its stage chosen by i (see the header). */
function casualtyEvents(i: number): unknown[] {
  const cid = uuidv7();
  const k = i % 10;
  const start = k >= 8 ? 20 + (i % 40) : 300 - (i % 240); // waiting: injured 20–60 min ago; the others 1–5 h ago
  const ev = (type: string, min: number, payload: object, extra: object = {}) => ({ id: uuidv7(), casualtyId: cid, type, at: ago(min), payload, ...extra });
  const fac = `r2-${i % 4}`;
  const lat = 48.5 + (i % 50) / 500;
  const lon = 37.8 + (i % 37) / 300;
  const out: unknown[] = [
    ev('registered', start, { injuredAt: ago(start), sex: 'male', status: 'military', unitId: `coy-${i % 20}`, position: { lat, lon } }, { id: cid }),
    ev('tourniquet.applied', start - 1, { limb: 'left-leg', tqType: 'CAT' }),
    ev('triage', start - 2, { triage: { system: 'NATO', category: ['T1', 'T2', 'T3'][i % 3] } }),
    ev('precedence', start - 2, { precedence: ['urgent', 'priority', 'routine'][i % 3] }),
    ev('vitals', start - 3, { pulse: 110 + (i % 30), rr: 22, sbp: 100, avpu: 'A' }),
    // The waiting ones deteriorate (a low RPM: worth a vehicle now).
    ev('note', start - 4, { text: `wound dressed, casualty ${i} ${'x'.repeat(120)}` }),
    ev('evac.requested', start - 5, { nineLine: { location: { lat, lon }, callSign: `S${i % 90}`, patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } }),
    ev('vitals', start - 8, k >= 8 ? { pulse: 145, rr: 8 + (i % 3), sbp: 80, avpu: k === 8 ? 'P' : 'V' } : { pulse: 100 + (i % 30), rr: 20, sbp: 105, avpu: 'A' }),
    ev('note', start - 9, { text: `reassessed ${'y'.repeat(120)}` }),
  ];
  if (k <= 7) out.push(ev('evac.assigned', start - 10, { vehicleId: `amb-${i % 8}`, facilityId: fac }));
  if (k <= 6) out.push(ev('pickup', start - 20, { vehicleId: `amb-${i % 8}` }), ev('arrival', start - 45, { facilityId: fac }));
  if (k <= 5) out.push(ev('outcome', Math.max(1, start - 60), { outcome: 'returned-to-duty', facilityId: fac }));
  return out;
}

async function seed(target: Target, n: number): Promise<void> {
  const store = await openTarget(target);
  try {
    await store.migrate();
    for (let i = 0; i < 4; i++)
      await store.putEntity('facility', { id: `r2-${i}`, name: `R2 ${i}`, role: 'R2', status: 'normal', intake: 'normal', position: { lat: 48.52 + i / 100, lon: 37.7 }, beds: 40, surgicalTables: 2 } as never);
    for (let i = 0; i < 8; i++)
      await store.putEntity('vehicle', { id: `amb-${i}`, kind: 'ambulance', status: 'available', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.58, lon: 37.83 + i / 100 } } as never);
    const log = processLog({ store, bus: createMemoryBus() }, 'bench');
    for (let i = 0; i < n; i += 50) await log.record(Array.from({ length: Math.min(50, n - i) }, (_, k) => casualtyEvents(i + k)).flat());
  } finally {
    await store.close();
  }
}

/** The child: serve from the seeded database and measure (the RSS is this process's only), then time the plan's parts. */
async function measure(target: Target): Promise<Child> {
  const served = await measureServed(target);
  // After the server's store is closed (SQLite's file is locked by one store at a time).
  return { ...served, parts: await coldPlanParts(target) };
}

async function measureServed(target: Target): Promise<Child> {
  const store = await openTarget(target);
  const trust = await openTrust(target);
  // The clock the server reads, moved by the bench to take the plan past its time base (see `rebase`).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs).toISOString();
  // As `goldenhour serve` runs: the plan is made as the server starts (a revision without the option ignores it).
  const app = await buildApp({ store, auth: { trust, rateLimit: false }, now, planAhead: true, figuresAhead: FIGURES_AHEAD });
  try {
    // A server that has been up a moment: its start plan made (the time that takes is measured apart: `firstPlan`),
    // from a collected heap, as each endpoint's cold request below starts from one.
    (globalThis as { gc?: () => void }).gc?.();
    await app.ready();
    await (app.ctx as { startPlan?: Promise<unknown> }).startPlan;
    await (app.ctx as { analystHour?: { started?: Promise<unknown> } }).analystHour?.started;
    const username = `bench-${uuidv7().slice(-6)}`;
    await trust.auth.addUser({ username, password: 'correct horse battery staple', role: 'admin', units: [] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct horse battery staple' } });
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    // The most urgent open request: its vitals move its RPM, so the plan must take the write in.
    const [first] = await store.evacuations({ status: 'open', limit: 1 });
    let writes = 0;
    /** The serving process's CPU (all its threads: the compiler's and the collector's too) while a request is served. */
    const cpuMs = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const computedAt = new Set<string>();
    const get = async (url: string): Promise<{ ms: number; cpu: number; bytes: number }> => {
      const [t0, c0] = [performance.now(), cpuMs()];
      const r = await app.inject({ method: 'GET', url, headers });
      const [ms, cpu] = [performance.now() - t0, cpuMs() - c0];
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      if (url === '/api/dispatch/plan') computedAt.add((r.json() as { computedAt: string }).computedAt);
      return { ms, cpu, bytes: r.rawPayload.length };
    };
    const write = async () => {
      const vitals = { pulse: 120 + (writes++ % 30), rr: 9 + (writes % 20), avpu: writes % 2 ? 'V' : 'P' };
      const r = await app.inject({ method: 'POST', url: `/api/casualties/${first!.id}/events`, headers, payload: { events: [{ id: uuidv7(), type: 'vitals', at: new Date().toISOString(), payload: vitals }] } });
      if (r.statusCode !== 200) throw new Error(`write: ${r.statusCode} ${r.body.slice(0, 200)}`);
    };
    const results: Measured = {};
    const peakAfter: Record<string, number> = {};
    for (const url of ENDPOINTS) {
      // Each endpoint's cold request starts from a collected heap: it does not pay for the previous endpoint's garbage.
      (globalThis as { gc?: () => void }).gc?.();
      const cold = await get(url);
      const warm: { ms: number; cpu: number }[] = [];
      for (let i = 0; i < REPEAT; i++) warm.push(await get(url));
      const afterWrite: { ms: number; cpu: number }[] = [];
      for (let i = 0; i < 3 * REPEAT; i++) {
        await write();
        afterWrite.push(await get(url));
      }
      const of = (k: 'ms' | 'cpu') => ({ cold: cold[k], warm: median(warm.map((x) => x[k])), afterWrite: median(afterWrite.slice(0, REPEAT).map((x) => x[k])), steady: median(afterWrite.slice(2 * REPEAT).map((x) => x[k])) });
      results[url] = { ...of('ms'), bytes: cold.bytes, cpu: of('cpu') };
      peakAfter[url] = process.resourceUsage().maxRSS / 1024;
    }
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    // Last, its peak RSS apart (three new bases raised it by 20-50 MiB, with or without the start plan, in a run
    // that printed it after each; the heap after a full collection was the same): how many time bases the plan rounds above were made on (1:
    // none of them paid for a new base), then what a plan costs when the base moves (every 30 s in a server): the
    // clock moved past it, nothing written (median of 3).
    const plan = '/api/dispatch/plan';
    const bases = computedAt.size;
    const rebase: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      offsetMs += 31_000;
      rebase.push(await get(plan));
    }
    results[plan]!.rebase = { ms: median(rebase.map((x) => x.ms)), cpu: median(rebase.map((x) => x.cpu)), bases, peakMiB: process.resourceUsage().maxRSS / 1024 };
    // What the rest of the server sees meanwhile: three more new bases, each with a timer-lag probe on the event loop
    // and a GET /api/health due every HEALTH_EVERY_MS while the plan is in flight (a console's poll, not a flood).
    const probed: LoopProbe[] = [];
    for (let i = 0; i < 3; i++) {
      offsetMs += 31_000;
      probed.push(await probeLoop(() => get(plan), () => app.inject({ method: 'GET', url: '/api/health', headers })));
    }
    results[plan]!.loop = { blockMs: Math.max(...probed.map((p) => p.blockMs)), blockCpuMs: Math.max(...probed.map((p) => p.blockCpuMs)), healthMaxMs: Math.max(...probed.map((p) => p.healthMaxMs)), healthP50Ms: median(probed.map((p) => p.healthP50Ms)), healths: probed.reduce((n, p) => n + p.healths, 0), planMs: median(probed.map((p) => p.planMs)) };
    return { results, maxRssMiB, peakAfter };
  } finally {
    await app.close();
    await trust.close();
    await store.close();
  }
}

const HEALTH_EVERY_MS = 10;
interface LoopProbe {
  /** The longest gap between two ticks of a 1 ms timer while the plan was in flight: how long the loop was held. */
  blockMs: number;
  /** The most CPU the main thread used between two ticks (the hold's own work, without its wait for a core: on a
   * shared machine a gap can be long while the thread only waits to be run). */
  blockCpuMs: number;
  /** A GET /api/health due every HEALTH_EVERY_MS meanwhile, each timed from when it was due (as a client that sent it
   * then would wait: a check due while the loop is held is sent when it is free): the longest and median, how many. */
  healthMaxMs: number;
  healthP50Ms: number;
  healths: number;
  planMs: number;
}

/** Runs `request` with a timer-lag probe on the event loop and a health check due every HEALTH_EVERY_MS until it ends. */
async function probeLoop(request: () => Promise<unknown>, health: () => Promise<{ statusCode: number }>): Promise<LoopProbe> {
  const times: number[] = [];
  const checks: Promise<void>[] = [];
  // The main thread's own CPU (process.threadCpuUsage, Node ≥ 23.9; a revision run on older Node prints NaN).
  const threadCpu = (): number => {
    const u = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage?.();
    return u ? (u.user + u.system) / 1000 : NaN;
  };
  let last = performance.now();
  let lastCpu = threadCpu();
  let blockMs = 0;
  let blockCpuMs = 0;
  let nextDue = last;
  const tick = (): void => {
    const [t, c] = [performance.now(), threadCpu()];
    blockMs = Math.max(blockMs, t - last);
    blockCpuMs = Math.max(blockCpuMs, c - lastCpu);
    [last, lastCpu] = [t, c];
    for (; nextDue <= t; nextDue += HEALTH_EVERY_MS) {
      const due = nextDue;
      checks.push(health().then((r) => {
        if (r.statusCode !== 200) throw new Error(`health: ${r.statusCode}`);
        times.push(performance.now() - due);
      }));
    }
  };
  const probe = setInterval(tick, 1);
  // The probe runs before the plan is asked for (a plan made in the request's first turn would hold it unseen).
  await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  try {
    await request();
  } finally {
    tick();
    clearInterval(probe);
  }
  const planMs = performance.now() - t0;
  await Promise.all(checks);
  return { blockMs, blockCpuMs, healthMaxMs: Math.max(...times), healthP50Ms: median(times), healths: times.length, planMs };
}

/** The cold plan's read, build and value, each timed on its own from a fresh store and an empty planner memory. */
async function coldPlanParts(target: Target): Promise<{ read: number; build: number; value: number }> {
  const store = await openTarget(target);
  try {
    const [vehicles, facilities] = [await store.listEntities('vehicle'), await store.listEntities('facility')];
    const now = new Date().toISOString();
    let t = performance.now();
    const casualties = asPlanStates(await store.planInputs());
    const read = performance.now() - t;
    const memo = new PlanMemo();
    const input = { casualties, vehicles, facilities, threats: [], now };
    t = performance.now();
    const { view } = liveState({ ...input, divert: true }, memo.deriver(input));
    const build = performance.now() - t;
    t = performance.now();
    makeOptimalPolicy({ delayMin: 60 }).plan(view, memo.scores);
    return { read, build, value: performance.now() - t };
  } finally {
    await store.close();
  }
}

/**
 * A fresh server whose first request is the plan (the token made beforehand): the cold plan's whole cost, wherever
 * the server pays it (on the request, or as it starts). Timed from building the app (the store already open); the
 * request's own part is timed from the app being ready.
 */
async function firstPlan(target: Target): Promise<{ startToPlan: number; request: number }> {
  const store = await openTarget(target);
  const trust = await openTrust(target);
  const username = `bench-${uuidv7().slice(-6)}`;
  await trust.auth.addUser({ username, password: 'correct horse battery staple', role: 'admin', units: [] });
  const { token } = await trust.auth.login(username, 'correct horse battery staple');
  const t0 = performance.now();
  const app = await buildApp({ store, auth: { trust, rateLimit: false }, planAhead: true, figuresAhead: FIGURES_AHEAD });
  try {
    await app.ready();
    const t1 = performance.now();
    const r = await app.inject({ method: 'GET', url: '/api/dispatch/plan', headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode !== 200) throw new Error(`plan: ${r.statusCode}`);
    const t2 = performance.now();
    return { startToPlan: t2 - t0, request: t2 - t1 };
  } finally {
    await app.close();
    await trust.close();
    await store.close();
  }
}

/**
 * The V8 flags `npm start` gives the server (package.json's start script: `node <flags> src/cli/main.ts serve`), so
 * the serving process is measured as it runs; a revision without any gets none.
 */
const SERVE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((w) => w.startsWith('--'));
})();

function runChild(target: Target, mode = '--measure'): Child {
  const r = spawnSync(process.execPath, ['--expose-gc', ...SERVE_FLAGS, fileURLToPath(import.meta.url), mode, JSON.stringify(target)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`measuring process failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Child;
}

/** Both children: the measuring one, then a fresh one for the time from start to the first plan. */
function runChildren(target: Target): Child {
  return { ...runChild(target), firstPlan: runChild(target, '--first-plan').firstPlan! };
}

function report(db: string, bySize: Map<number, Child>): void {
  const sizes = [...bySize.keys()];
  const lo = bySize.get(sizes[0]!)!;
  const hi = bySize.get(sizes[sizes.length - 1]!)!;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  for (const url of ENDPOINTS) {
    const cells = sizes.map((n) => {
      const m = bySize.get(n)!.results[url]!;
      return `N=${n}: cold ${m.cold.toFixed(1)} warm ${m.warm.toFixed(1)} after-write ${m.afterWrite.toFixed(1)} steady ${m.steady.toFixed(1)} ms, ${(m.bytes / 1024).toFixed(1)} KiB`;
    });
    console.log(`${db.padEnd(8)} ${url.padEnd(20)} ${cells.join(' | ')}`);
    for (const k of ['cold', 'warm', 'afterWrite', 'steady'] as const) {
      const ratio = hi.results[url]![k] / lo.results[url]![k];
      console.log(`${db.padEnd(8)}   goal: ${url} ${k} at N=${sizes[sizes.length - 1]} ≤ ${GOAL_RATIO}× N=${sizes[0]}: ${ratio.toFixed(2)}× ${verdict(ratio <= GOAL_RATIO)}`);
    }
    // The same requests in the serving process's CPU ms: steadier than the wall clock on a shared machine (no goal).
    const cpu = (n: number): string => {
      const c = bySize.get(n)!.results[url]!.cpu;
      return c ? `N=${n}: cold ${c.cold.toFixed(1)} warm ${c.warm.toFixed(1)} after-write ${c.afterWrite.toFixed(1)} steady ${c.steady.toFixed(1)}` : `N=${n}: not measured`;
    };
    console.log(`${db.padEnd(8)}   cpu ms (no goal): ${sizes.map(cpu).join(' | ')}`);
    const rb = (n: number) => bySize.get(n)!.results[url]!.rebase;
    if (rb(sizes[0]!) && rb(sizes[sizes.length - 1]!)) {
      const cells = sizes.map((n) => `N=${n}: ${rb(n)!.ms.toFixed(1)} ms (cpu ${rb(n)!.cpu.toFixed(1)}; the rounds above on ${rb(n)!.bases} time base${rb(n)!.bases === 1 ? '' : 's'}; peak RSS after ${rb(n)!.peakMiB?.toFixed(0) ?? '?'} MiB)`);
      console.log(`${db.padEnd(8)}   a new time base's plan, made on request (no goal; serve makes it ahead, by a timer, when consoles asked on the last base): ${cells.join(' | ')}, ${(rb(sizes[sizes.length - 1]!)!.ms / rb(sizes[0]!)!.ms).toFixed(2)}×`);
    }
    const lp = (n: number) => bySize.get(n)!.results[url]!.loop;
    if (sizes.every((n) => lp(n))) {
      const cells = sizes.map((n) => `N=${n}: loop held at most ${lp(n)!.blockMs.toFixed(1)} ms (the most main-thread CPU between two ticks ${lp(n)!.blockCpuMs.toFixed(1)} ms); health due every ${HEALTH_EVERY_MS} ms: ${lp(n)!.healths} answered, p50 ${lp(n)!.healthP50Ms.toFixed(1)} max ${lp(n)!.healthMaxMs.toFixed(1)} ms; plan ${lp(n)!.planMs.toFixed(1)} ms`);
      console.log(`${db.padEnd(8)}   while a new time base's plan is made (3 bases): ${cells.join(' | ')}`);
    }
  }
  const fp = (n: number) => bySize.get(n)!.firstPlan;
  if (sizes.every((n) => fp(n))) {
    const cells = sizes.map((n) => `N=${n}: ${fp(n)!.startToPlan.toFixed(1)} ms (its request ${fp(n)!.request.toFixed(1)})`);
    console.log(`${db.padEnd(8)} from start to the first plan served (fresh server, first request the plan; no goal): ${cells.join(' | ')}, ${(fp(sizes[sizes.length - 1]!)!.startToPlan / fp(sizes[0]!)!.startToPlan).toFixed(2)}×`);
  }
  console.log(`${db.padEnd(8)} serving process peak RSS: ${sizes.map((n) => `N=${n} ${bySize.get(n)!.maxRssMiB.toFixed(0)} MiB`).join(', ')}; at N=${sizes[sizes.length - 1]} after ${Object.entries(hi.peakAfter ?? {}).map(([u, m]) => `${u} ${m.toFixed(0)}`).join(', ')} MiB`);
  for (const n of sizes) {
    const p = bySize.get(n)!.parts;
    if (p) console.log(`${db.padEnd(8)} cold plan's parts at N=${n} (warm code, fresh store and memory): read ${p.read.toFixed(1)}, build ${p.build.toFixed(1)}, value ${p.value.toFixed(1)} ms`);
  }
  console.log(`${db.padEnd(8)}   goal: peak RSS at N=${sizes[sizes.length - 1]} ≤ ${GOAL_RSS_MIB} MiB: ${hi.maxRssMiB.toFixed(0)} MiB ${verdict(hi.maxRssMiB <= GOAL_RSS_MIB)}`);
}

if (process.argv[2] === '--measure') {
  console.log(JSON.stringify(await measure(JSON.parse(process.argv[3]!) as Target)));
} else if (process.argv[2] === '--first-plan') {
  console.log(JSON.stringify({ firstPlan: await firstPlan(JSON.parse(process.argv[3]!) as Target) }));
} else {
  const sizes = (process.argv[2] ?? '100,10000').split(',').map(Number);
  console.log(`reads at scale, auth on, admin caller; sizes ${sizes.join(', ')}; cold = first request, warm = median of ${REPEAT}, after-write = median of ${REPEAT} each after one new event; the serving process runs with npm start's flags: ${SERVE_FLAGS.join(' ') || '(none)'}; the hour's figures ${FIGURES_AHEAD ? 'taken as the server starts (as serve)' : 'taken by the first request (BENCH_FIGURES_AHEAD=0)'}`);
  const sqlite = new Map<number, Child>();
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'gh-bench-reads-'));
    try {
      await seed({ dataDir: dir }, n);
      sqlite.set(n, runChildren({ dataDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report('sqlite', sqlite);
  const server = await startPostgres();
  try {
    const pg = new Map<number, Child>();
    for (const n of sizes) {
      const url = await server.createDatabase(`reads${n}`);
      await seed({ url }, n);
      pg.set(n, runChildren({ url }));
    }
    report('postgres', pg);
  } finally {
    await server.stop();
  }
}
