// The exact solver: the assignment problem as a mixed-integer program, solved by HiGHS (compiled to WebAssembly,
// runs in-process; no native add-on, nothing downloaded), built as sparse rows (no LP text to parse). Exact on the
// options the problem keeps (all of them unless `candidatesPerSlot` bounds it).
import highsModule from 'highs';
import type { Highs } from 'highs';
import type { Choice, Problem } from './problem.ts';
import { buildProblem } from './problem.ts';
import { foldRegistry } from './registry.ts';
import { syntheticWorld } from './synthetic.ts';

// The package's types are ESM in a CommonJS package: TypeScript sees a namespace where Node gives the loader.
type Loader = () => Promise<Highs>;
const loadHighs: Loader = ((highsModule as unknown as { default?: Loader }).default ?? highsModule) as unknown as Loader;
let highs: Promise<Highs> | null = null;

/** One mover taking one option: the model's columns. */
export interface ModelRows {
  /** The movers' columns; the team sites' table columns follow them in `cost`. */
  vars: [number, number][];
  cost: Float64Array;
  /** Rows as (lower, upper, column indices, coefficients). */
  rows: { lo: number; hi: number; cols: number[]; coef: number[] }[];
}

/** The mixed-integer program: maximise worth gained minus worth left behind, under the problem's constraints. */
export function toRows(p: Problem): ModelRows {
  const vars: [number, number][] = [];
  const first: number[] = [];
  p.movers.forEach((m, i) => {
    first.push(vars.length);
    m.options.forEach((_, o) => vars.push([i, o]));
  });
  const cost = new Float64Array(vars.length);
  const incoming = new Map<number, number[]>();
  const siteIn = new Map<string, number[]>();
  const siteOut = new Map<string, number[]>();
  const push = <K>(m: Map<K, number[]>, k: K, v: number) => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };
  vars.forEach(([i, o], v) => {
    const m = p.movers[i]!;
    const opt = m.options[o]!;
    // Leaving a held position loses its worth (a backfill then earns it back through its own variable).
    cost[v] = opt.value - (m.holds >= 0 ? p.slots[m.holds]!.weight : 0);
    push(incoming, opt.slot, v);
    push(siteIn, p.slots[opt.slot]!.siteId, v);
    if (m.from !== null) push(siteOut, m.from, v);
  });
  const colsOf = (i: number) => p.movers[i]!.options.map((_, o) => first[i]! + o);
  const holder = new Map<number, number>();
  p.movers.forEach((m, i) => {
    if (m.holds >= 0) holder.set(m.holds, i);
  });
  const rows: ModelRows['rows'] = [];
  p.movers.forEach((m, i) => {
    if (m.options.length > 1) rows.push({ lo: -Infinity, hi: 1, cols: colsOf(i), coef: m.options.map(() => 1) });
  });
  for (const [slot, vs] of incoming) {
    const h = holder.get(slot);
    const out = h === undefined ? [] : colsOf(h);
    // At most one arrival, and none unless the holder (if any) leaves.
    // (A holder with no option of their own never leaves: then nobody may arrive.)
    if (vs.length > 1 || h !== undefined) rows.push({ lo: -Infinity, hi: h !== undefined ? 0 : 1, cols: [...vs, ...out], coef: [...vs.map(() => 1), ...out.map(() => -1)] });
  }
  if (vars.length > p.maxMoves) rows.push({ lo: -Infinity, hi: p.maxMoves, cols: vars.map((_, v) => v), coef: vars.map(() => 1) });
  for (const f of p.floors) {
    const ins = siteIn.get(f.siteId) ?? [];
    const outs = siteOut.get(f.siteId) ?? [];
    if (outs.length) rows.push({ lo: f.min - f.now, hi: Infinity, cols: [...ins, ...outs], coef: [...ins.map(() => 1), ...outs.map(() => -1)] });
  }
  return withTables(p, vars, cost, rows);
}

/** Add the team sites' table columns (after the movers' columns) and their rows. */
function withTables(p: Problem, vars: [number, number][], cost: Float64Array, rows: ModelRows['rows']): ModelRows {
  // Tables: one binary per possible table of a team site, each bounded by every team part's count after the moves.
  const teamOf = new Map(p.teams.map((t, ti) => [t.siteId, ti]));
  const delta = p.teams.map(() => [0, 1, 2].map(() => ({ cols: [] as number[], coef: [] as number[] })));
  const add = (ti: number, part: number, v: number, c: number) => {
    delta[ti]![part]!.cols.push(v);
    delta[ti]![part]!.coef.push(c);
  };
  vars.forEach(([i, o], v) => {
    const m = p.movers[i]!;
    if (m.team === undefined) return;
    const to = teamOf.get(p.slots[m.options[o]!.slot]!.siteId);
    // Rows read: tables − arrivals + departures ≤ on duty now.
    if (to !== undefined) add(to, m.team, v, -1);
    const from = m.from !== null ? teamOf.get(m.from) : undefined;
    if (from !== undefined) add(from, m.team, v, 1);
  });
  let col = vars.length;
  const worth: number[] = [];
  p.teams.forEach((t, ti) => {
    const ys = t.worth.map((w) => (worth.push(w), col++));
    for (const part of [0, 1, 2] as const) {
      const d = delta[ti]![part]!;
      rows.push({ lo: -Infinity, hi: t.base[part], cols: [...ys, ...d.cols], coef: [...ys.map(() => 1), ...d.coef] });
    }
  });
  const all = new Float64Array(col);
  all.set(cost);
  all.set(worth, vars.length);
  return { vars, cost: all, rows };
}

