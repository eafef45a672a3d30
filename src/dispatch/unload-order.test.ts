// DISP-146: a drop-off hands its casualties over most urgent first (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { SimResult } from '../sim/state.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { urgentFirst } from './optimal/unload-order.ts';
import { DEFAULT_MODEL } from './survival.ts';
import type { Job, PlanCasualty, PlanVehicle, PlanView } from './types.ts';

const pos = (lat: number, lon: number) => ({ lat, lon });
const cas = (id: string, rpm0: number, tau: number): PlanCasualty => ({ id, atMin: 0, rpm0, tau, rate: 1, litter: true, pos: pos(48.5, 37.9) });

const amb: PlanVehicle = {
  id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2,
  pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 60, idle: true, rangeLeftKm: null, available: null,
};

/** The ambulance and an R2 with one table free beside it; the casualties a few km east. */
function view(casualties: PlanCasualty[]): PlanView {
  return {
    now: 60, casualties, vehicles: [amb],
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 20, bedsFree: 20, surgicalTables: 1, tableFreeAt: [60], surgicalBacklog: 0, open: null }],
    threats: [], travel: { tortuosity: 1.3, loadMin: 5, unloadMin: 5 }, model: DEFAULT_MODEL, horizonMin: 720, expectedRatePerMin: 0,
  };
}
const job = (ids: string[]): Job => ({
  vehicleId: 'amb',
  stops: [...ids.map((id) => ({ kind: 'pickup' as const, casualtyId: id })), { kind: 'dropoff', casualtyIds: ids, facilityId: 'r2' }],
});
const dropOrder = (j: Job) => j.stops.flatMap((s) => (s.kind === 'dropoff' ? s.casualtyIds : []));

test('DISP-146 the critical casualty is handed over before the minor one picked up first; one past saving goes last', () => {
  const minor = cas('minor', 11, 20);
  const critical = cas('critical', 8, 0);
  const past = cas('past', 0, 400);
  const v = view([minor, critical, past]);
  const [out] = urgentFirst(v, [job(['minor', 'critical'])]);
  assert.deepEqual(dropOrder(out!), ['critical', 'minor']);
  assert.deepEqual(out!.stops.slice(0, 2), job(['minor', 'critical']).stops.slice(0, 2), 'the pickups keep their order');
  assert.deepEqual(dropOrder(urgentFirst(v, [job(['past', 'minor', 'critical'])])[0]!), ['critical', 'minor', 'past']);
  // Of two critical casualties, the one a wait of one operation costs more at its clock when they arrive: RPM 6 before
  // RPM 9. And at that clock, not now: RPM 4 at 10 min loses about 0.2 over the wait now, but about 0.03 by the time the
  // ambulance is back (near its untreated limit), less than RPM 8 (0.05 now, about 0.13 then).
  const six = cas('six', 6, 0);
  const nine = cas('nine', 9, 0);
  const grave = cas('grave', 4, 10);
  const v2 = view([six, nine, grave, critical]);
  assert.deepEqual(dropOrder(urgentFirst(v2, [job(['nine', 'six'])])[0]!), ['six', 'nine']);
  assert.deepEqual(dropOrder(urgentFirst(v2, [job(['grave', 'critical'])])[0]!), ['critical', 'grave']);
  // A lone drop-off, and a job with nothing to reorder, are left as they are.
  const lone = job(['minor']);
  assert.equal(urgentFirst(v, [lone])[0], lone);
});

test('DISP-146 held-out 1032-55 (three cars, no threats): c9 (RPM 8) is handed over before c8 (RPM 11) and the run rises above closest', () => {
  // At 146.6 civilian-car-1, on its way to c8, has c9 added to its leg (DISP-23); c8, picked up first, was handed over
  // first and c9 waited five minutes more for its table, the whole gap to `closest` on every seed.
  const s = parseScenario(generateScenario(1032, 55));
  const critical = (r: SimResult): number => metricsOf(r).expectedSurvivors.critical;
  const dropAt = (r: SimResult, c: string) => r.trace.find((e) => e.event === 'dropoff' && e.casualty === c)?.t ?? Infinity;
  for (const k of [0, 1]) {
    const seed = s.seed + k;
    const on = simulate(s, makeOptimalPolicy({ unloadUrgentFirst: true }), { seed });
    const off = simulate(s, makeOptimalPolicy({ unloadUrgentFirst: false }), { seed });
    assert.ok(dropAt(off, 'c8') < dropAt(off, 'c9'));
    assert.ok(dropAt(on, 'c9') < dropAt(on, 'c8'));
    const closest = critical(runPolicy(s, 'closest', seed, false));
    assert.ok(critical(off) < closest && critical(on) > closest, `${critical(off)} / ${critical(on)} against ${closest}`);
  }
});
