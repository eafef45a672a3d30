// The first planning round of an example scenario at or after a minute, and the job it gives one casualty: shared by
// the tests of DISP-98 and DISP-102 (a vehicle priced by its pace or by its substitutes). Only tests import it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeOptimalPolicy } from '../dispatch/index.ts';
import type { Job, PlanView, Policy } from '../dispatch/index.ts';
import type { OptimalParams } from '../dispatch/optimal/params.ts';
import { parseScenario } from './scenario.ts';
import { simulate } from './simulator.ts';

export const example = (name: string) => parseScenario(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../examples/scenarios/${name}.json`), 'utf8')));

/** The first round's view at or after `at` and the job `optimal` with `params` gives for casualty `id`. */
export function firstJob(name: string, seed: number, at: number, id: string, params: Partial<OptimalParams>): { view: PlanView; job: Job | undefined } {
  const s = example(name);
  const base = makeOptimalPolicy(params);
  let view: PlanView | undefined;
  let job: Job | undefined;
  const stop = new Error('seen');
  const watching: Policy = { ...base, plan(v) {
    const jobs = base.plan(v);
    if (v.now >= at) {
      view = structuredClone(v);
      job = jobs.find((j) => j.stops.some((x) => x.kind === 'pickup' && x.casualtyId === id));
      throw stop; // the rest of the run is not needed
    }
    return jobs;
  } };
  try {
    simulate(s, watching, { seed: s.seed + seed, trace: false });
  } catch (e) {
    if (e !== stop) throw e;
  }
  if (!view) throw new Error(`no round at ${at}`);
  return { view, job };
}
