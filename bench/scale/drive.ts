// Load for the scale bench: medics posting single events (autocannon), consoles and facility views reading,
// appends to long logs, and live streams with their delivery latency. Each function measures one thing.
import autocannon from 'autocannon';
import { request } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';

export interface Rate {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}

const json = { 'content-type': 'application/json' };
export const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
export const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN);

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export async function register(base: string, token: string, unitId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7();
    const r = await fetch(`${base}/api/casualties`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ id, injuredAt: ago(60), unitId }) });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${await r.text()}`);
    ids.push(id);
  }
  return ids;
}

const noteBody = (text: string) => JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text } }] });

/** Medics: `connections` clients each posting one note at a time to one of `casualties`, for `seconds`; `empty`: to
 * the harness's empty route instead (bench/scale/server.ts: same auth and body, nothing stored). */
export async function medics(bases: string[], token: string, casualties: string[], connections: number, seconds: number, empty = false): Promise<Rate> {
  const runs = await Promise.all(
    bases.map((url) =>
      autocannon({
        url,
        connections: Math.max(1, Math.round(connections / bases.length)),
        duration: seconds,
        headers: { ...json, authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({ ...req, path: empty ? `/api/bench/empty/${casualties[Math.floor(Math.random() * casualties.length)]}` : `/api/casualties/${casualties[Math.floor(Math.random() * casualties.length)]}/events`, body: noteBody('bench') }),
          },
        ],
      }),
    ),
  );
  const rate = runs.reduce((a, r) => a + r.requests.average, 0);
  const errors = runs.reduce((a, r) => a + r.errors + r.non2xx + r.timeouts, 0);
  return { rate, p50: Math.max(...runs.map((r) => r.latency.p50)), p99: Math.max(...runs.map((r) => r.latency.p99)), errors };
}

/** Consoles and facility views: lists, evacuations and the plan, as their screens load them. */
export async function consoles(base: string, token: string, facilityId: string, connections: number, seconds: number): Promise<Rate> {
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      { method: 'GET', path: '/api/casualties?status=open' },
      { method: 'GET', path: '/api/evacuations' },
      { method: 'GET', path: '/api/dispatch/plan' },
      { method: 'GET', path: `/api/casualties?facility=${facilityId}` },
    ],
  });
  return { rate: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}

/** p50 (ms) of `n` sequential single-note appends to each casualty, taking the casualties in turn. */
export async function appendP50(base: string, token: string, casualtyIds: string[], n: number): Promise<number[]> {
  const lat: number[][] = casualtyIds.map(() => []);
  for (let i = 0; i < n; i++)
    for (const [k, id] of casualtyIds.entries()) {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/casualties/${id}/events`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: noteBody('long log') });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`append: ${r.status}`);
      lat[k]!.push(performance.now() - t0);
    }
  return lat.map((l) => pct(l, 0.5));
}

/** Grow one casualty's log to `events` events through sync push (1,000 a batch). */
export async function growLog(base: string, token: string, casualtyId: string, events: number): Promise<void> {
  for (let have = 1; have < events; ) {
    const n = Math.min(1000, events - have);
    const batch = Array.from({ length: n }, (_, i) => ({ id: uuidv7(), casualtyId, type: 'note', at: ago(50 - (have + i) / 1000), recordedAt: ago(1), payload: { text: `filler ${have + i}` } }));
    const r = await fetch(`${base}/api/sync/push`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ events: batch }) });
    if (r.status !== 200) throw new Error(`push: ${r.status} ${(await r.text()).slice(0, 300)}`);
    have += n;
  }
}

/** Open one live stream (ticket, then GET); calls `onEvent(data)` for every casualty-event. */
export async function openStream(base: string, token: string, onEvent: (data: string) => void): Promise<() => void> {
  const t = await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (t.status !== 200) throw new Error(`ticket: ${t.status} ${await t.text()}`);
  const { ticket } = (await t.json()) as { ticket: string };
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/stream?ticket=${ticket}`, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.includes('event: casualty-event')) onEvent(block.slice(block.indexOf('data: ') + 6));
        }
      });
      res.on('error', () => undefined);
      resolve(() => req.destroy());
    });
    req.on('error', () => undefined);
    req.end();
  });
}

export const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms used so far by process `pid` (user + system), from /proc; 0 once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms used so far by every child of `ppid` (a postmaster's backends, WAL writer…), ended ones included. */
export function childrenCpuMs(ppid: number): number {
  let ms = 0;
  try {
    const own = readFileSync(`/proc/${ppid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ms += (Number(own[13]) + Number(own[14])) * TICK_MS; // cutime + cstime: children that have ended
  } catch {
    // gone
  }
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(f[1]) === ppid) ms += (Number(f[11]) + Number(f[12])) * TICK_MS;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

