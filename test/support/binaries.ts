// Where the tests' native programs come from. PostgreSQL and Chromium ship as npm packages (devDependencies), so
// `npm install && npm test` works on a machine with only Node; the OS packages are a fallback where the npm ones
// do not cover the platform. GH_BARE=1 makes the harness ignore every system binary, as on a bare machine.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** True when the harness must behave as on a machine with nothing but Node and npm. */
export const bareMachine = (): boolean => process.env['GH_BARE'] === '1';

/** Test-only switch: pretend the npm-shipped binaries are not installed (to test the missing-binary message). */
export const npmBinariesHidden = (): boolean => process.env['GH_HIDE_NPM_BINARIES'] === '1';

/**
 * A native program the tests need is missing. Its message says what to install; it carries no stack trace, since
 * the trace of the harness says nothing useful to someone who only lacks a package.
 */
export class MissingBinaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingBinaryError';
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * The folder of an installed npm package, or null. `via` names the package that depends on it, for platform
 * packages installed as another package's optional dependency.
 */
export function packageDir(name: string, via?: string): string | null {
  if (npmBinariesHidden()) return null;
  // Node's own lookup folders (node_modules of here and every parent), not require.resolve: some of these packages
  // have no entry point, or `exports` that hide their package.json.
  const from = via ? packageDir(via) : dirname(import.meta.filename);
  if (!from) return null;
  const lookup = createRequire(join(from, 'package.json')).resolve.paths(name) ?? [];
  return lookup.map((d) => join(d, name)).find((d) => existsSync(join(d, 'package.json'))) ?? null;
}
