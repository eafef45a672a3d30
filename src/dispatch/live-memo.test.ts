// The incremental live plan is the plan from scratch (issue 16): after any sequence of writes — casualties registered,
// vitals, triage, 9-lines, assignments, pickups, arrivals, surgeries, outcomes, vehicles moving or going out of
// service, facilities filling up, the time base moving — a plan made with the memory of the earlier plans equals one
// made without it. Unchanged casualties stay the same objects between plans, as the store hands them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fold } from '../core/index.ts';
import type { CasualtyEvent, CasualtyState, Facility, ThreatZone, Vehicle } from '../core/index.ts';
import { makeEvent, makeRegistered, sampleNineLine } from '../../test/support/events.ts';
import { closestPlan, planLive } from './live.ts';
import { closestPolicy } from './policies.ts';
import { PlanMemo } from './live-memo.ts';
import { liveState } from './live-state.ts';
import { makeCtx } from './optimal/context.ts';
import { DEFAULT_OPTIMAL_PARAMS } from './optimal/params.ts';
import { bestScore } from './optimal/value.ts';
import { newMatrix, scoreAt } from './optimal/matrix.ts';
import { rankFacilities } from './optimal/routes.ts';

const T = Date.parse('2026-11-22T10:00:00.000Z');
const iso = (min: number): string => new Date(T + min * 60_000).toISOString();
const ROLES = ['R1', 'R2', 'R3'] as const;
const KINDS = ['ambulance', 'armoured', 'helicopter', 'civilian-car'] as const;

const facility = (i: number, role: Facility['role'], beds: number): Facility => ({
  id: `f${i}`, name: `F${i}`, role, position: { lat: 48.5 + i * 0.03, lon: 37.7 + (i % 2) * 0.05 }, hardened: false, status: 'normal', intake: 'normal',
  capabilities: [], beds, surgicalTables: role === 'R1' ? 0 : 1 + (i % 2),
});
const vehicle = (i: number, kind: Vehicle['kind'], lat: number, lon: number): Vehicle => ({
  id: `v${i}`, kind, litter: kind === 'civilian-car' ? 0 : 2, seated: 2, medic: kind !== 'civilian-car', status: 'available', position: { lat, lon }, baseFacilityId: 'f0',
});

const step = fc.oneof(
  fc.record({ k: fc.constant('register' as const), lat: fc.integer({ min: 0, max: 40 }), lon: fc.integer({ min: 0, max: 40 }), min: fc.integer({ min: -300, max: 0 }), nine: fc.boolean() }),
  fc.record({ k: fc.constantFrom('vitals' as const, 'vitals' as const, 'triage' as const, 'request' as const, 'assign' as const, 'pickup' as const, 'arrive' as const, 'surgery' as const, 'outcome' as const, 'through' as const), who: fc.nat(), n: fc.nat(), min: fc.integer({ min: -120, max: 0 }) }),
  fc.record({ k: fc.constantFrom('move' as const, 'out' as const, 'beds' as const, 'clock' as const), who: fc.nat(), n: fc.nat(20) }),
);

/** `cars`: civilian cars (no litter place) in the middle of the casualties, more than a casualty is valued with
 * (`vehiclesPerCasualty`), and as many ambulances further out: the nearest vehicles of a stretcher case are cars that
 * cannot carry it, and the ambulances beyond them are the ones to value it with (DISP-3). */
function world(nVehicles: number, nFacilities: number, threat: boolean, ugv: boolean, cars = 0) {
  const facilities = Array.from({ length: nFacilities }, (_, i) => facility(i, ROLES[i % 3]!, 2 + (i % 3) * 3));
  const vehicles = Array.from({ length: nVehicles }, (_, i) => vehicle(i, KINDS[i % KINDS.length]!, 48.55 + i * 0.01, 37.8));
  for (let k = 0; k < cars; k++) vehicles.push(vehicle(nVehicles + k, 'civilian-car', 48.58 + (k % 3) * 0.01, 37.84 + k * 0.002));
  for (let k = 0; k < cars; k++) vehicles.push(vehicle(nVehicles + cars + k, 'ambulance', 48.45 - k * 0.02, 37.6 + (k % 4) * 0.1));
  if (ugv) vehicles.push({ ...vehicle(nVehicles, 'ugv', 48.6, 37.85), litter: 1, seated: 0, medic: false });
  const threats: ThreatZone[] = threat
    ? [{ id: 'z', name: 'Z', polygon: [{ lat: 48.58, lon: 37.8 }, { lat: 48.58, lon: 37.95 }, { lat: 48.64, lon: 37.95 }, { lat: 48.64, lon: 37.8 }], lossPerKm: { unprotected: 0.05, armoured: 0.01, air: 0.04 } } as ThreatZone]
    : [];
  return { facilities, vehicles, threats };
}

