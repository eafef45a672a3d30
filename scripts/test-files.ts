// Which test files `npm test` runs, by kind: unit (no server, database, network or browser), server/database
// (*.int.test.ts) and browser (*.e2e.test.ts). Shared by scripts/test.ts and scripts/unit-tests.ts.
import { globSync } from 'node:fs';
export type Kind = 'unit' | 'int' | 'e2e';
export const kindOf = (f: string): Kind => (f.endsWith('.e2e.test.ts') ? 'e2e' : f.endsWith('.int.test.ts') ? 'int' : 'unit');

/** Every *.test.ts under src/, test/ and web/ of the working directory (the checkout), of the kinds asked for. */
export function testFiles(kinds: readonly Kind[]): string[] {
  return ['src', 'test', 'web']
    .flatMap((d) => globSync(`${d}/**/*.test.ts`))
    .filter((f) => !f.includes('node_modules') && kinds.includes(kindOf(f)))
    .sort();
}
