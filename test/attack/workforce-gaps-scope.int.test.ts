// The gaps' load for a unit's dispatcher or commander (session 25's attack review, medium): GET /api/workforce/gaps
// showed them only their units' sites, but weighed each by a casualty load read over every casualty, live: a site's
// `load` counted other units' casualties received at its facility, and its `weightedGap` (1 + load / mean load over
// EVERY site) gave away the mean — so polled, a bde-3 dispatcher counted bde-7's casualties as they were recorded.
// Now those who see some casualties but not all weigh the gaps by the casualties they see; personnel (who see none)
// keep whole past days of every casualty, and those who see all the live load of every casualty, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

type Who = { headers: { authorization: string } };
type Site = { siteId: string; load: number; weightedGap: number };

for (const db of ['sqlite', 'postgres'] as const)
  test(`a scoped dispatcher's gaps do not move with another unit's casualties (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const personnel = await createUserAndLogin(t, 'personnel');
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const site = (id: string, kind: 'unit' | 'facility', extra: object = {}) =>
      ({ id: uuidv7(), at, type: 'site.set', payload: { id, name: id, kind, templateId: 'mobile-or', position: { lat: 48.6, lon: 37.9 }, ...extra } });
    const facts = [
      { id: uuidv7(), at, type: 'template.set', payload: { id: 'mobile-or', name: 'Mobile OR', surgical: true, slots: [{ role: 'surgeon', count: 1, accepts: ['general-surgeon'], critical: true }] } },
      site('bde-3', 'unit'), site('bde-7', 'unit'), site('r2-site', 'facility', { facilityId: 'r2', unitId: 'bde-3' }),
    ];
    const w = await t.app.inject({ method: 'POST', url: '/api/workforce/facts', headers: personnel.headers, payload: { facts } });
    assert.equal(w.statusCode, 201, w.body);
    const register = async (unitId: string, facilityId?: string) => {
      const id = uuidv7();
      const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: new Date(Date.now() - 600_000).toISOString(), unitId, position: { lat: 48.6, lon: 37.9 } } });
      assert.equal(r.statusCode, 201, r.body);
      if (facilityId) {
        const a = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'arrival', at: new Date(Date.now() - 60_000).toISOString(), payload: { facilityId } }] } });
        assert.equal(a.statusCode, 200, a.body);
      }
    };
    const gaps = async (who: Who): Promise<Site[]> => {
      const r = await t.app.inject({ method: 'GET', url: '/api/workforce/gaps?days=1', headers: who.headers });
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as { sites: Site[] }).sites.sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
    };
    await register('bde-3');
    await register('bde-3', 'r2');
    const dispatcher = await createUserAndLogin(t, 'dispatcher', { units: ['bde-3'] });
    const commander = await createUserAndLogin(t, 'commander', { units: ['bde-3'] });
    const before = { d: await gaps(dispatcher), c: await gaps(commander) };
    assert.deepEqual(before.d.map((s) => [s.siteId, s.load]), [['bde-3', 1], ['r2-site', 1]], 'its own sites, its own casualties');
    // bde-7's casualties: three of its own, and two received at bde-3's facility.
    for (let i = 0; i < 3; i++) await register('bde-7');
    for (let i = 0; i < 2; i++) await register('bde-7', 'r2');
    assert.deepEqual(await gaps(dispatcher), before.d, 'the dispatcher\'s gaps did not move');
    assert.deepEqual(await gaps(commander), before.c, 'the commander\'s gaps did not move');
    // Those who see every casualty weigh by every casualty, live, as before.
    const all = await gaps(admin);
    assert.deepEqual(all.map((s) => [s.siteId, s.load]), [['bde-3', 1], ['bde-7', 3], ['r2-site', 3]]);
  });
