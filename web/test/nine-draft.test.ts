// A kept 9-line draft against a newer recorded 9-line (web/src/field/nine-draft.ts): the lines the update changed
// take the recorded value, the others keep what was typed; a draft kept before it noted its base is kept whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DRAFT_FIELDS, supersede } from '../src/field/nine-draft.ts';
import type { DraftKey } from '../src/field/nine-draft.ts';
import type { NineLine } from '../../src/core/index.ts';

const base: NineLine = { location: { lat: 48.6, lon: 38 }, callSign: 'Sokil 21', frequency: '40.000', patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0, E: 0 }, patientsByType: { L: 1, A: 0 }, specialEquipment: ['A'] };
/** A 9-line with some of its lines changed (the key order of a nested value shuffled: not a change). */
const arbNow = fc.record({
  frequency: fc.option(fc.constantFrom('40.000', '51.000'), { nil: undefined }),
  callSign: fc.constantFrom('Sokil 21', 'Orel 5'),
  patientsByType: fc.constantFrom({ L: 1, A: 0 }, { L: 2, A: 0 }, { A: 0, L: 1 }, { A: 1, L: 1 }),
  patientsByPrecedence: fc.constantFrom(base.patientsByPrecedence, { E: 0, D: 0, C: 0, B: 0, A: 1 }, { ...base.patientsByPrecedence, B: 1 }),
  hazards: fc.option(fc.constantFrom('снайпер', 'mines'), { nil: undefined }),
  lon: fc.constantFrom(38, 38.1),
}).map(({ lon, ...r }): NineLine => ({ ...base, location: { lon, lat: 48.6 }, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) }) as NineLine);
const arbDraft = fc.record(Object.fromEntries((Object.keys(DRAFT_FIELDS) as DraftKey[]).map((k) => [k, fc.string({ maxLength: 3 })])), { requiredKeys: [] });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v)) === JSON.stringify(b, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

test('a line the newer 9-line changed takes its recorded value; a line it left alone keeps the draft; the changed lines are named', () => {
  fc.assert(fc.property(arbDraft, arbNow, (kept, now) => {
    const { draft, lines } = supersede(kept, base, now);
    const named = new Set<number>();
    for (const k of Object.keys(DRAFT_FIELDS) as DraftKey[]) {
      const [f, line] = DRAFT_FIELDS[k];
      const changed = !same(base[f] ?? null, now[f] ?? null);
      if (changed) assert.ok(!(k in draft), `${k}: ${f} changed, the draft's value goes`);
      else assert.equal(draft[k], kept[k], `${k}: unchanged, the draft's value stays`);
      if (changed && k in kept) named.add(line);
    }
    assert.deepEqual(lines, [...named].sort((a, b) => a - b));
  }));
});

test('the same 9-line as the draft was begun over supersedes nothing; a draft without a base is kept whole', () => {
  fc.assert(fc.property(arbDraft, arbNow, (kept, now) => {
    assert.deepEqual(supersede({ ...kept }, now, structuredClone(now)), { draft: { ...kept }, lines: [] });
    assert.deepEqual(supersede(kept, undefined, now), { draft: kept, lines: [] });
  }));
});

test('a draft begun before any 9-line was recorded: every line the recorded one has is newer', () => {
  const { draft, lines } = supersede({ freq: '44.150', hazards: 'x', nat: '1' }, null, base);
  assert.deepEqual(draft, { hazards: 'x', nat: '1' });
  assert.deepEqual(lines, [2]);
});
