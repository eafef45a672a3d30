// The casualty projection: what lists, filters and row scope need of one casualty without folding its log.
import type { StoredEvent } from './events.ts';
import type { CasualtyState, Stage } from './fold.ts';
import { fold } from './fold.ts';
import type { Precedence } from './codes.ts';
import { natoEquivalent } from './codes.ts';
import { deviceAuthor } from './ids.ts';

/** The projection row kept per casualty: enough to list and filter without folding every log. */
export interface CasualtySummary {
  id: string;
  stage: Stage;
  precedence: Precedence | null;
  /** NATO-equivalent triage category, for ordering. */
  triage: string | null;
  unitId: string | null;
  facilityId: string | null;
  /** Destination facility decided for the casualty (the facility's incoming list). */
  destinationId: string | null;
  vehicleId: string | null;
  /** The mass-casualty incident the casualty is linked to (issue 15); absent on rows written before migration 007. */
  incidentId?: string | null;
  /** Authors (usernames) and devices (`device:<id>`) that wrote to this casualty (authorisation: "those they recorded"). */
  authors: string[];
  injuredAt: string | null;
  lastSeq: number;
  updatedAt: string;
  state: CasualtyState;
  /** How many entries of each growing list the state leaves out (a stored projection keeps the latest few). */
  omitted?: Omitted;
}

/**
 * A summary as served: `lastSeq` (a global number) only to those who see every casualty; others get `version`, how
 * many events its log holds — it orders two copies of one casualty and counts only writes its card shows anyway.
 */
export type ServedSummary = Omit<CasualtySummary, 'lastSeq'> & { lastSeq?: number; version?: number };

/** The summary for a caller shown no global number (head-oracle). */
export function versioned(c: CasualtySummary): ServedSummary {
  const { lastSeq: _lastSeq, ...rest } = c;
  return { ...rest, version: c.state.eventCount };
}

/** Refold one casualty's whole log (in seq order) into its projection row. */
export function summarise(casualtyId: string, log: readonly StoredEvent[], now: string): CasualtySummary {
  const state = fold(casualtyId, log, now);
  const authors = new Set<string>();
  let lastSeq = 0;
  for (const e of log) {
    authors.add(e.author);
    authors.add(deviceAuthor(e.deviceId)); // its own namespace: a username can never match a device id
    if (e.seq > lastSeq) lastSeq = e.seq;
  }
  return summaryOf(state, [...authors].sort(), lastSeq, now);
}

/** The projection row of a folded state. */
export function summaryOf(state: CasualtyState, authors: string[], lastSeq: number, now: string): CasualtySummary {
  return {
    id: state.id,
    stage: state.stage,
    precedence: state.precedence.value,
    triage: state.triage.value ? natoEquivalent(state.triage.value) : null,
    unitId: state.identity.unitId ?? null,
    facilityId: state.facilityId,
    destinationId: state.destination.value,
    vehicleId: state.vehicleId,
    incidentId: state.incident?.id ?? null,
    authors,
    injuredAt: state.injuredAt,
    lastSeq,
    updatedAt: now,
    state,
  };
}

/** Entries of each growing list a bounded summary keeps (the latest); the full card is GET /api/casualties/:id. */
export const SUMMARY_KEEP = 5;

const GROWING = ['injuries', 'vitals', 'treatments', 'medications', 'notes', 'mechanisms', 'voided', 'rejectedAmendments', 'corrections'] as const;
const DECISIONS = ['triage', 'precedence', 'destination', 'vehicle'] as const;

/** Entries left out of each growing list (a decision's history as `<decision>.history`). */
export type Omitted = Partial<Record<(typeof GROWING)[number] | `${(typeof DECISIONS)[number]}.history`, number>>;

/** A summary as lists and append answers carry it: the latest few of each growing list, with how many were left out. */
export type BoundedSummary = CasualtySummary;

/**
 * Bound a summary's size whatever the length of the log (issue 14 item 12): current facts (latest vitals, running
 * tourniquets, decisions, clocks, counts) stay whole; only the growing lists are cut to their last `keep` entries.
 */
export function boundSummary(s: CasualtySummary, keep = SUMMARY_KEEP): BoundedSummary {
  const omitted: Omitted = { ...s.omitted }; // a stored projection already left some out
  const state = { ...s.state } as CasualtyState;
  const cut = <T>(list: T[], key: keyof NonNullable<BoundedSummary['omitted']>): T[] => {
    if (list.length <= keep) return list;
    omitted[key] = (omitted[key] ?? 0) + list.length - keep;
    return list.slice(-keep);
  };
  for (const k of GROWING) (state as unknown as Record<string, unknown[]>)[k] = cut(s.state[k] as unknown[], k);
  for (const k of DECISIONS) state[k] = { ...s.state[k], history: cut(s.state[k].history as unknown[], `${k}.history`) } as never;
  const { omitted: _o, ...rest } = s;
  return Object.keys(omitted).length ? { ...rest, state, omitted } : { ...rest, state };
}
