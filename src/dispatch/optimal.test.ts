import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseScenario } from '../sim/scenario.ts';
import { runPolicy } from '../sim/run.ts';
import { simulate } from '../sim/simulator.ts';
import { metricsOf } from '../sim/metrics.ts';
import { DEFAULT_MODEL } from './survival.ts';
import { makeOptimalPolicy, optimalPolicy } from './optimal.ts';
import type { PlanView } from './types.ts';
import { ONE_STEP } from './exact-lone-forms.fixture.ts';

test('DISP-11 surgical queue: the casualty who loses most by waiting goes first', () => {
  const queue = [
    { id: 'minor-ish', rpm0: 9, tau: 0, arrivedAt: 0 },
    { id: 'urgent', rpm0: 7, tau: 0, arrivedAt: 5 },
    { id: 'hopeless', rpm0: 0, tau: 100, arrivedAt: 1 },
  ];
  assert.equal(optimalPolicy.nextForSurgery!(queue, 10, DEFAULT_MODEL), 1);
});

test('DISP-4 optimal sends the armoured vehicle into a deadly zone and the nearer one elsewhere', () => {
  const pos = (lat: number, lon: number) => ({ lat, lon });
  const view: PlanView = {
    now: 0,
    casualties: [
      { id: 'in-zone', atMin: 0, rpm0: 8, tau: 0, rate: 1, litter: true, pos: pos(48.6, 38.0) },
      { id: 'safe', atMin: 0, rpm0: 8, tau: 0, rate: 1, litter: true, pos: pos(48.5, 37.8) },
    ],
    vehicles: (['ambulance', 'armoured'] as const).map((kind) => ({
      id: kind, kind, protection: kind === 'armoured' ? 'armoured' : 'unprotected', straightLine: false, speedKmh: kind === 'armoured' ? 35 : 50,
      medic: true, litter: 2, seated: 0, pos: pos(48.55, 37.9), basePos: pos(48.55, 37.9), freeAt: 0, idle: true, rangeLeftKm: null, available: null,
    })),
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [0, 0], surgicalBacklog: 0, open: null }],
    threats: [{ id: 'z', polygon: [pos(48.57, 37.95), pos(48.57, 38.1), pos(48.7, 38.1), pos(48.7, 37.95)], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.05, armoured: 0.005, air: 0.05 } }],
    travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 600,
    expectedRatePerMin: 0,
  };
  const jobs = optimalPolicy.plan(view);
  const who = Object.fromEntries(jobs.flatMap((j) => j.stops.flatMap((s) => (s.kind === 'pickup' ? [[s.casualtyId, j.vehicleId]] : []))));
  assert.equal(who['in-zone'], 'armoured');
  assert.equal(who['safe'], 'ambulance');
});

test('DISP-6 a casualty surgery can no longer save does not take a scarce table that salvageable ones are waiting for', () => {
  const pos = (lat: number, lon: number) => ({ lat, lon });
  // The only vehicle seats one walking casualty; the salvageable ones need a litter and wait for another vehicle.
  const view: PlanView = {
    now: 100,
    casualties: [
      { id: 'hopeless', atMin: 0, rpm0: 2, tau: 100, rate: 1, litter: false, pos: pos(48.52, 37.75) },
      ...[0, 1, 2].map((i) => ({ id: `critical-${i}`, atMin: 90, rpm0: 8, tau: 10, rate: 1, litter: true, pos: pos(48.55 + i * 0.01, 37.8) })),
    ],
    vehicles: [{ id: 'car', kind: 'civilian-car', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: false, litter: 0, seated: 3, pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 100, idle: true, rangeLeftKm: null, available: null }],
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 10, bedsFree: 10, surgicalTables: 1, tableFreeAt: [100], surgicalBacklog: 0, open: null }],
    threats: [],
    travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 600,
    expectedRatePerMin: 0,
  };
  const toTable = (jobs: ReturnType<typeof optimalPolicy.plan>): boolean => jobs.some((j) => j.stops.some((s) => s.kind === 'dropoff' && s.facilityId === 'r2' && s.casualtyIds.includes('hopeless')));
  assert.equal(toTable(optimalPolicy.plan(view)), false);
  // The one-step term alone (DISP-19's sequences would also find the trip adds nothing over leaving it untreated).
  assert.equal(toTable(makeOptimalPolicy({ ...ONE_STEP, sequence: false }).plan(view)), false);
  assert.equal(toTable(makeOptimalPolicy({ ...ONE_STEP, slotCost: 0, sequence: false, tieBonus: 0.01 }).plan(view)), true, 'without the table cost, and with the tie bonus of before DISP-22, it would go');
});

