// The claims ledger replicated between two servers' databases, SQLite and PostgreSQL each way
// (test/support/claims-sync-contract.ts); the two real server processes over HTTP are in src/accounting/replicate-http.int.test.ts.
import { before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../storage/sqlite.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import type { OpenLedger } from '../../test/support/claims-sync-contract.ts';
import { claimsSyncContract } from '../../test/support/claims-sync-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'gh-claims-sync-'));
let pg: PgServer | undefined;
let n = 0;
// Missing binaries make this throw: the suite fails with the harness's message, it never skips.
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
  rmSync(root, { recursive: true, force: true });
});

const sqlite: OpenLedger = async () => {
  const store = await openSqliteStore({ dataDir: join(root, `s${++n}`) });
  await store.migrate();
  return { store, db: store.sql, cleanup: () => store.close() };
};
const postgres: OpenLedger = async () => {
  const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 2 });
  await store.migrate();
  return { store, db: store.sql, cleanup: () => store.close() };
};

claimsSyncContract('SQLite → PostgreSQL', sqlite, postgres);
claimsSyncContract('PostgreSQL → SQLite', postgres, sqlite);
