// The clock/sync, hand-over and PIN-lock strings (web/src/{sync,handover,vault}/i18n.ts): same keys and placeholders in
// both languages, none empty, Ukrainian translated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sync from '../src/sync/i18n.ts';
import * as handover from '../src/handover/i18n.ts';
import * as vault from '../src/vault/i18n.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
/** A count's forms (`key#one` …): Ukrainian has more of them than English; they are one key. */
const base = (k: string): string => k.split('#')[0]!;

for (const [name, { en, uk }] of Object.entries({ sync, handover, vault }) as [string, { en: Record<string, string>; uk: Record<string, string> }][]) {
  test(`${name} strings: same keys and placeholders in uk and en, none empty, none untranslated`, () => {
    assert.deepEqual([...new Set(Object.keys(uk).map(base))].sort(), [...new Set(Object.keys(en).map(base))].sort());
    for (const k of Object.keys(en).filter((x) => x.includes('#'))) for (const c of ['one', 'few', 'many']) assert.ok(`${base(k)}#${c}` in uk, `uk ${base(k)}#${c}`);
    for (const k of Object.keys(uk)) {
      const enV = en[k] ?? en[`${base(k)}#other`]!;
      assert.ok(uk[k]!.trim() && enV.trim(), k);
      assert.deepEqual(placeholders(uk[k]!), placeholders(enV), k);
      if (/[a-z]{4,}/.test(enV.replace(/\{\w+\}/g, ''))) assert.notEqual(uk[k], enV, k);
    }
  });
}
