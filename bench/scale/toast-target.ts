// Tried and not kept (docs/performance.md, migration 033). `node bench/scale/toast-target.ts [rounds=6] [updates=2000]`:
// what a toast_tuple_target of 8,160 on casualties costs or saves an update of a casualty row with a nine-line state (~1.7 KB of a ~2.3 KB row) and a read of it, inside PostgreSQL
// (no Node, no round trips): two copies of the row, one table with the default target (the state compressed with
// pglz on every update) and one with 8,160, updated in turns in one run (each round: one DO loop per table, its
// clock time), then read back as text the same number of times. fsync off: CPU, not the disk.
import { loadavg } from 'node:os';
import pg from 'pg';
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { makeEvent, makeRegistered, sampleNineLine } from '../../test/support/events.ts';

const ROUNDS = Number(process.argv[2] ?? 6);
const N = Number(process.argv[3] ?? 2000);
const server = await startPostgres({ fsyncOff: true });
const url = await server.createDatabase();
const store = await openPostgresStore({ url, poolSize: 1 });
const db = new pg.Client({ connectionString: url });
try {
  await store.migrate();
  const cid = uuidv7();
  await store.append([makeRegistered(cid, sampleNineLine() as never)], new Date().toISOString());
  for (let i = 0; i < 20; i++) await store.append([makeEvent('note', cid, { text: `note ${i}` } as never)], new Date().toISOString());
  await db.connect();
  for (const [t, target] of [['t_default', null], ['t_8160', 8160]] as const) {
    await db.query(`CREATE TABLE ${t} (LIKE casualties INCLUDING ALL)`);
    if (target) await db.query(`ALTER TABLE ${t} SET (toast_tuple_target = ${target})`);
    await db.query(`INSERT INTO ${t} SELECT * FROM casualties WHERE id = $1`, [cid]);
  }
  const info = await db.query(`SELECT octet_length(state::text) AS bytes, (SELECT pg_column_compression(state) FROM t_default) AS d,
    (SELECT pg_column_compression(state) FROM t_8160) AS e FROM casualties`);
  console.log(`state ${info.rows[0].bytes} bytes; compression: default ${info.rows[0].d}, 8160 ${info.rows[0].e ?? 'none'}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // Statements of 20 updates, each its own transaction: the dead versions of one transaction are not pruned, and a
  // loop of thousands in one would time its walk over them, not the update.
  const time = async (sql: string): Promise<number> => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N / 20; i++) await db.query(sql);
    return Number(process.hrtime.bigint() - t0) / 1e6 / N;
  };
  const upd = (t: string) => `DO $$ DECLARE s json := (SELECT state FROM casualties LIMIT 1); BEGIN FOR i IN 1..20 LOOP
    UPDATE ${t} SET last_seq = last_seq + 1, state = s::text::json; END LOOP; END $$`;
  const read = (t: string) => `DO $$ DECLARE s text; BEGIN FOR i IN 1..20 LOOP SELECT state::text INTO s FROM ${t}; END LOOP; END $$`;
  const sums = { u0: 0, u1: 0, r0: 0, r1: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? ['t_8160', 't_default'] : ['t_default', 't_8160'];
    for (const t of order) {
      const u = await time(upd(t));
      const rd = await time(read(t));
      await db.query(`VACUUM ${t}`);
      if (t === 't_default') {
        sums.u0 += u;
        sums.r0 += rd;
      } else {
        sums.u1 += u;
        sums.r1 += rd;
      }
      console.log(`round ${r + 1} ${t}: update ${(u * 1000).toFixed(1)} µs, read ${(rd * 1000).toFixed(1)} µs (load ${loadavg()[0]!.toFixed(1)})`);
    }
  }
  console.log(`mean: update ${((sums.u0 / ROUNDS) * 1000).toFixed(1)} → ${((sums.u1 / ROUNDS) * 1000).toFixed(1)} µs (${(sums.u1 / sums.u0).toFixed(2)}×), ` +
    `read ${((sums.r0 / ROUNDS) * 1000).toFixed(1)} → ${((sums.r1 / ROUNDS) * 1000).toFixed(1)} µs (${(sums.r1 / sums.r0).toFixed(2)}×)`);
} finally {
  await db.end().catch(() => undefined);
  await store.close();
  await server.stop();
}
