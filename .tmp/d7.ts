import { syntheticWorld } from '../src/workforce/synthetic.ts';
import { foldRegistry } from '../src/workforce/registry.ts';
import { buildProblem } from '../src/workforce/problem.ts';
import { toRows, loadSolver } from '../src/workforce/exact.ts';
import highsModule from 'highs';
const NOW = '2026-06-01T12:00:00.000Z';
const w = syntheticWorld({ now: NOW });
const reg = foldRegistry(w.facts);
await loadSolver();
let c0 = process.cpuUsage();
const p = buildProblem(reg, { now: NOW, maxMoves: 150, maxTravelMin: 1440, load: w.received, tables: new Map(w.facilities.map((f) => [f.id, f.surgicalTables])), candidatesPerSlot: 3 });
let c = process.cpuUsage(c0); console.log('build cpu', (c.user + c.system) / 1000);
const h: any = await (highsModule as any)();
const { vars, cost, rows } = toRows(p);
const starts = new Int32Array(rows.length + 1); let nnz = 0; rows.forEach((r, k) => { nnz += r.cols.length; starts[k + 1] = nnz; });
const indices = new Int32Array(nnz); const values = new Float64Array(nnz); rows.forEach((r, k) => { indices.set(r.cols, starts[k]); values.set(r.coef, starts[k]); });
const n = vars.length; const inf = h.infinity;
for (const opts of [{}, { mip_heuristic_effort: 0 }, { mip_detect_symmetry: false }, { mip_heuristic_effort: 0, mip_detect_symmetry: false, mip_lp_age_limit: 5 }, { presolve: 'on' }]) {
  for (const integ of [true]) {
    c0 = process.cpuUsage();
    const model = h.createModel({ numCols: n, numRows: rows.length, sense: h.constants.objectiveSense.maximize, colCost: cost, colLower: new Float64Array(n), colUpper: new Float64Array(n).fill(1),
      rowLower: Float64Array.from(rows, (r) => (r.lo === -Infinity ? -inf : r.lo)), rowUpper: Float64Array.from(rows, (r) => (r.hi === Infinity ? inf : r.hi)),
      matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices, values }, ...(integ ? { integrality: new Int32Array(n).fill(1) } : {}) });
    model.options.set({ output_flag: false, mip_rel_gap: 0, presolve: 'off', ...opts });
    model.run();
    const obj = model.getObjectiveValue();
    model.dispose();
    c = process.cpuUsage(c0);
    console.log(JSON.stringify(opts), integ, Math.round((c.user + c.system) / 1000), obj.toFixed(3));
  }
}
