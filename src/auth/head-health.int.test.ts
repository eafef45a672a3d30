// Head oracle, the analyst's half (attack probe of session 16, fixed in session 18): the log head, a count of every
// write, went to every signed-in caller on /api/health and in the live stream's opening line. An analyst, whose
// statistics are recomputed once an hour so that two calls an event apart cannot tell that event apart, counted other
// units' writes one by one. Now only those who see every casualty (administrators, peers, dispatchers and commanders
// without a unit) get it. The scoped clinical roles' half (every cursor and seq) is test/attack/head-oracle.int.test.ts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../test/support/auth.ts';
import { openStream, readStreamUntil } from '../../test/support/sse.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('the log head goes only to those who see every casualty: not in /api/health nor the stream\'s opening for others', async () => {
  const t = await authTestApp();
  after(() => t.close());
  const who = {
    analyst: await createUserAndLogin(t, 'analyst'),
    medic: await createUserAndLogin(t, 'medic', { units: ['a-coy'] }),
    facility: await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] }),
    'unit dispatcher': await createUserAndLogin(t, 'dispatcher', { units: ['a-coy'] }),
    editor: await createUserAndLogin(t, 'editor'),
    personnel: await createUserAndLogin(t, 'personnel'),
  };
  const everything = { admin: await createUserAndLogin(t, 'admin'), dispatcher: await createUserAndLogin(t, 'dispatcher', { units: [] }) };
  const medicB = await createUserAndLogin(t, 'medic', { units: ['b-coy'] });
  const health = async (h: { authorization: string }) => (await t.app.inject({ method: 'GET', url: '/api/health', headers: h })).json() as Record<string, unknown>;
  const id = uuidv7();
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', headers: medicB.headers, payload: { id, injuredAt: ago(5), unitId: 'b-coy' } })).statusCode, 201);
  for (const [role, u] of Object.entries(who)) {
    const h = await health(u.headers);
    assert.equal(h.ok, true);
    assert.equal('head' in h, false, `${role} is told the log head: ${JSON.stringify(h)}`);
  }
  for (const [role, u] of Object.entries(everything)) assert.equal((await health(u.headers)).head, 1, role);

  // The live stream opened without a cursor starts at the head: it does not say where that is.
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  for (const [role, u] of Object.entries(who)) {
    const ac = new AbortController();
    const res = await openStream(base, u.token, { signal: ac.signal });
    assert.equal(res.status, 200, role);
    const text = await readStreamUntil(res, 'golden hour stream');
    ac.abort();
    assert.match(text, /: golden hour stream\n/, `${role}: ${text}`);
  }
  // A cursor the caller named is only echoed.
  const ac = new AbortController();
  const named = await readStreamUntil(await openStream(base, who.medic.token, { after: 0, signal: ac.signal }), 'golden hour stream');
  ac.abort();
  assert.match(named, /: golden hour stream from 0\n/);
});
