// Configuration from the environment (README: PORT, HOST, DATA_DIR, DATABASE_URL).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Store } from '../storage/port.ts';
import { openStore } from '../storage/open.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
}

/** The repository root (where package.json is). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
  };
}

/** "PostgreSQL at host:5432/db" or "SQLite at /abs/data/goldenhour.db" — never the password. */
/** What `migrate` and `serve` print about the schema: the count and the version reached, not every file's number
 *  (each database numbers its own files, with gaps where a change needed only the other one). */
export function migrationsSaid(applied: readonly number[]): string {
  if (!applied.length) return 'schema up to date';
  // "applied 24 migrations; schema at version 34" read as ten missing: the gaps are said for what they are.
  const last = applied[applied.length - 1]!;
  const gaps = applied.length < last - applied[0]! + 1 ? ' (numbers skipped were changes this database did not need)' : '';
  return `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}; schema at version ${last}${gaps}`;
}

export function describeDatabase(c: Config): string {
  if (c.databaseUrl) {
    try {
      const u = new URL(c.databaseUrl);
      return `PostgreSQL at ${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      return 'PostgreSQL (DATABASE_URL)';
    }
  }
  return `SQLite at ${resolve(c.dataDir, 'goldenhour.db')}`;
}

export async function openConfiguredStore(c: Config): Promise<Store> {
  try {
    return await openStore({ DATABASE_URL: c.databaseUrl, DATA_DIR: c.dataDir });
  } catch (err) {
    if ((err as Error).name === 'StoreLockedError')
      throw new UsageError(`${(err as Error).message}\nThe embedded database is used by one process at a time: stop the running server first (or use PostgreSQL via DATABASE_URL).`);
    throw err;
  }
}

/** Open and bring the schema up to date (export/import/demo on a fresh data directory just work). */
export async function openMigratedStore(c: Config): Promise<Store> {
  const store = await openConfiguredStore(c);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** An error whose message is for the user: printed without a stack trace, exit code 2 for usage, 1 otherwise. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
