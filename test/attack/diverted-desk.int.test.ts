// A facility desk is told that a casualty on its way there was sent elsewhere (desk night review), and learns nothing
// else of it: the change of destination takes the casualty out of the desk's scope, so the stream sends that desk
// only `diverted` (the id it held, its own facility, the facility now named, when) — not the event, its writer or
// anything written to the casualty after. A desk that never had the casualty on its way is told nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/core/index.ts';
import { StreamDiverted } from '../../src/core/api.ts';
import { authTestAppOn, createUserAndLogin, okCaller } from '../support/auth.ts';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

for (const db of ['sqlite', 'postgres'] as const)
  test(`a desk is told where its incoming casualty was diverted, and nothing more (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const call = okCaller(t);
    for (const [id, lat] of [['r2-a', 48.7], ['r1-b', 48.6], ['r3-c', 48.5]] as const)
      await call(admin, 'POST', '/api/facilities', { id, name: id.toUpperCase(), role: 'R2', position: { lat, lon: 37.6 }, beds: 10, surgicalTables: 1 });
    const x = uuidv7();
    await call(admin, 'POST', '/api/casualties', { id: x, injuredAt: ago(30), unitId: 'bde-7', position: { lat: 48.61, lon: 37.98 } });
    await call(admin, 'POST', `/api/casualties/${x}/events`, { events: [{ type: 'destination', at: ago(20), payload: { facilityId: 'r2-a' } }] });
    const deskA = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
    const deskB = await createUserAndLogin(t, 'facility', { facilities: ['r1-b'] });
    const deskC = await createUserAndLogin(t, 'facility', { facilities: ['r3-c'] });

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const open = (who: { headers: { authorization: string } }) => openStream(base, who);
    const [a, b, c] = await Promise.all([open(deskA), open(deskB), open(deskC)]);
    // Diverted to r1-b, then a note written to it: desk A sees neither; desk B, now its destination, both.
    const at = ago(1);
    await call(admin, 'POST', `/api/casualties/${x}/events`, { events: [{ type: 'destination', at, payload: { facilityId: 'r1-b' } }] });
    await call(admin, 'POST', `/api/casualties/${x}/events`, { events: [{ type: 'note', at: ago(0), payload: { text: 'SECRETNOTE' } }] });
    await b.until(() => b.sse.includes('SECRETNOTE'));
    await a.until(() => a.sse.includes('event: diverted'));
    const told = a.sse.split('\n\n').filter((m) => m.startsWith('event: diverted'));
    assert.equal(told.length, 1, a.sse);
    assert.deepEqual(StreamDiverted.strict().parse(JSON.parse(told[0]!.split('data: ')[1]!)), { casualtyId: x, from: 'r2-a', to: 'r1-b', at }, 'the message is its schema and no more');
    assert.ok(!a.sse.includes('event: casualty'), `no event or summary of it after it left: ${a.sse}`);
    for (const secret of ['SECRETNOTE', admin.username, 'bde-7', '48.61']) assert.ok(!a.sse.includes(secret), `desk A is not told ${secret}`);
    assert.ok(!b.sse.includes('event: diverted'), 'the desk it goes to gets the casualty, not a diversion');
    // Desk C (never its destination) learns nothing of it: a casualty on its way to C, written after, reaches C after
    // every page before it (a stream is sent the log in order).
    const y = uuidv7();
    await call(admin, 'POST', '/api/casualties', { id: y, injuredAt: ago(5), unitId: 'bde-7', position: { lat: 48.61, lon: 37.98 } });
    await call(admin, 'POST', `/api/casualties/${y}/events`, { events: [{ type: 'destination', at: ago(0), payload: { facilityId: 'r3-c' } }] });
    await c.until(() => c.sse.includes(y));
    assert.ok(!c.sse.includes(x), `desk C is told nothing: ${c.sse}`);
    for (const s of [a, b, c]) s.ac.abort();
  });

// A desk opened after the diversion (sign-in, reload) was told nothing: the notice came only over a stream open at
// the time (session 37). Its stream now opens with the diversions away from its facilities in the last hour, the same
// four fields; a reconnect from a cursor before it is told by the replay as well (it was: the replay's pages take the
// same path as the live ones). A desk never on its way, or a diversion back to the desk, tells nothing.
for (const db of ['sqlite', 'postgres'] as const)
  test(`a desk opened or reconnected after the diversion is told it, and nothing more (${db})`, async () => {
    const t = await authTestAppOn(db);
    const admin = await createUserAndLogin(t, 'admin');
    const call = okCaller(t);
    for (const [id, lat] of [['r2-a', 48.7], ['r1-b', 48.6], ['r3-c', 48.5]] as const)
      await call(admin, 'POST', '/api/facilities', { id, name: id.toUpperCase(), role: 'R2', position: { lat, lon: 37.6 }, beds: 10, surgicalTables: 1 });
    const [x, back] = [uuidv7(), uuidv7()];
    for (const id of [x, back]) {
      await call(admin, 'POST', '/api/casualties', { id, injuredAt: ago(30), unitId: 'bde-7', position: { lat: 48.61, lon: 37.98 } });
      await call(admin, 'POST', `/api/casualties/${id}/events`, { events: [{ type: 'destination', at: ago(20), payload: { facilityId: 'r2-a' } }] });
    }
    const deskA = await createUserAndLogin(t, 'facility', { facilities: ['r2-a'] });
    const deskC = await createUserAndLogin(t, 'facility', { facilities: ['r3-c'] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const before = await openStream(base, deskA);
    const cursor = /id: (\S+)\nevent: cursor/.exec(before.sse)?.[1];
    assert.ok(cursor, before.sse);
    before.ac.abort();
    const at = ago(1);
    await call(admin, 'POST', `/api/casualties/${x}/events`, { events: [{ type: 'destination', at, payload: { facilityId: 'r1-b' } }] });
    await call(admin, 'POST', `/api/casualties/${x}/events`, { events: [{ type: 'note', at: ago(0), payload: { text: 'SECRETNOTE' } }] });
    // Diverted away and back: it is the desk's again, nothing to tell.
    await call(admin, 'POST', `/api/casualties/${back}/events`, { events: [{ type: 'destination', at: ago(2), payload: { facilityId: 'r1-b' } }] });
    await call(admin, 'POST', `/api/casualties/${back}/events`, { events: [{ type: 'destination', at: ago(1), payload: { facilityId: 'r2-a' } }] });
    const told = (s: { sse: string }) => s.sse.split('\n\n').filter((m) => m.startsWith('event: diverted')).map((m) => StreamDiverted.strict().parse(JSON.parse(m.split('data: ')[1]!)));
    const want = { casualtyId: x, from: 'r2-a', to: 'r1-b', at };
    // Reconnecting from before it (Last-Event-ID): the replay tells it (as the opening does).
    const again = await openStream(base, deskA, cursor);
    await again.until(() => again.sse.includes(back));
    assert.ok(told(again).length >= 1, again.sse);
    for (const d of told(again)) assert.deepEqual(d, want);
    // Opened fresh (a reload): told at the opening, before anything else of the log.
    const fresh = await openStream(base, deskA);
    await fresh.until(() => fresh.sse.includes('event: diverted'));
    assert.deepEqual(told(fresh), [want], fresh.sse);
    for (const secret of ['SECRETNOTE', admin.username, 'bde-7', '48.61', 'event: casualty\n']) assert.ok(!fresh.sse.includes(secret), `the fresh desk is not told ${secret}`);
    // The reconnected desk is shown the casualty that came back (its events); of x, only the notice.
    for (const m of again.sse.split('\n\n').filter((m) => m.includes(x))) assert.ok(m.startsWith('event: diverted'), m);
    // A desk it was never on its way to is told nothing at its opening.
    const c = await openStream(base, deskC);
    const y = uuidv7();
    await call(admin, 'POST', '/api/casualties', { id: y, injuredAt: ago(5), unitId: 'bde-7', position: { lat: 48.61, lon: 37.98 } });
    await call(admin, 'POST', `/api/casualties/${y}/events`, { events: [{ type: 'destination', at: ago(0), payload: { facilityId: 'r3-c' } }] });
    await c.until(() => c.sse.includes(y));
    assert.ok(!c.sse.includes('event: diverted') && !c.sse.includes(x), c.sse);
    for (const s of [again, fresh, c]) s.ac.abort();
  });

/** A desk's stream (from its sealed cursor, as a reconnect sends it, or from now), read until a condition holds. */
async function openStream(base: string, who: { headers: { authorization: string } }, lastEventId?: string) {
  const { ticket } = (await (await fetch(`${base}/api/stream/ticket`, { method: 'POST', headers: who.headers })).json()) as { ticket: string };
  const ac = new AbortController();
  const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
  const body = (await fetch(`${base}/api/stream?ticket=${ticket}`, { signal: ac.signal, headers })).body!.getReader();
  const s = { sse: '', ac, until: async (done: () => boolean) => {
    for (const end = Date.now() + 15_000; !done(); ) {
      assert.ok(Date.now() < end, `stream so far: ${s.sse}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = await Promise.race([body.read(), new Promise<null>((res) => (timer = setTimeout(() => res(null), Math.max(0, end - Date.now()))))]);
      clearTimeout(timer);
      if (r) s.sse += new TextDecoder().decode(r.value);
    }
  } };
  await s.until(() => s.sse.includes('golden hour stream'));
  return s;
}
