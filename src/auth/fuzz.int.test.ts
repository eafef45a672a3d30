// Hardening: property-based fuzzing of EVERY route (fast-check) with arbitrary JSON, wrong types, malformed and
// huge bodies and encodings — signed in as an administrator so authorisation hides nothing. No 5xx, the app keeps
// answering, and nothing is stored (log head, entities and users unchanged).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';

let t: AuthTestApp;
let admin: { authorization: string };
before(async () => {
  t = await authTestApp();
  admin = (await createUserAndLogin(t, 'admin')).headers;
});
after(async () => t.close());

const snapshot = async () => JSON.stringify({
  head: await t.store.head(),
  units: await t.store.listEntities('unit'),
  facilities: await t.store.listEntities('facility'),
  vehicles: await t.store.listEntities('vehicle'),
  zones: await t.store.listEntities('threat-zone'),
  users: (await t.trust.auth.users()).length,
  devices: (await t.trust.auth.devices()).length,
});

const routes = () => t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
const fill = (url: string, id: string) => url.replace(':id', encodeURIComponent(id));

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ events: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }) }),
  fc.record({ events: fc.array(fc.record({ id: fc.constant(uuidv7()), type: fc.constantFrom('note', 'vitals', 'arrival', 'outcome', 'amend'), payload: fc.jsonValue({ maxDepth: 2 }), at: fc.string() }, { requiredKeys: [] }), { maxLength: 3 }) }),
  fc.record({ username: fc.jsonValue(), password: fc.jsonValue(), code: fc.jsonValue(), role: fc.string(), label: fc.jsonValue() }, { requiredKeys: [] }),
);
const query = fc.dictionary(fc.constantFrom('after', 'limit', 'status', 'since', 'precedence', 'unit', 'facility', 'x'), fc.oneof(fc.string(), fc.integer().map(String), fc.constant('-1'), fc.constant('1e309'), fc.constant('NaN')));

test('every route survives arbitrary JSON and wrong types: no 5xx, nothing stored', async () => {
  const before = await snapshot();
  let requests = 0;
  for (const r of routes()) {
    await fc.assert(
      fc.asyncProperty(body, query, fc.oneof(fc.string({ maxLength: 70 }), fc.constant(uuidv7())), async (b, q, id) => {
        const method = r.method;
        const qs = new URLSearchParams(q).toString();
        const withBody = method !== 'GET' && method !== 'DELETE';
        const res = await t.app.inject({ method: method as 'POST', url: `${fill(r.url, id)}${qs ? `?${qs}` : ''}`, headers: admin, ...(withBody ? { payload: JSON.stringify(b), headers: { ...admin, 'content-type': 'application/json' } } : {}) });
        requests++;
        if (r.url === '/api/stream' && res.statusCode === 200) return; // a stream stays open: checked elsewhere
        assert.ok(res.statusCode < 500, `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      }),
      { numRuns: r.url === '/api/stream' ? 5 : 25, seed: 42 },
    );
  }
  assert.equal(await snapshot(), before, 'nothing was stored');
  console.log(`# fuzzed ${routes().length} routes with ${requests} requests`);
});

test('malformed and huge encodings on every writing route: 4xx, nothing stored', async () => {
  const before = await snapshot();
  const writers = routes().filter((r) => r.method !== 'GET' && r.method !== 'DELETE');
  const cases: { name: string; payload: Buffer | string; headers: Record<string, string> }[] = [
    { name: 'truncated JSON', payload: '{"events": [{"id": ', headers: { 'content-type': 'application/json' } },
    { name: 'invalid UTF-8', payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), headers: { 'content-type': 'application/json' } },
    { name: 'not JSON', payload: 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'text', payload: 'hello', headers: { 'content-type': 'text/plain' } },
    { name: '2 MB body', payload: JSON.stringify({ events: [{ payload: { text: 'x'.repeat(2_000_000) } }] }), headers: { 'content-type': 'application/json' } },
    { name: 'deep nesting', payload: '['.repeat(100_000) + ']'.repeat(100_000), headers: { 'content-type': 'application/json' } },
    { name: 'gzip garbage', payload: Buffer.from('not gzip at all'), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
    { name: 'gzip bomb', payload: gzipSync(Buffer.alloc(50_000_000, 0x20)), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
    { name: 'unknown encoding', payload: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'br' } },
    { name: 'proto pollution', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "events": []}', headers: { 'content-type': 'application/json' } },
  ];
  for (const r of writers)
    for (const c of cases) {
      const res = await t.app.inject({ method: r.method as 'POST', url: fill(r.url, uuidv7()), payload: c.payload, headers: { ...admin, ...c.headers } });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${r.method} ${r.url} ${c.name} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  assert.equal(await snapshot(), before);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  const h = await t.app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(h.statusCode, 200, 'still serving');
});
