// `--off t1,t2 --on t3,t4=value` of the dispatch benches: terms of `optimal` switched for an ablation, each value of
// the type the term has (a number, a boolean or one of its words), so the planner never sees a string for a number.
import { DEFAULT_OPTIMAL_PARAMS } from '../src/dispatch/optimal/params.ts';
import type { OptimalParams } from '../src/dispatch/optimal/params.ts';

type Term = keyof OptimalParams;

/** A term's value from the command line, typed as its default is; an unknown term or a bad number stops the bench. */
function valueOf(term: Term, text: string | null): OptimalParams[Term] {
  const dflt = DEFAULT_OPTIMAL_PARAMS[term];
  if (typeof dflt === 'number') {
    const n = text === null ? 0 : Number(text);
    if (!Number.isFinite(n)) throw new Error(`--on ${term}=${text}: not a number`);
    return n;
  }
  if (typeof dflt === 'boolean') return text === null ? false : text !== 'false';
  return (text ?? 'off') as OptimalParams[Term];
}

/**
 * The params `--off` and `--on` ask for: `--off t` sets a term to its off value (false, 0 or 'off'), `--on t` a
 * boolean to true and `--on t=value` any term to that value.
 */
export function switchedParams(off: readonly string[], on: readonly string[]): Partial<OptimalParams> {
  const out: Partial<Record<Term, unknown>> = {};
  const term = (t: string): Term => {
    if (!(t in DEFAULT_OPTIMAL_PARAMS)) throw new Error(`unknown term of optimal: ${t}`);
    return t as Term;
  };
  for (const t of off) out[term(t)] = valueOf(term(t), null);
  for (const t of on) {
    const [name, value] = t.includes('=') ? (t.split('=') as [string, string]) : [t, 'true'];
    out[term(name)] = valueOf(term(name), value);
  }
  return out as Partial<OptimalParams>;
}

/**
 * A bench's `--off t1,t2 --on t3,t4=value` as one variant of `optimal`: its name ("t1 off, t3 on, t4=value") and
 * params; null when neither flag is given. `bench/dispatch-ablation.ts` runs it beside its named variants, so a term or
 * value its list does not name can be measured per seed (`--per-seed NAME`).
 */
export function switchedVariant(args: readonly string[]): { name: string; params: Partial<OptimalParams> } | null {
  const list = (flag: string): string[] => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1]!.split(',') : [];
  };
  const off = list('--off');
  const on = list('--on');
  if (off.length + on.length === 0) return null;
  return { name: [...off.map((t) => `${t} off`), ...on.map((t) => (t.includes('=') ? t : `${t} on`))].join(', '), params: switchedParams(off, on) };
}
