// DISP-14: the live planning view built from a casualty log is the simulator's view of the same situation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../core/index.ts';
import type { CasualtyEvent, Facility, ThreatZone, Vehicle } from '../core/index.ts';
import { makeEvent, sampleNineLine } from '../../test/support/events.ts';
import { parseScenario } from '../sim/scenario.ts';
import { simulate } from '../sim/simulator.ts';
import type { TraceEvent } from '../sim/simulator.ts';
import { liveState, recentInjuries, rpmAtInjury } from './live-state.ts';
import type { DerivedCasualty } from './live-state.ts';
import fc from 'fast-check';
import { assessJob, makeOptimalPolicy, optimalPolicy } from './optimal.ts';
import { DEFAULT_MODEL, rpmAt } from './survival.ts';
import type { Job, PlanView, Policy } from './types.ts';
import { planLive } from './live.ts';

const T0 = '2026-11-22T06:00:00.000Z';
const iso = (min: number): string => new Date(Date.parse(T0) + min * 60_000).toISOString();
const NOW = 180;

const scenarioRaw = {
  format: 'goldenhour-scenario/1',
  name: 'live-equivalence',
  seed: 3,
  horizonMin: 200,
  facilities: [
    { id: 'r1', role: 'R1', pos: [48.6, 37.9], surgicalTables: 0, beds: 5 },
    { id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 1, beds: 10 },
  ],
  vehicles: [
    { id: 'amb-1', kind: 'ambulance', base: 'r1', litter: 2, seated: 2, speedKmh: 50, medic: true, available: [[NOW, 100000]] },
    { id: 'amb-2', kind: 'ambulance', base: 'r1', litter: 1, seated: 0, speedKmh: 40, medic: true, available: [[150, 100000]] },
    { id: 'arm-3', kind: 'armoured', base: 'r1', litter: 2, seated: 2, speedKmh: 30, medic: true, available: [[NOW, 100000]] },
  ],
  threats: [{ id: 'zone', polygon: [[48.6, 37.94], [48.6, 38.0], [48.65, 38.0], [48.65, 37.94]], fromMin: 0, toMin: 1000, lossPerKm: { unprotected: 0.03, armoured: 0.004, air: 0.05 } }],
  casualties: [
    // Injured three hours before the round: the old live plan valued it like one injured minutes ago.
    { id: 'c1', atMin: 0, pos: [48.62, 37.95], rpm: 8, litter: true },
    { id: 'c2', atMin: 160, pos: [48.58, 37.93], rpm: 8, litter: true },
    { id: 'c3', atMin: 150, pos: [48.61, 37.92], rpm: 5, litter: true },
    { id: 'c4', atMin: 170, pos: [48.57, 37.9], rpm: 11, litter: false },
  ],
};

/** Vital signs whose Sacco scores (respiratory rate, pulse, motor) add up to `rpm`. */
function vitalsFor(rpm: number): { rr: number; pulse: number; gcs: number } {
  const rr = [0, 8, 40, 30, 16];
  const pulse = [0, 50, 150, 130, 90];
  const gcs = [3, 4, 6, 10, 15];
  const a = Math.min(4, rpm);
  const b = Math.min(4, rpm - a);
  return { rr: rr[a]!, pulse: pulse[b]!, gcs: gcs[rpm - a - b]! };
}

