// fold(events, now) → the casualty's current state. Pure and order-independent: events are de-duplicated by id
// and sorted by a total order first, so any delivery order of the same set gives the same state.
import type { CasualtyEvent, EventType, Identity, PayloadOf } from './events.ts';
import { payloads } from './events.ts';
import type { Position } from './geo.ts';
import type { Triage, Precedence, Outcome } from './codes.ts';
import { natoEquivalent, precedenceRank } from './codes.ts';
import type { NineLine } from './nine-line.ts';
import { NineLine as NineLineSchema } from './nine-line.ts';
import { minutesBetween, toMs } from './time.ts';

/** Total order of a log: field time, then id (UUIDv7 ids also sort by creation). */
export function compareEvents(a: Pick<CasualtyEvent, 'at' | 'id'>, b: Pick<CasualtyEvent, 'at' | 'id'>): number {
  const d = toMs(a.at) - toMs(b.at);
  if (d !== 0) return d;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const TOURNIQUET_ALARMS_MIN = [60, 120, 360] as const;
export type TourniquetAlarm = 'none' | '1h' | '2h' | '6h';
export const REASSESS_EVERY_MIN = { T1: 15, T2: 30 } as const;

export interface TourniquetState {
  id: string;
  limb: PayloadOf<'tourniquet.applied'>['limb'];
  tqType: string;
  appliedAt: string;
  convertedAt?: string;
  removedAt?: string;
  /**
   * The casualty's outcome, with this tourniquet neither converted nor removed: its last known state is "on", and its
   * clock stopped there (the casualty is off the medic's hands: no longer a running clock nor an alarm).
   */
  onAtOutcome?: string;
  /** Minutes on the limb: until conversion, removal or the outcome, else until `now`. */
  minutes: number;
  running: boolean;
  alarm: TourniquetAlarm;
}

export interface Candidate<V> {
  eventId: string;
  value: V;
  at: string;
  author: string;
  deviceId: string;
  /** A vehicle assignment that adds the casualty to the leg under way (`evac.assigned.addsToLeg`, SIM-15). */
  addsToLeg?: true;
}
/** A single-valued decision as a multi-value register: one head is a value; several different heads a conflict. */
export interface Decision<V> {
  value: V | null;
  /** Set when concurrent decisions disagree: a person must choose (a new decision superseding all of them). */
  conflict: Candidate<V>[] | null;
  history: Candidate<V>[];
}

export type Stage = 'at-poi' | 'requested' | 'assigned' | 'in-transit' | 'at-facility' | 'in-surgery' | 'closed';
export const OPEN_STAGES: readonly Stage[] = ['at-poi', 'requested', 'assigned', 'in-transit', 'at-facility', 'in-surgery'];

export interface ChainStep {
  kind: 'pickup' | 'arrival' | 'surgery' | 'outcome';
  at: string;
  eventId: string;
  vehicleId?: string;
  facilityId?: string;
}

export interface Mist {
  age?: number;
  timeOfInjury: string;
  mechanism: string;
  injuries: string;
  signs: string;
  treatment: string;
}

export interface CasualtyState {
  id: string;
  registered: boolean;
  identity: Identity;
  injuredAt: string | null;
  position: Position | null;
  mechanisms: string[];
  injuries: (PayloadOf<'injury'> & { eventId: string; at: string })[];
  tourniquets: TourniquetState[];
  vitals: (PayloadOf<'vitals'> & { eventId: string; at: string })[];
  treatments: (PayloadOf<'treatment'> & { eventId: string; at: string })[];
  medications: (PayloadOf<'medication'> & { eventId: string; at: string })[];
  notes: { eventId: string; at: string; author: string; text: string }[];
  triage: Decision<Triage>;
  precedence: Decision<Precedence>;
  destination: Decision<string>;
  vehicle: Decision<string>;
  evac: { nineLine: NineLine | null; requestedAt: string | null; cancelled: boolean };
  /** The mass-casualty incident this casualty belongs to (the latest link), with its triage tag number. */
  incident: { id: string; tag: string | null; at: string } | null;
  stage: Stage;
  chain: ChainStep[];
  vehicleId: string | null;
  facilityId: string | null;
  outcome: { outcome: Outcome; at: string; facilityId?: string } | null;
  reassessment: { everyMin: number; lastAt: string; dueAt: string; overdue: boolean } | null;
  mist: Mist;
  voided: string[];
  /** Amendments whose changes did not validate against their target: kept visible, not applied. */
  rejectedAmendments: string[];
  /** Every applied amend and void, with its author and reason: shown beside the entry it corrects. */
  corrections: { eventId: string; target: string; kind: 'amend' | 'void'; author: string; at: string; reason: string | null }[];
  /** Outcomes set aside because the facility the casualty arrived at recorded its own (shown, not silently lost). */
  overriddenOutcomes: string[];
  eventCount: number;
  lastEventAt: string | null;
}

type Ev = CasualtyEvent;

type Correction = CasualtyState['corrections'][number];

function applyAmendments(events: Ev[]): { events: Ev[]; voided: Set<string>; rejected: string[]; corrections: Correction[] } {
  const byId = new Map(events.map((e) => [e.id, e]));
  const voided = new Set<string>();
  const rejected: string[] = [];
  const amended = new Map<string, Ev>();
  const corrections: Correction[] = [];
  const note = (e: Ev & { payload: { target: string; reason?: string | undefined } }, kind: Correction['kind']) =>
    corrections.push({ eventId: e.id, target: e.payload.target, kind, author: e.author, at: e.at, reason: e.payload.reason ?? null });
  for (const e of events) {
    if (e.type === 'void') {
      const t = byId.get(e.payload.target);
      if (t && t.type !== 'void') {
        voided.add(t.id);
        note(e, 'void');
      }
    }
  }
  for (const e of events) {
    if (e.type !== 'amend' || voided.has(e.id)) continue;
    const target = amended.get(e.payload.target) ?? byId.get(e.payload.target);
    if (!target || target.type === 'amend' || target.type === 'void' || target.casualtyId !== e.casualtyId) {
      rejected.push(e.id);
      continue;
    }
    const merged = validateAmendment(target, e.payload.changes);
    if (merged === null) rejected.push(e.id);
    else {
      amended.set(target.id, { ...target, payload: merged } as Ev);
      note(e, 'amend');
    }
  }
  return { events: events.map((e) => amended.get(e.id) ?? e), voided, rejected, corrections };
}

/** The target's payload with `changes` applied, or null when the result is not a valid payload of its type. */
export function validateAmendment(target: Ev, changes: Record<string, unknown>): Ev['payload'] | null {
  const schema = payloads[target.type as EventType];
  const r = schema.safeParse({ ...(target.payload as object), ...changes });
  return r.success ? (r.data as Ev['payload']) : null;
}

const last = <T>(xs: T[]): T => xs[xs.length - 1]!;

function alarmFor(min: number): TourniquetAlarm {
  return min >= 360 ? '6h' : min >= 120 ? '2h' : min >= 60 ? '1h' : 'none';
}

/**
 * A single-valued decision while the log is folded: the current heads (candidates nobody superseded, in fold
 * order), the ids explicit `supersedes` lists named before their event arrived, and the history. Stepping one
 * candidate at a time gives the same heads as looking at the whole list at once, which is what lets an append
 * extend a stored projection instead of refolding it.
 */
export interface RegisterParts<V> {
  heads: Candidate<V>[];
  named: string[];
  history: Candidate<V>[];
}

const emptyRegister = <V>(): RegisterParts<V> => ({ heads: [], named: [], history: [] });

function stepRegister<V>(r: RegisterParts<V>, e: Ev, value: V, addsToLeg = false): void {
  const c: Candidate<V> = { eventId: e.id, value, at: e.at, author: e.author, deviceId: e.deviceId, ...(addsToLeg ? { addsToLeg: true as const } : {}) };
  const sup = (e.payload as { supersedes?: string[] }).supersedes;
  if (sup) {
    // An explicit list supersedes exactly what it names, also an event that arrives later.
    const named = new Set(sup);
    for (const h of r.heads) named.delete(h.eventId);
    r.heads = r.heads.filter((h) => !sup.includes(h.eventId));
    r.named = [...r.named, ...[...named].filter((id) => !r.named.includes(id))];
  } else {
    // Without a list, a decision supersedes only the same author's earlier ones on the same device (session):
    // one person on one device is sequential; two servers' default device names must never merge two people.
    r.heads = r.heads.filter((h) => !(h.deviceId === e.deviceId && h.author === e.author));
  }
  if (!r.named.includes(e.id)) r.heads = [...r.heads, c];
  r.history = [...r.history, c];
}

function decide<V>(r: RegisterParts<V>, same: (a: V, b: V) => boolean, pick: (heads: Candidate<V>[]) => Candidate<V>): Decision<V> {
  const { heads, history } = r;
  if (heads.length === 0) return { value: null, conflict: null, history };
  const distinct = heads.filter((h, i) => heads.findIndex((o) => same(o.value, h.value)) === i);
  return { value: pick(heads).value, conflict: distinct.length > 1 ? heads : null, history };
}

export interface OutcomeCandidate {
  id: string;
  at: string;
  outcome: Outcome;
  facilityId?: string;
}

/**
 * Everything a fold accumulates before it derives the state at `now`. `fold` builds it from the whole log;
 * `src/core/fold-forward.ts` rebuilds it from a stored projection and steps only the new events.
 */
export interface FoldParts extends Pick<CasualtyState, 'id' | 'registered' | 'identity' | 'injuredAt' | 'position' | 'mechanisms' | 'injuries' | 'vitals'
  | 'treatments' | 'medications' | 'notes' | 'tourniquets' | 'incident' | 'voided' | 'rejectedAmendments' | 'corrections' | 'eventCount' | 'lastEventAt'> {
  /** Pickups, arrivals and surgeries in fold order (the outcome step is placed when the state is derived). */
  chain: ChainStep[];
  nineLine: NineLine | null;
  requestedAt: string | null;
  cancelled: boolean;
  outcomes: OutcomeCandidate[];
  triage: RegisterParts<Triage>;
  precedence: RegisterParts<Precedence>;
  destination: RegisterParts<string>;
  vehicle: RegisterParts<string>;
}

export function emptyParts(casualtyId: string): FoldParts {
  return {
    id: casualtyId, registered: false, identity: { sex: 'unknown', status: 'military' }, injuredAt: null, position: null,
    mechanisms: [], injuries: [], vitals: [], treatments: [], medications: [], notes: [], chain: [], tourniquets: [],
    nineLine: null, requestedAt: null, cancelled: false, incident: null, outcomes: [],
    triage: emptyRegister(), precedence: emptyRegister(), destination: emptyRegister(), vehicle: emptyRegister(),
    voided: [], rejectedAmendments: [], corrections: [], eventCount: 0, lastEventAt: null,
  };
}

/** Fold one live event (not voided, amendments applied, not an amend or void itself) into the parts, in fold order. */
export function stepEvent(s: FoldParts, e: Ev): void {
  switch (e.type) {
    case 'registered': {
      const { injuredAt: at, position: pos, ...id } = e.payload;
      s.identity = id;
      s.injuredAt = at;
      s.position = pos ?? null;
      s.registered = true;
      break;
    }
    case 'mechanism':
      for (const m of e.payload.mechanisms) if (!s.mechanisms.includes(m)) s.mechanisms.push(m);
      break;
    case 'injury':
      s.injuries.push({ ...e.payload, eventId: e.id, at: e.at });
      break;
    case 'tourniquet.applied':
      s.tourniquets = s.tourniquets.filter((t) => t.id !== e.id);
      s.tourniquets.push({ id: e.id, limb: e.payload.limb, tqType: e.payload.tqType, appliedAt: e.at, minutes: 0, running: true, alarm: 'none' });
      break;
    case 'tourniquet.converted': {
      const t = s.tourniquets.find((x) => x.id === e.payload.applied);
      if (t && !t.removedAt && !t.convertedAt) t.convertedAt = e.at;
      break;
    }
    case 'tourniquet.removed': {
      const t = s.tourniquets.find((x) => x.id === e.payload.applied);
      if (t && !t.removedAt) t.removedAt = e.at;
      break;
    }
    case 'vitals':
      s.vitals.push({ ...e.payload, eventId: e.id, at: e.at });
      break;
    case 'treatment':
      s.treatments.push({ ...e.payload, eventId: e.id, at: e.at });
      break;
    case 'medication':
      s.medications.push({ ...e.payload, eventId: e.id, at: e.at });
      break;
    case 'note':
      s.notes.push({ eventId: e.id, at: e.at, author: e.author, text: e.payload.text });
      break;
    case 'evac.requested':
      s.nineLine = e.payload.nineLine;
      s.requestedAt ??= e.at;
      s.cancelled = false;
      break;
    case 'evac.updated':
      if (s.nineLine) {
        const merged = NineLineSchema.safeParse({ ...s.nineLine, ...stripUndefined(e.payload.nineLine) });
        if (merged.success) s.nineLine = merged.data;
      }
      break;
    case 'evac.cancelled':
      s.cancelled = true;
      break;
    case 'pickup':
      s.chain.push({ kind: 'pickup', at: e.at, eventId: e.id, vehicleId: e.payload.vehicleId });
      break;
    case 'arrival':
      s.chain.push({ kind: 'arrival', at: e.at, eventId: e.id, facilityId: e.payload.facilityId });
      break;
    case 'surgery.started':
      s.chain.push({ kind: 'surgery', at: e.at, eventId: e.id, facilityId: e.payload.facilityId });
      break;
    case 'incident.linked':
      s.incident = { id: e.payload.incidentId, tag: e.payload.tag ?? null, at: e.at };
      break;
    case 'incident.declared':
    case 'incident.updated':
    case 'incident.cleared':
      break; // an incident's own stream, never a casualty's (src/core/incident.ts)
    case 'outcome':
      // decided when the state is derived: the receiving facility's outcome stands
      s.outcomes.push({ id: e.id, at: e.at, outcome: e.payload.outcome, ...(e.payload.facilityId ? { facilityId: e.payload.facilityId } : {}) });
      break;
    case 'triage':
      stepRegister(s.triage, e, e.payload.triage);
      break;
    case 'precedence':
      stepRegister(s.precedence, e, e.payload.precedence);
      break;
    case 'destination':
      stepRegister(s.destination, e, e.payload.facilityId);
      break;
    case 'evac.assigned':
      if (e.payload.facilityId !== undefined) stepRegister(s.destination, e, e.payload.facilityId);
      stepRegister(s.vehicle, e, e.payload.vehicleId, e.payload.addsToLeg === true);
      break;
    case 'amend':
    case 'void':
      break; // applied before the events are stepped
  }
}

/** The state at `now` from folded parts: decisions, outcome, stage, clocks, MIST. Reads no clock itself. */
export function deriveState(p: FoldParts, now: string): CasualtyState {
  // The first recorded outcome stands — unless the facility the casualty last arrived at recorded its own: the
  // receiving facility is the authority for its intake, so its outcome wins and the others stay visible as overridden.
  const chain = [...p.chain];
  const receivedAt = [...chain].reverse().find((x) => x.kind === 'arrival')?.facilityId;
  const chosen = p.outcomes.find((o) => receivedAt !== undefined && o.facilityId === receivedAt) ?? p.outcomes[0];
  const overriddenOutcomes = p.outcomes.filter((o) => o !== chosen).map((o) => o.id);
  let outcome: CasualtyState['outcome'] = null;
  if (chosen) {
    const fac = chosen.facilityId ? { facilityId: chosen.facilityId } : {};
    outcome = { outcome: chosen.outcome, at: chosen.at, ...fac };
    const after = chain.findIndex((x) => toMs(x.at) > toMs(chosen.at));
    chain.splice(after < 0 ? chain.length : after, 0, { kind: 'outcome', at: chosen.at, eventId: chosen.id, ...fac });
  }

  const mostUrgent = <V>(rank: (v: V) => number) => (heads: Candidate<V>[]) =>
    heads.reduce((a, b) => (rank(b.value) < rank(a.value) ? b : a));
  const latest = <V>(heads: Candidate<V>[]) => last(heads);
  const triageRank = (t: Triage) => ['T1', 'T2', 'T3', 'T4', 'dead'].indexOf(natoEquivalent(t));
  // Conflicting urgency decisions: until a person resolves them, act on the most urgent (safer to over-triage).
  const triage = decide(p.triage, (a, b) => a.system === b.system && a.category === b.category, mostUrgent(triageRank));
  const precedence = decide(p.precedence, (a, b) => a === b, mostUrgent(precedenceRank));
  const destination = decide(p.destination, (a, b) => a === b, latest);
  const vehicle = decide(p.vehicle, (a, b) => a === b, latest);

  // (A stored projection's parts may carry an earlier derivation's outcome stop: derived afresh from this outcome.)
  const tourniquets = p.tourniquets.map(({ onAtOutcome: _, ...t }) => tourniquetAt(stopAtOutcome({ ...t, running: !t.convertedAt && !t.removedAt }, outcome), now));

  const lastStep = chain.length ? last(chain) : null;
  const { nineLine, cancelled } = p;
  let stage: Stage;
  if (outcome) stage = 'closed';
  else if (lastStep?.kind === 'surgery') stage = 'in-surgery';
  else if (lastStep?.kind === 'arrival') stage = 'at-facility';
  else if (lastStep?.kind === 'pickup') stage = 'in-transit';
  else if (vehicle.value && nineLine && !cancelled) stage = 'assigned';
  else if (nineLine && !cancelled) stage = 'requested';
  else stage = 'at-poi';

  const vehicleId = stage === 'in-transit' ? (lastStep?.vehicleId ?? null) : stage === 'assigned' ? vehicle.value : null;
  const facilityId = stage === 'at-facility' || stage === 'in-surgery' ? (lastStep?.facilityId ?? null) : null;

  const nato = triage.value ? natoEquivalent(triage.value) : null;
  const every = nato === 'T1' ? REASSESS_EVERY_MIN.T1 : nato === 'T2' ? REASSESS_EVERY_MIN.T2 : null;
  const lastAt = p.vitals.length ? last(p.vitals).at : p.injuredAt;
  let reassessment: CasualtyState['reassessment'] = null;
  if (every !== null && lastAt && stage !== 'closed' && stage !== 'in-surgery') {
    const dueAt = new Date(toMs(lastAt) + every * 60_000).toISOString();
    reassessment = { everyMin: every, lastAt, dueAt, overdue: toMs(now) > toMs(dueAt) };
  }

  const state: Omit<CasualtyState, 'mist'> = {
    id: p.id,
    registered: p.registered,
    identity: p.identity,
    injuredAt: p.injuredAt,
    position: p.position,
    mechanisms: [...p.mechanisms],
    injuries: [...p.injuries],
    vitals: [...p.vitals],
    treatments: [...p.treatments],
    medications: [...p.medications],
    notes: [...p.notes],
    chain,
    tourniquets,
    triage,
    precedence,
    destination,
    vehicle,
    evac: { nineLine, requestedAt: p.requestedAt, cancelled },
    incident: p.incident,
    stage,
    vehicleId,
    facilityId,
    outcome,
    reassessment,
    voided: [...p.voided],
    rejectedAmendments: [...p.rejectedAmendments],
    corrections: [...p.corrections],
    overriddenOutcomes,
    eventCount: p.eventCount,
    lastEventAt: p.lastEventAt,
  };
  return { ...state, mist: mist(state) };
}

/** The parts of a whole log: de-duplicated, sorted, amendments and voids applied, every live event stepped. */
export function foldParts(casualtyId: string, input: readonly Ev[]): FoldParts {
  const seen = new Set<string>();
  const unique = input.filter((e) => e.casualtyId === casualtyId && !seen.has(e.id) && seen.add(e.id));
  const sorted = [...unique].sort(compareEvents);
  const { events: amended, voided, rejected, corrections } = applyAmendments(sorted);
  const p = emptyParts(casualtyId);
  for (const e of amended) if (!voided.has(e.id) && e.type !== 'void' && e.type !== 'amend') stepEvent(p, e);
  p.voided = [...voided].sort();
  p.rejectedAmendments = rejected;
  p.corrections = corrections;
  p.eventCount = unique.length;
  p.lastEventAt = sorted.length ? last(sorted).at : null;
  return p;
}

/** Derive a casualty's state from its log at instant `now` (running clocks need it; fold itself reads no clock). */
export function fold(casualtyId: string, input: readonly Ev[], now: string): CasualtyState {
  return deriveState(foldParts(casualtyId, input), now);
}

/** A tourniquet still on when the casualty's outcome was recorded: its clock ends at the outcome (not running). */
function stopAtOutcome(t: TourniquetState, outcome: CasualtyState['outcome']): TourniquetState {
  if (!t.running || !outcome) return t;
  return { ...t, running: false, onAtOutcome: toMs(outcome.at) > toMs(t.appliedAt) ? outcome.at : t.appliedAt };
}

function tourniquetAt(t: TourniquetState, now: string): TourniquetState {
  const end = t.convertedAt ?? t.removedAt ?? t.onAtOutcome ?? now;
  const minutes = Math.max(0, minutesBetween(t.appliedAt, end));
  return { ...t, minutes, alarm: alarmFor(minutes) };
}

/**
 * The running clocks of a folded state (tourniquet minutes and alarms, overdue reassessment) brought forward to
 * `now` without refolding: equal to `fold(events, now)` for the same log. Lists use it on stored projections.
 */
export function advance(state: CasualtyState, now: string): CasualtyState {
  // A projection stored before its outcome's clock rule still says running: stopped here as a fold would.
  const tourniquets = state.tourniquets.map((t) => (t.running ? tourniquetAt(stopAtOutcome(t, state.outcome), now) : t));
  const r = state.reassessment;
  const reassessment = r ? { ...r, overdue: toMs(now) > toMs(r.dueAt) } : null;
  return { ...state, tourniquets, reassessment };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** MIST / ATMIST handover summary: short, in the order it is read aloud. */
export function mist(s: Omit<CasualtyState, 'mist'>): Mist {
  const latestVitals = s.vitals.length ? last(s.vitals) : null;
  const signs: string[] = [];
  if (latestVitals) {
    const v = latestVitals;
    if (v.pulse !== undefined) signs.push(`P ${v.pulse}`);
    if (v.sbp !== undefined) signs.push(`BP ${v.sbp}${v.bpPalpated ? '/P' : v.dbp !== undefined ? `/${v.dbp}` : ''}`);
    if (v.rr !== undefined) signs.push(`RR ${v.rr}`);
    if (v.spo2 !== undefined) signs.push(`SpO2 ${v.spo2}%`);
    if (v.avpu) signs.push(`AVPU ${v.avpu}`);
    if (v.gcs !== undefined) signs.push(`GCS ${v.gcs}`);
    if (v.pain !== undefined) signs.push(`pain ${v.pain}/10`);
    signs.push(`at ${v.at.slice(11, 16)}Z`);
  }
  const treatment = [
    ...s.tourniquets.map((t) => `TQ ${t.limb} ${t.appliedAt.slice(11, 16)}Z${t.running ? '' : t.convertedAt ? ' converted' : t.removedAt ? ' removed' : ' on at outcome'}`),
    ...s.treatments.map((t) => t.kind + (t.volumeMl ? ` ${t.volumeMl} ml` : '')),
    ...s.medications.map((m) => `${m.name} ${m.dose} ${m.unit} ${m.route}`),
  ];
  return {
    ...(s.identity.age !== undefined ? { age: s.identity.age } : {}),
    timeOfInjury: s.injuredAt ?? '',
    mechanism: s.mechanisms.join(', ') || 'unknown',
    injuries: s.injuries.map((i) => `${i.region} (${i.view}) ${i.kind}`).join('; ') || 'none recorded',
    signs: signs.join(', ') || 'none recorded',
    treatment: treatment.join('; ') || 'none',
  };
}
