// The whole chain of one casualty through the API, read back at every step — on SQLite and on PostgreSQL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { uuidv7, addMinutes } from '../core/index.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { sqliteTestApp, storeTestApp } from '../../test/support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function chain(app: FastifyInstance, db: 'sqlite' | 'postgres', now: string): Promise<void> {
  const t = (min: number) => addMinutes(now, min - 120); // injury 2 h before now
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.json() as Json };
  };
  const health = await call('GET', '/api/health');
  assert.equal(health.body.db, db);

  assert.equal((await call('POST', '/api/facilities', { id: 'r2-chain', name: 'R2', role: 'R2', position: { lat: 48.52, lon: 37.7 }, beds: 10, surgicalTables: 2 })).status, 201);
  assert.equal((await call('POST', '/api/vehicles', { id: 'amb-chain', kind: 'ambulance', litter: 2, seated: 2, medic: true })).status, 201);

  const id = uuidv7();
  const reg = await call('POST', '/api/casualties', { id, injuredAt: t(0), battleRoster: 'KV4521', sex: 'male', age: 27, unitId: 'coy-a', position: { lat: 48.6, lon: 38.03 } });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));

  const step = async (events: Json[], expectStage: string) => {
    const r = await call('POST', `/api/casualties/${id}/events`, { events });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const read = await call('GET', `/api/casualties/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.casualty.stage, expectStage);
    return read.body as { casualty: Json; events: Json[] };
  };

  const tqId = uuidv7();
  let s = await step(
    [
      { id: tqId, type: 'tourniquet.applied', at: t(3), payload: { limb: 'left-leg', tqType: 'CAT' } },
      { type: 'mechanism', at: t(0), payload: { mechanisms: ['fpv-drone'] } },
      { type: 'triage', at: t(4), payload: { triage: { system: 'NATO', category: 'T1' } } },
      { type: 'precedence', at: t(4), payload: { precedence: 'urgent' } },
      { type: 'vitals', at: t(5), payload: { pulse: 124, sbp: 90, bpPalpated: true, rr: 24, spo2: 94, avpu: 'V', pain: 8 } },
    ],
    'at-poi',
  );
  assert.equal(s.casualty.state.tourniquets[0].id, tqId);
  assert.equal(s.casualty.state.tourniquets[0].running, true);
  assert.equal(s.casualty.state.tourniquets[0].alarm, '1h'); // on for ~2 h at `now`… 117 min → 1h alarm
  assert.equal(s.casualty.triage, 'T1');
  assert.equal(s.casualty.precedence, 'urgent');

  s = await step(
    [{ type: 'evac.requested', at: t(6), payload: { nineLine: { location: { lat: 48.6, lon: 38.03 }, callSign: 'MEDIC 3', frequency: '45.150', patientsByPrecedence: { A: 1 }, specialEquipment: ['A'], patientsByType: { L: 1 }, security: 'P', marking: 'C', nationality: { A: 1 }, hazards: 'FPV drones overhead' } } }],
    'requested',
  );
  assert.equal(s.casualty.state.evac.nineLine.callSign, 'MEDIC 3');
  const evac = await call('GET', '/api/evacuations');
  assert.ok(evac.body.evacuations.some((e: Json) => e.casualtyId === id && e.precedence === 'urgent'));

  s = await step([{ type: 'evac.assigned', at: t(8), deviceId: 'dispatch-1', author: 'dispatcher', payload: { vehicleId: 'amb-chain', facilityId: 'r2-chain' } }], 'assigned');
  assert.equal(s.casualty.vehicleId, 'amb-chain');
  assert.equal(s.casualty.destinationId, 'r2-chain');

  s = await step([{ type: 'pickup', at: t(25), deviceId: 'amb-tablet', author: 'crew', payload: { vehicleId: 'amb-chain' } }], 'in-transit');
  s = await step([
    { type: 'tourniquet.converted', at: t(40), payload: { applied: tqId, to: 'pressure dressing' } },
    { type: 'arrival', at: t(50), deviceId: 'r2-desk', author: 'nurse', payload: { facilityId: 'r2-chain' } },
  ], 'at-facility');
  assert.equal(s.casualty.facilityId, 'r2-chain');
  assert.equal(s.casualty.state.tourniquets[0].running, false);
  assert.equal(Math.round(s.casualty.state.tourniquets[0].minutes), 37);
  assert.deepEqual((await call('GET', '/api/casualties?facility=r2-chain')).body.casualties.map((c: Json) => c.id), [id]);

  s = await step([{ type: 'surgery.started', at: t(70), payload: { facilityId: 'r2-chain' } }], 'in-surgery');
  s = await step([{ type: 'outcome', at: t(110), payload: { outcome: 'evacuated-onward', facilityId: 'r2-chain' } }], 'closed');
  assert.equal(s.casualty.state.outcome.outcome, 'evacuated-onward');
  assert.deepEqual(s.casualty.state.chain.map((c: Json) => c.kind), ['pickup', 'arrival', 'surgery', 'outcome']);
  assert.equal(s.events.length, 13);
  assert.deepEqual(s.events.map((e: Json) => e.seq), [...s.events.map((e: Json) => e.seq)].sort((a: number, b: number) => a - b));
  assert.match(s.casualty.state.mist.treatment, /TQ left-leg/);
  assert.ok(!(await call('GET', '/api/evacuations')).body.evacuations.some((e: Json) => e.casualtyId === id), 'closed: no longer an open request');
  assert.ok((await call('GET', '/api/casualties?status=closed')).body.casualties.some((c: Json) => c.id === id));

  // The log through the sync pull holds the whole chain, idempotently re-submittable.
  const pulled = (await call('GET', '/api/events?after=0')).body.events as Json[];
  const mine = pulled.filter((e) => e.casualtyId === id).map(({ seq: _s, receivedAt: _r, ...e }) => e);
  assert.equal(mine.length, 13);
  const again = await call('POST', `/api/casualties/${id}/events`, { events: mine });
  assert.equal(again.body.accepted, 0);
  assert.equal(again.body.duplicates, 13);

  // The live stream from cursor 0: the whole log replayed, then a new event live, each once, in order.
  const res = await app.inject({ method: 'GET', url: '/api/stream?after=0', payloadAsStream: true });
  const stream = res.stream();
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => (text += d));
  const ids = () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  const waitFor = async (n: number) => {
    // A deadline, not 500 rounds of 10 ms (5 s): the replay and the live event are late on busy cores.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && ids().length < n;) await new Promise((r) => setTimeout(r, 10));
  };
  await waitFor(pulled.length);
  await call('POST', `/api/casualties/${id}/events`, { events: [{ type: 'note', at: t(115), payload: { text: 'live' } }] });
  await waitFor(pulled.length + 1);
  stream.destroy();
  const got = ids();
  assert.equal(got.length, pulled.length + 1);
  assert.deepEqual(got, Array.from({ length: got.length }, (_, i) => i + 1), 'seq 1..n, no gap, no duplicate');
}

const NOW = new Date(Date.UTC(2026, 2, 1, 10, 0, 0)).toISOString();

describe('the casualty chain through the API', () => {
  test('on SQLite', async () => {
    const t = await sqliteTestApp({ now: () => NOW });
    try {
      await chain(t.app, 'sqlite', NOW);
    } finally {
      await t.close();
    }
  });

  test('on PostgreSQL', { timeout: 120_000 }, async () => {
    const pg = await startPostgres();
    try {
      const store = await openPostgresStore({ url: pg.url });
      const app = await storeTestApp(store, { now: () => NOW });
      try {
        await chain(app, 'postgres', NOW);
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      await pg.stop();
    }
  });
});
