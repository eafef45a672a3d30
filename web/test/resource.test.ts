// Issue 10 item 4: a resource coalesces refresh requests: a burst of asks becomes at most one load in flight and
// one after it, and every ask made before a load starts is answered by that load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resource } from '../src/live/resource.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('asks during a load become one more load; the value is the latest', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 60 }), async (gaps) => {
    let loads = 0;
    let running = 0;
    let maxRunning = 0;
    const r = resource(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      loads++;
      await tick(2);
      running--;
      return loads;
    });
    for (const g of gaps) {
      r.refresh();
      if (g) await tick(g);
    }
    // Settle: wait until no load runs and none starts for a few turns (a fixed sleep is flaky on a busy machine,
    // where the last load's own timer can fire after it).
    for (let quiet = 0, seen = loads; quiet < 3; ) {
      await tick(5);
      quiet = running === 0 && loads === seen ? quiet + 1 : 0;
      seen = loads;
    }
    assert.equal(maxRunning, 1, 'never two loads at once');
    assert.ok(loads >= 1 && loads <= gaps.length);
    assert.equal(r.value, loads, 'the last load answered');
    r.dispose();
  }), { numRuns: 30 });
});

test('a burst of 100 asks at once is one load', async () => {
  let loads = 0;
  const r = resource(async () => ++loads, 10);
  for (let i = 0; i < 100; i++) r.refresh();
  await tick(40);
  assert.equal(loads, 1);
  r.dispose();
});
