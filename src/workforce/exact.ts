// The exact solver: the assignment problem as a mixed-integer program, solved by HiGHS (compiled to WebAssembly,
// runs in-process; no native add-on, nothing downloaded). Exact on the options the problem keeps per clinician.
import highsModule from 'highs';
import type { Highs } from 'highs';
import type { Choice, Problem } from './problem.ts';

// The package's types are ESM in a CommonJS package: TypeScript sees a namespace where Node gives the loader.
type Loader = () => Promise<Highs>;
const loadHighs: Loader = ((highsModule as unknown as { default?: Loader }).default ?? highsModule) as unknown as Loader;
let highs: Promise<Highs> | null = null;

const fmt = (x: number): string => {
  const s = x.toFixed(6);
  return x >= 0 ? `+ ${s}` : `- ${s.slice(1)}`;
};

/** The model in CPLEX LP text. Variable x{i}_{o}: mover i takes option o. */
export function toLp(p: Problem): { text: string; vars: [number, number][] } {
  const vars: [number, number][] = [];
  const varOf = new Map<string, number>();
  p.movers.forEach((m, i) => m.options.forEach((_, o) => { varOf.set(`${i}_${o}`, vars.length); vars.push([i, o]); }));
  const name = (v: number) => `x${v}`;
  const obj: string[] = [];
  const incoming = new Map<number, number[]>();
  const holder = new Map<number, number>();
  const siteIn = new Map<string, number[]>();
  const siteOut = new Map<string, number[]>();
  const push = <K>(m: Map<K, number[]>, k: K, v: number) => { const l = m.get(k); if (l) l.push(v); else m.set(k, [v]); };
  vars.forEach(([i, o], v) => {
    const m = p.movers[i]!;
    const opt = m.options[o]!;
    // Leaving a held position loses its worth (a backfill then earns it back through its own variable).
    const lost = m.holds >= 0 ? p.slots[m.holds]!.weight : 0;
    obj.push(`${fmt(opt.value - lost)} ${name(v)}`);
    push(incoming, opt.slot, v);
    push(siteIn, p.slots[opt.slot]!.siteId, v);
    if (m.from !== null) push(siteOut, m.from, v);
  });
  p.movers.forEach((m, i) => { if (m.holds >= 0) holder.set(m.holds, i); });
  const rows: string[] = [];
  p.movers.forEach((m, i) => {
    if (m.options.length > 1) rows.push(`m${i}: ${m.options.map((_, o) => `+ ${name(varOf.get(`${i}_${o}`)!)}`).join(' ')} <= 1`);
  });
  for (const [slot, vs] of incoming) {
    const h = holder.get(slot);
    const out = h === undefined ? [] : p.movers[h]!.options.map((_, o) => `- ${name(varOf.get(`${h}_${o}`)!)}`);
    if (vs.length > 1 || out.length) rows.push(`s${slot}: ${vs.map((v) => `+ ${name(v)}`).join(' ')} ${out.join(' ')} <= ${out.length ? 0 : 1}`);
  }
  if (vars.length > p.maxMoves) rows.push(`moves: ${vars.map((_, k) => `+ ${name(k)}`).join(' ')} <= ${p.maxMoves}`);
  for (const f of p.floors) {
    const ins = siteIn.get(f.siteId) ?? [];
    const outs = siteOut.get(f.siteId) ?? [];
    if (!outs.length) continue;
    rows.push(`f_${f.siteId.replace(/[^A-Za-z0-9_]/g, '_')}: ${[...ins.map((v) => `+ ${name(v)}`), ...outs.map((v) => `- ${name(v)}`)].join(' ')} >= ${f.min - f.now}`);
  }
  const text = [
    'Maximize',
    ` obj: ${obj.length ? obj.join(' ') : '0 x0'}`,
    'Subject To',
    ...(rows.length ? rows.map((r) => ` ${r}`) : [' none: 0 x0 >= 0']),
    'Binary',
    ` ${vars.length ? vars.map((_, v) => name(v)).join(' ') : 'x0'}`,
    'End',
  ].join('\n');
  return { text, vars };
}

/** Solve exactly. Throws when HiGHS reports anything but an optimum (the caller falls back or reports it). */
export async function solveExact(p: Problem, timeLimitS = 30): Promise<Choice> {
  const choice: Choice = p.movers.map(() => -1);
  if (p.movers.every((m) => m.options.length === 0)) return choice;
  highs ??= loadHighs();
  const h = await highs;
  const { text, vars } = toLp(p);
  const r = h.solve(text, { output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0 });
  if (r.Status !== 'Optimal') throw new Error(`HiGHS: ${r.Status}`);
  vars.forEach(([i, o], v) => {
    const col = r.Columns[`x${v}`];
    if (col && col.Primal > 0.5) choice[i] = o;
  });
  return choice;
}