/** The casualty log of the run up to `until`, as the medics, crews and facilities would have recorded it. */
// `planned`: where the jobs that dispatched a casualty were to take it, for one never dropped off (SIM-17 leaves such a
// casualty untreated once a fallback could no longer help it).
function logOf(trace: TraceEvent[], until: number, raw: Pick<typeof scenarioRaw, 'casualties'> = scenarioRaw, planned?: ReadonlyMap<string, string>): Map<string, CasualtyEvent[]> {
  const byId = new Map(raw.casualties.map((c) => [c.id, c]));
  const dest = new Map<string, string>();
  for (const e of trace) if (e.event === 'dropoff' && e.facility && !dest.has(e.casualty!)) dest.set(e.casualty!, e.facility);
  for (const [id, f] of planned ?? []) if (!dest.has(id)) dest.set(id, f);
  const log = new Map<string, CasualtyEvent[]>();
  for (const e of trace) {
    // The log as it stands when the round begins: the round's own dispatches are what is being planned.
    if (e.t > until || (e.t === until && e.event !== 'casualty') || !e.casualty) continue;
    const c = byId.get(e.casualty)!;
    const events = log.get(c.id) ?? log.set(c.id, []).get(c.id)!;
    const when = iso(e.t);
    const position = { lat: c.pos[0]!, lon: c.pos[1]! };
    if (e.event === 'casualty') {
      events.push(makeEvent('registered', c.id, { injuredAt: when, position }, when));
      events.push(makeEvent('vitals', c.id, vitalsFor(c.rpm), when));
      events.push(makeEvent('evac.requested', c.id, { nineLine: sampleNineLine({ location: position }) }, when));
    } else if (e.event === 'dispatch') events.push(makeEvent('evac.assigned', c.id, { vehicleId: e.vehicle!, facilityId: dest.get(c.id)!, ...(e.addsToLeg ? { addsToLeg: true as const } : {}) }, when));
    else if (e.event === 'pickup') events.push(makeEvent('pickup', c.id, { vehicleId: e.vehicle! }, when));
    else if (e.event === 'dropoff' && e.facility) events.push(makeEvent('arrival', c.id, { facilityId: e.facility }, when));
    else if (e.event === 'surgery') events.push(makeEvent('surgery.started', c.id, { facilityId: e.facility! }, when));
  }
  return log;
}

type Raw = Pick<typeof scenarioRaw, 'facilities' | 'vehicles' | 'threats'>;
const entities = (raw: Raw = scenarioRaw): { facilities: Facility[]; vehicles: Vehicle[]; threats: ThreatZone[] } => ({
  facilities: raw.facilities.map((f) => ({
    id: f.id, name: f.id, role: f.role as Facility['role'], position: { lat: f.pos[0]!, lon: f.pos[1]! }, hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds: f.beds, surgicalTables: f.surgicalTables,
  })),
  vehicles: raw.vehicles.map((v) => {
    const base = raw.facilities.find((f) => f.id === v.base)!.pos;
    return {
      id: v.id, kind: v.kind as Vehicle['kind'], litter: v.litter, seated: v.seated, speedKmh: v.speedKmh, medic: v.medic, status: 'available' as const, baseFacilityId: v.base,
      position: { lat: base[0]!, lon: base[1]! },
    };
  }),
  threats: raw.threats.map((t) => ({ id: t.id, polygon: t.polygon.map(([lat, lon]) => ({ lat: lat!, lon: lon! })), from: iso(t.fromMin), to: iso(t.toMin), lossPerKm: t.lossPerKm })),
});

/** The view shifted to now = 0 and sorted by id, so that the two can be compared field by field. */
function normalised(v: PlanView): PlanView {
  const d = v.now;
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    ...v,
    now: 0,
    casualties: byId(v.casualties.map((c) => ({ ...c, atMin: c.atMin - d }))),
    vehicles: byId(v.vehicles.map((x) => ({ ...x, freeAt: x.freeAt - d, available: null, ...(x.ifKept ? { ifKept: { ...x.ifKept, freeAt: x.ifKept.freeAt - d, ...(x.ifKept.reach ? { reach: { ...x.ifKept.reach, atMin: x.ifKept.reach.atMin - d } } : {}) } } : {}), ...(x.carrying ? { carrying: { ...x.carrying, aboard: x.carrying.aboard.map((c) => ({ ...c, atMin: c.atMin - d })) } } : {}) }))),
    facilities: byId(v.facilities.map((f) => ({ ...f, tableFreeAt: f.tableFreeAt.map((t) => t - d), ...(f.bedsFreeAt ? { bedsFreeAt: f.bedsFreeAt.map((t) => t - d) } : {}), open: null }))),
    threats: v.threats.map((t) => ({ ...t, fromMin: t.fromMin - d, toMin: t.toMin - d })),
    horizonMin: v.horizonMin - d,
    recent: (v.recent ?? []).map((r) => ({ ...r, atMin: r.atMin - d })),
  };
}

