// Browser tests share their scaffolding (web/test/harness.ts): one axe() and one server+browser setup (e2eSuite), so
// a fix to either reaches every screen's test. A file that grows its own copy again fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = import.meta.dirname;

test('no browser test defines its own axe() or starts its own server and browser', () => {
  const files = globSync('*.e2e.test.ts', { cwd: DIR });
  assert.ok(files.length >= 10, `${files.length} browser test files`);
  const copies = files.flatMap((f) => {
    const text = readFileSync(join(DIR, f), 'utf8');
    return [
      /\bfunction axe\s*\(|\baxe\s*=\s*async\b/.test(text) ? `${f}: its own axe()` : null,
      /axe\.min\.js/.test(text) ? `${f}: loads axe-core itself` : null,
      /=\s*await startServer\(/.test(text) ? `${f}: starts its own server (use e2eSuite)` : null,
      /^(let|const) browser\b|=\s*await launch\(\)/m.test(text) ? `${f}: launches its own browser (use e2eSuite)` : null,
    ].filter((x): x is string => x !== null);
  });
  assert.deepEqual(copies, []);
});