let warmed: Promise<void> | null = null;

/**
 * Load the solver and warm it up, once per process: instantiate the WebAssembly, then solve a small synthetic
 * assignment. V8 first runs WebAssembly through its baseline compiler and re-compiles the hot functions only once
 * they have run a while; without this the first real proposal pays for that (measured: about 2 s of CPU at the
 * bench's size, against about 0.5 s warm). `goldenhour serve` starts it in the background when the workforce log
 * is not empty.
 */
export function loadSolver(o: { warmUp?: boolean } = {}): Promise<void> {
  // Instantiation only (the bench's baseline for a cold first proposal).
  if (o.warmUp === false) return (highs ??= loadHighs()).then(() => undefined);
  warmed ??= (async () => {
    highs ??= loadHighs();
    await highs;
    await solveExact(warmUpProblem());
  })();
  return warmed;
}

/** A warm-up model: the synthetic world at under a third of the bench's size (the same shape as the real models). */
export function warmUpProblem(clinicians = 1500, sites = 150): Problem {
  const now = '2026-06-01T00:00:00.000Z';
  const w = syntheticWorld({ now, clinicians, sites, seed: 7 });
  const tables = new Map(w.facilities.map((f) => [f.id, f.surgicalTables]));
  return buildProblem(foldRegistry(w.facts), { now, maxMoves: Math.round(clinicians / 30), maxTravelMin: 24 * 60, load: w.received, tables, candidatesPerSlot: 3 });
}

/** Solve exactly. Throws when HiGHS reports anything but a proven optimum. */
export async function solveExact(p: Problem, timeLimitS = 60): Promise<Choice> {
  const r = await solveWithin(p, timeLimitS);
  if (!r.optimal) throw new Error(`HiGHS: no proven optimum in ${timeLimitS} s (gap ${r.gap})`);
  return r.choice;
}

export interface ExactResult {
  choice: Choice;
  /** Proven optimal; false: the best solution found when the time limit struck, `gap` from the bound. */
  optimal: boolean;
  gap: number;
}

/**
 * Solve, proving the optimum within the time limit when it can. When the limit strikes first (heavily tied models:
 * many positions of equal worth), the best solution found is returned with its relative gap to the proven bound,
 * rather than nothing; throws only when there is no feasible solution at all.
 */
export async function solveWithin(p: Problem, timeLimitS: number): Promise<ExactResult> {
  const choice: Choice = p.movers.map(() => -1);
  const { vars, cost, rows } = toRows(p);
  if (!vars.length) return { choice, optimal: true, gap: 0 };
  highs ??= loadHighs();
  const h = await highs;
  const inf = h.infinity;
  const starts = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, k) => {
    nnz += r.cols.length;
    starts[k + 1] = nnz;
  });
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  rows.forEach((r, k) => {
    indices.set(r.cols, starts[k]!);
    values.set(r.coef, starts[k]!);
  });
  const n = cost.length;
  const model = h.createModel({
    numCols: n, numRows: rows.length, sense: h.constants.objectiveSense.maximize, colCost: cost,
    colLower: new Float64Array(n), colUpper: new Float64Array(n).fill(1),
    rowLower: Float64Array.from(rows, (r) => (r.lo === -Infinity ? -inf : r.lo)), rowUpper: Float64Array.from(rows, (r) => (r.hi === Infinity ? inf : r.hi)),
    matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices, values },
    integrality: new Int32Array(n).fill(h.constants.variableType.integer),
  });
  try {
    // Presolve costs seconds on these models and gains nothing: the relaxation of an assignment is nearly integral.
    // Primal heuristics and symmetry detection cost more than they save here; mip_rel_gap 0 keeps the optimum proven.
    model.options.set({ output_flag: false, mip_rel_gap: 0, time_limit: timeLimitS, presolve: 'off', mip_heuristic_effort: 0, mip_detect_symmetry: false });
    model.run();
    const status = model.getModelStatus();
    const optimal = status === h.constants.modelStatus.optimal;
    // primal_solution_status 2 = a feasible solution is held (the incumbent when the time limit struck).
    if (!optimal && !(status === h.constants.modelStatus.timeLimit && Number(model.info.get('primal_solution_status')) === 2))
      throw new Error(`HiGHS model status ${status}`);
    const x = model.getSolution().colValue;
    vars.forEach(([i, o], v) => {
      if (x[v]! > 0.5) choice[i] = o;
    });
    return { choice, optimal, gap: optimal ? 0 : Number(model.info.get('mip_gap')) };
  } finally {
    model.dispose();
  }
}
