// A newcomer's first facility, typed in Ukrainian: the short id follows a Cyrillic name (it stayed empty, and saving
// said "Invalid input: expected string, received undefined"), and what the form refuses is said in the reader's
// language and says what to do (zod's English messages were shown on a Ukrainian screen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Facility, Slug } from '../../src/core/index.ts';
import { refusedLabels, slugOf } from '../src/admin/admin.ts';
import { fieldError } from '../src/ui/form.ts';
import { setLang } from '../src/i18n.ts';

test('a short id follows a Ukrainian name (transliterated), an English one as before', () => {
  assert.equal(slugOf('Стабпункт Краматорськ'), 'stabpunkt-kramatorsk');
  assert.equal(slugOf('3 штурмова рота'), '3-shturmova-rota');
  assert.equal(slugOf('Санітарка «Ґанок» 1, Щастя'), 'sanitarka-ganok-1-shchastia');
  assert.equal(slugOf('Слов’янськ'), 'sloviansk');
  assert.equal(slugOf('R2 Kramatorsk'), 'r2-kramatorsk');
  assert.equal(slugOf('Café Über'), 'cafe-uber');
  for (const name of ['Стабпункт Краматорськ', 'Їжак-Єва', 'Жовті Води']) assert.ok(Slug.safeParse(slugOf(name)).success, name);
});

test('what a form refuses is said in the reader\'s language', () => {
  const issues = (value: Record<string, unknown>) => {
    const r = Facility.safeParse(value);
    assert.ok(!r.success);
    return new Map(r.error.issues.map((i) => [String(i.path[0]), fieldError(i, value[String(i.path[0])], refusedLabels())]));
  };
  setLang('uk');
  const uk = issues({ role: 'R2', beds: -3, name: 'x'.repeat(200) });
  assert.equal(uk.get('id'), 'Обов’язкове поле');
  assert.equal(uk.get('beds'), 'Щонайменше 0');
  assert.equal(uk.get('name'), 'Некоректне значення');
  setLang('en');
  const en = issues({ id: 'r2', name: 'R2', role: 'R2', beds: 100_000, position: { lat: 48, lon: 37 } });
  assert.equal(en.get('beds'), 'At most 10000');
  assert.equal(en.size, 1);
  assert.equal(issues({ id: 'a b', name: 'R2', role: 'R2', beds: 1, position: { lat: 48, lon: 37 } }).get('id'), 'Not valid');
});
