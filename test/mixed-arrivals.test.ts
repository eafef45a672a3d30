// The mixed run's model of 50 independent medics (bench/scale/arrivals.ts, docs/performance.md "The mixed run"):
// seeded, at the mean rate, and not synchronised: the default no longer fires every medic in the same turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arrivalsFrom, medicSchedule, seeded } from '../bench/scale/arrivals.ts';

const all = (s: number[][]) => s.flat().sort((a, b) => a - b);
/** The most notes sent within any `windowMs` (a sliding window over the sorted send times). */
function mostWithin(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

test('the default is independent medics; the synchronised burst and the even spread are named modes', () => {
  assert.equal(arrivalsFrom({}), 'poisson');
  assert.equal(arrivalsFrom({ GH_MIXED_BURST: '1' }), 'burst');
  assert.equal(arrivalsFrom({ GH_MIXED_SPREAD: '1' }), 'spread');
  assert.equal(arrivalsFrom({ GH_MIXED_ARRIVALS: 'jitter' }), 'jitter');
  assert.throws(() => arrivalsFrom({ GH_MIXED_ARRIVALS: 'bursty' }), /one of poisson, jitter, burst, spread/);
});

test('50 poisson medics over 10 minutes: 25 notes a second on average, no two medics in step, no 25-note burst', () => {
  const s = medicSchedule('poisson', 50, 2000, 600_000, seeded(16));
  const times = all(s);
  assert.ok(Math.abs(times.length - 15_000) < 15_000 * 0.03, `${times.length} notes`);
  for (const m of s) assert.ok(m.length > 220 && m.length < 390, `a medic's ${m.length} notes (300 expected)`);
  // Independent phases: the medics' first notes are all different and spread over the first seconds.
  assert.equal(new Set(s.map((m) => m[0])).size, 50);
  // The burst mode sends 25 within a few ms every second; independent medics at 25/s rarely put 4 in 5 ms.
  assert.ok(mostWithin(times, 5) <= 4, `at most ${mostWithin(times, 5)} notes within 5 ms`);
  // Poisson seconds vary (some carry 35, some 15); the counts' variance is about their mean.
  const perSecond = new Array<number>(600).fill(0);
  for (const t of times) perSecond[Math.floor(t / 1000)]!++;
  const mean = times.length / 600;
  const variance = perSecond.reduce((a, n) => a + (n - mean) ** 2, 0) / 600;
  assert.ok(variance > mean * 0.7 && variance < mean * 1.3, `variance ${variance} against mean ${mean}`);
});

test('jittered medics: a phase within the first gap, then every gap within ±50 % of the mean', () => {
  const s = medicSchedule('jitter', 50, 2000, 120_000, seeded(3));
  for (const m of s) {
    assert.ok(m[0]! >= 0 && m[0]! < 2000);
    for (let i = 1; i < m.length; i++) assert.ok(m[i]! - m[i - 1]! >= 1000 && m[i]! - m[i - 1]! <= 3000);
  }
  assert.equal(new Set(s.map((m) => m[0])).size, 50);
});

test('a schedule is its seed: the same seed gives the same times, each medic ascending within the run', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom('poisson' as const, 'jitter' as const), fc.integer({ min: 1, max: 60 }), (seed, mode, medics) => {
    const a = medicSchedule(mode, medics, 2000, 30_000, seeded(seed));
    assert.deepEqual(a, medicSchedule(mode, medics, 2000, 30_000, seeded(seed)));
    assert.equal(a.length, medics);
    for (const m of a) m.forEach((t, i) => assert.ok(t >= 0 && t < 30_000 && (i === 0 || t > m[i - 1]!)));
  }), { numRuns: 200 });
});
