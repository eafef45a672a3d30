// Projections are folded when a casualty's log changes; its running clocks (tourniquet time and alarm, overdue
// reassessment) keep running after that. Reads bring them up to the server's `now`, following core/fold.ts.
import { advance, fold } from '../core/index.ts';
import type { CasualtySummary } from '../storage/port.ts';
import type { StoredEvent } from '../core/index.ts';

/** The stored state with its clocks advanced to `now` (no refold: for lists). */
export function advanceClocks(summary: CasualtySummary, now: string): CasualtySummary {
  return { ...summary, state: advance(summary.state, now) };
}

/** One casualty read in full: refold its log at `now` (exact). */
export function refoldAt(summary: CasualtySummary, events: readonly StoredEvent[], now: string): CasualtySummary {
  const { omitted: _o, ...whole } = summary; // the refolded state leaves nothing out
  return { ...whole, state: fold(summary.id, events, now) };
}
