// Map labels of nearby casualties, vehicles and facilities never overlap: they are moved apart on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { declutter } from '../src/map/declutter.ts';
import type { Box } from '../src/map/declutter.ts';

const overlap = (a: Box, b: Box): boolean => Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;

test('a pile of labels at one point is spread so that none overlaps, the first stays in place', () => {
  const boxes: Box[] = [];
  for (let i = 0; i < 15; i++) boxes.push({ x: 300 + (i % 3), y: 200 + (i % 2), w: 60 + (i % 4) * 30, h: 22 });
  const off = declutter(boxes);
  assert.deepEqual(off[0], [0, 0]);
  const moved = boxes.map((b, i) => ({ ...b, x: b.x + off[i]![0], y: b.y + off[i]![1] }));
  for (let i = 0; i < moved.length; i++)
    for (let j = i + 1; j < moved.length; j++) assert.ok(!overlap(moved[i]!, moved[j]!), `labels ${i} and ${j} overlap`);
  // Still near their true position (a few label heights, not across the map).
  for (const [dx, dy] of off) assert.ok(Math.hypot(dx, dy) < 400, `moved ${dx},${dy}`);
});

test('labels far apart are left where they are', () => {
  const off = declutter([{ x: 10, y: 10, w: 50, h: 20 }, { x: 300, y: 300, w: 50, h: 20 }]);
  assert.deepEqual(off, [[0, 0], [0, 0]]);
});

/** The rule in its plainest form (every try of every label sorted afresh): the fast one must place exactly as this. */
function plainDeclutter(boxes: readonly Box[], rings = 12): [number, number][] {
  const placed: Box[] = [];
  return boxes.map((b) => {
    const rowStep = b.h + 3;
    const colStep = Math.max(b.w / 2, 24);
    const tries: [number, number][] = [];
    for (let r = 0; r <= rings; r++)
      for (let col = -r; col <= r; col++)
        for (let row = -r; row <= r; row++) if (Math.max(Math.abs(col), Math.abs(row)) === r) tries.push([col * colStep + 0, row * rowStep + 0]);
    tries.sort((p, q) => Math.hypot(p[0], p[1] * 1.5) - Math.hypot(q[0], q[1] * 1.5) || q[1] - p[1]);
    const clear = (x: number, y: number): boolean => placed.every((o) => !(Math.abs(x - o.x) * 2 < b.w + o.w + 6 && Math.abs(y - o.y) * 2 < b.h + o.h + 6));
    const off = tries.find(([dx, dy]) => clear(b.x + dx, b.y + dy)) ?? [0, 0];
    placed.push({ ...b, x: b.x + off[0], y: b.y + off[1] });
    return off;
  });
}

test('labels are placed exactly as the plain rule places them, for any labels and any number of rings (property)', () => {
  const box = fc.record({ x: fc.integer({ min: 0, max: 400 }), y: fc.integer({ min: 0, max: 300 }), w: fc.integer({ min: 10, max: 160 }), h: fc.constantFrom(18, 22, 36) });
  fc.assert(fc.property(fc.array(box, { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), (boxes, rings) => {
    assert.deepEqual(declutter(boxes, rings), plainDeclutter(boxes, rings));
  }), { numRuns: 150 });
});