/** Apply one write: the touched casualty is folded again (a new object); the others keep theirs. */
function apply(s: { logs: Map<string, CasualtyEvent[]>; states: Map<string, CasualtyState>; vehicles: Vehicle[]; facilities: Facility[]; clock: number }, w: Record<string, unknown> & { k: string }): void {
  const ids = [...s.logs.keys()];
  const pick = (n: number): string | undefined => ids[n % Math.max(1, ids.length)];
  const add = (id: string, e: CasualtyEvent): void => {
    s.logs.get(id)!.push(e);
    s.states.set(id, fold(id, s.logs.get(id)!, iso(s.clock)));
  };
  const min = (w.min as number | undefined) ?? 0;
  const id = pick((w.who as number | undefined) ?? 0);
  const n = (w.n as number | undefined) ?? 0;
  const v = s.vehicles[n % s.vehicles.length]!;
  const f = s.facilities[n % s.facilities.length]!;
  switch (w.k) {
    case 'register': {
      const cid = `c${ids.length}`;
      const pos = { lat: 48.52 + (w.lat as number) * 0.003, lon: 37.72 + (w.lon as number) * 0.006 };
      s.logs.set(cid, []);
      add(cid, makeRegistered(cid, { at: iso(min), injuredAt: iso(min), position: pos }));
      if (w.nine) add(cid, makeEvent('evac.requested', cid, { nineLine: sampleNineLine({ location: pos }) }, iso(min + 1)));
      return;
    }
    case 'vitals': if (id) add(id, makeEvent('vitals', id, { rr: [8, 30, 20, 30][n % 4]!, pulse: [50, 150, 90, 130][n % 4]!, gcs: [5, 9, 15, 12][n % 4]! }, iso(min)));
      return;
    case 'triage': if (id) add(id, makeEvent('triage', id, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[n % 3]! } }, iso(min)));
      return;
    case 'request': if (id) add(id, makeEvent('evac.requested', id, { nineLine: sampleNineLine({ location: { lat: 48.53 + (n % 20) * 0.004, lon: 37.75 + (n % 7) * 0.01 } }) }, iso(min)));
      return;
    case 'assign': if (id) add(id, makeEvent('evac.assigned', id, { vehicleId: v.id, facilityId: f.id }, iso(min)));
      return;
    case 'pickup': if (id) add(id, makeEvent('pickup', id, { vehicleId: v.id }, iso(min)));
      return;
    case 'arrive': if (id) add(id, makeEvent('arrival', id, { facilityId: f.id }, iso(min)));
      return;
    case 'surgery': if (id) add(id, makeEvent('surgery.started', id, { facilityId: f.id }, iso(min)));
      return;
    case 'through': // to a facility and into surgery there: its tables and beds fill up
      if (!id) return;
      add(id, makeEvent('evac.assigned', id, { vehicleId: v.id, facilityId: f.id }, iso(min - 30)));
      add(id, makeEvent('pickup', id, { vehicleId: v.id }, iso(min - 20)));
      add(id, makeEvent('arrival', id, { facilityId: f.id }, iso(min - 10)));
      if (n % 2) add(id, makeEvent('surgery.started', id, { facilityId: f.id }, iso(min)));
      return;
    case 'outcome': if (id) add(id, makeEvent('outcome', id, { outcome: 'returned-to-duty' }, iso(min)));
      return;
    case 'move': s.vehicles = s.vehicles.map((x) => (x === v ? { ...x, position: { lat: x.position!.lat + 0.01 * ((n % 5) - 2), lon: x.position!.lon + 0.004 } } : x));
      return;
    case 'out': s.vehicles = s.vehicles.map((x) => (x === v ? { ...x, status: x.status === 'available' ? 'out-of-service' : 'available' } : x));
      return;
    case 'beds': s.facilities = s.facilities.map((x) => (x === f ? { ...x, bedsAvailable: n % 4 } : x));
      return;
    case 'clock': s.clock += 1 + n;
  }
}

test('the incremental plan equals the plan from scratch after any sequence of writes (issue 16)', () => {
  let reused = 0;
  fc.assert(
    // Fewer vehicles valued per casualty than the fleet (a larger fleet's case): pairs left out of the matrix, whose
    // arrays the memory keeps from round to round (matrix.ts).
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), fc.constantFrom(0, 0, 9), fc.constantFrom(undefined, 1, 2), fc.array(step, { minLength: 1, maxLength: 30 }), (nv, nf, threat, ugv, cars, perCasualty, steps) => {
      const w = world(nv, nf, threat, ugv, cars);
      const params = perCasualty === undefined ? {} : { params: { vehiclesPerCasualty: perCasualty } };
      const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
      const memo = new PlanMemo();
      for (const x of steps) {
        apply(s, x as never);
        // What the store hands back: the open casualties, each the same object until it changes.
        const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), ...params };
        const incremental = planLive(input, memo);
        reused += memo.scores.reused;
        assert.deepEqual(incremental, planLive(input));
      }
    }),
    { numRuns: 150 },
  );
  assert.ok(reused > 0, 'the memory was used');
});

