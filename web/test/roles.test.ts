// Each role sees the views it uses in the header; nothing is hidden from a role that needs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewsFor } from '../src/roles.ts';

test('header views per role', () => {
  assert.deepEqual(viewsFor('medic'), ['field']);
  assert.deepEqual(viewsFor('dispatcher'), ['field', 'console', 'list']);
  assert.deepEqual(viewsFor('commander'), ['field', 'console', 'list', 'accounting']);
  assert.deepEqual(viewsFor('analyst'), ['accounting']);
  assert.deepEqual(viewsFor('editor'), ['accounting']);
  assert.deepEqual(viewsFor('facility'), ['facility', 'list']);
  assert.deepEqual(viewsFor('admin'), ['field', 'console', 'facility', 'list', 'accounting', 'admin', 'staff']);
  // Not signed in (or a role this build does not know): nothing hidden but the administrator's screens.
  assert.deepEqual(viewsFor(undefined), ['field', 'console', 'facility', 'list', 'accounting']);
  assert.deepEqual(viewsFor('auditor'), ['field', 'console', 'facility', 'list', 'accounting']);
  assert.deepEqual(viewsFor('personnel'), ['staff']);
});
