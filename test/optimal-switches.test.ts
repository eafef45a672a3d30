// The benches' `--off` / `--on` give each term of `optimal` a value of its own type (bench/optimal-switches.ts): a
// number stayed a string before ("0.25"), and the planner had to coerce it in its inner loops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { switchedParams, switchedVariant } from '../bench/optimal-switches.ts';

test('--off and --on: numbers as numbers, booleans as booleans, words as words; unknown terms refused', () => {
  assert.deepEqual(switchedParams(['lastVehicleTrips', 'secondChanceBelow', 'addMoreToLeg'], ['minorDetourShare=0.25', 'spareGroupQueue', 'smallFleetCriticalFirst=replans']), {
    lastVehicleTrips: false,
    secondChanceBelow: 0,
    addMoreToLeg: 'off',
    minorDetourShare: 0.25,
    spareGroupQueue: true,
    smallFleetCriticalFirst: 'replans',
  });
  assert.deepEqual(switchedParams([], ['earningsFloor=false']), { earningsFloor: false });
  assert.throws(() => switchedParams([], ['noSuchTerm']), /unknown term/);
  assert.throws(() => switchedParams([], ['chainTime=half']), /not a number/);
});

test('--off / --on in the ablation bench: one variant named by its switches, none without them', () => {
  assert.deepEqual(switchedVariant(['--family', '1008', '--on', 'ownPlaces,chainTime=0.5', '--off', 'carryOn', '--per-seed', 'x']), {
    name: 'carryOn off, ownPlaces on, chainTime=0.5',
    params: { carryOn: false, ownPlaces: true, chainTime: 0.5 },
  });
  assert.equal(switchedVariant(['--family', '7', '--seeds', '4']), null);
  assert.throws(() => switchedVariant(['--on', 'noSuchTerm']), /unknown term/);
});
