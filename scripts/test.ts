// `npm test`: typecheck, lint, then every *.test.ts under src/, test/ and web/ with Node's own test runner.
// One runner for unit, database, HTTP and browser tests; the slow ones opt in to their own timeouts.
// `npm run test:unit` (`--unit`): only the tests that need no server process, database, network or browser — every
// *.test.ts except *.int.test.ts (server, PostgreSQL/SQLite, sockets) and *.e2e.test.ts (Chromium).
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const run = (cmd: string, args: string[]): void => {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`# ${cmd} ${args.slice(0, 2).join(' ')} … ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const unit = process.argv.includes('--unit');
const only = process.argv.slice(2).filter((a) => a !== '--unit');
if (only.length === 0 && !unit) {
  run('tsc', ['-p', 'tsconfig.json']);
  run('eslint', ['--max-warnings=0', '.']);
}
const files = only.length
  ? only
  : ['src', 'test', 'web']
      .flatMap((d) => globSync(`${d}/**/*.test.ts`))
      .filter((f) => !f.includes('node_modules'))
      .filter((f) => !unit || !/\.(int|e2e)\.test\.ts$/.test(f));
run(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files]);
