// The per-language tables are typed by the core's vocabularies (web/src/i18n/vocabulary.ts): the compiler itself
// refuses a missing label, a label left behind by a removed enum value, and a missing translation. Shown by compiling
// the real tables with one planted fault each (the files are changed in memory only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EN = join(ROOT, 'web/src/i18n/en.ts');
const UK = join(ROOT, 'web/src/i18n/uk.ts');
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f)).config, ts.sys, ROOT).options;

let base: ts.Program | undefined;
/** Type errors of the two tables (and what they import) with `edit` applied to the named file's text. The first
 * program's unchanged files (zod, the core) are reused by the next ones. */
function errors(edits: Record<string, (text: string) => string> = {}): string[] {
  const host = ts.createCompilerHost(config);
  const read = host.readFile.bind(host);
  host.readFile = (f) => {
    const text = read(f);
    const edit = edits[resolve(f)];
    return text !== undefined && edit ? edit(text) : text;
  };
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, fresh) => (edits[resolve(f)] ? ts.createSourceFile(f, host.readFile(f)!, lang) : getSource(f, lang, onError, fresh));
  const program = ts.createProgram([EN, UK], { ...config, noEmit: true }, host, base);
  base ??= program;
  // Only the two tables are type-checked (what they import is read for its types, not checked itself): the same
  // diagnostics for these files as a whole-program check, at a fraction of its cost.
  const tables = [EN, UK].map((f) => program.getSourceFile(f)!);
  return tables.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
    .filter((d) => d.file && [EN, UK].includes(resolve(d.file.fileName)))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
const line = (key: string) => (text: string): string => {
  const out = text.split('\n').filter((l) => !l.startsWith(`  '${key}':`)).join('\n');
  assert.notEqual(out, text, `${key} is in the table`);
  return out;
};

test('the tables as they are compile; each planted fault is a type error naming the key', { timeout: 240_000 }, () => {
  assert.deepEqual(errors(), []);
  // All faults planted at once (one more compilation, not one per fault); each must be named by some error.
  const found = errors({
    [EN]: (t) => [line('ev.void'), line('tcat.SALT.expectant'), line('vstatus.lost')].reduce((x, f) => f(x), t)
      .replace("  'stage.closed':", "  'stage.lost': 'Lost',\n  'stage.closed':"),
    // The Ukrainian table follows English, except for one translation left out.
    [UK]: (t) => [line('ev.void'), line('tcat.SALT.expectant'), line('vstatus.lost'), line('prec.urgent')].reduce((x, f) => f(x), t),
  }).join('\n');
  const expected: [string, RegExp][] = [
    ['an event type without its English label', /ev\.void/],
    ['a triage category without its label', /tcat\.SALT\.expectant/],
    ['a vehicle status without its label', /vstatus\.lost/],
    ['a label of a value no enum has', /stage\.lost/],
    ['a missing Ukrainian translation', /prec\.urgent/],
  ];
  for (const [what, names] of expected) assert.match(found, names, `${what}: ${found.slice(0, 600) || 'no type error'}`);
  assert.match(readFileSync(EN, 'utf8'), /everyValueLabelled.*noLabelLeftBehind/s);
});
