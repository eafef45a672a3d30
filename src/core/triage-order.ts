// Triage's order of work, apart from codes.ts (which holds the schemas) so that the plan thread loads it without zod.
export type NatoCategory = 'T1' | 'T2' | 'T3' | 'T4' | 'dead';
/** codes.ts's Triage, without its schema (codes.ts imports this module). */
type Triage =
  | { system: 'NATO'; category: NatoCategory }
  | { system: 'START'; category: 'immediate' | 'delayed' | 'minor' | 'dead' }
  | { system: 'SALT'; category: 'immediate' | 'delayed' | 'minimal' | 'expectant' | 'dead' };

/** Explicit mapping onto NATO categories, used only for ordering work (never to relabel a record). */
export function natoEquivalent(t: Triage): NatoCategory {
  switch (t.system) {
    case 'NATO':
      return t.category;
    case 'START':
      return ({ immediate: 'T1', delayed: 'T2', minor: 'T3', dead: 'dead' } as const)[t.category];
    case 'SALT':
      return ({ immediate: 'T1', delayed: 'T2', minimal: 'T3', expectant: 'T4', dead: 'dead' } as const)[t.category];
  }
}
