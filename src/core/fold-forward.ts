// The stored projection of a casualty and how an append extends it without reading the log (issue 16 item 2).
//
// What is stored: the summary with a BOUNDED state — current facts whole (identity, decisions and their heads,
// tourniquets and their clocks, chain, outcome, injuries, treatments and medications that MIST reads), growing lists
// cut to their latest entries with how many were left out (vitals, notes, decision histories, corrections) — and a
// small cursor: the last event in fold order, each decision's heads, the outcomes, the ids corrections named.
//
// `forward(previous, newEvents)` steps only the new events when they all come after the last one folded (the
// common case: a medic records what just happened). A late event (field time before the last folded), an
// amendment or void, or an event a correction already named answers null: the caller refolds the whole log.
// Property-tested: forward = refold for any split of any log (src/core/fold-forward.test.ts).
import type { CasualtyEvent, StoredEvent } from './events.ts';
import type { CasualtyState, FoldParts, RegisterParts, OutcomeCandidate, TourniquetState } from './fold.ts';
import { compareEvents, deriveState, foldParts, stepEvent } from './fold.ts';
import type { CasualtySummary, Omitted } from './summary.ts';
import { SUMMARY_KEEP, summaryOf } from './summary.ts';
import { deviceAuthor } from './ids.ts';

/** Lists the stored state keeps only the latest `SUMMARY_KEEP` of (the full card refolds the log). */
const CUT = ['vitals', 'notes', 'voided', 'rejectedAmendments', 'corrections'] as const;
const DECISIONS = ['triage', 'precedence', 'destination', 'vehicle'] as const;
type DecisionKey = (typeof DECISIONS)[number];

/** What forward needs beyond the stored state. Small: it grows only with decisions and outcomes, not with the log. */
export interface FoldCursor {
  v: 1;
  /** The greatest event folded (compareEvents order). */
  last: { at: string; id: string } | null;
  heads: { [K in DecisionKey]: Pick<RegisterParts<unknown>, 'heads' | 'named'> };
  outcomes: OutcomeCandidate[];
  /** Ids named by amend and void events: such an event arriving late must refold. */
  targets: string[];
}

export interface Projection {
  summary: CasualtySummary;
  cursor: FoldCursor;
}

/** The summary as stored: growing lists cut to their latest entries, counts of what was left out in `omitted`. */
export function storedSummary(s: CasualtySummary, keep = SUMMARY_KEEP): CasualtySummary {
  const omitted: Omitted = { ...s.omitted };
  const state = { ...s.state } as CasualtyState;
  const cut = <T>(list: T[], key: keyof Omitted): T[] => {
    if (list.length <= keep) return list;
    omitted[key] = (omitted[key] ?? 0) + list.length - keep;
    return list.slice(-keep);
  };
  for (const k of CUT) (state as unknown as Record<string, unknown[]>)[k] = cut(s.state[k] as unknown[], k);
  for (const k of DECISIONS) state[k] = { ...s.state[k], history: cut(s.state[k].history as unknown[], `${k}.history`) } as never;
  const { omitted: _o, ...rest } = s;
  return Object.keys(omitted).length ? { ...rest, state, omitted } : { ...rest, state };
}

function authorsOf(log: readonly CasualtyEvent[], into = new Set<string>()): Set<string> {
  for (const e of log) {
    into.add(e.author);
    into.add(deviceAuthor(e.deviceId)); // its own namespace: a username can never match a device id
  }
  return into;
}

function cursorOf(p: FoldParts, log: readonly CasualtyEvent[]): FoldCursor {
  let last: CasualtyEvent | null = null;
  const targets: string[] = [];
  for (const e of log) {
    if (e.casualtyId !== p.id) continue;
    if (!last || compareEvents(e, last) > 0) last = e;
    if (e.type === 'amend' || e.type === 'void') targets.push(e.payload.target);
  }
  const heads = Object.fromEntries(DECISIONS.map((k) => [k, { heads: p[k].heads, named: p[k].named }])) as FoldCursor['heads'];
  return { v: 1, last: last && { at: last.at, id: last.id }, heads, outcomes: p.outcomes, targets: [...new Set(targets)] };
}

