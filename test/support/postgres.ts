// A real, throwaway PostgreSQL server for tests: Debian's binaries, initdb in a temporary directory, listening on
// a free 127.0.0.1 port with its unix socket inside that directory, removed on stop(). As root (CI), initdb and
// postgres refuse to run, so they run as the `postgres` system user (setpriv execs, so the child pid is the
// postmaster itself and signals reach it) in a directory chowned to that user.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, globSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function pgBinDir(): string | null {
  const found = globSync('/usr/lib/postgresql/*/bin/initdb')
    .map((p) => ({ p, v: Number(/postgresql\/(\d+)/.exec(p)?.[1] ?? 0) }))
    .sort((a, b) => b.v - a.v);
  return found[0] ? found[0].p.replace(/\/initdb$/, '') : null;
}

/** True when Debian's PostgreSQL server binaries are installed. */
export function pgAvailable(): boolean {
  return pgBinDir() !== null;
}

/** Throws a clear error (tests must fail, not skip) when PostgreSQL is missing. */
export function requirePg(): string {
  const bin = pgBinDir();
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install Debian\'s `postgresql` package (.ci/run does).',
    );
  return bin;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no `postgres` system user (install Debian\'s postgresql package)');
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PgServer {
  /** URL of the database created at start (`test`). */
  url: string;
  port: number;
  /** Create another empty database on this server; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stop the server now (SIGKILL of the postmaster: a crash) and start it again on the same data. */
  crashRestart(): Promise<void>;
  stop(): Promise<void>;
}

export interface PgOptions {
  /** fsync=off: faster, only for tests that never look at crash durability. Default: fsync on. */
  fsyncOff?: boolean;
}

let dbCounter = 0;

export async function startPostgres(opts: PgOptions = {}): Promise<PgServer> {
  const bin = requirePg();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gh-pg-'));
  const data = join(dir, 'data');
  const logPath = join(dir, 'postgres.log');
  const asPg = (cmd: string, args: string[]): [string, string[]] => {
    if (!root) return [cmd, args];
    return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]];
  };
  if (root) {
    const u = postgresUser();
    chownSync(dir, u.uid, u.gid);
  }
  mkdirSync(data, { mode: 0o700 });
  if (root) {
    const u = postgresUser();
    chownSync(data, u.uid, u.gid);
  }
  const [ic, ia] = asPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const init = spawnSync(ic, ia, { encoding: 'utf8', cwd: dir });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout || init.error?.message}`);
  }

  let child: ChildProcess | null = null;
  let port = 0;
  const killNow = () => child?.kill('SIGKILL');
  process.once('exit', killNow);

  const launch = async (keepPort: boolean): Promise<void> => {
    for (let attempt = 0; attempt < 6; attempt++) {
      if (!keepPort || port === 0) port = await freePort();
      const args = [
        '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=16MB',
        '-c', 'max_connections=60', '-c', 'max_wal_size=256MB', ...(opts.fsyncOff ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : []),
      ];
      const [pc, pa] = asPg(join(bin, 'postgres'), args);
      const log = openSync(logPath, 'a');
      const proc = spawn(pc, pa, { stdio: ['ignore', log, log], cwd: dir });
      closeSync(log);
      child = proc;
      let exited = false;
      proc.once('exit', () => (exited = true));
      const deadline = Date.now() + 30_000;
      while (!exited && Date.now() < deadline) {
        const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
        try {
          await c.connect();
          await c.end();
          return;
        } catch {
          await c.end().catch(() => undefined);
          await sleep(50);
        }
      }
      if (!exited) proc.kill('SIGKILL');
      await sleep(keepPort ? 500 : 100);
    }
    throw new Error(`postgres did not start; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
  };

  const waitExit = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const done = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(signal);
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(t);
  };

  try {
    await launch(false);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const createDatabase = async (name = `t${process.pid}_${++dbCounter}`): Promise<string> => {
    const c = new pg.Client({ connectionString: urlOf('postgres') });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}"`);
    } finally {
      await c.end();
    }
    return urlOf(name);
  };
  await createDatabase('test');

  return {
    get url() {
      return urlOf('test');
    },
    get port() {
      return port;
    },
    createDatabase,
    async crashRestart() {
      await waitExit('SIGKILL');
      // Leftover backends of a SIGKILLed postmaster die on their own; wait until the data dir is free.
      await sleep(300);
      await launch(true);
    },
    async stop() {
      process.removeListener('exit', killNow);
      await waitExit('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
