// HTTP tests of every route and every bad-input class (issue 2 parts 4–5), on the real SQLite store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { uuidv7 } from '../core/index.ts';
import { at, makeEvent, makeRegistered, sampleNineLine, T0 } from '../../test/support/events.ts';
import type { TestApp } from '../../test/support/test-app.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';

const NOW = at(120); // T0 + 2 h
let t: TestApp;
before(async () => {
  t = await sqliteTestApp({ now: () => NOW });
});
after(async () => {
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({
    method,
    url,
    ...(body === undefined ? {} : typeof body === 'string' ? { payload: body, headers: { 'content-type': 'application/json', ...headers } } : { payload: body as object, headers }),
  });
  return { status: res.statusCode, body: (res.headers['content-type']?.includes('json') ? res.json() : res.body) as Json, headers: res.headers };
};
const head = async () => (await req('GET', '/api/health')).body.head as number;
const register = async (extra: Json = {}) => {
  const id = uuidv7();
  const r = await req('POST', '/api/casualties', { id, injuredAt: T0, sex: 'male', battleRoster: 'AB1234', ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return id;
};
const postEvents = (id: string, events: unknown[]) => req('POST', `/api/casualties/${id}/events`, { events });

/** A 4xx with our error shape whose issues name `path`; nothing stored; the server keeps serving. */
async function rejects(r: { status: number; body: Json }, status: number, path: string | null, headBefore: number) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(typeof r.body.error?.code, 'string');
  assert.equal(typeof r.body.error?.message, 'string');
  assert.ok(Array.isArray(r.body.error.issues));
  if (path !== null)
    assert.ok(
      r.body.error.issues.some((i: Json) => i.path === path),
      `expected an issue at ${path}, got ${JSON.stringify(r.body.error.issues)}`,
    );
  assert.equal(await head(), headBefore, 'nothing stored');
  const h = await req('GET', '/api/health');
  assert.equal(h.status, 200, 'server keeps serving');
}

describe('health, openapi, pages', () => {
  test('GET /api/health', async () => {
    const r = await req('GET', '/api/health');
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true);
    assert.equal(r.body.db, 'sqlite');
    assert.equal(typeof r.body.head, 'number');
    assert.match(r.body.version, /^\d+\.\d+\.\d+/);
  });

  test('GET /api/openapi.json is OpenAPI 3.1 with every route, and its schemas compile', async () => {
    const r = await req('GET', '/api/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    for (const p of ['/api/health', '/api/casualties', '/api/casualties/{id}', '/api/casualties/{id}/events', '/api/evacuations', '/api/events', '/api/stream', '/api/units', '/api/facilities/{id}', '/api/vehicles', '/api/threat-zones/{id}'])
      assert.ok(r.body.paths[p], p);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    for (const [name, schema] of Object.entries(r.body.components.schemas as Json)) {
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    }
    const validateEvent = ajv.getSchema('#/components/schemas/CasualtyEvent')!;
    assert.ok(validateEvent(makeEvent('vitals', uuidv7(), { spo2: 97 })), JSON.stringify(validateEvent.errors));
    assert.equal(validateEvent(makeEvent('vitals', uuidv7(), { spo2: 140 })), false);
  });

  test('GET / without a built web app: placeholder page linking health and openapi', async () => {
    const r = await req('GET', '/');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(String(r.body), /Golden Hour is running/);
    assert.match(String(r.body), /href="\/api\/health"/);
    assert.match(String(r.body), /href="\/api\/openapi.json"/);
  });

  test('unknown API path → 404 JSON', async () => {
    const r = await req('GET', '/api/nothing-here');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
  });

  test('serves web/dist when built: files, SPA fallback, no escape from the root', async () => {
    const web = join(t.dir, 'web-dist');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>GH app</title>');
    writeFileSync(join(web, 'assets', 'app-1.js'), 'console.log(1)');
    const { sqliteTestApp: make } = await import('../../test/support/test-app.ts');
    // The default root is a URL path with a trailing slash (web/dist/): files must still be found under it.
    const w = await make({ webDist: `${web}/` });
    try {
      const root = await w.app.inject('/');
      assert.equal(root.statusCode, 200);
      assert.match(root.body, /GH app/);
      const js = await w.app.inject('/assets/app-1.js');
      assert.equal(js.statusCode, 200);
      assert.match(String(js.headers['content-type']), /javascript/);
      assert.match(String(js.headers['cache-control']), /immutable/);
      assert.match((await w.app.inject('/casualties/123')).body, /GH app/);
      assert.equal((await w.app.inject('/assets/missing.js')).statusCode, 404);
      assert.equal((await w.app.inject('/..%2f..%2fetc%2fpasswd')).statusCode, 404);
      assert.equal((await w.app.inject('/api/nope')).statusCode, 404);
    } finally {
      await w.close();
    }
  });
});

describe('casualties', () => {
  test('POST /api/casualties registers (201), the same id again → 200 with the existing one', async () => {
    const id = uuidv7();
    const body = { id, injuredAt: at(10), sex: 'female', age: 31, status: 'civilian', position: { lat: 48.6, lon: 38.0 } };
    const r1 = await req('POST', '/api/casualties', body);
    assert.equal(r1.status, 201);
    assert.equal(r1.body.casualty.id, id);
    assert.equal(r1.body.casualty.stage, 'at-poi');
    assert.equal(r1.body.casualty.state.identity.age, 31);
    const h = await head();
    const r2 = await req('POST', '/api/casualties', body);
    assert.equal(r2.status, 200);
    assert.equal(r2.body.casualty.id, id);
    assert.equal(await head(), h);
  });

  test('POST /api/casualties without id mints one', async () => {
    const r = await req('POST', '/api/casualties', { injuredAt: at(1) });
    assert.equal(r.status, 201);
    assert.match(r.body.casualty.id, /^[0-9a-f-]{36}$/);
  });

  test('POST /api/casualties bad input names the field', async () => {
    const h = await head();
    await rejects(await req('POST', '/api/casualties', { injuredAt: T0, age: 'old' }), 400, 'age', h);
    await rejects(await req('POST', '/api/casualties', { injuredAt: T0, age: 200 }), 400, 'age', h);
    await rejects(await req('POST', '/api/casualties', { sex: 'male' }), 400, 'injuredAt', h);
    await rejects(await req('POST', '/api/casualties', { injuredAt: T0, colour: 'red' }), 400, 'colour', h);
    await rejects(await req('POST', '/api/casualties', { injuredAt: '2099-01-01T00:00:00Z' }), 400, 'injuredAt', h);
    await rejects(await req('POST', '/api/casualties', { injuredAt: '2001-01-01T00:00:00Z' }), 400, 'injuredAt', h);
    await rejects(await req('POST', '/api/casualties', { id: 'ABC', injuredAt: T0 }), 400, 'id', h);
    await rejects(await req('POST', '/api/casualties', [1, 2]), 400, 'body', h);
  });

  test('GET /api/casualties/:id → state and events; unknown id or not a UUID → 404', async () => {
    const id = await register();
    const r = await req('GET', `/api/casualties/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.casualty.id, id);
    assert.equal(r.body.events.length, 1);
    assert.equal(r.body.events[0].type, 'registered');
    assert.equal(typeof r.body.events[0].seq, 'number');
    const h = await head();
    await rejects(await req('GET', `/api/casualties/${uuidv7()}`), 404, null, h);
    await rejects(await req('GET', '/api/casualties/not-a-uuid'), 404, null, h);
  });

  test('GET /api/casualties filters by status, precedence, unit, since; bad query → 400', async () => {
    const a = await register({ unitId: 'alpha-co' });
    const b = await register({ unitId: 'bravo-co' });
    await postEvents(b, [makeEvent('precedence', b, { precedence: 'urgent' }, at(5))]);
    const byUnit = await req('GET', '/api/casualties?unit=alpha-co');
    assert.equal(byUnit.status, 200);
    assert.deepEqual(byUnit.body.casualties.map((c: Json) => c.id), [a]);
    assert.equal(typeof byUnit.body.head, 'number');
    const urgent = await req('GET', '/api/casualties?precedence=urgent');
    assert.ok(urgent.body.casualties.some((c: Json) => c.id === b));
    assert.ok(!urgent.body.casualties.some((c: Json) => c.id === a));
    const cursor = (await req('GET', '/api/casualties')).body.head as number;
    await postEvents(a, [makeEvent('note', a, { text: 'still bleeding' }, at(6))]);
    const since = await req('GET', `/api/casualties?since=${cursor}`);
    assert.deepEqual(since.body.casualties.map((c: Json) => c.id), [a]);
    const open = await req('GET', '/api/casualties?status=open&limit=1000');
    assert.ok(open.body.casualties.some((c: Json) => c.id === a));
    assert.equal((await req('GET', '/api/casualties?status=closed')).body.casualties.some((c: Json) => c.id === a), false);
    const h = await head();
    await rejects(await req('GET', '/api/casualties?status=sleeping'), 400, 'query.status', h);
    await rejects(await req('GET', '/api/casualties?limit=0'), 400, 'query.limit', h);
    await rejects(await req('GET', '/api/casualties?since=-3'), 400, 'query.since', h);
  });
});

describe('POST /api/casualties/:id/events', () => {
  test('appends a batch, fills the envelope, is idempotent', async () => {
    const id = await register();
    const tq = { type: 'tourniquet.applied', at: at(3), payload: { limb: 'left-leg' } };
    const withId = { ...makeEvent('vitals', id, { pulse: 120, spo2: 93, pain: 7 }, at(4)) };
    const r = await postEvents(id, [tq, withId]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.accepted, 2);
    assert.equal(r.body.duplicates, 0);
    assert.equal(r.body.results.length, 2);
    assert.equal(r.body.casualty.state.tourniquets.length, 1);
    assert.equal(r.body.casualty.state.tourniquets[0].limb, 'left-leg');
    const stored = (await req('GET', `/api/casualties/${id}`)).body.events as Json[];
    const tqStored = stored.find((e) => e.type === 'tourniquet.applied')!;
    assert.equal(tqStored.deviceId, 'api');
    assert.equal(tqStored.author, 'api');
    assert.equal(tqStored.recordedAt, NOW);
    assert.equal(tqStored.casualtyId, id);
    const again = await postEvents(id, [withId]);
    assert.equal(again.status, 200);
    assert.equal(again.body.accepted, 0);
    assert.equal(again.body.duplicates, 1);
    assert.equal(again.body.results[0].duplicate, true);
  });

  test('a batch with a registered event creates the casualty', async () => {
    const id = uuidv7();
    const r = await postEvents(id, [makeRegistered(id), makeEvent('mechanism', id, { mechanisms: ['fpv-drone'] }, at(1))]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.casualty.state.mechanisms[0], 'fpv-drone');
  });

  test('every bad-input class → 4xx naming the field, nothing stored, server keeps serving', async () => {
    const id = await register();
    const good = () => makeEvent('note', id, { text: 'fine' }, at(5));
    const h = await head();
    const batch = async (bad: unknown) => postEvents(id, [good(), bad]);
    // malformed JSON
    await rejects(await req('POST', `/api/casualties/${id}/events`, '{"events": [ {"type": "note",'), 400, 'body', h);
    await rejects(await req('POST', '/api/casualties', '{not json'), 400, 'body', h);
    // empty body with a JSON content type
    await rejects(await req('POST', `/api/casualties/${id}/events`, ''), 400, 'body', h);
    // wrong types
    await rejects(await batch({ ...makeEvent('vitals', id, { pulse: 80 }, at(5)), payload: { pulse: 'fast' } }), 400, 'events.1.payload.pulse', h);
    await rejects(await req('POST', `/api/casualties/${id}/events`, { events: 'all of them' }), 400, 'events', h);
    await rejects(await req('POST', `/api/casualties/${id}/events`, { events: [] }), 400, 'events', h);
    await rejects(await batch(42), 400, 'events.1', h);
    // unknown event type
    await rejects(await batch({ ...good(), type: 'teleported' }), 400, 'events.1.type', h);
    // out of range: SpO2 140, pain 11
    await rejects(await batch(makeEvent('vitals', id, { spo2: 140 }, at(5))), 400, 'events.1.payload.spo2', h);
    await rejects(await batch(makeEvent('vitals', id, { pain: 11 }, at(5))), 400, 'events.1.payload.pain', h);
    // (a time far in the future or before the earliest accepted instant is not refused: src/server/time.int.test.ts, SYNC-16)
    // not a date
    await rejects(await batch({ ...good(), at: 'yesterday' }), 400, 'events.1.at', h);
    // unknown envelope field, event of another casualty, duplicate id in a batch
    await rejects(await batch({ ...good(), colour: 'red' }), 400, 'events.1.colour', h);
    await rejects(await batch({ ...good(), casualtyId: uuidv7() }), 400, 'events.1.casualtyId', h);
    const twice = good();
    await rejects(await postEvents(id, [twice, twice]), 400, 'events.0.id', h);
    // 9-line line 3 without patients, invalid MARCH pairing
    await rejects(await batch(makeEvent('evac.requested', id, { nineLine: sampleNineLine({ patientsByPrecedence: { A: 0, B: 0, C: 0, D: 0, E: 0 } }) }, at(5))), 400, 'events.1.payload.nineLine.patientsByPrecedence', h);
    // amend: unknown target (a 404: not here, perhaps not yet, SYNC-20); changes invalid for the target's type
    await rejects(await batch(makeEvent('amend', id, { target: uuidv7(), changes: { pain: 3 } }, at(6))), 404, 'events.1.payload.target', h);
    const vit = makeEvent('vitals', id, { pain: 4 }, at(5));
    await rejects(await postEvents(id, [vit, makeEvent('amend', id, { target: vit.id, changes: { pain: 11 } }, at(6))]), 400, 'events.1.payload.changes.pain', h);
    // too many events
    await rejects(await postEvents(id, Array.from({ length: 1001 }, good)), 400, 'events', h);
    // bodies over 1 MB → 413
    const huge = { events: [makeEvent('note', id, { text: 'x' }, at(5))], padding: 'x'.repeat(1_100_000) };
    await rejects(await req('POST', `/api/casualties/${id}/events`, huge), 413, 'body', h);
    // not JSON at all
    const plain = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, payload: 'hello', headers: { 'content-type': 'text/plain' } });
    await rejects({ status: plain.statusCode, body: plain.json() }, 415, null, h);
    // unknown casualty (no registered event in the batch) → 404; path id not a UUID → 400
    const ghost = uuidv7();
    await rejects(await postEvents(ghost, [makeEvent('note', ghost, { text: 'who?' }, at(5))]), 404, null, h);
    await rejects(await postEvents('nope', [good()]), 400, 'params.id', h);
    // still works afterwards
    const ok = await postEvents(id, [good()]);
    assert.equal(ok.status, 200);
    assert.equal(await head(), h + 1);
  });

  test('a valid amendment of a stored event is accepted and applied', async () => {
    const id = await register();
    const vit = makeEvent('vitals', id, { pain: 4, pulse: 90 }, at(5));
    assert.equal((await postEvents(id, [vit])).status, 200);
    const r = await postEvents(id, [makeEvent('amend', id, { target: vit.id, changes: { pain: 6 }, reason: 'misread' }, at(7))]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.casualty.state.vitals[0].pain, 6);
  });
});

describe('evacuations and events', () => {
  test('GET /api/evacuations: open requests by precedence, then time since injury', async () => {
    const routine = await register({ injuredAt: at(-60) });
    const urgentLate = await register({ injuredAt: at(30) });
    const urgentEarly = await register({ injuredAt: at(10) });
    const none = await register();
    for (const [id, precedence] of [[routine, 'routine'], [urgentLate, 'urgent'], [urgentEarly, 'urgent']] as const) {
      const r = await postEvents(id, [
        makeEvent('precedence', id, { precedence }, at(40)),
        makeEvent('tourniquet.applied', id, { limb: 'right-arm', tqType: 'CAT' }, at(41)),
        makeEvent('evac.requested', id, { nineLine: sampleNineLine() }, at(42)),
      ]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const r = await req('GET', '/api/evacuations');
    assert.equal(r.status, 200);
    const ids = (r.body.evacuations as Json[]).map((e) => e.casualtyId).filter((x) => [routine, urgentLate, urgentEarly, none].includes(x));
    assert.deepEqual(ids, [urgentEarly, urgentLate, routine]);
    const e = (r.body.evacuations as Json[]).find((x) => x.casualtyId === urgentEarly)!;
    assert.equal(e.precedence, 'urgent');
    assert.equal(e.nineLine.callSign, 'DUSTOFF 21');
    assert.equal(e.stage, 'requested');
    assert.equal(e.tourniquets.length, 1);
    for (const k of ['requestedAt', 'triage', 'vehicleId', 'destinationId', 'injuredAt']) assert.ok(k in e, k);
    await postEvents(routine, [makeEvent('evac.cancelled', routine, { reason: 'walked out' }, at(50))]);
    assert.ok(!(await req('GET', '/api/evacuations')).body.evacuations.some((x: Json) => x.casualtyId === routine));
    assert.ok((await req('GET', '/api/evacuations?status=all')).body.evacuations.some((x: Json) => x.casualtyId === routine));
    await rejects(await req('GET', '/api/evacuations?status=some'), 400, 'query.status', await head());
  });

  test('GET /api/events pages the log by cursor', async () => {
    const h0 = await head();
    const id = await register();
    await postEvents(id, [makeEvent('note', id, { text: 'a' }, at(5)), makeEvent('note', id, { text: 'b' }, at(6))]);
    const r = await req('GET', `/api/events?after=${h0}&limit=2`);
    assert.equal(r.status, 200);
    assert.equal(r.body.events.length, 2);
    assert.equal(r.body.events[0].type, 'registered');
    assert.ok(r.body.events[0].seq > h0);
    assert.ok(r.body.events[1].seq > r.body.events[0].seq);
    const rest = await req('GET', `/api/events?after=${r.body.events[1].seq}`);
    assert.deepEqual(rest.body.events.map((e: Json) => e.payload.text), ['b']);
    assert.equal(rest.body.head, h0 + 3);
    await rejects(await req('GET', '/api/events?limit=5000'), 400, 'query.limit', await head());
    await rejects(await req('GET', '/api/events?after=abc'), 400, 'query.after', await head());
  });
});

describe('reference entities', () => {
  const samples = {
    units: { id: 'med-co-1', name: '1st Medical Company', kind: 'medical' },
    facilities: { id: 'r2-test', name: 'Forward surgical', role: 'R2', position: { lat: 48.5, lon: 37.7 }, beds: 14, surgicalTables: 2 },
    vehicles: { id: 'amb-t1', kind: 'ambulance', litter: 2, seated: 2, medic: true, position: { lat: 48.58, lon: 37.83 } },
    'threat-zones': { id: 'tz-1', polygon: [{ lat: 48.6, lon: 38 }, { lat: 48.61, lon: 38.02 }, { lat: 48.59, lon: 38.03 }], from: T0, to: at(300) },
  } as const;
  const patches = { units: { name: 'Renamed' }, facilities: { bedsAvailable: 3, status: 'compromised' }, vehicles: { status: 'dispatched' }, 'threat-zones': { note: 'drones' } } as const;
  const bad = {
    units: [{ id: 'u x', name: 'bad id' }, 'id'],
    facilities: [{ ...samples.facilities, id: 'r2-bad', role: 'R9' }, 'role'],
    vehicles: [{ ...samples.vehicles, id: 'amb-bad', litter: -1 }, 'litter'],
    'threat-zones': [{ ...samples['threat-zones'], id: 'tz-bad', polygon: [{ lat: 1, lon: 1 }] }, 'polygon'],
  } as const;

  for (const kind of Object.keys(samples) as (keyof typeof samples)[]) {
    test(`/api/${kind}: create, 409 on the same id, list, get, patch, 404s, bad input`, async () => {
      const h = await head();
      const c = await req('POST', `/api/${kind}`, samples[kind]);
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.equal(c.body.item.id, samples[kind].id);
      const dup = await req('POST', `/api/${kind}`, samples[kind]);
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'conflict');
      const list = await req('GET', `/api/${kind}`);
      assert.ok(list.body.items.some((i: Json) => i.id === samples[kind].id));
      const one = await req('GET', `/api/${kind}/${samples[kind].id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.item.id, samples[kind].id);
      const p = await req('PATCH', `/api/${kind}/${samples[kind].id}`, patches[kind]);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      for (const [k, v] of Object.entries(patches[kind])) assert.equal(p.body.item[k], v);
      const after = await req('GET', `/api/${kind}/${samples[kind].id}`);
      assert.deepEqual(after.body.item, p.body.item);
      await rejects(await req('GET', `/api/${kind}/missing-one`), 404, null, h);
      await rejects(await req('PATCH', `/api/${kind}/missing-one`, patches[kind]), 404, null, h);
      await rejects(await req('PATCH', `/api/${kind}/${samples[kind].id}`, { id: 'other' }), 400, 'id', h);
      await rejects(await req('PATCH', `/api/${kind}/${samples[kind].id}`, { name: 7 }), 400, 'name', h);
      const [badBody, field] = bad[kind];
      await rejects(await req('POST', `/api/${kind}`, badBody), 400, field, h);
      assert.equal((await req('GET', `/api/${kind}/${badBody.id}`)).status, 404, 'bad entity not stored');
    });
  }

  test('facility and vehicle updates are stamped with the server time', async () => {
    const r = await req('PATCH', `/api/vehicles/${samples.vehicles.id}`, { position: { lat: 48.59, lon: 37.85 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.item.updatedAt, NOW);
  });
});
