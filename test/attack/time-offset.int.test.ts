// An instant's UTC offset (found in session 40, attacking PostgreSQL). The API took any offset ISO 8601 allows,
// -23:59 to +23:59, while PostgreSQL's timestamptz stops at ±15:59: a registration or a push with "+16:00" was stored
// by SQLite (201) and a 500 on PostgreSQL — and a field box's upstream loop, told 500 (not a refusal for good,
// SYNC-14), sent the same batch to a PostgreSQL rear for ever, so nothing recorded after it reached the rear. Offsets
// are now those clocks use, -12:00 to +14:00: anything else is a 400 on both databases, and an event a field box
// stored before is set aside by the rear's refusal while the rest goes on (src/sync/set-aside.int.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

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
