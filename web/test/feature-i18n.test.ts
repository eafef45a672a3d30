// Issue 9 item 8: the features' own string tables (typed alike in both languages) have the same keys and
// placeholders, Ukrainian counts use all of Ukrainian's plural forms, and the first visit follows the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ct } from '../src/field/card-i18n.ts';
import { cs } from '../src/console/console-i18n.ts';
import { ft } from '../src/facility/i18n.ts';
import { lt } from '../src/list/i18n.ts';
import { at } from '../src/admin/i18n.ts';
import { st } from '../src/shell-i18n.ts';
import { mt } from '../src/mci/i18n.ts';
import { rt } from '../src/corrections/i18n.ts';
import { browserLang, setLang } from '../src/i18n.ts';
import { pluralOf } from '../src/i18n-table.ts';

const TABLES = { ct, cs, ft, lt, at, st, mt, rt };
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const base = (k: string): string => k.split('#')[0]!;

test('every feature table has the same keys and placeholders in English and Ukrainian, none empty, none untranslated', () => {
  for (const [name, tr] of Object.entries(TABLES)) {
    const en = tr.tables.en as Record<string, string>;
    const uk = tr.tables.uk as Record<string, string>;
    assert.deepEqual([...new Set(Object.keys(uk).map(base))].sort(), [...new Set(Object.keys(en).map(base))].sort(), name);
    for (const [k, v] of Object.entries(uk)) {
      assert.ok(v.trim(), `${name} uk ${k} empty`);
      const enV = en[k] ?? en[`${base(k)}#other`]!;
      assert.deepEqual(placeholders(v), placeholders(enV), `${name} ${k}`);
      if (/[a-z]{4,}/.test(enV) && !/^(CAT|SOFTT-W)$/.test(enV)) assert.notEqual(v, enV, `${name} ${k} not translated`);
    }
  }
});

test('counts follow the plural rules of the language', () => {
  for (const [name, tr] of Object.entries(TABLES)) {
    const plurals = new Set(Object.keys(tr.tables.en).filter((k) => k.includes('#')).map(base));
    for (const p of plurals) for (const c of ['one', 'few', 'many']) assert.ok(`${p}#${c}` in tr.tables.uk, `${name} uk ${p}#${c}`);
  }
  setLang('uk');
  assert.deepEqual([1, 2, 5, 21, 22, 25, 11].map((n) => lt.n('list.count', n)), ['1 поранений', '2 поранені', '5 поранених', '21 поранений', '22 поранені', '25 поранених', '11 поранених']);
  assert.equal(pluralOf(1.5), 'other');
  setLang('en');
  assert.deepEqual([1, 2].map((n) => lt.n('list.count', n)), ['1 casualty', '2 casualties']);
  assert.equal(cs.n('jump.plan', 1), 'Recommendation (1) ↓');
});

test('the first visit follows the browser language: Ukrainian for uk*, English for anything else', () => {
  assert.equal(browserLang(['uk-UA', 'en']), 'uk');
  assert.equal(browserLang(['uk']), 'uk');
  assert.equal(browserLang(['ru-RU', 'uk']), 'en');
  assert.equal(browserLang(['en-GB']), 'en');
  assert.equal(browserLang([]), 'en');
});
