// A threat zone's times in the app's one format (web/src/console/when.ts): what the field shows reads back as the same
// minute, whatever the instant; the forms a dispatcher types; what reads as no time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { whenRead, whenText } from '../src/console/when.ts';

const NOW = new Date(2026, 11, 5, 9, 30).getTime(); // 05.12.2026 09:30, local

test('a zone time is written as the app writes a time: HH:MM today, DD.MM HH:MM another day, the year when far', () => {
  assert.equal(whenText(new Date(2026, 11, 5, 7, 5).toISOString(), NOW), '07:05');
  assert.equal(whenText(new Date(2026, 11, 6, 23, 59).toISOString(), NOW), '06.12 23:59');
  assert.equal(whenText(new Date(2027, 0, 2, 6, 0).toISOString(), NOW), '02.01 06:00'); // next month, next year: the nearest
  assert.equal(whenText(new Date(2026, 0, 1, 6, 0).toISOString(), NOW), '01.01.2026 06:00'); // "01.01" would be next January
  assert.equal(whenText(undefined, NOW), '');
});

test('what a dispatcher types: today, a day, a day and year, the older ISO-like form; nonsense reads as no time', () => {
  assert.equal(whenRead('7:05', NOW), new Date(2026, 11, 5, 7, 5).toISOString());
  assert.equal(whenRead(' 06.12 23:59 ', NOW), new Date(2026, 11, 6, 23, 59).toISOString());
  assert.equal(whenRead('02.01 06:00', NOW), new Date(2027, 0, 2, 6, 0).toISOString());
  assert.equal(whenRead('01.01.2026 06:00', NOW), new Date(2026, 0, 1, 6, 0).toISOString());
  assert.equal(whenRead('2026-01-01 06:00', NOW), new Date(2026, 0, 1, 6, 0).toISOString());
  assert.equal(whenRead('', NOW), undefined);
  for (const bad of ['24:00', '12:60', '31.02 10:00', '10.13 10:00', 'tomorrow', '1405', '05.12.26 10:00']) assert.equal(whenRead(bad, NOW), null, bad);
});

test('property: any minute within five years, written, reads back as itself', () => {
  const span = 5 * 365 * 86_400_000;
  fc.assert(fc.property(fc.integer({ min: -span / 60_000, max: span / 60_000 }), fc.integer({ min: -span / 60_000, max: span / 60_000 }), (a, b) => {
    const now = NOW + a * 60_000;
    const at = new Date(NOW + b * 60_000);
    // A wall-clock minute that a daylight-saving change makes twice (or never) names no one instant.
    if (new Date(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()).getTime() !== at.getTime()) return;
    assert.equal(whenRead(whenText(at.toISOString(), now), now), at.toISOString());
  }), { numRuns: 2000 });
});
