// SYNC-18 on the live stream: an incident's own log reaches a unit-scoped reader of its unit as it happens, and
// never a reader of another unit — the same scope as a pull, although an incident has no casualty row to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../core/index.ts';
import { authTestApp, createUserAndLogin } from '../../../test/support/auth.ts';
import { openStream, readStreamUntil } from '../../../test/support/sse.ts';

test('SYNC-18 the live stream carries an incident\'s log to its unit and not to another unit', async () => {
  const t = await authTestApp({ heartbeatMs: 200 });
  const open: Response[] = [];
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const own = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const watcher = await createUserAndLogin(t, 'medic', { units: ['1-coy'] });
    const other = await createUserAndLogin(t, 'medic', { units: ['2-coy'] });
    const streamOwn = await openStream(base, watcher.token, { after: 0 });
    const streamOther = await openStream(base, other.token, { after: 0 });
    open.push(streamOwn, streamOther);
    assert.equal(streamOwn.status, 200);
    assert.equal(streamOther.status, 200);

    const inc = uuidv7();
    const now = new Date().toISOString();
    const declared = await t.app.inject({
      method: 'POST', url: `/api/incidents/${inc}/events`, headers: own.headers,
      payload: { events: [{ type: 'incident.declared', at: now, payload: { kind: 'shelling', position: { lat: 48.5, lon: 37.9 }, radiusM: 300, unitId: '1-coy' } }] },
    });
    assert.equal(declared.statusCode, 200, declared.body);
    // A casualty of 2-coy afterwards: once the other stream shows it, it has passed the incident's events.
    const cid = uuidv7();
    const reg = await t.app.inject({
      method: 'POST', url: `/api/casualties/${cid}/events`, headers: other.headers,
      payload: { events: [{ type: 'registered', at: now, payload: { injuredAt: now, unitId: '2-coy' } }] },
    });
    assert.equal(reg.statusCode, 200, reg.body);

    const seenOwn = await readStreamUntil(streamOwn, 'incident.declared', 15_000);
    assert.match(seenOwn, /"type":"incident\.declared"/, 'the incident reaches a reader of its unit live');
    const seenOther = await readStreamUntil(streamOther, cid, 15_000);
    assert.match(seenOther, new RegExp(cid), 'the other unit\'s stream is live');
    assert.doesNotMatch(seenOther, new RegExp(inc), 'and never carries the incident of another unit');
  } finally {
    // Hang up first: a stream the client still holds would keep the server's close waiting.
    for (const r of open) await r.body?.cancel().catch(() => undefined);
    await t.close();
  }
});