function close(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') return assert.ok(Math.abs(a - b) < 1e-3, `${path}: ${a} ≠ ${b}`);
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: length`);
    return a.forEach((x, i) => close(x, b[i], `${path}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  assert.deepEqual(a, b, path);
}

test('DISP-14 the same situation as a scenario and as a log: the same planning view, the same plan and expected survival', () => {
  let captured: PlanView | null = null;
  const capture: Policy = {
    name: 'capture',
    plan(view) {
      if (view.now === NOW && !captured) captured = structuredClone(view);
      return optimalPolicy.plan(view);
    },
  };
  const scenario = parseScenario(scenarioRaw);
  const run = simulate(scenario, capture);
  assert.ok(captured, 'the simulator planned at minute 180');
  const sim = normalised(captured as PlanView);
  // At the round, amb-2 is on its way with c3 and c4 waits or rides: the situation has a busy vehicle to model.
  assert.ok(sim.vehicles.some((v) => !v.idle), 'a vehicle is busy at the round');
  assert.ok(sim.facilities.some((f) => (f.bedsFreeAt ?? []).length > 0), 'a taken bed frees later (DISP-76)');

  const log = logOf(run.trace, NOW);
  const casualties = [...log].map(([id, events]) => fold(id, events, iso(NOW))).filter((c) => !c.outcome);
  const { view: live } = liveState({ ...entities(), casualties, now: iso(NOW), horizonMin: scenario.horizonMin - NOW, rateWindowMin: NOW });
  const liveN = normalised(live);
  // What the scenario states but a log cannot (vehicle windows, which the round has already passed) is left out.
  close(liveN.casualties, sim.casualties, 'casualties');
  close(liveN.vehicles, sim.vehicles, 'vehicles');
  close(liveN.facilities, sim.facilities, 'facilities');
  close(liveN.threats, sim.threats, 'threats');
  close([liveN.horizonMin, liveN.expectedRatePerMin, liveN.recent], [sim.horizonMin, sim.expectedRatePerMin, sim.recent], 'hints');

  const simPlan = optimalPolicy.plan(sim);
  const livePlan = optimalPolicy.plan(liveN);
  assert.ok(simPlan.length > 0);
  assert.deepEqual(livePlan.map((j) => [j.vehicleId, j.stops]), simPlan.map((j) => [j.vehicleId, j.stops]));
  for (const [i, job] of simPlan.entries()) {
    const a = assessJob(sim, job)!;
    const b = assessJob(liveN, livePlan[i]!)!;
    for (const [id, e] of a.expected) assert.ok(Math.abs(b.expected.get(id)! - e) < 1e-6, `${id}: ${b.expected.get(id)} ≠ ${e}`);
  }
});

// DISP-20 in the live plan: one ambulance on a long drive to a critical casualty; a worse one is reported near its base a
// quarter of an hour later (the simulator re-plans the ambulance), then a minor one while it is on its new way.
const replanRaw = {
  format: 'goldenhour-scenario/1',
  name: 'live-replan',
  seed: 5,
  horizonMin: 120,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true, available: [[0, 100000]] }],
  threats: [] as typeof scenarioRaw.threats,
  casualties: [
    { id: 'far', atMin: 0, pos: [48.75, 38.2], rpm: 6, litter: true },
    { id: 'worse', atMin: 15, pos: [48.55, 37.8], rpm: 4, litter: true },
    { id: 'minor', atMin: 20, pos: [48.52, 37.75], rpm: 11, litter: false },
  ],
};