test('the view made with the kept vehicles\' work and lists is the view from scratch after any sequence of writes (issue 16)', () => {
  let remade = 0;
  let listed = 0;
  let counted = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.array(step, { minLength: 1, maxLength: 40 }), (nv, nf, steps) => {
      const w = world(nv, nf, false, false);
      const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
      const memo = new PlanMemo();
      for (const x of steps) {
        apply(s, x as never);
        const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), divert: true };
        const kept = liveState(input, memo.deriver(input), memo.work);
        if (memo.work.remade !== null) remade++;
        // The view's lists (live-lists.ts) updated at the replaced places only, not made again.
        if (memo.work.lists.walked < input.casualties.length) listed++;
        // The facilities' counts (live-counts.ts) likewise.
        if (memo.work.counts.walked < input.casualties.length) counted++;
        assert.deepEqual(kept, liveState(input));
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(remade > 100, `views made from the kept work: ${remade}`);
  assert.ok(listed > 100, `views made from the kept lists: ${listed}`);
  assert.ok(counted > 100, `views made from the kept facility counts: ${counted}`);
});

test('a write to one casualty looks at a few entries of the facilities\' counts, not every casualty (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  // 200 casualties: a quarter through to a facility (some in surgery), a quarter assigned to a vehicle, the rest waiting.
  for (let i = 0; i < 200; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -170 + Math.floor(i / 2), nine: true });
  for (let i = 0; i < 50; i++) apply(s, { k: 'through', who: i, n: i, min: -5 });
  for (let i = 50; i < 100; i++) apply(s, { k: 'assign', who: i, n: i, min: -3 });
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), divert: true });
  const memo = new PlanMemo();
  const first = input();
  planLive(first, memo);
  assert.equal(memo.work.counts.walked, first.casualties.length, 'the first view makes the counts');
  // New vitals at a facility, on a vehicle and waiting; a casualty added to a vehicle's dispatch (v3's, the same
  // minute); one arriving; then one sent to v2 later, which leaves v2's earlier casualties behind: they wait again, and
  // only their entries are looked at besides its own.
  for (const x of [{ k: 'vitals', who: 3, n: 1, min: -1 }, { k: 'vitals', who: 60, n: 0, min: -1 }, { k: 'vitals', who: 150, n: 2, min: -1 }, { k: 'assign', who: 151, n: 51, min: -3 }, { k: 'arrive', who: 62, n: 1, min: -1 }, { k: 'assign', who: 152, n: 2, min: 0 }]) {
    apply(s, x);
    const again = input();
    assert.deepEqual(planLive(again, memo), planLive(again));
    const left = memo.work.releasedMoved?.length ?? Infinity;
    assert.ok(memo.work.counts.walked <= 1 + left, `entries of the counts looked at after one write (${x.k}): ${memo.work.counts.walked}`);
    if (x.min !== 0) assert.equal(left, 0, `casualties left behind or taken on again by ${x.k}`);
    assert.deepEqual(liveState(again, memo.deriver(again), memo.work), liveState(again));
  }
});

test('a write to one waiting casualty looks at one entry of the view\'s lists, not every casualty (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  // 200 waiting casualties, two injured each minute: c0 first, c199 among the latest few.
  for (let i = 0; i < 200; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -170 + Math.floor(i / 2), nine: true });
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), divert: true });
  const memo = new PlanMemo();
  const first = input();
  planLive(first, memo);
  assert.equal(memo.work.lists?.walked, 200, 'the first view makes the lists');
  assert.equal(memo.scores.ctx.made, 200, 'the first round makes its context\'s index');
  for (const [who, n] of [[0, 0], [0, 1], [199, 2], [198, 3], [199, 1]] as const) {
    apply(s, { k: 'vitals', who, n, min: -1 });
    const again = input();
    assert.deepEqual(planLive(again, memo), planLive(again));
    assert.ok((memo.work.lists?.walked ?? Infinity) <= 1, `entries looked at after one write: ${memo.work.lists?.walked}`);
    // The rounds' contexts (the policy's and the assessing one): the index and critical salvages made at one place.
    assert.ok(memo.scores.ctx.made <= 1, `context entries made after one write: ${memo.scores.ctx.made}`);
    assert.ok(memo.assess.made <= 1, `assessing context entries made after one write: ${memo.assess.made}`);
    assert.deepEqual(liveState(again, memo.deriver(again), memo.work), liveState(again));
  }
});