test('DISP-9 declared arrivals hold the only vehicle back from a minor casualty far away', () => {
  const pos = (lat: number, lon: number) => ({ lat, lon });
  const view: PlanView = {
    now: 30,
    casualties: [{ id: 'minor', atMin: 0, rpm0: 12, tau: 30, rate: 1, litter: false, pos: pos(48.7, 37.9) }],
    vehicles: [{ id: 'amb', kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh: 50, medic: true, litter: 2, seated: 2, pos: pos(48.5, 37.7), basePos: pos(48.5, 37.7), freeAt: 30, idle: true, rangeLeftKm: null, available: null }],
    facilities: [{ id: 'r2', role: 'R2', pos: pos(48.5, 37.7), beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [30, 30], surgicalBacklog: 0, open: null }],
    threats: [],
    travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 },
    model: DEFAULT_MODEL,
    horizonMin: 600,
    expectedRatePerMin: 0,
    arrivals: { ratePerMin: 0.2, untilMin: 600, area: [pos(48.52, 37.72), pos(48.52, 37.76), pos(48.55, 37.76), pos(48.55, 37.72)], rpmWeights: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0] },
  };
  // Anticipation is off in today's defaults (the ablation of DISP-9); the mechanism is tested as optimal-v1 uses it.
  assert.deepEqual(makeOptimalPolicy({ ...ONE_STEP, anticipate: 2 }).plan(view), []);
  assert.equal(makeOptimalPolicy({ ...ONE_STEP, anticipate: 2, useArrivals: false }).plan(view).length, 1, 'without the declared arrivals it would go');
});

test('DISP-1 optimal saves at least as many critical casualties as closest on every example scenario (3 seeds)', () => {
  const dir = resolve(import.meta.dirname, '../../examples/scenarios');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const s = parseScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const mean = (p: 'closest' | 'optimal'): number => {
      let t = 0;
      for (let k = 0; k < 3; k++) t += metricsOf(runPolicy(s, p, s.seed + k, false)).expectedSurvivors.critical;
      return t / 3;
    };
    assert.ok(mean('optimal') >= mean('closest'), f);
  }
});

test('DISP-8 optimal hands a casualty from a UGV to an ambulance at a point outside a deadly zone; the trace checks', async () => {
  const { checkTrace } = await import('../../test/trace-checker/checker.ts');
  const raw = {
    format: 'goldenhour-scenario/1',
    name: 'hand-off',
    seed: 3,
    horizonMin: 60,
    facilities: [
      { id: 'r1', role: 'R1', pos: [48.3, 37.1], surgicalTables: 0, beds: 4 },
      { id: 'r2', role: 'R2', pos: [48.45, 37.0], surgicalTables: 1, beds: 4 },
    ],
    vehicles: [
      { id: 'ugv', kind: 'ugv', base: 'r1', litter: 1, seated: 0, speedKmh: 12, medic: false, rangeKm: 20 },
      { id: 'amb', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 50, medic: true },
    ],
    threats: [{ id: 'belt', polygon: [[48.2, 37.12], [48.2, 37.3], [48.35, 37.3], [48.35, 37.12]], fromMin: 0, toMin: 600, lossPerKm: { unprotected: 0.08, armoured: 0.01, air: 0.1 } }],
    // The ambulance is wanted outside the zone too: its loss would cost those casualties.
    casualties: [
      { id: 'c1', atMin: 1, pos: [48.3, 37.145], rpm: 8, litter: true },
      ...[0, 1, 2, 3, 4, 5].map((k) => ({ id: `s${k}`, atMin: 1 + k * 10, pos: [48.33 + k * 0.01, 37.05], rpm: 7, litter: true })),
    ],
  };
  // Seed 2: the UGV crosses the zone with a chance of about 0.55; since SIM-10's per-vehicle draws seed 3 loses it.
  // DISP-95 off: with it the ambulance fetches s1 on its way with s0 aboard, the one table is taken until past the
  // horizon's reach and c1, handed off, is left at the point (a settled clock, SIM-17); the hand-off is what is shown.
  // DISP-47 (on since session 32) as when this was built: with it the ambulance's leg is weighed with its casualties
  // queued for r2's one table and c1 is handed on twice; the one hand-off is what is shown.
  const r = simulate(parseScenario(raw), makeOptimalPolicy({ ...ONE_STEP, addAboard: 'off', groupQueue: 'none' }), { seed: 2, trace: true });
  const handOff = r.trace.find((e) => e.event === 'dropoff' && e.pos !== undefined);
  assert.ok(handOff, JSON.stringify(r.trace));
  assert.equal(handOff.vehicle, 'ugv');
  const onward = r.trace.filter((e) => e.event === 'pickup' && e.casualty === 'c1');
  assert.equal(onward.length, 2);
  assert.deepEqual(checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]).errors, []);
});
