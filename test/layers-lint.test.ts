// The layer table of docs/architecture.md is what lint enforces: for every folder of src/ in the table, an import of
// each other folder is an error exactly when the table does not list it (read from the table, checked against the
// project's own eslint config). A newcomer reads the table, not eslint.config.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = new URL('../', import.meta.url).pathname;

/** Rows of the table: folder (src/x) and the folders of ours it may import. */
function table(): { dir: string; allowed: string[] }[] {
  const doc = readFileSync(`${ROOT}docs/architecture.md`, 'utf8');
  const rows = [...doc.matchAll(/^\| `src\/([a-z]+)` \|.*\| ([^|]+) \|$/gm)].map((m) => ({ dir: m[1]!, may: m[2]!.trim() }));
  const dirs = rows.map((r) => r.dir);
  return rows.filter((r) => r.may !== 'everything').map((r, i) => {
    const but = /^everything above but (.+)$/.exec(r.may);
    const names = (s: string) => [...s.matchAll(/`?([a-z]+)`?/g)].map((m) => m[1]!).filter((d) => dirs.includes(d));
    return { dir: r.dir, allowed: but ? dirs.slice(0, i).filter((d) => !names(but[1]!).includes(d)) : names(r.may) };
  });
}

test('the layer table is what eslint.config.js enforces', async () => {
  const rows = table();
  assert.ok(rows.length >= 12, `${rows.length} rows read`);
  const eslint = new ESLint({ cwd: ROOT });
  const wrong: string[] = [];
  for (const { dir, allowed } of rows) {
    const file = `src/${dir}/probe.ts`;
    const rule = ((await eslint.calculateConfigForFile(file)) as { rules?: Record<string, Linter.RuleEntry> }).rules?.['no-restricted-imports'];
    const linter = new Linter({ configType: 'flat' });
    for (const other of rows.map((r) => r.dir).concat('cli').filter((d) => d !== dir)) {
      const code = `import { x } from '../${other}/probe.ts';\nexport const y = x;\n`;
      const errors = rule ? linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-imports': rule } }], file) : [];
      const refused = errors.some((m) => m.ruleId === 'no-restricted-imports');
      if (refused === allowed.includes(other)) wrong.push(`${dir} -> ${other}: table ${allowed.includes(other) ? 'allows' : 'forbids'}, lint ${refused ? 'refuses' : 'lets it through'}`);
    }
  }
  assert.deepEqual(wrong, []);
});

// The table's `src/server` row: "the only place fastify is imported". A type import counts too (the table says so
// above it): src/auth once took `FastifyReply` for one helper while its own lint let that through.
test('fastify may be imported (types too) only in src/server and src/cli', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const code = "import type { FastifyReply } from 'fastify';\nexport type R = FastifyReply;\n";
  const wrong: string[] = [];
  for (const { dir } of table()) {
    const file = `src/${dir}/probe.ts`;
    const rule = ((await eslint.calculateConfigForFile(file)) as { rules?: Record<string, Linter.RuleEntry> }).rules?.['no-restricted-imports'];
    const errors = rule ? new Linter({ configType: 'flat' }).verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-imports': rule } }], file) : [];
    const refused = errors.some((m) => m.ruleId === 'no-restricted-imports');
    if (refused === (dir === 'server')) wrong.push(`${dir}: lint ${refused ? 'refuses' : 'lets through'} a type import of fastify`);
  }
  assert.deepEqual(wrong, []);
});
