// A kept 9-line draft against the 9-line as now recorded: a line another medic or the dispatcher changed since the
// draft was begun takes the recorded value (newer), a line they left alone keeps what the medic typed.
import type { NineLine } from '../../../src/core/index.ts';
import { canonical } from '../../../src/core/canonical.ts';

/** Which 9-line field each draft entry holds, and the line (1–9) it is on. */
export const DRAFT_FIELDS = {
  mgrs: ['location', 1], freq: ['frequency', 2], call: ['callSign', 2], suffix: ['suffix', 2], byPrec: ['patientsByPrecedence', 3],
  equip: ['specialEquipment', 4], byType: ['patientsByType', 5], sec: ['security', 6], mark: ['marking', 7], markDetail: ['markingDetail', 7],
  nat: ['nationality', 8], cbrn: ['cbrn', 9], hazards: ['hazards', 9],
} as const satisfies Record<string, readonly [keyof NineLine, number]>;
export type DraftKey = keyof typeof DRAFT_FIELDS;

/**
 * The draft with every entry whose field changed between `base` (the 9-line the draft was begun over, null when none
 * was recorded) and `now` (the 9-line recorded now) left out, so the screen shows the recorded value there; and the
 * lines that were. A draft kept before it noted its base (`base` undefined) is kept whole: what it was begun over is
 * not known.
 */
export function supersede<D extends Partial<Record<DraftKey, unknown>>>(kept: D, base: NineLine | null | undefined, now: NineLine | null): { draft: D; lines: number[] } {
  if (base === undefined) return { draft: kept, lines: [] };
  const lines = new Set<number>();
  const changed = new Set<string>();
  for (const [k, [f, line]] of Object.entries(DRAFT_FIELDS) as [DraftKey, (typeof DRAFT_FIELDS)[DraftKey]][]) {
    if (canonical(base?.[f] ?? null) === canonical(now?.[f] ?? null)) continue;
    changed.add(k);
    if (k in kept) lines.add(line);
  }
  const draft = Object.fromEntries(Object.entries(kept).filter(([k]) => !changed.has(k))) as D;
  return { draft, lines: [...lines].sort((a, b) => a - b) };
}
