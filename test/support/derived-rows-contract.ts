// The rows derived from a casualty's projection by the database's triggers (read side: casualty_access and
// casualty_reads; accounting: casualty_facts, casualty_tourniquets and their roll-ups), run against every adapter.
// Migration 021 rewrites them only when an input of theirs changed (issue 16: a note rewrote them all):
//  - a note or vitals append leaves every derived row untouched, a decision or a step of the chain rewrites them;
//  - fast-check: after any interleaving of a casualty's chain with notes and vitals, appended one event at a time
//    in any order, every derived table equals a rebuild from the projection rows (the INSERT triggers, which fire
//    unconditionally).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { uuidv7 } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import type { SqlRunner } from '../../src/storage/sql.ts';
import { at, makeChain, makeEvent } from './events.ts';
import type { OpenStore } from './store-contract.ts';
import { withMigratedStore } from './store-contract.ts';

const NOW = '2026-03-01T12:00:00.000Z';

/** Every derived table, each as a sorted list of its rows (roll-up cells counting nothing left out: they stay at 0). */
const DERIVED: Record<string, string> = {
  casualty_access: 'SELECT key, casualty_id FROM casualty_access',
  casualty_reads: 'SELECT * FROM casualty_reads',
  casualty_plan: 'SELECT * FROM casualty_plan',
  casualty_facts: 'SELECT * FROM casualty_facts',
  casualty_tourniquets: 'SELECT * FROM casualty_tourniquets',
  casualty_rollup: 'SELECT * FROM casualty_rollup WHERE n_all <> 0',
  casualty_tq_rollup: 'SELECT * FROM casualty_tq_rollup WHERE n <> 0',
  casualty_stats_rollup: 'SELECT * FROM casualty_stats_rollup WHERE n <> 0',
  casualty_arrival_minutes: 'SELECT * FROM casualty_arrival_minutes WHERE n <> 0',
  casualty_time_tenths: 'SELECT * FROM casualty_time_tenths WHERE n <> 0',
};

async function derivedRows(sql: SqlRunner): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, q] of Object.entries(DERIVED)) out[table] = (await sql.all<Record<string, unknown>>(q)).map((r) => JSON.stringify(r)).sort();
  return out;
}

/** Empty every derived table and insert the projection rows again: what the triggers derive from scratch. */
async function rebuilt(store: Store): Promise<Record<string, string[]>> {
  const copy = store.kind === 'postgres' ? 'CREATE TEMP TABLE casualties_copy ON COMMIT DROP AS SELECT * FROM casualties' : 'CREATE TEMP TABLE casualties_copy AS SELECT * FROM casualties';
  let rows: Record<string, string[]> = {};
  await store.sql
    .tx(async (t) => {
      await t.run(copy);
      await t.run('DELETE FROM casualties');
      for (const table of Object.keys(DERIVED)) await t.run(`DELETE FROM ${table}`);
      await t.run('INSERT INTO casualties SELECT * FROM casualties_copy');
      if (store.kind === 'sqlite') await t.run('DROP TABLE casualties_copy');
      rows = await derivedRows(t);
      throw new RolledBack(); // leave the store as it was
    })
    .catch((err: unknown) => {
      if (!(err instanceof RolledBack)) throw err;
    });
  return rows;
}
class RolledBack extends Error {}

/** Count the derived rows deleted from now on (every rewrite deletes the old rows first). */
async function countRewrites(store: Store): Promise<() => Promise<number>> {
  const s = store.sql;
  await s.run('CREATE TABLE derived_rewrites (n integer NOT NULL)');
  await s.run('INSERT INTO derived_rewrites (n) VALUES (0)');
  if (store.kind === 'postgres')
    await s.run("CREATE FUNCTION derived_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE derived_rewrites SET n = n + 1; RETURN NULL; END $$");
  for (const table of ['casualty_facts', 'casualty_access'])
    await s.run(
      store.kind === 'postgres'
        ? `CREATE TRIGGER ${table}_rewritten AFTER DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION derived_rewrite()`
        : `CREATE TRIGGER ${table}_rewritten AFTER DELETE ON ${table} BEGIN UPDATE derived_rewrites SET n = n + 1; END`,
    );
  return async () => Number((await s.all<{ n: number }>('SELECT n FROM derived_rewrites'))[0]!.n);
}

/** A casualty's chain (closed by an outcome) with notes and vitals put between its steps at `spots`. */
function interleaved(cid: string, spots: number[]): CasualtyEvent[] {
  const chain = makeChain(cid, { unitId: 'u-1', facilityId: 'r2-a', close: true });
  const evs = [...chain];
  spots.forEach((spot, i) => {
    const k = 1 + (spot % chain.length); // after the registration
    const when = at(2.5 + k * 0.01 + i * 0.0001);
    evs.splice(Math.min(k, evs.length), 0, i % 2 ? makeEvent('vitals', cid, { pulse: 80 + i }, when) : makeEvent('note', cid, { text: `n${i}` }, when));
  });
  return evs;
}

export function derivedRowsContract(name: string, open: OpenStore): void {
  const withStore = (fn: (s: Store) => Promise<void>): Promise<void> => withMigratedStore(open, fn);

  describe(`Derived rows contract: ${name}`, () => {
    it('a note or vitals rewrites no derived row; a decision or a step of the chain rewrites them', async () => {
      await withStore(async (s) => {
        const cid = uuidv7();
        const [reg, tq, triage, ...rest] = makeChain(cid, { unitId: 'u-1' });
        await s.append([reg!, tq!], NOW);
        const rewrites = await countRewrites(s);
        await s.append([makeEvent('note', cid, { text: 'splint on' }, at(2.5))], NOW);
        await s.append([makeEvent('vitals', cid, { pulse: 110 }, at(2.6))], NOW);
        assert.equal(await rewrites(), 0, 'a note and vitals leave the derived rows as they are');
        await s.append([triage!], NOW);
        const afterTriage = await rewrites();
        assert.ok(afterTriage > 0, 'a triage decision rewrites them');
        for (const e of rest) await s.append([e], NOW);
        assert.ok((await rewrites()) > afterTriage, 'the chain rewrites them');
        assert.deepEqual(await derivedRows(s.sql), await rebuilt(s));
      });
    });

    it('fast-check: any interleaving, appended event by event in any order, derives what a rebuild derives', async () => {
      await withStore(async (s) => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.nat(20), { maxLength: 6 }),
            fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
            async (spots, order) => {
              const cid = uuidv7();
              const evs = interleaved(cid, spots);
              // Registration first (clients register first); the rest in a random order: late events refold.
              const tail = evs.slice(1).map((e, i) => ({ e, k: order[i % order.length]! })).sort((a, b) => a.k - b.k).map((x) => x.e);
              for (const e of [evs[0]!, ...tail]) await s.append([e], NOW);
              assert.deepEqual(await derivedRows(s.sql), await rebuilt(s));
            },
          ),
          { numRuns: 12 },
        );
      });
    });
  });
}
