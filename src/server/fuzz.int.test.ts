// Arbitrary JSON at every write route: never a 5xx, and a refused request stores nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { uuidv7 } from '../core/index.ts';
import { at, makeEvent } from '../../test/support/events.ts';
import type { TestApp } from '../../test/support/test-app.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';

let t: TestApp;
let cid: string;
before(async () => {
  t = await sqliteTestApp({ now: () => at(120) });
  cid = uuidv7();
  const r = await t.app.inject({ method: 'POST', url: '/api/casualties', payload: { id: cid, injuredAt: at(0) } });
  assert.equal(r.statusCode, 201);
  await t.app.inject({ method: 'POST', url: '/api/units', payload: { id: 'u1', name: 'Unit 1' } });
});
after(async () => {
  await t.close();
});

const head = async () => (JSON.parse((await t.app.inject('/api/health')).body) as { head: number }).head;

/** A valid event with one field replaced by an arbitrary value: close to valid, so the validators are exercised. */
const nearlyValid = fc
  .tuple(fc.constantFrom('at', 'type', 'payload', 'id', 'recordedAt', 'deviceId', 'hlc', 'extra'), fc.jsonValue())
  .map(([k, v]) => ({ ...makeEvent('vitals', cid, { pulse: 80 }, at(5)), [k]: v }));

test('no 5xx for arbitrary JSON; nothing stored when refused', async () => {
  const routes = ['/api/casualties', `/api/casualties/${cid}/events`, '/api/units', '/api/facilities', '/api/vehicles', '/api/threat-zones'];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.oneof(fc.jsonValue(), fc.record({ events: fc.array(fc.oneof(fc.jsonValue(), nearlyValid), { maxLength: 5 }) })),
      async (url, body) => {
        const before = await head();
        const r = await t.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        assert.ok(r.statusCode < 500, `${url} ${r.statusCode} ${r.body}`);
        const parsed = JSON.parse(r.body) as { error?: { code: string; issues: unknown[] } };
        if (r.statusCode >= 400) {
          assert.equal(typeof parsed.error?.code, 'string');
          assert.ok(Array.isArray(parsed.error?.issues));
          assert.equal(await head(), before);
        }
      },
    ),
    { numRuns: 300 },
  );
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (body) => {
      const r = await t.app.inject({ method: 'PATCH', url: '/api/units/u1', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      assert.ok(r.statusCode < 500, r.body);
    }),
    { numRuns: 100 },
  );
  await fc.assert(
    fc.asyncProperty(fc.string(), async (raw) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${cid}/events`, payload: raw, headers: { 'content-type': 'application/json' } });
      assert.ok(r.statusCode < 500, r.body);
      const q = await t.app.inject(`/api/casualties?status=${encodeURIComponent(raw)}&since=${encodeURIComponent(raw)}`);
      assert.ok(q.statusCode < 500, q.body);
    }),
    { numRuns: 100 },
  );
});
