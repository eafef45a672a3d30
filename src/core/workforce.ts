// The medical workforce registry (issue 12): clinicians, what they are qualified for, where they serve, and the
// staffing a unit or facility needs. Like the casualty log, every change is an append-only fact with a client id;
// the registry is the fold of those facts. Schemas here are shared by the server, the web app and the CLI.
import { z } from 'zod';
import { Slug, Uuid } from './ids.ts';
import { Position } from './geo.ts';
import { Instant } from './time.ts';

/** What a clinician is by training. One primary profession; specialties may add more. */
export const PROFESSIONS = [
  'combat-medic', 'paramedic', 'nurse', 'or-nurse', 'lpn', 'nurse-anaesthetist', 'anaesthesiologist',
  'general-surgeon', 'orthopaedic-surgeon', 'vascular-surgeon', 'neurosurgeon', 'emergency-physician', 'gp',
  'physician-assistant', 'surgical-technologist', 'dentist', 'transfusion-specialist', 'admin',
] as const;
export const Profession = z.enum(PROFESSIONS);
export type Profession = z.infer<typeof Profession>;

export const CLINICIAN_STATUSES = ['mobilised', 'reservist', 'domestic-volunteer', 'foreign-volunteer', 'civilian-hospital'] as const;
export const ClinicianStatus = z.enum(CLINICIAN_STATUSES);
export type ClinicianStatus = z.infer<typeof ClinicianStatus>;

/**
 * Credential verification levels after the US ESAR-VHP scheme: 1 = clinically active in a hospital and verified
 * there; 2 = active elsewhere, licence and experience verified; 3 = licensed, not active; 4 = useful skills with no
 * licence. Lower is stronger; a slot's `maxLevel` is the weakest level it accepts.
 */
export const VerificationLevel = z.number().int().min(1).max(4);

export const Credential = z.strictObject({
  profession: Profession,
  level: VerificationLevel,
  verifier: z.string().min(1).max(120),
  expires: z.iso.date().optional(),
});
export type Credential = z.infer<typeof Credential>;

export const Training = z.strictObject({
  course: z.string().min(1).max(120),
  weeks: z.number().min(0).max(520),
  date: z.iso.date(),
});
export type Training = z.infer<typeof Training>;

/** ISO 639-1 codes ("uk", "en", "pl"…). */
export const Language = z.string().regex(/^[a-z]{2}$/, { message: 'must be a two-letter ISO 639-1 code' });

export const AvailabilityWindow = z.strictObject({ from: Instant, to: Instant });

/** The full record of one clinician as last stated (an import row or an edit). */
export const ClinicianRecord = z.strictObject({
  id: Slug,
  name: z.string().min(1).max(120),
  profession: Profession,
  specialties: z.array(Profession).max(10).default([]),
  credentials: z.array(Credential).max(10).default([]),
  training: z.array(Training).max(20).default([]),
  experienceYears: z.number().min(0).max(70).default(0),
  casesLast12Months: z.number().int().min(0).max(100_000).default(0),
  languages: z.array(Language).max(10).default([]),
  status: ClinicianStatus,
  home: Position.optional(),
  /** Empty = available at any time. */
  availability: z.array(AvailabilityWindow).max(20).default([]),
});
export type ClinicianRecord = z.infer<typeof ClinicianRecord>;

/** A required position in a staffing template: a role, how many, who may fill it and at what minimum. */
export const Slot = z.strictObject({
  role: z.string().min(1).max(40),
  count: z.number().int().min(0).max(100),
  /** Professions that fill the slot outright. */
  accepts: z.array(Profession).min(1),
  /** Professions that may stand in when no one of `accepts` is there (counted as filled, shown as substituted). */
  substitutes: z.array(Profession).default([]),
  /** Weakest acceptable credential verification level (1 strongest … 4 skills only). */
  maxLevel: VerificationLevel.default(4),
  minTrainingWeeks: z.number().min(0).default(0),
  minCasesLast12Months: z.number().int().min(0).default(0),
  /** Without anyone in this slot the site cannot do its job (an R2 without a surgeon cannot operate). */
  critical: z.boolean().default(false),
  /** Counts per platoon (or other multiplier) rather than per site. */
  perPlatoon: z.boolean().default(false),
});
export type Slot = z.infer<typeof Slot>;

