// ATTACK PROBE (fails on purpose): /api/workforce/aggregates leaves out cells under 5 ("a rare profession in a small
// registry names a person") but prints the exact total beside the kept cells, so the left-out cell is the difference:
// with 5 surgeons and 1 anaesthesiologist an analyst reads "clinicians: 6, byProfession: {general-surgeon: 5}" — the
// lone anaesthesiologist is counted exactly (and, watched over time, their arrival or loss). /api/stats suppresses the
// complement for this reason ("suppressed"); this route does not. Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_COLUMNS, toCsvLine } from '../../src/workforce/csv.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

const row = (cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) => toCsvLine(CSV_COLUMNS.map((c) => cells[c] ?? ''));
const person = (id: string, profession: string) =>
  row({ id, name: `Test ${id}`, profession, credentials: `${profession}|1|MoH`, training: 'degree|260|2015-06-01', languages: 'uk', status: 'mobilised' });

test('the aggregates do not give a left-out cell away by difference', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const personnel = await createUserAndLogin(t, 'personnel');
  const analyst = await createUserAndLogin(t, 'analyst');
  const csv = [CSV_COLUMNS.join(','), ...[1, 2, 3, 4, 5].map((i) => person(`s${i}`, 'general-surgeon')), person('a1', 'anaesthesiologist')].join('\n');
  const imp = await t.app.inject({ method: 'POST', url: '/api/workforce/import', headers: personnel.headers, payload: { csv } });
  assert.equal(imp.statusCode, 200, imp.body);
  const agg = (await t.app.inject({ method: 'GET', url: '/api/workforce/aggregates', headers: analyst.headers })).json() as { clinicians: number; byProfession: Record<string, number> };
  const shown = Object.values(agg.byProfession).reduce((a, b) => a + b, 0);
  const hidden = agg.clinicians - shown;
  assert.ok(!(hidden > 0 && hidden < 5), `left-out professions total exactly ${hidden} (clinicians ${agg.clinicians} - shown ${shown}): ${JSON.stringify(agg)}`);
});
