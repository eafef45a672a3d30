// ATTACK PROBE (fails on purpose): an open live stream keeps the scope its credential had when it was opened. The
// re-check (trust-hooks.ts streamStillAllowed) compares only username and role, and visibleEvents filters by the
// principal captured at open. A medic an administrator moves out of b-coy (PATCH /api/users/:u {units}) keeps
// receiving b-coy's casualty events for as long as the stream stays open (hours: the stream reconnects only when
// dropped), though every other route stops serving them at once. Run: node --test FILE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { authTestApp, createUserAndLogin } from '../support/auth.ts';
import { openStream, readStreamUntil } from '../support/sse.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

test('a medic moved out of a unit stops receiving its casualties on an already open stream', async () => {
  const s = await authTestApp({ heartbeatMs: 200 });
  try {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const admin = await createUserAndLogin(s, 'admin');
    const medic = await createUserAndLogin(s, 'medic', { units: ['a-coy', 'b-coy'] });
    const ac = new AbortController();
    const res = await openStream(base, medic.token, { signal: ac.signal });
    assert.equal(res.status, 200);
    const moved = await s.app.inject({ method: 'PATCH', url: `/api/users/${medic.username}`, headers: admin.headers, payload: { units: ['a-coy'] } });
    assert.equal(moved.statusCode, 200, moved.body);
    // Let the stream's periodic credential re-check (every 2 s) run after the change.
    await new Promise((ok) => setTimeout(ok, 2500));
    const id = uuidv7();
    const reg = await s.app.inject({ method: 'POST', url: '/api/casualties', headers: admin.headers, payload: { id, injuredAt: ago(5), unitId: 'b-coy' } });
    assert.equal(reg.statusCode, 201, reg.body);
    const note = await s.app.inject({ method: 'POST', url: `/api/casualties/${id}/events`, headers: admin.headers, payload: { events: [{ type: 'note', at: ago(1), payload: { text: 'b-coy secret' } }] } });
    assert.equal(note.statusCode, 200, note.body);
    // Every other route already refuses it.
    assert.equal((await s.app.inject({ method: 'GET', url: `/api/casualties/${id}`, headers: medic.headers })).statusCode, 404);
    const text = await readStreamUntil(res, 'b-coy secret', 3000);
    ac.abort();
    assert.ok(!text.includes('b-coy secret') && !text.includes(id), `the stream still delivers b-coy's casualty after the move: ${text.slice(-300)}`);
  } finally {
    await s.close();
  }
});
