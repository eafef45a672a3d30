// scripts/test.ts run straight from the checkout's Node (`node_modules/.bin/node scripts/test.ts`, as CONTRIBUTING.md
// says), not through npm: PATH then holds neither tsc nor eslint. It used to end at once, exit 1, saying nothing.
// Here it runs in a throwaway one-file project with an empty PATH: the typecheck must really run (a type error fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(import.meta.dirname, '..', 'scripts', 'test.ts');

function project(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gh-test-script-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', target: 'es2022' }, files: ['a.ts'] }));
  writeFileSync(join(dir, 'a.ts'), source);
  writeFileSync(join(dir, 'eslint.config.js'), 'export default [{}];\n');
  return dir;
}

const runIn = (dir: string) => spawnSync(process.execPath, [SCRIPT], { cwd: dir, env: { PATH: '' }, encoding: 'utf8' });

test('scripts/test.ts with no file named typechecks and lints with the checkout\'s tools, whatever PATH holds', () => {
  const good = project('export const a: number = 1;\n');
  const bad = project('export const a: number = "one";\n');
  try {
    const ok = runIn(good);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^# tsc -p tsconfig\.json/m);
    assert.match(ok.stdout, /^# eslint --max-warnings=0 \./m);
    const refused = runIn(bad);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout, /a\.ts.*error TS2322/);
  } finally {
    rmSync(good, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  }
});
