// workforce load (session 22's attack review): GET /api/workforce/gaps weighs each site by its casualty load, the
// casualties of its unit or facility injured in the last `days` days — a window sliding with the clock. Personnel see
// no casualty, yet polling `load` told them when each casualty of a unit was recorded (it counts at once) and, `days`
// later, when it was injured, to the minute (it drops out). Those who see no casualty now count whole UTC days that
// have ended: the figure moves at midnight, not with a casualty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../../../test/support/auth.ts';

const DAY = 86_400_000;

for (const db of ['sqlite', 'postgres'] as const)
test(`personnel cannot time a unit's casualties by the gaps' load (${db})`, async () => {
  // Noon (UTC) yesterday, moved on by the test; a casualty injured 23.5 h before it, another 5 minutes before it.
  const noon = Math.floor(Date.now() / DAY) * DAY - DAY / 2;
  let clock = noon;
  const t = await authTestAppOn(db, { now: () => new Date(clock).toISOString() });
  const admin = await createUserAndLogin(t, 'admin');
  const personnel = await createUserAndLogin(t, 'personnel');
  const dispatcher = await createUserAndLogin(t, 'dispatcher');
  const at = new Date(noon - 60 * 60_000).toISOString();
  const facts = [
    { id: uuidv7(), at, type: 'template.set', payload: { id: 'mobile-or', name: 'Mobile OR', surgical: true, slots: [{ role: 'surgeon', count: 1, accepts: ['general-surgeon'], critical: true }] } },
    { id: uuidv7(), at, type: 'site.set', payload: { id: 'a-coy', name: 'A Company aid post', kind: 'unit', templateId: 'mobile-or', position: { lat: 48.6, lon: 37.9 } } },
  ];
  const w = await t.app.inject({ method: 'POST', url: '/api/workforce/facts', headers: personnel.headers, payload: { facts } });
  assert.equal(w.statusCode, 201, w.body);
  const register = async (injuredMs: number) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id: uuidv7(), injuredAt: new Date(injuredMs).toISOString(), unitId: 'a-coy', position: { lat: 48.6, lon: 37.9 } } });
    assert.equal(r.statusCode, 201, r.body);
  };
  const load = async (who: { headers: { authorization: string } }): Promise<unknown> => {
    const r = await t.app.inject({ method: 'GET', url: '/api/workforce/gaps?days=1', headers: who.headers });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { sites: { siteId: string; load: number }[] }).sites.find((s) => s.siteId === 'a-coy')?.load;
  };
  await register(noon - 23.5 * 3_600_000);
  const before = await load(personnel);
  await register(noon - 5 * 60_000);
  assert.equal(await load(personnel), before, 'a casualty just recorded moves the personnel\'s load');
  clock = noon + 31 * 60_000;
  assert.equal(await load(personnel), before, 'a casualty leaving the sliding window (injured 24 h ago) moves the personnel\'s load');
  // Those who see the casualties anyway keep the sliding window: the older one has left it, the new one counts.
  assert.equal(await load(dispatcher), 1);
});
