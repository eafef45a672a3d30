// The analyst's wounded-to-killed ratio: given on the same terms as the other rates (numerator and denominator both
// at least 5), and it is 1 / case fatality − 1, so it gives away nothing the case fatality rate does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deidentifyRecorded } from './deidentify.ts';
import { ratesOf } from './recorded.ts';
import type { OutcomeCounts, RecordedStats } from './recorded.ts';

const none = { n: 0, median: null, p90: null };
function stats(kia: number, dow: number, survivors: number): RecordedStats {
  const totals: OutcomeCounts = {
    all: kia + dow + survivors, wounded: dow + survivors, kia, dow, rtd: survivors, 'evacuated-onward': 0, 'permanent-injury': 0, open: 0,
    t1: 0, 't1-surgery-60': 0, 't1-surgery-120': 0,
  };
  return {
    filter: {}, totals, rates: ratesOf(totals), byDay: [], byUnit: [], byStatus: [],
    minutesInjuryTo: { pickup: none, firstFacility: none, surgery: none },
    tourniquets: { count: 0, buckets: [], convertedWithin2h: 0 }, vehiclesLost: 0,
  };
}

test('the analyst reads the wounded-to-killed ratio (survivors : dead) when both sides count 5 or more', () => {
  // 18 survivors (22 wounded less 4 died of wounds) to 8 dead (4 killed in action + 4 died of wounds).
  assert.equal(deidentifyRecorded(stats(4, 4, 18)).rates.woundedToKilled, 2.25);
  assert.equal(deidentifyRecorded(stats(2, 2, 18)).rates.woundedToKilled, null, '4 dead: too few');
  assert.equal(deidentifyRecorded(stats(4, 4, 4)).rates.woundedToKilled, null, '4 survivors: too few');
});

test('the analyst’s wounded-to-killed ratio is the case fatality rate said another way (nothing more is given away)', () => {
  fc.assert(fc.property(fc.nat(60), fc.nat(60), fc.nat(200), (kia, dow, survivors) => {
    const r = deidentifyRecorded(stats(kia, dow, survivors)).rates;
    if (r.woundedToKilled === null) return;
    assert.notEqual(r.caseFatality, null, 'never given where the case fatality rate is withheld');
    const dead = kia + dow;
    const half = 0.005 + 1e-9; // rounded to hundredths (117 : 40 = 2.925 may round either way in floating point)
    assert.ok(Math.abs(r.woundedToKilled - survivors / dead) <= half);
    assert.ok(Math.abs(r.woundedToKilled - ((survivors + dead) / dead - 1)) <= half, '1 / case fatality − 1');
  }));
});
