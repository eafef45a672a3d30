// The casualty log. Every fact about a casualty is one immutable event; state is derived by fold().
// One schema per event type, shared by the server, the web app, sync and interop.
import { z } from 'zod';
import { Uuid, Slug } from './ids.ts';
import { ClockNote, Instant } from './time.ts';
import { Position } from './geo.ts';
import {
  Mechanism, BodyRegion, BodyView, InjuryKind, Limb, TourniquetType, MarchGroup, MARCH, TreatmentKind, Route,
  DoseUnit, MedicationClass, Avpu, Triage, Precedence, Outcome, PersonStatus, Sex,
} from './codes.ts';
import { NineLine, NineLineUpdate } from './nine-line.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
/** Ids of earlier decisions of the same kind that the author saw as current (see fold: multi-value registers). */
const supersedes = z.array(Uuid).max(32).optional();
/** A hand-over code's QR text (SYNC-17): `GH:` and Base45. */
export const HandoverText = z.string().max(8000).regex(/^GH:[0-9A-Z $%*+\-./:]+$/, 'a hand-over code\'s text (GH:…)');

export const Identity = z.object({
  /** Battle-roster number: initials + last digits of a service number. */
  battleRoster: text(16).optional(),
  name: text(120).optional(),
  sex: Sex.default('unknown'),
  age: z.number().int().min(0).max(120).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  status: PersonStatus.default('military'),
  nationality: text(64).optional(),
  unitId: Slug.optional(),
  allergies: text(200).optional(),
});
export type Identity = z.infer<typeof Identity>;

/** What happened at a mass-casualty incident (issue 15). */
export const IncidentKind = z.enum(['strike', 'shelling', 'mine', 'vehicle', 'building-collapse', 'cbrn']);
export type IncidentKind = z.infer<typeof IncidentKind>;
const hazards = z.array(text(120)).max(20);
const radiusM = z.number().int().min(10).max(20_000);

export const payloads = {
  registered: Identity.extend({
    injuredAt: Instant,
    position: Position.optional(),
  }),
  mechanism: z.object({ mechanisms: z.array(Mechanism).min(1).max(8), detail: text(200).optional() }),
  injury: z.object({
    region: BodyRegion,
    view: BodyView,
    kind: InjuryKind.default('other'),
    burnPercent: z.number().min(0).max(100).optional(),
    detail: text(200).optional(),
  }),
  'tourniquet.applied': z.object({ limb: Limb, tqType: TourniquetType.default('CAT') }),
  /** Converted to a pressure dressing (or a junctional device); `applied` is the id of the tourniquet.applied event. */
  'tourniquet.converted': z.object({ applied: Uuid, to: text(64).optional() }),
  'tourniquet.removed': z.object({ applied: Uuid }),
  vitals: z
    .object({
      pulse: z.number().int().min(0).max(300).optional(),
      pulseSite: z.enum(['radial', 'carotid', 'femoral', 'pedal', 'other']).optional(),
      sbp: z.number().int().min(0).max(300).optional(),
      dbp: z.number().int().min(0).max(250).optional(),
      bpPalpated: z.boolean().optional(),
      rr: z.number().int().min(0).max(80).optional(),
      spo2: z.number().min(0).max(100).optional(),
      avpu: Avpu.optional(),
      pain: z.number().int().min(0).max(10).optional(),
      gcs: z.number().int().min(3).max(15).optional(),
      tempC: z.number().min(20).max(45).optional(),
    })
    .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'at least one sign' }),
  treatment: z
    .object({
      group: MarchGroup,
      kind: TreatmentKind,
      volumeMl: z.number().positive().max(10_000).optional(),
      route: Route.optional(),
      detail: text(200).optional(),
    })
    .refine((t) => (MARCH[t.group] as readonly string[]).includes(t.kind), {
      path: ['kind'],
      message: 'is not a treatment of that MARCH group',
    }),
  medication: z.object({
    name: text(80),
    dose: z.number().positive().max(100_000),
    unit: DoseUnit,
    route: Route,
    class: MedicationClass.default('other'),
  }),
  triage: z.object({ triage: Triage, supersedes }),
  precedence: z.object({ precedence: Precedence, supersedes }),
  destination: z.object({ facilityId: Slug, supersedes }),
  'evac.requested': z.object({ nineLine: NineLine }),
  'evac.updated': z.object({ nineLine: NineLineUpdate }),
  'evac.cancelled': z.object({ reason: text(200).optional() }),
  /** A dispatcher sends a vehicle; optionally names where it takes the casualty (also a destination decision). */
  /**
   * `addsToLeg`: the vehicle is on its way to its first pickup and carries on; this casualty is added after the
   * pickups of that leg (SIM-15) rather than the vehicle being sent here instead (a re-plan, SIM-14).
   */
  'evac.assigned': z.object({ vehicleId: Slug, facilityId: Slug.optional(), addsToLeg: z.literal(true).optional(), supersedes }),
  pickup: z.object({ vehicleId: Slug, position: Position.optional() }),
  /**
   * Handover at a facility: recorded by the receiving side (it is the authority for its own intake). `handover`: the
   * medic's signed hand-over code (its QR text, SYNC-17) that admits a casualty outside the desk's scope (SYNC-22).
   */
  arrival: z.object({ facilityId: Slug, handover: HandoverText.optional() }),
  'surgery.started': z.object({ facilityId: Slug }),
  outcome: z.object({ outcome: Outcome, facilityId: Slug.optional(), detail: text(500).optional() }),
  note: z.object({ text: text(2000) }),
  /**
   * An incident's own log (src/core/incident.ts): the event's `casualtyId` is the incident's stream id, never a
   * casualty's. Declared once; updated (place, radius, hazards, commander on scene); cleared when the site is empty.
   */
  'incident.declared': z.object({
    kind: IncidentKind, position: Position, radiusM: radiusM.default(200), name: text(80).optional(),
    unitId: Slug.optional(), hazards: hazards.default([]), commander: text(80).optional(),
    /** 128 random bits (hex) mixed into its tags' casualty ids (SYNC-19); absent in declarations before session 17. */
    tagKey: z.string().regex(/^[0-9a-f]{32}$/, { message: 'must be 32 lower-case hex digits' }).optional(),
  }),
  'incident.updated': z
    .object({ kind: IncidentKind.optional(), position: Position.optional(), radiusM: radiusM.optional(), name: text(80).optional(), hazards: hazards.optional(), commander: text(80).optional() })
    .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'at least one change' }),
  'incident.cleared': z.object({ reason: text(200).optional() }),
  /** A casualty of an incident, with the number of the pre-printed triage tag tied to them, if any (as normaliseTag). */
  'incident.linked': z.object({ incidentId: Uuid, tag: z.string().max(32).transform((t) => t.toUpperCase().replace(/[\s-]+/g, '')).pipe(z.string().min(1)).optional() }),
  /** Correct an earlier event: the fields given replace the target's; the target's type decides their schema. */
  amend: z.object({ target: Uuid, changes: z.record(z.string(), z.unknown()), reason: text(200).optional() }),
  /** Withdraw an earlier event entered in error. It stays in the log, marked void. */
  void: z.object({ target: Uuid, reason: text(200) }),
} as const;

