// SYNC-15 / SYNC-16: a device's wrong clock never loses or distorts a record (issue 19). Every answer carries the
// server's clock; an event is never refused for its time: corrected by the device's measured offset, or by the
// batch's send time, or kept at the time of receipt marked as needing a time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { correctTimes, uuidv7 } from '../core/index.ts';
import type { CasualtyEvent, StoredEvent, TourniquetState } from '../core/index.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import type { TestApp } from '../../test/support/test-app.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';

const NOW = at(120);
const H3 = 3 * 3_600_000;
let t: TestApp;
before(async () => {
  t = await sqliteTestApp({ now: () => NOW });
});
after(async () => {
  await t.close();
});

/** A phone whose clock reads `skewMs` off: it stamps events with its own clock and sends at its own "now". */
const shifted = (iso: string, skewMs: number): string => new Date(Date.parse(iso) + skewMs).toISOString();
const post = async (url: string, events: CasualtyEvent[], deviceNow?: string) => {
  const res = await t.app.inject({
    method: 'POST', url, payload: { events },
    headers: deviceNow ? { 'x-device-time': String(Date.parse(deviceNow)) } : {},
  });
  return { status: res.statusCode, body: res.json() as { casualty?: { state: { tourniquets: TourniquetState[] } } } };
};
const logOf = async (id: string): Promise<StoredEvent[]> =>
  ((await t.app.inject({ method: 'GET', url: `/api/casualties/${id}` })).json() as { events: StoredEvent[] }).events;

describe('clock offsets (SYNC-15, SYNC-16)', () => {
  test('SYNC-15: every answer carries the server clock in x-server-time', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.headers['x-server-time'], String(Date.parse(NOW)));
    const err = await t.app.inject({ method: 'GET', url: `/api/casualties/${uuidv7()}` });
    assert.equal(err.statusCode, 404);
    assert.equal(err.headers['x-server-time'], String(Date.parse(NOW)));
  });

  for (const skew of [H3, -H3, -Date.parse(NOW)]) {
    test(`SYNC-16: a phone ${skew / 3_600_000} h off that could not correct: corrected by the batch's send time`, async () => {
      const id = uuidv7();
      const trueApplied = at(119); // a minute before the server's now
      const reg = makeRegistered(id, { at: shifted(at(110), skew), recordedAt: shifted(at(110), skew) });
      const tq = makeEvent('tourniquet.applied', id, { limb: 'left-leg', tqType: 'CAT' }, shifted(trueApplied, skew));
      const r = await post(`/api/casualties/${id}/events`, [reg, tq], shifted(NOW, skew));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const log = await logOf(id);
      const stored = log.find((e) => e.id === tq.id)!;
      assert.equal(stored.at, trueApplied, 'stored in server time');
      assert.deepEqual(stored.clock, { deviceAt: tq.at, offsetMs: -skew, by: 'server' }, 'the device reading kept');
      const storedReg = log.find((e) => e.id === reg.id)!;
      assert.equal(storedReg.type === 'registered' && storedReg.payload.injuredAt, at(110), 'time of injury corrected too');
      const [q] = r.body.casualty!.state.tourniquets;
      assert.equal(q!.minutes, 1, 'a minute on the limb, not 3 h');
      assert.equal(q!.alarm, 'none', 'no false tourniquet alarm');
    });
  }

  test('SYNC-16: an event the device corrected by its measured offset is stored as sent', async () => {
    const id = uuidv7();
    const reg = correctTimes(makeRegistered(id, { at: shifted(at(100), H3) }), -H3, 'device');
    assert.equal(reg.at, at(100));
    const r = await post(`/api/casualties/${id}/events`, [reg], shifted(NOW, H3));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [stored] = await logOf(id);
    assert.equal(stored!.at, at(100));
    assert.deepEqual(stored!.clock, { deviceAt: shifted(at(100), H3), offsetMs: -H3, by: 'device' });
  });

  test('SYNC-16: a time nothing explains is kept at the time of receipt and marked as needing a time, never refused', async () => {
    const id = uuidv7();
    await post(`/api/casualties/${id}/events`, [makeRegistered(id, { at: at(0) })]);
    const later = makeEvent('note', id, { text: 'later' }, '2099-01-01T00:00:00.000Z');
    const old = makeEvent('note', id, { text: 'old' }, '2010-01-01T00:00:00.000Z', { recordedAt: at(100) });
    const r = await post(`/api/casualties/${id}/events`, [later, old]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const log = await logOf(id);
    for (const e of [later, old]) {
      const s = log.find((x) => x.id === e.id)!;
      assert.equal(s.at, NOW);
      assert.equal(s.clock?.needsTime, true);
      assert.equal(s.clock?.deviceAt, e.at, 'what the device claimed is kept');
    }
    assert.equal(log.find((x) => x.id === old.id)!.recordedAt, at(100), 'a plausible instant is not moved');
  });

  test('SYNC-16: sync push corrects by the send time too', async () => {
    const id = uuidv7();
    const reg = makeRegistered(id, { at: shifted(at(115), H3), recordedAt: shifted(at(115), H3) });
    const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', payload: { events: [reg] }, headers: { 'x-device-time': String(Date.parse(NOW) + H3) } });
    assert.equal(res.statusCode, 200, res.body);
    const [stored] = await logOf(id);
    assert.equal(stored!.at, at(115));
    assert.equal(stored!.clock?.by, 'server');
  });
});
