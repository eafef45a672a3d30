// The seeds' share of the noise in a family's sum, for `bench/dispatch-ablation.ts --movers` (docs/dispatch.md, "How a
// rule is judged").
/**
 * The 95 % half-width of a variant's sum minus `optimal`'s that the seeds alone make, the scenarios held fixed: each
 * row's paired differences vary by seed, and its mean's variance is theirs over the number of seeds (session 43: a
 * family's sum at 4 seeds moved by 0.3–0.5 at 10 where a rule changes a few decisions). Null with fewer than 2 seeds.
 */
export function seedsHalfWidth(variant: readonly number[][], reference: readonly number[][]): number | null {
  let v = 0;
  for (let i = 0; i < variant.length; i++) {
    const d = variant[i]!.map((x, k) => x - reference[i]![k]!);
    if (d.length < 2) return null;
    const mean = d.reduce((a, x) => a + x, 0) / d.length;
    v += d.reduce((a, x) => a + (x - mean) ** 2, 0) / (d.length - 1) / d.length;
  }
  return 1.96 * Math.sqrt(v);
}