/** The simulator's view at minute `round` (the policy re-plans legs, SIM-14) and the live view of the log up to then. */
function bothViews(round: number, raw: typeof replanRaw = replanRaw, policy: Policy = optimalPolicy): { sim: PlanView; live: PlanView; trace: TraceEvent[]; planned: Map<string, string> } {
  let captured: PlanView | null = null;
  const planned = new Map<string, string>();
  const capture: Policy = {
    name: 'capture',
    divert: true,
    ...(policy.addAboard ? { addAboard: true } : {}),
    plan(view) {
      if (view.now === round && !captured) captured = structuredClone(view);
      const jobs = policy.plan(view);
      for (const j of jobs) for (const st of j.stops) if (st.kind === 'dropoff') for (const id of st.casualtyIds) if (!planned.has(id)) planned.set(id, st.facilityId);
      return jobs;
    },
  };
  const scenario = parseScenario(raw);
  const run = simulate(scenario, capture);
  assert.ok(captured, `the simulator planned at minute ${round}`);
  const casualties = [...logOf(run.trace, round, raw, planned)].map(([id, events]) => fold(id, events, iso(round))).filter((c) => !c.outcome);
  const { view } = liveState({ ...entities(raw), casualties, now: iso(round), horizonMin: scenario.horizonMin - round, rateWindowMin: Math.max(round, 60), divert: true, addAboard: policy.addAboard === true });
  return { sim: normalised(captured as PlanView), live: normalised(view), trace: run.trace, planned };
}

function sameViewPlanSurvival(sim: PlanView, live: PlanView, policy: Policy = optimalPolicy): Job[] {
  close(live.casualties, sim.casualties, 'casualties');
  close(live.vehicles, sim.vehicles, 'vehicles');
  close(live.facilities, sim.facilities, 'facilities');
  close([live.horizonMin, live.expectedRatePerMin, live.recent], [sim.horizonMin, sim.expectedRatePerMin, sim.recent], 'hints');
  const simPlan = policy.plan(sim);
  const livePlan = policy.plan(live);
  assert.deepEqual(livePlan.map((j) => [j.vehicleId, j.stops]), simPlan.map((j) => [j.vehicleId, j.stops]));
  for (const [i, job] of simPlan.entries()) {
    const a = assessJob(sim, job)!;
    const b = assessJob(live, livePlan[i]!)!;
    for (const [id, e] of a.expected) assert.ok(Math.abs(b.expected.get(id)! - e) < 1e-6, `${id}: ${b.expected.get(id)} ≠ ${e}`);
  }
  return simPlan;
}

test('DISP-14 DISP-20 a vehicle on its way is re-planned live as in the simulator: the same view, the same diversion, the same expected survival', () => {
  const { sim, live, trace, planned } = bothViews(15);
  const amb = sim.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([amb.enRoute, amb.diverted], [['far'], 0], 'the ambulance is on its way to the first report');
  const plan = sameViewPlanSurvival(sim, live);
  const job = plan.find((j) => j.vehicleId === 'amb');
  assert.deepEqual(job?.stops[0], { kind: 'pickup', casualtyId: 'worse' }, 'the plan diverts the ambulance to the worse casualty');
  assert.ok(trace.some((e) => e.event === 'dispatch' && e.t === 15 && e.casualty === 'worse'), 'the simulator diverted it');
  // What the dispatcher is shown: the diversion and the casualty it leaves.
  const casualties = [...logOf(trace, 15, replanRaw, planned)].map(([id, events]) => fold(id, events, iso(15)));
  const advice = planLive({ ...entities(replanRaw), casualties, now: iso(15) });
  const item = advice.find((a) => a.vehicleId === 'amb');
  assert.deepEqual([item?.casualtyId, item?.divertFrom], ['worse', ['far']]);
});

test('DISP-14 DISP-20 after a re-plan: the leg it left waits again, and the vehicle counts as re-planned, live as in the simulator', () => {
  const { sim, live } = bothViews(20);
  const amb = sim.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([amb.enRoute, amb.diverted], [['worse'], 1], 'the ambulance was re-planned once and is on its new way');
  assert.ok(sim.casualties.some((c) => c.id === 'far' && c.assignedTo === undefined), 'the casualty it left waits again');
  sameViewPlanSurvival(sim, live);
});

