// Every claim the shipped datasets make is one a person could enter (NewClaim): the importer writes its rows straight
// to the ledger, so a claim it builds that the schema refuses (a prisoners correction filed as equipment, session 49)
// would be stored, and then refused by any peer holding the same rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { NewClaim } from '../core/claims.ts';
import { allDatasetClaims } from './datasets.ts';
import { datasetDir } from './import.ts';

test('every claim built from the shipped datasets validates as entered', () => {
  const { claims } = allDatasetClaims(datasetDir(fileURLToPath(new URL('../../datasets/losses', import.meta.url))));
  assert.ok(claims.length > 1000, `${claims.length} claims`);
  const refused = claims.map((b) => ({ id: b.claim.id, r: NewClaim.safeParse(b.claim) })).filter((x) => !x.r.success);
  assert.deepEqual(refused.slice(0, 5).map((x) => `${x.id}: ${x.r.error!.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`), []);
});
