// The lint rule that keeps the door the only way in: `store.append` outside src/log and src/storage is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The config is plain JS (no types): import it by a computed specifier.
const configUrl: string = new URL('../../eslint.config.js', import.meta.url).href;
const { appendOutsideDoor } = (await import(configUrl)) as { appendOutsideDoor: Linter.RuleEntry };

const code = `
export async function sneak(store: { append(e: unknown[], n: string): Promise<unknown> }, ctx: { store: typeof store }) {
  await store.append([], 'now');
  await ctx.store.append([], 'now');
  await ctx.log.record([]);
  await ctx.store.workforce.appendFacts([], 'now');
}`;

test('no-restricted-syntax forbids store.append, ctx.store.append and workforce.appendFacts, not the doors', () => {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': appendOutsideDoor } }], 'x.ts');
  assert.deepEqual(messages.map((m) => m.line), [3, 4, 6]);
  assert.ok(messages.slice(0, 2).every((m) => /casualty log \(src\/log/.test(m.message)));
  assert.match(messages[2]!.message, /src\/log\/workforce\.ts/);
});

test('the project config applies it everywhere but the door and the store', async () => {
  const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });
  const on = async (f: string) => ((await eslint.calculateConfigForFile(f)) as { rules?: Record<string, unknown> }).rules?.['no-restricted-syntax'];
  for (const f of ['src/server/routes/casualties.ts', 'src/sync/upstream.ts', 'src/interop/tak/bridge.ts', 'src/cli/commands/import.ts', 'src/workforce/x.ts'])
    assert.ok(await on(f), `${f} is covered`);
  for (const f of ['src/log/service.ts', 'src/storage/sqlite.ts']) assert.equal(await on(f), undefined, `${f} may append`);
});
