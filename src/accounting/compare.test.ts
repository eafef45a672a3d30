// Claimed vs evidenced: the merge of the two series against hand-computed points, and the category mapping of the
// real cross-walk file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mergeSeries } from './compare.ts';
import { isOryxSummary, normType, oryxCategories } from './datasets.ts';

test('the claimed daily figure is the change of the cumulative less that day’s correction; Oryx types carry forward', () => {
  const points = mergeSeries(
    [{ date: '2024-01-01', value: 100 }, { date: '2024-01-02', value: 90 }, { date: '2024-01-04', value: 130 }],
    [{ date: '2024-01-02', value: -25 }],
    [
      { type: 'IFV', date: '2024-01-01', value: 10 },
      { type: 'APC', date: '2024-01-03', value: 5 },
      { type: 'IFV', date: '2024-01-04', value: 14 },
    ],
  );
  assert.deepEqual(points, [
    { date: '2024-01-01', claimed: 100, claimedDaily: null, correction: null, evidenced: 10, ratio: 0.1 },
    { date: '2024-01-02', claimed: 90, claimedDaily: 15, correction: -25, evidenced: 10, ratio: 0.111 },
    { date: '2024-01-03', claimed: 90, claimedDaily: null, correction: null, evidenced: 15, ratio: 0.167 },
    { date: '2024-01-04', claimed: 130, claimedDaily: 40, correction: null, evidenced: 19, ratio: 0.146 },
  ]);
});

test('Oryx types map to the common categories through the shipped cross-walk', () => {
  const m = oryxCategories(readFileSync(new URL('../../datasets/losses/generalstaff-russia_losses_equipment_oryx.json', import.meta.url), 'utf8'));
  assert.equal(m.get(normType('Tanks')), 'tank');
  assert.equal(m.get(normType('Infantry Fighting Vehicles')), 'armoured-vehicle');
  assert.equal(m.get(normType('Self-Propelled Artillery')), 'artillery');
  // Spelled differently in the daily counts than in the cross-walk.
  assert.equal(m.get(normType('Trucks, Vehicles, and Jeeps')), 'vehicle');
  assert.equal(isOryxSummary('All Types'), true);
  assert.equal(isOryxSummary('Losses excluding Recon Drones and Trucks - 17594, of which: destroyed: 13425'), true);
  assert.equal(isOryxSummary('Tanks'), false);
});
