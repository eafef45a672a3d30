// A fresh clone is the whole product: no file in the repository may point at a path outside it (a sibling
// checkout, a machine's home or work directory). System binaries the test harness looks for (/usr/...) are allowed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = resolve(import.meta.dirname, '..');
const UP = '..' + '/';

// Built from pieces so that this file does not match its own patterns.
const MACHINE_DIRS = ['work', 'home', 'root', 'Users'].map((d) => '/' + d + '/');
const SIBLING = new RegExp(`(?:^|[^\\w.])(?:shared)/(?:spec|scenarios|data|design)`);
const CLIMB = new RegExp(`(?:${UP.replace(/[./]/g, '\\$&')})+[\\w@-][\\w./@-]*`, 'g');

/** Files git tracks plus new files not ignored, minus dependencies and lock files. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((f) => f !== '' && !f.includes('node_modules/') && !/(^|\/)(package-lock\.json|.*\.lock)$/.test(f));
}

/** The out-of-repository references in one file's text, as "line: snippet". */
export function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const say = (what: string) => found.push(`${file}:${i + 1}: ${what}`);
    for (const dir of MACHINE_DIRS) if (line.includes(dir)) say(dir);
    const sibling = SIBLING.exec(line);
    if (sibling) say(sibling[0].trim());
    for (const m of line.matchAll(CLIMB)) {
      // A relative path climbs out if it leaves the root from the file's own folder (how import.meta.dirname,
      // Markdown links and imports resolve it).
      const target = resolve(ROOT, dirname(file), m[0]);
      if (relative(ROOT, target).startsWith('..')) say(m[0]);
    }
  });
  return found;
}

test('no repository file refers to a path outside the repository', () => {
  const files = repositoryFiles();
  assert.ok(files.length > 50, 'git ls-files should list the repository');
  const bad = files.flatMap((f) => {
    const bytes = readFileSync(resolve(ROOT, f));
    if (bytes.includes(0)) return []; // binary
    return outsideReferences(f, bytes.toString('utf8'));
  });
  assert.deepEqual(bad, [], `files refer to paths outside the repository:\n${bad.join('\n')}`);
});

test('the checker finds each kind of outside reference', () => {
  const shared = 'shar' + 'ed';
  const sibling = [shared, 'scenarios', 'x.json'].join('/');
  assert.equal(outsideReferences('src/a/b.ts', `resolve(import.meta.dirname, '${UP}${UP}${UP}${sibling}')`).length, 2);
  assert.equal(outsideReferences('bench/x.ts', `readdirSync('${MACHINE_DIRS[0]}${shared}/scenarios')`).length, 2);
  assert.equal(outsideReferences('README.md', `see ${UP}${sibling}`).length, 2);
  assert.deepEqual(outsideReferences('src/a/b.ts', `import { x } from '${UP}${UP}core/index.ts';`), []);
  assert.deepEqual(outsideReferences('test/x.ts', `executablePath: '/usr/bin/chromium'`), []);
});
