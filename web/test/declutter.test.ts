// Map labels of nearby casualties, vehicles and facilities never overlap: they are moved apart on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
