// THE API CONTRACT: the request and response of every HTTP route and stream message, one zod schema each.
// Shared by the server (routes declare them; the OpenAPI document is generated from them; the HTTP tests check
// every answer against them), the web app (z.infer types) and interop. Pure: no I/O.
import { DeidentifiedRecordedSchema } from './claims.ts';
import { z } from 'zod';
import { Uuid, Slug } from './ids.ts';
import { ClockNote, Instant } from './time.ts';
import { Precedence } from './codes.ts';
import { EVENT_TYPES, EventBatch, payloads } from './events.ts';
import type { EventType } from './events.ts';
import { OPEN_STAGES } from './fold.ts';
import { DeviceKey, Facility, ThreatZone, Unit, Vehicle } from './entities.ts';
import { NineLine } from './nine-line.ts';
import { IncidentKind } from './events.ts';

const who = z.string().trim().min(1).max(64);
const seq = z.coerce.number().int().min(0);
const limit = (max: number) => z.coerce.number().int().min(1).max(max);
const Seq = z.number().int().min(0);
/**
 * A scoped caller's cursor (test/attack/README.md "head-oracle"): the seq sealed for that user (src/auth/cursor-token.ts),
 * `c` + 48 base64url characters, never all digits. A global number counts every unit's writes: those who do not see
 * every casualty are given these instead, and their numeric cursors are refused (a pull's: answered from the start).
 */
export const CURSOR_TOKEN = /^c[A-Za-z0-9_-]{48}$/;
export const CursorToken = z.string().regex(CURSOR_TOKEN);
/** A cursor in a query: a token (scoped callers) or a sequence number (those who see every casualty, peers). */
const cursor = z.union([CursorToken, seq]);

export const STAGES = ['at-poi', 'requested', 'assigned', 'in-transit', 'at-facility', 'in-surgery', 'closed'] as const;
export const Stage = z.enum(STAGES);
export const ROLES = ['medic', 'dispatcher', 'facility', 'commander', 'analyst', 'admin', 'peer', 'editor', 'personnel'] as const;
export const Role = z.enum(ROLES);

// ---------------------------------------------------------------- errors

export const ERROR_CODES = [
  'bad_request', 'not_found', 'conflict', 'too_large', 'unauthorized', 'forbidden', 'rate_limited', 'unsupported_media_type',
  'header_too_large', 'unavailable', 'internal',
] as const;
/** Every 4xx/5xx answer of every route (bad URLs and oversized headers included). */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ---------------------------------------------------------------- requests

/** POST /api/casualties: the identity and injury of a `registered` event, plus envelope fields. */
export const RegisterCasualty = payloads.registered
  .extend({ id: Uuid.optional(), deviceId: who.optional(), author: who.optional() })
  .strict();
export type RegisterCasualty = z.infer<typeof RegisterCasualty>;

export const CasualtyQuery = z
  .object({
    status: z.enum(['open', 'closed', ...OPEN_STAGES] as [string, ...string[]]).optional(),
    precedence: Precedence.optional(),
    unit: Slug.optional(),
    facility: Slug.optional(),
    since: cursor.optional(),
    limit: limit(1000).default(200),
  })
  .strict();
/** A page of the board (issue 16: never every request at once): `after` is the `next` of the previous page. */
export const EvacuationQuery = z
  .object({ status: z.enum(['open', 'all']).default('open'), limit: limit(1000).default(100), after: z.string().max(300).optional() })
  .strict();
export const EventsQuery = z.object({ after: cursor.default(0), limit: limit(1000).default(1000) }).strict();
/** `ticket`: EventSource cannot send an Authorization header, so the stream takes a short-lived, single-use ticket. */
export const StreamQuery = z.object({ after: cursor.optional(), ticket: z.string().max(100).optional() }).strict();
export const CasualtyParams = z.object({ id: Uuid });
export const EntityParams = z.object({ id: z.string().min(1).max(64) });

export const Login = z.object({ username: z.string().max(64), password: z.string().max(256), deviceId: z.string().max(64).optional() }).strict();
export const Enrol = z.object({ code: z.string().min(4).max(40) }).strict();
const Slugs = z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).max(50);
export const NewUser = z
  .object({ username: z.string().max(64), password: z.string().min(10).max(256), role: Role, units: Slugs.optional(), facilities: Slugs.optional() })
  .strict();
