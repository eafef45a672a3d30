// No function over 150 lines in src/ or web/src (the project's rule: split a long function into named pieces).
// The scan reads the TypeScript AST; it is shown first to measure a planted long function of every kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { functionLengths, treeFunctionLengths } from './support/function-length.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MAX_FUNCTION_LINES = 150;

const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

test('the scan measures declarations, arrows, methods and nested functions by their lines', () => {
  const text = [
    `export function long() {\n${body(160)}\n}`, // 162 lines
    `const arrow = (x: number) => {\n${body(3)}\n  return x;\n};`, // 6
    `class K {\n  method() {\n${body(10)}\n    const inner = function () {\n${body(2)}\n    };\n  }\n}`,
  ].join('\n');
  const found = functionLengths('x.ts', text);
  const by = Object.fromEntries(found.map((f) => [f.name, f.lines]));
  assert.equal(by.long, 162);
  assert.equal(by.arrow, 6);
  assert.equal(by.method, 16);
  assert.equal(by.inner, 4);
  assert.equal(found.find((f) => f.name === 'long')!.where, 'x.ts:1');
});

test(`no function in src/ or web/src is over ${MAX_FUNCTION_LINES} lines`, () => {
  const all = treeFunctionLengths(ROOT, ['src', 'web/src']);
  assert.ok(all.length > 1000, `the scan found ${all.length} functions`);
  const long = all.filter((f) => f.lines > MAX_FUNCTION_LINES).sort((a, b) => b.lines - a.lines);
  assert.deepEqual(long.map((f) => `${f.where} ${f.name}: ${f.lines} lines`), []);
});
