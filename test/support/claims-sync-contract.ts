// The claims ledger replicated between two servers' databases (src/accounting/replicate.ts), run for each pair of
// databases: what one server wrote reaches the other under the same entry ids, a second round moves nothing, concurrent
// status changes are kept as conflicts on both sides (never overwritten), a move to `verified` needs the evidence held
// where it lands, and both audit chains still verify. Plus a fast-check property: any operations on both servers and
// any order of rounds, with re-sent pages, end with the same claims, evidence and links on both and nothing lost.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Store } from '../../src/storage/port.ts';
import type { Db } from '../../src/accounting/db.ts';
import type { NewClaim, ClaimStatus } from '../../src/core/claims.ts';
import { NewClaim as NewClaimSchema, nextStatuses } from '../../src/core/claims.ts';
import { addEvidence, changeStatus, claimHistory, createClaim, evidenceOf, getClaim, gradeClaim, linkCasualties, linkedCasualties, listClaims } from '../../src/accounting/ledger.ts';
import type { ClaimsCursors, ClaimsRemote } from '../../src/accounting/replicate.ts';
import { applyEntries, entriesAfter, settleConflict, syncClaims, syncConflicts } from '../../src/accounting/replicate.ts';
import { archiveOf } from '../../src/accounting/ledger.ts';
import { verifyFactStream } from '../../src/audit/fact-streams.ts';
import { importDatasets } from '../../src/accounting/import.ts';
import { DATASETS } from './accounting-contract.ts';

export type OpenLedger = () => Promise<{ store: Store; db: Db; cleanup: () => Promise<void> }>;
const NOW = '2026-03-02T10:00:00.000Z';
const now = () => NOW;

/** The other server in-process: its pull and push are the very functions its HTTP routes call. */
export function directRemote(id: string, db: Db, peerName: string): ClaimsRemote {
  return {
    id,
    pull: (after, limit) => entriesAfter(db, after, limit),
    push: async (entries) => ({ results: (await applyEntries(db, entries, peerName, NOW)).results }),
  };
}

export function memoryCursors(): ClaimsCursors {
  const m = new Map<string, { pushed: number; pulled: number }>();
  return { load: async (k) => m.get(k) ?? { pushed: 0, pulled: 0 }, save: async (k, c) => void m.set(k, c) };
}

export const school = (id?: string): NewClaim => NewClaimSchema.parse({
  ...(id ? { id } : {}), claimant: 'President', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
  value: 60, valueKind: 'count', qualifier: 'about', periodEnd: '2026-03-01', place: { name: 'School No. 3', lat: 48.59, lon: 37.99, radiusM: 500, precision: 'exact' },
  summary: '60 died in a strike on a school sheltering 90',
});

/** Everything two ledgers must agree on after replication (statuses may differ only where a conflict is kept). */
async function content(db: Db) {
  const claims = await listClaims(db, { manual: true, limit: 1000 });
  return Promise.all(claims.sort((a, b) => (a.id < b.id ? -1 : 1)).map(async (c) => ({
    id: c.id, claimant: c.claimant, value: c.value, place: c.place, createdBy: c.createdBy,
    evidence: (await evidenceOf(db, c.id)).map((e) => [e.id, e.sha256, e.kind]).sort(),
    links: await linkedCasualties(db, c.id),
    // Every entry either server wrote is here: applied in the history, or kept beside it as a conflict.
    entries: [...(await claimHistory(db, c.id)).map((h) => h.id), ...(await syncConflicts(db, c.id)).map((x) => x.entryId)].sort(),
  })));
}

