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
];
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
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioLibs,
          patterns: [
            nodeBuiltins,
            layer(['dispatch', 'sim', 'storage', 'server', 'sync', 'interop', 'cli', 'auth'], 'core imports nothing of ours.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/dispatch/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioLibs,
          patterns: [nodeBuiltins, layer(['sim', 'storage', 'server', 'sync', 'interop', 'cli', 'auth'], 'dispatch depends on core only.')],
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts', 'src/interop/**/*.ts', 'src/sim/**/*.ts', 'src/accounting/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer(['server', 'cli', 'web'], 'edges do not depend on the server or CLI.')] },
      ],
    },
  },
  {
    files: ['src/workforce/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioLibs,
          patterns: [nodeBuiltins, layer(['storage', 'server', 'sync', 'interop', 'cli', 'auth'], 'workforce is pure: core, dispatch, sim.')],
        },
      ],
    },
  },
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
            layer(['storage', 'server', 'cli', 'sim'], 'the web app talks to the server over HTTP.'),
          ],
        },
      ],
    },
  },
);
