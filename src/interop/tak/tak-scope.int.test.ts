// TAK writes in scope (session 22's attack review): the link shows TAK only casualties of `TAK_UNITS`, because a TAK
// network reaches far more people than our roles (docs/security.md); but what TAK sent back went through an unscoped
// process door, and a marker's uid `GH-CAS-<id>` names our casualty. So anyone on the TAK network could cancel
// (`t-x-d-d`) or rewrite (a 9-line) the evacuation request of a casualty the link never showed them. Now a casualty
// outside the link's scope does not exist for TAK, for writes as for reads: what TAK sends about it is ignored.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoT } from '../cot/node-cot.ts';
import { TakBridge } from './index.ts';
import { sampleCasualty } from '../sample.ts';
import { openSqliteStore } from '../../storage/sqlite.ts';

const NOW = '2026-03-01T10:45:00.000Z';
const sample = sampleCasualty({ seed: 'tak-scope', position: { lat: 48.58678, lon: 38.04631 }, injuredAt: '2026-03-01T10:00:00.000Z', severity: 3 });
/** ATAK's delete of a marker, aimed at our casualty's uid. */
const deleteOf = (uid: string): CoT =>
  new CoT(readFileSync(new URL('../cot/fixtures/atak-9line-delete.xml', import.meta.url), 'utf8').replaceAll('7c1e2f0a-51b3-4c4e-9d7c-2a1b3c4d5e6f', uid));

test('TAK cannot cancel the evacuation request of a casualty its link does not show', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-tak-scope-'));
  const store = await openSqliteStore({ dataDir: dir });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  await store.append(sample.events, NOW);
  const uid = `GH-CAS-${sample.state.id}`;
  assert.equal((await store.casualty(sample.state.id))?.state.evac.cancelled, false);
  // The link shows a-coy only; the sample casualty (no unit) is not shown to TAK.
  const scoped = new TakBridge({ store, now: () => NOW, scope: { units: ['a-coy'] } });
  assert.equal((await scoped.snapshot()).filter((c) => c.uid() === uid).length, 0, 'not shown');
  const r = await scoped.receive(deleteOf(uid));
  assert.equal(r.kind, 'ignored', JSON.stringify(r));
  assert.equal((await store.casualty(sample.state.id))?.state.evac.cancelled, false, 'cancelled by TAK');
  // A link that shows every casualty may cancel it (ATAK's delete of a marker it was shown).
  const all = new TakBridge({ store, now: () => NOW, scope: 'all' });
  assert.equal((await all.receive(deleteOf(uid))).kind, 'delete');
  assert.equal((await store.casualty(sample.state.id))?.state.evac.cancelled, true);
});
