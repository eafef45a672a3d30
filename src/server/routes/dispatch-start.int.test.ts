// The plan made before consoles ask (`planAhead`, as `goldenhour serve` runs): as the server starts, the first
// request is answered with it, and when its time base expires while consoles were asking, the next base's plan is
// made by a timer. Each is the very plan a server without it makes at the same time base, before and after a write.
// Either way the plan is valued on the plan thread (src/server/plan-worker.ts): other requests are answered meanwhile.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, addMinutes } from '../../core/index.ts';
import { openSqliteStore } from '../../storage/sqlite.ts';
import type { Store } from '../../storage/port.ts';
import { storeTestApp } from '../../../test/support/test-app.ts';
import { processLog } from '../../log/service.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = { plan: Json[]; computedAt: string };
type App = Awaited<ReturnType<typeof storeTestApp>>;

const post = async (app: App, url: string, payload: object) => {
  const r = await app.inject({ method: 'POST', url, payload });
  assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
};
const getPlan = async (app: App) => (await app.inject({ method: 'GET', url: '/api/dispatch/plan' })).json() as Answer;

/** A facility, two ambulances and five casualties waiting, recorded at t0; returns their ids. */
async function seed(store: Store, t0: string): Promise<string[]> {
  const app = await storeTestApp(store, { now: () => t0 });
  await post(app, '/api/facilities', { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.527, lon: 37.707 }, beds: 10, surgicalTables: 2 });
  for (const id of ['amb-1', 'amb-2'])
    await post(app, '/api/vehicles', { id, kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.586, lon: 37.835 } });
  const ids = Array.from({ length: 5 }, () => uuidv7());
  for (const [i, id] of ids.entries()) {
    await post(app, '/api/casualties', { id, injuredAt: addMinutes(t0, -20 - i), position: { lat: 48.6 + i / 100, lon: 38.0 } });
    await post(app, `/api/casualties/${id}/events`, {
      events: [
        { type: 'vitals', at: addMinutes(t0, -10), payload: { rr: 30 + i, pulse: 130, avpu: 'V' } },
        { type: 'evac.requested', at: addMinutes(t0, -10), payload: { nineLine: { location: { lat: 48.6 + i / 100, lon: 38.0 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ],
    });
  }
  await app.close();
  return ids;
}

/** The plan a server that plans on request makes with its time base at `at`. */
async function planMadeOnRequest(store: Store, at: string): Promise<Answer> {
  const other = await storeTestApp(store, { now: () => at });
  try {
    return await getPlan(other);
  } finally {
    await other.close();
  }
}

async function withStore(body: (store: Store) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-plan-ahead-'));
  const store = await openSqliteStore({ dataDir: dir });
  try {
    await body(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a server started with planAhead answers the first request with the plan it made at start, the same plan as one made on request', () =>
  withStore(async (store) => {
    const t0 = new Date().toISOString();
    const ids = await seed(store, t0);
    const start = addMinutes(t0, 1);
    let clock = start;
    const app = await storeTestApp(store, { now: () => clock, planAhead: true });
    await app.ready(); // the start plan is made now, as of `start`
    clock = addMinutes(t0, 1.2); // the first console asks 12 s later
    const first = await getPlan(app);
    assert.equal(first.computedAt, start, 'the plan made at start (old: made on request, as of the request)');
    assert.ok(first.plan.length >= 2);
    assert.deepEqual(first, await planMadeOnRequest(store, start));
    // A write after the start plan: the next plan takes it in (from the start plan's memory), still the same plan.
    await post(app, `/api/casualties/${ids[4]!}/events`, { events: [{ type: 'vitals', at: addMinutes(t0, 1.1), payload: { rr: 8, pulse: 150, avpu: 'P' } }] });
    const after = await getPlan(app);
    assert.notDeepEqual(after.plan, first.plan, 'the write moved the plan');
    assert.deepEqual(after, await planMadeOnRequest(store, start));
    await app.close();
  }));

test('with planAhead the next time base\'s plan is made as the base expires while consoles ask, and not when nobody asked', () =>
  withStore(async (store) => {
    const t0 = new Date().toISOString();
    await seed(store, t0);
    const at = (s: number) => addMinutes(t0, 1 + s / 60);
    let clock = at(0);
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const app = await storeTestApp(store, { now: () => clock, planAhead: true });
      await app.ready();
      clock = at(5);
      assert.equal((await getPlan(app)).computedAt, at(0), 'the start plan');
      // The base expires 30 s after it was taken: a console asked meanwhile, so the next base's plan is made then.
      clock = at(30);
      mock.timers.tick(30_000);
      clock = at(32);
      const next = await getPlan(app);
      assert.equal(next.computedAt, at(30), 'made ahead as the base expired (old: on request, as of the request)');
      assert.deepEqual(next, await planMadeOnRequest(store, at(30)));
      // Asked on that base too: made ahead again at 60 s. Nobody asks on the 60 s base: nothing is made at 90 s.
      clock = at(60);
      mock.timers.tick(30_000);
      clock = at(90);
      mock.timers.tick(30_000);
      clock = at(95);
      assert.equal((await getPlan(app)).computedAt, at(95), 'nobody asked on the last base: made on request');
      await app.close();
    } finally {
      mock.timers.reset();
    }
  }));

/** A bigger operation, recorded straight through the log: four facilities, eight ambulances, `n` casualties waiting. */
async function seedMany(store: Store, t0: string, n: number): Promise<void> {
  await store.migrate();
  for (let i = 0; i < 4; i++)
    await store.putEntity('facility', { id: `r2-${i}`, name: `R2 ${i}`, role: 'R2', status: 'normal', intake: 'normal', position: { lat: 48.52 + i / 100, lon: 37.7 }, beds: 40, surgicalTables: 2 } as never);
  for (let i = 0; i < 8; i++)
    await store.putEntity('vehicle', { id: `amb-${i}`, kind: 'ambulance', status: 'available', litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.58, lon: 37.83 + i / 100 } } as never);
  const log = processLog({ store, bus: { publish: () => undefined } }, 'test');
  for (let b = 0; b < n; b += 100) {
    const events = Array.from({ length: Math.min(100, n - b) }, (_, k) => {
      const i = b + k;
      const id = uuidv7();
      const location = { lat: 48.5 + (i % 50) / 500, lon: 37.8 + (i % 37) / 300 };
      return [
        { id, casualtyId: id, type: 'registered', at: addMinutes(t0, -30), payload: { injuredAt: addMinutes(t0, -20 - (i % 40)), position: location } },
        { id: uuidv7(), casualtyId: id, type: 'vitals', at: addMinutes(t0, -10), payload: { rr: 8 + (i % 25), pulse: 100 + (i % 50), avpu: ['A', 'V', 'P'][i % 3] } },
        { id: uuidv7(), casualtyId: id, type: 'evac.requested', at: addMinutes(t0, -10), payload: { nineLine: { location, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
      ];
    });
    await log.record(events.flat());
  }
}

test('a new time base\'s plan over a big operation is valued off the event loop: a request made meanwhile is answered before it, and the plan is the one made on request', () =>
  withStore(async (store) => {
    const t0 = new Date().toISOString();
    await seedMany(store, t0, 1500);
    let clock = addMinutes(t0, 1);
    const app = await storeTestApp(store, { now: () => clock });
    try {
      await getPlan(app); // the first base's plan (the plan's code and memory warmed up)
      clock = addMinutes(t0, 1.6); // 36 s later: a new time base, every casualty valued again
      let done = false;
      const next = getPlan(app).finally(() => (done = true));
      // Condition, not time: wait until the plan is being valued, then ask something else.
      while (!(app.ctx.plansInFlight?.() ?? 0) && !done) await new Promise((r) => setImmediate(r));
      assert.equal(done, false, 'the plan was made without the event loop ever being free while it was valued');
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(health.statusCode, 200);
      assert.equal(done, false, 'the health check waited for the plan');
      const plan = await next;
      assert.equal(plan.computedAt, clock);
      assert.ok(plan.plan.length >= 8, 'every ambulance has work');
      assert.deepEqual(plan, await planMadeOnRequest(store, clock));
    } finally {
      await app.close();
    }
  }));
