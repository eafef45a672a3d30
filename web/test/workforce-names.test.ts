// Two clinicians of one name in a proposal read as one person proposed twice (a personnel officer's review, session
// 48): a shared name is told apart by the end of the clinician's id; a unique one stays as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clinicianLabel } from '../src/workforce/screen.ts';

test('a name two clinicians share carries the end of each id; a unique name does not', () => {
  const names = new Map([['clin-0042', 'Halyna Marchenko'], ['clin-0917', 'Halyna Marchenko'], ['clin-0100', 'Ivan Petrenko']]);
  assert.equal(clinicianLabel(names, 'clin-0042'), 'Halyna Marchenko · 0042');
  assert.equal(clinicianLabel(names, 'clin-0917'), 'Halyna Marchenko · 0917');
  assert.equal(clinicianLabel(names, 'clin-0100'), 'Ivan Petrenko');
  assert.equal(clinicianLabel(names, 'clin-9999'), 'clin-9999', 'an unknown id is shown as it is');
});
