import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { barLine, progressBar } from './progress.ts';

const recorder = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, term: { isTTY, write: (s: string) => out.push(s) } };
};

test('progress bar: redrawn in place as the percent moves, one line ended at the total, 100 % last', () => {
  const { out, term } = recorder(true);
  const tick = progressBar('storing', 'rows', term);
  for (let d = 0; d <= 1000; d++) tick(d, 1000);
  const draws = out.filter((s) => s.startsWith('\r'));
  assert.equal(draws.length, 101, 'one draw per whole percent');
  assert.equal(draws.at(-1), `\rstoring [${'#'.repeat(30)}] 100% 1000/1000 rows`);
  assert.equal(out.at(-1), '\n');
  assert.equal(out.filter((s) => s === '\n').length, 1);
});

test('progress bar: nothing at all when the output is not a terminal (piped, logs)', () => {
  const { out, term } = recorder(false);
  const tick = progressBar('checking', '', term);
  for (let d = 0; d <= 10; d++) tick(d, 10);
  assert.deepEqual(out, []);
});

test('barLine: 30 cells, fill and percent never above the total, counts as given (property)', () => {
  fc.assert(
    fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
      const [done, total] = [Math.min(a, b), Math.max(a, b)];
      const line = barLine('', 'events', done, total);
      const m = /^\[(#*)(\.*)\] +(\d+)% (\d+)\/(\d+) events$/.exec(line);
      assert.ok(m, line);
      assert.equal(m[1]!.length + m[2]!.length, 30);
      const pct = Number(m[3]);
      assert.ok(pct >= 0 && pct <= 100);
      assert.equal(pct, total ? Math.floor((done / total) * 100) : 100);
      assert.equal(m[1]!.length, Math.round((pct / 100) * 30));
      assert.deepEqual([Number(m[4]), Number(m[5])], [done, total]);
    }),
  );
});
