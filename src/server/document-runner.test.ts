// Long FHIR documents are built on their own thread, byte for byte what the main thread would build, and one user
// has at most DOCUMENTS_PER_USER reads in progress (the attack reviews: six reads of a 30,000-vitals card held the
// server 26 s, session 39; reads sent together each read the card before a count taken later refused them, 40).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { ApiError } from './errors.ts';
import { DOCUMENT_THREAD_EVENTS, DOCUMENTS_PER_USER, documentTurn, documentsBuiltOnThread, fhirDocumentBytes } from './document-runner.ts';
import { fhirDocument } from './document-worker.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString();

/** A card registered, then `n` vitals a minute apart. */
function card(n: number): { casualtyId: string; events: CasualtyEvent[]; now: string; names: Record<string, string> } {
  const casualtyId = uuidv7();
  const ev = (type: string, s: number, payload: unknown) => ({ id: uuidv7(), casualtyId, type, at: iso(s), payload }) as CasualtyEvent;
  const events = [ev('registered', 0, { injuredAt: iso(0), status: 'military', unitId: 'bde-3' })];
  for (let i = 1; i <= n; i++) events.push(ev('vitals', i * 60, { pulse: 90 + (i % 30), sbp: 100 + (i % 20), rr: 18, spo2: 96 }));
  return { casualtyId, events, now: iso((n + 1) * 60), names: {} };
}

test('a long card is built on the document thread, the same bytes as on the main thread; a short one is not', async () => {
  const long = card(DOCUMENT_THREAD_EVENTS + 200);
  const before = documentsBuiltOnThread();
  const bytes = await fhirDocumentBytes(long);
  assert.equal(documentsBuiltOnThread(), before + 1);
  assert.equal(bytes.toString('utf8'), fhirDocument(long));
  const doc = JSON.parse(bytes.toString('utf8')) as { entry: { resource: { resourceType: string } }[] };
  assert.equal(doc.entry.filter((e) => e.resource.resourceType === 'Observation').length >= DOCUMENT_THREAD_EVENTS + 200, true, 'every vitals set is in the document');
  const short = card(20);
  assert.equal((await fhirDocumentBytes(short)).toString('utf8'), fhirDocument(short));
  assert.equal(documentsBuiltOnThread(), before + 1, 'a short card is built where it is read');
});

test('one user has at most DOCUMENTS_PER_USER FHIR reads in progress; another user is not held by them', () => {
  const mine = Array.from({ length: DOCUMENTS_PER_USER }, () => documentTurn('medic-b'));
  assert.throws(() => documentTurn('medic-b'), (e: unknown) => e instanceof ApiError && e.status === 429 && /at a time/.test(e.message));
  const other = documentTurn('medic-c');
  // Answered, the user may ask again (a turn given back twice counts once).
  mine[0]!();
  mine[0]!();
  const again = documentTurn('medic-b');
  assert.throws(() => documentTurn('medic-b'), (e: unknown) => e instanceof ApiError && e.status === 429);
  for (const done of [...mine, again, other]) done();
  for (let i = 0; i < DOCUMENTS_PER_USER; i++) documentTurn('medic-b');
});
