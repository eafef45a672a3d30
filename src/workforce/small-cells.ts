// Counts a registry may publish beside its exact total. A cell under 5 is left out (a rare profession in a small
// registry names a person), and so must the left-out cells' sum be: the total minus the kept cells would count them
// exactly. So while the left-out cells add up to 1–4, the smallest kept cell is left out with them.

export const SMALL_CELL = 5;

/** The cells that may be shown beside `total` (the sum of every cell). */
export function publishableCells(cells: Readonly<Record<string, number>>, total: number): Record<string, number> {
  const kept = Object.entries(cells).filter(([, n]) => n >= SMALL_CELL).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  let hidden = total - kept.reduce((a, [, n]) => a + n, 0);
  while (hidden > 0 && hidden < SMALL_CELL && kept.length) hidden += kept.shift()![1];
  return Object.fromEntries(kept.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
