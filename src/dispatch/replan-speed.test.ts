// Issue 11: the re-plan's faster passes give the same numbers as the plain ones they replace, to the last bit (the
// re-plan benchmark's plans are compared byte for byte in bench/dispatch.ts --plan-digest; these check the passes alone
// on states the benchmark does not make: ties, vehicles that cannot carry, facilities with no tables, tight queues).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cosLat, haversineKm, haversineKmCos } from '../core/index.ts';
import type { Position } from '../core/index.ts';
import { definitiveFor } from './common.ts';
import { DEFAULT_MODEL, DETERIORATION, needsSurgery, survivalAt, survivalLimit, vehicleClockRate } from './survival.ts';
import type { SurvivalModel } from './survival.ts';
import type { PlanCasualty, PlanFacility, PlanVehicle, PlanView } from './types.ts';
import { displacement, firstSlot } from './optimal/arrival-slots.ts';
import type { Booking, Ctx, Onward } from './optimal/context-types.ts';
import { makeNearestVehicles, nearestVehiclesSorted } from './optimal/nearest-vehicles.ts';
import type { FreeOfClass } from './optimal/nearest-vehicles.ts';
import { ThreatGeometry } from './optimal/exposure.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import { onwardSurvival, survivalFalls } from './optimal/value.ts';

// Coordinates on a coarse grid, so that equal distances and equal times (ties) are common.
const pos = fc.record({ lat: fc.integer({ min: 0, max: 6 }).map((k) => 48 + k * 0.05), lon: fc.integer({ min: 0, max: 6 }).map((k) => 37 + k * 0.05) });

test('haversineKmCos is haversineKm to the last bit', () => {
  fc.assert(fc.property(fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }), fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }), (a: Position, b: Position) => {
    assert.ok(Object.is(haversineKmCos(a.lat, a.lon, cosLat(a.lat), b.lat, b.lon, cosLat(b.lat)), haversineKm(a, b)));
  }));
});

const vehicleArb = fc.record({
  pos, freeAt: fc.constantFrom(0, 0, 10, 25), kind: fc.constantFrom('ambulance', 'armoured', 'civilian-car', 'helicopter'),
  litter: fc.constantFrom(0, 1, 2), seated: fc.constantFrom(0, 2), speedKmh: fc.constantFrom(30, 50, 50, 200),
  // DISP-113's free vehicle of a class: neither busy nor on its way.
  idle: fc.constantFrom(true, true, false), onWay: fc.boolean(),
});

test('the nearest vehicles of a casualty are the first of a stable sort by time to reach it, and each class\'s first', () => {
  fc.assert(fc.property(fc.array(vehicleArb, { minLength: 0, maxLength: 30 }), fc.array(fc.record({ pos, litter: fc.boolean(), rpm0: fc.constantFrom(5, 12) }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 5), fc.constantFrom('off', 'critical', 'all') as fc.Arbitrary<FreeOfClass>, (vs, cs, k, now, freeOfClass) => {
    const vehicles = vs.map((v, i): PlanVehicle => ({
      id: `v${i}`, kind: v.kind, protection: v.kind === 'armoured' ? 'armoured' : v.kind === 'helicopter' ? 'air' : 'unprotected', straightLine: v.kind === 'helicopter', speedKmh: v.speedKmh,
      medic: true, litter: v.litter, seated: v.seated, pos: v.pos, basePos: v.pos, freeAt: v.freeAt, idle: v.idle, rangeLeftKm: null, available: null,
      ...(v.onWay ? { enRoute: ['c0'] } : {}),
    }));
    const view = { now, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 } } as PlanView;
    const nearest = makeNearestVehicles(view, vehicles, k, freeOfClass);
    for (const [j, c] of cs.entries()) {
      const cas = { id: `c${j}`, pos: c.pos, litter: c.litter, rpm0: c.rpm0 } as PlanCasualty;
      const reference = nearestVehiclesSorted(view, vehicles, cas, k, freeOfClass);
      assert.deepEqual([...nearest(cas)], [...reference]);
      // DISP-113 only adds: each class's nearest free vehicle beside DISP-3's picks.
      for (const i of nearestVehiclesSorted(view, vehicles, cas, k)) assert.ok(reference.has(i));
      if (freeOfClass === 'critical' && c.rpm0 > 9) assert.deepEqual([...reference], [...nearestVehiclesSorted(view, vehicles, cas, k)]);
    }
  }), { numRuns: 400 });
});

