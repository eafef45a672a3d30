// An instant's UTC offset (found in session 40, attacking PostgreSQL). The API took any offset ISO 8601 allows,
// -23:59 to +23:59, while PostgreSQL's timestamptz stops at ±15:59: a registration or a push with "+16:00" was stored
// by SQLite (201) and a 500 on PostgreSQL — and a field box's upstream loop, told 500 (not a refusal for good,
// SYNC-14), sent the same batch to a PostgreSQL rear for ever, so nothing recorded after it reached the rear. Offsets
// are now those clocks use, -12:00 to +14:00: anything else is a 400 on both databases, and an event a field box
// stored before is set aside by the rear's refusal while the rest goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { authTestApp, authTestAppOn, createUserAndLogin } from '../support/auth.ts';
import { startPostgres } from '../support/postgres.ts';
import { createMemoryBus } from '../../src/server/bus.ts';
import { MemoryPeerState } from '../../src/sync/protocol.ts';
import type { SetAside } from '../../src/sync/protocol.ts';
import { startUpstream } from '../../src/sync/upstream.ts';

/** The same instant written with the offset `off` ("+HH:MM" or "-HH:MM"). */
function withOffset(ms: number, off: string): string {
  const sign = off[0] === '-' ? -1 : 1;
  const [h, m] = off.slice(1).split(':').map(Number);
  return `${new Date(ms + sign * (h! * 60 + m!) * 60_000).toISOString().slice(0, 19)}${off}`;
}

const REAL = ['+00:00', '+14:00', '-12:00', '+05:45', '-09:30'];
const UNREAL = ['+14:01', '+15:59', '+16:00', '+23:59', '-12:01', '-16:00', '-23:59'];

for (const db of ['sqlite', 'postgres'] as const)
  test(`an instant with an offset no clock uses is a 400, one a clock uses is stored (${db})`, { timeout: 180_000 }, async () => {
    const t = await authTestAppOn(db); // closed after the file's tests
    {
      const medic = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
      const ago = Date.now() - 3_600_000;
      for (const off of [...REAL, ...UNREAL]) {
        const at = withOffset(ago, off);
        const want = REAL.includes(off) ? [201, 200] : [400, 400];
        const reg = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id: uuidv7(), injuredAt: at, status: 'military', unitId: '1-coy' } });
        assert.equal(reg.statusCode, want[0], `registration at ${at}: ${reg.body}`);
        const cid = uuidv7();
        const push = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: medic.headers, payload: { events: [
          { id: uuidv7(), casualtyId: cid, type: 'registered', at, payload: { injuredAt: at, status: 'military', unitId: '1-coy' } },
          { id: uuidv7(), casualtyId: cid, type: 'vitals', at, payload: { pulse: 90 } },
        ] } });
        assert.equal(push.statusCode, want[1], `push at ${at}: ${push.body}`);
        if (want[0] === 400) assert.match(reg.body, /-12:00 to \+14:00/, 'the refusal says which offsets are taken');
      }
      for (const url of ['/api/casualties', '/api/evacuations', '/api/stats'])
        assert.ok((await t.app.inject({ method: 'GET', url, headers: medic.headers })).statusCode < 500, url);
    }
  });

test('an event a field box stored with such an offset is set aside by a PostgreSQL rear, and the rest reaches it', { timeout: 180_000 }, async () => {
  const pg = await startPostgres({ fsyncOff: true });
  const field = await authTestApp();
  const rear = await authTestApp({ databaseUrl: pg.url });
  try {
    await rear.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = rear.app.server.address() as { port: number };
    const peer = await createUserAndLogin(rear, 'peer');
    const ago = Date.now() - 3_600_000;
    const medic = await createUserAndLogin(field, 'medic', { units: ['1-coy'] });
    const reg = (id: string, injuredAt: string) => field.app.inject({ method: 'POST', url: '/api/casualties', headers: medic.headers, payload: { id, injuredAt, status: 'military', unitId: '1-coy' } });
    const [good1, odd, good2] = [uuidv7(), uuidv7(), uuidv7()];
    assert.equal((await reg(good1, new Date(ago).toISOString())).statusCode, 201);
    // Stored by a field box before its boundary refused such offsets (the store keeps what its door let through).
    const at = withOffset(ago, '+16:00');
    await field.store.append([{ id: uuidv7(), casualtyId: odd, type: 'registered', at, recordedAt: new Date().toISOString(), deviceId: 'field-phone', author: medic.username, payload: { injuredAt: at, status: 'military', unitId: '1-coy' } } as CasualtyEvent], new Date().toISOString());
    assert.equal((await reg(good2, new Date(ago + 1000).toISOString())).statusCode, 201);
    const setAside: SetAside[] = [];
    const loop = startUpstream({
      store: field.store, bus: createMemoryBus(), peers: new MemoryPeerState(), url: `http://127.0.0.1:${port}`, token: peer.token, intervalMs: 200,
      setAside: async (_p, x) => void setAside.push(x),
    });
    try {
      for (let rounds = 0; rounds < 30 && !(await rear.store.casualty(good2)); rounds++) await loop.nextRound();
    } finally {
      await loop.stop();
    }
    assert.ok(await rear.store.casualty(good1), 'the casualty before it reached the rear');
    assert.ok(await rear.store.casualty(good2), 'the casualty after it reached the rear');
    assert.equal(await rear.store.casualty(odd), null);
    assert.deepEqual(setAside.map((x) => [x.event.casualtyId, x.status]), [[odd, 400]], 'set aside for a person, with the rear\'s 400');
  } finally {
    await rear.close();
    await field.close();
    await pg.stop();
  }
});
