// Lint is part of `npm test`. Layer boundaries are enforced here, not by convention:
// core and dispatch are pure (no Node APIs, no I/O libraries); edges depend on core, never on each other's internals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'core/dispatch are pure and isomorphic: no Node APIs.' };
const ioLibs = ['fastify', 'pg', 'playwright-core', 'maplibre-gl', '@tak-ps/node-cot'].map((name) => ({
  name,
  message: 'core/dispatch are pure: no I/O libraries.',
}));
/**
 * THE DOOR (src/log): only the casualty log service appends to the store, so every writer is validated, authorised
 * and audited alike. Matches `store.append(…)`, `ctx.store.append(…)`, `this.o.store.append(…)`.
 */
export const appendOutsideDoor = [
  'error',
  {
    selector: "CallExpression[callee.property.name='append'][callee.object.name=/[sS]tore$/]",
    message: 'append through the casualty log (src/log: ctx.log(req).record / processLog(...).record), never store.append: it validates, authorises, audits and announces.',
  },
  {
    selector: "CallExpression[callee.property.name='append'][callee.object.property.name=/[sS]tore$/]",
    message: 'append through the casualty log (src/log: ctx.log(req).record / processLog(...).record), never store.append: it validates, authorises, audits and announces.',
  },
  {
    selector: "CallExpression[callee.property.name='appendFacts']",
    message: 'write workforce facts through their door (src/log/workforce.ts: workforceDoor(...).record), never workforce.appendFacts: it validates, authorises, audits and announces.',
  },
];
/**
 * THE DOOR's read side (src/log/read.ts): routes read casualties and their events through `ctx.read(req)`, which
 * applies the caller's row scope in the query. A store read in a route would be unscoped: an error, saying so.
 */
const READS = '/^(casualty|casualties|eventsOf|eventsAfter|eventsAfterIn|getEvent|evacuations|planInputs|statistics|inScope)$/';
const readMessage =
  "read casualties and events through the door: ctx.read(req).casualty / .card / .casualties / .eventsAfter / .evacuations / .planInputs / .statistics (src/log/read.ts) applies the caller's row scope in the query; a store read here would be unscoped.";
export const storeReadInRoutes = [
  'error',
  ...appendOutsideDoor.slice(1),
  { selector: `CallExpression[callee.property.name=${READS}][callee.object.name=/[sS]tore$/]`, message: readMessage },
  { selector: `CallExpression[callee.property.name=${READS}][callee.object.property.name=/[sS]tore$/]`, message: readMessage },
];
/**
 * The same for every process of the server (the TAK link, the upstream loop, the live stream's hub, the CLI,
 * accounting, the workforce service): casualty and event reads go through a reader of the door, never the store.
 * Only src/log (the door), src/storage (the adapters) and src/audit (the chain's verification, which must read the
 * rows behind the door's back) read the store.
 */
const processReadMessage =
  "read casualties and events through the door (src/log/read.ts): processReader({ store }) in a process of the server or a command, ctx.read(req) in a request (.unscoped() for figures that show no row); a store read here bypasses the one door.";
