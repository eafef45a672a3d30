// ATTACK PROBE (fails on purpose; a DESIGN question, since accounting.int.test.ts wants editors to see exact counts
// at a claimed place): an editor "sees no casualty", but a claim's place may have any radius (> 0) and any window, and
// GET /api/claims/:id/recorded answers exact counts (killed in action included) inside it. A few claims locate
// where — to the metre — and when someone of our side was wounded or killed: a unit's position and losses. The
// probing claims stay in the ledger (attributable), but nothing refuses or coarsens them. Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('an editor cannot locate a single casualty to a few metres with claims', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const admin = await createUserAndLogin(t, 'admin');
  const id = uuidv7();
  const here = { lat: 48.601234, lon: 38.004321 };
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: ago(60), unitId: 'a-coy', position: here } })).statusCode, 201);
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'outcome', at: ago(50), payload: { outcome: 'killed-in-action' } }] } })).statusCode, 200);
  const editor = await createUserAndLogin(t, 'editor');
  const recorded = async (place: { lat: number; lon: number }) => {
    const c = await t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
      claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
      value: 1, valueKind: 'count', periodStart: ago(24 * 60), periodEnd: new Date().toISOString(), place: { ...place, radiusM: 5, precision: 'exact' },
    } });
    assert.equal(c.statusCode, 201, c.body);
    const r = await t.app.inject({ method: 'GET', url: `/api/claims/${(c.json() as { claim: { id: string } }).claim.id}/recorded`, headers: editor.headers });
    return (r.json() as { recorded: { casualties: unknown; killedInAction?: unknown } }).recorded;
  };
  const at = await recorded(here);
  const away = await recorded({ lat: here.lat + 0.0002, lon: here.lon }); // 22 m north
  assert.ok(!(at.casualties === 1 && away.casualties === 0), `5 m claims: at the spot ${JSON.stringify(at)}, 22 m away ${JSON.stringify(away)}`);
});
