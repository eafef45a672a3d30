// What a claim's recorded figures counted, said in the reader's language (session 22): the claim screen printed the
// server's English sentence ("within 2000 m of 48.60, 38.00 (positions to 0.01°, whole days), …") in Ukrainian too.
// The basis is data now (`RecordedBasis`); the web says it in uk and en, and the server's stored note in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basisText } from '../src/accounting/basis.ts';
import { setLang } from '../src/i18n.ts';
import { inZone } from './zone.ts';
import { RecordedBasis, basisInEnglish } from '../../src/core/claims.ts';

const plain = (s: string): string => s.replaceAll('\u00a0', ' ').replaceAll('\u2011', '-');
const south = RecordedBasis.parse({ kind: 'cells', lat: -33.87, lon: -151.21, radiusM: 3000, from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z' });
const cells = RecordedBasis.parse({ kind: 'cells', lat: 48.6, lon: 38, radiusM: 2000, from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T23:59:59.999Z' });
const place = RecordedBasis.parse({ kind: 'place', radiusM: 500, from: '2026-03-01T06:30:00Z', to: '2026-03-01T09:00:00Z' });
const day = RecordedBasis.parse({ kind: 'place', radiusM: 1500, from: '2026-03-01T00:00:00Z', to: '2026-03-01T23:59:59.999Z' });
const linked = RecordedBasis.parse({ kind: 'linked' });

test('the basis in Ukrainian: no English word, distances with units, times in the app\'s clock with its zone', () => inZone('Europe/Kyiv', () => {
  setLang('uk');
  try {
    assert.equal(plain(basisText(linked)), 'Пораховано: пов’язаних із заявою');
    assert.equal(plain(basisText(cells)), 'Пораховано за клітинками 0,01° і цілими добами UTC (не точне місце й час): у радіусі 2 км від 48,60°, 38,00°, 01.03.2026 – 02.03.2026 (UTC)');
    assert.equal(plain(basisText(place)), 'Пораховано: у радіусі 500 м від заявленого місця, 01.03 08:30 – 01.03 11:00 (UTC+2)');
    assert.equal(plain(basisText(day)), 'Пораховано: у радіусі 1,5 км від заявленого місця, 01.03.2026 (UTC)');
    for (const b of [linked, cells, place, day]) assert.doesNotMatch(basisText(b).replaceAll('UTC', ''), /[A-Za-z]/, 'no Latin letters but the zone');
  } finally {
    setLang('en');
  }
}));

test('the basis in English; only a coarse answer says it is by cell and whole days', () => inZone('Europe/Kyiv', () => {
  setLang('en');
  assert.equal(plain(basisText(linked)), 'Counted: casualties linked to the claim');
  assert.equal(plain(basisText(cells)), 'Counted by 0.01° cell and whole UTC days (not exact place and time): within 2 km of 48.60°, 38.00°, 01.03.2026 – 02.03.2026 (UTC)');
  assert.equal(plain(basisText(place)), 'Counted: within 500 m of the claimed place, 01.03 08:30 – 01.03 11:00 (UTC+2)');
  assert.match(plain(basisText(south)), /within 3 km of -33\.87°, -151\.21°, 01\.03\.2026 \(UTC\)$/);
  for (const b of [place, day]) assert.doesNotMatch(basisText(b), /cell|whole/);
}));

test('the basis in English, as comparison notes said it before session 23 (read back by keptFromNote)', () => inZone('Europe/Kyiv', () => {
  assert.equal(basisInEnglish(linked), 'linked casualties');
  assert.equal(basisInEnglish(cells), 'within 2000 m of 48.60, 38.00 (positions to 0.01°, whole days), 2026-03-01T00:00:00.000Z – 2026-03-02T23:59:59.999Z');
  assert.equal(basisInEnglish(place), 'within 500 m, 2026-03-01T06:30:00Z – 2026-03-01T09:00:00Z');
}));

test('a basis counted as of the start of a UTC day (those who see no casualty) says so in both languages', () => inZone('Europe/Kyiv', () => {
  const asOf = RecordedBasis.parse({ kind: 'linked', asOf: '2026-03-05T00:00:00.000Z' });
  const cellsAsOf = RecordedBasis.parse({ ...cells, asOf: '2026-03-05T00:00:00.000Z' });
  setLang('uk');
  try {
    assert.equal(plain(basisText(asOf)), 'Пораховано: пов’язаних із заявою · внесено до 05.03.2026 (UTC)');
    assert.match(plain(basisText(cellsAsOf)), / · внесено до 05\.03\.2026 \(UTC\)$/);
  } finally {
    setLang('en');
  }
  assert.equal(plain(basisText(asOf)), 'Counted: casualties linked to the claim · recorded before 05.03.2026 (UTC)');
  assert.equal(basisInEnglish(asOf), 'linked casualties (as of 2026-03-05T00:00:00.000Z)');
  assert.equal(basisInEnglish(cellsAsOf), 'within 2000 m of 48.60, 38.00 (positions to 0.01°, whole days), 2026-03-01T00:00:00.000Z – 2026-03-02T23:59:59.999Z (as of 2026-03-05T00:00:00.000Z)');
}));
