// editor-locate (an attack probe of session 16, now the regression test): an editor "sees no casualty", but a claim's
// place may have any radius (> 0) and any window, and GET /api/claims/:id/recorded answered exact counts (killed in
// action included) inside it, so a few claims located to the metre where and when someone of our side was wounded or
// killed. Now a caller who sees no casualty is answered by 0.01° cell and UTC day (src/accounting/incident.ts
// `coarseWindow`, docs/security.md): no sweep of claimed places finds a position inside a cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn } from '../../test/support/auth.ts';
import { SPOT, killedAtSpot } from '../../test/support/accounting.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
test(`an editor cannot locate a single casualty to a few metres with claims (${db})`, async () => {
  const t = await authTestAppOn(db);
  const { admin, editor } = await killedAtSpot(t);
  const here = SPOT;
  const claim = async (place: { lat: number; lon: number }): Promise<string> => {
    const c = await t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
      claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
      value: 1, valueKind: 'count', periodStart: ago(3 * 24 * 60), periodEnd: new Date().toISOString(), place: { ...place, radiusM: 5, precision: 'exact' },
    } });
    assert.equal(c.statusCode, 201, c.body);
    return (c.json() as { claim: { id: string } }).claim.id;
  };
  const recordedOf = async (claimId: string, who: { headers: { authorization: string } }) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/claims/${claimId}/recorded`, headers: who.headers });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { recorded: { casualties: unknown; killedInAction?: unknown } }).recorded;
  };
  const recorded = async (place: { lat: number; lon: number }) => recordedOf(await claim(place), editor);
  const at = await recorded(here);
  const away = await recorded({ lat: here.lat + 0.0002, lon: here.lon }); // 22 m north
  assert.ok(!(at.casualties === 1 && away.casualties === 0), `5 m claims: at the spot ${JSON.stringify(at)}, 22 m away ${JSON.stringify(away)}`);
  // A sweep of 5 m claims every 30 m across 600 m east–west through the spot: exact answers would say 1 only at the spot.
  const sweep: unknown[] = [];
  for (let i = -10; i <= 10; i++) sweep.push((await recorded({ lat: here.lat, lon: here.lon + (i * 30) / 73_700 })).casualties);
  assert.ok(new Set(sweep).size === 1 && sweep[0] === 1, `one answer along the sweep: ${JSON.stringify(sweep)}`);
  // An administrator (who sees every casualty) is answered exactly: nothing 22 m away, the casualty at the spot.
  const north = await claim({ lat: here.lat + 0.0002, lon: here.lon });
  assert.equal((await recordedOf(north, admin)).casualties, 0);
  assert.equal((await recordedOf(await claim(here), admin)).casualties, 1);
  // Linking by place is coarse too: a 5 m claim 22 m away links the casualty (the same cell), never by its metre.
  const link = await t.app.inject({ method: 'POST', url: `/api/claims/${north}/links`, headers: editor.headers, payload: { fromPlace: true, reason: 'probe' } });
  assert.equal(link.statusCode, 200, link.body);
  assert.equal((link.json() as { total: number }).total, 1);
});
