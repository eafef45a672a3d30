// One run of the held-out bench: a generated scenario under one policy and seed, its trace replayed by the independent
// checker (test/trace-checker). Shared by the worker threads and the main thread (`--workers 0`).
import { makeOptimalPolicy } from '../../src/dispatch/index.ts';
import type { Policy, PolicyName } from '../../src/dispatch/index.ts';
import { generateScenario } from '../../src/sim/generate.ts';
import { metricsOf } from '../../src/sim/metrics.ts';
import { runPolicy } from '../../src/sim/run.ts';
import { simulate } from '../../src/sim/simulator.ts';
import { parseScenario } from '../../src/sim/scenario.ts';
import type { Scenario } from '../../src/sim/scenario.ts';
import { checkTrace } from '../../test/trace-checker/checker.ts';
import { switchedParams } from '../optimal-switches.ts';

export interface Task {
  family: number;
  index: number;
  policy: PolicyName;
  /** Offset from the scenario's own seed. */
  k: number;
  check: boolean;
  /** `--on t1,t2=value`: `optimal` run with these terms switched on (a rule measured before it is adopted). */
  on?: readonly string[];
}

export interface Outcome {
  /** Expected critical survivors (RPM ≤ 9), all survivors, vehicles lost. */
  critical: number;
  all: number;
  lost: number;
  /** Whether the checker replayed the trace, and what it found wrong (null: nothing). */
  checked: boolean;
  violation: string | null;
  name: string;
  description: string;
}

/** Parsed scenarios kept per thread: one scenario's runs usually follow each other. */
const scenarios = new Map<string, { raw: Record<string, unknown>; scenario: Scenario }>();

function scenarioOf(family: number, index: number): { raw: Record<string, unknown>; scenario: Scenario } {
  const key = `${family}:${index}`;
  let s = scenarios.get(key);
  if (!s) {
    const raw = generateScenario(family, index);
    s = { raw, scenario: parseScenario(raw) };
    if (scenarios.size >= 8) scenarios.delete(scenarios.keys().next().value!);
    scenarios.set(key, s);
  }
  return s;
}

/** `optimal` with `--on` terms, made once per thread. */
let switched: { key: string; policy: Policy } | null = null;

export function runTask(t: Task): Outcome {
  const { raw, scenario } = scenarioOf(t.family, t.index);
  const seed = scenario.seed + t.k;
  const on = t.policy === 'optimal' && t.on && t.on.length > 0 ? t.on : null;
  if (on && switched?.key !== on.join(',')) switched = { key: on.join(','), policy: makeOptimalPolicy(switchedParams([], on)) };
  const result = on ? simulate(scenario, switched!.policy, { seed, trace: t.check }) : runPolicy(scenario, t.policy, seed, t.check);
  const m = metricsOf(result);
  let violation: string | null = null;
  if (t.check) {
    const check = checkTrace(raw, JSON.parse(JSON.stringify(result.trace)) as Record<string, unknown>[]);
    if (check.errors.length > 0) violation = `${scenario.name} ${t.policy} seed ${seed}: ${check.errors[0]}`;
    else if (Math.abs(check.totalSurvival - m.expectedSurvivors.all) > 5e-5) violation = `${scenario.name} ${t.policy} seed ${seed}: checker ${check.totalSurvival} ≠ ${m.expectedSurvivors.all}`;
  }
  return { critical: m.expectedSurvivors.critical, all: m.expectedSurvivors.all, lost: m.vehiclesLost, checked: t.check, violation, name: scenario.name, description: String(raw['description']) };
}
