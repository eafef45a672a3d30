// Instants and their offsets: exactly the offsets clocks use (-12:00 to +14:00) and Z are taken, whatever the
// instant; an offset ISO allows beyond them is refused (PostgreSQL stores no more than ±15:59:
// test/attack/time-offset.int.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Instant } from './time.ts';

const pad = (n: number): string => String(n).padStart(2, '0');
const offsetText = (min: number): string => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;

test('an instant with any offset from -12:00 to +14:00 or Z is taken; one beyond, up to ±23:59, is refused', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2014-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), (d, min) => {
      const local = new Date(d.getTime() + min * 60_000).toISOString().slice(0, 19);
      const real = min >= -12 * 60 && min <= 14 * 60;
      assert.equal(Instant.safeParse(`${local}${offsetText(min)}`).success, real, `${local}${offsetText(min)}`);
      assert.equal(Instant.safeParse(`${d.toISOString()}`).success, true);
    }),
    { numRuns: 500 },
  );
});
