// Runs proposals and what-ifs on one worker thread (proposal-worker.ts), so the server's main thread keeps answering
// while HiGHS solves. One worker per process, started at the first job (or by `warmUp`, which `serve` calls), kept
// unreferenced while idle so it never holds a process open; a worker that dies fails its jobs and is started anew.
import type { Move } from '../core/index.ts';
import type { Registry } from '../workforce/registry.ts';
import type { ProposeInput } from '../workforce/propose.ts';
import type { Job, JobAnswer, ProposalFigures, WhatIf, WhatIfInput } from './proposal-worker.ts';
import { WorkerThread } from './worker-thread.ts';

export type { ProposalFigures, WhatIf } from './proposal-worker.ts';

type JobBody = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

export class ProposalRunner {
  readonly #thread = new WorkerThread<JobAnswer>(new URL('./proposal-worker.ts', import.meta.url), 'proposal worker');

  /** Jobs sent to the worker and not yet answered. */
  get running(): number {
    return this.#thread.running;
  }

  async #run<T>(job: JobBody): Promise<{ result: T; cpuMs: number }> {
    const a = await this.#thread.run(this.#thread.worker, { ...job, id: this.#thread.nextId() });
    return { result: a.result as T, cpuMs: a.cpuMs };
  }

  /** Compute a proposal on the worker; `cpuMs` is the worker thread's CPU time for it. */
  async propose(reg: Registry, input: ProposeInput): Promise<ProposalFigures & { cpuMs: number }> {
    const { result, cpuMs } = await this.#run<ProposalFigures>({ kind: 'propose', reg, input });
    return { ...result, cpuMs };
  }

  /** Expected critical survivors before and after some moves (the part of a proposal an officer has chosen). */
  async whatIf(reg: Registry, moves: readonly Move[], replay: WhatIfInput['replay']): Promise<WhatIf> {
    return (await this.#run<WhatIf>({ kind: 'what-if', reg, input: { moves, replay } })).result;
  }

  /** Load and warm up the solver on the worker (its first real solve then runs on optimised code). */
  async warmUp(): Promise<void> {
    await this.#run({ kind: 'warm-up' });
  }

  /** Stop the worker (pending jobs fail). */
  close(): Promise<void> {
    return this.#thread.close();
  }
}

/** The process's runner: every app of the process shares its one worker. */
export const proposalRunner = new ProposalRunner();