test('a fleet with a vehicle of speed 0 is answered by the sort', () => {
  const v = (i: number, speedKmh: number): PlanVehicle => ({ id: `v${i}`, kind: 'ambulance', protection: 'unprotected', straightLine: false, speedKmh, medic: true, litter: 2, seated: 2, pos: { lat: 48 + i * 0.01, lon: 37 }, basePos: { lat: 48, lon: 37 }, freeAt: 0, idle: true, rangeLeftKm: null, available: null });
  const vehicles = [v(0, 0), v(1, 50), v(2, 0), v(3, 50)];
  const view = { now: 0, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 } } as PlanView;
  const c = { id: 'c', pos: { lat: 48.05, lon: 37 }, litter: true } as PlanCasualty;
  assert.deepEqual([...makeNearestVehicles(view, vehicles, 2)(c)], [...nearestVehiclesSorted(view, vehicles, c, 2)]);
  assert.deepEqual([...makeNearestVehicles(view, vehicles, 2)(c)], [3, 1]);
});

/** The walk over every route in its own order, as before issue 11: what the pruned walk must equal. */
function onwardSurvivalPlain(ctx: Ctx, c: PlanCasualty, on: Onward, drop: number, tau: number, waitRate: number, slack: number): number {
  const m = ctx.model;
  const wait = Math.max(0, ctx.view.now + on.etaMin - drop) + slack;
  let best = 0;
  const rate = vehicleClockRate(on.vehicle.medic, m);
  for (const r of on.routes) {
    if ((ctx.beds.get(r.facility.id) ?? 0) < 1 || !definitiveFor(c, r.facility)) continue;
    const t0 = drop + wait + ctx.view.travel.loadMin;
    const t1 = t0 + r.durMin + ctx.view.travel.unloadMin;
    const tauDrop = tau + waitRate * (wait + ctx.view.travel.loadMin) + rate * (r.durMin + ctx.view.travel.unloadMin);
    let sv: number;
    if (needsSurgery(c.rpm0)) {
      const start = Math.max(t1, firstSlot(ctx, r.facility.id, t1) ?? Infinity);
      if (!Number.isFinite(start)) continue;
      sv = survivalAt(c.rpm0, tauDrop + m.clockStabilised * (start - t1), m);
    } else sv = survivalAt(c.rpm0, tauDrop, m);
    const e = r.q * sv + (1 - r.q) * m.survivalIfVehicleHit * sv;
    if (e > best) best = e;
  }
  // DISP-99: never below the untreated limit.
  return ctx.p.stopFloor !== 'off' ? Math.max(best, survivalLimit(c.rpm0, m)) : best;
}

test('the onward survival walked shortest route first and cut by its bound is the survival over every route', () => {
  const facilityArb = fc.record({ role: fc.constantFrom('R1', 'R2', 'R3'), tables: fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 3 }), beds: fc.constantFrom(0, 1, 5), durMin: fc.integer({ min: 0, max: 120 }), q: fc.constantFrom(1, 1, 0.9, 0.5, 0) });
  const arb = fc.record({
    fs: fc.array(facilityArb, { minLength: 1, maxLength: 8 }),
    booked: fc.array(fc.record({ f: fc.nat(7), at: fc.integer({ min: 0, max: 300 }), rpm0: fc.integer({ min: 0, max: 9 }), tau: fc.integer({ min: 0, max: 200 }) }), { maxLength: 5 }),
    rpm0: fc.integer({ min: 0, max: 12 }), tau: fc.integer({ min: 0, max: 400 }), drop: fc.integer({ min: 0, max: 100 }), eta: fc.integer({ min: 0, max: 90 }),
    medic: fc.boolean(), waitRate: fc.constantFrom(0.5, 1), slack: fc.constantFrom(0, 45), flat: fc.boolean(), floor: fc.boolean(),
  });
  fc.assert(fc.property(arb, (a) => {
    // A model whose survival does not fall with the clock (its table rises again) is walked whole.
    const model: SurvivalModel = a.flat ? { ...DEFAULT_MODEL, deterioration: DETERIORATION.map((row, r) => row.map((x, k) => (k === 5 ? r : x))) } : DEFAULT_MODEL;
    const facilities = a.fs.map((f, i): PlanFacility => ({ id: `f${i}`, role: f.role as PlanFacility['role'], pos: { lat: 48, lon: 37 }, beds: 10, bedsFree: f.beds, surgicalTables: f.role === 'R1' ? 0 : f.tables.length, tableFreeAt: f.tables, surgicalBacklog: 0, open: null }));
    const booked = new Map<string, Booking[]>();
    for (const b of [...a.booked].sort((x, y) => x.at - y.at)) {
      const id = `f${b.f % facilities.length}`;
      booked.set(id, [...(booked.get(id) ?? []), { at: b.at, rpm0: b.rpm0, tau: b.tau }]);
    }
    const ctx = {
      view: { now: 0, travel: { tortuosity: 1.35, loadMin: 5, unloadMin: 5 } }, model, p: a.floor ? DEFAULT_OPTIMAL_PARAMS : { ...DEFAULT_OPTIMAL_PARAMS, stopFloor: 'off' },
      slots: new Map(facilities.map((f) => [f.id, f.role === 'R1' ? [] : [...f.tableFreeAt].sort((x, y) => x - y)])), booked,
      beds: new Map(facilities.map((f) => [f.id, f.bedsFree])),
      // No zones: DISP-132's chance at the departure is 1, and its `opening` mode keeps each route's own chance.
      geo: new ThreatGeometry([]),
    } as unknown as Ctx;
    const on: Onward = { etaMin: a.eta, vehicle: { medic: a.medic } as PlanVehicle, from: { lat: 48, lon: 37 }, opensLater: false, routes: facilities.map((f, i) => ({ facility: f, km: 0, durMin: a.fs[i]!.durMin, q: a.fs[i]!.q })) };
    const c = { id: 'c', rpm0: a.rpm0, tau: a.tau, rate: 1, litter: true, pos: { lat: 48, lon: 37 }, atMin: 0 } as PlanCasualty;
    assert.ok(Object.is(onwardSurvival(ctx, c, on, a.drop, a.tau, a.waitRate, a.slack), onwardSurvivalPlain(ctx, c, on, a.drop, a.tau, a.waitRate, a.slack)));
    assert.equal(survivalFalls(model), !a.flat);
  }), { numRuns: 1000 });
});

