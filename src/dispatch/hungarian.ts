// Min-cost assignment (Hungarian algorithm with potentials, O(n²m)) for an n×m matrix with n ≤ m.
// Returns, for each row, the column assigned to it.
export function assignMinCost(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0]!.length;
  if (m < n) throw new Error('assignMinCost needs at least as many columns as rows');
  const flat = new Float64Array(n * m);
  cost.forEach((row, i) => flat.set(row, i * m));
  return hungarianOn(flat, n, m, all(m), null, m, true)!;
}

/** Ways to break `assignMinCostPruned` on purpose (tests only: they show its property test can fail). */
export interface Broken {
  /** Keep fewer than n columns per row. */
  few?: boolean;
  /** Among equal costs, keep the later column. */
  lateTies?: boolean;
  /** Trust S without the certificate. */
  noCertificate?: boolean;
  /** A bound above the cheapest column left out of S (no longer a lower bound). */
  looseBound?: boolean;
}

/**
 * `assignMinCost` of the n × m matrix `cost` (flat, row-major: row i, column j at i × m + j) when few of its columns
 * can matter (issue 16: the optimiser's assignment is 8 vehicles × thousands of casualties): the same answer, to the
 * tie, as `assignMinCost` of the whole matrix, made on a subset S of the columns (in their order): each row's k ≥ n
 * cheapest (the earlier column among equal costs) and the last `fixed` (the "stay" ones).
 *
 * Why the same: the algorithm adds rows one by one, each by a shortest augmenting path that visits columns in order
 * of reduced cost (cost − row potential − column potential), the lower index first among equals, and ends at the first
 * free column it visits. A free column was never visited, so its potential is 0. A column j outside S is free; in any
 * row r the path reaches, fewer than n ≤ k columns are taken, so one of r's k cheapest, f, is free, with cost ≤ j's
 * (and, if equal, an index below j's); through r, f's reduced cost is then ≤ j's. Taking the row r where j's is
 * least, some column of S is as cheap as j at every step, and before it among equals: j is never picked, and the
 * run on the whole matrix takes the same steps as the run on S (rounding is monotone, so this holds in doubles too).
 *
 * Checked as it runs besides (a certificate): the columns left out are stood for by one virtual column whose cost in
 * row i is a lower bound of row i's costs outside S (its (k + 1)-th smallest), tracked like the others and never
 * picked; a step must pick a column strictly cheaper than it, or as cheap and before every column left out. Were that
 * ever to fail, k is quadrupled, up to the whole matrix. `columns`: the columns the answer was made on.
 */
export function assignMinCostPruned(cost: Float64Array, n: number, m: number, keep: number, fixed: number, broken: Broken = {}): { match: number[]; columns: number } {
  if (n === 0) return { match: [], columns: 0 };
  if (m < n) throw new Error('assignMinCostPruned needs at least as many columns as rows');
  // S holds at most n × k + fixed columns.
  for (let k = broken.few ? Math.max(1, n - 1) : Math.max(keep, n); n * k + fixed < m; k *= 4) {
    const pick = pruned(cost, n, m, k, fixed, broken);
    if (pick.cols.length < n) continue;
    const match = hungarianOn(cost, n, m, pick.cols, pick.bound, pick.first, broken.noCertificate === true);
    if (match) return { match, columns: pick.cols.length };
  }
  return { match: hungarianOn(cost, n, m, all(m), null, m, false)!, columns: m };
}

function all(m: number): Int32Array {
  const cols = new Int32Array(m);
  for (let j = 0; j < m; j++) cols[j] = j;
  return cols;
}

/**
 * S (ascending column indexes), each row's bound for the columns outside it, and the first column outside it. One
 * pass per row keeps its k + 1 cheapest in a short sorted list (a column enters only when cheaper than its last, so
 * the earlier of equal costs stays ahead).
 */
function pruned(cost: Float64Array, n: number, m: number, k: number, fixed: number, broken: Broken): { cols: Int32Array; bound: Float64Array; first: number } {
  const inS = new Uint8Array(m);
  for (let j = Math.max(0, m - fixed); j < m; j++) inS[j] = 1;
  const bound = new Float64Array(n);
  const vals = new Float64Array(k + 1);
  const idx = new Int32Array(k + 1);
  const late = broken.lateTies === true;
  for (let i = 0; i < n; i++) {
    const row = i * m;
    let len = 0;
    for (let j = 0; j < m; j++) {
      const c = cost[row + j]!;
      if (len === k + 1 && (late ? c > vals[k]! : !(c < vals[k]!))) continue;
      let at = len < k + 1 ? len++ : k;
      while (at > 0 && (late ? c <= vals[at - 1]! : c < vals[at - 1]!)) {
        vals[at] = vals[at - 1]!;
        idx[at] = idx[at - 1]!;
        at--;
      }
      vals[at] = c;
      idx[at] = j;
    }
    for (let t = 0; t < Math.min(k, len); t++) inS[idx[t]!] = 1;
    // Fewer than k + 1 columns in the row: every one is in S, and no column is left out.
    bound[i] = len === k + 1 ? vals[k]! : Infinity;
  }
  if (broken.looseBound) {
    for (let i = 0; i < n; i++) {
      let least = Infinity;
      for (let j = 0; j < m; j++) if (!inS[j] && cost[i * m + j]! < least) least = cost[i * m + j]!;
      if (Number.isFinite(least)) bound[i] = least + 1;
    }
  }
  let size = 0;
  let first = m;
  for (let j = 0; j < m; j++) {
    if (inS[j]) size++;
    else if (first === m) first = j;
  }
  const cols = new Int32Array(size);
  for (let j = 0, s = 0; j < m; j++) if (inS[j]) cols[s++] = j;
  return { cols, bound, first };
}
/**
 * `assignMinCost`'s algorithm on the columns `cols` of the flat matrix (in their order). With `bound`, a virtual
 * column outside them (its cost in row i: bound[i]) is tracked like the others and never picked; null when a step
 * picks a column not strictly cheaper than it (nor as cheap and before `first`, the first column outside `cols`).
 */
function hungarianOn(cost: Float64Array, n: number, mAll: number, cols: Int32Array, bound: Float64Array | null, first: number, trust: boolean): number[] | null {
  const m = cols.length;
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    let outside = INF;
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      const row = (i0 - 1) * mAll;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[row + cols[j - 1]!]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      if (bound) {
        // A column left out has potential 0 (never visited): its reduced cost is at least this one's.
        const cur = bound[i0 - 1]! - u[i0]!;
        if (cur < outside) outside = cur;
        if (!trust && !(delta < outside || (delta === outside && cols[j1 - 1]! < first))) return null;
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      outside -= delta;
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) out[p[j]! - 1] = cols[j - 1]!;
  return out;
}
