// `npm run bench:append-parts [appends=300]`: where PostgreSQL's time for one single-note append goes, statement by
// statement inside the append's CALL (issue 16). The store's connection loads auto_explain (a module PostgreSQL
// ships; LOAD needs a superuser, as the test server's user is) with nested statements, actual times and the plan
// sent back as a NOTICE, so nothing is read from the server's log; track_functions gives each function's own time.
// Every figure is a share of the same run, so a loaded machine moves the shares less than the milliseconds;
// auto_explain's timing adds its own cost to every statement (compare the parts, not the sum with bench:append-cost).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { makeEvent, makeRegistered, sampleNineLine } from '../../test/support/events.ts';
import { childrenCpuMs } from './drive.ts';

const N = Number(process.argv[2] ?? 300);
const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Statement (first line of its text, numbers blanked) → summed ms and count, from auto_explain's notices. */
const parts = new Map<string, { ms: number; n: number }>();
let measuring = false;
const prepared = new WeakSet<object>();
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
  if (!sql.startsWith('CALL gh_append_durable') || prepared.has(this)) return original.apply(this, args);
  prepared.add(this);
  this.on('notice', (m: { message?: string }) => {
    const text = m.message ?? '';
    const ms = /duration: ([\d.]+) ms/.exec(text);
    const q = /Query Text: ([^\n]*)/.exec(text);
    if (!measuring || !ms || !q) return;
    const key = q[1]!.trim().replace(/\s+/g, ' ').replace(/\d+/g, 'N').slice(0, 90);
    const p = parts.get(key) ?? { ms: 0, n: 0 };
    p.ms += Number(ms[1]);
    p.n++;
    parts.set(key, p);
  });
  const setup = `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
    SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice; SET auto_explain.log_format = text;
    SET track_functions = 'pl'`;
  return (original.call(this, setup) as Promise<unknown>).then(() => original.apply(this, args));
};

const server = await startPostgres();
try {
  const url = await server.createDatabase('append_parts');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const backend = Number((await admin.query('SELECT pg_backend_pid() AS p')).rows[0].p);
  const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const store = await openPostgresStore({ url, poolSize: 1 });
  await store.migrate();
  const cids = Array.from({ length: 32 }, () => uuidv7());
  for (const cid of cids) {
    const t = new Date().toISOString();
    await store.append([
      makeRegistered(cid, { at: t, injuredAt: t, unitId: '1-coy' }),
      makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T1' } }, t),
      makeEvent('evac.requested', cid, { nineLine: sampleNineLine() }, t),
    ], t);
  }
  const note = (i: number) => {
    const t = new Date().toISOString();
    return store.append([makeEvent('note', cids[i % cids.length]!, { text: `note ${i}` }, t)], t);
  };
  for (let i = 0; i < 64; i++) await note(i); // warm-up: plans cached, every casualty remembered
  await admin.query('SELECT pg_stat_reset()');
  measuring = true;
  const c0 = childrenCpuMs(postmaster);
  for (let i = 0; i < N; i++) await note(i);
  const cpu = (childrenCpuMs(postmaster) - c0) / N;
  measuring = false;
  await new Promise((ok) => setTimeout(ok, 1200)); // function counters are flushed at most once a second
  const fns = (await admin.query<{ funcname: string; total: number; self: number }>(
    'SELECT funcname, total_time / calls AS total, self_time / calls AS self FROM pg_stat_user_functions WHERE calls > 0 ORDER BY total_time DESC',
  )).rows;
  const call = fns.find((r) => r.funcname === 'gh_append_durable');
  console.log(`PostgreSQL, one single-note append at a time, ${N} appends (auto_explain on: every figure inflated by its timing)`);
  console.log(`  PostgreSQL CPU ${f(cpu)} ms an append; the CALL ${f(call?.total ?? NaN)} ms of it inside the procedure`);
  console.log('  functions, ms an append (total / own):');
  for (const r of fns) console.log(`    ${f(r.total)} / ${f(r.self)}  ${r.funcname}`);
  console.log('  statements, ms an append and share of the CALL (nested statements also count inside the one that runs them):');
  for (const [q, p] of [...parts].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16))
    console.log(`    ${f(p.ms / N)}  ${f((100 * p.ms) / N / (call?.total ?? NaN), 0).padStart(3)} %  ×${f(p.n / N, 1)}  ${q}`);
  await store.close();
  await admin.end();
} finally {
  await server.stop();
}
