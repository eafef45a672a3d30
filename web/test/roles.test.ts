// Each role sees the views it uses in the header; nothing is hidden from a role that needs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewsFor } from '../src/roles.ts';

test('header views per role', () => {
  assert.deepEqual(viewsFor('medic'), ['field']);
  assert.deepEqual(viewsFor('dispatcher'), ['field', 'console']);
  assert.deepEqual(viewsFor('commander'), ['field', 'console', 'accounting']);
  assert.deepEqual(viewsFor('analyst'), ['accounting']);
  assert.deepEqual(viewsFor('editor'), ['accounting']);
  assert.deepEqual(viewsFor('facility'), ['facility']);
  assert.deepEqual(viewsFor('admin'), ['field', 'console', 'facility', 'accounting']);
  // Not signed in (or a role this build does not know): nothing hidden.
  assert.deepEqual(viewsFor(undefined), ['field', 'console', 'facility', 'accounting']);
  assert.deepEqual(viewsFor('auditor'), ['field', 'console', 'facility', 'accounting']);
});