export function claimsSyncContract(name: string, openA: OpenLedger, openB: OpenLedger): void {
  const pair = async (fn: (a: Db, b: Db, sa: Store, sb: Store) => Promise<void>) => {
    const A = await openA();
    const B = await openB();
    try {
      await fn(A.db, B.db, A.store, B.store);
    } finally {
      await A.cleanup();
      await B.cleanup();
    }
  };

  describe(`Claims replication: ${name}`, () => {
    it('a claim with its grade, evidence (archived copy) and links reaches the other server under the same entry ids; a second round moves nothing', () =>
      pair(async (a, b, sa, sb) => {
        const { claim } = await createClaim(a, school(), 'editor1', NOW);
        await gradeClaim(a, claim.id, { reliability: 'B', credibility: 5 }, 'official statement', 'editor1', NOW);
        const pdf = Buffer.from('%PDF-1.4\n% archived statement\n');
        await addEvidence(a, claim.id, { firstSeen: NOW, kind: 'document', url: 'https://example.org/s', archiveBase64: pdf.toString('base64'), mediaType: 'application/pdf', fileName: 's.pdf' }, 'editor1', NOW);
        await linkCasualties(a, claim.id, ['0190c0de-0000-7000-8000-000000000001'], 'recorded there', 'admin', NOW);
        const cur = memoryCursors();
        const r1 = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.equal(r1.sent, 4);
        const got = await getClaim(b, claim.id);
        assert.deepEqual({ ...got!, updatedAt: null }, { ...(await getClaim(a, claim.id))!, updatedAt: null });
        const ev = await evidenceOf(b, claim.id);
        assert.equal(ev.length, 1);
        assert.equal(ev[0]!.mediaType, 'application/pdf');
        assert.equal(ev[0]!.hasArchive, true);
        const hb = await claimHistory(b, claim.id);
        assert.deepEqual(hb.map((h) => h.id), (await claimHistory(a, claim.id)).map((h) => h.id));
        assert.ok(hb.every((h) => h.origin === 'peer A'));
        // Echoes of what B received come back as duplicates; nothing else moves.
        const r2 = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.equal(r2.applied, 0);
        const r3 = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.deepEqual([r3.sent, r3.received, r3.applied], [0, 0, 0]);
        assert.deepEqual(await content(a), await content(b));
        // Re-sending a whole page is harmless (idempotent by entry id).
        const page = await entriesAfter(a, 0, 100);
        assert.ok((await applyEntries(b, page.entries, 'peer A', NOW)).results.every((x) => x.outcome === 'duplicate'));
        for (const s of [sa, sb]) assert.equal((await verifyFactStream(s, 'claims')).ok, true);
      }));

    it('concurrent status changes are kept as conflicts on both sides, never overwritten; a later decision settles them', () =>
      pair(async (a, b) => {
        const { claim } = await createClaim(a, school(), 'editor1', NOW);
        const cur = memoryCursors();
        await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        await changeStatus(a, claim.id, 'disputed', 'soldiers cannot confirm', 'editor1', NOW);
        await changeStatus(b, claim.id, 'corroborated', 'a second, independent source', 'editor2', NOW);
        const r = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.equal(r.conflicts, 1, 'B’s move is a conflict at A');
        assert.equal((await getClaim(a, claim.id))!.status, 'disputed');
        assert.equal((await getClaim(b, claim.id))!.status, 'corroborated');
        assert.deepEqual((await syncConflicts(a, claim.id)).map((c) => [c.action, c.actor]), [['status', 'editor2']]);
        assert.deepEqual((await syncConflicts(b, claim.id)).map((c) => [c.action, c.actor]), [['status', 'editor1']]);
        // A person at A settles it; B already is there, so it agrees: no new conflict, both corroborated.
        await changeStatus(a, claim.id, 'corroborated', 'settled: the second source holds', 'editor1', NOW);
        await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.equal((await getClaim(a, claim.id))!.status, 'corroborated');
        assert.equal((await getClaim(b, claim.id))!.status, 'corroborated');
        assert.equal((await syncConflicts(b, claim.id)).length, 1);
      }));

    it('a kept conflict is marked settled by a person, with why: in the history, audited, and replicated', () =>
      pair(async (a, b, sa, sb) => {
        const { claim } = await createClaim(a, school(), 'editor1', NOW);
        const cur = memoryCursors();
        await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        await changeStatus(a, claim.id, 'disputed', 'soldiers cannot confirm', 'editor1', NOW);
        await changeStatus(b, claim.id, 'corroborated', 'a second, independent source', 'editor2', NOW);
        await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        const [kept] = await syncConflicts(a, claim.id);
        assert.equal(kept!.settled, null);
        const later = '2026-03-02T11:00:00.000Z';
        const settled = await settleConflict(a, claim.id, kept!.entryId, 'B was told; disputed stands until the second source is checked', 'editor3', later);
        assert.deepEqual(settled.settled, { by: 'editor3', at: later, reason: 'B was told; disputed stands until the second source is checked' });
        assert.deepEqual((await syncConflicts(a, claim.id)).map((c) => c.settled?.by), ['editor3']);
        await assert.rejects(settleConflict(a, claim.id, kept!.entryId, 'again', 'editor1', later), /was settled by editor3/);
        await assert.rejects(settleConflict(a, claim.id, 'no-such-entry', 'why', 'editor1', later), /no kept conflict/);
        const last = (await claimHistory(a, claim.id)).at(-1)!;
        assert.deepEqual([last.action, last.actor, last.reason, last.detail.entry], ['settled', 'editor3', settled.settled!.reason, kept!.entryId]);
        // The settlement travels like any entry; the claim itself does not move.
        const r = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now);
        assert.equal(r.sent, 1);
        const atB = (await claimHistory(b, claim.id)).find((h) => h.action === 'settled')!;
        assert.deepEqual([atB.id, atB.actor, atB.origin], [last.id, 'editor3', 'peer A']);
        assert.equal((await getClaim(a, claim.id))!.status, 'disputed');
        assert.equal((await getClaim(b, claim.id))!.status, 'corroborated');
        for (const s of [sa, sb]) assert.equal((await verifyFactStream(s, 'claims')).ok, true);
      }));

    it('entries set aside because their claim was not held yet are applied on the next round, archived copy included', () =>
      pair(async (a, b, sa, sb) => {
        const { claim } = await createClaim(a, school(), 'editor1', NOW);
        const pdf = Buffer.from('%PDF-1.4\n% the statement, archived\n');
        await addEvidence(a, claim.id, { firstSeen: NOW, kind: 'document', archiveBase64: pdf.toString('base64'), mediaType: 'application/pdf', fileName: 's.pdf' }, 'editor1', NOW);
        await changeStatus(a, claim.id, 'disputed', 'soldiers cannot confirm', 'editor1', NOW);
        const [created, ...rest] = (await entriesAfter(a, 0, 100)).entries;
        // The claim's own entry is late (another route, a lost page): what depends on it waits, set aside.
        assert.deepEqual((await applyEntries(b, rest, 'peer A', NOW)).results.map((x) => x.outcome), ['set-aside', 'set-aside']);
        assert.deepEqual((await applyEntries(b, [created!], 'peer A', NOW)).results.map((x) => x.outcome), ['applied']);
        assert.equal((await getClaim(b, claim.id))!.status, 'claimed');
        const r = await syncClaims(b, directRemote('A', a, 'peer B'), memoryCursors(), now);
        assert.equal(r.retried, 2);
        assert.equal((await getClaim(b, claim.id))!.status, 'disputed');
        const [ev] = await evidenceOf(b, claim.id);
        assert.deepEqual(Buffer.from((await archiveOf(b, ev!.id))!), pdf);
        assert.deepEqual(await syncConflicts(b, claim.id), []);
        assert.deepEqual((await claimHistory(b, claim.id)).map((h) => h.id), (await claimHistory(a, claim.id)).map((h) => h.id));
        const again = await syncClaims(b, directRemote('A', a, 'peer B'), memoryCursors(), now);
        assert.equal(again.retried, 0);
        for (const s of [sa, sb]) assert.equal((await verifyFactStream(s, 'claims')).ok, true);
      }));

    it('verified is never taken on a server that does not hold the evidence; the same id with other content is a conflict', () =>
      pair(async (a, b) => {
        const { claim } = await createClaim(a, school(), 'editor1', NOW);
        await syncClaims(a, directRemote('B', b, 'peer A'), memoryCursors(), now);
        await changeStatus(b, claim.id, 'corroborated', 'two sources', 'editor2', NOW);
        // An entry that verifies it, from a server whose evidence never came: refused here, kept.
        const forged = { id: 'entry-verify-1', claimId: claim.id, at: NOW, actor: 'editor3', action: 'status' as const, reason: 'looks right', detail: { from: 'corroborated', to: 'verified' } };
        const r = await applyEntries(b, [forged], 'peer C', NOW);
        assert.equal(r.results[0]!.outcome, 'conflict');
        assert.match(r.results[0]!.reason!, /evidence/);
        assert.equal((await getClaim(b, claim.id))!.status, 'corroborated');
        const other = { ...school(claim.id), value: 90 };
        const r2 = await applyEntries(b, [{ id: 'entry-create-x', claimId: claim.id, at: NOW, actor: 'editor9', action: 'created', reason: null, detail: { status: 'claimed' }, claim: other }], 'peer C', NOW);
        assert.equal(r2.results[0]!.outcome, 'conflict');
        assert.equal((await getClaim(b, claim.id))!.value, 60);
        assert.deepEqual((await syncConflicts(b, claim.id)).map((c) => c.outcome), ['conflict', 'conflict']);
        // Why each was kept, as a code with its values, for every screen to word in its language.
        assert.deepEqual((await syncConflicts(b, claim.id)).map((c) => c.why), [{ code: 'other-content', values: { claim: claim.id } }, { code: 'needs-evidence', values: {} }]);
      }));

    it('claims imported from the shipped datasets are not sent (each server imports them); changes to them are, and wait set aside until it has', () =>
      pair(async (a, b) => {
        await importDatasets(a, DATASETS, 'import', NOW);
        await changeStatus(a, 'gs:2026-08-08:tank', 'disputed', 'scrape differs', 'editor1', NOW);
        const page = await entriesAfter(a, 0, 200);
        assert.ok(page.next < page.head, 'the created entries are scanned past, page by page');
        const cur = memoryCursors();
        const r = await syncClaims(a, directRemote('B', b, 'peer A'), cur, now, 200);
        assert.equal(r.sent, 1, 'only the status change');
        assert.deepEqual((await syncConflicts(b, 'gs:2026-08-08:tank')).map((c) => c.outcome), ['set-aside']);
        // B imports the datasets too: its next round applies what waited for that claim.
        await importDatasets(b, DATASETS, 'import', NOW);
        const r2 = await syncClaims(b, directRemote('A', a, 'peer B'), memoryCursors(), now, 200);
        assert.equal(r2.retried, 1);
        assert.equal((await getClaim(b, 'gs:2026-08-08:tank'))!.status, 'disputed');
        assert.deepEqual(await syncConflicts(b, 'gs:2026-08-08:tank'), []);
      }));

    it('property: any operations on both servers and any order of rounds converge on the same claims, evidence and links', async () => {
      type Op = { at: 0 | 1; kind: 'create' | 'status' | 'grade' | 'evidence' | 'link' | 'sync'; pick: number; n: number };
      const op = fc.record({
        at: fc.constantFrom<0 | 1>(0, 1), kind: fc.constantFrom<Op['kind']>('create', 'status', 'grade', 'evidence', 'link', 'sync', 'sync'), pick: fc.nat(), n: fc.nat(),
      });
      await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        await pair(async (a, b) => {
          const dbs = [a, b] as const;
          const cur = memoryCursors();
          const round = () => syncClaims(a, directRemote('B', b, 'peer A'), cur, now, 3);
          for (const o of ops) {
            const db = dbs[o.at];
            const ids = (await listClaims(db, { manual: true, limit: 100 })).map((c) => c.id).sort();
            const id = ids[o.pick % Math.max(1, ids.length)];
            if (o.kind === 'sync') await round();
            else if (o.kind === 'create' || !id) await createClaim(db, { ...school(), value: o.n % 100 }, `e${o.at}`, NOW);
            else if (o.kind === 'status') {
              const c = (await getClaim(db, id))!;
              const to = nextStatuses(c.status).filter((s) => s !== 'verified')[o.n % 4] as ClaimStatus | undefined;
              if (to) await changeStatus(db, id, to, 'moved', `e${o.at}`, NOW);
            } else if (o.kind === 'grade') await gradeClaim(db, id, { reliability: 'ABCDEF'[o.n % 6] as 'A', credibility: ((o.n % 6) + 1) as 1 }, 'graded', `e${o.at}`, NOW);
            else if (o.kind === 'evidence') await addEvidence(db, id, { firstSeen: NOW, kind: 'document', archiveBase64: Buffer.from(`text ${o.n}`).toString('base64'), mediaType: 'text/plain' }, `e${o.at}`, NOW);
            else await linkCasualties(db, id, [`0190c0de-0000-7000-8000-${String(o.n % 5).padStart(12, '0')}`], 'seen', `e${o.at}`, NOW);
          }
          await round();
          await round();
          assert.deepEqual(await content(a), await content(b));
          for (const c of await listClaims(a, { manual: true, limit: 100 })) {
            const other = (await getClaim(b, c.id))!;
            // Where the two servers hold different statuses or grades, at least one of them keeps the other's entry.
            if (c.status !== other.status || c.reliability !== other.reliability || c.credibility !== other.credibility)
              assert.ok((await syncConflicts(a, c.id)).length + (await syncConflicts(b, c.id)).length > 0, `a difference without a kept conflict on ${c.id}`);
          }
        });
      }), { numRuns: 12, endOnFailure: true });
    });
  });
}
