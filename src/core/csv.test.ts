// The CSV parser is the inverse of the writer for any fields (commas, quotes, line breaks, non-ASCII), and reads the
// awkward rows of the real Oryx files (a quoted type name with a line break inside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvRecords, parseCsv, toCsv } from './csv.ts';

test('parseCsv(toCsv(rows)) gives the rows back', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'б', ',', '"', '\n', '\r', ' ', '1', '=') });
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
      // A row of one empty field is written as an empty line; the parser reads an empty line as that row.
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
