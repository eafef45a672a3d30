// The CSV parser is the inverse of the writer for any fields (commas, quotes, line breaks, non-ASCII), and reads the
// awkward rows of the real Oryx files (a quoted type name with a line break inside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvSyntaxError, csvRecords, parseCsv, parseCsvRows, toCsv } from './csv.ts';

test('parseCsv(toCsv(rows)) gives the rows back', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'б', ',', '"', '\n', '\r', ' ', '1', '=') });
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
      // A row of one empty field is written as "" (a blank line is no row).
      assert.deepEqual(parseCsv(toCsv(rows, false)), rows);
    }),
    { numRuns: 300 },
  );
});

test('quoted fields with line breaks, doubled quotes, CRLF and a BOM', () => {
  const text = '\ufeffcountry,equipment_type,n\r\nUkraine,"Surface-To-Air Missile Systems\n",3\r\nRussia,"say ""hi"", twice",4\n';
  assert.deepEqual(csvRecords(text), [
    { country: 'Ukraine', equipment_type: 'Surface-To-Air Missile Systems\n', n: '3' },
    { country: 'Russia', equipment_type: 'say "hi", twice', n: '4' },
  ]);
});

test('the writer defuses spreadsheet formulas unless asked not to', () => {
  assert.equal(toCsv([['=1+1', -3, '+x']]), "'=1+1,-3,'+x\r\n");
  assert.equal(toCsv([['=1+1']], false), '=1+1\r\n');
});

// The one codec serves the importers (line numbers), the exports (formulas defused) and the registry (exact).
const anyField = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', '\r\n', ' ', 'a', '=', '\ufeff') }));
const anyRows = fc.array(fc.array(anyField, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 6 });
const breaks = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0;

test('escape then parse is the identity, and each row knows the line it starts on (property)', () => {
  fc.assert(
    fc.property(anyRows, (rows) => {
      const back = parseCsvRows(toCsv(rows, false));
      assert.deepEqual(back.map((r) => r.cells), rows);
      let line = 1;
      rows.forEach((r, i) => {
        assert.equal(back[i]!.line, line, `row ${i}`);
        line += 1 + r.reduce((n, c) => n + breaks(c), 0);
      });
    }),
    { numRuns: 400 },
  );
});

test('an unterminated quote is refused with the line its row starts on, never read as data (property)', () => {
  fc.assert(
    fc.property(anyRows, anyField, (rows, tail) => {
      const before = toCsv(rows, false);
      const line = 1 + breaks(before);
      assert.throws(() => parseCsvRows(`${before}x,"${tail.replaceAll('"', '')}`), (e: unknown) => e instanceof CsvSyntaxError && e.line === line);
    }),
    { numRuns: 200 },
  );
  assert.throws(() => csvRecords('a,b\n1,"2\n3,4\n'), /line 2: .*unterminated quote/);
});

test('blank lines are no rows; CR, LF and CRLF each end one line', () => {
  assert.deepEqual(parseCsvRows('a,b\r\n\r\nc,"d"\n\re\r'), [{ line: 1, cells: ['a', 'b'] }, { line: 3, cells: ['c', 'd'] }, { line: 5, cells: ['e'] }]);
  assert.deepEqual(parseCsvRows('""\n,\n'), [{ line: 1, cells: [''] }, { line: 2, cells: ['', ''] }]);
});
