// The hour's figures are taken as each hour starts (hour.ts): the timer's delays by the injected clock, and its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalystHour } from './hour.ts';
import type { Schedule } from './hour.ts';
import type { Db } from './db.ts';

/** A database with nothing in it: every statement answers no rows. */
const empty: Db = { kind: 'sqlite', all: async () => [], run: async () => 0, tx: (fn) => fn(empty) };

function timers(): { schedule: Schedule; pending: { fn: () => void; ms: number }[] } {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    schedule: (fn, ms) => {
      const t = { fn, ms };
      pending.push(t);
      return () => void pending.splice(pending.indexOf(t), 1);
    },
  };
}

test('the figures are taken as the process starts, then at each hour\'s start by the clock, once, and no more after close', async () => {
  let clock = '2026-03-05T10:30:00.000Z';
  const { schedule, pending } = timers();
  const hour = new AnalystHour(() => empty);
  hour.ahead(() => clock, schedule);
  hour.ahead(() => clock, schedule);
  assert.deepEqual(pending.map((t) => t.ms), [30 * 60_000], 'one timer, for 11:00');
  // The hour under way (10:00) taken as the process starts, in the background: its first request waits for nothing.
  assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1], 'the hour under way begun at the start');
  await hour.started;
  await hour.figures.get(clock);
  await hour.stats.get({ all: true }, clock);
  assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1], 'and shared by a request of the hour');
  hour.figures.taken = hour.stats.computed = 0;
  // A timer that fires early (the clock still says 10:59:59.990) takes nothing and waits again for what is left.
  clock = '2026-03-05T10:59:59.990Z';
  pending.shift()!.fn();
  assert.deepEqual(pending.map((t) => t.ms), [10]);
  assert.equal(hour.figures.taken + hour.stats.computed, 0);
  clock = '2026-03-05T11:00:00.000Z';
  pending.shift()!.fn();
  assert.equal(hour.figures.taken, 1, 'taken at 11:00');
  assert.equal(hour.stats.computed, 1, 'the statistics of everything too');
  assert.deepEqual(pending.map((t) => t.ms), [3_600_000], 'then 12:00');
  await hour.figures.get(clock);
  await hour.stats.get({ all: true }, clock);
  assert.equal(hour.figures.taken + hour.stats.computed, 2, 'a request of 11:00 shares what the timer took');
  hour.close();
  assert.equal(pending.length, 0, 'close cancels the timer');
  hour.ahead(() => clock, schedule);
  assert.equal(pending.length, 0, 'and a closed hour takes nothing more');
});

test('the hour under way is taken after `first` settles (the start plan), even when it fails', async () => {
  for (const fails of [false, true]) {
    const { schedule, pending } = timers();
    const hour = new AnalystHour(() => empty);
    let settle = (): void => {};
    const first = new Promise<void>((resolve, reject) => (settle = fails ? () => reject(new Error('plan')) : resolve));
    hour.ahead(() => '2026-03-05T10:30:00.000Z', schedule, first);
    await Promise.resolve();
    assert.deepEqual([hour.figures.taken, hour.stats.computed], [0, 0], 'nothing begun while the start plan is made');
    settle();
    await hour.started;
    assert.deepEqual([hour.figures.taken, hour.stats.computed], [1, 1]);
    assert.deepEqual(pending.map((t) => t.ms), [30 * 60_000]);
    hour.close();
  }
});
