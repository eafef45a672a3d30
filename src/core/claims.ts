// Claims ledger: reported figures (a ministry's count, a statement, an open-source tally) kept apart from what the
// product itself recorded. Schemas shared by the server, the web app and the importers; the status chain and the
// Admiralty grading rules are pure so both sides apply the same ones.
import { z } from 'zod';
import { Instant } from './time.ts';

/**
 * Direction controls (LRE…RLO, LRI…PDI, LRM, RLM): typed into a claimant or a summary they reorder what the screen
 * shows after them, a list of claims read mirrored. Refused in every free text of the ledger.
 */
export const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !BIDI_CONTROLS.test(s), { message: 'must not hold text-direction control characters' });

/** "2026-02-30" reads as a day by its shape but is none: a day must come back the same through the calendar. */
export const isRealDay = (d: string): boolean => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
};
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine(isRealDay, { message: 'no such day in the calendar' });
/** A claim, its source or its evidence is of the past: at most a day ahead of this clock (time zones, a fast clock). */
export const notAhead = (s: string, now = Date.now()): boolean => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s) <= now + 86_400_000;
const NOT_AHEAD = { message: 'must not be later than tomorrow' };
/** A date or an instant: claims often name only a day. */
export const DayOrInstant = z.union([Day, Instant]).refine((s) => notAhead(s), NOT_AHEAD);

/** The largest figure a claim may state (people or pieces of equipment): a count, not a float's range. */
export const MAX_CLAIM_VALUE = 10_000_000;
/** A figure of people or equipment: whole, at most `MAX_CLAIM_VALUE` either way (only a correction may be negative). */
const Figure = z.number().int({ message: 'must be a whole number (people or pieces of equipment)' }).min(-MAX_CLAIM_VALUE).max(MAX_CLAIM_VALUE);

/** A reason a person gave: blanks, a dash or a dot are no reason (a retraction is permanent). At least 3 letters or digits. */
export const MIN_REASON_CHARS = 3;
export const isReason = (s: string): boolean => (s.match(/[\p{L}\p{N}]/gu) ?? []).length >= MIN_REASON_CHARS;
export const Reason = text(1000).refine(isReason, { message: `must say why in words (at least ${MIN_REASON_CHARS} letters or digits), not a placeholder` });

/** Who the claimant is relative to the subject of the claim (whose losses). */
export const ClaimantSide = z.enum(['own', 'adversary', 'third-party']);
export const ClaimKind = z.enum(['equipment', 'personnel-killed', 'killed-and-wounded', 'civilians-killed', 'civilians-injured', 'prisoners']);
export type ClaimKind = z.infer<typeof ClaimKind>;

/**
 * The common category list every source is mapped to (General Staff fields and Oryx types both map here; the
 * importers keep the source's own name beside it).
 */
export const CATEGORIES = [
  'personnel', 'prisoners', 'civilians', 'tank', 'armoured-vehicle', 'artillery', 'mlrs', 'air-defence', 'aircraft',
  'helicopter', 'uav', 'cruise-missile', 'srbm', 'ship', 'submarine', 'vehicle', 'special-equipment', 'ugv', 'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** The categories of people; every other category is equipment. */
const PEOPLE: Record<Exclude<ClaimKind, 'equipment'>, Category> = {
  'personnel-killed': 'personnel', 'killed-and-wounded': 'personnel', 'civilians-killed': 'civilians', 'civilians-injured': 'civilians', prisoners: 'prisoners',
};
/** The categories a claim of this kind may count (as the importers map them): "civilians killed" are never tanks. */
export const categoriesOf = (kind: ClaimKind): readonly Category[] =>
  kind === 'equipment' ? CATEGORIES.filter((c) => !Object.values(PEOPLE).includes(c)) : [PEOPLE[kind]];

/** count over a period · cumulative to as-of · signed correction · lower bound · model estimate with interval. */
export const ValueKind = z.enum(['count', 'cumulative', 'correction', 'lower-bound', 'estimate']);
export type ValueKind = z.infer<typeof ValueKind>;
export const PlacePrecision = z.enum(['exact', 'settlement', 'district', 'direction', 'region', 'country', 'unknown']);

export const CLAIM_STATUSES = ['claimed', 'second-source', 'corroborated', 'verified', 'disputed', 'retracted', 'superseded'] as const;
export const ClaimStatus = z.enum(CLAIM_STATUSES);
export type ClaimStatus = z.infer<typeof ClaimStatus>;

/** Admiralty / NATO code: reliability of the source and credibility of the information, graded separately. */
export const Reliability = z.enum(['A', 'B', 'C', 'D', 'E', 'F']);
export const Credibility = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]);
export const Grade = z.object({ reliability: Reliability, credibility: Credibility }).strict();
export type Grade = z.infer<typeof Grade>;

