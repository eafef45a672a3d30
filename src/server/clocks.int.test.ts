// Running clocks are read at the server's now, not frozen at the last write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import { at, makeEvent, sampleNineLine, T0 } from '../../test/support/events.ts';
import { sqliteTestApp } from '../../test/support/test-app.ts';

test('tourniquet minutes and alarms advance with the clock on every read', async () => {
  let now = at(10);
  const t = await sqliteTestApp({ now: () => now });
  try {
    const id = uuidv7();
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/casualties', payload: { id, injuredAt: T0 } })).statusCode, 201);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/casualties/${id}/events`,
      payload: { events: [makeEvent('tourniquet.applied', id, { limb: 'left-arm', tqType: 'CAT' }, T0), makeEvent('evac.requested', id, { nineLine: sampleNineLine() }, at(1))] },
    });
    assert.equal(r.json().casualty.state.tourniquets[0].minutes, 10);
    now = at(130);
    const one = (await t.app.inject(`/api/casualties/${id}`)).json();
    assert.deepEqual([one.casualty.state.tourniquets[0].minutes, one.casualty.state.tourniquets[0].alarm], [130, '2h']);
    const list = (await t.app.inject('/api/casualties')).json();
    const mine = list.casualties.find((c: { id: string }) => c.id === id);
    assert.deepEqual([mine.state.tourniquets[0].minutes, mine.state.tourniquets[0].alarm], [130, '2h']);
    const evac = (await t.app.inject('/api/evacuations')).json();
    assert.deepEqual([evac.evacuations[0].tourniquets[0].minutes, evac.evacuations[0].tourniquets[0].alarm], [130, '2h']);
  } finally {
    await t.close();
  }
});
