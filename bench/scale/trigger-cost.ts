// `node bench/scale/trigger-cost.ts [rounds=4]`: what the projection row's UPDATE triggers cost the database per
// append, measured inside it (issue 16, migration 029). One casualty with a realistic state (~3.5 KB: a chain, a
// dozen vitals and notes); then, in turns, batches of updates of its row:
//  - PostgreSQL (a server-side loop timed by clock_timestamp): (a) the digests equal (a note since 029: no trigger
//    runs) against (b) the plan digest moved (a note before 029: the plan row's trigger parses the state, finds its
//    fields unchanged and writes nothing);
//  - SQLite (the store's own statement, in a transaction rolled back): a note's update of the state (a) with 029's
//    digest-comparing triggers, (b) with the triggers before 029 (021's WHEN parsing the OLD and NEW states, 028's
//    plan trigger parsing the NEW one), and (c) with no UPDATE trigger at all (the floor).
// Wall time on a shared machine: compare the lines of one run.
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { at, makeChain, makeEvent } from '../../test/support/events.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import pg from 'pg';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import type { Store } from '../../src/storage/port.ts';

const ROUNDS = Number(process.argv[2] ?? 4);
const NOW = '2026-03-01T12:00:00.000Z';
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

async function realistic(store: Store): Promise<string> {
  await store.migrate();
  const cid = uuidv7();
  await store.append(makeChain(cid, { unitId: 'u-1' }).slice(0, 5), NOW);
  for (let i = 0; i < 12; i++) await store.append([makeEvent('vitals', cid, { pulse: 100 + i, rr: 12, avpu: 'A' }, at(20 + i)), makeEvent('note', cid, { text: 'a note of some length '.repeat(6) }, at(20 + i))], NOW);
  return cid;
}

/** SQLite: the triggers of 021/028 (before 029), taken from the migration files, to put back for a turn. */
function sqliteBefore(): string {
  const dir = new URL('../../src/storage/migrations/sqlite/', import.meta.url);
  const block = (file: string, name: string) => {
    const sql = readFileSync(new URL(file, dir), 'utf8');
    const i = sql.indexOf(`CREATE TRIGGER ${name} `);
    return sql.slice(i, sql.indexOf('\nEND;', i) + 5);
  };
  return ['casualty_facts_update', 'casualty_read_side_update'].map((t) => `DROP TRIGGER ${t}; ${block('021_append_cost.sql', t)}`).join('\n') +
    `\nDROP TRIGGER casualty_plan_update; ${block('028_plan_inputs.sql', 'casualty_plan_update')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'gh-trigger-cost-'));
try {
  const store = await openSqliteStore({ dataDir: dir });
  const cid = await realistic(store);
  await store.close();
  const db = new DatabaseSync(join(dir, 'goldenhour.db'));
  const state = (db.prepare('SELECT state FROM casualties WHERE id = ?').get(cid) as { state: string }).state;
  const other = state.replace('"notes":[', '"notes":[{"eventId":"x","at":"y","author":"z","text":"a note"},');
  const upd = db.prepare('UPDATE casualties SET state = ? WHERE id = ?');
  const updateTriggers = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'casualties' AND sql LIKE '%AFTER UPDATE%'`).all() as { name: string }[]).map((t) => t.name);
  console.log(`SQLite, state ${state.length} bytes, load ${load()}`);
  const kinds = ['029 (digests compared)', 'before 029 (states parsed)', 'no UPDATE trigger (floor)'];
  const sums = [0, 0, 0];
  for (let r = 0; r < ROUNDS; r++)
    for (let k = 0; k < 3; k++) {
      db.exec('BEGIN');
      if (k === 1) db.exec(sqliteBefore());
      if (k === 2) for (const t of updateTriggers) db.exec(`DROP TRIGGER ${t}`);
      const t0 = performance.now();
      for (let i = 0; i < 2000; i++) upd.run(i % 2 ? state : other, cid);
      const us = ((performance.now() - t0) / 2000) * 1000;
      db.exec('ROLLBACK');
      sums[k]! += us / ROUNDS;
      console.log(`  ${kinds[k]!.padEnd(28)} ${us.toFixed(1)} µs a note's update`);
    }
  console.log(`  mean: ${kinds.map((k, i) => `${k} ${sums[i]!.toFixed(1)} µs`).join(', ')}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const server = await startPostgres({ fsyncOff: true });
try {
  const url = await server.createDatabase('trigger_cost');
  const store = await openPostgresStore({ url, poolSize: 1 });
  const cid = await realistic(store);
  await store.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const bytes = ((await c.query('SELECT length(state::text) AS n FROM casualties WHERE id = $1', [cid])).rows[0] as { n: number }).n;
  await c.query(`CREATE FUNCTION bench_updates(cid text, n int, moved boolean) RETURNS float8 LANGUAGE plpgsql AS $$
    DECLARE t0 timestamptz := clock_timestamp();
    BEGIN
      FOR i IN 1..n LOOP
        IF moved THEN UPDATE casualties SET plan_key = CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END WHERE id = cid;
        ELSE UPDATE casualties SET updated_at = updated_at WHERE id = cid; END IF;
      END LOOP;
      RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
    END $$`);
  console.log(`PostgreSQL, state ${bytes} bytes, load ${load()}`);
  const sums = [0, 0];
  for (let r = 0; r < ROUNDS; r++)
    for (const moved of [false, true]) {
      const us = Number(((await c.query('SELECT bench_updates($1, 500, $2) AS us', [cid, moved])).rows[0] as { us: number }).us);
      sums[Number(moved)]! += us / ROUNDS;
      console.log(`  ${moved ? 'plan digest moved (state parsed)   ' : 'digests equal (no trigger runs)    '} ${us.toFixed(1)} µs an update`);
    }
  console.log(`  mean: digests equal ${sums[0]!.toFixed(1)} µs, plan digest moved ${sums[1]!.toFixed(1)} µs: the plan trigger's parse ${(sums[1]! - sums[0]!).toFixed(1)} µs an append`);
  await c.end();
} finally {
  await server.stop();
}
