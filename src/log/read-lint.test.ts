// The lint rule that keeps routes reading through the door: a store read of casualties or events in a route is an
// error whose message says what to do instead; reads through ctx.read(req) are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const configUrl: string = new URL('../../eslint.config.js', import.meta.url).href;
const config = (await import(configUrl)) as { storeReadInRoutes: Linter.RuleEntry; storeReadOutsideDoor: Linter.RuleEntry };
const { storeReadInRoutes } = config;

const code = `
export async function route(ctx: any, req: unknown, store: any) {
  await ctx.store.casualties({});
  await ctx.store.casualty('x');
  await store.eventsAfter(0, 10);
  await ctx.store.eventsOf('x');
  await ctx.store.append([], 'now');
  await ctx.read(req).casualties({});
  await ctx.read(req).card('x');
  await ctx.store.listEntities('vehicle');
}`;

test('no-restricted-syntax forbids casualty and event reads from the store in a route, and appends; not the door', () => {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': storeReadInRoutes } }], 'x.ts');
  assert.deepEqual(messages.map((m) => m.line), [3, 4, 5, 6, 7]);
  assert.ok(messages.slice(0, 4).every((m) => /through the door: ctx\.read\(req\)/.test(m.message)), messages[0]?.message);
  assert.match(messages[4]!.message, /casualty log \(src\/log/);
});

test('the project config applies it to every route file, not to the door or the store', async () => {
  const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });
  const rule = async (f: string) => JSON.stringify(((await eslint.calculateConfigForFile(f)) as { rules?: Record<string, unknown> }).rules?.['no-restricted-syntax'] ?? null);
  for (const f of ['src/server/routes/casualties.ts', 'src/server/routes/new-list.ts', 'src/server/routes/interop.ts']) assert.match(await rule(f), /through the door/, `${f} is covered`);
  for (const f of ['src/log/read.ts', 'src/storage/sqlite.ts']) assert.doesNotMatch(await rule(f), /through the door/, `${f} may read the store`);
});

test('every process of the server reads through the door too: TAK, upstream, the stream hub, the CLI, accounting', async () => {
  const root = new URL('../../', import.meta.url).pathname;
  const eslint = new ESLint({ cwd: root });
  const rule = async (f: string) => JSON.stringify(((await eslint.calculateConfigForFile(f)) as { rules?: Record<string, unknown> }).rules?.['no-restricted-syntax'] ?? null);
  const processes = ['src/interop/tak/service.ts', 'src/interop/tak/bridge.ts', 'src/sync/upstream.ts', 'src/server/stream-hub.ts', 'src/server/trust-hooks.ts', 'src/server/workforce.ts', 'src/cli/commands/export.ts', 'src/accounting/incident.ts', 'src/interop/new-bridge.ts'];
  for (const f of processes) assert.match(await rule(f), /processReader/, `${f} is covered`);
  // The door, the adapters and the chain's verification (it must read the rows behind the door's back) may.
  for (const f of ['src/log/read.ts', 'src/storage/sqlite.ts', 'src/audit/casualty-log.ts']) assert.doesNotMatch(await rule(f), /processReader|through the door/, `${f} may read the store`);
  // And the processes that read the store directly before now pass it (this one rule, no type information needed).
  const linter = new Linter({ configType: 'flat' });
  const found = processes.filter((f) => !f.includes('new-bridge')).flatMap((f) =>
    linter.verify(readFileSync(join(root, f), 'utf8'), [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': config.storeReadOutsideDoor } }], f)
      .map((m) => `${f}:${m.line} ${m.message}`));
  assert.deepEqual(found, []);
});

test('the process message says what to do instead', () => {
  const { storeReadOutsideDoor } = config;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': storeReadOutsideDoor } }], 'x.ts');
  assert.deepEqual(messages.map((m) => m.line), [3, 4, 5, 6, 7]);
  assert.ok(messages.slice(0, 4).every((m) => /processReader\(\{ store \}\)/.test(m.message)), messages[0]?.message);
});