export const StaffingTemplate = z.strictObject({
  id: Slug,
  name: z.string().min(1).max(120),
  /** Operates (and so has surgical tables limited by complete teams on duty). */
  surgical: z.boolean().default(false),
  slots: z.array(Slot).min(1).max(40),
  source: z.string().max(500).optional(),
  /**
   * Retired: no longer counts (its sites leave the gaps and proposals). Templates are never deleted: the facts that
   * set them, this one included, stay in the log, and a later `template.set` may reinstate it.
   */
  retired: z.boolean().optional(),
});
export type StaffingTemplate = z.infer<typeof StaffingTemplate>;

/** A unit or facility whose staffing is tracked: which template applies and where it is. */
export const StaffingSite = z.strictObject({
  id: Slug,
  name: z.string().min(1).max(120),
  kind: z.enum(['unit', 'facility', 'civilian-hospital']),
  templateId: Slug,
  position: Position,
  platoons: z.number().int().min(0).max(200).default(0),
  /** A civilian hospital's own minimum headcount: moves never take it below this. */
  minimumStaff: z.number().int().min(0).max(10_000).default(0),
  /** Languages the team works in (a clinician must share one). */
  languages: z.array(Language).max(5).default(['uk']),
  /** The facility entity whose surgical tables this staffing limits (dispatch and simulator). */
  facilityId: Slug.optional(),
  /** Parent unit: commanders scoped to units see their units' sites. */
  unitId: Slug.optional(),
  synthetic: z.boolean().default(false),
});
export type StaffingSite = z.infer<typeof StaffingSite>;

export const Move = z.strictObject({
  clinicianId: Slug,
  from: Slug.nullable(),
  to: Slug,
  role: z.string().min(1).max(40),
  travelMin: z.number().min(0),
});
export type Move = z.infer<typeof Move>;

const factBase = {
  id: Uuid,
  at: Instant,
  author: z.string().min(1).max(64).default('api'),
};

/** Every fact of the workforce log. One schema per fact type, discriminated by `type`. */
export const WorkforceFact = z.discriminatedUnion('type', [
  z.strictObject({ ...factBase, type: z.literal('clinician.recorded'), payload: ClinicianRecord }),
  z.strictObject({
    ...factBase,
    type: z.literal('clinician.assigned'),
    payload: z.strictObject({ clinicianId: Slug, siteId: Slug.nullable(), reason: z.string().max(200).optional(), proposalId: Uuid.optional() }),
  }),
  z.strictObject({ ...factBase, type: z.literal('template.set'), payload: StaffingTemplate }),
  z.strictObject({ ...factBase, type: z.literal('site.set'), payload: StaffingSite }),
  z.strictObject({
    ...factBase,
    type: z.literal('proposal.decided'),
    payload: z.strictObject({
      proposalId: Uuid, decision: z.enum(['accepted', 'declined']), moves: z.array(Move).max(1000), note: z.string().max(500).optional(),
      // What was proposed, as computed (its id checked against it), when only part of it was taken or to keep both.
      proposed: z.array(Move).max(1000).optional(), computedAt: Instant.optional(),
    }),
  }),
]);
export type WorkforceFact = z.infer<typeof WorkforceFact>;
export type WorkforceFactType = WorkforceFact['type'];
export type StoredWorkforceFact = WorkforceFact & { seq: number };

/** A gap row: one role at one site. */
export const GapRow = z.object({
  siteId: Slug,
  role: z.string(),
  required: z.number().int(),
  assigned: z.number().int(),
  onDuty: z.number().int(),
  substituted: z.number().int(),
  critical: z.boolean(),
});
export type GapRow = z.infer<typeof GapRow>;

export const RED_FLAGS = ['cannot-operate', 'no-surgeon', 'no-anaesthesia', 'no-physician', 'no-medic'] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