test('DISP-14 the RPM at injury is the row that reaches the latest vitals at the time they were taken', () => {
  for (let r = 0; r <= 12; r++) assert.equal(rpmAtInjury(r, 0, DEFAULT_MODEL), r);
  // Seen at RPM 6 two and a half hours after injury: it was a 9 at injury (9 → … → 6 at 150 min).
  assert.equal(rpmAt(9, 150, DEFAULT_MODEL), 6);
  assert.equal(rpmAtInjury(6, 150, DEFAULT_MODEL), 9);
});

test('DISP-14 elapsed time since injury counts: a casualty injured 3 h ago has a 3 h clock, not a fresh one', () => {
  const { facilities, vehicles, threats } = entities();
  const events: CasualtyEvent[] = [
    makeEvent('registered', 'old', { injuredAt: iso(0), position: { lat: 48.62, lon: 37.95 } }, iso(0)),
    makeEvent('vitals', 'old', vitalsFor(8), iso(0)),
    makeEvent('evac.requested', 'old', { nineLine: sampleNineLine({ location: { lat: 48.62, lon: 37.95 } }) }, iso(1)),
  ];
  const { view } = liveState({ casualties: [fold('old', events, iso(NOW))], facilities, vehicles, threats, now: iso(NOW) });
  const c = view.casualties[0]!;
  assert.equal(c.rpm0, 8);
  assert.ok(Math.abs(c.tau - NOW) < 1e-6, String(c.tau));
});

test('DISP-14 usable surgical tables (complete teams on duty) limit the tables the plan counts on', () => {
  const { facilities, vehicles, threats } = entities();
  const r2 = (usable?: Record<string, number>) => liveState({ casualties: [], facilities, vehicles, threats, now: iso(NOW), ...(usable ? { usableTables: usable } : {}) }).view.facilities.find((f) => f.id === 'r2')!;
  assert.equal(r2().surgicalTables, 1);
  assert.equal(r2({ r2: 0 }).surgicalTables, 0);
  assert.deepEqual(r2({ r2: 0 }).tableFreeAt, []);
});

test('DISP-99 beds reported taken at a surgical facility, with no casualty of the log in them, free as its tables work (SIM-3)', () => {
  // The session-24 scene: an R2 reports no bed and no table free; the log knows none of the casualties there. Its one
  // table is half-way through an operation (as DISP-14 reads a busy table), the other nine beds queue for it.
  const { facilities, vehicles, threats } = entities();
  const full = facilities.map((f) => (f.id === 'r2' ? { ...f, bedsAvailable: 0, tablesAvailable: 0 } : f));
  const r2 = liveState({ casualties: [], facilities: full, vehicles, threats, now: iso(NOW) }).view.facilities.find((f) => f.id === 'r2')!;
  assert.equal(r2.bedsFree, 0);
  assert.deepEqual(r2.tableFreeAt, [45]);
  assert.deepEqual(r2.bedsFreeAt, [45, 135, 225, 315, 405, 495, 585, 675, 765, 855]);
});

// DISP-23 in the live plan: one ambulance on its way to a minor casualty 25 km out; a critical one is reported beside it.
const extendRaw = {
  ...replanRaw,
  name: 'live-extend',
  seed: 3,
  casualties: [
    { id: 'minor', atMin: 0, pos: [48.65, 37.95], rpm: 11, litter: false },
    { id: 'critical', atMin: 10, pos: [48.655, 37.96], rpm: 5, litter: true },
  ],
};

