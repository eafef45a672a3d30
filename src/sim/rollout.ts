// Rollout policy improvement (DISP-18): at each planning round, a few candidate plans (the base policy's own and the
// baselines' first moves) are each played forward by the simulator itself, from a state rebuilt from the planning view,
// with the base policy making every later decision; the plan whose rollouts save most of the casualties now waiting
// is carried out. With the base plan always a candidate and the same random draws for every candidate, the chosen
// plan is never worse than the base policy's on the model the rollouts use — but that model cannot see casualties
// still to come beyond a sampled rate, and on held-out families it did not beat `optimal`: experimental, not adopted.
import type { Position } from '../core/index.ts';
import { needsSurgery, survivalAt } from '../dispatch/survival.ts';
import type { Job, PlanFacility, PlanVehicle, PlanView, Policy } from '../dispatch/types.ts';
import { Heap } from './heap.ts';
import { rngFor } from './rng.ts';
import type { Scenario } from './scenario.ts';
import { runEvents } from './simulator.ts';
import { schedule } from './state.ts';
import type { ActiveJob, SimCasualty, SimEvent, SimFacility, SimState, SimVehicle } from './state.ts';
import { startJob } from './vehicles.ts';

export interface RolloutOptions {
  /** Policies whose first move is tried beside the base policy's (shown en-route vehicles as busy). */
  candidates: readonly Policy[];
  /** Rollouts per candidate when a threat zone could hit a vehicle (common random numbers); 1 without threats. */
  samples: number;
  /** Weight of a casualty of RPM ≥ 10 in the score (RPM ≤ 9 weigh 1). */
  minorWeight: number;
  /** Minutes of sampled future casualties (observed or declared rate, where the latest occurred) in each rollout. */
  futureMin: number;
  /** A rollout stops this many minutes ahead; casualties not done by then count at their survival then. */
  lookaheadMin: number;
  /** Another plan replaces the base plan only when its mean score beats it by more than this (survivors). */
  margin: number;
  /** Above this many waiting casualties or vehicles the base plan is used as it is (the re-plan CPU budget). */
  maxCasualties: number;
  maxVehicles: number;
}

export function makeRolloutPolicy(base: Policy, opts: RolloutOptions, name = 'optimal-rollout'): Policy {
  return {
    name,
    ...(base.divert ? { divert: true } : {}),
    ...(base.nextForSurgery ? { nextForSurgery: base.nextForSurgery.bind(base) } : {}),
    plan(view: PlanView): Job[] {
      const own = base.plan(view);
      if (view.casualties.length > opts.maxCasualties || view.vehicles.length > opts.maxVehicles) return own;
      if (view.casualties.some((c) => c.future)) return own;
      const kept = keptView(view);
      const plans: Job[][] = [own];
      const seen = new Set([planKey(own)]);
      // Only plans that commit no vehicle the base plan keeps free: what a rollout cannot see (casualties still to come)
      // is what a free vehicle is kept for.
      const used = new Set(own.map((j) => j.vehicleId));
      for (const p of opts.candidates) {
        const jobs = p.plan(kept);
        const key = planKey(jobs);
        if (jobs.every((j) => used.has(j.vehicleId)) && !seen.has(key)) {
          seen.add(key);
          plans.push(jobs);
        }
      }
      if (plans.length === 1) return own;
      const random = view.threats.length > 0 || futureRate(view) > 0;
      const samples = random ? opts.samples : 1;
      const scores = plans.map((jobs) => {
        let score = 0;
        for (let k = 0; k < samples; k++) score += rolloutScore(view, jobs, base, k, opts);
        return score / samples;
      });
      let best = 0;
      for (let i = 1; i < plans.length; i++) if (scores[i]! > scores[best]! + (best === 0 ? opts.margin : 1e-9)) best = i;
      return plans[best]!;
    },
  };
}

