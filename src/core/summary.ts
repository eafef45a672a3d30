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
  /** Authors (usernames) and devices (`device:<id>`) that wrote to this casualty (authorisation: "those they recorded"). */
  authors: string[];
  injuredAt: string | null;
  lastSeq: number;
  updatedAt: string;
  state: CasualtyState;
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
  return {
    id: casualtyId,
    stage: state.stage,
    precedence: state.precedence.value,
    triage: state.triage.value ? natoEquivalent(state.triage.value) : null,
    unitId: state.identity.unitId ?? null,
    facilityId: state.facilityId,
    destinationId: state.destination.value,
    vehicleId: state.vehicleId,
    authors: [...authors].sort(),
    injuredAt: state.injuredAt,
    lastSeq,
    updatedAt: now,
    state,
  };
}
