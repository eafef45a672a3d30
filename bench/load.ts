// `npm run bench:load [seconds=5]`: single-event ingest through the HTTP API as `serve` runs it (auth ON: a medic's
// session, row scope, audit), on SQLite and PostgreSQL, with 1 and 8 concurrent clients, against the raw rate of a
// single-row INSERT loop on the same database measured in the same run (ratio = API / raw). Prints req/s, p50 and
// p99. The clients share the server's process (in-process fetch over loopback), so the ratios are conservative.
// Runs on any revision that has buildApp + openTrust (to compare the path before and after the casualty log door).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { uuidv7 } from '../src/core/index.ts';
import type { Store } from '../src/storage/port.ts';
import { openSqliteStore } from '../src/storage/sqlite.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import { buildApp } from '../src/server/app.ts';
import { openTrust } from '../src/auth/trust.ts';
import { startPostgres } from '../test/support/postgres.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const CLIENTS = [1, 8];
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN);

/** Run `clients` loops of `op` for SECONDS; returns ops/s and latencies (ms). */
async function drive(clients: number, op: (client: number, i: number) => Promise<void>): Promise<{ rate: number; p50: number; p99: number }> {
  const lat: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < end; i++) {
        const s = performance.now();
        await op(c, i);
        lat.push(performance.now() - s);
        n++;
      }
    }),
  );
  return { rate: n / ((performance.now() - t0) / 1000), p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
}

async function rawSqlite(dir: string, clients: number) {
  const db = new DatabaseSync(join(dir, `raw-${clients}.db`));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (id, body) VALUES (?, ?)');
  const r = await drive(clients, async () => void ins.run(uuidv7(), '{"text":"raw"}'));
  db.close();
  return r;
}

async function rawPostgres(url: string, clients: number) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_${clients} (id text PRIMARY KEY, body text NOT NULL)`);
  const r = await drive(clients, async () => void (await pool.query(`INSERT INTO raw_${clients} (id, body) VALUES ($1, $2)`, [uuidv7(), '{"text":"raw"}'])));
  await pool.end();
  return r;
}

async function api(store: Store, trustTarget: { dataDir: string } | { url: string }, clients: number) {
  await store.migrate();
  const trust = await openTrust(trustTarget);
  const app = await buildApp({ store, auth: { trust, rateLimit: false } });
  try {
    const username = `bench-${uuidv7().slice(-6)}`;
    await trust.auth.addUser({ username, password: 'correct horse battery staple', role: 'medic', units: ['1-coy'] });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse battery staple' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const ids = Array.from({ length: clients }, () => uuidv7());
    for (const id of ids) {
      const r = await fetch(`${base}/api/casualties`, { method: 'POST', headers, body: JSON.stringify({ id, injuredAt: new Date(Date.now() - 60_000).toISOString(), unitId: '1-coy' }) });
      if (r.status !== 201) throw new Error(`register: ${r.status} ${await r.text()}`);
    }
    return await drive(clients, async (c) => {
      const r = await fetch(`${base}/api/casualties/${ids[c]}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: 'bench' } }] }),
      });
      if (r.status !== 200) throw new Error(`append: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    });
  } finally {
    await app.close();
    await trust.close();
  }
}

const line = (db: string, clients: number, a: { rate: number; p50: number; p99: number }, raw: { rate: number }) =>
  console.log(
    `${db.padEnd(8)} ${String(clients).padStart(2)} client${clients > 1 ? 's' : ' '}: API ${a.rate.toFixed(0).padStart(5)} req/s  p50 ${a.p50.toFixed(1).padStart(6)} ms  p99 ${a.p99.toFixed(1).padStart(6)} ms   raw INSERT ${raw.rate.toFixed(0).padStart(6)}/s   ratio ${(a.rate / raw.rate).toFixed(3)}`,
  );

console.log(`single-event ingest, auth on, ${SECONDS} s per measurement`);
for (const clients of CLIENTS) {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-load-'));
  try {
    const raw = await rawSqlite(dir, clients);
    const store = await openSqliteStore({ dataDir: dir });
    try {
      line('sqlite', clients, await api(store, { dataDir: dir }, clients), raw);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const server = await startPostgres();
try {
  for (const clients of CLIENTS) {
    const url = await server.createDatabase(`load${clients}`);
    const raw = await rawPostgres(url, clients);
    const store = await openPostgresStore({ url, poolSize: Math.max(4, clients) });
    try {
      line('postgres', clients, await api(store, { url }, clients), raw);
    } finally {
      await store.close();
    }
  }
} finally {
  await server.stop();
}
