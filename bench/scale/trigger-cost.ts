// `node bench/scale/trigger-cost.ts [rounds=4]`: what the projection row's UPDATE triggers cost the database per
// append, measured inside it (issue 16). One casualty with a realistic state (~3.5 KB: a chain, a dozen vitals and
// notes); then, in turns, batches of updates of its row that (a) change nothing the triggers read and carry the same
// digests (what a note is since migration 029: no state parsed) and (b) move the plan digest (what a note was: the
// plan row's trigger parses the state, finds its fields unchanged and writes nothing). PostgreSQL: a server-side loop
// timed by clock_timestamp. Wall time on a shared machine: compare the lines of one run.
import { uuidv7 } from '../../src/core/index.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { at, makeChain, makeEvent } from '../../test/support/events.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import pg from 'pg';
import { loadavg } from 'node:os';

const ROUNDS = Number(process.argv[2] ?? 4);
const NOW = '2026-03-01T12:00:00.000Z';
const server = await startPostgres({ fsyncOff: true });
try {
  const url = await server.createDatabase('trigger_cost');
  const store = await openPostgresStore({ url, poolSize: 1 });
  await store.migrate();
  const cid = uuidv7();
  await store.append(makeChain(cid, { unitId: 'u-1' }).slice(0, 5), NOW);
  for (let i = 0; i < 12; i++) await store.append([makeEvent('vitals', cid, { pulse: 100 + i, rr: 12, avpu: 'A' }, at(20 + i)), makeEvent('note', cid, { text: 'a note of some length '.repeat(6) }, at(20 + i))], NOW);
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
  console.log(`PostgreSQL, state ${bytes} bytes, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
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
