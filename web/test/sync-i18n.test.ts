// The clock/sync, hand-over and PIN-lock strings (web/src/{sync,handover,vault}/i18n.ts): same keys and placeholders in
// both languages, none empty, Ukrainian translated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sync from '../src/sync/i18n.ts';
import * as handover from '../src/handover/i18n.ts';
import * as vault from '../src/vault/i18n.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

for (const [name, { en, uk }] of Object.entries({ sync, handover, vault }) as [string, { en: Record<string, string>; uk: Record<string, string> }][]) {
  test(`${name} strings: same keys and placeholders in uk and en, none empty, none untranslated`, () => {
    assert.deepEqual(Object.keys(uk).sort(), Object.keys(en).sort());
    for (const k of Object.keys(en)) {
      assert.ok(uk[k]!.trim() && en[k]!.trim(), k);
      assert.deepEqual(placeholders(uk[k]!), placeholders(en[k]!), k);
      if (/[a-z]{4,}/.test(en[k]!.replace(/\{\w+\}/g, ''))) assert.notEqual(uk[k], en[k], k);
    }
  });
}
