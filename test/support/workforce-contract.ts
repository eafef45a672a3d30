// The workforce log's contract, run on every adapter beside the store contract (sqlite/postgres .int.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkforceFact } from '../../src/core/index.ts';
import { contentId } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import type { OpenStore } from './store-contract.ts';
import { withMigratedStore } from './store-contract.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const fact = (i: number, clinicianId = `c${i}`): WorkforceFact => ({
  id: contentId(`wf-${i}-${clinicianId}`), at: NOW, author: 'test', type: 'clinician.recorded',
  payload: { id: clinicianId, name: `Clinician ${i} ✚ ünï`, profession: 'nurse', specialties: [], credentials: [], training: [], experienceYears: 1, casesLast12Months: 0, languages: ['uk'], status: 'mobilised', availability: [] },
});

export function workforceContract(name: string, open: OpenStore): void {
  const withStore = (fn: (s: Store) => Promise<void>): Promise<void> => withMigratedStore(open, fn);
  describe(`Workforce log contract: ${name}`, () => {
    it('appends facts, reads them back by cursor and by subject; re-appending is a no-op', async () => {
      await withStore(async (s) => {
        const facts = [fact(1), fact(2), { ...fact(3, 'c1'), at: '2026-03-02T00:00:00.000Z' }];
        const r = await s.workforce.appendFacts(facts, NOW);
        assert.equal(r.accepted, 3);
        assert.equal(r.head, 3);
        assert.deepEqual((await s.workforce.factsAfter(0, 10)).map(({ seq: _s, ...f }) => f), facts);
        assert.deepEqual((await s.workforce.factsAfter(1, 1)).map((f) => f.seq), [2]);
        assert.deepEqual((await s.workforce.factsOf('c1')).map((f) => f.id), [facts[0]!.id, facts[2]!.id]);
        const again = await s.workforce.appendFacts([facts[1]!, fact(4)], NOW);
        assert.deepEqual(again.results.map((x) => [x.seq, x.duplicate]), [[2, true], [4, false]]);
        assert.equal(await s.workforce.factsHead(), 4);
        assert.equal(await s.head(), 0, 'the casualty log is untouched');
      });
    });

    it('a batch that fails part-way stores nothing', async () => {
      await withStore(async (s) => {
        const bad = { ...fact(2), type: 'no-such-type' } as unknown as WorkforceFact;
        await assert.rejects(s.workforce.appendFacts([fact(1), bad], NOW));
        assert.deepEqual(await s.workforce.factsAfter(0, 10), []);
        assert.equal(await s.workforce.factsHead(), 0);
      });
    });
  });
}