test('a write that moves a casualty to another vehicle makes both vehicles\' work again, and only theirs (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < 12; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -30 - i, nine: true });
  // Two casualties sent to v0, then one of them (c1) re-sent to v1: v0 is on its way to c0 only.
  apply(s, { k: 'assign', who: 0, n: 0, min: -20 });
  apply(s, { k: 'assign', who: 1, n: 0, min: -20 });
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), divert: true });
  const memo = new PlanMemo();
  const first = input();
  liveState(first, memo.deriver(first), memo.work);
  assert.equal(memo.work.remade, null, 'the first view is made from scratch');
  apply(s, { k: 'assign', who: 1, n: 1, min: -5 });
  const again = input();
  const kept = liveState(again, memo.deriver(again), memo.work);
  assert.deepEqual([...memo.work.remade!].sort(), ['v0', 'v1']);
  assert.deepEqual(kept, liveState(again));
  assert.deepEqual(kept.view.vehicles.find((v) => v.id === 'v1')?.enRoute, ['c1']);
  // v0 sent on to c2: c0 is left behind; then v2 picks c0 up, and it is on its way to a bed, left behind no more.
  apply(s, { k: 'assign', who: 2, n: 0, min: -4 });
  const left = input();
  assert.deepEqual(liveState(left, memo.deriver(left), memo.work), liveState(left));
  assert.ok(liveState(left).view.casualties.some((c) => c.id === 'c0' && !c.assignedTo), 'c0 waits again');
  apply(s, { k: 'pickup', who: 0, n: 2, min: -2 });
  const picked = input();
  const after = liveState(picked, memo.deriver(picked), memo.work);
  assert.deepEqual([...memo.work.remade!].sort(), ['v0', 'v2']);
  assert.deepEqual(after, liveState(picked));
});

/** Apply the steps one by one; after each, every value the memory gives must equal the one computed afresh. Returns
 *  how many values the memory reused. `work`: the live work memory too (jobs kept between plans). */
function valuesAgainstFresh(w: ReturnType<typeof world>, steps: readonly unknown[], opts: { work: boolean; divert?: boolean }): number {
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  const memo = new PlanMemo();
  let reused = 0;
  for (const x of steps) {
    apply(s, x as never);
    const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock), ...(opts.divert !== undefined ? { divert: opts.divert } : {}) };
    const { view } = opts.work ? liveState(input, memo.deriver(input), memo.work) : liveState(input, memo.deriver(input));
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    assert.ok(memo.scores.begin(ctx));
    const fresh = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    for (const c of view.casualties) for (const v of view.vehicles) assert.deepEqual(memo.scores.bestScore(ctx, v, c), bestScore(fresh, v, c));
    reused += memo.scores.reused;
  }
  return reused;
}

test('every value the memory gives is the value computed afresh, pair by pair (issue 16)', () => {
  let reused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.array(step, { minLength: 1, maxLength: 30 }), (nv, nf, threat, steps) => {
      reused += valuesAgainstFresh(world(nv, nf, threat, false), steps, { work: false });
    }),
    { numRuns: 100 },
  );
  assert.ok(reused > 0, 'the memory was used');
});

/**
 * The policy's matrix as `fill` makes it, round after round, against `bestScore` computed afresh: a column whose
 * values did not move is handed out again from what it handed out last (`Column.out`); and written again whole into a
 * matrix the policy changed in place (worth re-priced), as a matrix kept between rounds would be.
 */
function matrixAgainstFresh(w: ReturnType<typeof world>, crowd: number, steps: readonly unknown[]): number {
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  // Critical casualties waiting for few tables: their charges move with any one's vitals (the mean salvage).
  for (let i = 0; i < crowd; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  let again = 0;
  for (const x of steps) {
    apply(s, x as never);
    const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) };
    const { view } = liveState(input, memo.deriver(input), memo.work);
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    if (!memo.scores.begin(ctx)) continue;
    const fresh = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    // A new list each round, as the policy's `vehicles` is.
    const vehicles = [...view.vehicles];
    const all = new Set(vehicles.map((_, i) => i));
    // A new matrix each round, as the policy's is; then the one before, as if the policy kept it.
    const m = newMatrix(vehicles.length, view.casualties.length);
    view.casualties.forEach((c, j) => memo.scores.fill(ctx, c, j, vehicles, m, () => all));
    again += memo.scores.again;
    view.casualties.forEach((c, j) => vehicles.forEach((v, i) => assert.deepEqual(scoreAt(m, i, j), bestScore(fresh, v, c), `${v.id} ${c.id}`)));
    // What the policy does to them afterwards (policy.ts: repriceVehicle), and a matrix holding that, filled again.
    for (let k = 0; k < m.has.length; k++) {
      if (!m.has[k]) continue;
      m.value[k] = m.value[k]! - 0.5;
      m.risk[k] = m.risk[k]! * 2 + 0.1;
      m.expected[k] = m.delayed[k] = -1;
    }
    view.casualties.forEach((c, j) => memo.scores.fill(ctx, c, j, vehicles, m, () => all));
    view.casualties.forEach((c, j) => vehicles.forEach((v, i) => assert.deepEqual(scoreAt(m, i, j), bestScore(fresh, v, c), `${v.id} ${c.id} filled again`)));
  }
  return again;
}

test('the matrix `fill` hands out, kept per column while its stamps stand, is the value computed afresh (issue 16)', () => {
  let again = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.constantFrom(0, 12), fc.array(step, { minLength: 1, maxLength: 30 }), (nv, nf, threat, crowd, steps) => {
      again += matrixAgainstFresh(world(nv, nf, threat, false), crowd, steps);
    }),
    { numRuns: 100 },
  );
  assert.ok(again > 0, 'columns were handed out again from what they handed out last');
});