export const storeReadOutsideDoor = [
  'error',
  ...appendOutsideDoor.slice(1),
  { selector: `CallExpression[callee.property.name=${READS}][callee.object.name=/[sS]tore$/]`, message: processReadMessage },
  { selector: `CallExpression[callee.property.name=${READS}][callee.object.property.name=/[sS]tore$/]`, message: processReadMessage },
];
/** The table's `src/server` row: fastify (its types too) is the server's alone; the layers under it stay framework-free. */
const fastifyOnlyInServer = { name: 'fastify', message: 'fastify belongs to src/server (hooks in src/server/trust-hooks.ts): take a plain value or a structural type here.' };
const LAYERS = ['core', 'dispatch', 'sim', 'workforce', 'storage', 'audit', 'auth', 'log', 'sync', 'interop', 'accounting', 'server', 'cli'];
/** One block per layer: any import of a layer not in `allowed` is an error with `message`. */
const boundary = (dir, allowed, message, o = {}) => ({
  files: [`src/${dir}/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        ...(o.pure ? { paths: ioLibs } : dir === 'server' ? {} : { paths: [fastifyOnlyInServer] }),
        patterns: [
          ...(o.pure ? [nodeBuiltins] : []),
          {
            // and never the web app (web/src): it talks to src/ over HTTP only.
            group: [...LAYERS.filter((d) => d !== dir && !allowed.includes(d)).flatMap((d) => [`**/${d}/*`, `**/${d}/**`, `../${d}/**`, `../../${d}/**`]), '**/web/src/**'],
            message: `${dir} may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'}: ${message}`,
          },
        ],
      },
    ],
  },
});
const layer = (dirs, message) => ({ group: dirs.flatMap((d) => [`**/${d}/*`, `../${d}/*`, `../../${d}/*`]), message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'web/dist/**', 'artifacts/**', 'test-results/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'web/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/log/**', 'src/storage/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': appendOutsideDoor },
  },
  // Every process: no append and no casualty read outside the door (one rule entry: a later one replaces an earlier one).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/log/**', 'src/storage/**', 'src/audit/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': storeReadOutsideDoor },
  },
  // Routes: no append and no casualty read outside the door.
  { files: ['src/server/routes/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-syntax': storeReadInRoutes } },
  // THE LAYER TABLE (docs/architecture.md), one boundary per layer, bottom to top. A layer imports only the layers
  // listed for it; each message says what to do instead.
  boundary('core', [], 'core is pure and imports nothing of ours: put shared types and pure rules here, not there.', { pure: true }),
  boundary('dispatch', ['core'], 'dispatch is pure: take what it needs as arguments (the server reads the store and calls it).', { pure: true }),
  boundary('sim', ['core', 'dispatch'], 'the simulator runs on core and dispatch only: no store, server or CLI.'),
  boundary('storage', ['core'], 'storage knows only core: authorisation, validation and audit policy belong to the layers above (src/log).'),
  boundary('audit', ['core', 'storage'], 'the audit chain sits on storage: it must not depend on auth, the log service or the server.'),
  boundary('auth', ['core', 'storage', 'audit'], 'auth is identities and the pure policy: fastify hooks live in src/server/trust-hooks.ts.'),
  boundary('log', ['core', 'storage', 'auth'], 'the casualty log (the one door) sits under every writer: sync, interop, server and cli call it, never the reverse.'),
  boundary('sync', ['core', 'storage', 'log'], 'replication writes through the casualty log (src/log) and reads the store: no server, auth hooks or CLI.'),
  boundary('interop', ['core', 'storage', 'log'], 'interop translates at the edge and writes through the casualty log (src/log): no server or CLI.'),
  boundary('workforce', ['core', 'dispatch', 'sim'], 'workforce is pure (HiGHS runs in-process): the server reads the registry and calls it.', { pure: true }),
  boundary('accounting', ['core', 'storage', 'auth'], 'accounting is an edge over the store\'s SQL facet: it does not depend on the log, the server or the CLI.'),
  boundary('server', ['core', 'dispatch', 'workforce', 'storage', 'audit', 'auth', 'log', 'sync', 'interop', 'accounting'], 'the server is under the CLI: pass what it needs in AppOptions.'),
  {
    files: ['web/**/*.ts'],
    ignores: ['web/test/**', 'web/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'pg', message: 'browser code' }, { name: 'fastify', message: 'browser code' }],
          patterns: [
            { group: ['node:*'], message: 'the web app runs in the browser: no Node APIs.' },
            {
              // web/src has folders of its own named like layers (web/src/sync): match the server's src/<layer> only.
              group: [
                ...['storage', 'server', 'cli', 'sim', 'auth', 'audit', 'log', 'sync', 'interop', 'workforce'].map((d) => `**/src/${d}/**/*.ts`),
                '!**/src/sync/hlc.ts',
                '!**/src/interop/handover/code.ts',
              ],
              message: 'the web app talks to the server over HTTP: share code through src/core (or the pure src/sync/hlc.ts, src/interop/handover/code.ts).',
            },
            { group: ['**/src/accounting/**/*.ts'], allowTypeImports: true, message: 'the web app may use accounting\'s result types only (import type).' },
            { ...layer(['dispatch'], 'the web app may use the planner\'s result types only (import type).'), allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
