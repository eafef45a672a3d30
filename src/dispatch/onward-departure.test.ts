// DISP-132: a stabilising stop's onward route is priced through the zones as they are when it really leaves the stop
// (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import { haversineKm } from '../core/index.ts';
import { legMinutes } from './travel.ts';
import { DEFAULT_MODEL, survivalAt } from './survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle } from './types.ts';
import type { Ctx, Onward } from './optimal/context-types.ts';
import { ThreatGeometry } from './optimal/exposure.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import type { OptimalParams } from './optimal/params.ts';
import { makeOptimalPolicy } from './optimal/policy.ts';
import { onwardSurvival } from './optimal/value.ts';

test('DISP-132 generated 1010-11 (a zone over the way on from the R1 stop opens at 184.1): casualties are not left at the stop for an onward leg that will cross it', () => {
  // Priced at now plus the onward vehicle's arrival, every onward leg from r1-0 looked clear of zone `late` until it
  // opened; the real departure (after the drop, the wait and the loading) is inside it. Without the rule four critical
  // casualties were left at r1-0 between 141.8 and 193.7 on seed +0 (2.83 expected critical survivors; 3.81 with it).
  const s = parseScenario(generateScenario(1010, 11));
  const opens = s.threats.find((t) => t.id === 'late')!.fromMin;
  for (const seed of [s.seed, s.seed + 3]) {
    const run = (on: boolean) => simulate(s, makeOptimalPolicy({ onwardAtDeparture: on ? 'opening' : 'off' }), { seed });
    const atStop = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.event === 'dropoff' && e.facility === 'r1-0' && e.t < opens + 15).length;
    const off = run(false);
    const on = run(true);
    assert.ok(atStop(on) < atStop(off), `left at r1-0 around the opening: ${atStop(off)} without the rule, ${atStop(on)} with it`);
    const [a, b] = [metricsOf(off).expectedSurvivors.critical, metricsOf(on).expectedSurvivors.critical];
    assert.ok(b > a + 0.5, `expected critical survivors ${a.toFixed(3)} → ${b.toFixed(3)}`);
  }
});

test('DISP-132 the modes: `both` prices the onward route at its departure, `opening` takes the lower of that and the old chance', () => {
  // A stop at r1, an R2 30 km on, a zone across the way; the onward ambulance reaches the stop 10 min from now (0) and
  // the casualty is dropped there at 60, so with the 45-min slack and the loading the route leaves at 110.
  const r1: PlanFacility = { id: 'r1', role: 'R1', pos: { lat: 48, lon: 37 }, beds: 10, bedsFree: 10, surgicalTables: 0, tableFreeAt: [], surgicalBacklog: 0, open: null };
  const r2: PlanFacility = { id: 'r2', role: 'R2', pos: { lat: 48.27, lon: 37 }, beds: 10, bedsFree: 10, surgicalTables: 2, tableFreeAt: [], surgicalBacklog: 0, open: null };
  const band = [{ lat: 48.1, lon: 36.9 }, { lat: 48.1, lon: 37.1 }, { lat: 48.12, lon: 37.1 }, { lat: 48.12, lon: 36.9 }];
  const vehicle = { medic: true, protection: 'unprotected', speedKmh: 40 } as PlanVehicle;
  const km = haversineKm(r1.pos, r2.pos) * 1.35;
  const durMin = legMinutes(km, vehicle.speedKmh);
  const c = { id: 'c', rpm0: 7, tau: 30, rate: 1, litter: true, pos: r1.pos, atMin: 0 } as PlanCasualty;
  const value = (fromMin: number, toMin: number, mode: OptimalParams['onwardAtDeparture']): number => {
    const geo = new ThreatGeometry([{ id: 'z', polygon: band, fromMin, toMin, lossPerKm: { unprotected: 0.5, armoured: 0.1, air: 0.5 } }]);
    const on: Onward = { etaMin: 10, vehicle, from: r1.pos, opensLater: fromMin > 10, routes: [{ facility: r2, km, durMin, q: geo.legSurvival(r1.pos, r2.pos, km, 10, durMin, 'unprotected') }] };
    const ctx = {
      view: { now: 0, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 } }, model: DEFAULT_MODEL, p: { ...DEFAULT_OPTIMAL_PARAMS, onwardAtDeparture: mode }, geo,
      slots: new Map([['r2', [0, 0]]]), booked: new Map(), beds: new Map([['r1', 10], ['r2', 10]]),
    } as unknown as Ctx;
    return onwardSurvival(ctx, c, on, 60, 60, DEFAULT_MODEL.clockStabilised, 45);
  };
  const clear = value(1e6, 2e6, 'off');
  assert.ok(clear > survivalAt(7, 1e4) + 0.1, 'the route is worth something when nothing is in the way');
  // A zone that opens at 100, after the ambulance reaches the stop and before the casualty leaves it.
  assert.equal(value(100, 1e6, 'off'), clear, 'off: priced as at minute 10, before the zone opens');
  assert.ok(value(100, 1e6, 'both') < clear - 0.1, 'both: priced at the departure, inside the zone');
  assert.equal(value(100, 1e6, 'opening'), value(100, 1e6, 'both'));
  // A zone that closes at 100: at minute 10 the way is inside it, at the departure it is clear.
  assert.ok(value(0, 100, 'off') < clear - 0.1);
  assert.equal(value(0, 100, 'both'), clear, 'both: the zone has closed when the casualty leaves');
  assert.equal(value(0, 100, 'opening'), value(0, 100, 'off'), 'opening: a zone that closes before the departure is still counted');
});

test('DISP-132 `opening` skips the departure price where no zone opens after the arrival: a later start meets each zone for no longer', () => {
  const a = { lat: 48, lon: 37 };
  const b = { lat: 48.3, lon: 37.1 };
  const zone = fc.record({ lat: fc.double({ min: 47.95, max: 48.3, noNaN: true }), fromMin: fc.integer({ min: -100, max: 300 }), span: fc.integer({ min: 1, max: 400 }), loss: fc.double({ min: 0, max: 0.5, noNaN: true }) });
  fc.assert(fc.property(fc.array(zone, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 90 }), (zs, arrive, later, dur) => {
    const threats = zs.map((z, i) => ({ id: `z${i}`, polygon: [{ lat: z.lat, lon: 36.9 }, { lat: z.lat, lon: 37.2 }, { lat: z.lat + 0.05, lon: 37.2 }, { lat: z.lat + 0.05, lon: 36.9 }], fromMin: z.fromMin, toMin: z.fromMin + z.span, lossPerKm: { unprotected: z.loss, armoured: z.loss, air: z.loss } }));
    fc.pre(threats.every((t) => !(t.fromMin > arrive)));
    const geo = new ThreatGeometry(threats);
    const km = 40;
    const atArrival = geo.legSurvival(a, b, km, arrive, dur, 'unprotected');
    const atDeparture = geo.legSurvival(a, b, km, arrive + later, dur, 'unprotected');
    assert.ok(atDeparture >= atArrival - 1e-12, `${atDeparture} < ${atArrival}`);
  }), { numRuns: 500 });
});
