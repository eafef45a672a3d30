// Issue 9 item 9: one clock format with units everywhere; a duration can never be read as another one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dur } from '../src/fmt.ts';
import { setLang } from '../src/i18n.ts';

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
