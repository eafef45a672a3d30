// Build the web app (web/dist) when it is missing or older than its sources: `npm start` runs it first, and the
// browser tests call ensureBuilt() so a stale build is never what they test.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..');
const DIST = join(REPO, 'web', 'dist');
const NODE = process.execPath;

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).filter((f) => f !== 'node_modules' && f !== 'dist').map((f) => newest(join(path, f))));
}

/** Build the web app once when web/dist is missing or older than its sources (web/ and src/core). `say` hears
 *  that a build starts and how long it took (`npm start` prints it, so a first start is not silent). */
export function ensureBuilt(say?: (line: string) => void): void {
  // Test files run in parallel processes: one builds, the others wait for it (a lock directory), then re-check.
  // One lock per checkout: two clones on one machine build their own web/dist and need not wait for each other.
  const lock = join(tmpdir(), `golden-hour-web-build-${createHash('sha256').update(REPO).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true }); // a crashed builder left it
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    buildIfStale(say);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(say?: (line: string) => void): void {
  const stamp = join(DIST, 'index.html');
  const src = Math.max(newest(join(REPO, 'web', 'src')), newest(join(REPO, 'web', 'public')), newest(join(REPO, 'web', 'index.html')),
    newest(join(REPO, 'web', 'vite.config.ts')), newest(join(REPO, 'src', 'core')));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= src && existsSync(join(DIST, 'sw.js'))) return;
  const started = Date.now();
  say?.('Building the web app (web/dist) from its sources…');
  const r = spawnSync(NODE, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
  say?.(`Web app built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

if (import.meta.main) ensureBuilt((line) => console.log(line));
