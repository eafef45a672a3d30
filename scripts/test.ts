// `npm test`: typecheck and lint beside every *.test.ts under src/, test/ and web/, run by Node's own test runner.
// One runner for unit, database, HTTP and browser tests; the slow ones opt in to their own timeouts.
// `npm run test:unit` (`--unit`): only the tests that need no server process, database, network or browser — every
// *.test.ts except *.int.test.ts (server, PostgreSQL/SQLite, sockets) and *.e2e.test.ts (Chromium), all in one
// process (scripts/unit-tests.ts). Files named on the command line run each in its own process, as Node runs them.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testFiles } from './test-files.ts';

// tsc and eslint from this checkout's node_modules, not from PATH: run as `node_modules/.bin/node scripts/test.ts`
// (not through npm) PATH has neither, and the run ended at once, exit 1, saying nothing.
// They run on this Node, so no other `node` need be on PATH either.
const BIN = join(import.meta.dirname, '..', 'node_modules', '.bin');
const tool = (name: string, args: string[]): [string, string[]] =>
  existsSync(join(BIN, name)) ? [process.execPath, [join(BIN, name), ...args]] : [name, args];

/** "# tsc -p tsconfig.json … 23.4 s" once a command ends. */
const took = (cmd: string, args: string[], started: number): void => {
  const shown = cmd === process.execPath && args[0]?.startsWith(BIN) ? [args[0].slice(BIN.length + 1), ...args.slice(1)] : [cmd, ...args];
  console.log(`# ${shown.slice(0, 3).join(' ')} … ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

const run = ([cmd, args]: [string, string[]]): void => {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  took(cmd, args, started);
  if (r.error) console.error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/**
 * tsc and eslint, started beside the tests: each one's output is printed whole when it ends, and a failure stops the
 * tests at once (`stop`) and the run with its code. Run before the tests, their ~55 s on two cores left a core idle
 * for ~20 s, and the tests left ~15 % of both cores idle between files (browser waits); beside them they fill it.
 */
const checkBeside = (cmds: [string, string[]][], stop: () => void, started: ChildProcess[]): Promise<number> =>
  Promise.all(cmds.map(([cmd, args]) => new Promise<number>((done) => {
    const began = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('error', (e) => { console.error(`could not run ${cmd}: ${e.message}`); stop(); done(1); });
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(out));
      took(cmd, args, began);
      if (code !== 0) stop();
      done(code ?? 1);
    });
  }))).then((codes) => codes.find((c) => c !== 0) ?? 0);

const unit = process.argv.includes('--unit');
const only = process.argv.slice(2).filter((a) => a !== '--unit');
// The unit tests run as one file (scripts/unit-tests.ts: one process for all), first; then the browser files, the
// longest, so that the short server/database files fill the end and neither worker idles while the other finishes.
const UNIT = join(import.meta.dirname, 'unit-tests.ts');
const files = only.length ? only : unit ? [UNIT] : [UNIT, ...testFiles(['e2e']), ...testFiles(['int'])];
// Node's own report, then the slowest files (scripts/slowest-files.ts). Test servers hash passwords at the test cost
// (src/auth/crypto.ts: a quarter of the server tests' CPU was signing users in); a test of the real cost sets its own.
process.env['PASSWORD_COST'] ??= 'low';
// Every test process, and every server and worker thread it starts, loads the same TypeScript again: Node keeps each
// file's stripped source and compiled code here (checked against the file's content, so an edit is never served
// stale). Loading the test app took 1.9 CPU-s without it and 1.2 with it; a server test file 4.0-4.6 against 3.8-4.1.
process.env['NODE_COMPILE_CACHE'] ??= join(import.meta.dirname, '..', 'node_modules', '.cache', 'node-compile-cache');
const reporter = ['--test-reporter', join(import.meta.dirname, 'slowest-files.ts'), '--test-reporter-destination', 'stdout'];
// Three files at a time on two cores: with two, a browser file's waits (a page's load, a server's answer) left ~15 %
// of the cores idle; a third fills them (the whole run 830 -> 749 s). TEST_CONCURRENCY sets another number.
const concurrency = Number(process.env['TEST_CONCURRENCY']) || 3;
const testArgs = ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...reporter, ...files];
if (only.length || unit) run([process.execPath, testArgs]);
else {
  const started = Date.now();
  // In a process group of their own, so that stopping them reaches every process they started (a test PostgreSQL
  // outlived its file's process otherwise), as a Ctrl-C in the terminal does; ours is passed on to them.
  const tests = spawn(process.execPath, testArgs, { stdio: 'inherit', detached: true });
  const tested = new Promise<number>((done) => tests.on('close', (code) => done(code ?? 1)));
  const stop = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-tests.pid!, signal);
    } catch { /* already ended */ }
  };
  const checks: ChildProcess[] = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => [stop(signal), ...checks.map((c) => c.kill(signal))]);
  let stopped = false;
  const checked = await checkBeside([tool('tsc', ['-p', 'tsconfig.json']), tool('eslint', ['--max-warnings=0', '.'])], () => {
    if (!stopped) console.log('# a check failed: the tests are stopped');
    stopped = true;
    stop('SIGINT');
  }, checks);
  const code = await tested;
  took(process.execPath, testArgs, started);
  process.exit(checked || code);
}