test('the same casualties planned under other parameters are valued afresh, not handed out as before (issue 16)', () => {
  const w = world(3, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < 12; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  const input = { casualties: [...s.states.values()], vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) };
  // One view (the same casualty objects) valued under two sets of parameters in turn, on one memory.
  const { view } = liveState(input, memo.deriver(input), memo.work);
  for (const p of [DEFAULT_OPTIMAL_PARAMS, { ...DEFAULT_OPTIMAL_PARAMS, delayMin: 120, serviceValue: 0.3 }, DEFAULT_OPTIMAL_PARAMS]) {
    const ctx = makeCtx(view, p);
    assert.ok(memo.scores.begin(ctx));
    const vehicles = [...view.vehicles];
    const all = new Set(vehicles.map((_, i) => i));
    const m = newMatrix(vehicles.length, view.casualties.length);
    view.casualties.forEach((c, j) => memo.scores.fill(ctx, c, j, vehicles, m, () => all));
    const fresh = makeCtx(view, p);
    view.casualties.forEach((c, j) => vehicles.forEach((v, i) => assert.deepEqual(scoreAt(m, i, j), bestScore(fresh, v, c))));
  }
});

test('after one write, one casualty is derived again and only its values are computed (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < 40; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  planLive(input(), memo);
  const first = memo.scores.computed;
  assert.equal(memo.derivedCount, 40);
  apply(s, { k: 'vitals', who: 3, n: 1, min: -2 });
  const again = input();
  assert.deepEqual(planLive(again, memo), planLive(again));
  assert.equal(memo.derivedCount, 1, 'only the casualty written to is derived again');
  assert.ok(memo.scores.computed > 0 && memo.scores.computed * 10 < first, `values computed again: ${memo.scores.computed} of ${first}`);
});

test('a value at a facility is computed again when its surgical table fills up (issue 16)', () => {
  const w = world(2, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: [w.facilities[2]!], clock: 0 };
  apply(s, { k: 'register', lat: 10, lon: 10, min: -30, nine: true });
  apply(s, { k: 'vitals', who: 0, n: 0, min: -5 });
  apply(s, { k: 'register', lat: 20, lon: 5, min: -90, nine: true });
  const memo = new PlanMemo();
  const round = () => {
    const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) };
    const { view } = liveState(input, memo.deriver(input));
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    memo.scores.begin(ctx);
    const c = view.casualties.find((x) => x.id === 'c0')!;
    return { got: memo.scores.bestScore(ctx, view.vehicles[0]!, c), want: bestScore(makeCtx(view, DEFAULT_OPTIMAL_PARAMS), view.vehicles[0]!, c) };
  };
  const before = round();
  assert.deepEqual(before.got, before.want);
  // The other casualty reaches the only table: the first one's operation would start later.
  apply(s, { k: 'through', who: 1, n: 1, min: -1 });
  const after = round();
  assert.deepEqual(after.got, after.want);
  assert.notEqual(after.want!.expected, before.want!.expected, 'the table filling up changes the value');
});

test('a table filling up values again the critical casualties at that facility, not the minor ones (issue 16)', () => {
  const w = world(2, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: [w.facilities[2]!], clock: 0 };
  apply(s, { k: 'register', lat: 10, lon: 10, min: -30, nine: true });
  apply(s, { k: 'vitals', who: 0, n: 0, min: -5 }); // c0: RPM 3, needs surgery
  apply(s, { k: 'register', lat: 20, lon: 5, min: -40, nine: true });
  apply(s, { k: 'vitals', who: 1, n: 2, min: -5 }); // c1: RPM 12, needs none
  apply(s, { k: 'register', lat: 30, lon: 30, min: -90, nine: true });
  const memo = new PlanMemo();
  const round = (id: string) => {
    const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) };
    const { view } = liveState(input, memo.deriver(input));
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    memo.scores.begin(ctx);
    const c = view.casualties.find((x) => x.id === id)!;
    const got = memo.scores.bestScore(ctx, view.vehicles[0]!, c);
    assert.deepEqual(got, bestScore(makeCtx(view, DEFAULT_OPTIMAL_PARAMS), view.vehicles[0]!, c));
    return { computed: memo.scores.computed, got };
  };
  round('c0');
  round('c1');
  // c2 reaches the only table and is operated on: the facility's first surgical slot moves.
  apply(s, { k: 'through', who: 2, n: 1, min: -1 });
  assert.equal(round('c1').computed, 0, 'the minor casualty keeps its values');
  const critical = round('c0');
  assert.ok(critical.computed > 0, 'the critical casualty is valued again');
});

test('a write that moves only the mean salvage re-chooses from kept values instead of valuing every pair again (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  // Forty critical casualties waiting for three tables: every table is scarce and charged by salvage (DISP-6).
  for (let i = 0; i < 40; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  const meanSalvage = (x: ReturnType<typeof input>): number => makeCtx(liveState(x).view, DEFAULT_OPTIMAL_PARAMS).refSalvage;
  const before = input();
  planLive(before, memo);
  assert.ok(memo.scores.valued >= 40, `every pair valued on the first plan: ${memo.scores.valued}`);
  // New vitals of one critical casualty move its salvage, hence the mean every other critical casualty's charge reads.
  apply(s, { k: 'vitals', who: 3, n: 0, min: -2 });
  const after = input();
  assert.notEqual(meanSalvage(after), meanSalvage(before), 'the write moved the mean salvage');
  assert.deepEqual(planLive(after, memo), planLive(after));
  assert.ok(memo.scores.valued <= s.vehicles.length, `only the written casualty's pairs are valued again: ${memo.scores.valued}`);
});

