// Which shortfall each proposed move answers: the site and role it fills, and how many are short there without it and
// with it (a proposal listed "Olena → R2 Forward, surgery" and left the officer to work out why). Measured against the
// proposal's other moves made, so a backfill answers the gap another move of the same proposal opens.
import type { Move, MoveAnswer, SiteGaps } from '../core/index.ts';

const shortOf = (gaps: readonly SiteGaps[], siteId: string, role: string): number => {
  const r = gaps.find((g) => g.siteId === siteId)?.rows.find((x) => x.role === role);
  return r ? Math.max(0, r.required - r.onDuty) : 0;
};

/**
 * For each move (in order): the gap at its destination for its role, short without this move (`shortBefore`) and with
 * it (`shortAfter`), the proposal's other moves made either way; and the gaps it opens where the clinician leaves.
 * `gapsWith` gives the gaps with a set of moves made.
 */
export function moveAnswers(gapsWith: (moves: readonly Move[]) => readonly SiteGaps[], moves: readonly Move[]): MoveAnswer[] {
  const all = gapsWith(moves);
  return moves.map((m) => {
    const without = gapsWith(moves.filter((x) => x !== m));
    const opens = m.from === null ? [] : (all.find((g) => g.siteId === m.from)?.rows ?? [])
      .map((r) => ({ siteId: r.siteId, role: r.role, shortBefore: shortOf(without, r.siteId, r.role), shortAfter: Math.max(0, r.required - r.onDuty) }))
      .filter((r) => r.shortAfter > r.shortBefore);
    return { siteId: m.to, role: m.role, shortBefore: shortOf(without, m.to, m.role), shortAfter: shortOf(all, m.to, m.role), ...(opens.length ? { opens } : {}) };
  });
}