const placeSchema = (name: z.ZodType<string>) => z
  .object({
    name: name.optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    radiusM: z.number().positive().max(500_000).optional(),
    precision: PlacePrecision.default('unknown'),
  })
  .strict();
export const ClaimPlace = placeSchema(text(200));

/**
 * A link a reader may follow: http or https only. A `javascript:` or `file:` URL was stored as evidence and shown to
 * every claims reader as a link (session 49).
 */
export const WebUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2000);

/**
 * What a claim's fields must be. `entered`: what a person or an importer writes now. `stored`: the rules a claim was
 * stored under before session 49 (any finite figure, a day by its shape, any URL, any text, any category), which a
 * peer's replicated claim is held to: one stored then must not stop replication for good (a batch is refused whole).
 */
const RULES = {
  entered: { text, figure: Figure, when: DayOrInstant, url: WebUrl, categoryOfKind: true },
  stored: {
    text: (max: number) => z.string().trim().min(1).max(max),
    figure: z.number().finite(),
    when: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }), Instant]),
    url: z.url().max(2000),
    categoryOfKind: false,
  },
} as const;

/** A claim's content under `RULES[rules]`. */
const claimSchema = (rules: keyof typeof RULES) => {
  const r = RULES[rules];
  return z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/).optional(),
    claimant: r.text(200),
    claimantSide: ClaimantSide,
    subjectSide: r.text(64),
    kind: ClaimKind,
    category: Category,
    /** The source's own name for the category (e.g. "APC", "Infantry Fighting Vehicles"). */
    sourceCategory: r.text(200).optional(),
    value: r.figure,
    valueKind: ValueKind,
    /** Interval of a model estimate. */
    low: r.figure.optional(),
    high: r.figure.optional(),
    /** "about", "more than"… as the source worded it; null when the figure is stated exactly. */
    qualifier: z.enum(['about', 'more-than', 'at-least', 'up-to']).optional(),
    periodStart: r.when.optional(),
    /** End of the period, or the as-of date of a cumulative figure. */
    periodEnd: r.when,
    place: placeSchema(r.text(200)).optional(),
    publishedAt: r.when.optional(),
    sourceUrl: r.url.optional(),
    summary: r.text(2000).optional(),
    supersedes: z.string().max(128).optional(),
    corrects: z.string().max(128).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.valueKind === 'estimate' && (c.low === undefined || c.high === undefined))
      ctx.addIssue({ code: 'custom', path: ['low'], message: 'a model estimate carries its interval (low and high)' });
    if (c.low !== undefined && c.high !== undefined && !(c.low <= c.value && c.value <= c.high))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must lie within [low, high]' });
    if (c.valueKind !== 'correction' && c.value < 0)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'only a correction may be negative' });
    if (r.categoryOfKind && !categoriesOf(c.kind).includes(c.category))
      ctx.addIssue({ code: 'custom', path: ['category'], message: `a ${c.kind} claim counts ${categoriesOf(c.kind).join(', ')}` });
    if (c.periodStart && c.periodStart > c.periodEnd)
      ctx.addIssue({ code: 'custom', path: ['periodStart'], message: 'must not be after periodEnd' });
  });
};
export const NewClaim = claimSchema('entered');
export type NewClaim = z.infer<typeof NewClaim>;

