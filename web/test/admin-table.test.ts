// The administrator's lists say what a value means, in the reader's language: a vehicle's places in words with the
// console's own plural rules ("L2/S2" was read as a code), a facility's role of care by its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_COLUMNS } from '../src/admin/admin.ts';
import { setLang } from '../src/i18n.ts';

const cell = (kind: keyof typeof ADMIN_COLUMNS, key: string, item: Record<string, unknown>): string => {
  const col = ADMIN_COLUMNS[kind].find(([k]) => k === key);
  assert.ok(col, `${kind} has a column ${key}`);
  return col[1]({ id: 'x', ...item });
};

test('a vehicle\'s places are said in words, uk and en, and a medic aboard too', () => {
  setLang('en');
  assert.equal(cell('vehicles', 'places', { litter: 2, seated: 1, medic: true }), '2 litters, 1 seated · medic aboard');
  assert.equal(cell('vehicles', 'places', { litter: 1, seated: 0, medic: false }), '1 litter, 0 seated');
  setLang('uk');
  assert.equal(cell('vehicles', 'places', { litter: 2, seated: 1, medic: true }), '2 ноші, 1 сидяче · медик на борту');
  assert.equal(cell('vehicles', 'places', { litter: 5, seated: 4, medic: false }), '5 нош, 4 сидячі');
});

test('a facility\'s role of care is named, not coded', () => {
  setLang('en');
  assert.equal(cell('facilities', 'role', { role: 'R2' }), 'Role 2');
  setLang('uk');
  assert.equal(cell('facilities', 'role', { role: 'CCP' }), 'Пункт збору поранених');
});

test('a facility\'s operating tables are in the list: with none, the plan sends it no surgical casualty', () => {
  setLang('en');
  assert.equal(cell('facilities', 'surgicalTables', { surgicalTables: 2, tablesAvailable: 1 }), '1/2');
  assert.equal(cell('facilities', 'surgicalTables', {}), '0/0');
});
