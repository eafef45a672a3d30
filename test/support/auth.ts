// Test support for authenticated HTTP tests: a real app (SQLite store + trust database in a temp directory, auth
// ON) and a way to get a token for any role and scope. Use this instead of `auth: false` in new tests.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import type { Store } from '../../src/storage/port.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppOptions } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { openTrust } from '../../src/auth/trust.ts';
import type { Trust } from '../../src/auth/trust.ts';
import type { Role } from '../../src/auth/policy.ts';
import type { TrustOptions } from '../../src/server/trust-hooks.ts';
import { checkAnswersAgainstContracts } from './contract.ts';
import { startPostgres } from './postgres.ts';

export interface AuthTestApp {
  app: FastifyInstance & { ctx: AppContext };
  store: Store;
  trust: Trust;
  dir: string;
  close(): Promise<void>;
}

/** `databaseUrl`: the store and trust tables on that (empty) PostgreSQL database instead of SQLite files. */
export async function authTestApp(options: Partial<AppOptions> & { trustOptions?: Omit<TrustOptions, 'trust'>; databaseUrl?: string } = {}): Promise<AuthTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-auth-'));
  const { trustOptions, databaseUrl, ...rest } = options;
  const store = databaseUrl ? await openPostgresStore({ url: databaseUrl }) : await openSqliteStore({ dataDir: dir });
  await store.migrate();
  const trust = await openTrust(databaseUrl ? { url: databaseUrl } : { dataDir: dir });
  const app = await buildApp({ webDist: join(dir, 'no-web'), ...rest, store, auth: { rateLimit: false, ...trustOptions, trust } });
  checkAnswersAgainstContracts(app);
  return {
    app,
    store,
    trust,
    dir,
    async close() {
      await app.close();
      await store.close();
      await trust.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same app on SQLite or on a PostgreSQL of its own (fsync off), closed with its server after the running test. */
export async function authTestAppOn(db: 'sqlite' | 'postgres', options: Partial<AppOptions> = {}): Promise<AuthTestApp> {
  const pg = db === 'postgres' ? await startPostgres({ fsyncOff: true }) : null;
  const t = await authTestApp({ ...options, ...(pg ? { databaseUrl: pg.url } : {}) });
  after(async () => {
    await t.close();
    await pg?.stop();
  });
  return t;
}

let n = 0;
export const TEST_PASSWORD = 'correct horse battery';

/** Create a user with this role and scope and sign in over HTTP; returns the bearer token and the username. */
export async function createUserAndLogin(
  t: { app: FastifyInstance; trust: Trust },
  role: Role,
  scope: { units?: string[]; facilities?: string[]; username?: string } = {},
): Promise<{ token: string; username: string; headers: { authorization: string } }> {
  const username = scope.username ?? `${role}-${++n}`;
  await t.trust.auth.addUser({
    username,
    password: TEST_PASSWORD,
    role,
    units: scope.units ?? (role === 'medic' ? ['1-coy'] : []),
    facilities: scope.facilities ?? (role === 'facility' ? ['role2-north'] : []),
  });
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  if (r.statusCode !== 200) throw new Error(`login failed: ${r.statusCode} ${r.body}`);
  const token = (r.json() as { token: string }).token;
  return { token, username, headers: { authorization: `Bearer ${token}` } };
}

/** A request as `who` that must succeed (else the test fails naming the URL and the answer); resolves to the body. */
export function okCaller(t: { app: FastifyInstance }) {
  return async (who: { headers: { authorization: string } }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<string> => {
    const r = await t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    return r.body;
  };
}
