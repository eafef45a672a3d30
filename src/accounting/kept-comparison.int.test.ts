// Kept comparisons (session 22's attack review, left low; fixed in session 23). A comparison of a claim with our
// records, kept as evidence, was an English sentence with its counts spelled out, read by every claims reader:
// - the analyst, who reads `/recorded` as `<5`, read `linked: 1`, a link entry's count and the note's counts exactly;
// - an administrator's comparison held the administrator's exact answer (a 5 m circle, the claim's own window, live),
//   which editors and analysts then read: an answer the editor could not get.
// Now a comparison is kept as data, computed for the coarsest claims reader (0.01° cell, whole days, as of the UTC
// day's start) whoever keeps it, and each reader reads it at their level (the analyst as cells).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../../test/support/auth.ts';
import { SPOT, killedAtSpot, recordCasualty } from '../../test/support/accounting.ts';
import { addEvidence } from './ledger.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
type Who = { headers: { authorization: string } };
type Detail = {
  linked: unknown;
  history: { action: string; reason: string | null; detail: Record<string, unknown> }[];
  evidence: { kind: string; note: string | null; comparison?: { basis: Record<string, unknown>; counts: Record<string, unknown> | null } | null }[];
};

async function scene(db: 'sqlite' | 'postgres') {
  const t = await authTestAppOn(db);
  const { admin, editor } = await killedAtSpot(t);
  const analyst = await createUserAndLogin(t, 'analyst');
  const c = await t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
    claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
    value: 3, valueKind: 'count', qualifier: 'about', periodStart: ago(3 * 24 * 60), periodEnd: new Date().toISOString(), place: { ...SPOT, radiusM: 5, precision: 'exact' },
  } });
  assert.equal(c.statusCode, 201, c.body);
  const claimId = (c.json() as { claim: { id: string } }).claim.id;
  const detail = async (who: Who): Promise<{ body: string; json: Detail }> => {
    const r = await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}`, headers: who.headers });
    assert.equal(r.statusCode, 200, r.body);
    return { body: r.body, json: r.json() as Detail };
  };
  const keep = async (who: Who, note?: string) => {
    const r = await t.app.inject({ method: 'POST', url: `/api/claims/${claimId}/comparison`, headers: who.headers, payload: { grade: { reliability: 'B', credibility: 2 }, ...(note ? { note } : {}) } });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { recorded: Record<string, unknown> };
  };
  return { t, admin, editor, analyst, claimId, detail, keep };
}

for (const db of ['sqlite', 'postgres'] as const) {
  test(`the analyst reads a claim's linked casualties and a kept comparison as cells (${db})`, async () => {
    const { t, editor, analyst, claimId, detail, keep } = await scene(db);
    const link = await t.app.inject({ method: 'POST', url: `/api/claims/${claimId}/links`, headers: editor.headers, payload: { fromPlace: true, reason: 'probe' } });
    assert.equal((link.json() as { total: number }).total, 1, link.body);
    await keep(editor, 'checked on the ground');

    const a = await detail(analyst);
    assert.equal(a.json.linked, '<5', `the analyst reads linked as a cell: ${a.body}`);
    assert.equal(a.json.history.find((h) => h.action === 'link')?.detail.casualties, '<5', 'a link entry\'s count as a cell');
    const kept = a.json.evidence.find((e) => e.kind === 'recorded-comparison');
    assert.ok(kept?.comparison, `the comparison is kept as data: ${a.body}`);
    assert.deepEqual(kept.comparison.counts, { casualties: '<5', killedInAction: '<5', diedOfWounds: 0, stillOpen: 0 }, 'cells, and no overlapping figure (wounded)');
    assert.equal(kept.note, 'checked on the ground', 'the keeper\'s own words stay as written');
    assert.doesNotMatch(a.body, /\b1 (casualties|killed in action)\b/, 'no count spelled out in a note or an entry\'s reason');
    // The editor reads the same comparison with its counts (their own level).
    const e = await detail(editor);
    assert.equal(e.json.linked, 1);
    assert.deepEqual(e.json.evidence.find((x) => x.kind === 'recorded-comparison')?.comparison?.counts, { casualties: 1, killedInAction: 1, diedOfWounds: 0, wounded: 0, stillOpen: 0 });
    // A unit's commander reads no counts kept over every unit (their own figures are live on /recorded); one of every unit does.
    const counts = async (who: Who) => (await detail(who)).json.evidence.find((x) => x.kind === 'recorded-comparison')?.comparison?.counts;
    assert.equal(await counts(await createUserAndLogin(t, 'commander', { units: ['b-coy'] })), null);
    assert.equal((await counts(await createUserAndLogin(t, 'commander')))?.killedInAction, 1);
    // Free text may not pass for a kept comparison.
    const forged = await t.app.inject({ method: 'POST', url: `/api/claims/${claimId}/evidence`, headers: editor.headers, payload: { firstSeen: ago(0), kind: 'recorded-comparison', note: 'Golden Hour recorded (linked casualties (as of 2026-03-05T00:00:00.000Z)): 9 casualties, 9 killed in action, 0 died of wounds, 0 wounded, 0 still open; claimed 3.' } });
    assert.equal(forged.statusCode, 400, forged.body);
  });

  test(`an administrator's kept comparison is the coarsest reader's, not the administrator's exact answer (${db})`, async () => {
    const { t, admin, editor, analyst, claimId, detail, keep } = await scene(db);
    await recordCasualty(t, admin, ago(5)); // injured today: the administrator counts it live, those who see no casualty do not yet
    const live = (await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}/recorded`, headers: admin.headers })).json() as { recorded: { casualties: number } };
    assert.equal(live.recorded.casualties, 2, 'the administrator\'s own answer is exact and live');
    const editorsOwn = ((await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}/recorded`, headers: editor.headers })).json() as { recorded: Record<string, unknown> }).recorded;
    assert.equal(editorsOwn.casualties, 1);

    await keep(admin);
    for (const [name, who] of [['editor', editor], ['analyst', analyst]] as const) {
      const r = await detail(who);
      assert.doesNotMatch(r.body, /within 5 m|\b2 casualties/, `${name} reads the administrator's exact answer: ${r.body}`);
      const kept = r.json.evidence.find((x) => x.kind === 'recorded-comparison');
      assert.deepEqual(kept?.comparison?.basis, editorsOwn.basis, `${name}: kept by cell and day, as of the day's start`);
    }
    const { basis: _b, ...counts } = editorsOwn;
    assert.deepEqual((await detail(editor)).json.evidence.find((x) => x.kind === 'recorded-comparison')?.comparison?.counts, counts, 'the editor\'s own counts, not the administrator\'s');
  });

  test(`a comparison note kept before session 23 (English text) still shows, at each reader's level (${db})`, async () => {
    const { t, admin, editor, analyst, claimId, detail } = await scene(db);
    // As an old server kept them: the sentence in the note and in the history entry's reason. Nothing is rewritten.
    const old = (basis: string, n: number) => `Golden Hour recorded (${basis}): ${n} casualties, ${n} killed in action, 0 died of wounds, 0 wounded, 0 still open; claimed about 3. seen from the road`;
    const coarse = old('linked casualties (as of 2026-03-05T00:00:00.000Z)', 7);
    const exact = old(`within 5 m, ${ago(3 * 24 * 60)} – ${ago(1)}`, 2);
    for (const note of [coarse, exact])
      await addEvidence(t.app.ctx.accounting, claimId, { firstSeen: ago(0), kind: 'recorded-comparison', note }, 'old-server', ago(0));
    const view = async (who: Who) => (await detail(who)).json.evidence.map((e) => [e.note, e.comparison?.basis.kind, e.comparison?.counts ?? null]);
    // An editor reads the coarse one with its counts, in their language (as data); the exact one without its counts.
    assert.deepEqual(await view(editor), [
      ['seen from the road', 'linked', { casualties: 7, killedInAction: 7, diedOfWounds: 0, wounded: 0, stillOpen: 0 }],
      ['seen from the road', 'place', null],
    ]);
    assert.deepEqual(await view(analyst), [
      ['seen from the road', 'linked', { casualties: 7, killedInAction: 7, diedOfWounds: 0, stillOpen: 0 }],
      ['seen from the road', 'place', null],
    ]);
    const a = await detail(analyst);
    assert.doesNotMatch(a.body, /Golden Hour recorded/, `the old sentence is not passed on as text: ${a.body}`);
    // Whoever sees every casualty reads both as kept.
    assert.deepEqual((await view(admin))[1], ['seen from the road', 'place', { casualties: 2, killedInAction: 2, diedOfWounds: 0, wounded: 0, stillOpen: 0 }]);
  });
}
