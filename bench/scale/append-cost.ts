// `npm run bench:append-cost [appends=1500]`: what one `Store.append` costs PostgreSQL itself (issue 16), by kind of
// event, measured by the database's own CPU and counters so that a loaded machine changes the figures little:
//  - PostgreSQL CPU a single-event append (all the postmaster's children, from /proc) against one raw single-row
//    INSERT in the same run; for the API to reach 0.5 x raw's rate, an append may cost PostgreSQL at most 2 x raw;
//  - rows written a single-event append (inserted + updated + deleted, every table, by pg_stat_user_tables) and
//    how many of the casualties row's updates were HOT (no index entry rewritten): a note or vitals changes no
//    indexed column, so every one should be;
//  - WAL bytes an append (exact, whatever the load);
//  - what deciding "this update rewrites no derived row" costs: the server's execution time of a projection update
//    that changes nothing the derived rows read, with the casualties triggers against without them (EXPLAIN
//    ANALYZE, rolled back; migration 022 replaced four parses of the state by one);
//  - appends a second from 1 and 8 callers against raw INSERTs from 1 and 8 clients (the store alone, no HTTP);
//  - two writers (as two server processes) against one, on the same casualties and each on its own; and the same
//    with commits that do not wait for the fsync (unsafe: the bound of releasing the head lock before the fsync).
// Kinds: a note, a set of vitals, and a decision (precedence, alternating) that changes indexed columns and the
// derived rows.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import type { Store } from '../../src/storage/port.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { makeEvent, makeRegistered, sampleNineLine } from '../../test/support/events.ts';
import { childrenCpuMs } from './drive.ts';

const N = Number(process.argv[2] ?? 1500);
const CASUALTIES = 32;
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

type Kind = 'note' | 'vitals' | 'decision';
const flip = new Map<string, boolean>();
function eventOf(kind: Kind, cid: string): CasualtyEvent {
  const now = new Date().toISOString();
  if (kind === 'note') return makeEvent('note', cid, { text: 'append cost' }, now);
  if (kind === 'vitals') return makeEvent('vitals', cid, { pulse: 90 + Math.floor(Math.random() * 40), spo2: 95 }, now);
  const urgent = !flip.get(cid);
  flip.set(cid, urgent);
  return makeEvent('precedence', cid, { precedence: urgent ? 'urgent' : 'priority' }, now);
}

interface Counters {
  written: number;
  byTable: Map<string, number>;
  upd: number;
  hot: number;
}

/** Rows written so far in every user table, and the casualties table's updates and HOT updates. */
async function counters(admin: pg.Client): Promise<Counters> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const r = await admin.query<{ relname: string; w: string; upd: string; hot: string }>(
    'SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS w, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables',
  );
  const byTable = new Map(r.rows.map((x) => [x.relname, Number(x.w)]));
  const c = r.rows.find((x) => x.relname === 'casualties');
  return { written: [...byTable.values()].reduce((a, b) => a + b, 0), byTable, upd: Number(c?.upd ?? 0), hot: Number(c?.hot ?? 0) };
}

/** Wait until the counters stop moving (a backend that ended flushes its counters as it goes, not at once). */
async function settled(admin: pg.Client): Promise<void> {
  let last = -1;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const now = (await counters(admin)).written;
    if (now === last) return;
    last = now;
    await new Promise((ok) => setTimeout(ok, 1500));
  }
}

