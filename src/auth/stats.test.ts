// De-identified statistics: no breakdown lets a small cell be recovered as the total minus the other cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CasualtySummary } from '../storage/port.ts';
import { deidentifiedStats } from './stats.ts';

const fake = (i: number, outcome: string | null, stage: string): CasualtySummary =>
  ({
    id: `c${i}`,
    stage,
    precedence: null,
    triage: null,
    injuredAt: null,
    state: { chain: [], outcome: outcome ? { outcome } : null, triage: { conflict: null }, precedence: { conflict: null }, destination: { conflict: null } },
  }) as unknown as CasualtySummary;

test('stats: a lone small cell cannot be recovered by differencing (the next smallest is suppressed too)', () => {
  // 20 casualties still unknown, 1 died of wounds: "<5" alone would be 21 − 20 = 1.
  const all = [...Array.from({ length: 20 }, (_, i) => fake(i, null, 'at-poi')), fake(20, 'died-of-wounds', 'closed')];
  const s = deidentifiedStats(all, '2026-01-01T10:17:00.000Z');
  assert.equal(s.casualties, 21);
  for (const [name, breakdown] of Object.entries({ byOutcome: s.byOutcome, byStage: s.byStage })) {
    const hidden = Object.values(breakdown).filter((v) => typeof v !== 'number');
    assert.notEqual(hidden.length, 1, `${name}: ${JSON.stringify(breakdown)}`);
  }
  assert.deepEqual(s.byOutcome, { 'died-of-wounds': '<5', unknown: 'suppressed' });
  assert.equal(s.generatedAt, '2026-01-01T10:00:00Z', 'no exact time');
  // Two small cells (or none) need nothing more.
  const two = deidentifiedStats([...all, fake(21, 'killed-in-action', 'closed')], '2026-01-01T10:17:00.000Z');
  assert.deepEqual(two.byOutcome, { 'died-of-wounds': '<5', 'killed-in-action': '<5', unknown: 20 });
});