const planKey = (jobs: readonly Job[]): string =>
  JSON.stringify(
    jobs
      .map((j) => [j.vehicleId, j.stops] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  );

/** The view without re-planning: vehicles on their way keep their job (shown busy), their casualties are not waiting. */
export function keptView(view: PlanView): PlanView {
  if (!view.vehicles.some((v) => v.enRoute)) return view;
  const fetched = new Set(view.vehicles.flatMap((v) => v.enRoute ?? []));
  return {
    ...view,
    casualties: view.casualties.filter((c) => !fetched.has(c.id)),
    vehicles: view.vehicles.map((v) => {
      if (!v.enRoute || !v.ifKept) return v;
      const { enRoute: _e, ifKept, ...rest } = v;
      return { ...rest, pos: ifKept.pos, freeAt: ifKept.freeAt, idle: false, rangeLeftKm: ifKept.rangeLeftKm };
    }),
  };
}

/** Casualties per minute still expected: the declared rate while it lasts, else the observed one (SIM-12). */
function futureRate(view: PlanView): number {
  if (view.now >= view.horizonMin) return 0;
  const declared = view.arrivals && view.now < view.arrivals.untilMin ? view.arrivals.ratePerMin : 0;
  return Math.max(declared, view.expectedRatePerMin);
}

/**
 * Weighted expected survivors among the casualties waiting now and those sampled to come, if `jobs` are started now
 * and `base` plans the rest; the rollout stops `lookaheadMin` ahead (the rest count at their survival then).
 */
export function rolloutScore(view: PlanView, jobs: readonly Job[], base: Policy, sample: number, opts: RolloutOptions): number {
  const s = stateFromView(view, base, sample);
  for (const j of jobs) startJob(s, j);
  addFuture(s, view, sample, opts.futureMin);
  const tracked = [...s.casualties.values()].filter((c) => !c.id.startsWith(STAND_IN));
  const until = view.now + opts.lookaheadMin;
  runEvents(s, () => s.now >= until || tracked.every((c) => c.status === 'done'));
  let score = 0;
  for (const c of tracked) {
    if (c.status === 'pending') continue;
    const survival = c.survival ?? survivalAt(c.rpm, c.tau + c.rate * (s.now - c.since), s.model);
    score += survival * (needsSurgery(c.rpm) ? 1 : opts.minorWeight);
  }
  return score;
}

/** Future casualties of one sample: Poisson at the expected rate, where recent ones occurred (or the declared area). */
function addFuture(s: SimState, view: PlanView, sample: number, futureMin: number): void {
  const rate = futureRate(view);
  const recent = view.recent ?? [];
  const area = view.arrivals?.area ?? [];
  if (!(rate > 0) || (recent.length === 0 && area.length === 0)) return;
  const rng = rngFor(sample, 'rollout-future');
  const end = Math.min(view.now + futureMin, view.horizonMin);
  let t = view.now;
  for (let k = 1; ; k++) {
    t += -Math.log(1 - rng()) / rate;
    if (t >= end) return;
    const like = recent.length > 0 ? recent[Math.floor(rng() * recent.length)]! : null;
    const pos = like ? like.pos : area[Math.floor(rng() * area.length)]!;
    const rpm = like ? like.rpm0 : Math.floor(rng() * 13);
    const id = `\u0000future-${k}`;
    s.casualties.set(id, { ...casualtyFrom(view.now, { id, atMin: t, rpm0: rpm, tau: 0, rate: 1, litter: rng() < 0.5, pos }), status: 'pending', since: t });
    schedule(s, { t, type: 'appear', casualty: id });
  }
}

/**
 * The simulator's state rebuilt from a planning view (SIM-12): waiting casualties with their clocks, idle vehicles
 * where they are, busy ones where and from when they are free, vehicles on their way with their job, beds held, and
 * tables busy for the surgical backlog. No future casualty: a rollout scores only the ones waiting now.
 */
export function stateFromView(view: PlanView, policy: Policy, sample: number): SimState {
  const { now } = view;
  const scenario: Scenario = { format: 'goldenhour-scenario/1', name: 'rollout', seed: sample, horizonMin: view.horizonMin, travel: view.travel, facilities: [], vehicles: [], threats: [], casualties: [] };
  const s: SimState = {
    scenario,
    policy,
    opts: { trace: false },
    seed: sample,
    model: view.model,
    travel: view.travel,
    threats: view.threats,
    zones: [],
    hitRng: rngFor(sample, 'rollout-threat-hits'),
    // The planner's rollouts keep their one shared stream per sample (SIM-10's per-vehicle draws are the simulator's).
    hitSeed: null,
    recordTrace: false,
    trace: [],
    facilities: new Map(),
    vehicles: new Map(),
    casualties: new Map(),
    heap: new Heap<SimEvent>(),
    seq: 0,
    now,
    appeared: Math.round(view.expectedRatePerMin * Math.max(now, 60)),
    recent: [...(view.recent ?? [])],
    declared: view.arrivals ?? null,
    losses: [...(view.losses ?? [])],
  };
  for (const f of view.facilities) s.facilities.set(f.id, facilityFrom(s, f));
  for (const c of view.casualties) s.casualties.set(c.id, casualtyFrom(now, c));
  const ticks = new Set<number>();
  for (const v of view.vehicles) {
    s.vehicles.set(v.id, vehicleFrom(v, now));
    if (!v.idle && !v.enRoute && v.freeAt > now) schedule(s, { t: v.freeAt, type: 'free', vehicle: v.id });
    for (const [a] of v.available ?? []) if (a > now) ticks.add(a);
  }
  for (const f of view.facilities) for (const [a] of f.open ?? []) if (a > now) ticks.add(a);
  for (const t of [...ticks].sort((a, b) => a - b)) schedule(s, { t, type: 'tick' });
  for (const v of view.vehicles) if (v.enRoute && v.ifKept) keepJob(s, view, v);
  return s;
}

/**
 * A facility as the view shows it: beds held, tables busy until when they free, and the surgical backlog (queued or on
 * its way) as stand-ins queued there, operated when a table frees or the next casualty is left there.
 */
function facilityFrom(s: SimState, f: PlanFacility): SimFacility {
  const occupied = Math.max(0, f.beds - f.bedsFree);
  const ends = f.tableFreeAt.filter((t) => t > s.now).sort((x, y) => x - y).slice(0, occupied);
  for (const t of ends) schedule(s, { t, type: 'surgery-end', facility: f.id });
  const queue: string[] = [];
  for (let k = 0; k < f.surgicalBacklog && f.surgicalTables > 0; k++) {
    const id = `${STAND_IN}${f.id}-${k}`;
    s.casualties.set(id, { ...casualtyFrom(s.now, { id, atMin: s.now, rpm0: STAND_IN_RPM, tau: 0, rate: s.model.clockStabilised, litter: true, pos: f.pos, facilityId: f.id }), status: 'queued', queuedAt: s.now });
    queue.push(id);
  }
  return { id: f.id, role: f.role, pos: f.pos, beds: f.beds, occupied, reserved: 0, reservedSurgical: 0, tables: f.surgicalTables, tableBusyUntil: f.tableFreeAt.map((t) => Math.max(t, s.now)), queue, open: f.open ? [...f.open] : null };
}

/** Stand-ins for the surgical backlog: not scored; operated like a critical casualty fresh at the table. */
const STAND_IN = '\u0000backlog-';
const STAND_IN_RPM = 6;

function casualtyFrom(now: number, c: Pick<PlanView['casualties'][number], 'id' | 'atMin' | 'rpm0' | 'tau' | 'rate' | 'litter' | 'pos' | 'facilityId'>): SimCasualty {
  return {
    id: c.id,
    atMin: c.atMin,
    pos: c.pos,
    rpm: c.rpm0,
    litter: c.litter,
    fromArrivals: false,
    status: 'waiting',
    facilityId: c.facilityId ?? null,
    tau: c.tau,
    rate: c.rate,
    since: now,
    pickupAt: null,
    facilityAt: null,
    surgeryAt: null,
    outcomeAt: null,
    survival: null,
    lostWithVehicle: false,
    untreated: false,
    queuedAt: 0,
  };
}

/** A busy vehicle holds a job with no stops that ends where and when the view says it is free (event `free`). */
function vehicleFrom(v: PlanVehicle, now: number): SimVehicle {
  const busy = !v.idle && !v.enRoute && v.freeAt > now;
  const job: ActiveJob | null = busy ? { stops: [], timeline: { legs: [], endMin: v.freeAt, endPos: v.pos, km: 0 }, index: 0, startMin: now, aboard: [], unloaded: 0, reservations: new Map(), arrived: true } : null;
  return {
    id: v.id,
    kind: v.kind,
    protection: v.protection,
    straightLine: v.straightLine,
    speedKmh: v.speedKmh,
    medic: v.medic,
    litter: v.litter,
    seated: v.seated,
    baseId: '',
    basePos: v.basePos,
    pos: v.pos,
    rangeKm: v.rangeLeftKm,
    sortieKm: 0,
    available: v.available ? [...v.available] : null,
    lost: false,
    lostAt: null,
    job,
    epoch: 0,
    anchor: v.pos,
    diverted: v.diverted ?? 0,
    busyMin: 0,
    km: 0,
    threatKm: 0,
    hazard: new Map(),
    legExposure: [],
  };
}

/** A vehicle on its way carries on with its job unless a plan diverts it: its pickups, then where it would end. */
function keepJob(s: SimState, view: PlanView, v: PlanVehicle): void {
  const ids = v.enRoute!.filter((id) => s.casualties.has(id));
  if (ids.length === 0) return;
  const end: Position = v.ifKept!.pos;
  const f = view.facilities.find((x) => x.pos === end || (x.pos.lat === end.lat && x.pos.lon === end.lon));
  const stops: Job['stops'] = ids.map((id) => ({ kind: 'pickup' as const, casualtyId: id }));
  if (f) {
    // Its beds were counted as held in the view: give them back before the job books them again.
    const sf = s.facilities.get(f.id)!;
    sf.occupied = Math.max(0, sf.occupied - ids.length);
    stops.push({ kind: 'dropoff', casualtyIds: ids, facilityId: f.id });
  } else {
    stops.push({ kind: 'transfer', casualtyIds: ids, pos: end });
  }
  startJob(s, { vehicleId: v.id, stops });
}
