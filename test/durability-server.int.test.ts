// kill -9 of the server process under steady HTTP write load (a few cycles; `npm run bench:soak` runs 100):
// every acknowledged event is present after restart, no duplicates, no partial batch, no sequence gap, and the
// audit chain still verifies. SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { soak } from './support/soak.ts';
import type { SoakResult } from './support/soak.ts';
import { startPostgres } from './support/postgres.ts';

const check = (r: SoakResult) => {
  assert.equal(r.survived, r.cycles);
  assert.ok(r.acknowledged > 0, 'the load was acknowledged at all');
  assert.equal(r.lost, 0, 'acknowledged events lost');
  assert.equal(r.duplicates, 0);
  assert.equal(r.partialBatches, 0);
  assert.equal(r.gaps, 0);
  assert.equal(r.auditOk, true);
};

test('kill -9 of the server on SQLite: nothing acknowledged is lost', { timeout: 120_000 }, async () => {
  check(await soak({ backend: 'sqlite', cycles: 3 }));
});

test('kill -9 of the server on PostgreSQL: nothing acknowledged is lost', { timeout: 180_000 }, async () => {
  const pg = await startPostgres();
  try {
    check(await soak({ backend: 'postgres', cycles: 3, databaseUrl: pg.url }));
  } finally {
    await pg.stop();
  }
});
