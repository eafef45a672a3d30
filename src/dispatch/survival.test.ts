import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL, rpmAt, survivalAt, triageOf } from './survival.ts';

// The spec's tables, typed in again here (not imported) so a transcription error in survival.ts fails this test.
const SURV = [0.052, 0.089, 0.15, 0.23, 0.35, 0.49, 0.63, 0.75, 0.84, 0.9, 0.94, 0.97, 0.98];
const SPEC = `
 0: 0 0 0 0 0 0 0 0 0 0 0 0
 1: 0 0 0 0 0 0 0 0 0 0 0 0
 2: 0 0 0 0 0 0 0 0 0 0 0 0
 3: 1 0 0 0 0 0 0 0 0 0 0 0
 4: 2 1 0 0 0 0 0 0 0 0 0 0
 5: 3 2 1 0 0 0 0 0 0 0 0 0
 6: 4 3 2 1 0 0 0 0 0 0 0 0
 7: 6 5 4 3 2 1 0 0 0 0 0 0
 8: 8 7 6 5 4 3 2 1 0 0 0 0
 9: 9 8 8 7 6 5 4 3 2 1 0 0
10: 10 9 9 8 8 7 6 6 5 5 4 4
11: 11 11 10 10 9 8 8 7 7 6 6 5
12: 12 12 11 11 10 10 10 10 9 9 8 8`;
const ROWS = SPEC.trim()
  .split('\n')
  .map((l) => l.split(':')[1]!.trim().split(/\s+/).map(Number));
const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} ≠ ${b}`);

test('every RPM row of the spec table, at injury and at each 30-min step to 360 min', () => {
  assert.equal(ROWS.length, 13);
  for (let r = 0; r <= 12; r++) {
    close(survivalAt(r, 0), SURV[r]!, `rpm ${r} at 0`);
    assert.equal(rpmAt(r, 0), r);
    for (let k = 1; k <= 12; k++) {
      close(survivalAt(r, 30 * k), SURV[ROWS[r]![k - 1]!]!, `rpm ${r} at ${30 * k}`);
      assert.equal(rpmAt(r, 30 * k), ROWS[r]![k - 1]!);
    }
  }
});

test('survival is interpolated linearly between 30-min steps', () => {
  close(survivalAt(7, 15), (0.75 + 0.63) / 2); // 7 → 6 over the first step
  close(survivalAt(8, 45), (0.84 + 0.75) / 2); // 8 → 7 between 30 and 60
  close(survivalAt(11, 75), (0.97 + 0.94) / 2); // 11 at 60 → 10 at 90
  close(survivalAt(12, 315), (SURV[9]! + SURV[8]!) / 2); // row 12: 9 at 300 → 8 at 330
  for (let r = 0; r <= 12; r++) for (let t = 0; t < 720; t += 7) assert.ok(survivalAt(r, t + 7) <= survivalAt(r, t) + 1e-12, `monotone ${r} ${t}`);
});

test('past 360 min the clock continues from the row of the RPM reached at 360', () => {
  // 12 reaches 8 at 360; row 8 then gives 8 at +30 and 7 at +60.
  close(survivalAt(12, 390), SURV[8]!);
  close(survivalAt(12, 420), SURV[7]!);
  close(survivalAt(12, 405), (SURV[8]! + SURV[7]!) / 2);
  // 10 reaches 4 at 360; row 4 gives 2 at +30, 1 at +60, 0 at +90.
  close(survivalAt(10, 390), SURV[2]!);
  close(survivalAt(10, 405), (SURV[2]! + SURV[1]!) / 2);
  close(survivalAt(10, 450), SURV[0]!);
  // 11 reaches 5; 5 reaches 0; 0 stays 0 for ever.
  close(survivalAt(11, 360), SURV[5]!);
  close(survivalAt(11, 720), SURV[0]!);
  close(survivalAt(11, 10_000), SURV[0]!);
  assert.equal(rpmAt(12, 420), 7);
});

test('triage cut and default clock rates', () => {
  assert.deepEqual([0, 6, 7, 9, 10, 12].map(triageOf), ['T1', 'T1', 'T2', 'T2', 'T3', 'T3']);
  assert.equal(DEFAULT_MODEL.clockWithMedic, 0.8);
  assert.equal(DEFAULT_MODEL.clockStabilised, 0.5);
  assert.equal(DEFAULT_MODEL.surgeryMin, 90);
  assert.equal(DEFAULT_MODEL.survivalIfVehicleHit, 0.3);
});
