// editor-locate: the coarse window a caller who sees no casualty is answered with (src/accounting/incident.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cellOf, coarseWindow, metresBetween } from './incident.ts';

const place = fc.record({ lat: fc.double({ min: -70, max: 70, noNaN: true }), lon: fc.double({ min: -179, max: 179, noNaN: true }) });

test('the coarse window holds every casualty of the claimed circle and window, each counted at its cell', () => {
  fc.assert(fc.property(place, fc.double({ min: 1, max: 50_000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.double({ min: 0, max: 1, noNaN: true }),
    (c, radiusM, r, bearing, start, span, when) => {
      const from = Date.UTC(2026, 0, 1) + start;
      const w = { ...c, radiusM, from: new Date(from).toISOString(), to: new Date(from + span).toISOString() };
      // A point inside the claimed circle (a small step in degrees along a bearing, kept only if truly inside).
      const d = (r * radiusM) / 111_320;
      const p = { lat: c.lat + d * Math.cos(bearing), lon: c.lon + (d * Math.sin(bearing)) / Math.cos((c.lat * Math.PI) / 180) };
      if (metresBetween(c, p) > radiusM) return;
      const k = coarseWindow(w);
      assert.ok(metresBetween(k, cellOf(p)) <= k.radiusM, 'its cell is inside the coarse circle');
      const t = from + Math.floor(when * span);
      assert.ok(Date.parse(k.from) <= t && t <= Date.parse(k.to), 'its time is inside the coarse window');
      assert.equal(k.radiusM % 1000, 0);
      assert.equal(Date.parse(k.from) % 86_400_000, 0);
      assert.equal((Date.parse(k.to) + 1) % 86_400_000, 0);
    }), { numRuns: 2000 });
});
