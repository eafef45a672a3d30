// The accounting contract on SQLite: accounting through the store's own connection (Store.sql).
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../storage/sqlite.ts';
import { accountingContract } from '../../test/support/accounting-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'gh-acct-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

accountingContract('sqlite', async () => {
  const dir = join(root, `c${++n}`);
  const store = await openSqliteStore({ dataDir: dir });
  await store.migrate();
  return { store, db: store.sql, cleanup: () => store.close() };
});
