// The prior state a desk's diversion notice is decided from is read once per change of destination, whichever stream
// or opening asks (each desk opening in the hour asks about the same changes, in objects of its own), and a failed
// read is asked again rather than kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stamped, uuidv7 } from '../core/index.ts';
import type { StoredEvent } from '../core/index.ts';
import { at, makeEvent } from '../../test/support/events.ts';
import { sharedPrior } from './diverted.ts';

const cid = uuidv7();
const log: StoredEvent[] = [
  stamped(makeEvent('registered', cid, { injuredAt: at(0), status: 'military', unitId: 'bde-3' }, at(0), { id: cid }), 1, at(0)),
  stamped(makeEvent('destination', cid, { facilityId: 'r2-a' }, at(5)), 2, at(5)),
  stamped(makeEvent('destination', cid, { facilityId: 'r1-b' }, at(9)), 3, at(9)),
];
const change = log[2]!;

test('the state before a change of destination is read once, asked with copies of the event', async () => {
  let reads = 0;
  const prior = sharedPrior(async () => (reads++, log));
  const answers = await Promise.all([prior(change), prior({ ...change }), prior({ ...change })]);
  assert.equal(reads, 1);
  for (const a of answers) assert.equal(a?.destinationId, 'r2-a', 'the destination it had just before');
});

test('a failed read is asked again, not kept', async () => {
  let reads = 0;
  const prior = sharedPrior(async () => {
    if (reads++ === 0) throw new Error('database away');
    return log;
  });
  await assert.rejects(prior(change));
  assert.equal((await prior({ ...change }))?.destinationId, 'r2-a');
  assert.equal(reads, 2);
});
