import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { haversineKm } from '../core/index.ts';
import { POLICY_NAMES } from '../dispatch/index.ts';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { metricsOf } from './metrics.ts';
import { runPolicy } from './run.ts';
import { simulate } from './simulator.ts';
import type { Policy } from '../dispatch/types.ts';
import { ScenarioError, parseScenario } from './scenario.ts';

const S = [0.052, 0.089, 0.15, 0.23, 0.35, 0.49, 0.63, 0.75, 0.84, 0.9, 0.94, 0.97, 0.98];
const close = (a: number, b: number, msg = ''): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg} ${a} ≠ ${b}`);
const dir = resolve(import.meta.dirname, '../../examples/scenarios');
const examples = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** Survival of RPM 9 at injury after `tau` clock-minutes, from the spec's row 9 (9 → 9 → 8 → 8 → 7 → 6 → 5). */
function row9(tau: number): number {
  const steps = [9, 9, 8, 8, 7, 6, 5];
  const k = Math.floor(tau / 30);
  return S[steps[k]!]! + (S[steps[k + 1]!]! - S[steps[k]!]!) * (tau / 30 - k);
}

function tiny(medic: boolean): unknown {
  return {
    format: 'goldenhour-scenario/1',
    name: 'tiny',
    seed: 7,
    horizonMin: 10,
    travel: { tortuosity: 1, loadMin: 5, unloadMin: 5 },
    facilities: [{ id: 'r2', role: 'R2', pos: [0, 0], surgicalTables: 1, beds: 5 }],
    vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 1, seated: 0, speedKmh: 60, medic }],
    casualties: [
      { id: 'c1', atMin: 0, pos: [0, 0.1], rpm: 9, litter: true },
      { id: 'c2', atMin: 0, pos: [0, 0.1], rpm: 9, litter: true },
    ],
  };
}

test('SIM-1 clock rates: 1 until pickup, 0.8 aboard with a medic (1 without), 0.5 at the facility until surgery', () => {
  const d = haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 0.1 }); // km; 60 km/h → d minutes
  for (const medic of [true, false]) {
    const r = runPolicy(parseScenario(tiny(medic)), 'closest');
    const rate = medic ? 0.8 : 1;
    const [c1, c2] = r.casualties;
    const pick1 = d + 5;
    const drop1 = pick1 + d + 5;
    close(c1!.pickupAt!, pick1);
    close(c1!.surgeryAt!, drop1);
    const tau1 = pick1 + rate * (d + 5);
    close(c1!.survival, row9(tau1), 'c1');
    // c2 waits for the only vehicle, then for the only table (90 min from c1's start) at the stabilised rate.
    const pick2 = drop1 + d + 5;
    const drop2 = pick2 + d + 5;
    const start2 = drop1 + 90;
    close(c2!.surgeryAt!, start2);
    const tau2 = pick2 + rate * (d + 5) + 0.5 * (start2 - drop2);
    close(c2!.survival, row9(tau2), `c2 medic=${medic}`);
  }
});

test('SIM-3 a casualty of RPM ≥ 10 reaches definitive care on arrival at any facility', () => {
  const raw = tiny(true) as { casualties: { rpm: number }[]; facilities: { role: string; surgicalTables: number }[] };
  raw.casualties.forEach((c) => (c.rpm = 12));
  raw.facilities[0]!.role = 'R1';
  raw.facilities[0]!.surgicalTables = 0;
  const r = runPolicy(parseScenario(raw), 'closest');
  for (const c of r.casualties) {
    assert.equal(c.surgeryAt, null);
    assert.equal(c.outcomeAt, c.facilityAt);
    assert.ok(c.survival > 0.97);
  }
});

test('SIM-10 same seed, same trace; the seed drives arrivals', () => {
  for (const f of examples.slice(0, 3)) {
    const s = parseScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    for (const p of POLICY_NAMES) assert.deepEqual(runPolicy(s, p).trace, runPolicy(s, p).trace, `${f} ${p}`);
  }
  const withArrivals = parseScenario({
    ...(tiny(true) as object),
    horizonMin: 300,
    arrivals: { ratePerHour: 6, untilMin: 300, area: [[0, 0.05], [0, 0.15], [0.1, 0.15], [0.1, 0.05]], rpmWeights: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1], litterShare: 0.5 },
  });
  const a = runPolicy(withArrivals, 'optimal', 1);
  assert.deepEqual(a.trace, runPolicy(withArrivals, 'optimal', 1).trace);
  assert.notDeepEqual(a.trace, runPolicy(withArrivals, 'optimal', 2).trace);
  const drawn = a.trace.filter((e) => e.event === 'casualty' && e.rpm !== undefined);
  assert.ok(drawn.length > 5 && drawn.every((e) => e.pos && typeof e.litter === 'boolean'));
});

test('SIM-9 a malformed scenario is rejected with the path of the field', () => {
  const bad = (mutate: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(JSON.stringify(tiny(true))) as Record<string, unknown>;
    mutate(o);
    try {
      parseScenario(o);
    } catch (e) {
      assert.ok(e instanceof ScenarioError);
      return e.path;
    }
    assert.fail('accepted');
  };
  assert.equal(bad((o) => ((o['vehicles'] as Record<string, unknown>[])[0]!['speedKmh'] = -3)), 'vehicles[0].speedKmh');
  assert.equal(bad((o) => ((o['casualties'] as Record<string, unknown>[])[1]!['rpm'] = 13)), 'casualties[1].rpm');
  assert.equal(bad((o) => ((o['vehicles'] as Record<string, unknown>[])[0]!['base'] = 'nowhere')), 'vehicles[0].base');
  assert.equal(bad((o) => (o['format'] = 'other')), 'format');
  assert.equal(bad((o) => delete o['facilities']), 'facilities');
});

test('SIM-2 several casualties left at one stop are unloaded one after the other (unloadMin per casualty)', () => {
  const raw = tiny(true) as Record<string, unknown>;
  (raw['vehicles'] as Record<string, unknown>[])[0]!['litter'] = 2;
  const both: Policy = {
    name: 'both',
    plan: (view) =>
      view.casualties.length === 2
        ? [{ vehicleId: 'amb', stops: [{ kind: 'pickup', casualtyId: 'c1' }, { kind: 'pickup', casualtyId: 'c2' }, { kind: 'dropoff', casualtyIds: ['c1', 'c2'], facilityId: 'r2' }] }]
        : [],
  };
  const r = simulate(parseScenario(raw), both);
  const drops = r.trace.filter((e) => e.event === 'dropoff');
  assert.equal(drops.length, 2);
  close(drops[1]!.t - drops[0]!.t, 5, 'second dropoff one unloadMin after the first');
  const picks = r.trace.filter((e) => e.event === 'pickup');
  close(picks[1]!.t - picks[0]!.t, 5, 'second pickup one loadMin after the first');
  const events = JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[];
  assert.deepEqual(checkTrace(raw, events).errors, []);
  // Both unloaded at once would be too fast for the checker.
  const [d1, d2] = events.flatMap((e, i) => (e['event'] === 'dropoff' ? [i] : []));
  events[d2!]!['t'] = events[d1!]!['t'];
  assert.ok(checkTrace(raw, events).errors.some((m) => m.includes('too fast')));
});

test('SIM-7 casualties nothing can reach get their settled survival, written when their clock has settled', () => {
  const raw = tiny(true) as Record<string, unknown>;
  (raw['vehicles'] as Record<string, unknown>[])[0]!['litter'] = 0;
  (raw['vehicles'] as Record<string, unknown>[])[0]!['seated'] = 0; // carries nobody: tolerated, never used
  (raw['casualties'] as Record<string, unknown>[]).splice(1, 1, { id: 'c2', atMin: 3, pos: [0, 0.1], rpm: 12, litter: true });
  for (const p of POLICY_NAMES) {
    const r = runPolicy(parseScenario(raw), p);
    const outs = r.trace.filter((e) => e.event === 'outcome');
    assert.equal(outs.length, 2);
    // RPM 12 settles at RPM 0 after 630 clock-minutes (12 → 8 at 360, 8 → 0 after 270 more), at rate 1.
    for (const o of outs) {
      close(o.t, 3 + 630, p);
      close(o.survival!, S[0]!, p);
    }
    assert.deepEqual(checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]).errors, [], p);
  }
});

test('SIM-9 unknown keys and null-valued optional keys are tolerated', () => {
  const raw = tiny(true) as Record<string, unknown>;
  raw['author'] = 'someone';
  raw['arrivals'] = null;
  (raw['facilities'] as Record<string, unknown>[])[0]!['callsign'] = 'ALPHA';
  (raw['facilities'] as Record<string, unknown>[])[0]!['open'] = null;
  (raw['vehicles'] as Record<string, unknown>[])[0]!['rangeKm'] = null;
  raw['model'] = { surgeryMin: 60, note: 'x' };
  const s = parseScenario(raw);
  assert.equal(s.model?.surgeryMin, 60);
  assert.equal(s.vehicles[0]!.rangeKm, undefined);
  assert.equal(s.arrivals, undefined);
});

// Random small scenarios: every policy's run gives each casualty exactly one outcome, lost vehicles never act again,
// and the independent checker accepts the trace.
const pos = fc.tuple(fc.double({ min: 48, max: 48.2, noNaN: true }), fc.double({ min: 37, max: 37.3, noNaN: true }));
const scenarioArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    facilities: fc.array(fc.record({ role: fc.constantFrom('R1', 'R2', 'R3'), pos, surgicalTables: fc.integer({ min: 0, max: 2 }), beds: fc.integer({ min: 1, max: 4 }), closed: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    vehicles: fc.array(
      fc.record({
        kind: fc.constantFrom('ambulance', 'armoured', 'civilian-car', 'ugv', 'drone', 'helicopter'),
        litter: fc.integer({ min: 0, max: 2 }),
        seated: fc.integer({ min: 0, max: 2 }),
        speedKmh: fc.integer({ min: 10, max: 120 }),
        medic: fc.boolean(),
        range: fc.option(fc.integer({ min: 10, max: 80 }), { nil: undefined }),
        window: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    threat: fc.option(fc.double({ min: 0.01, max: 0.3, noNaN: true }), { nil: undefined }),
    casualties: fc.array(fc.record({ atMin: fc.integer({ min: 0, max: 200 }), pos, rpm: fc.integer({ min: 0, max: 12 }), litter: fc.boolean() }), { minLength: 1, maxLength: 7 }),
    arrivals: fc.boolean(),
  })
  .map((r) => ({
    format: 'goldenhour-scenario/1',
    name: 'random',
    seed: r.seed,
    horizonMin: 240,
    facilities: r.facilities.map((f, i) => ({
      id: `f${i}`,
      role: f.role,
      pos: f.pos,
      surgicalTables: f.role === 'R1' ? 0 : Math.max(1, f.surgicalTables),
      beds: f.beds,
      ...(f.closed ? { open: [[0, 60], [120, 10000]] } : {}),
    })),
    vehicles: r.vehicles.map((v, i) => ({
      id: `v${i}`,
      kind: v.kind,
      base: `f${i % r.facilities.length}`,
      litter: v.litter,
      seated: v.litter + v.seated === 0 ? 1 : v.seated,
      speedKmh: v.speedKmh,
      medic: v.medic,
      ...(v.range ? { rangeKm: v.range } : {}),
      ...(v.window ? { available: [[30, 5000]] } : {}),
    })),
    threats: r.threat ? [{ id: 'zone', polygon: [[48.05, 37.05], [48.05, 37.25], [48.15, 37.25], [48.15, 37.05]], fromMin: 20, toMin: 400, lossPerKm: { unprotected: r.threat, armoured: r.threat / 5, air: r.threat * 2 } }] : [],
    casualties: r.casualties.map((c, i) => ({ id: `c${i}`, ...c })),
    ...(r.arrivals ? { arrivals: { ratePerHour: 2, untilMin: 120, area: [[48.0, 37.0], [48.0, 37.3], [48.2, 37.3], [48.2, 37.0]], rpmWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], litterShare: 0.4 } } : {}),
  }));

test('SIM-4 SIM-5 property: one outcome per casualty, lost vehicles stay lost, traces pass the checker', () => {
  fc.assert(
    fc.property(scenarioArb, (raw) => {
      const s = parseScenario(raw);
      for (const p of POLICY_NAMES) {
        const r = runPolicy(s, p);
        const outcomes = r.trace.filter((e) => e.event === 'outcome').map((e) => e.casualty);
        assert.equal(outcomes.length, r.casualties.length, p);
        assert.equal(new Set(outcomes).size, outcomes.length, p);
        const lost = new Map<string, number>();
        r.trace.forEach((e, i) => {
          if (e.vehicle && lost.has(e.vehicle)) assert.fail(`${p}: vehicle ${e.vehicle} acts after it was lost (event ${i})`);
          if (e.event === 'vehicle-lost') lost.set(e.vehicle!, i);
        });
        const check = checkTrace(raw, JSON.parse(JSON.stringify(r.trace)) as Record<string, unknown>[]);
        assert.deepEqual(check.errors, [], p);
        const m = metricsOf(r);
        assert.ok(m.expectedSurvivors.all <= m.casualties.all + 1e-9);
        assert.equal(m.casualtiesLostWithVehicles, r.casualties.filter((c) => c.lostWithVehicle).length);
      }
    }),
    { numRuns: 60, seed: 20261122 },
  );
});

test('SCN-17 a facility operates only as many tables at once as it has complete surgical teams on duty', () => {
  // Two critical casualties arrive together at an R2 with two tables; with one team on duty the second waits a surgery.
  const raw = tiny(true) as { vehicles: Record<string, unknown>[]; facilities: Record<string, unknown>[] };
  raw.vehicles.push({ ...raw.vehicles[0], id: 'amb-2' });
  raw.facilities[0]!['surgicalTables'] = 2;
  const starts = (staff?: Record<string, number>) => {
    const r = runPolicy(parseScenario({ ...raw, facilities: [{ ...raw.facilities[0], ...(staff ? { staff } : {}) }] }), 'closest');
    return r.casualties.map((c) => c.surgeryAt!).sort((a, b) => a - b);
  };
  const [a, b] = starts();
  close(b! - a!, 0, 'both tables run without a staff count (unknown staffing is not zero)');
  for (const staff of [{ surgeon: 1, anaesthesia: 3, scrub: 3 }, { surgeon: 2, anaesthesia: 1, scrub: 2 }, { surgeon: 4, anaesthesia: 4, scrub: 1 }]) {
    const [x, y] = starts(staff);
    close(y! - x!, 90, `one complete team (${JSON.stringify(staff)}): the second operation waits for the first`);
  }
  const [p, q] = starts({ surgeon: 2, anaesthesia: 2, scrub: 2 });
  close(q! - p!, 0, 'two complete teams: both tables run');
  assert.throws(() => parseScenario({ ...raw, facilities: [{ ...raw.facilities[0], staff: { surgeon: 1, anaesthesia: -1, scrub: 1 } }] }), /facilities\[0\]\.staff\.anaesthesia/);
});

test('SCN-17 the short-staffed example: the same load with its staff counted saves fewer critical casualties than with every table', () => {
  const raw = JSON.parse(readFileSync(join(dir, 'short-staffed-surgery.json'), 'utf8')) as { facilities: Record<string, unknown>[] };
  assert.ok(raw.facilities.some((f) => f['staff']), 'the example carries staffing');
  const everyTable = { ...raw, facilities: raw.facilities.map(({ staff: _staff, ...f }) => f) };
  const critical = (x: unknown) => metricsOf(runPolicy(parseScenario(x), 'closest')).expectedSurvivors.critical;
  assert.ok(critical(raw) < critical(everyTable), `${critical(raw)} < ${critical(everyTable)}`);
});
