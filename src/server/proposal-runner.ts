// Runs proposals and what-ifs on one worker thread (proposal-worker.ts), so the server's main thread keeps answering
// while HiGHS solves. One worker per process, started at the first job (or by `warmUp`, which `serve` calls), kept
// unreferenced while idle so it never holds a process open; a worker that dies fails its jobs and is started anew.
import { Worker } from 'node:worker_threads';
import type { Move } from '../core/index.ts';
import type { Registry } from '../workforce/registry.ts';
import type { ProposeInput } from '../workforce/propose.ts';
import type { Job, JobAnswer, ProposalFigures, WhatIf, WhatIfInput } from './proposal-worker.ts';

export type { ProposalFigures, WhatIf } from './proposal-worker.ts';

type Pending = { resolve: (a: { result: unknown; cpuMs: number }) => void; reject: (e: Error) => void };
type JobBody = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

export class ProposalRunner {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  /** Jobs sent to the worker and not yet answered. */
  get running(): number {
    return this.#pending.size;
  }

  #start(): Worker {
    const w = new Worker(new URL('./proposal-worker.ts', import.meta.url));
    w.on('message', (a: JobAnswer) => {
      const p = this.#pending.get(a.id);
      if (!p) return;
      this.#pending.delete(a.id);
      if (!this.#pending.size) w.unref();
      if (a.ok) p.resolve({ result: a.result, cpuMs: a.cpuMs });
      else p.reject(new Error(a.error));
    });
    const fail = (e: Error) => {
      if (this.#worker === w) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`proposal worker stopped (exit code ${code})`)));
    w.unref();
    return w;
  }

  #run<T>(job: JobBody): Promise<{ result: T; cpuMs: number }> {
    const w = (this.#worker ??= this.#start());
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      w.ref(); // a job in flight keeps the process alive until it is answered
      w.postMessage({ ...job, id });
    });
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
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }
}

/** The process's runner: every app of the process shares its one worker. */
export const proposalRunner = new ProposalRunner();
