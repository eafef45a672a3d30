// The ledger's schemas refuse what cannot be (session 49 review): a day the calendar has not, a date after tomorrow,
// a figure no count of people or equipment reaches or half a person, tanks counted as civilians killed, evidence first
// seen in the future, text-direction controls in free text, and a placeholder for the reason of a permanent change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradeChange, NewClaim, NewEvidence, ReplicatedEntry, StatusChange, categoriesOf } from './claims.ts';

const base = { claimant: 'MoD', claimantSide: 'adversary', subjectSide: 'russia', kind: 'personnel-killed', category: 'personnel', value: 575, valueKind: 'count', periodEnd: '2026-03-01' };
const issue = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string =>
  r.success ? 'accepted' : r.error!.issues.map((i) => i.path.join('.')).join(',');

test('a claim as entered is accepted', () => {
  assert.equal(issue(NewClaim.safeParse(base)), 'accepted');
  assert.equal(issue(NewClaim.safeParse({ ...base, kind: 'equipment', category: 'tank', value: 3, periodStart: '2026-02-28T00:00:00Z', publishedAt: '2026-03-02' })), 'accepted');
  assert.equal(issue(NewClaim.safeParse({ ...base, value: -12, valueKind: 'correction' })), 'accepted');
});

test('a day must exist and be no later than tomorrow', () => {
  for (const periodEnd of ['2026-02-30', '2026-13-45', '2025-02-29', '9999-12-31', '9999-01-01T00:00:00Z'])
    assert.match(issue(NewClaim.safeParse({ ...base, periodEnd })), /periodEnd/, periodEnd);
  assert.match(issue(NewClaim.safeParse({ ...base, periodStart: '2026-02-31' })), /periodStart/);
  assert.match(issue(NewClaim.safeParse({ ...base, publishedAt: '3000-01-01' })), /publishedAt/);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  assert.equal(issue(NewClaim.safeParse({ ...base, periodEnd: tomorrow })), 'accepted', 'a day ahead: time zones');
  assert.equal(issue(NewClaim.safeParse({ ...base, periodEnd: '2024-02-29' })), 'accepted', 'a leap day');
});

test('a figure is a whole count of people or equipment, at most ten million', () => {
  for (const value of [1e308, 0.5, 10_000_001, 1.5])
    assert.match(issue(NewClaim.safeParse({ ...base, value })), /value/, String(value));
  assert.match(issue(NewClaim.safeParse({ ...base, valueKind: 'estimate', value: 5, low: 0.5, high: 1e308 })), /low|high/);
  assert.equal(issue(NewClaim.safeParse({ ...base, value: 10_000_000, valueKind: 'cumulative' })), 'accepted');
});

test('the category belongs to the kind', () => {
  assert.match(issue(NewClaim.safeParse({ ...base, kind: 'civilians-killed', category: 'tank' })), /category/);
  assert.match(issue(NewClaim.safeParse({ ...base, kind: 'equipment', category: 'civilians' })), /category/);
  assert.deepEqual(categoriesOf('civilians-injured'), ['civilians']);
  assert.ok(categoriesOf('equipment').includes('other') && !categoriesOf('equipment').includes('personnel'));
});

test('free text with text-direction controls is refused', () => {
  for (const ch of ['\u202E', '\u202A', '\u2066', '\u2069', '\u200F', '\u200E'])
    assert.match(issue(NewClaim.safeParse({ ...base, claimant: `MoD${ch}dlrow` })), /claimant/, ch.codePointAt(0)!.toString(16));
  assert.match(issue(NewClaim.safeParse({ ...base, summary: 'a\u202Eb' })), /summary/);
  assert.match(issue(NewClaim.safeParse({ ...base, place: { name: 'x\u2067y' } })), /place/);
  assert.equal(issue(NewClaim.safeParse({ ...base, claimant: 'Міноборони України' })), 'accepted');
});

test('evidence is not first seen in the future', () => {
  assert.match(issue(NewEvidence.safeParse({ firstSeen: '9999-01-01T00:00:00Z', note: 'a photo' })), /firstSeen/);
  assert.equal(issue(NewEvidence.safeParse({ firstSeen: '2026-03-02T09:00:00Z', note: 'a photo' })), 'accepted');
});

test('a placeholder is no reason for a status change or a grade', () => {
  for (const reason of ['—', '-', '   ', '–', '...', 'ok', '- -'])
    assert.match(issue(StatusChange.safeParse({ status: 'retracted', reason })), /reason/, JSON.stringify(reason));
  assert.match(issue(GradeChange.safeParse({ reliability: 'A', credibility: 1, reason: '—' })), /reason/);
  assert.equal(issue(StatusChange.safeParse({ status: 'retracted', reason: 'the source withdrew it' })), 'accepted');
  assert.equal(issue(StatusChange.safeParse({ status: 'retracted', reason: 'дубль' })), 'accepted');
});

test('a peer replicates a claim stored under the rules before session 49: held to those, not refused (a batch is refused whole)', () => {
  // Each was storable before: an importer's prisoners correction filed as equipment, half a figure, a day by its
  // shape, a direction mark, a javascript: link. Refused as entered now, each must still replicate.
  const stored = [
    { ...base, kind: 'equipment', category: 'prisoners', value: 3, valueKind: 'correction' },
    { ...base, value: 2.5 },
    { ...base, periodEnd: '2026-02-30' },
    { ...base, claimant: 'MoD\u200F' },
    { ...base, sourceUrl: 'javascript:alert(1)' },
  ];
  for (const claim of stored) {
    assert.notEqual(issue(NewClaim.safeParse(claim)), 'accepted', JSON.stringify(claim));
    const entry = { id: 'e1', claimId: 'c1', at: '2026-03-01T00:00:00Z', actor: 'import', action: 'created', reason: null, detail: {}, claim };
    assert.equal(issue(ReplicatedEntry.safeParse(entry)), 'accepted', JSON.stringify(claim));
  }
});
