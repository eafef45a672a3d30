// The workforce CSV import's report (session 39's attack review, medium-high): every problem on every line was
// collected on the main thread and returned — 300,000 bad lines (20 MB) took 24.6 s, /api/health waited 22.9 s, the
// answer was 330 MB. Now the report lists the first WORKFORCE_IMPORT_ISSUES problems by line and counts them all
// (issuesTotal), a file of more than WORKFORCE_CSV_ROWS rows is refused (413) before a row is checked, and the rows
// are checked in slices between which the server answers its other requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKFORCE_CSV_ROWS, WORKFORCE_IMPORT_ISSUES } from '../../src/core/index.ts';
import { CSV_COLUMNS } from '../../src/workforce/csv.ts';
import { importCsv } from '../../src/server/workforce.ts';
import { processWorkforceDoor } from '../../src/log/workforce.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

interface Report { lines: number; valid: number; stored: boolean; issues: { line: number; field: string }[]; issuesTotal: number }
const header = CSV_COLUMNS.join(',');
const NOW = '2026-06-01T12:00:00.000Z';

test('the import report lists the first problems and counts them all; too many rows is a 413 naming the limit', async () => {
  const t = await authTestAppOn('sqlite');
  const personnel = await createUserAndLogin(t, 'personnel');
  const post = (csv: string) => t.app.inject({ method: 'POST', url: '/api/workforce/import', headers: personnel.headers, payload: { csv } });

  // 3,000 lines of one cell: one problem each (the header has 14).
  const bad = 3000;
  const r = await post([header, ...Array.from({ length: bad }, () => 'x')].join('\n'));
  assert.equal(r.statusCode, 200, r.body);
  const report = (r.json() as { report: Report }).report;
  assert.equal(report.issuesTotal, bad);
  assert.equal(report.issues.length, WORKFORCE_IMPORT_ISSUES);
  assert.deepEqual(report.issues.map((i) => i.line), Array.from({ length: WORKFORCE_IMPORT_ISSUES }, (_, i) => i + 2), 'the first problems, by line');
  assert.equal(report.stored, false);

  // One row more than the limit: refused whole, the limit named.
  const big = await post([header, ...Array.from({ length: WORKFORCE_CSV_ROWS + 1 }, () => 'x')].join('\n'));
  assert.equal(big.statusCode, 413, big.body);
  const err = (big.json() as { error: { code: string; message: string } }).error;
  assert.equal(err.code, 'too_large');
  assert.match(err.message, /more than 100,000 rows/);
  // The limit itself is accepted (and checked).
  const most = await post([header, ...Array.from({ length: WORKFORCE_CSV_ROWS }, () => 'x')].join('\n'));
  assert.equal(most.statusCode, 200, most.body);
  assert.equal((most.json() as { report: Report }).report.issuesTotal, WORKFORCE_CSV_ROWS);
});

test('the rows are checked in slices: other work runs between them', async () => {
  const t = await authTestAppOn('sqlite');
  const rows = Array.from({ length: 20_000 }, (_, i) => `n${i},Nurse ${i},nurse,,,,2,5,uk,mobilised,,,,`);
  // At the first progress (1,000 rows checked) another task is queued; it must run before the last row is checked.
  let other = false;
  let ranBeforeEnd: boolean | undefined;
  const report = await importCsv(t.store, processWorkforceDoor(t.store, 'test', { now: () => NOW }), [header, ...rows].join('\n'), {
    now: NOW, author: 'test',
    onProgress: (phase, done, total) => {
      if (phase !== 'validate') return;
      if (done === 1000) setImmediate(() => (other = true));
      if (done === total) ranBeforeEnd = other;
    },
  });
  assert.equal(report.valid, 20_000);
  assert.equal(ranBeforeEnd, true, 'the whole file was checked without a turn for anything else');
});
