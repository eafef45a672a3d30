// `goldenhour --help` must stay cheap (#9 item 4): the CLI imports a command's module only when that command runs,
// so help never loads the server, the storage layer or their libraries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, 'main.ts');

/** Every module URL the process loads while running the CLI with `args` (a resolve hook records them). */
function modulesLoadedBy(args: string[]): string[] {
  const hook = `import { registerHooks } from 'node:module';
registerHooks({ resolve(s, c, next) { const r = next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; } });`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', PORT: '' },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
}

test('goldenhour --help loads neither the server, the storage layer nor their libraries', () => {
  const loaded = modulesLoadedBy(['--help']);
  assert.ok(loaded.some((u) => u.endsWith('/src/cli/main.ts')), 'the hook sees the CLI itself');
  const heavy = loaded.filter((u) => /\/src\/(server|storage|auth|sync|interop|sim|dispatch)\/|\/node_modules\/(fastify|pg|zod)\//.test(u));
  assert.deepEqual(heavy, []);
});

test('a command loads its own module when it runs', () => {
  const loaded = modulesLoadedBy(['migrate', '--help']);
  assert.ok(loaded.some((u) => u.endsWith('/src/cli/commands/migrate.ts')));
  assert.ok(!loaded.some((u) => u.endsWith('/src/cli/commands/serve.ts')), 'not the others');
});
