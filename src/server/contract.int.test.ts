// One API contract (issue 10 item 3): every route declares its request and response schemas (src/core/api.ts),
// the OpenAPI document is generated from them with nothing undescribed, and the HTTP test apps check every answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { authTestApp } from '../../test/support/auth.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Routes merged from other capabilities before their contracts were written (none now). Tracked here so the
 * list can only shrink: a new route without a contract fails this test, and so does a listed one that got one.
 */
const PENDING_CONTRACTS: string[] = [];

test('OpenAPI: every /api operation (auth routes included) comes from a declared contract, and every schema compiles', async () => {
  const t = await authTestApp();
  try {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as Json;
    const undescribed = (doc['x-undescribed'] ?? []) as string[];
    assert.deepEqual(undescribed.filter((r) => !PENDING_CONTRACTS.includes(r)), [], 'routes without a contract');
    assert.deepEqual(PENDING_CONTRACTS.filter((r) => !undescribed.includes(r)), [], 'described now: remove from PENDING_CONTRACTS');
    const api = t.app.routeTable.filter((x) => x.url.startsWith('/api/') && x.method !== 'HEAD' && !PENDING_CONTRACTS.includes(`${x.method} ${x.url}`));
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(doc.components.schemas.Error, '#/components/schemas/Error');
    for (const { method, url } of api) {
      const op = doc.paths[url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[method.toLowerCase()] as Json | undefined;
      assert.ok(op, `${method} ${url} is in the document`);
      assert.ok(op.summary && !/^(GET|POST|PATCH|DELETE) /.test(op.summary), `${method} ${url} has a real summary`);
      const ok = Object.entries(op.responses as Json).filter(([s]) => s !== 'default');
      assert.ok(ok.length > 0, `${method} ${url} declares a success answer`);
      for (const [status, resp] of ok) {
        for (const [media, body] of Object.entries((resp.content ?? {}) as Json)) {
          if (media !== 'application/json' || !body.schema) continue;
          assert.notDeepEqual(body.schema, { type: 'object' }, `${method} ${url} ${status}: not a stub`);
          assert.doesNotThrow(() => ajv.compile(body.schema), `${method} ${url} ${status} compiles`);
        }
      }
    }
  } finally {
    await t.close();
  }
});

test('the contract check fails an answer that does not match its declared schema (and passes one that does)', async () => {
  const t = await sqliteTestApp({
    routes: [
      (app) => {
        const contract = { summary: 'test route', responses: { 200: z.object({ n: z.number() }) } };
        app.get('/api/test-good', { config: { access: 'public', contract } }, async () => ({ n: 1 }));
        app.get('/api/test-bad', { config: { access: 'public', contract } }, async () => ({ n: 'one' }));
        app.get('/api/test-none', { config: { access: 'public' } }, async () => ({ n: 1 }));
        // Ready bytes bypass the serializer (as the casualty list's kept JSON does): an undeclared key must fail.
        const nested = { summary: 'test route', responses: { 200: z.object({ xs: z.array(z.object({ n: z.number() })) }) } };
        const bytes = (json: string) => async (_req: unknown, reply: FastifyReply) => reply.type('application/json; charset=utf-8').send(Buffer.from(json));
        app.get('/api/test-bytes-good', { config: { access: 'public', contract: nested } }, bytes('{"xs":[{"n":1}]}'));
        app.get('/api/test-bytes-extra', { config: { access: 'public', contract: nested } }, bytes('{"xs":[{"n":1},{"n":2,"secret":"x"}]}'));
      },
    ],
  });
  try {
    assert.equal((await t.app.inject('/api/test-good')).statusCode, 200);
    const bad = await t.app.inject('/api/test-bad');
    assert.equal(bad.statusCode, 500);
    assert.match(bad.body, /contract violation: GET \/api\/test-bad/);
    assert.equal((await t.app.inject('/api/test-none')).statusCode, 200, 'no contract: left to the OpenAPI coverage test');
    assert.equal((await t.app.inject('/api/test-bytes-good')).statusCode, 200);
    const extra = await t.app.inject('/api/test-bytes-extra');
    assert.equal(extra.statusCode, 500);
    assert.match(extra.body, /carries \.xs\[1\]\.secret, which its contract does not declare/);
  } finally {
    await t.close();
  }
});
