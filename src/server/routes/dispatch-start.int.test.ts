// The plan made as the server starts (`planAtStart`, as `goldenhour serve` runs): the first request is answered with
// it, and it is the very plan a server without it makes at the same time base, before and after a write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, addMinutes } from '../../core/index.ts';
import { openSqliteStore } from '../../storage/sqlite.ts';
import { storeTestApp } from '../../../test/support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('a server started with planAtStart answers the first request with the plan it made at start, the same plan as one made on request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-plan-start-'));
  const store = await openSqliteStore({ dataDir: dir });
  const t0 = new Date().toISOString();
  let clock = t0;
  const now = () => clock;
  try {
    const seed = await storeTestApp(store, { now });
    const post = async (app: typeof seed, url: string, payload: object) => {
      const r = await app.inject({ method: 'POST', url, payload });
      assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    };
    await post(seed, '/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
    for (const id of ['amb-1', 'amb-2'])
      await post(seed, '/api/vehicles', { id, kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } });
    const ids = Array.from({ length: 5 }, () => uuidv7());
    for (const [i, id] of ids.entries()) {
      await post(seed, '/api/casualties', { id, injuredAt: addMinutes(t0, -20 - i), position: { lat: 48.6 + i / 100, lon: 38.0 } });
      await post(seed, `/api/casualties/${id}/events`, {
        events: [
          { type: 'vitals', at: addMinutes(t0, -10), payload: { rr: 30 + i, pulse: 130, avpu: 'V' } },
          { type: 'evac.requested', at: addMinutes(t0, -10), payload: { nineLine: { location: { lat: 48.6 + i / 100, lon: 38.0 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
        ],
      });
    }
    await seed.close();

    const start = addMinutes(t0, 1);
    clock = start;
    const app = await storeTestApp(store, { now, planAtStart: true });
    await app.ready(); // the start plan is made now, as of `start`
    clock = addMinutes(t0, 1.2); // the first console asks 12 s later
    const first = (await app.inject({ method: 'GET', url: '/api/dispatch/plan' })).json() as { plan: Json[]; computedAt: string };
    assert.equal(first.computedAt, start, 'the plan made at start (old: made on request, as of the request)');
    assert.ok(first.plan.length >= 2);
    // The same plan as a server that plans on request makes at that time base.
    const plain = async () => {
      const saved = clock;
      clock = start;
      const other = await storeTestApp(store, { now });
      try {
        return (await other.inject({ method: 'GET', url: '/api/dispatch/plan' })).json() as { plan: Json[]; computedAt: string };
      } finally {
        await other.close();
        clock = saved;
      }
    };
    assert.deepEqual(first, await plain());
    // A write after the start plan: the next plan takes it in (from the start plan's memory), still the same plan.
    await post(app, `/api/casualties/${ids[4]!}/events`, { events: [{ type: 'vitals', at: addMinutes(t0, 1.1), payload: { rr: 8, pulse: 150, avpu: 'P' } }] });
    const after = (await app.inject({ method: 'GET', url: '/api/dispatch/plan' })).json() as { plan: Json[]; computedAt: string };
    assert.notDeepEqual(after.plan, first.plan, 'the write moved the plan');
    assert.deepEqual(after, await plain());
    await app.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