/** The largest archived copy a piece of evidence may carry (1 MiB; base64 makes it 4/3 of that on the wire). */
export const MAX_EVIDENCE_BYTES = 1024 * 1024;
/** Media types an archived copy may have; each is recognised by its first bytes (`sniffMediaType`). */
export const EVIDENCE_MEDIA = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'text/plain', 'text/html'] as const;
export const EvidenceMedia = z.enum(EVIDENCE_MEDIA);
export type EvidenceMedia = z.infer<typeof EvidenceMedia>;

/**
 * What the bytes of a file are, by their signature (PDF, PNG, JPEG, WebP) or, for text, by decoding as UTF-8 without
 * control bytes; null when none of the allowed kinds. Text is one kind: a declared text/html passes as text.
 */
export function sniffMediaType(b: Uint8Array): 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp' | 'text' | null {
  const starts = (...xs: number[]) => xs.every((x, i) => b[i] === x);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  if (b.length === 0) return null;
  for (const x of b.subarray(0, 65536)) if (x < 0x09 || (x > 0x0d && x < 0x20) || x === 0x7f) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return 'text';
  } catch {
    return null;
  }
}

/** Why an archived copy is refused (null = accepted): its size, and its bytes against its declared media type. */
export function evidenceFileDenial(bytes: Uint8Array, declared: string): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length > MAX_EVIDENCE_BYTES) return `the file is ${bytes.length} bytes; at most ${MAX_EVIDENCE_BYTES} bytes (1 MiB)`;
  if (!(EVIDENCE_MEDIA as readonly string[]).includes(declared)) return `files of type ${declared || 'unknown'} are not accepted (PDF, PNG, JPEG, WebP, text, HTML)`;
  const seen = sniffMediaType(bytes);
  const matches = seen === 'text' ? declared === 'text/plain' || declared === 'text/html' : seen === declared;
  return matches ? null : `the file's content is not ${declared}${seen ? ` (it looks like ${seen})` : ''}`;
}

export const NewEvidence = z
  .object({
    url: WebUrl.optional(),
    /** The archived copy, base64; the server computes its SHA-256 (a client-supplied hash is checked against it). */
    archiveBase64: z.string().max(Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4).optional(),
    /** The archived copy's media type (required with it; checked against its first bytes). */
    mediaType: EvidenceMedia.optional(),
    /** The name of the uploaded file, kept for whoever downloads it. */
    fileName: z.string().trim().min(1).max(200).refine((n) => !/[/\\]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 0x20), { message: 'a file name without folders or control characters' }).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** When this evidence was first seen by us (not the date of the event it shows). */
    firstSeen: Instant.refine((s) => notAhead(s), NOT_AHEAD),
    kind: z.enum(['document', 'photo', 'video', 'statement', 'dataset-row', 'recorded-comparison']).default('document'),
    note: text(2000).optional(),
    grade: Grade.optional(),
  })
  .strict()
  .refine((e) => e.url !== undefined || e.archiveBase64 !== undefined || e.note !== undefined, {
    message: 'evidence needs a URL, an archived copy or a note',
  })
  .refine((e) => (e.archiveBase64 === undefined) === (e.mediaType === undefined), { path: ['mediaType'], message: 'an archived copy carries its media type' });
export type NewEvidence = z.infer<typeof NewEvidence>;

export const StatusChange = z.object({ status: ClaimStatus, reason: Reason }).strict();
export const GradeChange = Grade.extend({ reason: Reason }).strict();
/** Moves no later entry can undo: the screen asks once before them. */
export const FINAL_STATUSES: readonly ClaimStatus[] = ['retracted', 'superseded'];

