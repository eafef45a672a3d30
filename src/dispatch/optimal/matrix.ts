// The round's value matrix (issue 16): rows vehicles, columns casualties, in flat arrays (row i, column j at
// i × C + j) rather than a score object per pair. At 10,000 casualties it is 8 × 2,836 pairs a plan: the memory's
// columns (score-memo.ts) write their numbers straight in, the caps (DISP-24, DISP-28) re-price rows in place, and the
// baselines and the assignments read the same arrays, where each pass over score objects walked the heap again.
import type { PlanFacility } from '../types.ts';
import type { Score } from './value.ts';

export interface Matrix {
  rows: number;
  C: number;
  /** 1 where the pair is valued (a `Score`), 0 where it is not (null). */
  has: Uint8Array;
  /** The `Score`'s numbers and facility, where `has`. */
  value: Float64Array;
  expected: Float64Array;
  delayed: Float64Array;
  risk: Float64Array;
  facility: (PlanFacility | undefined)[];
  /** Room for the passes after it: each pair's expected survival less the risk (rows × C), and an assignment's cost
   * matrix (rows × (C + rows)). */
  er: Float64Array;
  cost: Float64Array;
  /** Rows whose value and risk the round changed in place (repriceVehicle), when the matrix is kept between rounds
   * (score-memo.ts `fillAll` puts them back as they were filled before it hands the matrix out again). */
  repriced?: Set<number>;
}

export function newMatrix(rows: number, C: number): Matrix {
  const n = rows * C;
  return { rows, C, has: new Uint8Array(n), value: new Float64Array(n), expected: new Float64Array(n), delayed: new Float64Array(n), risk: new Float64Array(n), facility: new Array<PlanFacility | undefined>(n), er: new Float64Array(n), cost: new Float64Array(rows * (C + rows)) };
}

/**
 * One matrix's arrays kept from round to round (the live plan's memory holds one): at 10,000 casualties a plan's
 * seven arrays of 8 × 2,836 numbers, new each round, cost more than filling them. Handed out as views of the first
 * rows × C, `has` cleared (a pair no vehicle is picked for is not valued); the rest is written before it is read.
 */
export class MatrixPool {
  #room = -1;
  #arrays = newMatrix(0, 0);
  /** The shape `keep` handed out last (null: `take` was called since, or the arrays grew). */
  #last: { rows: number; C: number } | null = null;

  take(rows: number, C: number): Matrix {
    const m = this.#views(rows, C);
    m.has.fill(0);
    this.#last = null;
    return m;
  }

  /**
   * The same views as `take`, with what the arrays hold left in place when the last call was a `keep` of the same
   * shape on the same arrays (`kept`: the cells are the last round's, as the score memory left them); else cleared
   * as `take` clears them.
   */
  keep(rows: number, C: number): { m: Matrix; kept: boolean } {
    const room = this.#room;
    const kept = this.#last !== null && this.#last.rows === rows && this.#last.C === C;
    const m = this.#views(rows, C);
    if (!kept || room !== this.#room) {
      m.has.fill(0);
      this.#last = { rows, C };
      return { m, kept: false };
    }
    return { m, kept: true };
  }

  #views(rows: number, C: number): Matrix {
    const n = rows * C;
    const cost = rows * (C + rows);
    if (cost > this.#room) {
      const grown = Math.max(cost, Math.ceil(this.#room * 1.5));
      this.#arrays = newMatrix(1, grown);
      this.#room = grown;
      this.#last = null;
    }
    const a = this.#arrays;
    return { rows, C, has: a.has.subarray(0, n), value: a.value.subarray(0, n), expected: a.expected.subarray(0, n), delayed: a.delayed.subarray(0, n), risk: a.risk.subarray(0, n), facility: a.facility, er: a.er.subarray(0, n), cost: a.cost.subarray(0, cost) };
  }
}

/** Row i, column j made `sc` (null: not valued). */
export function put(m: Matrix, i: number, j: number, sc: Score | null): void {
  const k = i * m.C + j;
  if (!sc) {
    m.has[k] = 0;
    return;
  }
  m.has[k] = 1;
  m.facility[k] = sc.facility;
  m.value[k] = sc.value;
  m.expected[k] = sc.expected;
  m.delayed[k] = sc.delayed;
  m.risk[k] = sc.risk;
}

/** Row i, column j as a `Score` (a new object), or null. */
export function scoreAt(m: Matrix, i: number, j: number): Score | null {
  const k = i * m.C + j;
  return m.has[k] ? { facility: m.facility[k]!, value: m.value[k]!, expected: m.expected[k]!, delayed: m.delayed[k]!, risk: m.risk[k]! } : null;
}

/** A matrix of these rows of scores (all of one length). */
export function matrixOf(rows: readonly (readonly (Score | null)[])[]): Matrix {
  const m = newMatrix(rows.length, rows[0]?.length ?? 0);
  rows.forEach((row, i) => row.forEach((sc, j) => put(m, i, j, sc)));
  return m;
}
