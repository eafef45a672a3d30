// editor live (session 22's attack review): a claim's place is answered to those who see no casualty by 0.01° cell
// and UTC day (editor-locate), yet the answer was live — an editor polling a claim over today, or linking by its place
// again and again, saw a casualty count the minute it was recorded and an outcome the minute it was: the time within
// the day that coarse answers withhold. Now such a caller is answered as of the start of the current UTC day: what
// was injured, and what outcome came, before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { SPOT, pastNoon, recordCasualty, recordOutcome } from '../../test/support/accounting.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
test(`an editor's answers about a place do not move within the day (${db})`, async () => {
  const t = await authTestAppOn(db);
  const admin = await createUserAndLogin(t, 'admin');
  const editor = await createUserAndLogin(t, 'editor');
  const here = SPOT;
  const register = (injuredAt: string): Promise<string> => recordCasualty(t, admin, injuredAt);
  const outcome = (id: string, at: string, value: string): Promise<void> => recordOutcome(t, admin, id, at, value);
  await outcome(await register(pastNoon()), pastNoon(10), 'killed-in-action');
  const wounded = await register(pastNoon(20));
  const c = await t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
    claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
    value: 1, valueKind: 'count', periodStart: ago(3 * 24 * 60), periodEnd: new Date().toISOString(), place: { ...here, radiusM: 5, precision: 'exact' },
  } });
  assert.equal(c.statusCode, 201, c.body);
  const claimId = (c.json() as { claim: { id: string } }).claim.id;
  const recorded = async (who = editor) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}/recorded`, headers: who.headers });
    assert.equal(r.statusCode, 200, r.body);
    const { basis: _b, ...counts } = (r.json() as { recorded: Record<string, unknown> }).recorded;
    return counts;
  };
  const before = await recorded();
  assert.deepEqual(before, { casualties: 2, killedInAction: 1, diedOfWounds: 0, wounded: 1, stillOpen: 1 });

  await register(ago(5)); // recorded a minute ago, injured today
  await outcome(wounded, ago(1), 'died-of-wounds'); // an outcome today
  assert.deepEqual(await recorded(), before, 'a casualty or an outcome of today moves the editor\'s answer');
  const link = async () => (await t.app.inject({ method: 'POST', url: `/api/claims/${claimId}/links`, headers: editor.headers, payload: { fromPlace: true, reason: 'probe' } })).json() as { linked: number; total: number };
  assert.equal((await link()).total, 2, 'linking by place links today\'s casualty');
  assert.deepEqual(await recorded(), before, 'the linked casualties counted as of the day\'s start');
  await register(ago(1));
  assert.equal((await link()).linked, 0);
  // An administrator sees the casualties: answered as they are now.
  assert.deepEqual(await recorded(admin), { casualties: 2, killedInAction: 1, diedOfWounds: 1, wounded: 0, stillOpen: 0 });
});