test('DISP-14 DISP-23 the live plan offers carrying on and adding, as the simulator: the same view (when the leg reaches its first pickup), the same job', () => {
  const { sim, live, trace } = bothViews(10, extendRaw);
  const amb = live.vehicles.find((v) => v.id === 'amb')!;
  assert.ok(amb.ifKept?.reach, 'the live view shows when the leg under way reaches its first pickup');
  const plan = sameViewPlanSurvival(sim, live);
  const job = plan.find((j) => j.vehicleId === 'amb');
  assert.deepEqual(job?.stops.filter((s) => s.kind === 'pickup').map((s) => s.kind === 'pickup' && s.casualtyId), ['minor', 'critical'], 'optimal carries on and adds the critical casualty');
  // What the dispatcher is shown: an addition to the leg under way, not a diversion.
  const casualties = [...logOf(trace, 10, extendRaw)].map(([id, events]) => fold(id, events, iso(10)));
  const advice = planLive({ ...entities(extendRaw), casualties, now: iso(10) }).filter((a) => a.vehicleId === 'amb');
  assert.deepEqual(advice.map((a) => [a.casualtyId, a.addsToLeg ?? false, a.divertFrom ?? null]).sort(), [['critical', true, null], ['minor', false, null]]);
});

// After the extension is accepted: a minor casualty reported later makes the next round while the ambulance is still
// on its way to the first one.
const extendedRaw = { ...extendRaw, name: 'live-extended', casualties: [...extendRaw.casualties, { id: 'later', atMin: 16, pos: [48.52, 37.75], rpm: 11, litter: false }] };

test('DISP-14 SIM-15 an accepted extension is read live as the simulator carries it on: the same leg, not a re-plan', () => {
  const { sim, live, trace } = bothViews(16, extendedRaw);
  const added = trace.find((e) => e.event === 'dispatch' && e.casualty === 'critical');
  assert.deepEqual([added?.t, added?.addsToLeg], [10, true], 'the simulator added the critical casualty to the leg under way');
  const amb = sim.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([amb.enRoute, amb.diverted], [['minor', 'critical'], 0], 'the ambulance carries on to both, not re-planned');
  const liveAmb = live.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([liveAmb.enRoute, liveAmb.diverted], [['minor', 'critical'], 0], 'the live view reads the same leg');
  assert.ok(live.casualties.some((c) => c.id === 'minor' && c.assignedTo === 'amb'), 'the first casualty is not left behind');
  sameViewPlanSurvival(sim, live);
});

// SIM-19, DISP-95: one ambulance has loaded c1 (RPM 8) and drives it to the R2; c2 (RPM 5) is reported 2 km off its way
// at 40 and added to the leg; c3 (minor) is reported at 45 while the ambulance drives to c2 with c1 aboard.
const aboardRaw = {
  ...replanRaw,
  name: 'live-aboard',
  seed: 9,
  facilities: [{ id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 2, beds: 10 }],
  vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 60, medic: true, available: [[0, 100000]] }],
  casualties: [
    { id: 'c1', atMin: 0, pos: [48.2, 37.0], rpm: 8, litter: true },
    { id: 'c2', atMin: 40, pos: [48.1, 37.027], rpm: 5, litter: true },
    { id: 'c3', atMin: 45, pos: [47.9, 36.9], rpm: 11, litter: false },
  ],
};

test('DISP-14 SIM-19 DISP-95 a vehicle with a casualty aboard is shown live as in the simulator, before and after a pickup is added to its leg', () => {
  const policy = makeOptimalPolicy({ addAboard: 'clocks' });
  const before = bothViews(40, aboardRaw, policy);
  const amb = before.sim.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([amb.carrying?.aboard.map((c) => c.id), amb.carrying?.ahead], [['c1'], [{ kind: 'dropoff', casualtyIds: ['c1'], facilityId: 'r2' }]], 'the simulator shows c1 aboard');
  const plan = sameViewPlanSurvival(before.sim, before.live, policy);
  assert.deepEqual(plan.find((j) => j.vehicleId === 'amb')?.stops, [{ kind: 'pickup', casualtyId: 'c2' }, { kind: 'dropoff', casualtyIds: ['c1', 'c2'], facilityId: 'r2' }], 'DISP-95 adds c2 to the leg, live as in the simulator');
  // What the dispatcher is shown: an addition to the leg under way.
  const casualties = [...logOf(before.trace, 40, aboardRaw)].map(([id, events]) => fold(id, events, iso(40)));
  const advice = planLive({ ...entities(aboardRaw), casualties, now: iso(40), params: { addAboard: 'clocks' } }).filter((a) => a.vehicleId === 'amb');
  assert.deepEqual(advice.map((a) => [a.casualtyId, a.addsToLeg ?? false, a.divertFrom ?? null]), [['c2', true, null]]);
  // Accepted (`addsToLeg`): at 45 the ambulance drives to c2 with c1 aboard, its leg re-planned once since c1's pickup.
  const after = bothViews(45, aboardRaw, policy);
  const later = after.sim.vehicles.find((v) => v.id === 'amb')!;
  assert.deepEqual([later.carrying?.ahead.length, later.carrying?.diverted], [2, 1], 'the simulator shows c2 ahead');
  assert.ok(!after.live.casualties.some((c) => c.id === 'c1' || c.id === 'c2'), 'nobody is left behind');
  sameViewPlanSurvival(after.sim, after.live, policy);
});