/** firstSlot and displacement as before issue 11: a copy sorted again after each booking. */
function firstSlotPlain(ctx: Ctx, fid: string, at: number, ahead: number): number | undefined {
  const slots = ctx.slots.get(fid)!;
  const booked = ctx.booked.get(fid);
  if (((!booked || booked.length === 0) && ahead === 0) || slots.length === 0) return slots[0];
  const s = [...slots];
  for (const b of booked ?? []) {
    if (b.at > at + 1e-9) break;
    s[0] = Math.max(s[0]!, b.at) + ctx.model.surgeryMin;
    s.sort((x, y) => x - y);
  }
  for (let k = 0; k < ahead; k++) {
    s[0] = Math.max(s[0]!, at) + ctx.model.surgeryMin;
    s.sort((x, y) => x - y);
  }
  return s[0];
}

function displacementPlain(ctx: Ctx, fid: string, at: number): number {
  const booked = ctx.booked.get(fid)!;
  if (booked.length === 0 || booked[booked.length - 1]!.at <= at + 1e-9) return 0;
  const base = ctx.slots.get(fid)!;
  if (base.length === 0) return 0;
  const m = ctx.model;
  const before = [...base];
  const after = [...base];
  let inserted = false;
  let loss = 0;
  for (const b of booked) {
    if (!inserted && b.at > at + 1e-9) {
      after[0] = Math.max(after[0]!, at) + m.surgeryMin;
      after.sort((x, y) => x - y);
      inserted = true;
    }
    const s0 = Math.max(before[0]!, b.at);
    const s1 = Math.max(after[0]!, b.at);
    before[0] = s0 + m.surgeryMin;
    before.sort((x, y) => x - y);
    after[0] = s1 + m.surgeryMin;
    after.sort((x, y) => x - y);
    if (s1 > s0) loss += survivalAt(b.rpm0, b.tau + m.clockStabilised * (s0 - b.at), m) - survivalAt(b.rpm0, b.tau + m.clockStabilised * (s1 - b.at), m);
  }
  return loss;
}

test('a table slot and its charge, each booking reseated in place, are the slot and charge of sorting again', () => {
  // Slots in any order (a view may give them unsorted), ties, -0, and infinite free times; bookings sorted by arrival.
  const t = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(-0, 0, 90, Infinity));
  const arb = fc.record({
    slots: fc.array(t, { maxLength: 5 }), sorted: fc.boolean(),
    booked: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), rpm0: fc.integer({ min: 0, max: 9 }), tau: fc.integer({ min: 0, max: 300 }) }), { maxLength: 7 }),
    at: fc.integer({ min: 0, max: 400 }), ahead: fc.integer({ min: 0, max: 3 }),
  });
  fc.assert(fc.property(arb, (a) => {
    const slots = a.sorted ? [...a.slots].sort((x, y) => x - y) : a.slots;
    const ctx = { slots: new Map([['r2', slots]]), booked: new Map([['r2', [...a.booked].sort((x, y) => x.at - y.at)]]), model: DEFAULT_MODEL, p: { ...DEFAULT_OPTIMAL_PARAMS, arrivalDisplace: true } } as unknown as Ctx;
    assert.ok(Object.is(firstSlot(ctx, 'r2', a.at, a.ahead), firstSlotPlain(ctx, 'r2', a.at, a.ahead)));
    assert.ok(Object.is(displacement(ctx, 'r2', a.at), displacementPlain(ctx, 'r2', a.at)));
  }), { numRuns: 2000 });
});
