// The accounting contract on a real PostgreSQL (a throwaway cluster from test/support/postgres.ts).
import { before, after } from 'node:test';
import { openPostgresStore } from '../storage/postgres.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { accountingContract } from '../../test/support/accounting-contract.ts';

let pg: PgServer | undefined;
// Missing binaries make this throw: the suite fails with the harness's message, it never skips.
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
});

accountingContract('postgres', async () => {
  const url = await pg!.createDatabase();
  const store = await openPostgresStore({ url, poolSize: 2 });
  await store.migrate();
  return { store, db: store.sql, cleanup: () => store.close() };
});
