// A proposal: the moves one solver picks, and what they change — weighted coverage, red flags, and expected
// critical survivors of the recent load replayed with the tables each side's staffing allows.
import type { Facility, Move, Vehicle } from '../core/index.ts';
import { contentId } from '../core/index.ts';
import type { Registry } from './registry.ts';
import { usableTables } from './gaps.ts';
import type { Choice, Problem } from './problem.ts';
import { buildProblem, movesOf, objective, redFlagsFilled, solveGreedy } from './problem.ts';
import { solveWithin } from './exact.ts';
import type { LoadCasualty } from './replay.ts';
import { expectedCriticalSurvivors } from './replay.ts';

/** The registry after a set of moves (a copy; the original is untouched). */
export function applyMoves(reg: Registry, moves: readonly Move[], at = ''): Registry {
  const clinicians = new Map(reg.clinicians);
  for (const m of moves) {
    const c = clinicians.get(m.clinicianId);
    if (!c) continue;
    clinicians.set(m.clinicianId, { ...c, siteId: m.to, assignments: [...c.assignments, { siteId: m.to, at, reason: 'proposal' }] });
  }
  return { ...reg, clinicians };
}

export interface ProposeInput {
  now: string;
  /** The period the moves are for (default: now, a point): see ProblemOptions. */
  startsAt?: string;
  endsAt?: string;
  maxMoves: number;
  maxTravelMin: number;
  method: 'exact' | 'greedy';
  facilities: readonly Facility[];
  vehicles: readonly Vehicle[];
  /** The recent load to replay (critical and not). */
  load: readonly LoadCasualty[];
  /** Casualties received per facility or unit id in the load window (weights gaps). */
  received: ReadonlyMap<string, number>;
  candidatesPerSlot?: number;
  /** Seconds the exact solver may take to prove its optimum (default 20); then its best solution is taken. */
  timeLimitS?: number;
}

export interface ProposalResult {
  /** The exact solve proved its optimum (greedy: true); otherwise `gap` is its distance from the bound. */
  optimal: boolean;
  gap: number;
  moves: Move[];
  coverageBefore: number;
  coverageAfter: number;
  criticalGapsBefore: number;
  criticalGapsAfter: number;
  survivorsBefore: number;
  survivorsAfter: number;
  criticalCasualties: number;
  problem: Problem;
  choice: Choice;
}

export async function solve(p: Problem, method: 'exact' | 'greedy', timeLimitS = 20): Promise<{ choice: Choice; optimal: boolean; gap: number }> {
  return method === 'exact' ? solveWithin(p, timeLimitS) : { choice: solveGreedy(p), optimal: true, gap: 0 };
}

export function survivorsWith(reg: Registry, input: Pick<ProposeInput, 'facilities' | 'vehicles' | 'load' | 'now'>): { survivors: number; critical: number } {
  const tables = new Map(input.facilities.map((f) => [f.id, f.surgicalTables]));
  const r = expectedCriticalSurvivors({ facilities: input.facilities, vehicles: input.vehicles, load: input.load, usable: usableTables(reg, tables, input.now) });
  return { survivors: r.expectedSurvivors, critical: r.critical };
}

export async function propose(reg: Registry, input: ProposeInput): Promise<ProposalResult> {
  const tables = new Map(input.facilities.map((f) => [f.id, f.surgicalTables]));
  const p = buildProblem(reg, {
    now: input.now, maxMoves: input.maxMoves, maxTravelMin: input.maxTravelMin, load: input.received, tables,
    ...(input.startsAt !== undefined ? { startsAt: input.startsAt } : {}), ...(input.endsAt !== undefined ? { endsAt: input.endsAt } : {}),
    ...(input.candidatesPerSlot !== undefined ? { candidatesPerSlot: input.candidatesPerSlot } : {}),
  });
  const { choice, optimal, gap } = await solve(p, input.method, input.timeLimitS);
  const none: Choice = p.movers.map(() => -1);
  const moves = movesOf(p, choice);
  const flags = p.slots.filter((s) => s.redFlag).length;
  // Capacity as staffed when the moves take effect.
  const at = { ...input, now: input.startsAt ?? input.now };
  const before = survivorsWith(reg, at);
  const after = moves.length ? survivorsWith(applyMoves(reg, moves), at) : before;
  return {
    moves,
    optimal,
    gap,
    coverageBefore: objective(p, none),
    coverageAfter: objective(p, choice),
    criticalGapsBefore: flags - redFlagsFilled(p, none),
    criticalGapsAfter: flags - redFlagsFilled(p, choice),
    survivorsBefore: before.survivors,
    survivorsAfter: after.survivors,
    criticalCasualties: before.critical,
    problem: p,
    choice,
  };
}

/** A stable id for a set of moves: the same proposal computed twice is one proposal. */
export function proposalId(moves: readonly Move[], at: string): string {
  return contentId(`${at}|${moves.map((m) => `${m.clinicianId}>${m.to}/${m.role}`).sort().join(',')}`);
}
