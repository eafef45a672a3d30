// An analyst's review (session 49): English figures showed raw codes ("mlrs", "uav", "tank: Claimed vs evidenced",
// "own"), the Ukrainian tourniquet chart said "running", and the analyst's tourniquet table listed "120-360" before
// "60-120"; and "підтверджено" named both a claim's status (corroborated) and Oryx's photo counts. Each code is a word
// a reader says, in both languages, the buckets come least time first, and photo counts are "documented".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, code, tqBucket, tqOrder } from '../src/accounting/i18n.ts';
import { setLang } from '../src/i18n.ts';

test('claim codes read as words in English too; tourniquet buckets said and ordered', () => {
  setLang('en');
  assert.deepEqual(['mlrs', 'uav', 'tank', 'own', 'air-defence', 'personnel'].map(code), ['MLRS', 'UAVs', 'tanks', 'own side', 'air defence', 'personnel']);
  assert.equal(tqBucket('running'), 'still on');
  assert.deepEqual(['running', '120-360', '<30', '>360', '60-120', '30-60'].sort((a, b) => tqOrder(a) - tqOrder(b)), ['<30', '30-60', '60-120', '120-360', '>360', 'running']);
  setLang('uk');
  assert.equal(tqBucket('running'), 'ще накладено');
  assert.equal(code('mlrs'), 'РСЗВ');
  assert.doesNotMatch([at('acc.tab.compare'), at('acc.cmp.evidenced'), at('acc.cmp.ratio'), at('acc.cav.2')].join(' '), /[Пп]ідтвердж/u, 'a status word, not the photo counts');
  setLang('en');
});
