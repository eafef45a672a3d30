// The header's two field views are named alike in both languages: en said "Field / Operations" where uk said
// "Медик / Диспетчер" (who uses it), so a bilingual team named the same screen two ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLES } from '../src/i18n.ts';

test('the header names the medic\'s and the dispatcher\'s views with the same meaning in uk and en', () => {
  assert.deepEqual([TABLES.en['nav.field'], TABLES.en['nav.console']], ['Medic', 'Dispatcher']);
  assert.deepEqual([TABLES.uk['nav.field'], TABLES.uk['nav.console']], ['Медик', 'Диспетчер']);
});