test('a bed taken at a facility that leaves its first surgical slot where it was keeps every value there (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < 20; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  const f1 = (x: ReturnType<typeof input>) => {
    const { view } = liveState(x);
    return { bedsFree: view.facilities.find((f) => f.id === 'f1')!.bedsFree, first: makeCtx(view, DEFAULT_OPTIMAL_PARAMS).slots.get('f1')![0] };
  };
  const before = input();
  planLive(before, memo);
  // c0 arrives at f1 (an R2 with two free tables): a bed is taken and it joins the queue, the first slot stays.
  apply(s, { k: 'arrive', who: 0, n: 1, min: -1 });
  const after = input();
  assert.equal(f1(after).bedsFree, f1(before).bedsFree - 1, 'a bed was taken');
  assert.equal(f1(after).first, f1(before).first, 'the first surgical slot did not move');
  assert.deepEqual(planLive(after, memo), planLive(after));
  assert.equal(memo.scores.computed, 0, 'no value was computed again');
});

test("closest's jobs from the earliest casualties are its jobs from all of them (issue 16)", () => {
  let prefixUsed = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.record({ lat: fc.integer({ min: 0, max: 40 }), lon: fc.integer({ min: 0, max: 40 }), min: fc.integer({ min: -6, max: 0 }) }), { minLength: 1, maxLength: 40 }), fc.array(step, { maxLength: 10 }), (nv, nf, regs, steps) => {
      const w = world(nv, nf, false, false);
      const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
      // Injured within a few minutes of each other: many tie on arrival and are ordered by id.
      for (const r of regs) apply(s, { k: 'register', ...r, nine: true });
      for (const x of steps) apply(s, x as never);
      const { view } = liveState({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
      if (view.casualties.length > view.vehicles.length + 8) prefixUsed++;
      assert.deepEqual(closestPlan(view), closestPolicy.plan(view));
    }),
    { numRuns: 200 },
  );
  assert.ok(prefixUsed > 0, 'some views had more casualties than the first prefix');
});

test('a vehicle re-planned on its way keeps its values: where and when it is free did not move, only its leg and re-plan count (issue 16)', () => {
  const w = world(4, 3, false, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < 40; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  // c0 and c1 need no surgery (RPM 12): a vehicle on its way to them stays divertable however often re-planned (DISP-20).
  apply(s, { k: 'vitals', who: 0, n: 2, min: -8 });
  apply(s, { k: 'vitals', who: 1, n: 2, min: -8 });
  apply(s, { k: 'assign', who: 0, n: 0, min: -5 });
  const memo = new PlanMemo();
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  const shown = (x: ReturnType<typeof input>) => liveState({ ...x, divert: true }).view.vehicles.find((v) => v.id === 'v0')!;
  const before = input();
  planLive(before, memo);
  // v0, on its way to c0, is sent to c1 instead: its leg and re-plan count move, not its place, time or range.
  apply(s, { k: 'assign', who: 1, n: 0, min: -2 });
  const after = input();
  const [a, b] = [shown(before), shown(after)];
  assert.notDeepEqual([b.enRoute, b.diverted], [a.enRoute, a.diverted], 'the write re-planned the leg');
  assert.deepEqual([b.pos, b.freeAt, b.rangeLeftKm], [a.pos, a.freeAt, a.rangeLeftKm]);
  assert.deepEqual(planLive(after, memo), planLive(after));
  // The two casualties the write moved (c1 now fetched, c0 left behind) are valued again with each vehicle; no one else.
  assert.equal(memo.scores.valued, 2 * s.vehicles.length, `pairs valued again: ${memo.scores.valued}`);
});

test('a casualty whose candidate facilities are the same keeps its values when a facility it does not go to fills up (issue 16)', () => {
  const w = world(4, 0, false, false);
  // Four R2s among the casualties and a fifth far away: no one's three nearest.
  const near = Array.from({ length: 4 }, (_, i) => facility(i, 'R2', 5));
  const far = { ...facility(4, 'R2', 5), position: { lat: 49.5, lon: 38.5 } };
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: [...near, far], clock: 0 };
  for (let i = 0; i < 40; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  const memo = new PlanMemo();
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  const candidates = (x: ReturnType<typeof input>) => {
    const { view } = liveState(x);
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    return view.casualties.map((c) => rankFacilities(ctx, c).map((f) => f.id));
  };
  const before = input();
  planLive(before, memo);
  assert.ok(memo.scores.computed > 0);
  apply(s, { k: 'beds', who: 0, n: 4 }); // f4: no bed free
  const after = input();
  assert.equal(liveState(after).view.facilities.find((f) => f.id === 'f4')!.bedsFree, 0, 'the far facility filled up');
  assert.deepEqual(candidates(after), candidates(before), 'every candidate list is the same');
  assert.deepEqual(planLive(after, memo), planLive(after));
  assert.equal(memo.scores.valued, 0, 'no pair valued again');
  assert.equal(memo.scores.computed, 0, 'no value part computed again');
});

// Writes that move what a value reads of a vehicle or a facility's place in a candidate list and little else: jobs
// given, extended and re-planned (busy vehicles' place and time; vehicles on their way), facilities filling up and
// emptying past the three nearest.
const fleetStep = fc.oneof(
  fc.record({ k: fc.constant('register' as const), lat: fc.integer({ min: 0, max: 40 }), lon: fc.integer({ min: 0, max: 40 }), min: fc.integer({ min: -300, max: 0 }), nine: fc.constant(true) }),
  fc.record({ k: fc.constantFrom('vitals' as const, 'assign' as const, 'assign' as const, 'pickup' as const, 'arrive' as const), who: fc.nat(), n: fc.nat(), min: fc.integer({ min: -60, max: 0 }) }),
  fc.record({ k: fc.constantFrom('beds' as const, 'beds' as const, 'move' as const), who: fc.nat(), n: fc.nat(20) }),
);

test('every value the memory gives is the value computed afresh while jobs are re-planned and facilities fill and empty (issue 16)', () => {
  let reused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 4, max: 8 }), fc.boolean(), fc.array(fleetStep, { minLength: 1, maxLength: 40 }), (nv, nf, divert, steps) => {
      reused += valuesAgainstFresh(world(nv, nf, false, false), steps, { work: true, divert });
    }),
    { numRuns: 100 },
  );
  assert.ok(reused > 0, 'the memory was used');
});

