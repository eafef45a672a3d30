// Choose the adapter from the environment: PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR.
import type { Store } from './port.ts';
import { openSqliteStore } from './sqlite.ts';
import { openPostgresStore } from './postgres.ts';

export interface StoreEnv {
  DATABASE_URL?: string | undefined;
  DATA_DIR?: string | undefined;
}

/** Opens (does not migrate) the store; the server and `goldenhour migrate` call `store.migrate()` next. */
export async function openStore(env: StoreEnv): Promise<Store> {
  if (env.DATABASE_URL) return openPostgresStore({ url: env.DATABASE_URL });
  return openSqliteStore({ dataDir: env.DATA_DIR || './data' });
}
