// `npm run bench:scale-cpu [seconds=5] [sqlite|postgres] [connections=1,8] [checkout…]`: where the SERVER process's CPU goes
// for single-event POSTs, as `serve` runs them (auth on, its own process: bench/scale/server.ts), with the medics'
// load from this process (autocannon). For each number of connections, a fresh database and server: warm-up, then a
// V8 CPU profile of the server over the measured run. Printed per request: the server's CPU (user + system from
// /proc, what the goal "CPU per request" means), then the profile's time by function (self) and by project
// function (inclusive: the function and all it called), and by module (each sample charged to the nearest project
// or npm frame on its stack). A sample is wall time on a core: compare the lines with each other; the /proc figure
// is the CPU. With other checkouts named (e.g. the previous revision: `git archive <rev> | tar -x -C dir`, then link
// node_modules into dir), each of them is measured in turn with this one, twice, so that revisions are compared
// in the same minutes of a shared machine.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openTrust } from '../../src/auth/trust.ts';
import { uuidv7 } from '../../src/core/index.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { TICK_MS, cpuMsOf, login, medics, register } from './drive.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const DB = process.argv[3] ?? 'sqlite';
const CONNECTIONS = (process.argv[4] ?? '1,8').split(',').map(Number);
const OTHERS = process.argv.slice(5);
const HERE = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct horse battery staple';

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(HERE, '').replace(/^.*node_modules\//, 'npm:');
const moduleOf = (url: string): string | null => {
  const src = /\/(src|bench)\/([a-z-]+)\//.exec(url);
  if (src && !url.includes('node_modules')) return `${src[1]}/${src[2]}`;
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return npm ? `npm ${npm[1]}` : null;
};

/** Time a request (ms) by function (self), by project function (inclusive) and by module (nearest own frame). */
export function analyse(profile: CpuProfile, requests: number, top = 25): string[] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const modules = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(idle)') return;
    busy += us;
    self.set(name(id), (self.get(name(id)) ?? 0) + us);
    const seen = new Set<string>();
    let mod: string | null = fn === '(garbage collector)' ? 'garbage collection' : null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { url } = byId.get(at)!.callFrame;
      mod ??= moduleOf(url);
      if (url.includes('/src/') && !url.includes('node_modules')) {
        const n = name(at);
        if (!seen.has(n)) inclusive.set(n, (inclusive.get(n) ?? 0) + us);
        seen.add(n);
      }
    }
    mod ??= 'Node and V8 (no project or npm frame on the stack)';
    modules.set(mod, (modules.get(mod) ?? 0) + us);
  });
  const ms = (us: number) => `${(us / 1000 / requests).toFixed(3)} ms`;
  const list = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `    ${ms(us)}  ${k}`);
  // Who called the heaviest native functions (a socket write, the profiler's own post): the nearest three frames
  // with a source above the sample, so that time spent in Node's internals is told by its caller.
  const heavy = new Set([...self].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k]) => k));
  const callers = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (!heavy.has(name(id))) return;
    const chain: string[] = [];
    for (let at = parent.get(id); at !== undefined && chain.length < 3; at = parent.get(at)) if (byId.get(at)!.callFrame.url) chain.push(name(at));
    const k = `${name(id)}  <-  ${chain.join('  <-  ')}`;
    callers.set(k, (callers.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [
    `  profiled (not idle): ${ms(busy)} a request`,
    '  by module (nearest project or npm frame):', ...list(modules, 15),
    '  by function, self:', ...list(self, top),
    '  project functions, inclusive:', ...list(inclusive, top),
    '  the heaviest functions by caller:', ...list(callers, 12),
  ];
}

/** A function that posts n single notes to one casualty, one after another. */
function sequential(base: string, token: string, casualtyId: string): (n: number) => Promise<void> {
  return async (n) => {
    for (let i = 0; i < n; i++) {
      const r = await fetch(`${base}/api/casualties/${casualtyId}/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: 'pages' } }] }),
      });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`POST ${r.status}`);
    }
  };
}

/**
 * WAL frames (pages) one append writes: the WAL is emptied (a checkpoint from a second connection), 20 appends are
 * made one at a time (fewer pages than the automatic checkpoint's 1,000), and the WAL's frames are counted.
 */
async function walPagesOf(file: string, post: (n: number) => Promise<void>): Promise<number> {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    // A checkpoint cannot empty the WAL while the server still writes (the last requests of the run): try again.
    for (let tries = 0; ; tries++) {
      const r = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number; log: number };
      if (r.busy === 0 && r.log === 0) break;
      if (tries > 100) return NaN;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    await post(20);
    return (statSync(`${file}-wal`).size - 32) / (4096 + 24) / 20;
  } finally {
    db.close();
  }
}

function serve(root: string, target: string, profileFile: string): Promise<{ base: string; pid: number; profile: () => Promise<void>; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, [join(root, 'bench/scale/server.ts'), target], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GH_CPU_PROFILE: profileFile } });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const waitFor = async (key: string) => {
    for (const deadline = Date.now() + 120_000; !out.includes(`"${key}"`); ) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`server: no ${key}: ${out}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return out.split('\n').find((l) => l.includes(`"${key}"`))!;
  };
  return waitFor('base').then((line) => ({
    base: (JSON.parse(line) as { base: string }).base,
    pid: proc.pid!,
    profile: async () => {
      proc.kill('SIGUSR2');
      await waitFor('profiling');
    },
    stop: () => new Promise<void>((ok) => {
      proc.once('exit', () => ok());
      proc.kill('SIGTERM');
    }),
  }));
}

/**
 * Per thread of `pid` (by name: the main thread is `node`, libuv's pool `libuv-worker`, V8's `V8 Worker`…): user
 * and system CPU ms and the voluntary context switches (each a sleep: the thread waited for a socket, a lock…).
 */
function threads(pid: number): Map<string, { user: number; system: number; switches: number }> {
  const out = new Map<string, { user: number; system: number; switches: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main thread' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      const switches = Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))?.[1] ?? 0);
      const t = out.get(name) ?? { user: 0, system: 0, switches: 0 };
      out.set(name, { user: t.user + Number(f[11]) * TICK_MS, system: t.system + Number(f[12]) * TICK_MS, switches: t.switches + switches });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** What each thread used between two `threads` readings, per request. */
function threadLines(a: ReturnType<typeof threads>, b: ReturnType<typeof threads>, n: number): string[] {
  return [...b].map(([name, x]) => {
    const y = a.get(name) ?? { user: 0, system: 0, switches: 0 };
    return { name, user: (x.user - y.user) / n, system: (x.system - y.system) / n, switches: (x.switches - y.switches) / n };
  }).filter((t) => t.user + t.system > 0 || t.switches > 0).sort((p, q) => q.user + q.system - p.user - p.system)
    .map((t) => `    ${t.name.padEnd(16)} user ${t.user.toFixed(3)} ms, system ${t.system.toFixed(3)} ms, ${t.switches.toFixed(2)} sleeps a request`);
}

async function run(root: string, target: string, trustTarget: { dataDir: string } | { url: string }, connections: number, profileFile: string): Promise<void> {
  const username = `medic-${uuidv7().slice(-8)}`;
  const trust = await openTrust(trustTarget);
  await trust.auth.addUser({ username, password: PASSWORD, role: 'medic', units: ['1-coy'] });
  await trust.close();
  const s = await serve(root, target, profileFile);
  try {
    const token = await login(s.base, username, PASSWORD);
    const cids = await register(s.base, token, '1-coy', 32);
    await medics([s.base], token, cids, connections, 2); // warm-up: JIT, caches
    await s.profile();
    const c0 = cpuMsOf(s.pid);
    const t0 = threads(s.pid);
    const r = await medics([s.base], token, cids, connections, SECONDS);
    const cpu = cpuMsOf(s.pid) - c0;
    const t1 = threads(s.pid);
    const n = r.rate * SECONDS;
    console.log(`${root === HERE ? 'this checkout' : root}: ${DB}, ${connections} connection(s): ${r.rate.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`);
    console.log(`  server process CPU: ${(cpu / n).toFixed(3)} ms a request (${((100 * cpu) / (SECONDS * 1000)).toFixed(0)} % of a core)`);
    console.log('  by thread (/proc, 10 ms ticks):');
    for (const line of threadLines(t0, t1, n)) console.log(line);
    if ('dataDir' in trustTarget) console.log(`  pages written to the WAL a single-note POST (one at a time): ${(await walPagesOf(join(trustTarget.dataDir, 'goldenhour.db'), sequential(s.base, token, cids[0]!))).toFixed(1)}`);
    await s.stop();
    for (const line of analyse(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, n)) console.log(line);
  } catch (err) {
    await s.stop();
    throw err;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'gh-bench-cpu-'));
const pgServer = DB === 'postgres' ? await startPostgres() : null;
try {
  let i = 0;
  for (let round = 0; round < (OTHERS.length ? 2 : 1); round++)
    for (const connections of CONNECTIONS)
      for (const root of [HERE, ...OTHERS]) {
        i++;
        if (pgServer) {
          const url = await pgServer.createDatabase(`cpu${i}`);
          await run(root, url, { url }, connections, join(dir, `cpu${i}.cpuprofile`));
        } else {
          const data = join(dir, `db${i}`);
          await run(root, `sqlite:${data}`, { dataDir: data }, connections, join(dir, `cpu${i}.cpuprofile`));
        }
      }
} finally {
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
}
