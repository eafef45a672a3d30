// DISP-76: when a facility's taken beds free (the projection behind `PlanFacility.bedsFreeAt`; docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bedsFreeAt } from './bed-frees.ts';

test('DISP-76 SIM-3 a minor casualty frees its bed at its dropoff, a critical one when its operation ends (the tables first come, first served)', () => {
  // Two tables, one operating until 30; one casualty queued; two on their way: RPM 11 dropped at 20, RPM 6 at 25.
  const frees = bedsFreeAt({ now: 10, surgeryMin: 60, tableFreeAt: [30, 0], inSurgery: [30], queued: 1, inbound: [{ at: 25, surgical: true }, { at: 20, surgical: false }], taken: 4 });
  // The queued one takes the free table at 10 (ends 70), the one dropped at 25 the other table once free at 30 (ends 90).
  assert.deepEqual(frees, [20, 30, 70, 90]);
});

test('DISP-76 a critical casualty at a stabilising stop frees its bed only when taken on: at its pickup if a vehicle is on its way, else not listed', () => {
  const frees = bedsFreeAt({ now: 0, surgeryMin: 60, tableFreeAt: [], inSurgery: [], queued: 0, inbound: [{ at: 15, surgical: true }, { at: 12, surgical: false }], held: [40, Infinity], taken: 4 });
  assert.deepEqual(frees, [12, 40]);
});

test('DISP-76 an over-full facility: the first beds to free give none back until it is down to its beds', () => {
  // Three taken against two counted (the live view's reported beds): the bed freeing at 5 leaves it full.
  assert.deepEqual(bedsFreeAt({ now: 0, surgeryMin: 60, tableFreeAt: [], inSurgery: [], queued: 0, inbound: [{ at: 5, surgical: false }, { at: 8, surgical: false }, { at: 9, surgical: false }], taken: 2 }), [8, 9]);
  assert.deepEqual(bedsFreeAt({ now: 0, surgeryMin: 60, tableFreeAt: [], inSurgery: [], queued: 0, inbound: [{ at: 5, surgical: false }], taken: 0 }), []);
});
