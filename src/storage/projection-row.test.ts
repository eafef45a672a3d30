// Issue 16: a projection row's values and digests with each member of the state serialised once (projectionRow) are
// exactly summaryValues' and stateKeys' (the `state` column JSON.stringify's, byte for byte; the digests the
// triggers compare, migrations 022/029), for any state, with or without `omitted`, members undefined included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtySummary } from '../core/index.ts';
import { projectionRow, stateKeys, summaryValues } from './common.ts';

const PARTS = ['chain', 'evac', 'outcome', 'triage', 'precedence', 'destination', 'identity', 'position', 'tourniquets', 'stage', 'injuredAt', 'facilityId', 'vitals', 'vehicle', 'incident', 'notes'];
const member = fc.oneof(fc.jsonValue(), fc.constant(undefined));
const state = fc.dictionary(fc.oneof(fc.constantFrom(...PARTS), fc.string()), member, { maxKeys: 12 });
const summary = fc.record({
  state,
  omitted: fc.option(fc.dictionary(fc.string(), fc.nat()), { nil: undefined }),
  authors: fc.array(fc.string(), { maxLength: 3 }),
  lastSeq: fc.nat(),
}).map(({ state, omitted, authors, lastSeq }) => ({
  id: 'c', stage: 'point-of-injury', precedence: null, triage: null, unitId: 'u', facilityId: null, destinationId: null, vehicleId: null,
  incidentId: null, authors, injuredAt: null, lastSeq, updatedAt: '2026-12-04T00:00:00.000Z', state, ...(omitted ? { omitted } : {}),
}) as unknown as CasualtySummary);

describe('projectionRow (each member of the state serialised once)', () => {
  it('gives summaryValues and stateKeys exactly, for any state', () => {
    fc.assert(fc.property(summary, (s) => {
      const row = projectionRow(s);
      assert.deepEqual(row.values, summaryValues(s));
      assert.deepEqual(row.keys, stateKeys(s.state));
    }), { numRuns: 500 });
  });

  it('a state with an own `omitted` member and a summary `omitted`: the summary\'s wins, as in summaryValues', () => {
    const s = { ...fc.sample(summary, 1)[0]!, state: { omitted: { vitals: 1 }, vitals: [1] }, omitted: { notes: 2 } } as unknown as CasualtySummary;
    assert.deepEqual(projectionRow(s).values, summaryValues(s));
  });
});