export const SiteGaps = z.object({
  siteId: Slug,
  name: z.string(),
  kind: StaffingSite.shape.kind,
  templateId: Slug,
  rows: z.array(GapRow),
  redFlags: z.array(z.enum(RED_FLAGS)),
  /** Casualties received in the load window; weights the gap. */
  load: z.number().min(0),
  /** Sum over rows of missing on-duty positions, weighted by criticality and load. */
  weightedGap: z.number().min(0),
  tables: z.number().int().min(0).optional(),
  usableTables: z.number().int().min(0).optional(),
});
export type SiteGaps = z.infer<typeof SiteGaps>;

/** Largest registry CSV accepted by POST /api/workforce/import (about 150,000 rows of real records). */
export const WORKFORCE_CSV_LIMIT = 32 * 1024 * 1024;
/**
 * Most rows (after the header) one import accepts: more is refused before any is checked (a larger registry is
 * imported in parts). Checking 100,000 valid rows costs about 7 s of CPU, done in slices that leave the server free.
 */
export const WORKFORCE_CSV_ROWS = 100_000;
/** Problems an import report lists (the first ones by line; `issuesTotal` counts them all). The CLI prints as many. */
export const WORKFORCE_IMPORT_ISSUES = 1000;

/** POST /api/workforce/facts body. */
export const FactBatch = z.strictObject({ facts: z.array(z.unknown()).min(1).max(5000) });

/** POST /api/workforce/proposals body: compute a proposal (nothing stored). */
export const ProposalRequest = z.strictObject({
  // Required: the limit on moves is the officer's decision, never a silent default.
  maxMoves: z.number().int().min(0).max(500),
  maxTravelMin: z.number().min(0).max(48 * 60).default(12 * 60),
  loadDays: z.number().int().min(1).max(90).default(14),
  method: z.enum(['exact', 'greedy']).default('exact'),
  /** When the moves take effect (default now): who is on duty is taken then; leave and rotations count. */
  startsAt: Instant.optional(),
  /** How long the moves must hold: a clinician moves only if available from startsAt for this many days. */
  forDays: z.number().int().min(0).max(365).default(7),
});
export type ProposalRequest = z.infer<typeof ProposalRequest>;

/** A shortfall: how many of a role a site is short of (required − on duty, never below 0) without and with a move. */
export const Shortfall = z.object({ siteId: Slug, role: z.string(), shortBefore: z.number().int().min(0), shortAfter: z.number().int().min(0) });
/** What one proposed move answers: the shortfall at its destination; `opens`, those it leaves where it comes from. */
export type Shortfall = z.infer<typeof Shortfall>;
export const MoveAnswer = Shortfall.extend({ opens: z.array(Shortfall).optional() });
export type MoveAnswer = z.infer<typeof MoveAnswer>;

export const Proposal = z.object({
  proposalId: Uuid,
  method: z.enum(['exact', 'greedy']),
  moves: z.array(Move),
  coverageBefore: z.number(),
  coverageAfter: z.number(),
  criticalGapsBefore: z.number().int(),
  criticalGapsAfter: z.number().int(),
  survivorsBefore: z.number(),
  survivorsAfter: z.number(),
  criticalCasualties: z.number().int(),
  /** The exact solver proved this optimal; false: its best within the time limit, `gap` (relative) from the bound. */
  optimal: z.boolean().optional(),
  gap: z.number().optional(),
  computedAt: Instant,
  /** The period the moves are planned for (availability windows checked over all of it). */
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  /** Per move, in the order of `moves`: the shortfall it answers (at `startsAt`, the proposal's other moves made). */
  answers: z.array(MoveAnswer).optional(),
});
export type Proposal = z.infer<typeof Proposal>;

/** POST /api/workforce/proposals/:id/decision body. */
export const ProposalDecision = z.strictObject({
  decision: z.enum(['accepted', 'declined']),
  /** The moves decided on: all of the proposal's, or some of them when `proposed` is given. */
  moves: z.array(Move).min(1).max(1000),
  note: z.string().max(500).optional(),
  /** The proposal as computed (its moves and `computedAt`): recorded beside what was decided; its id must match. */
  proposed: z.array(Move).min(1).max(1000).optional(),
  computedAt: Instant.optional(),
});
export type ProposalDecision = z.infer<typeof ProposalDecision>;

