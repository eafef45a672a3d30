// Issue 14 (found by the fuzzer's writer faults): a client that leaves the fixing of its clock to the server, and
// whose answer was lost, sends the same event again. The server fixes its time again at another instant — a new
// receipt time for an implausible time, an offset measured over another round trip — and before this, the honest
// re-send was refused with 409 as "the same id with other content" while the first copy stood. Both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import { startPostgres } from '../../test/support/postgres.ts';

const iso = (ms: number) => new Date(ms).toISOString();

for (const db of ['sqlite', 'postgres'] as const) {
  test(`${db}: a re-sent event whose time the server fixed is a duplicate, not a conflict; other content still is`, { timeout: 120_000 }, async () => {
    const pg = db === 'postgres' ? await startPostgres({ fsyncOff: true }) : null;
    const t = await authTestApp(pg ? { databaseUrl: pg.url } : {});
    try {
      const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
      const cid = uuidv7();
      const post = (events: unknown[], deviceTime?: number) =>
        t.app.inject({ method: 'POST', url: '/api/sync/push', headers: { ...medic.headers, ...(deviceTime !== undefined ? { 'x-device-time': String(deviceTime) } : {}) }, payload: { events } });
      const reg = { id: cid, casualtyId: cid, type: 'registered', at: iso(Date.now() - 60_000), recordedAt: iso(Date.now() - 60_000), deviceId: 'phone-9', author: medic.username, payload: { injuredAt: iso(Date.now() - 120_000), unitId: '1-coy' } };
      assert.equal((await post([reg])).statusCode, 200);
      // A phone whose clock is 3 h fast and that never measured it: its event is 3 h in the future.
      const fast = 3 * 3_600_000;
      const future = { id: uuidv7(), casualtyId: cid, type: 'note', at: iso(Date.now() + fast), recordedAt: iso(Date.now() + fast), deviceId: 'phone-9', author: medic.username, payload: { text: 'clock 3 h fast' } };
      // Without x-device-time it is kept at receipt, marked; with it, corrected by the offset of that round trip.
      const skewed = { ...future, id: uuidv7(), payload: { text: 'sent with its clock' } };
      let r = await post([future]);
      assert.equal(r.statusCode, 200, r.body);
      r = await post([skewed], Date.now() + fast - 4_000); // this request spent 4 s on the way
      assert.equal(r.statusCode, 200, r.body);
      const first = (await t.store.getEvent(future.id)) as StoredEvent;
      assert.equal(first.clock?.needsTime, true);
      await new Promise((ok) => setTimeout(ok, 1_100)); // the re-send arrives at another instant
      r = await post([future]);
      assert.equal(r.statusCode, 200, `re-send kept at receipt: ${r.body}`);
      assert.equal((r.json() as { duplicates: number }).duplicates, 1);
      r = await post([skewed], Date.now() + fast); // measured over a quicker round trip: another offset
      assert.equal(r.statusCode, 200, `re-send with another offset: ${r.body}`);
      assert.equal((r.json() as { duplicates: number }).duplicates, 1);
      assert.deepEqual(await t.store.getEvent(future.id), first, 'the stored event is unchanged');
      // The same id with other content is still a conflict.
      r = await post([{ ...future, payload: { text: 'something else' } }]);
      assert.equal(r.statusCode, 409, r.body);
    } finally {
      await t.close();
      await pg?.stop();
    }
  });
}