/** Transactions committed and rolled back so far in the database of `url` (a refused guarded append rolls back). */
export async function xactsOf(url: string): Promise<{ commits: number; rollbacks: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const r = (await c.query('SELECT xact_commit::int AS commits, xact_rollback::int AS rollbacks FROM pg_stat_database WHERE datname = current_database()')).rows[0] as { commits: number; rollbacks: number };
    return r;
  } finally {
    await c.end();
  }
}

/** The pid of the postmaster serving `url` (the parent of a backend). */
export async function postmasterOf(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const backend = Number(((await c.query('SELECT pg_backend_pid() AS p')).rows[0] as { p: number }).p);
    return Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } finally {
    await c.end();
  }
}

/** CPU ms spent meanwhile by each of `pids`, by PostgreSQL (children of `postmaster`) and by this process. */
export function cpuMeter(pids: number[], postmaster: number | null): () => { servers: number[]; pg: number; self: number } {
  const self = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const s0 = pids.map(cpuMsOf);
  const pgMs = () => (postmaster === null ? 0 : childrenCpuMs(postmaster)); // SQLite: no database process
  const p0 = pgMs();
  const c0 = self();
  return () => ({ servers: pids.map((p, i) => cpuMsOf(p) - s0[i]!), pg: pgMs() - p0, self: self() - c0 });
}

/**
 * CPU ms of the client backends of `url`'s database only (pids from pg_stat_activity, /proc/<pid>/stat), from now to
 * `stop()`: a backend there at both ends counts its difference, one that started meanwhile all its CPU. What the
 * postmaster's children add up (`childrenCpuMs`) also holds every other database's backends and the shared workers
 * (autovacuum after the raw runs, checkpointer, WAL writer), charged to whichever run they fell in; `shared` is that
 * rest, so the two still add up. A backend that ended meanwhile is lost (the server's pool keeps its connections).
 */
export async function backendMeter(url: string, postmaster: number): Promise<{ stop: () => Promise<{ own: number; shared: number; backends: number }> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const backends = async (): Promise<Map<number, number>> => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const r = await c.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    return new Map(r.rows.map(({ pid }) => [pid, cpuMsOf(pid)]));
  };
  const b0 = await backends();
  const all0 = childrenCpuMs(postmaster);
  return {
    stop: async () => {
      const all = childrenCpuMs(postmaster) - all0;
      const b1 = await backends();
      await c.end();
      let own = 0;
      for (const [pid, ms] of b1) own += ms - (b0.get(pid) ?? 0);
      return { own, shared: all - own, backends: b1.size };
    },
  };
}

/**
 * What the database's client backends wait on during a run, sampled every ~2 ms from pg_stat_activity: `stop()`
 * answers, per wait (`Lock:transactionid`, `IO:WalSync`, `running`…), the backend-milliseconds spent in it (the mean
 * number of backends in that state × the sampled time).
 */
export function waitSampler(url: string): { stop: () => Promise<Map<string, number>> } {
  const seen = new Map<string, number>();
  let sampling = true;
  let samples = 0;
  const t0 = performance.now();
  const done = (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      while (sampling) {
        const r = await c.query(
          "SELECT coalesce(wait_event_type || ':' || wait_event, 'running') AS w FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state NOT IN ('idle', 'idle in transaction')",
        );
        samples++;
        for (const { w } of r.rows as { w: string }[]) seen.set(w, (seen.get(w) ?? 0) + 1);
        await new Promise((ok) => setTimeout(ok, 2));
      }
    } finally {
      await c.end();
    }
  })();
  return {
    stop: async () => {
      sampling = false;
      await done;
      const ms = performance.now() - t0;
      return new Map([...seen].map(([w, n]) => [w, (n / Math.max(1, samples)) * ms] as const));
    },
  };
}

/** Turn on pg_stat_statements for every statement (those inside a CALL too) and restart the server to load it. */
export async function trackStatements(server: { url: string; crashRestart(): Promise<void> }, settings: string[] = []): Promise<void> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
  for (const s of settings) await admin.query(`ALTER SYSTEM SET ${s}`);
  await admin.end();
  await server.crashRestart();
}

/** A connected client of `url` with pg_stat_statements created there (to read and reset its counts). */
export async function statementsClient(url: string): Promise<pg.Client> {
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  await stats.query('CREATE EXTENSION pg_stat_statements');
  return stats;
}
