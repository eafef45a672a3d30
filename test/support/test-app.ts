// Test support for the HTTP tests: a real SQLite store in a temporary directory (or PostgreSQL via the harness)
// behind a freshly built app. Not a mock: the same store the server runs on. Authentication is off here
// (`auth: false`): these are the tests of the issue-2 routes; src/auth has the denial tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import type { Store } from '../../src/storage/port.ts';
import type { AppOptions } from '../../src/server/app.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { checkAnswersAgainstContracts } from './contract.ts';

export interface TestApp {
  app: FastifyInstance & { ctx: AppContext };
  store: Store;
  dir: string;
  close(): Promise<void>;
}

export async function sqliteTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-http-'));
  const store = await openSqliteStore({ dataDir: dir });
  await store.migrate();
  const app = await buildApp({ webDist: join(dir, 'no-web'), auth: false, ...options, store }); // tests opt out of auth explicitly (test/support/auth.ts signs in)
  checkAnswersAgainstContracts(app);
  return {
    app,
    store,
    dir,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function storeTestApp(store: Store, options: Partial<AppOptions> = {}): Promise<FastifyInstance & { ctx: AppContext }> {
  await store.migrate();
  const app = await buildApp({ webDist: join(tmpdir(), 'gh-no-web'), auth: false, ...options, store });
  checkAnswersAgainstContracts(app);
  return app;
}
