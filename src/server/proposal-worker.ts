// The proposal worker: the exact solve (HiGHS, WebAssembly) and the replays of the casualty load run on this thread,
// off the server's main thread, so a proposal that takes seconds never holds up another request. Started and fed by
// ProposalRunner (proposal-runner.ts); the pure solver stays in src/workforce.
import { parentPort } from 'node:worker_threads';
import type { Move } from '../core/index.ts';
import type { Registry } from '../workforce/registry.ts';
import type { ProposeInput, ProposalResult } from '../workforce/propose.ts';
import { applyMoves, propose, survivorsWith } from '../workforce/propose.ts';
import { loadSolver } from '../workforce/exact.ts';

/** What a proposal answers: its moves and figures (the model itself stays here; it is large). */
export type ProposalFigures = Omit<ProposalResult, 'problem' | 'choice'>;

export interface WhatIfInput {
  moves: readonly Move[];
  replay: Pick<ProposeInput, 'facilities' | 'vehicles' | 'load' | 'now'>;
}

export interface WhatIf {
  survivorsBefore: number;
  survivorsAfter: number;
  criticalCasualties: number;
}

export type Job =
  | { id: number; kind: 'propose'; reg: Registry; input: ProposeInput }
  | { id: number; kind: 'what-if'; reg: Registry; input: WhatIfInput }
  | { id: number; kind: 'warm-up' };

export type JobAnswer = { id: number; ok: true; result: unknown; cpuMs: number } | { id: number; ok: false; error: string };

/** Expected critical survivors of the load replayed before and after a set of moves (any part of a proposal). */
export function whatIf(reg: Registry, input: WhatIfInput): WhatIf {
  const before = survivorsWith(reg, input.replay);
  const after = input.moves.length ? survivorsWith(applyMoves(reg, input.moves), input.replay) : before;
  return { survivorsBefore: before.survivors, survivorsAfter: after.survivors, criticalCasualties: before.critical };
}

async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'propose': {
      const { problem: _p, choice: _c, ...figures } = await propose(job.reg, job.input);
      return figures satisfies ProposalFigures;
    }
    case 'what-if':
      return whatIf(job.reg, job.input);
    case 'warm-up':
      return loadSolver();
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    // This thread's own CPU time (the bench reports it beside the wall time).
    const cpu0 = process.threadCpuUsage();
    run(job).then(
      (result) => {
        const cpu = process.threadCpuUsage(cpu0);
        port.postMessage({ id: job.id, ok: true, result, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies JobAnswer);
      },
      (e: unknown) => port.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies JobAnswer),
    );
  });
}
