// A fast seeded subset of the held-out family (src/sim/generate.ts, family 2, small sizes): optimal must not fall
// below `closest` on any of its scenarios (mean expected critical survivors over the seeds). The full family is
// `npm run bench:dispatch-heldout`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../sim/generate.ts';
import { metricsOf } from '../sim/metrics.ts';
import { runPolicy } from '../sim/run.ts';
import { parseScenario } from '../sim/scenario.ts';

const SCENARIOS = 10;
const SEEDS = 10;

test('held-out subset: optimal ≥ closest on every scenario (family 2, 10 scenarios × 10 seeds, as in the goal)', () => {
  const losses: string[] = [];
  for (let i = 0; i < SCENARIOS; i++) {
    const scenario = parseScenario(generateScenario(2, i, { maxVehicles: 8, maxCasualties: 20 }));
    const mean = (p: 'closest' | 'optimal'): number => {
      let sum = 0;
      for (let k = 0; k < SEEDS; k++) sum += metricsOf(runPolicy(scenario, p, scenario.seed + k, false)).expectedSurvivors.critical;
      return sum / SEEDS;
    };
    const [o, c] = [mean('optimal'), mean('closest')];
    if (o < c - 1e-9) losses.push(`${scenario.name}: optimal ${o.toFixed(3)} < closest ${c.toFixed(3)}`);
  }
  assert.deepEqual(losses, []);
});
