// DISP-109: where a critical casualty's (RPM ≤ 9) survival is at stake, a trade is settled in critical survivors and
// charged for the alternatives it spends (`criticalTrade`; docs/dispatch.md, "Held-out family 1011" and "1012").
// Its scenes show their own rule with DISP-110 (`loneRiskFromHere`, on since session 28) off: with it a lone vehicle's
// re-plan is priced from where it is, which changes the rounds these scenes were built on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOptimalPolicy } from './index.ts';
import type { OptimalParams } from './optimal/params.ts';
import type { PlanView } from './types.ts';
import { insertionView, replanView } from './critical-trade.fixture.ts';

/** Each job as vehicle and pickups in order. */
const jobs = (v: PlanView, p: Partial<OptimalParams>): string[] =>
  makeOptimalPolicy({ loneRiskFromHere: false, ...p }).plan(v).map((j) => `${j.vehicleId}: ${j.stops.flatMap((s) => (s.kind === 'pickup' ? [s.casualtyId] : [])).join(' ')}`);

test('DISP-109 two minor riders do not carry a re-plan away from the critical casualty of the leg (1011-32 at 82.7)', () => {
  assert.deepEqual(jobs(replanView, { criticalTrade: 'off' }), ['ambulance-0: c7 c4 c6'], 'all survivors alike: c4 and c6 outweigh c1');
  // The re-plan with c7 alone is weighed instead, and DISP-23 carries on to c1 and adds c7.
  for (const criticalTrade of ['diverts', 'both'] as const) assert.deepEqual(jobs(replanView, { criticalTrade }), ['ambulance-0: c1 c7']);
});

test('DISP-109 changes no re-plan without minor riders', () => {
  const plain = { ...replanView, casualties: replanView.casualties.filter((c) => c.id !== 'c4' && c.id !== 'c6') };
  assert.deepEqual(jobs(plain, { criticalTrade: 'both' }), jobs(plain, { criticalTrade: 'off' }));
});

test('DISP-109 an insertion is charged the later trip it spends of the casualty waiting for that vehicle (1012-175 at 134.7)', () => {
  assert.deepEqual(jobs(insertionView, { criticalTrade: 'off' }), ['helicopter-5: c7'], 'DISP-95 adds c7 free of charge');
  // c6's alternative was helicopter-5's trip once free (157.3), before the zone opens; with c7 added it frees at 170.4.
  for (const criticalTrade of ['insertions', 'both'] as const) assert.deepEqual(jobs(insertionView, { criticalTrade }), []);
});
