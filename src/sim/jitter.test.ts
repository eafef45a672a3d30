// DISP-90: jittered copies of a scenario, to read a policy's edge on a deterministic example over copies (docs/dispatch.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { haversineKm } from '../core/index.ts';
import { generateScenario } from './generate.ts';
import { jitterScenario } from './jitter.ts';
import { parseScenario } from './scenario.ts';
import { toPos } from './state.ts';

test('DISP-90 copy 0 is the scenario; a copy keeps every casualty but its time and place, within the bounds, and parses', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 10_000 }), (i, copy) => {
      const s = parseScenario(generateScenario(7, i));
      assert.equal(jitterScenario(s, 0), s);
      const j = jitterScenario(s, copy, { minutes: 0.5, metres: 40 });
      assert.deepEqual(jitterScenario(s, copy), j, 'the same copy is the same draw');
      assert.deepEqual(parseScenario(JSON.parse(JSON.stringify(j))), j);
      assert.equal(j.casualties.length, s.casualties.length);
      for (const [k, c] of j.casualties.entries()) {
        const o = s.casualties[k]!;
        assert.deepEqual({ ...c, atMin: 0, pos: [0, 0] }, { ...o, atMin: 0, pos: [0, 0] });
        assert.ok(Math.abs(c.atMin - o.atMin) <= 0.5 + 1e-9 && c.atMin >= 0);
        assert.ok(haversineKm(toPos(c.pos), toPos(o.pos)) <= 0.04 * Math.SQRT2 + 1e-3);
      }
      assert.deepEqual({ ...j, casualties: [] }, { ...s, casualties: [] }, 'vehicles, facilities, threats untouched');
    }),
    { numRuns: 40 },
  );
});

test('DISP-90 copies differ from each other and from the scenario', () => {
  const s = parseScenario(generateScenario(7, 3));
  const a = jitterScenario(s, 1);
  const b = jitterScenario(s, 2);
  assert.notDeepEqual(a.casualties, s.casualties);
  assert.notDeepEqual(a.casualties, b.casualties);
});
