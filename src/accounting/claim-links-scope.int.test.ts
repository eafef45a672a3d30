// claim links (session 22's attack review): linking a claim by place is coarse for an editor (editor-locate), but the
// claim's history named the linked casualties — `detail.casualties`, read by every claims reader (editor, analyst,
// any commander). A casualty id is meant to be unguessable (docs/security.md), and a UUIDv7 minted on the phone holds
// its registration time to the millisecond: the time within the day that coarse answers withhold. And a claim's
// linked casualties were counted for a unit-scoped commander over every unit (another unit's killed in action).
// Now only those who see every casualty read the ids (others: how many), and linked counts follow the caller's units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { SPOT, killedAtSpot } from '../../test/support/accounting.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
test(`a claim's linked casualties: ids only to those who see every casualty, counts in the caller's units (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { admin, editor, id } = await killedAtSpot(t);
  const here = SPOT;
  const c = await t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
    claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
    value: 1, valueKind: 'count', periodStart: ago(3 * 24 * 60), periodEnd: new Date().toISOString(), place: { ...here, radiusM: 5, precision: 'exact' },
  } });
  assert.equal(c.statusCode, 201, c.body);
  const claimId = (c.json() as { claim: { id: string } }).claim.id;
  const link = await t.app.inject({ method: 'POST', url: `/api/claims/${claimId}/links`, headers: editor.headers, payload: { fromPlace: true, reason: 'probe' } });
  assert.equal((link.json() as { total: number }).total, 1, link.body);

  const detail = async (who: { headers: { authorization: string } }) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}`, headers: who.headers });
    assert.equal(r.statusCode, 200, r.body);
    return r;
  };
  const analyst = await createUserAndLogin(t, 'analyst');
  const other = await createUserAndLogin(t, 'commander', { units: ['b-coy'] });
  const own = await createUserAndLogin(t, 'commander', { units: ['a-coy'] });
  for (const [name, who] of [['editor', editor], ['analyst', analyst], ['b-coy commander', other], ['a-coy commander', own]] as const) {
    const r = await detail(who);
    assert.ok(!r.body.includes(id), `${name} reads the linked casualty's id: ${r.body}`);
    const linkEntry = (r.json() as { history: { action: string; detail: { casualties?: unknown } }[] }).history.find((h) => h.action === 'link');
    // The analyst reads it as a cell, as their figures (session 23).
    assert.equal(linkEntry?.detail.casualties, name === 'analyst' ? '<5' : 1, `${name}: the link entry says how many`);
  }
  assert.ok((await detail(admin)).body.includes(id), 'an administrator reads the ids');

  // Another unit's commander: the claim's linked casualties counted in their units (none), as a place is.
  const recorded = async (who: { headers: { authorization: string } }) =>
    (await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}/recorded`, headers: who.headers })).json() as { recorded: { casualties: number; killedInAction: number } };
  assert.deepEqual([(await recorded(other)).recorded.casualties, (await recorded(other)).recorded.killedInAction], [0, 0]);
  assert.equal(((await detail(other)).json() as { linked: number }).linked, 0);
  assert.deepEqual([(await recorded(own)).recorded.casualties, (await recorded(own)).recorded.killedInAction], [1, 1]);
  assert.equal(((await detail(own)).json() as { linked: number }).linked, 1);
  assert.equal((await recorded(editor)).recorded.killedInAction, 1, 'the editor still counts every unit (coarsely linked)');
});
