// Comparison notes kept before session 23 were English sentences (`comparisonInEnglish`); they are never rewritten
// (the ledger is append-only) but read back as data each time (`keptFromNote`), so that every reader's screen says
// them in its language and at its level. The parser must invert the old writer exactly, for any comparison and note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeptComparison, keptCoarse } from './claims.ts';
import { comparisonInEnglish, keptFromNote } from './kept-note.ts';
import type { RecordedBasis } from './claims.ts';

const iso = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
const asOf = fc.option(iso, { nil: undefined }).map((a) => (a === undefined ? {} : { asOf: a }));
const radius = fc.oneof(fc.integer({ min: 1, max: 500_000 }), fc.double({ min: 1e-9, max: 500_000, noNaN: true }));
const cellDeg = (max: number) => fc.integer({ min: -max * 100, max: max * 100 }).map((n) => n / 100);
const basis: fc.Arbitrary<RecordedBasis> = fc.oneof(
  asOf.map((a): RecordedBasis => ({ kind: 'linked', ...a })),
  fc.tuple(radius, iso, iso, asOf).map(([radiusM, from, to, a]): RecordedBasis => ({ kind: 'place', radiusM, from, to, ...a })),
  fc.tuple(cellDeg(90), cellDeg(180), fc.integer({ min: 1, max: 500 }), iso, iso, asOf).map(([lat, lon, km, from, to, a]): RecordedBasis => ({ kind: 'cells', lat, lon, radiusM: km * 1000, from, to, ...a })),
);
const n = fc.nat({ max: 100_000 });
// Claimed values as the old sentence wrote them (`${value}`: -0 as 0, hence x + 0).
const kept = fc.record({
  casualties: n, killedInAction: n, diedOfWounds: n, wounded: n, stillOpen: n, basis,
  claimed: fc.record({ value: fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.double({ min: -1e22, max: 1e22, noNaN: true }).map((x) => x + 0)), qualifier: fc.constantFrom(null, 'about', 'more-than', 'at-least', 'up-to') }),
});
// The old route trimmed the keeper's note (at least one character); anything may follow, another sentence included.
const note = fc.option(fc.oneof(fc.string({ minLength: 1 }), fc.constant('Golden Hour recorded (linked casualties): 9 casualties')).map((s) => s.trim()).filter((s) => s.length > 0), { nil: undefined });

test('an old comparison note is read back as the comparison it said, with the keeper\'s own words', () => {
  fc.assert(fc.property(kept, note, (k, words) => {
    const back = keptFromNote(comparisonInEnglish(k, words));
    assert.deepEqual(back, { kept: KeptComparison.parse(k), note: words ?? null });
  }), { numRuns: 2000 });
});

test('free text is not a kept comparison; only a basis by cell or linked, as of a day\'s start, is coarse', () => {
  for (const s of ['seen from the road', 'Golden Hour recorded nothing', 'Golden Hour recorded (somewhere): 1 casualties, 1 killed in action, 0 died of wounds, 0 wounded, 0 still open; claimed 3.'])
    assert.equal(keptFromNote(s), null, s);
  const day = '2026-03-05T00:00:00.000Z';
  assert.equal(keptCoarse({ kind: 'linked', asOf: day }), true);
  assert.equal(keptCoarse({ kind: 'cells', lat: 1, lon: 2, radiusM: 2000, from: day, to: day, asOf: day }), true);
  assert.equal(keptCoarse({ kind: 'linked' }), false, 'an administrator\'s linked count, live');
  assert.equal(keptCoarse({ kind: 'cells', lat: 1, lon: 2, radiusM: 2000, from: day, to: day }), false, 'live (before session 22)');
  assert.equal(keptCoarse({ kind: 'place', radiusM: 5, from: day, to: day, asOf: day }), false, 'an exact place');
});