/** POST /api/workforce/what-if body: the part of a proposal an officer has chosen, judged like the proposal. */
export const WhatIfRequest = z.strictObject({
  moves: z.array(Move).max(1000),
  loadDays: z.number().int().min(1).max(90).default(14),
  /** When the moves take effect (default now), as in the proposal they come from. */
  startsAt: Instant.optional(),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequest>;
export const WhatIfAnswer = z.strictObject({ survivorsBefore: z.number(), survivorsAfter: z.number(), criticalCasualties: z.number().int(), moves: z.number().int() });
export type WhatIfAnswer = z.infer<typeof WhatIfAnswer>;

/** Aggregates an analyst may see: counts only, no one named. */
export const WorkforceAggregates = z.object({
  clinicians: z.number().int(),
  byProfession: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  sites: z.number().int(),
  sitesWithRedFlags: z.number().int(),
  missingOnDuty: z.number().int(),
});
export type WorkforceAggregates = z.infer<typeof WorkforceAggregates>;

// Answers of the workforce API (src/server/routes/workforce.ts declares them as its contract).
const Listed = ClinicianRecord.extend({ siteId: Slug.nullable() });
export const ClinicianListAnswer = z.strictObject({ clinicians: z.array(Listed) });
const StoredFactShape = z.object({ seq: z.number().int(), id: Uuid, type: z.string(), at: Instant, author: z.string(), payload: z.unknown() });
export const ClinicianAnswer = z.strictObject({
  clinician: Listed.extend({
    assignments: z.array(z.object({ siteId: Slug.nullable(), at: Instant, reason: z.string().optional(), proposalId: Uuid.optional() })),
  }),
  history: z.array(StoredFactShape),
});
export const FactAppendAnswer = z.strictObject({
  results: z.array(z.object({ id: z.string(), seq: z.number().int(), duplicate: z.boolean() })),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  head: z.number().int(),
});
/** POST /api/workforce/import body: the CSV text; keepValid stores the valid rows when some are not. */
export const ImportRequest = z.strictObject({ csv: z.string().min(1).max(WORKFORCE_CSV_LIMIT), keepValid: z.boolean().default(false) });
export const ImportAnswer = z.strictObject({
  report: z.object({
    lines: z.number().int(), valid: z.number().int(), accepted: z.number().int(), duplicates: z.number().int(), stored: z.boolean(),
    // The first WORKFORCE_IMPORT_ISSUES problems by line; issuesTotal counts every one found.
    issues: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })).max(WORKFORCE_IMPORT_ISSUES),
    issuesTotal: z.number().int().min(0),
  }),
});
export const TemplatesAnswer = z.strictObject({ templates: z.array(StaffingTemplate) });
/** GET /api/workforce/templates/:id/history: every version set, oldest first (shipped defaults have none). */
export const TemplateHistoryAnswer = z.strictObject({
  history: z.array(z.object({ seq: z.number().int(), at: Instant, author: z.string().optional(), name: z.string(), roles: z.number().int(), retired: z.boolean() })),
});
export const SitesAnswer = z.strictObject({ sites: z.array(StaffingSite) });
export const GapsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });
export const GapsAnswer = z.strictObject({ sites: z.array(SiteGaps), computedAt: Instant });
export const ProposalAnswer = z.strictObject({ proposal: Proposal });
export const DecisionAnswer = z.strictObject({ decision: z.enum(['accepted', 'declined']), recorded: z.number().int(), duplicates: z.number().int() });
export const WorkforceIdParams = z.object({ id: z.string() });

/** Deterministic UUID-shaped id from text (import idempotency: the same row gives the same fact id). Not v7. */
export function contentId(text: string): string {
  // Four 32-bit FNV-1a hashes with different offsets: 128 bits, ample for de-duplication, no crypto needed.
  const h = [0x811c9dc5, 0x01000193 ^ 0x5bd1e995, 0x27d4eb2f, 0x165667b1];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let k = 0; k < 4; k++) h[k] = Math.imul(h[k]! ^ (c + k * 0x9e), 0x01000193);
  }
  const x = h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('').split('');
  x[12] = '5'; // shaped as a name-based UUID (version 5) with the RFC variant
  x[16] = ['8', '9', 'a', 'b'][parseInt(x[16]!, 16) & 3]!;
  const s = x.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
