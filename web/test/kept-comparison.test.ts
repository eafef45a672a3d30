// A comparison kept as claim evidence, said in the reader's language (session 23): it was the server's English
// sentence ("Golden Hour recorded (linked casualties (as of …)): 4 casualties, 1 killed in action, …"), shown on the
// Ukrainian screen too (marked lang="en"). Now it is data (`ComparisonView`), said with the live comparison's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonText } from '../src/accounting/basis.ts';
import { setLang } from '../src/i18n.ts';
import { inZone } from './zone.ts';
import { ComparisonView } from '../../src/core/claims.ts';

const plain = (s: string): string => s.replaceAll('\u00a0', ' ').replaceAll('\u2011', '-');
const basis = { kind: 'linked', asOf: '2026-03-05T00:00:00.000Z' } as const;
const claimed = { value: 60, qualifier: 'about' };
const exact = ComparisonView.parse({ basis, claimed, counts: { casualties: 4, killedInAction: 1, diedOfWounds: 1, wounded: 2, stillOpen: 0 } });
const cells = ComparisonView.parse({ basis: { kind: 'cells', lat: 48.6, lon: 38, radiusM: 2000, from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z', asOf: basis.asOf }, claimed, counts: { casualties: 7, killedInAction: '<5', diedOfWounds: 'suppressed', stillOpen: 0 } });
const withheld = ComparisonView.parse({ basis: { kind: 'place', radiusM: 5, from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z' }, claimed: { value: 3, qualifier: null }, counts: null });

test('a kept comparison in Ukrainian: no Latin word but UTC, the live comparison\'s words', () => inZone('Europe/Kyiv', () => {
  setLang('uk');
  try {
    assert.equal(plain(comparisonText(exact)), 'Зафіксовано — постраждалих: 4, загинули в бою: 1, померли від ран: 1, поранені: 2, ще не завершено: 0; заявлено: близько 60. Пораховано: пов’язаних із заявою · внесено до 05.03.2026 (UTC)');
    assert.match(plain(comparisonText(cells)), /^Зафіксовано — постраждалих: 7, загинули в бою: <5, померли від ран: приховано, ще не завершено: 0; заявлено: близько 60\. Пораховано за клітинками/);
    assert.match(plain(comparisonText(withheld)), /^Зафіксовано — вам не показано .*; заявлено: 3\. Пораховано: у радіусі 5 м/);
    for (const c of [exact, cells, withheld]) assert.doesNotMatch(comparisonText(c).replaceAll('UTC', ''), /[A-Za-z]/, comparisonText(c));
  } finally {
    setLang('en');
  }
}));

test('a kept comparison in English; an analyst\'s cells and a withheld count say so', () => inZone('Europe/Kyiv', () => {
  setLang('en');
  assert.equal(plain(comparisonText(exact)), 'Recorded — casualties: 4, killed in action: 1, died of wounds: 1, wounded: 2, still open: 0; claimed: about 60. Counted: casualties linked to the claim · recorded before 05.03.2026 (UTC)');
  assert.match(plain(comparisonText(cells)), /^Recorded — casualties: 7, killed in action: <5, died of wounds: suppressed, still open: 0; claimed: about 60\. Counted by 0\.01° cell/);
  assert.match(plain(comparisonText(withheld)), /^Recorded — not shown to you .*; claimed: 3\. Counted: within 5 m of the claimed place, 01\.03\.2026 \(UTC\)$/);
}));