/** Wait until no other backend is connected to the database: the ended ones have flushed their counters. */
async function backendsGone(admin: pg.Client): Promise<void> {
  for (const deadline = Date.now() + 60_000; ; ) {
    const r = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    if ((r.rows[0] as { n: number }).n === 0) return;
    if (Date.now() > deadline) throw new Error('backends still connected after 60 s');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Mean server execution time (ms) of `sql`, run `n` times by EXPLAIN ANALYZE inside a transaction rolled back. */
async function execMs(admin: pg.Client, sql: string, n: number, setup = ''): Promise<number> {
  await admin.query('BEGIN');
  try {
    if (setup) await admin.query(setup);
    let ms = 0;
    for (let i = 0; i < n + 20; i++) {
      const r = await admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${sql}`);
      const t = Number(/Execution Time: ([\d.]+)/.exec(r.rows.map((x) => x['QUERY PLAN']).join('\n'))?.[1]);
      if (i >= 20) ms += t; // the first ones warm the caches
    }
    return ms / n;
  } finally {
    await admin.query('ROLLBACK');
  }
}

async function loop(callers: number, n: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: callers }, async () => {
    for (let i = next++; i < n; i = next++) await one(i);
  }));
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Two writers (two stores: two pools and two append memories, as two server processes have), 4 callers each, on the
 * same casualties against each on its own half: transactions and refused guarded appends (rollbacks) per append,
 * and the rate. The scale bench's two processes share one medic's casualties; a refusal makes a writer read the
 * touched projections before its next appends (CONTENDED_RUN, before migration 026: the refusal now brings the rows).
 */
async function twoWriters(open: () => Promise<Store>, admin: pg.Client, cids: string[], label: string): Promise<void> {
  const [a, b] = [await open(), await open()];
  try {
    const xacts = async () => {
      await settled(admin);
      return (await admin.query<{ c: number; r: number }>('SELECT xact_commit::int AS c, xact_rollback::int AS r FROM pg_stat_database WHERE datname = current_database()')).rows[0]!;
    };
    const rates: Record<string, number> = {};
    for (const mode of ['one', 'disjoint', 'shared', 'one', 'disjoint', 'shared']) {
      const x0 = await xacts();
      const rate = await loop(8, N * 2, (i) => {
        const writer = mode === 'one' ? 0 : i % 2;
        const k = Math.floor(Math.random() * (CASUALTIES / 2));
        const cid = cids[mode === 'disjoint' ? 2 * k + writer : Math.floor(Math.random() * CASUALTIES)]!;
        return (writer ? a : b).append([eventOf('note', cid)], new Date().toISOString());
      });
      const x1 = await xacts();
      rates[mode] = (rates[mode] ?? 0) + rate / 2;
      console.log(`  ${label}${mode === 'one' ? 'one writer, 8 callers      ' : `two writers, ${mode.padEnd(8)} casualties`}: ${f(rate, 0).padStart(5)}/s, ${f((x1.c - x0.c) / (N * 2))} transactions and ${f((x1.r - x0.r) / (N * 2), 3)} refused an append`);
    }
    console.log(`  ${label}two writers / one: ${f(rates.disjoint! / rates.one!)}x on casualties of their own, ${f(rates.shared! / rates.one!)}x on the same ones   goal >= 1.7x ${verdict(rates.shared! / rates.one! >= 1.7)}`);
  } finally {
    await a.close();
    await b.close();
  }
}

const server = await startPostgres();
try {
  const url = await server.createDatabase('append_cost');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const backend = Number((await admin.query('SELECT pg_backend_pid() AS p')).rows[0].p);
  const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const open = async (): Promise<Store> => openPostgresStore({ url, poolSize: 10 });
  const setup = await open();
  await setup.migrate();
  const cids = Array.from({ length: CASUALTIES }, () => uuidv7());
  for (const cid of cids) {
    const t = new Date().toISOString();
    await setup.append([
      makeRegistered(cid, { at: t, injuredAt: t, unitId: '1-coy' }),
      makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T1' } }, t),
      makeEvent('evac.requested', cid, { nineLine: sampleNineLine() }, t),
    ], t);
  }
  for (let i = 0; i < 200; i++) await setup.append([eventOf('note', cids[i % CASUALTIES]!)], new Date().toISOString()); // warm-up
  await setup.close();
  await backendsGone(admin);

  // The baseline: raw single-row INSERTs, one client then eight, PostgreSQL CPU of the one-client run.
  await admin.query('CREATE TABLE raw_insert (id text PRIMARY KEY, body text NOT NULL)');
  const raw = new pg.Pool({ connectionString: url, max: 8 });
  const insert = () => raw.query('INSERT INTO raw_insert (id, body) VALUES ($1, $2)', [uuidv7(), '{"text":"raw"}']);
  for (let i = 0; i < 100; i++) await insert();
  const r0 = childrenCpuMs(postmaster);
  const raw1 = await loop(1, N, insert);
  const rawCpu = (childrenCpuMs(postmaster) - r0) / N;
  const raw8 = await loop(8, N * 2, insert);
  await raw.end();
  console.log(`PostgreSQL append cost, ${N} single-event appends a kind on ${CASUALTIES} casualties (the store alone, no HTTP)`);
  console.log(`  raw single-row INSERT: ${f(rawCpu, 3)} ms PostgreSQL CPU each; ${f(raw1, 0)}/s from 1 client, ${f(raw8, 0)}/s from 8`);

  // A projection update that changes no derived input (as a note's does), with and without the casualties triggers.
  const same = `UPDATE casualties SET state = state, fold = fold, last_seq = last_seq + 0, updated_at = updated_at WHERE id = ${pg.escapeLiteral(cids[0]!)}`;
  // Alternated three times, the lowest mean of each kept: a loaded machine only ever adds time.
  let withTriggers = Infinity;
  let without = Infinity;
  for (let i = 0; i < 3; i++) {
    withTriggers = Math.min(withTriggers, await execMs(admin, same, 200));
    without = Math.min(without, await execMs(admin, same, 200, 'ALTER TABLE casualties DISABLE TRIGGER USER'));
  }
  console.log(`  a projection update that rewrites no derived row: ${f(withTriggers, 3)} ms server time with the triggers deciding that, ${f(without, 3)} ms without them: the decision costs ${f(withTriggers - without, 3)} ms` +
    `   goal <= 0.1 ms ${verdict(withTriggers - without <= 0.1)}`);

  for (const kind of ['note', 'vitals', 'decision'] as Kind[]) {
    await backendsGone(admin);
    await settled(admin);
    const c0 = await counters(admin);
    const wal0 = (await admin.query<{ l: string }>('SELECT pg_current_wal_insert_lsn() AS l')).rows[0]!.l;
    const store = await open();
    const p0 = childrenCpuMs(postmaster);
    const rate1 = await loop(1, N, (i) => store.append([eventOf(kind, cids[i % CASUALTIES]!)], new Date().toISOString()));
    const cpu = (childrenCpuMs(postmaster) - p0) / N;
    await store.close();
    await backendsGone(admin);
    await settled(admin);
    const c1 = await counters(admin);
    const wal = Number((await admin.query<{ d: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1) AS d', [wal0])).rows[0]!.d) / N;
    const top = [...c1.byTable].map(([t, w]) => [t, (w - (c0.byTable.get(t) ?? 0)) / N] as const).filter(([, w]) => w > 0.005).sort((a, b) => b[1] - a[1]);
    const hot = (c1.hot - c0.hot) / Math.max(1, c1.upd - c0.upd);
    console.log(`  ${kind.padEnd(8)} 1 caller: ${f(rate1, 0).padStart(5)}/s (${f(rate1 / raw1, 3)} x raw), PostgreSQL CPU ${f(cpu, 3)} ms an append = ${f(cpu / rawCpu, 1)} x raw` +
      `   goal <= 2 x raw ${verdict(cpu / rawCpu <= 2)}`);
    console.log(`           rows written an append ${f((c1.written - c0.written) / N)} (${top.map(([t, w]) => `${t} ${f(w)}`).join(', ')}); casualties updates HOT ${f(100 * hot, 0)} %, WAL ${f(wal / 1024, 1)} KiB` +
      (kind === 'decision' ? '' : `   goal >= 90 % ${verdict(hot >= 0.9)}`));
    if (kind !== 'note') continue;
    const store8 = await open();
    const q0 = childrenCpuMs(postmaster);
    const rate8 = await loop(8, N * 2, (i) => store8.append([eventOf('note', cids[i % CASUALTIES]!)], new Date().toISOString()));
    const cpu8 = (childrenCpuMs(postmaster) - q0) / (N * 2);
    await store8.close();
    console.log(`  note     8 callers: ${f(rate8, 0).padStart(5)}/s (${f(rate8 / raw8, 3)} x raw from 8 clients), PostgreSQL CPU ${f(cpu8, 3)} ms an append`);
  }
  await twoWriters(open, admin, cids, '');
  // The bound of releasing the head lock before the fsync (docs/performance.md): every commit asynchronous. NOT a
  // safe setting (an acknowledged append can be lost in a crash) — only the most that design could give.
  await admin.query(`ALTER DATABASE ${admin.database!} SET synchronous_commit = off`);
  await twoWriters(open, admin, cids, 'bound, commits not waiting for the fsync: ');
  await admin.end();
} finally {
  await server.stop();
}
