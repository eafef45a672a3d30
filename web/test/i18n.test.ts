// (f) Every translation key exists in both languages, is non-empty, keeps the same {placeholders}, and every code of
// the core vocabularies shown in the interface has a label in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en, uk } from '../src/i18n.ts';
import { Mechanism, Limb, Precedence, BodyRegion, InjuryKind, MARCH, Outcome, Security, Marking, Cbrn, SpecialEquipment, EVENT_TYPES, OPEN_STAGES } from '../../src/core/index.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

test('both languages have exactly the same keys, none empty', () => {
  assert.deepEqual(Object.keys(uk).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(en)) assert.ok(v.trim(), `en ${k} is empty`);
  for (const [k, v] of Object.entries(uk)) assert.ok(v.trim(), `uk ${k} is empty`);
});

test('placeholders match between languages', () => {
  for (const k of Object.keys(en) as (keyof typeof en)[]) assert.deepEqual(placeholders(uk[k]), placeholders(en[k]), k);
});

test('Ukrainian strings are translated (not copies of the English) where they contain words', () => {
  const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === uk[k] && /[a-z]{4,}/.test(en[k]));
  assert.deepEqual(same, []);
});

test('every code shown in the interface has a label in both languages', () => {
  const need: string[] = [
    ...Mechanism.options.map((c) => `mech.${c}`),
    ...Limb.options.map((c) => `limb.${c}`),
    ...Precedence.options.map((c) => `prec.${c}`),
    ...BodyRegion.options.map((c) => `region.${c}`),
    ...InjuryKind.options.map((c) => `injury.${c}`),
    ...Object.values(MARCH).flat().map((c) => `tx.${c}`),
    ...Object.keys(MARCH).map((c) => `march.${c}`),
    ...Outcome.options.map((c) => `outcome.${c}`),
    ...Security.options.map((c) => `sec.${c}`),
    ...Marking.options.map((c) => `mark.${c}`),
    ...Cbrn.options.map((c) => `cbrn.${c}`),
    ...SpecialEquipment.options.map((c) => `equip.${c}`),
    ...EVENT_TYPES.map((c) => `ev.${c}`),
    ...[...OPEN_STAGES, 'closed'].map((c) => `stage.${c}`),
  ];
  const missing = need.filter((k) => !(k in en) || !(k in uk));
  assert.deepEqual(missing, []);
});
