import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposureKm, insideIntervals, legExposure, legKm, legMinutes, protectionOf, sampleHitKm, survivalOfLeg } from './travel.ts';
import type { Threat } from './travel.ts';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≠ ${b}`);
const KM_PER_DEG = (Math.PI / 180) * 6371.0088;

test('road distance is great circle × tortuosity; aircraft fly straight', () => {
  const a = { lat: 48, lon: 37 };
  const b = { lat: 49, lon: 37 };
  close(legKm(a, b, { straightLine: true }, 1.35), KM_PER_DEG);
  close(legKm(a, b, { straightLine: false }, 1.35), KM_PER_DEG * 1.35);
  close(legMinutes(45, 45), 60);
  assert.deepEqual(['armoured', 'drone', 'helicopter', 'ambulance', 'ugv', 'civilian-car'].map((k) => protectionOf(k as never)), ['armoured', 'air', 'air', 'unprotected', 'unprotected', 'unprotected']);
});

// A square 1° × 1° on the equator: a west–east segment through its middle, three squares long.
const square = [
  { lat: 0, lon: 0 },
  { lat: 0, lon: 1 },
  { lat: 1, lon: 1 },
  { lat: 1, lon: 0 },
];
const threat = (from = 0, to = 1000, p = 0.02): Threat => ({ id: 't', polygon: square, fromMin: from, toMin: to, lossPerKm: { unprotected: p, armoured: p / 5, air: 0 } });

test('fraction of a segment inside a polygon', () => {
  const iv = insideIntervals({ lat: 0.5, lon: -1 }, { lat: 0.5, lon: 2 }, square);
  assert.equal(iv.length, 1);
  close(iv[0]![0], 1 / 3);
  close(iv[0]![1], 2 / 3);
  assert.deepEqual(insideIntervals({ lat: 2, lon: -1 }, { lat: 2, lon: 2 }, square), []);
  const start = insideIntervals({ lat: 0.5, lon: 0.5 }, { lat: 0.5, lon: 2 }, square);
  close(start[0]![0], 0);
  close(start[0]![1], 1 / 3);
  // A concave polygon (U shape): the segment crosses its two arms.
  const u = [
    { lat: 0, lon: 0 }, { lat: 0, lon: 3 }, { lat: 3, lon: 3 }, { lat: 3, lon: 2 },
    { lat: 1, lon: 2 }, { lat: 1, lon: 1 }, { lat: 3, lon: 1 }, { lat: 3, lon: 0 },
  ];
  const arms = insideIntervals({ lat: 2, lon: -1 }, { lat: 2, lon: 4 }, u);
  assert.equal(arms.length, 2);
  close(arms[0]![0], 1 / 5);
  close(arms[0]![1], 2 / 5);
  close(arms[1]![0], 3 / 5);
  close(arms[1]![1], 4 / 5);
});

test('km inside a threat during its window, and the chance of crossing unharmed', () => {
  const a = { lat: 0.5, lon: -1 };
  const b = { lat: 0.5, lon: 2 };
  const km = legKm(a, b, { straightLine: false }, 1.35);
  const inside = km / 3;
  const exp = legExposure(a, b, km, 0, 60, [threat()], 'unprotected');
  close(exposureKm(exp), inside, 1e-6);
  close(survivalOfLeg(exp), Math.pow(0.98, inside), 1e-9);
  // Active only from minute 30 of a 60-minute leg: only the second half of the inside stretch counts.
  close(exposureKm(legExposure(a, b, km, 0, 60, [threat(30)], 'unprotected')), inside / 2, 1e-6);
  // Over before the leg starts, or a class with no loss: nothing.
  assert.deepEqual(legExposure(a, b, km, 100, 60, [threat(0, 50)], 'unprotected'), []);
  assert.deepEqual(legExposure(a, b, km, 0, 60, [threat()], 'air'), []);
  close(survivalOfLeg(legExposure(a, b, km, 0, 60, [threat()], 'armoured')), Math.pow(0.996, inside), 1e-9);
});

test('a sampled hit falls inside the exposed stretch, with the right frequency', () => {
  const exp = [{ threatId: 't', fromKm: 10, toKm: 20, lossPerKm: 0.05 }];
  let state = 12345;
  const draw = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let hits = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const h = sampleHitKm(exp, draw);
    if (h !== null) {
      hits++;
      assert.ok(h >= 10 && h <= 20);
    }
  }
  const p = 1 - Math.pow(0.95, 10);
  assert.ok(Math.abs(hits / n - p) < 0.02, `${hits / n} vs ${p}`);
});
