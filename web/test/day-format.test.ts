// One date format in the officer's and analyst's screens (web/src/ui/day.ts): a day is shown and typed as "05.12.2026",
// as the rest of the app writes dates, not in the browser's locale (an English Chromium's date picker read 12/05/2026).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayRead, dayText } from '../src/ui/day.ts';

test('a day is written DD.MM.YYYY, whatever the language', () => {
  assert.equal(dayText('2026-12-05'), '05.12.2026');
  assert.equal(dayText('2026-03-01T23:59:59.999Z'), '01.03.2026');
  assert.equal(dayText(undefined), '');
  assert.equal(dayText('yesterday'), '');
});

test('what an officer types: DD.MM.YYYY, D.M.YYYY, the ISO form; nonsense and the browser\'s mm/dd/yyyy read as no day', () => {
  assert.equal(dayRead('05.12.2026'), '2026-12-05');
  assert.equal(dayRead(' 5.3.2026 '), '2026-03-05');
  assert.equal(dayRead('2026-03-01'), '2026-03-01');
  assert.equal(dayRead(''), undefined);
  for (const bad of ['31.02.2026', '12/05/2026', '05.12.26', '5.13.2026', '00.01.2026', '2026-13-01', 'today']) assert.equal(dayRead(bad), null, bad);
});

test('property: any day from 1900 to 2200, written, reads back as itself', () => {
  const lo = Date.UTC(1900, 0, 1) / 86_400_000;
  const hi = Date.UTC(2200, 0, 1) / 86_400_000;
  fc.assert(fc.property(fc.integer({ min: lo, max: hi }), (n) => {
    const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
    assert.match(dayText(iso), /^\d\d\.\d\d\.\d{4}$/);
    assert.equal(dayRead(dayText(iso)), iso);
  }));
});

test('property: whatever is typed reads as a real day or as none, never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 14 }), (s) => {
    const v = dayRead(s);
    assert.ok(v === undefined || v === null || dayText(v) !== '', String(v));
  }));
});