test('a facility that has a bed free again is among the candidates again: a column is kept only with the same list (issue 16)', () => {
  const w = world(2, 0, false, false);
  // f0 next to the casualty, four more R2s further away.
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: Array.from({ length: 5 }, (_, i) => ({ ...facility(i, 'R2', 5), position: { lat: 48.52 + i * 0.05, lon: 37.72 } })), clock: 0 };
  apply(s, { k: 'register', lat: 0, lon: 0, min: -20, nine: true });
  const memo = new PlanMemo();
  const value = () => {
    const input = { casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) };
    const { view } = liveState(input, memo.deriver(input));
    const ctx = makeCtx(view, DEFAULT_OPTIMAL_PARAMS);
    assert.ok(memo.scores.begin(ctx));
    const got = memo.scores.bestScore(ctx, view.vehicles[0]!, view.casualties[0]!);
    assert.deepEqual(got, bestScore(makeCtx(view, DEFAULT_OPTIMAL_PARAMS), view.vehicles[0]!, view.casualties[0]!));
    return got!.facility.id;
  };
  apply(s, { k: 'beds', who: 0, n: 0 }); // f0 full: the casualty's candidates are f1, f2, f3
  assert.equal(value(), 'f1');
  apply(s, { k: 'beds', who: 0, n: 5 }); // f0 has a bed again: f0, f1, f2
  assert.equal(value(), 'f0');
});

test("DISP-50 a stretcher case's value at a stabilising stop is made again when the nearest vehicle with a litter place moves (issue 16)", () => {
  // An R1 beside the casualty, with a civilian car at it: the R1's nearest onward vehicle, which cannot take a
  // stretcher case on. The R2 is 150 km away. v2, an armoured ambulance 9 km off, does not move; a helicopter comes
  // from 300 km away to the R1: the stretcher case's onward leg moves, the car's does not, nor does v2.
  const r1 = { ...facility(0, 'R1', 5), position: { lat: 48.52, lon: 37.72 } };
  const r2 = { ...facility(1, 'R2', 5), position: { lat: 49.9, lon: 37.72 } };
  const vehicles = [vehicle(0, 'civilian-car', 48.52, 37.72), vehicle(1, 'helicopter', 50.5, 40), vehicle(2, 'armoured', 48.6, 37.75)];
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles, facilities: [r1, r2], clock: 0 };
  apply(s, { k: 'register', lat: 0, lon: 0, min: -10, nine: true });
  apply(s, { k: 'vitals', who: 0, n: 1, min: -5 }); // RPM 3: needs surgery, on a stretcher
  const memo = new PlanMemo();
  const carries = { ...DEFAULT_OPTIMAL_PARAMS, onwardCarries: true };
  const round = () => {
    const input = { casualties: [...s.states.values()], vehicles: s.vehicles, facilities: s.facilities, threats: [], now: iso(s.clock) };
    const { view } = liveState(input, memo.deriver(input));
    const ctx = makeCtx(view, carries);
    assert.ok(memo.scores.begin(ctx));
    const c = view.casualties[0]!;
    assert.ok(c.litter);
    const v2 = view.vehicles.find((v) => v.id === 'v2')!;
    const got = memo.scores.bestScore(ctx, v2, c);
    assert.deepEqual(got, bestScore(makeCtx(view, carries), v2, c));
    return { got, onward: ctx.onward.get('f0')!, litter: ctx.onwardLitter.get('f0')! };
  };
  const before = round();
  assert.equal(before.onward.vehicle.id, 'v0', 'the car is the nearest onward vehicle');
  assert.equal(before.litter.vehicle.id, 'v2');
  s.vehicles = s.vehicles.map((v) => (v.id === 'v1' ? { ...v, position: { lat: 48.525, lon: 37.72 } } : v));
  const after = round();
  assert.equal(after.onward.vehicle.id, 'v0', 'the car is still the nearest onward vehicle');
  assert.equal(after.litter.vehicle.id, 'v1', 'v1 is now the nearest that can take the casualty on');
  assert.equal(after.got!.facility.id, 'f0', 'v2 now takes it to the R1, for the helicopter to take on');
  assert.ok(after.got!.expected > before.got!.expected + 0.1, `${after.got!.expected} vs ${before.got!.expected}`);
});