/** Refold a casualty's whole log into its stored projection. */
export function project(casualtyId: string, log: readonly StoredEvent[], now: string): Projection {
  const parts = foldParts(casualtyId, log);
  const lastSeq = log.reduce((m, e) => Math.max(m, e.seq), 0);
  const summary = summaryOf(deriveState(parts, now), [...authorsOf(log)].sort(), lastSeq, now);
  return { summary: storedSummary(summary), cursor: cursorOf(parts, log) };
}

/** The fold parts a stored projection stands for (lists as stored: the latest entries). */
function partsOf(s: CasualtyState, c: FoldCursor): FoldParts {
  const outcomeStep = new Set(c.outcomes.map((o) => o.id));
  const reg = <K extends DecisionKey>(k: K) => ({ heads: [...c.heads[k].heads], named: [...c.heads[k].named], history: [...s[k].history] });
  return {
    id: s.id, registered: s.registered, identity: s.identity, injuredAt: s.injuredAt, position: s.position,
    mechanisms: [...s.mechanisms], injuries: [...s.injuries], vitals: [...s.vitals], treatments: [...s.treatments],
    medications: [...s.medications], notes: [...s.notes],
    chain: s.chain.filter((x) => !(x.kind === 'outcome' && outcomeStep.has(x.eventId))),
    tourniquets: s.tourniquets.map((t): TourniquetState => ({ ...t })),
    nineLine: s.evac.nineLine, requestedAt: s.evac.requestedAt, cancelled: s.evac.cancelled, incident: s.incident ?? null,
    outcomes: [...c.outcomes],
    triage: reg('triage') as FoldParts['triage'], precedence: reg('precedence') as FoldParts['precedence'],
    destination: reg('destination') as FoldParts['destination'], vehicle: reg('vehicle') as FoldParts['vehicle'],
    voided: s.voided, rejectedAmendments: s.rejectedAmendments, corrections: s.corrections,
    eventCount: s.eventCount, lastEventAt: s.lastEventAt,
  };
}

/**
 * Extend a stored projection by events new to the store (never stored before; all of this casualty), or null when
 * the whole log must be refolded: no cursor yet, an amend or void, an event a stored correction named, or an
 * event that does not come after the last one folded.
 */
export function forward(prev: Projection, fresh: readonly StoredEvent[], now: string): Projection | null {
  const c = prev.cursor;
  if (c?.v !== 1 || fresh.length === 0) return null;
  const evs = [...fresh].sort(compareEvents);
  const named = new Set(c.targets);
  if (evs.some((e) => e.casualtyId !== prev.summary.id || e.type === 'amend' || e.type === 'void' || named.has(e.id))) return null;
  if (c.last && compareEvents(evs[0]!, c.last) <= 0) return null;
  for (let i = 1; i < evs.length; i++) if (evs[i - 1]!.id === evs[i]!.id) return null;
  const parts = partsOf(prev.summary.state, c);
  for (const e of evs) stepEvent(parts, e);
  parts.eventCount += evs.length;
  parts.lastEventAt = evs[evs.length - 1]!.at;
  const authors = [...authorsOf(evs, new Set(prev.summary.authors))].sort();
  const lastSeq = evs.reduce((m, e) => Math.max(m, e.seq), prev.summary.lastSeq);
  const derived = summaryOf(deriveState(parts, now), authors, lastSeq, now);
  const summary = storedSummary(prev.summary.omitted ? { ...derived, omitted: prev.summary.omitted } : derived);
  const last = evs[evs.length - 1]!;
  return { summary, cursor: { ...cursorOf(parts, []), last: { at: last.at, id: last.id }, targets: c.targets } };
}
