// Issue 9 item 9: one clock format with units everywhere; a duration can never be read as another one.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dur, durMin, time, zoneText } from '../src/fmt.ts';
import { setLang } from '../src/i18n.ts';
import { inZone } from './zone.ts';

const plain = (s: string): string => s.replaceAll('\u00a0', ' ');

test('durations carry their units: seconds under an hour, minutes from an hour on', () => {
  setLang('en');
  assert.equal(plain(dur(8 + 17 / 60)), '8 min 17 s');
  assert.equal(plain(dur(65)), '1 h 05 min');
  assert.equal(plain(dur(65 / 60)), '1 min 05 s');
  assert.equal(plain(dur(0)), '0 min 00 s');
  assert.equal(plain(dur(-3)), '0 min 00 s');
  setLang('uk');
  assert.equal(plain(dur(125)), '2 год 05 хв');
  assert.equal(plain(dur(0.5)), '0 хв 30 с');
  setLang('en');
});

test('a duration is one unbreakable piece: "0 хв" at a line\'s end and "18 с" on the next read as two times', () => {
  for (const lang of ['en', 'uk'] as const) {
    setLang(lang);
    for (const m of [0.3, 8 + 17 / 60, 65, 600]) {
      assert.doesNotMatch(dur(m), / /, dur(m));
      assert.doesNotMatch(durMin(m), / /, durMin(m));
    }
  }
  setLang('en');
});

test('a countdown reads in whole minutes rounded up ("in 12 min" until 11 min are left), a lateness rounded down, never 0', () => {
  setLang('en');
  assert.equal(plain(durMin(11 + 58 / 60)), '12 min');
  assert.equal(plain(durMin(11)), '11 min');
  assert.equal(plain(durMin(0.1)), '1 min');
  assert.equal(plain(durMin(65)), '1 h 05 min');
  assert.equal(plain(durMin(2 + 5 / 60, false)), '2 min');
  assert.equal(plain(durMin(0.2, false)), '1 min');
  setLang('uk');
  assert.equal(plain(durMin(12)), '12 хв');
  assert.equal(plain(durMin(125, false)), '2 год 05 хв');
  setLang('en');
});

test('two different durations never print the same text, and the text reads back as the duration', () => {
  setLang('en');
  const back = (s: string): number => {
    const m = /^(?:(\d+) h (\d\d) min|(\d+) min (\d\d) s)$/.exec(plain(s));
    assert.ok(m, `format of ${s}`);
    return m[1] !== undefined ? Number(m[1]) * 60 + Number(m[2]) : Number(m[3]) + Number(m[4]) / 60;
  };
  fc.assert(fc.property(fc.integer({ min: 0, max: 72 * 3600 }), (sec) => {
    const text = dur(sec / 60);
    const min = back(text);
    // Under an hour to the second, from an hour on to the minute.
    if (sec < 3600) assert.equal(Math.round(min * 60), sec);
    else assert.equal(min, Math.floor(sec / 60));
  }));
});

// SYNC-21 (session 24's bedside review): a clock time on a screen read without its zone ("22:30" on a phone left on
// Moscow time, "21:30" on the desk in Kyiv) is a misread tourniquet time. Each screen names its zone once; a time
// carries the zone itself when it is a tourniquet's, or when its offset is not the one named (daylight saving).
const at = (iso: string, tz: string, f: () => void): void => inZone(tz, () => {
  mock.timers.enable({ apis: ['Date'], now: Date.parse(iso) });
  try {
    f();
  } finally {
    mock.timers.reset();
  }
});

test('SYNC-21 a screen names its zone once; a time carries its own zone only for a tourniquet or when it is another one', () => {
  at('2026-07-01T12:00:00Z', 'Europe/Kyiv', () => {
    setLang('uk');
    assert.equal(zoneText(), 'Час: UTC+3');
    setLang('en');
    assert.equal(zoneText(), 'Times: UTC+3');
    assert.equal(time('2026-07-01T09:30:15Z'), '12:30');
    assert.equal(time('2026-07-01T09:30:15Z', { sec: true }), '12:30:15');
    assert.equal(time('2026-07-01T09:30:15Z', { zoned: true }), '12:30 UTC+3', 'a tourniquet time always says its zone');
    assert.equal(time('2026-06-30T20:30:00Z'), '30.06 23:30', 'another day: the date');
    assert.equal(time('2026-06-30T20:30:05Z', { sec: true }), '30.06 23:30:05', 'the timeline: another day has its date too');
    assert.equal(time('2026-03-28T08:00:00Z'), '28.03 10:00 UTC+2', 'before the change to summer time: not the zone named');
  });
  // The day summer time starts: 02:30 (UTC+2) and 04:30 (UTC+3) are an hour apart, not two.
  at('2026-03-29T12:00:00Z', 'Europe/Kyiv', () => {
    assert.equal(zoneText(), 'Times: UTC+3');
    assert.equal(time('2026-03-29T00:30:00Z'), '02:30 UTC+2');
    assert.equal(time('2026-03-29T01:30:00Z'), '04:30');
  });
  at('2026-07-01T12:00:00Z', 'Asia/Kolkata', () => assert.equal(time('2026-07-01T12:00:00Z', { zoned: true }), '17:30 UTC+5:30'));
  at('2026-07-01T12:00:00Z', 'UTC', () => assert.equal(zoneText(), 'Times: UTC'));
});

test('SYNC-21 readers in any zones read one instant from what their screen says: the time and the zone named (or its own)', () => {
  const ZONES = ['Europe/Kyiv', 'Europe/Moscow', 'UTC', 'America/St_Johns', 'Asia/Kolkata', 'Europe/London'];
  const NOW = Date.parse('2026-10-25T09:00:00Z'); // the day Kyiv and London leave summer time
  const offsetMin = (s: string): number => {
    const m = /^UTC(?:([+-])(\d+)(?::(\d\d))?)?$/.exec(s);
    assert.ok(m, `zone ${s}`);
    return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  };
  fc.assert(fc.property(fc.constantFrom(...ZONES), fc.integer({ min: -40 * 60, max: 40 * 60 }), fc.boolean(), (tz, min, zoned) => {
    const instant = NOW + min * 60_000 + 17_000;
    at(new Date(NOW).toISOString(), tz, () => {
      const text = time(new Date(instant).toISOString(), { zoned });
      const named = zoneText().replace('Times: ', '');
      const m = /^(?:(\d\d)\.(\d\d) )?(\d\d):(\d\d)(?: (UTC\S*))?$/.exec(text);
      assert.ok(m, `format of ${text}`);
      if (zoned) assert.ok(m[5], `${text}: a tourniquet's time says its zone`);
      const off = offsetMin(m[5] ?? named);
      // The date shown, else today's in that zone (the reader's day).
      const today = new Date(NOW + offsetMin(named) * 60_000);
      const month = m[2] ? Number(m[2]) - 1 : today.getUTCMonth();
      const day = m[1] ? Number(m[1]) : today.getUTCDate();
      const read = Date.UTC(2026, month, day, Number(m[3]), Number(m[4])) - off * 60_000;
      assert.equal(read, instant - 17_000, `${tz}: "${text}" (${named}) is ${new Date(instant).toISOString()}`);
    });
  }), { numRuns: 300 });
});