export const NewDevice = z.object({ username: z.string().max(64), label: z.string().min(1).max(80) }).strict();
/** PATCH /api/users/:username: an administrator disables or re-enables a user, changes their role and scope, or resets the password. */
export const UserPatch = z
  .object({ disabled: z.boolean().optional(), role: Role.optional(), units: Slugs.optional(), facilities: Slugs.optional(), password: z.string().min(10).max(256).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const UsernameParams = z.object({ username: z.string().min(1).max(64) });

export const SyncPushBody = EventBatch;
export const SyncPullQuery = z
  .object({ after: z.union([CursorToken, z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) })
  .strict();

// ---------------------------------------------------------------- casualties and events

const storedVariant = <T extends EventType>(type: T) =>
  z.object({
    id: z.string(),
    casualtyId: z.string(),
    at: Instant,
    recordedAt: Instant,
    deviceId: z.string(),
    author: z.string(),
    hlc: z.string().optional(),
    clock: ClockNote.optional(),
    type: z.literal(type),
    payload: payloads[type],
    seq: Seq,
    receivedAt: z.string(),
  });
/** An event as stored and served: what was submitted plus the server's sequence number and receipt time. */
export const StoredEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => storedVariant(t)) as unknown as [ReturnType<typeof storedVariant<'note'>>, ...ReturnType<typeof storedVariant<'note'>>[]],
);
const scopedVariant = <T extends EventType>(type: T) => storedVariant(type).omit({ seq: true });
const servedVariant = <T extends EventType>(type: T) => storedVariant(type).extend({ seq: Seq.optional() });
/** An event with its sequence number to those who see every casualty, without to others (a card's, an incident's log). */
export const ServedEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => servedVariant(t)) as unknown as [ReturnType<typeof servedVariant<'note'>>, ...ReturnType<typeof servedVariant<'note'>>[]],
);
/** An event as served to a caller who does not see every casualty: no global sequence number (head-oracle). */
export const ScopedEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => scopedVariant(t)) as unknown as [ReturnType<typeof scopedVariant<'note'>>, ...ReturnType<typeof scopedVariant<'note'>>[]],
);

const Decision = z.object({ value: z.unknown(), conflict: z.array(z.looseObject({ eventId: z.string() })).nullable(), history: z.array(z.unknown()) });
/**
 * The fold of a casualty's log (src/core/fold.ts CasualtyState). The fields every client relies on are checked;
 * others may be added without breaking a client (loose object).
 */
export const CasualtyStateSchema = z.looseObject({
  id: z.string(),
  registered: z.boolean(),
  injuredAt: z.string().nullable(),
  stage: Stage,
  triage: Decision,
  precedence: Decision,
  destination: Decision,
  vehicle: Decision,
  evac: z.looseObject({ nineLine: NineLine.nullable(), requestedAt: z.string().nullable(), cancelled: z.boolean() }),
  tourniquets: z.array(z.looseObject({ id: z.string(), limb: z.string(), running: z.boolean(), minutes: z.number() })),
  chain: z.array(z.looseObject({ kind: z.string(), at: z.string(), eventId: z.string() })),
  vehicleId: z.string().nullable(),
  facilityId: z.string().nullable(),
  outcome: z.looseObject({ outcome: z.string(), at: z.string() }).nullable(),
  eventCount: z.number().int().min(0),
});

/** The projection row of a casualty (one per casualty, refolded with every append). */
export const CasualtySummarySchema = z.object({
  id: z.string(),
  stage: Stage,
  precedence: z.string().nullable(),
  triage: z.string().nullable(),
  unitId: z.string().nullable(),
  facilityId: z.string().nullable(),
  destinationId: z.string().nullable(),
  vehicleId: z.string().nullable(),
  incidentId: z.string().nullable().optional(),
  authors: z.array(z.string()),
  injuredAt: z.string().nullable(),
  /** To those who see every casualty: the last sequence number of its log; to others `version` (head-oracle). */
  lastSeq: Seq.optional(),
  /** To callers shown no global number: how many events its log holds (orders two copies of one casualty). */
  version: Seq.optional(),
  updatedAt: z.string(),
  state: CasualtyStateSchema,
  /** How many entries of each growing list the bounded state leaves out (src/core/summary.ts `Omitted`). */
  omitted: z.record(z.string(), z.number().int().min(0)).optional(),
});

export const CasualtyAnswer = z.object({ casualty: CasualtySummarySchema });
/** A repeated registration: null to a writer outside the casualty's scope (a duplicate all the same, SYNC-1). */
export const CasualtyAgain = z.object({ casualty: CasualtySummarySchema.nullable() });
/**
 * Numbers to those who see every casualty (`head`: stream from it; `since`: a summary's `lastSeq`). Others get
 * `cursor` (stream from it) and `next` (the `since` of the following page), both tokens (head-oracle).
 */