/** Casualties waiting, registered with a 9-line; with `minor`, vitals that make each RPM 12 (no surgery, no charge). */
function crowd(n: number, threat: boolean, minor: boolean) {
  const w = world(4, 3, threat, false);
  const s = { logs: new Map<string, CasualtyEvent[]>(), states: new Map<string, CasualtyState>(), vehicles: w.vehicles, facilities: w.facilities, clock: 0 };
  for (let i = 0; i < n; i++) apply(s, { k: 'register', lat: (i * 7) % 40, lon: (i * 11) % 40, min: -10 - i, nine: true });
  if (minor) for (let i = 0; i < n; i++) apply(s, { k: 'vitals', who: i, n: 2, min: -5 });
  const input = () => ({ casualties: [...s.states.values()].filter((c) => c.stage !== 'closed'), vehicles: s.vehicles, facilities: s.facilities, threats: w.threats, now: iso(s.clock) });
  return { s, input };
}

test('a write to one casualty walks its own column of the kept value matrix, not every waiting casualty\'s (issue 16)', () => {
  const { s, input } = crowd(60, false, true);
  const memo = new PlanMemo();
  planLive(input(), memo);
  const all = memo.scores.columns;
  assert.ok(all >= 60, `every column filled on the first plan: ${all}`);
  // New vitals of one minor casualty (it stays minor): nothing another column reads moved.
  apply(s, { k: 'vitals', who: 7, n: 2, min: -1 });
  const after = input();
  assert.deepEqual(planLive(after, memo), planLive(after));
  assert.ok(memo.scores.columns <= 1, `columns walked after one write: ${memo.scores.columns} of ${all}`);
  assert.equal(memo.scores.left, all - memo.scores.columns, 'the others are left as they were');
});

test('a write that moves the mean salvage walks only the columns whose slot charge it moved (issue 16)', () => {
  // Critical casualties waiting for few tables: charged by salvage (DISP-6); the write moves the mean salvage.
  const { s, input } = crowd(40, false, false);
  const memo = new PlanMemo();
  planLive(input(), memo);
  const all = memo.scores.columns;
  apply(s, { k: 'vitals', who: 3, n: 0, min: -2 });
  const after = input();
  assert.deepEqual(planLive(after, memo), planLive(after));
  assert.ok(memo.scores.columns < all, `columns walked: ${memo.scores.columns} of ${all}`);
  assert.equal(memo.scores.left + memo.scores.columns, all);
});

/** Writes to one casualty each, at one time base (the kept matrix's case): vitals, triage, 9-lines, assignments,
 * pickups, arrivals, outcomes, and now and then a new casualty or a vehicle moving. */
const oneWrite = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom('vitals' as const, 'triage' as const, 'request' as const, 'assign' as const, 'pickup' as const, 'arrive' as const, 'outcome' as const), who: fc.nat(), n: fc.nat(), min: fc.integer({ min: -60, max: 0 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('register' as const), lat: fc.integer({ min: 0, max: 40 }), lon: fc.integer({ min: 0, max: 40 }), min: fc.integer({ min: -120, max: 0 }), nine: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('move' as const, 'beds' as const), who: fc.nat(), n: fc.nat(20) }) },
);

test('the plan with the kept value matrix is the plan without it, after any sequence of writes to one casualty each (issue 16)', () => {
  let left = 0;
  let restored = 0;
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 30 }), fc.boolean(), fc.boolean(), fc.array(oneWrite, { minLength: 1, maxLength: 25 }), (n, threat, minor, steps) => {
      const { s, input } = crowd(n, threat, minor);
      const memo = new PlanMemo();
      planLive(input(), memo);
      for (const x of steps) {
        apply(s, x as never);
        const now = input();
        const kept = planLive(now, memo);
        left += memo.scores.left;
        restored += memo.scores.restored;
        assert.deepEqual(kept, planLive(now));
      }
    }),
    { numRuns: 120 },
  );
  assert.ok(left > 0, 'columns were left as they were');
  assert.ok(restored > 0, 'rows the policy re-priced were put back');
});