// DISP-76: a stabilising stop with one bed, promised to an ambulance bringing a minor casualty; a critical casualty is
// reported beside it while the bed is taken.
const bedRaw = {
  ...replanRaw,
  name: 'live-bed',
  seed: 7,
  facilities: [
    { id: 'r1', role: 'R1', pos: [48.6, 37.9], surgicalTables: 0, beds: 1 },
    { id: 'r2', role: 'R2', pos: [48.5, 37.7], surgicalTables: 1, beds: 10 },
  ],
  vehicles: [
    { id: 'amb', kind: 'ambulance', base: 'r2', litter: 2, seated: 2, speedKmh: 50, medic: true, available: [[0, 100000]] },
    { id: 'car', kind: 'ambulance', base: 'r2', litter: 1, seated: 1, speedKmh: 50, medic: true, available: [[0, 100000]] },
  ],
  casualties: [
    { id: 'minor', atMin: 0, pos: [48.61, 37.91], rpm: 11, litter: false },
    { id: 'critical', atMin: 12, pos: [48.62, 37.92], rpm: 6, litter: true },
  ],
};

test('DISP-14 DISP-76 a bed that frees later is shown live as in the simulator: when the minor casualty it is promised to is dropped', () => {
  const { sim, live } = bothViews(12, bedRaw);
  const r1 = sim.facilities.find((f) => f.id === 'r1')!;
  assert.equal(r1.bedsFree, 0, 'the one bed of r1 is promised');
  assert.equal(r1.bedsFreeAt?.length, 1, 'and frees when its casualty is dropped (SIM-3)');
  assert.ok(sim.vehicles.some((v) => !v.idle || v.ifKept) && sim.vehicles.every((v) => (v.idle && !v.ifKept) || Math.abs(r1.bedsFreeAt![0]! - (v.ifKept?.freeAt ?? v.freeAt)) < 1e-6), 'at the end of the job bringing it');
  sameViewPlanSurvival(sim, live);
});

test('issue 16 the recent casualties of the view are the last of a stable sort by injury, selected without sorting all', () => {
  // Few distinct times, so that ties (kept in list order by the stable sort) are common; some outside the window.
  const entry = fc.option(fc.record({ atMin: fc.integer({ min: -200, max: 0 }).map((m) => m / 2), rpm0: fc.integer({ min: 0, max: 12 }) }), { nil: null });
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 40 }), fc.integer({ min: 10, max: 120 }), (xs, window) => {
      const derived = xs.map((x, i) => ({ recent: x && { pos: { lat: i, lon: 0 }, rpm0: x.rpm0, atMin: x.atMin } }) as unknown as DerivedCasualty);
      const within = derived.flatMap((d) => (d.recent && d.recent.atMin >= -window - 1e-9 ? [d.recent] : []));
      const sorted = [...within].sort((a, b) => a.atMin - b.atMin);
      const got = recentInjuries(derived, window);
      assert.equal(got.count, within.length);
      // The same entries (by identity: the position says which casualty), in the same order.
      assert.deepEqual(got.latest.map((r) => r.pos.lat), sorted.slice(-8).map((r) => r.pos.lat));
    }),
    { numRuns: 300 },
  );
});