export const CasualtyList = z.union([
  z.object({ casualties: z.array(CasualtySummarySchema), head: Seq }),
  z.object({ casualties: z.array(CasualtySummarySchema), cursor: CursorToken, next: CursorToken.optional() }),
]);
/** The card: its events' `seq` only to those who see every casualty (head-oracle). */
export const CasualtyWithLog = z.object({ casualty: CasualtySummarySchema, events: z.array(ServedEventSchema) });
/** `seq` and `head` only to those who see every casualty: to others they would count every unit's writes. */
export const AppendResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), seq: Seq.optional(), duplicate: z.boolean() })),
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  head: Seq.optional(),
});
export const AppendAnswer = AppendResultSchema.extend({ casualty: CasualtySummarySchema.nullable() });
/**
 * Numbers to those who see every casualty; to others their events without `seq`, `next` a token and `more` (a page
 * scans on past what they may not see, to a budget: `more` says it stopped before the log's end) in place of `head`.
 */
export const EventList = z.union([
  z.object({ events: z.array(StoredEventSchema), head: Seq, next: Seq.optional() }),
  z.object({ events: z.array(ScopedEventSchema), next: CursorToken, more: z.boolean() }),
]);

export const EvacuationSchema = z.object({
  casualtyId: z.string(),
  nineLine: NineLine.nullable(),
  requestedAt: z.string().nullable(),
  cancelled: z.boolean(),
  precedence: z.string().nullable(),
  triage: z.string().nullable(),
  stage: Stage,
  vehicleId: z.string().nullable(),
  destinationId: z.string().nullable(),
  injuredAt: z.string().nullable(),
  tourniquets: z.array(z.looseObject({ id: z.string(), limb: z.string(), running: z.boolean(), minutes: z.number() })),
});
export const EvacuationList = z.object({ evacuations: z.array(EvacuationSchema), next: z.string().optional() });

// ---------------------------------------------------------------- dispatch and statistics

/** One recommendation of the live plan (src/dispatch/live.ts LiveAssignment). */
export const PlanItemSchema = z.looseObject({
  casualtyId: z.string(),
  vehicleId: z.string(),
  facilityId: z.string(),
  etaPickupMin: z.number(),
  etaFacilityMin: z.number(),
  expectedSurvival: z.number().min(0).max(1),
  survivalGain: z.number(),
  survivalGainVsClosest: z.number().nullable(),
  rpm: z.number(),
  rpmSource: z.enum(['vitals', 'triage', 'precedence', 'default']),
  reason: z.string(),
  /** A diversion: the casualties the vehicle was on its way to and now leaves (SIM-14). */
  divertFrom: z.array(z.string()).optional(),
  /** The vehicle carries on to the casualties it is on its way to and adds this one after them (SIM-15). */
  addsToLeg: z.literal(true).optional(),
});
/** Why a waiting casualty the plan leaves out has no recommendation (src/dispatch/waiting-reason.ts). */
export const WaitingSchema = z.looseObject({
  casualtyId: z.string(),
  reason: z.enum(['no-vehicle', 'no-place', 'no-surgery', 'held']),
  /** no-vehicle: minutes until the next busy vehicle is free, when one is. */
  nextFreeMin: z.number().optional(),
  /** held: expected survival if fetched now, and if fetched an hour later. */
  fetchedNow: z.number().min(0).max(1).optional(),
  fetchedLater: z.number().min(0).max(1).optional(),
});
export const PlanAnswer = z.object({ plan: z.array(PlanItemSchema), waiting: z.array(WaitingSchema).optional(), computedAt: z.string() });

/** A count; "<5" when too small to publish, "suppressed" when it would give a small cell away. */
const Cell = z.union([z.number().int().min(0), z.literal('<5'), z.literal('suppressed')]);
export const StatsSchema = z.object({
  generatedAt: z.string(),
  casualties: Cell,
  byStage: z.record(z.string(), Cell),
  byPrecedence: z.record(z.string(), Cell),
  byTriage: z.record(z.string(), Cell),
  byOutcome: z.record(z.string(), Cell),
  openConflicts: Cell,
  medianMinutesInjuryToArrival: z.number().nullable(),
  /** With accounting configured: its recorded figures, de-identified (issue 13). */
  recorded: DeidentifiedRecordedSchema.optional(),
});

// ---------------------------------------------------------------- entities

