// A number typed in Ukrainian or English (session 49 review: "1,5" in the claim form's figure was saved as 15, a
// radius of "0,5" as 5, a latitude of "48,59" as 4859).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberRead } from '../src/ui/number.ts';

test('a decimal comma or point reads as typed, in either language', () => {
  for (const lang of ['uk', 'en'] as const) {
    assert.equal(numberRead('1,5', lang), 1.5);
    assert.equal(numberRead('0,5', lang), 0.5);
    assert.equal(numberRead('48,59', lang), 48.59);
    assert.equal(numberRead('48.59', lang), 48.59);
    assert.equal(numberRead(' -37,99 ', lang), -37.99);
    assert.equal(numberRead('−12', lang), -12);
    assert.equal(numberRead('60', lang), 60);
    assert.equal(numberRead('', lang), undefined);
    assert.equal(numberRead('  ', lang), undefined);
  }
  assert.equal(numberRead('48,590', 'uk'), 48.59);
  assert.equal(numberRead('1 500', 'uk'), 1500);
  assert.equal(numberRead('1\u00a0500,5', 'uk'), 1500.5);
});

test('anything else is refused, never guessed', () => {
  for (const lang of ['uk', 'en'] as const)
    for (const v of ['1,5,0', '1.5.0', '1,', 'abc', '1e308', '12 34', '1-2', ',', '--1', '1,5 м'])
      assert.equal(numberRead(v, lang), null, `${lang} ${v}`);
  assert.equal(numberRead('1,500', 'en'), null, 'a thousand and five hundred, or one and a half');
});
