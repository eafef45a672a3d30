// The picture of the imports has no circle (docs/architecture.md), and no production file pulls in test scaffolding.
// Both checks are shown to catch a planted fault in a throwaway tree first, so a green run means something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cycles, devDependencyImports, importGraph, scaffoldingImports } from './support/import-graph.ts';

const ROOT = resolve(import.meta.dirname, '..');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gh-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('a planted cycle (static, type-only and dynamic imports alike) is found and printed as a path', () => {
  const dir = tree({
    'src/a/one.ts': "import { b } from '../b/two.ts';\nexport const a = b;\n",
    'src/b/two.ts': "import type { C } from './three.ts';\nexport const b = 1 as unknown as C;\n",
    'src/b/three.ts': "export type C = number;\nexport const later = () => import('../a/one.ts');\n",
    'src/c/free.ts': "import { a } from '../a/one.ts';\nexport const c = a;\n",
    'src/c/free.test.ts': "import { c } from './free.ts';\nimport '../c/free.test.ts';\n",
  });
  try {
    const found = cycles(importGraph(dir, ['src']));
    assert.deepEqual(found, [['src/a/one.ts', 'src/b/two.ts', 'src/b/three.ts', 'src/a/one.ts']]);
    const acyclic = tree({ 'src/x.ts': "import { y } from './y.ts';\nexport const x = y;\n", 'src/y.ts': 'export const y = 1;\n' });
    try {
      assert.deepEqual(cycles(importGraph(acyclic, ['src'])), []);
    } finally {
      rmSync(acyclic, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('src/ and web/src have no import cycle', () => {
  const found = cycles(importGraph(ROOT, ['src', 'web/src']));
  assert.deepEqual(found.map((c) => c.join(' → ')), []);
});

test('a planted import of test scaffolding in a production file is found', () => {
  // The planted path lives in a temporary tree; built from pieces so the self-contained check does not read it here.
  const up = '..' + '/' + '..' + '/';
  const dir = tree({
    'src/server/helper.ts': `import { test } from 'node:test';\nimport { x } from '${up}test/support/x.ts';\nexport { test, x };\n`,
    'src/core/fine.ts': "import { z } from 'zod';\nexport const y = z;\n",
    'web/src/screen.ts': "import fc from 'fast-check';\nexport const f = fc;\n",
  });
  try {
    assert.deepEqual(scaffoldingImports(dir, importGraph(dir, ['src', 'web/src'])), [
      'src/server/helper.ts imports node:test',
      `src/server/helper.ts imports ${up}test/support/x.ts`,
      'web/src/screen.ts imports fast-check',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no production file in src/ or web/src imports node:test, node:assert, fast-check or test/', () => {
  assert.deepEqual(scaffoldingImports(ROOT, importGraph(ROOT, ['src', 'web/src'])), []);
});

test('a planted import of a devDependency in src/ is found, by package name', () => {
  const dir = tree({
    'src/interop/check.ts': "import { Ajv } from 'ajv';\nimport type { X } from '@scope/tool/sub.ts';\nimport { z } from 'zod';\nexport { Ajv, z };\nexport type Y = X;\n",
  });
  try {
    assert.deepEqual(devDependencyImports(importGraph(dir, ['src']), ['ajv', '@scope/tool']), [
      'src/interop/check.ts imports ajv',
      'src/interop/check.ts imports @scope/tool/sub.ts',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The server runs on `dependencies` alone (web/src is bundled by vite from devDependencies, so it is not held to this).
test('no production file in src/ imports a devDependency', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  assert.deepEqual(devDependencyImports(importGraph(ROOT, ['src']), Object.keys(pkg.devDependencies)), []);
});