export const ENTITY_SCHEMAS = { Unit, Facility, Vehicle, ThreatZone } as const;
export const entityItem = <T extends z.ZodType>(s: T) => z.object({ item: s });
export const entityList = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });
/** A vehicle as read: `busyElsewhere` when it is on a job for a casualty outside the caller's scope (nothing else of the job). */
export const ListedVehicle = Vehicle.extend({ busyElsewhere: z.literal(true).optional() });
export type ListedVehicle = z.infer<typeof ListedVehicle>;

/** A device's hand-over signing key (ECDSA P-256 SPKI, base64), registered by the device itself (SYNC-17). */
export const DeviceKeyRegister = z.object({ publicKey: DeviceKey.shape.publicKey }).strict();
/**
 * Keys one user may hold (of devices not revoked): a key per phone or browser they sign in on. Every clinical caller
 * downloads every key, so one session adding keys without end (2,000: ~1 MB for everyone) is refused past this.
 */
export const MAX_DEVICE_KEYS_PER_USER = 16;
/** A device key as listed: its user only for those who see every casualty (a code is verified by device id and key). */
export const ListedDeviceKey = DeviceKey.extend({ username: DeviceKey.shape.username.optional() });

// ---------------------------------------------------------------- live stream (Server-Sent Events)

/** `event: casualty-event`, `id:` = seq, `data:` = the stored event. */
export const StreamCasualtyEvent = StoredEventSchema;
/** `event: casualty`: after a page of a casualty's events, its folded summary (same scope), for live client stores. */
export const StreamCasualty = CasualtySummarySchema;
/** `event: entity`: a reference entity was created or changed. */
export const StreamEntity = z.object({ kind: z.enum(['unit', 'facility', 'vehicle', 'threat-zone']), value: z.looseObject({ id: z.string() }) });
/**
 * `event: diverted`, to a facility desk only: a casualty on its way to the desk's facility (`from`) was sent elsewhere
 * (`to`, a facility id, or null for none) at `at`, which took it out of the desk's scope (src/server/diverted.ts).
 */
export const StreamDiverted = z.object({ casualtyId: z.string(), from: z.string(), to: z.string().nullable(), at: z.string() });
/** `event: closed`: the server ends the stream (credential revoked or expired, user disabled, shutting down). */
export const StreamClosed = z.object({ reason: z.string() });
export const StreamTicketAnswer = z.object({ ticket: z.string(), expiresAt: z.string() });

// ---------------------------------------------------------------- auth, users, devices, audit

export const UserInfoSchema = z.object({
  username: z.string(), role: Role, units: z.array(z.string()), facilities: z.array(z.string()), disabled: z.boolean(), createdAt: z.string(),
});
export const PrincipalSchema = z.object({
  username: z.string(), role: Role, units: z.array(z.string()), facilities: z.array(z.string()), deviceId: z.string().nullable(), via: z.enum(['session', 'device']),
});
export const DeviceInfoSchema = z.object({
  deviceId: z.string(), username: z.string(), label: z.string(), createdAt: z.string(), enrolledAt: z.string().nullable(), revokedAt: z.string().nullable(),
});
export const LoginAnswer = z.object({ token: z.string(), expiresAt: z.string(), user: UserInfoSchema });
export const EnrolAnswer = z.object({ deviceId: z.string(), token: z.string(), user: UserInfoSchema });
export const MeAnswer = z.object({ user: PrincipalSchema });
export const EnrolmentAnswer = z.object({ code: z.string(), deviceId: z.string(), expiresAt: z.string() });
export const RevokedAnswer = z.object({ revoked: z.string() });
const ChainVerify = z.object({
  ok: z.boolean(), entries: z.number().int().min(0), head: z.object({ seq: Seq, hash: z.string() }), problems: z.array(z.string()),
});
/** The access chain's verdict, with the write chains of the casualty log and the fact streams beside it (ok only when all are). */
export const AuditVerifyAnswer = ChainVerify.extend({
  casualtyLog: ChainVerify.extend({ events: z.number().int().min(0), legacyThrough: z.number().int().min(0) }).optional(),
  /** The workforce log and the claims ledger's history (migration 009); the entity writes (migration 030). */
  factStreams: z.array(ChainVerify.extend({
    stream: z.enum(['workforce', 'claims', 'entities']), facts: z.number().int().min(0),
    head: z.object({ seq: Seq, hash: z.string(), legacyThrough: z.number().int().min(0) }),
  })).optional(),
});

// ---------------------------------------------------------------- sync and health

