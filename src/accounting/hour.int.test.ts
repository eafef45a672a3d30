// The analysts' hour taken as it starts (hour.ts): the first analyst request after the hour, to the accounting figures
// or /api/stats, computes nothing — the process's timer took both at the hour's start, as it took the hour under way
// as the server started — and answers the hour's figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { recordCasualty } from '../../test/support/accounting.ts';
import type { Schedule } from './hour.ts';

const HOUR = '2026-03-05T10:00:00.000Z';
const at = (min: number): string => new Date(Date.parse(HOUR) + min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
test(`the first analyst request after the hour computes nothing: the timer took the hour's figures (${db})`, async () => {
  let clock = at(-30);
  const pending: { fn: () => void; ms: number }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const t = { fn, ms };
    pending.push(t);
    return () => void pending.splice(pending.indexOf(t), 1);
  };
  const t = await authTestAppOn(db, { now: () => clock, figuresAhead: schedule });
  await t.app.ready();
  assert.deepEqual(pending.map((p) => p.ms), [30 * 60_000], 'the timer waits for 10:00');
  const hour = t.app.ctx.analystHour;
  await hour.started;
  assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1], '09:00 taken as the server starts');
  const admin = await createUserAndLogin(t, 'admin');
  const analyst = await createUserAndLogin(t, 'analyst');
  for (let i = 0; i < 6; i++) await recordCasualty(t, admin, at(-40 - i));
  hour.figures.taken = hour.stats.computed = 0;
  // 10:00: the timer fires and takes the hour's figures; a casualty is recorded just after.
  clock = at(0);
  pending.shift()!.fn();
  assert.deepEqual(pending.map((p) => p.ms), [3_600_000], 'then waits for 11:00');
  assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1]);
  clock = at(0.5);
  await recordCasualty(t, admin, at(-1));
  // The hour's first analyst requests: answered from what the timer took.
  clock = at(1);
  const get = async (url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: analyst.headers });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { generatedAt: string; casualties?: unknown; deidentified?: { casualties: unknown } };
  };
  const recorded = await get('/api/accounting/recorded?unit=a-coy');
  const stats = await get('/api/stats');
  assert.equal(recorded.deidentified!.casualties, 6);
  assert.equal(stats.casualties, 6);
  assert.equal(stats.generatedAt, '2026-03-05T10:00:00Z');
  assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1], 'the first request after the hour computed');
});