export type EventType = keyof typeof payloads;
export const EVENT_TYPES = Object.keys(payloads) as EventType[];
export type PayloadOf<T extends EventType> = z.infer<(typeof payloads)[T]>;

const envelopeShape = {
  /** Client-generated UUIDv7: re-submitting the same id is a no-op. */
  id: Uuid,
  casualtyId: Uuid,
  /** When it happened, by the field clock. */
  at: Instant,
  /** When the device wrote it down. */
  recordedAt: Instant,
  deviceId: text(64),
  author: text(64),
  /** Hybrid logical clock stamp for display order across devices (see docs/sync.md); optional for API clients. */
  hlc: z.string().max(64).optional(),
  /** Set when `at` was corrected for the device's clock offset: its own reading and the offset (src/core/clock.ts). */
  clock: ClockNote.optional(),
};

const variant = <T extends EventType>(type: T) =>
  z.object({ ...envelopeShape, type: z.literal(type), payload: payloads[type] }).strict();

export const CasualtyEvent = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => variant(t)) as unknown as [ReturnType<typeof variant<'note'>>, ...ReturnType<typeof variant<'note'>>[]],
);

/** A stored event: what was submitted, plus the server's sequence number (the sync cursor). */
export type CasualtyEvent = { [T in EventType]: EnvelopeOf<T> }[EventType];
export type EnvelopeOf<T extends EventType> = {
  id: string;
  casualtyId: string;
  at: string;
  recordedAt: string;
  deviceId: string;
  author: string;
  hlc?: string;
  clock?: ClockNote;
  type: T;
  payload: PayloadOf<T>;
};
export type StoredEvent = CasualtyEvent & { seq: number; receivedAt: string };
/** An event as the server serves it: the sequence number only to those who see every casualty (head-oracle). */
export type ServedEvent = CasualtyEvent & { seq?: number; receivedAt: string };

/** An event as this receiver stores it: its sequence number and receipt time added. */
export function stamped(e: CasualtyEvent, seq: number, receivedAt: string): StoredEvent {
  return { ...e, seq, receivedAt };
}

/** An event without the receiver's sequence number and receipt time (as submitted again elsewhere, or hashed). */
export function unstamped(e: CasualtyEvent & { seq?: number; receivedAt?: string }): CasualtyEvent {
  const { seq: _s, receivedAt: _r, ...rest } = e;
  return rest;
}

/** Validate one event as submitted by a client. */
export function parseEvent(raw: unknown): z.ZodSafeParseResult<CasualtyEvent> {
  return CasualtyEvent.safeParse(raw) as z.ZodSafeParseResult<CasualtyEvent>;
}

/**
 * A batch of events, as posted to the API or pushed by sync. `handovers`: the codes a receiver relays records from
 * (SYNC-17); a record a code signs, unchanged, is stored as the code's author's.
 */
export const EventBatch = z.object({ events: z.array(z.unknown()).min(1).max(1000), handovers: z.array(HandoverText).max(8).optional() });

/**
 * Events of an incident's own stream (their `casualtyId` names the incident). Each starts with `incident.`: PostgreSQL's
 * incident_access trigger runs only for those and voids (migration 032), so the type checker holds new ones to it.
 */
export const INCIDENT_STREAM_TYPES = ['incident.declared', 'incident.updated', 'incident.cleared'] as const satisfies readonly `incident.${string}`[];
export const isIncidentStreamType = (t: unknown): boolean => (INCIDENT_STREAM_TYPES as readonly unknown[]).includes(t);

export const DECISION_TYPES = ['triage', 'precedence', 'destination', 'evac.assigned'] as const;
