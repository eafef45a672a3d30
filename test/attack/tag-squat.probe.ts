// ATTACK PROBE (fails on purpose): a tagged casualty's id is public arithmetic (tagCasualtyId: SHA-256 of incident id
// and tag number). A medic of ANOTHER unit who knows the incident id pre-registers tags A1..An before anyone is
// triaged. The registering medic is an author, so (canSeeCasualty: "mine") it reads everything the real unit's
// medics later record on those people, while the real medic's own registration silently answers 200 with the
// squatter's card. Registered under a unit nobody holds, the same squat locks every real medic out: their
// registration and every event they record on that tag are refused 403 (the phone sets them aside), in the middle of
// a mass-casualty incident. Anyone who sees one linked casualty (its incident.linked event names the incident id),
// e.g. the receiving facility's clerk, can do it for every tag number. Run: node --test FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { tagCasualtyId } from '../../src/core/incident.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('pre-registering a predictable tag id does not give another unit\'s medic the casualty\'s record', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const inc = uuidv7();
  const squatter = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const id = tagCasualtyId(inc, 'A1');
  // Before the strike's casualties are triaged: registered under the victims' unit, so nothing looks odd.
  const squat = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: squatter.headers, payload: { id, injuredAt: ago(20), unitId: 'b-coy' } });
  assert.equal(squat.statusCode, 201, squat.body);
  // b-coy's medic triages tag A1: the registration "succeeds" (200) and the notes go onto the squatted card.
  const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id, injuredAt: ago(20), unitId: 'b-coy' } });
  assert.ok(reg.statusCode < 300, reg.body);
  const w = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: medic.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'HIV positive, name Ivan P.' } }] } });
  assert.equal(w.statusCode, 200, w.body);
  const r = await t.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: squatter.headers });
  assert.ok(!r.body.includes('HIV positive'), `a-coy's medic reads b-coy's clinical note: ${r.statusCode} ${r.body.slice(0, 200)}`);
});

test('pre-registering a predictable tag id under a unit nobody has does not lock the real medics out of the casualty', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const inc = uuidv7();
  const squatter = await createUserAndLogin(t, 'medic', { units: ['a-coy'] });
  const medic = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const ids = ['A1', 'A2', 'A3'].map((tag) => tagCasualtyId(inc, tag));
  for (const id of ids) assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: squatter.headers, payload: { id, injuredAt: ago(20), unitId: 'zz-none' } })).statusCode, 201);
  // At the strike, b-coy's medic scans tag A2 and records a tourniquet.
  const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: ids[1], injuredAt: ago(5), unitId: 'b-coy' } });
  const w = await t.app.inject({ method: 'POST', url: `/api/casualties/${ids[1]}/events`, headers: medic.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'tourniquet left thigh' } }] } });
  assert.deepEqual([reg.statusCode < 300, w.statusCode], [true, 200], `the real medic is refused: registration ${reg.statusCode} ${reg.body}; care ${w.statusCode} ${w.body}`);
});
