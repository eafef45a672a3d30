// Issue 10 item 1, read side: a list route added by anyone, with no auth code of its own, is scoped because it reads
// through the door (ctx.read(req)); outside a caller's scope a casualty does not exist on any single read; the
// answer's casualties are named in the read audit. The route below is registered by this test only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../core/index.ts';
import type { AppContext } from './context.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import type { AuthTestApp } from '../../test/support/auth.ts';

/** A new capability's list route: it knows nothing of roles, units or facilities. */
function newListRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/test/recent', { config: { access: 'casualty:read' } }, async (req) => ({
    recent: (await ctx.read(req).casualties({ limit: 50 })).map((c) => ({ casualtyId: c.id, unit: c.unitId })),
  }));
  // Even a route open to anyone reads nothing without a principal.
  app.get('/api/test/public-count', { config: { access: 'public' } }, async (req) => ({ n: (await ctx.read(req).casualties({})).length }));
}

let t: AuthTestApp;
before(async () => {
  t = await authTestApp({ routes: [newListRoute] });
});
after(async () => t.close());

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('a list route added without touching auth code returns only the caller\'s rows', async () => {
  const a = await createUserAndLogin(t, 'medic', { units: ['alpha'] });
  const b = await createUserAndLogin(t, 'medic', { units: ['bravo'] });
  const admin = await createUserAndLogin(t, 'admin');
  const ids = { alpha: [] as string[], bravo: [] as string[] };
  for (const [who, unit] of [[a, 'alpha'], [b, 'bravo'], [b, 'bravo']] as const) {
    const id = uuidv7();
    const r = await t.app.inject({ method: 'POST', url: '/api/casualties', headers: who.headers, payload: { id, injuredAt: ago(10), unitId: unit } });
    assert.equal(r.statusCode, 201, r.body);
    ids[unit].push(id);
  }
  const list = async (headers: Record<string, string>) =>
    ((await t.app.inject({ method: 'GET', url: '/api/test/recent', headers })).json() as { recent: { casualtyId: string }[] }).recent.map((x) => x.casualtyId).sort();
  assert.deepEqual(await list(a.headers), ids.alpha);
  assert.deepEqual(await list(b.headers), [...ids.bravo].sort());
  assert.deepEqual(await list(admin.headers), [...ids.alpha, ...ids.bravo].sort());
  const pub = await t.app.inject({ method: 'GET', url: '/api/test/public-count' });
  assert.deepEqual(pub.json(), { n: 0 });

  // Single reads of another unit's casualty: it does not exist for them (card and FHIR bundle alike).
  for (const url of [`/api/casualties/${ids.bravo[0]}`, `/api/casualties/${ids.bravo[0]}/fhir`]) {
    assert.equal((await t.app.inject({ method: 'GET', url, headers: a.headers })).statusCode, 404, url);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: b.headers })).statusCode, 200, url);
  }
  // The read audit names what the answer showed, and only that.
  const mine = (await t.trust.audit.entries(0, 10_000)).filter((e) => e.actor === a.username && e.action === 'GET /api/test/recent');
  assert.ok(mine.length > 0);
  assert.deepEqual((mine.at(-1)!.detail as { casualties?: string[] }).casualties, ids.alpha);
});

test('evacuations, the log and sync pull are scoped in the query; a scoped pull still moves past what it skips', async () => {
  const a = await createUserAndLogin(t, 'medic', { units: ['charlie'] });
  const b = await createUserAndLogin(t, 'medic', { units: ['delta'] });
  const mk = async (who: typeof a, unit: string) => {
    const id = uuidv7();
    await t.app.inject({ method: 'POST', url: '/api/casualties', headers: who.headers, payload: { id, injuredAt: ago(20), unitId: unit } });
    const r = await t.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: who.headers, payload: { events: [{ type: 'evac.requested', at: ago(5), payload: { nineLine: { location: { lat: 48.6, lon: 38 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } }] } });
    assert.equal(r.statusCode, 200, r.body);
    return id;
  };
  const mine = await mk(a, 'charlie');
  const theirs = await mk(b, 'delta');
  const evac = (await t.app.inject({ method: 'GET', url: '/api/evacuations?limit=1000', headers: a.headers })).json() as { evacuations: { casualtyId: string }[] };
  assert.ok(evac.evacuations.some((x) => x.casualtyId === mine));
  assert.ok(!evac.evacuations.some((x) => x.casualtyId === theirs));
  for (const url of ['/api/events', '/api/sync/pull']) {
    const page = (await t.app.inject({ method: 'GET', url, headers: a.headers })).json() as { events: { casualtyId: string }[]; next: string; more: boolean };
    assert.deepEqual([...new Set(page.events.map((e) => e.casualtyId))], [mine], url);
    assert.equal(page.more, false, `${url}: the page scanned on past the other unit's events to the end`);
    // The cursor moved past them: nothing is read again from it.
    const rest = (await t.app.inject({ method: 'GET', url: `${url}?after=${page.next}`, headers: a.headers })).json() as { events: unknown[] };
    assert.deepEqual(rest.events, [], url);
  }
});