export const PushAckSchema = AppendResultSchema.extend({
  /** Events set aside (refused) by the receiving server, with why: never retried blindly (SYNC-14). */
  refused: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
});
/** As EventList; a scoped pull echoes the token it was sent (0 when it was answered from the start: SYNC-5). */
export const PullPageSchema = z.union([
  z.object({ after: Seq, events: z.array(StoredEventSchema), next: Seq, head: Seq }),
  z.object({ after: z.union([CursorToken, z.literal(0)]), events: z.array(ScopedEventSchema), next: CursorToken, more: z.boolean() }),
]);
export type ScopedEvent = z.infer<typeof ScopedEventSchema>;
/** Anonymous callers get liveness and the database kind; a signed-in caller also gets the log head. */
export const HealthAnswer = z.object({ ok: z.boolean(), version: z.string(), db: z.enum(['sqlite', 'postgres']), head: Seq.optional() });

// ---------------------------------------------------------------- mass-casualty incidents (issue 15)

export const IncidentParams = z.object({ id: Uuid });
export const IncidentQuery = z.object({ status: z.enum(['open', 'cleared', 'all']).default('open') }).strict();
const PositionSchema = z.object({ lat: z.number(), lon: z.number() });
const CategoryCountsSchema = z.object({
  immediate: Seq, delayed: Seq, minimal: Seq, expectant: Seq, dead: Seq, untriaged: Seq,
});
/** The fold of an incident's own log (src/core/incident.ts IncidentState). */
export const IncidentStateSchema = z.object({
  id: z.string(),
  declared: z.boolean(),
  kind: IncidentKind.nullable(),
  name: z.string().nullable(),
  position: PositionSchema.nullable(),
  radiusM: z.number(),
  unitId: z.string().nullable(),
  hazards: z.array(z.string()),
  commander: z.string().nullable(),
  status: z.enum(['open', 'cleared']),
  declaredAt: z.string().nullable(),
  clearedAt: z.string().nullable(),
  tagKey: z.string().nullable(),
  authors: z.array(z.string()),
  /** Only to those who see every casualty (head-oracle). */
  lastSeq: Seq.optional(),
});
export const IncidentCountsSchema = z.object({
  casualties: Seq,
  killedAtScene: Seq,
  diedOfWounds: Seq,
  triagedDeadNoOutcome: Seq,
  woundedByCategory: CategoryCountsSchema.omit({ dead: true }),
  stillOpen: Seq,
  conflicts: Seq,
});
/** What a dispatcher sees of an incident: its state, counts, who is where, and its one 9-line. */
export const IncidentPictureSchema = z.object({
  incident: IncidentStateSchema,
  counts: IncidentCountsSchema,
  byCategory: CategoryCountsSchema,
  timeline: z.array(z.object({ at: z.string(), counts: CategoryCountsSchema })),
  onSite: z.array(z.string()),
  enRoute: z.array(z.object({ casualtyId: z.string(), vehicleId: z.string().nullable(), facilityId: z.string().nullable() })),
  receiving: z.array(z.object({ facilityId: z.string(), incoming: Seq, arrived: Seq })),
  nineLine: NineLine.nullable(),
});
/** `head` only to those who see every casualty (head-oracle). */
export const IncidentList = z.object({ incidents: z.array(IncidentPictureSchema.omit({ timeline: true })), head: Seq.optional() });
/** One incident: its picture, its casualties (bounded summaries, in the caller's scope) and its own log. */
export const IncidentAnswer = z.object({
  picture: IncidentPictureSchema,
  casualties: z.array(CasualtySummarySchema),
  events: z.array(ServedEventSchema),
});
export const IncidentAppendAnswer = AppendResultSchema.extend({ incident: IncidentStateSchema });
/** GET /api/incidents/:id/recorded: what accounting sets a claim about the incident beside (counts, no casualty). */
/** An incident record's counts as an analyst sees them: every count under 5 as "<5" (as /api/stats). */
const IncidentCellsSchema = z.object({
  casualties: Cell, killedAtScene: Cell, diedOfWounds: Cell, triagedDeadNoOutcome: Cell,
  woundedByCategory: z.object({ immediate: Cell, delayed: Cell, minimal: Cell, expectant: Cell, untriaged: Cell }),
  stillOpen: Cell, conflicts: Cell,
});
export const IncidentRecordedAnswer = z.object({
  incident: IncidentStateSchema.pick({ id: true, kind: true, name: true, status: true, declaredAt: true, clearedAt: true }),
  counts: z.union([IncidentCountsSchema, IncidentCellsSchema]),
  window: z.object({ lat: z.number(), lon: z.number(), radiusM: z.number(), from: z.string(), to: z.string() }).nullable(),
});
