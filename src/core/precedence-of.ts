// The precedence a casualty is evacuated at, apart from nine-line.ts (which holds the schemas) so that the plan thread
// reads it without zod (src/dispatch/live-state.ts).
import type { Precedence } from './codes.ts';

/** Line 3 codes: A urgent, B urgent-surgical, C priority, D routine, E convenience. */
export const LINE3 = ['A', 'B', 'C', 'D', 'E'] as const;

const LETTER_PRECEDENCE = { A: 'urgent', B: 'urgent-surgical', C: 'priority', D: 'routine', E: 'convenience' } as const satisfies Record<(typeof LINE3)[number], Precedence>;

/**
 * The precedence a casualty is evacuated at: the one set on the card, else the most urgent one on line 3 of its
 * 9-line (a request for one patient "A" is urgent even when nobody pressed "urgent" on the card).
 */
export function effectivePrecedence(set: Precedence | null | undefined, nineLine: { patientsByPrecedence: Partial<Record<(typeof LINE3)[number], number>> } | null | undefined): Precedence | null {
  if (set) return set;
  const counts = nineLine?.patientsByPrecedence;
  for (const l of LINE3) if ((counts?.[l] ?? 0) > 0) return LETTER_PRECEDENCE[l];
  return null;
}