export const Claim = z.object({
  id: z.string(),
  claimant: z.string(),
  claimantSide: ClaimantSide,
  subjectSide: z.string(),
  kind: ClaimKind,
  category: Category,
  sourceCategory: z.string().nullable(),
  value: z.number(),
  valueKind: ValueKind,
  low: z.number().nullable(),
  high: z.number().nullable(),
  qualifier: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string(),
  place: z.object({ name: z.string().nullable(), lat: z.number().nullable(), lon: z.number().nullable(), radiusM: z.number().nullable(), precision: z.string() }),
  publishedAt: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  summary: z.string().nullable(),
  supersedes: z.string().nullable(),
  corrects: z.string().nullable(),
  dataset: z.string().nullable(),
  status: ClaimStatus,
  reliability: Reliability.nullable(),
  credibility: z.number().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Claim = z.infer<typeof Claim>;

export const ClaimHistoryEntry = z.object({
  seq: z.number(),
  /** Names the entry on every server (replication); null only for rows written behind the ledger. */
  id: z.string().nullable(),
  /** The server this entry was replicated from (null: written here). */
  origin: z.string().nullable(),
  claimId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['created', 'status', 'grade', 'evidence', 'link', 'settled']),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type ClaimHistoryEntry = z.infer<typeof ClaimHistoryEntry>;

export const Evidence = z.object({
  id: z.string(),
  claimId: z.string(),
  url: z.string().nullable(),
  sha256: z.string().nullable(),
  hasArchive: z.boolean(),
  mediaType: z.string().nullable(),
  fileName: z.string().nullable(),
  firstSeen: z.string(),
  kind: z.string(),
  note: z.string().nullable(),
  reliability: Reliability.nullable(),
  credibility: z.number().nullable(),
  addedBy: z.string(),
  addedAt: z.string(),
  /** A kept comparison with our records, as this reader may read it (only on `recorded-comparison` evidence). */
  comparison: z.lazy(() => ComparisonView).nullable().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const ClaimQuery = z
  .object({
    kind: ClaimKind.optional(),
    category: Category.optional(),
    status: ClaimStatus.optional(),
    dataset: z.string().max(64).optional(),
    manual: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** The forward chain and the side exits. Retracted and superseded are final. */
const NEXT: Record<ClaimStatus, readonly ClaimStatus[]> = {
  claimed: ['second-source', 'corroborated', 'disputed', 'retracted', 'superseded'],
  'second-source': ['corroborated', 'disputed', 'retracted', 'superseded'],
  corroborated: ['verified', 'disputed', 'retracted', 'superseded'],
  verified: ['disputed', 'retracted', 'superseded'],
  disputed: ['claimed', 'second-source', 'corroborated', 'retracted', 'superseded'],
  retracted: [],
  superseded: [],
};

/**
 * Why an entry was refused or kept instead of applied: a code and its values, so each screen words it in its own
 * language; `keptWhyText` is the English wording stored beside it (logs, API answers, old clients).
 */
export const KEPT_WHY = ['created-without-claim', 'same-claim', 'other-content', 'not-held', 'status-moved', 'grade-moved', 'already', 'not-next', 'needs-evidence', 'four-eyes', 'evidence-missing', 'evidence-hash'] as const;
export const KeptWhy = z.object({ code: z.enum(KEPT_WHY), values: z.record(z.string(), z.string()) });
export type KeptWhy = z.infer<typeof KeptWhy>;

const KEPT_WHY_EN: Record<KeptWhy['code'], string> = {
  'created-without-claim': 'a created entry without its claim',
  'same-claim': 'the same claim is held here',
  'other-content': 'claim {claim} is held here with other content; kept, not overwritten',
  'not-held': 'claim {claim} is not held here',
  'status-moved': 'the claim is {here} here; this entry moves it from {from} to {to}',
  'grade-moved': 'the claim is graded {here} here; this entry grades it from {from} to {to}',
  already: 'the claim is already {to}',
  'not-next': 'a {from} claim cannot become {to}',
  'needs-evidence': 'verification needs at least one piece of evidence',
  'four-eyes': 'whoever entered a claim may not verify it (four eyes)',
  'evidence-missing': 'an evidence entry without its evidence',
  'evidence-hash': 'the archived copy does not match its SHA-256',
};
/** English words of a reason; an empty value (no grade, no status) reads as a dash. */
export const keptWhyText = (w: KeptWhy): string => KEPT_WHY_EN[w.code].replace(/\{(\w+)\}/g, (_, k: string) => w.values[k] || '—');

/** Why a status change is refused (null = allowed), as a code. Verification needs evidence reviewed by someone else. */
export function statusDenialWhy(from: ClaimStatus, to: ClaimStatus, ctx: { evidenceCount: number; actor: string; createdBy: string }): KeptWhy | null {
  if (from === to) return { code: 'already', values: { to } };
  if (!NEXT[from].includes(to)) return { code: 'not-next', values: { from, to } };
  if (to === 'verified' && ctx.evidenceCount === 0) return { code: 'needs-evidence', values: {} };
  if (to === 'verified' && ctx.actor === ctx.createdBy) return { code: 'four-eyes', values: {} };
  return null;
}

/** The same, in English words (the API's refusal message). */
export function statusDenial(from: ClaimStatus, to: ClaimStatus, ctx: { evidenceCount: number; actor: string; createdBy: string }): string | null {
  const why = statusDenialWhy(from, to, ctx);
  return why ? keptWhyText(why) : null;
}

export const nextStatuses = (from: ClaimStatus): readonly ClaimStatus[] => NEXT[from];

// ---------------------------------------------------------------- answers of the accounting routes (API contract)

const Count = z.number();
const FIGURE_KEYS = ['all', 'wounded', 'kia', 'dow', 'rtd', 'evacuated-onward', 'permanent-injury', 'open', 't1', 't1-surgery-60', 't1-surgery-120'] as const;
const OutcomeCounts = z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, Count])) as Record<(typeof FIGURE_KEYS)[number], typeof Count>);
const Quantiles = z.object({ n: z.number(), median: z.number().nullable(), p90: z.number().nullable() });
const Rate = z.number().nullable();
export const RecordedStatsSchema = z.object({
  filter: z.record(z.string(), z.unknown()),
  totals: OutcomeCounts,
  rates: z.object({ woundedToKilled: Rate, caseFatality: Rate, diedOfWounds: Rate, t1SurgeryWithin60: Rate, t1SurgeryWithin120: Rate }),
  byDay: z.array(OutcomeCounts.extend({ day: z.string() })),
  byUnit: z.array(OutcomeCounts.extend({ unit: z.string().nullable() })),
  byStatus: z.array(OutcomeCounts.extend({ status: z.string() })),
  minutesInjuryTo: z.object({ pickup: Quantiles, firstFacility: Quantiles, surgery: Quantiles }),
  tourniquets: z.object({ count: z.number(), buckets: z.array(z.object({ bucket: z.string(), n: z.number() })), convertedWithin2h: z.number() }),
  vehiclesLost: z.number(),
});
const Cell = z.union([z.number(), z.literal('<5'), z.literal('suppressed')]);
const Cells = z.record(z.string(), Cell);
const SmallQuantiles = z.object({ median: z.number().nullable(), p90: z.number().nullable() });
export const DeidentifiedRecordedSchema = z.object({
  casualties: Cell,
  byOutcome: Cells,
  rates: z.object({ woundedToKilled: Rate, caseFatality: Rate, diedOfWounds: Rate, t1SurgeryWithin60: Rate, t1SurgeryWithin120: Rate }),
  byDay: Cells,
  byUnit: Cells,
  byStatus: Cells,
  minutesInjuryTo: z.object({ pickup: SmallQuantiles, firstFacility: SmallQuantiles, surgery: SmallQuantiles }),
  tourniquets: Cells,
  vehiclesLost: Cell,
});
export const RecordedAnswer = z.union([
  z.object({ recorded: RecordedStatsSchema, generatedAt: z.string() }),
  z.object({ deidentified: DeidentifiedRecordedSchema, generatedAt: z.string() }),
]);
export const DrillAnswer = z.object({
  figure: z.string(),
  casualties: z.array(z.object({
    id: z.string(), unitId: z.string().nullable(), personStatus: z.string(), injuredAt: z.string().nullable(), triage: z.string().nullable(),
    stage: z.string(), outcome: z.string().nullable(), minToSurgery: z.number().nullable(), authors: z.array(z.string()),
    facilityId: z.null(), destinationId: z.null(),
  })),
});
const N = z.number().nullable();
export const CompareAnswer = z.object({
  category: z.string(),
  subjectSide: z.string(),
  points: z.array(z.object({ date: z.string(), claimed: N, claimedDaily: N, correction: N, evidenced: N, ratio: N })),
  caveats: z.array(z.string()),
  attribution: z.array(z.string()),
});
export const ClaimList = z.object({ claims: z.array(Claim) });
export const ClaimAnswer = z.object({ claim: Claim });
export const ClaimDetail = z.object({ claim: Claim, history: z.array(ClaimHistoryEntry), evidence: z.array(Evidence), linked: Cell, conflicts: z.array(z.lazy(() => SyncConflict)) });
export const EvidenceAnswer = z.object({ evidence: Evidence });
const Window = { radiusM: z.number(), from: z.string(), to: z.string() };
/**
 * What a claim's recorded figures counted, as data (each client says it in its reader's language): the casualties
 * linked to the claim; or those injured within `radiusM` of the claim's own place in the window (callers who see
 * casualties); or, for callers who see none (editor-locate), casualties by the 0.01° cell they fell in and by whole UTC
 * days: cells whose centre is within `radiusM` of the cell centre `lat`, `lon`, over whole days `from` – `to`.
 */
/** `asOf`: only what was recorded before this instant was counted (those who see no casualty: the start of the UTC day). */
const AsOf = { asOf: z.string().optional() };
export const RecordedBasis = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linked'), ...AsOf }),
  z.object({ kind: z.literal('place'), ...Window, ...AsOf }),
  z.object({ kind: z.literal('cells'), lat: z.number(), lon: z.number(), ...Window, ...AsOf }),
]);
export type RecordedBasis = z.infer<typeof RecordedBasis>;

/** The basis in English, as comparison notes said it before session 23 (src/core/kept-note.ts reads them back). */
export function basisInEnglish(b: RecordedBasis): string {
  const upTo = b.asOf ? ` (as of ${b.asOf})` : '';
  if (b.kind === 'linked') return `linked casualties${upTo}`;
  const cells = b.kind === 'cells' ? ` of ${b.lat.toFixed(2)}, ${b.lon.toFixed(2)} (positions to 0.01°, whole days)` : '';
  return `within ${b.radiusM} m${cells}, ${b.from} – ${b.to}${upTo}`;
}

const COUNTS = { casualties: z.number(), killedInAction: z.number(), diedOfWounds: z.number(), wounded: z.number(), stillOpen: z.number() };
const RecordedCounts = z.object({ ...COUNTS, basis: RecordedBasis });
const Claimed = z.object({ value: z.number(), qualifier: z.string().nullable() });

/**
 * A comparison with our records as the ledger keeps it (the `evidence` history entry's `detail.comparison`, audited
 * and replicated with it): what was counted, the counts, and the claimed figure then. Computed for the coarsest claims
 * reader (0.01° cell, whole days, as of the UTC day's start, every unit) whoever keeps it; each reader's screen says
 * it in its language, at the reader's level (`ComparisonView`).
 */
export const KeptComparison = z.object({ ...COUNTS, basis: RecordedBasis, claimed: Claimed });
export type KeptComparison = z.infer<typeof KeptComparison>;

/**
 * A kept comparison as one reader reads it: the counts as kept (those who see every casualty; an editor, when they
 * were kept coarse), as cells without the overlapping `wounded` (an analyst: `deidentifyRecorded`'s rule), or null —
 * not for this reader (counted over units a unit-scoped reader does not see, or an exact comparison kept before
 * session 23 by someone who saw casualties).
 */
export const ComparisonView = z.object({
  basis: RecordedBasis,
  claimed: Claimed,
  counts: z.union([z.object(COUNTS), z.object({ casualties: Cell, killedInAction: Cell, diedOfWounds: Cell, stillOpen: Cell })]).nullable(),
});
export type ComparisonView = z.infer<typeof ComparisonView>;

/** Counted as those who see no casualty are answered (by cell or linked, as of a day's start): readable by them. */
export const keptCoarse = (b: RecordedBasis): boolean => b.kind !== 'place' && b.asOf !== undefined;

export const ClaimRecordedAnswer = z.object({
  claim: z.string(),
  recorded: z.union([RecordedCounts, z.object({ basis: RecordedBasis, casualties: Cell })]).nullable(),
  reason: z.string().optional(),
});
export const LinkAnswer = z.object({ linked: z.number(), total: z.number() });
export const ComparisonAnswer = z.object({ evidence: Evidence, recorded: RecordedCounts });

// ---------------------------------------------------------------- replication between servers (docs/accounting.md)

/** The content of a claim as entered (what a `created` entry carries to another server). */
export const ReplicatedClaim = claimSchema('stored'); // the rules it may have been stored under: see RULES
/** A piece of evidence as stored, with its archived copy (what an `evidence` entry carries). */
export const ReplicatedEvidence = z
  .object({
    id: z.string().min(1).max(64),
    url: z.string().max(2000).nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    archiveBase64: z.string().max(Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4).nullable(),
    mediaType: z.string().max(100).nullable(),
    fileName: z.string().max(200).nullable(),
    firstSeen: z.string().max(40),
    kind: z.string().max(40),
    note: z.string().max(2000).nullable(),
    reliability: Reliability.nullable(),
    credibility: z.number().int().min(1).max(6).nullable(),
    addedBy: z.string().max(200),
    addedAt: z.string().max(40),
  })
  .strict();
export type ReplicatedEvidence = z.infer<typeof ReplicatedEvidence>;

/** One history entry of the ledger as it travels between servers: its id names it everywhere. */
export const ReplicatedEntry = z
  .object({
    id: z.string().min(1).max(64),
    claimId: z.string().min(1).max(128),
    at: z.string().max(40),
    actor: z.string().min(1).max(200),
    action: z.enum(['created', 'status', 'grade', 'evidence', 'link', 'settled']),
    reason: z.string().max(2000).nullable(),
    detail: z.record(z.string(), z.unknown()),
    claim: ReplicatedClaim.optional(),
    evidence: ReplicatedEvidence.optional(),
  })
  .strict();
export type ReplicatedEntry = z.infer<typeof ReplicatedEntry>;

export const CLAIMS_SYNC_BATCH = 200;
export const ClaimsPullQuery = z
  .object({
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(CLAIMS_SYNC_BATCH).default(CLAIMS_SYNC_BATCH),
  })
  .strict();
/** One page of the ledger's history after a cursor (the server's history numbers, never clocks). */
export const ClaimsPullPage = z.object({ after: z.number(), entries: z.array(ReplicatedEntry), next: z.number(), head: z.number() });
export type ClaimsPullPage = z.infer<typeof ClaimsPullPage>;
export const ClaimsPushBody = z.object({ entries: z.array(ReplicatedEntry).min(1).max(CLAIMS_SYNC_BATCH) }).strict();
export const SyncOutcome = z.enum(['applied', 'duplicate', 'conflict', 'set-aside']);
export type SyncOutcome = z.infer<typeof SyncOutcome>;
export const ClaimsPushAck = z.object({ results: z.array(z.object({ id: z.string(), outcome: SyncOutcome, reason: z.string().optional() })) });
export type ClaimsPushAck = z.infer<typeof ClaimsPushAck>;
/** A replicated entry not applied here (a conflict or set aside), shown with its claim. */
export const SyncConflict = z.object({
  entryId: z.string(), peer: z.string(), outcome: z.string(), reason: z.string().nullable(), at: z.string(), action: z.string(), actor: z.string(),
  /** The reason as a code and its values (null on entries kept before codes were stored: `reason` alone). */
  why: KeptWhy.nullable(),
  /** A kept conflict marked settled by a person: who, when, why (null while open). */
  settled: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

/** Marking a kept replication conflict settled: why (the who and when are the caller and the server's clock). */
export const SettleConflict = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();
export const SettleParams = z.object({ id: z.string().min(1).max(128), entryId: z.string().min(1).max(64) }).strict();
export const SettleAnswer = z.object({ conflict: SyncConflict });
