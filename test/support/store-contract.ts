// The storage contract: one suite, run against every adapter (sqlite.int.test.ts, postgres.int.test.ts).
// `open` must give a fresh, empty, NOT yet migrated store each time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtyEvent, StoredEvent } from '../../src/core/index.ts';
import { SUMMARY_KEEP, fold, storedSummary, summarise, uuidv7 } from '../../src/core/index.ts';
import type { CasualtySummary, LogAuditEntry, Store } from '../../src/storage/port.ts';
import { eventHash, stateParseCounts } from '../../src/storage/common.ts';
import { factAudit, factHash } from '../../src/storage/fact-audit.ts';
import { verifyFactStream } from '../../src/audit/fact-streams.ts';
import { at, makeChain, makeEvent, makeRegistered, sampleNineLine } from './events.ts';

export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const NOW = '2026-03-01T12:00:00.000Z';
const strip = ({ seq: _s, receivedAt: _r, ...e }: StoredEvent): CasualtyEvent => e as CasualtyEvent;
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Run `fn` on a fresh migrated store from `open`; always cleaned up (every store contract's tests). */
export async function withMigratedStore(open: OpenStore, fn: (s: Store) => Promise<void>): Promise<void> {
  const { store, cleanup } = await open();
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await cleanup();
  }
}

export function storeContract(name: string, open: OpenStore): void {
  const withStore = (fn: (s: Store) => Promise<void>): Promise<void> => withMigratedStore(open, fn);

  describe(`Store contract: ${name}`, () => {
    it('migrate applies every version once, then nothing', async () => {
      const { store, cleanup } = await open();
      try {
        const first = await store.migrate();
        assert.ok(first.length >= 1, 'a fresh store applies at least migration 1');
        assert.deepEqual(first, [...first].sort((a, b) => a - b));
        assert.deepEqual(await store.migrate(), []);
        assert.equal(await store.head(), 0);
        assert.deepEqual(await store.eventsAfter(0, 10), []);
        assert.deepEqual(await store.casualties({}), []);
      } finally {
        await cleanup();
      }
    });

    it('appends a batch and reads it back exactly', async () => {
      await withStore(async (s) => {
        const cid = uuidv7();
        const evs = makeChain(cid);
        evs.push(makeEvent('note', cid, { text: 'nul \u0000 and ünïcödé ✚' }, at(50), { hlc: '0001:0002:dev' }));
        // A clock note (SYNC-15) round-trips as given.
        evs.push({ ...makeEvent('vitals', cid, { pulse: 90 }, at(51)), clock: { deviceAt: at(-129), offsetMs: 10_800_000, by: 'device' } });
        const r = await s.append(evs, NOW);
        assert.equal(r.accepted, evs.length);
        assert.equal(r.duplicates, 0);
        assert.deepEqual(r.results.map((x) => x.id), evs.map((e) => e.id));
        assert.ok(r.results.every((x) => !x.duplicate));
        const seqs = r.results.map((x) => x.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq follows submission order');
        assert.equal(new Set(seqs).size, seqs.length);
        assert.equal(r.head, Math.max(...seqs));
        assert.equal(await s.head(), r.head);

        const log = await s.eventsOf(cid);
        assert.deepEqual(log.map(strip), evs);
        assert.ok(log.every((e) => e.receivedAt === NOW));
        assert.deepEqual(log.map((e) => e.seq), seqs);
        const one = await s.getEvent(evs[3]!.id);
        assert.ok(one);
        assert.deepEqual(strip(one), evs[3]);
        assert.equal(one.seq, seqs[3]);
        assert.equal(await s.getEvent(uuidv7()), null);
        assert.deepEqual(await s.eventsOf(uuidv7()), []);
        assert.equal(await s.casualty(uuidv7()), null);
      });
    });

    it('re-appending the same events is a no-op: duplicates, same seq, nothing new', async () => {
      await withStore(async (s) => {
        const evs = makeChain();
        const first = await s.append(evs, NOW);
        const before = await s.casualty(evs[0]!.casualtyId);
        const again = await s.append(evs, '2026-03-01T13:00:00.000Z');
        assert.equal(again.accepted, 0);
        assert.equal(again.duplicates, evs.length);
        assert.ok(again.results.every((x) => x.duplicate));
        assert.deepEqual(again.results.map((x) => x.seq), first.results.map((x) => x.seq));
        assert.equal(again.head, first.head);
        assert.equal((await s.eventsAfter(0, 1000)).length, evs.length);
        assert.deepEqual(await s.casualty(evs[0]!.casualtyId), before, 'a duplicate-only batch does not touch the projection');

        // Mixed batch: old and new; and one id twice inside the batch (the second is a duplicate of the first).
        const extra = makeEvent('vitals', evs[0]!.casualtyId, { pulse: 130 }, at(60));
        const mixed = await s.append([evs[1]!, extra, extra], NOW);
        assert.equal(mixed.accepted, 1);
        assert.equal(mixed.duplicates, 2);
        assert.deepEqual(mixed.results.map((x) => x.duplicate), [true, false, true]);
        assert.equal(mixed.results[1]!.seq, mixed.results[2]!.seq);
        assert.equal(mixed.head, first.head + 1);
      });
    });

    it('the same id with different content is refused, the whole batch with it (issue 14 item 6)', async () => {
      await withStore(async (s) => {
        const cid = uuidv7();
        const note = makeEvent('note', cid, { text: 'TXA 1 g' }, at(1));
        await s.append([makeRegistered(cid), note], NOW);
        const head = await s.head();
        const fresh = makeEvent('note', cid, { text: 'fresh' }, at(2));
        const forged = { ...note, payload: { text: 'TXA 100 g' } } as CasualtyEvent;
        await assert.rejects(s.append([fresh, forged], NOW), (e: Error) => e.name === 'EventConflictError' && e.message.includes(note.id));
        assert.equal(await s.head(), head, 'nothing of the batch is stored');
        assert.equal(await s.getEvent(fresh.id), null);
        // The same content with a server-filled envelope that differs (another receipt time) is still a duplicate.
        const again = await s.append([{ ...note, recordedAt: at(9) }], NOW);
        assert.equal(again.duplicates, 1);
      });
    });

    it('every append chains one audit entry naming its events and their content hashes, in the same transaction', async () => {
      await withStore(async (s) => {
        const genesis = await s.logAuditHead();
        assert.equal(genesis.seq, 0);
        assert.equal(genesis.legacyThrough, 0);
        const evs = makeChain();
        const r = await s.append(evs, NOW, { actor: 'medic-1', deviceId: 'phone-1', action: 'sync push', detail: { ip: '10.0.0.1' } });
        await s.append(evs, NOW, { actor: 'medic-1', deviceId: null, action: 'sync push' }); // duplicates only: nothing written
        const extra = makeEvent('note', evs[0]!.casualtyId, { text: 'n' }, at(70));
        await s.append([extra], NOW);
        const entries = await s.logAudit(0, 10);
        assert.equal(entries.length, 2);
        const [a, b] = entries as [LogAuditEntry, LogAuditEntry];
        assert.deepEqual([a.actor, a.deviceId, a.action, a.detail], ['medic-1', 'phone-1', 'sync push', { ip: '10.0.0.1' }]);
        assert.deepEqual(a.events.map(([id, seq]) => [id, seq]), r.results.map((x) => [x.id, x.seq]));
        const stored = await s.eventsOf(evs[0]!.casualtyId);
        for (const [id, , hash] of a.events) assert.equal(hash, eventHash(stored.find((e) => e.id === id)!));
        assert.equal(b.prevHash, a.hash);
        assert.deepEqual(b.events.map(([id]) => id), [extra.id]);
        assert.deepEqual(await s.logAuditHead(), { seq: 2, hash: b.hash, legacyThrough: 0 });
        // A failed append leaves no audit entry behind.
        const bad = { ...makeEvent('note', evs[0]!.casualtyId, { text: 'x' }, at(2)), casualtyId: null } as unknown as CasualtyEvent;
        await assert.rejects(s.append([bad], NOW));
        assert.equal((await s.logAuditHead()).seq, 2);
      });
    });

    it('a batch is all or nothing: a failing event stores none of the batch', async () => {
      await withStore(async (s) => {
        const cid = uuidv7();
        await s.append([makeRegistered(cid)], NOW);
        const head = await s.head();
        const before = await s.casualty(cid);
        const good = makeEvent('precedence', cid, { precedence: 'urgent' }, at(1));
        const other = makeRegistered(uuidv7());
        // casualtyId null violates NOT NULL in the events table, after `good` and `other` were inserted.
        const bad = { ...makeEvent('note', cid, { text: 'x' }, at(2)), casualtyId: null } as unknown as CasualtyEvent;
        await assert.rejects(s.append([good, other, bad], NOW));
        assert.equal(await s.head(), head);
        assert.equal(await s.getEvent(good.id), null);
        assert.equal(await s.getEvent(other.id), null);
        assert.equal(await s.casualty(other.casualtyId), null);
        assert.deepEqual(await s.casualty(cid), before);
        // An unserialisable payload fails too, and the store stays usable.
        const weird = makeEvent('note', cid, { text: 'y' }, at(3));
        (weird.payload as unknown as Record<string, unknown>).n = 1n;
        await assert.rejects(s.append([good, weird], NOW));
        assert.equal(await s.head(), head);
        const ok = await s.append([good], NOW);
        assert.equal(ok.accepted, 1);
        assert.equal((await s.casualty(cid))!.precedence, 'urgent');
      });
    });

    it('eventsAfter pages by seq without gaps or repeats', async () => {
      await withStore(async (s) => {
        const all: CasualtyEvent[] = [];
        for (let i = 0; i < 5; i++) {
          const chain = makeChain();
          all.push(...chain);
          await s.append(chain, NOW);
        }
        const seen: StoredEvent[] = [];
        let cursor = 0;
        for (;;) {
          const page = await s.eventsAfter(cursor, 7);
          if (page.length === 0) break;
          assert.ok(page.length <= 7);
          seen.push(...page);
          cursor = page[page.length - 1]!.seq;
        }
        assert.deepEqual(seen.map((e) => e.id), all.map((e) => e.id));
        for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.seq > seen[i - 1]!.seq);
        assert.equal(cursor, await s.head());
        assert.deepEqual(await s.eventsAfter(cursor, 10), []);
        assert.deepEqual((await s.eventsAfter(seen[9]!.seq, 3)).map((e) => e.id), all.slice(10, 13).map((e) => e.id));
        assert.deepEqual(await s.eventsAfter(0, 0), []);
      });
    });

    it('keeps the casualty projection right and filters it', async () => {
      await withStore(async (s) => {
        const a = uuidv7();
        const b = uuidv7();
        const c = uuidv7();
        await s.append(makeChain(a, { unitId: 'bn-1', facilityId: 'r2-north', vehicleId: 'amb-1' }), NOW);
        await s.append(makeChain(b, { unitId: 'bn-2', facilityId: 'r2-south', close: true }), NOW);
        await s.append(
          [
            makeRegistered(c, { unitId: 'bn-2', deviceId: 'phone-9', author: 'medic-9' }),
            makeEvent('triage', c, { triage: { system: 'START', category: 'delayed' } }, at(1), { deviceId: 'phone-9', author: 'medic-9' }),
            makeEvent('precedence', c, { precedence: 'priority' }, at(2), { deviceId: 'phone-9', author: 'medic-9' }),
            makeEvent('evac.requested', c, { nineLine: sampleNineLine() }, at(3), { deviceId: 'phone-9', author: 'medic-9' }),
            makeEvent('destination', c, { facilityId: 'r2-north' }, at(4), { deviceId: 'phone-9', author: 'medic-9' }),
          ],
          NOW,
        );
        const sa = (await s.casualty(a))!;
        assert.equal(sa.stage, 'at-facility');
        assert.equal(sa.precedence, 'urgent');
        assert.equal(sa.triage, 'T1');
        assert.equal(sa.unitId, 'bn-1');
        assert.equal(sa.facilityId, 'r2-north');
        assert.equal(sa.destinationId, 'r2-north');
        assert.equal(sa.vehicleId, null);
        assert.equal(sa.injuredAt, at(0));
        assert.equal(sa.updatedAt, NOW);
        // Usernames and device ids in separate namespaces (issue 14 item 10): devices as `device:<id>`.
        assert.deepEqual(sa.authors, ['crew-1', 'device:amb-tablet', 'device:dispatch-1', 'device:phone-1', 'device:r2-desk', 'dispatcher', 'medic-1', 'nurse-1']);
        assert.deepEqual(sa.state, json(fold(a, await s.eventsOf(a), NOW)));
        assert.equal(sa.lastSeq, Math.max(...(await s.eventsOf(a)).map((e) => e.seq)));
        const sb = (await s.casualty(b))!;
        assert.equal(sb.stage, 'closed');
        const sc = (await s.casualty(c))!;
        assert.equal(sc.stage, 'requested');
        assert.equal(sc.triage, 'T2');
        assert.equal(sc.precedence, 'priority');
        assert.deepEqual(sc.authors, ['device:phone-9', 'medic-9']);

        const ids = (xs: CasualtySummary[]) => xs.map((x) => x.id).sort();
        const sorted = (...xs: string[]) => [...xs].sort();
        assert.deepEqual(ids(await s.casualties({})), sorted(a, b, c));
        assert.deepEqual(ids(await s.casualties({ status: 'open' })), sorted(a, c));
        assert.deepEqual(ids(await s.casualties({ status: 'closed' })), [b]);
        assert.deepEqual(ids(await s.casualties({ status: 'requested' })), [c]);
        assert.deepEqual(ids(await s.casualties({ precedence: 'urgent' })), sorted(a, b));
        assert.deepEqual(ids(await s.casualties({ precedence: 'urgent', status: 'open' })), [a]);
        assert.deepEqual(ids(await s.casualties({ unitId: 'bn-2' })), sorted(b, c));
        assert.deepEqual(ids(await s.casualties({ facilityId: 'r2-north' })), sorted(a, c), 'at or destined to the facility');
        assert.deepEqual(ids(await s.casualties({ facilityId: 'r2-south', status: 'open' })), []);
        assert.deepEqual(ids(await s.casualties({ unitId: 'nobody' })), []);
        const list = await s.casualties({});
        assert.deepEqual(list.map((x) => x.lastSeq), [...list.map((x) => x.lastSeq)].sort((x, y) => x - y), 'ordered by lastSeq');
        assert.equal((await s.casualties({ limit: 2 })).length, 2);

        // `since`: only casualties changed after a cursor; the change is folded in.
        const cursor = await s.head();
        assert.deepEqual(await s.casualties({ since: cursor }), []);
        const pick = makeEvent('evac.assigned', c, { vehicleId: 'amb-7' }, at(10));
        const r = await s.append([pick], '2026-03-01T12:30:00.000Z');
        const changed = await s.casualties({ since: cursor });
        assert.deepEqual(ids(changed), [c]);
        assert.equal(changed[0]!.stage, 'assigned');
        assert.equal(changed[0]!.vehicleId, 'amb-7');
        assert.equal(changed[0]!.lastSeq, r.head);
        assert.equal(changed[0]!.updatedAt, '2026-03-01T12:30:00.000Z');
        assert.deepEqual(changed[0]!.authors, ['device:phone-1', 'device:phone-9', 'medic-1', 'medic-9']);

        // A void is refolded: the precedence of c goes away.
        const prec = (await s.eventsOf(c)).find((e) => e.type === 'precedence')!;
        await s.append([makeEvent('void', c, { target: prec.id, reason: 'wrong casualty' }, at(11))], NOW);
        assert.equal((await s.casualty(c))!.precedence, null);
      });
    });

    it('destinationsSince: the changes of destination received since a time, newest first, nothing else (a desk told of a diversion)', async () => {
      await withStore(async (s) => {
        const [a, b] = [uuidv7(), uuidv7()];
        for (const id of [a, b]) await s.append([makeRegistered(id)], NOW);
        const later = '2026-03-01T13:00:00.000Z';
        await s.append([makeEvent('destination', a, { facilityId: 'r2-a' }, at(1)), makeEvent('note', a, { text: 'x' }, at(2))], NOW);
        await s.append([makeEvent('destination', a, { facilityId: 'r1-b' }, at(3)), makeEvent('evac.assigned', b, { vehicleId: 'amb-7', facilityId: 'r2-a' }, at(4))], later);
        const since = await s.destinationsSince(NOW, 10);
        assert.deepEqual(since.map((e) => [e.type, e.casualtyId, e.receivedAt]),
          [['evac.assigned', b, later], ['destination', a, later], ['destination', a, NOW]]);
        assert.deepEqual((await s.destinationsSince(later, 1)).map((e) => e.type), ['evac.assigned'], 'the newest, up to the limit');
        assert.deepEqual(await s.destinationsSince('2026-03-01T13:00:00.001Z', 10), []);
      });
    });

    it('an incident log (issue 15) has no casualty row; incidentIds lists it; casualties filter by incident', async () => {
      await withStore(async (s) => {
        const inc = uuidv7();
        const declared = makeEvent('incident.declared', inc, { kind: 'strike', position: { lat: 48.5, lon: 37.9 } }, at(0));
        await s.append([declared, makeEvent('incident.updated', inc, { commander: 'Sokil' }, at(1))], NOW);
        assert.equal(await s.casualty(inc), null, 'no casualty projection for an incident');
        assert.deepEqual(await s.casualties({}), []);
        await s.append([makeEvent('void', inc, { target: declared.id, reason: 'test' }, at(2))], NOW);
        assert.equal(await s.casualty(inc), null, 'a void in an incident log does not make it a casualty');
        assert.deepEqual(await s.incidentIds(), [inc]);
        const [a, b] = [uuidv7(), uuidv7()];
        for (const id of [a, b]) await s.append([makeRegistered(id)], NOW);
        await s.append([makeEvent('incident.linked', a, { incidentId: inc, tag: 'ua-17' }, at(3))], NOW);
        const linked = await s.casualties({ incidentId: inc });
        assert.deepEqual(linked.map((c) => c.id), [a]);
        assert.equal(linked[0]!.incidentId, inc);
        assert.deepEqual(linked[0]!.state.incident, { id: inc, tag: 'UA17', at: at(3) });
        assert.equal((await s.casualty(b))!.incidentId, null);
      });
    });

    it('an entity write and its audit entry are one transaction: chained on the entities stream, or not made at all', async () => {
      await withStore(async (s) => {
        const unit = { id: 'bn-1', name: '1st Battalion', kind: 'battalion' as const };
        await s.putEntity('unit', unit, { actor: 'disp-1', deviceId: 'web-1', action: 'POST /api/units', detail: { ip: '10.0.0.1' } });
        await s.putEntity('unit', { ...unit, name: 'First' }, { actor: 'disp-2', deviceId: null, action: 'PATCH /api/units/:id' });
        const chain = await factAudit(s.sql, 'entities', 0, 10);
        assert.deepEqual(chain.map((e) => [e.seq, e.actor, e.action, e.items]), [
          [1, 'disp-1', 'POST /api/units', [['unit/bn-1', 0, factHash(unit)]]],
          [2, 'disp-2', 'PATCH /api/units/:id', [['unit/bn-1', 0, factHash({ ...unit, name: 'First' })]]],
        ]);
        assert.equal((await verifyFactStream(s, 'entities')).ok, true);
        // The chain cannot be written (its head row is gone): the write is refused and nothing changes.
        await s.sql.run("DELETE FROM fact_audit_head WHERE stream = 'entities'");
        await assert.rejects(s.putEntity('unit', { ...unit, name: 'Renamed by nobody' }, { actor: 'x', deviceId: null, action: 'PATCH /api/units/:id' }));
        await assert.rejects(s.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available' }));
        assert.equal((await s.getEntity('unit', 'bn-1'))?.name, 'First');
        assert.equal(await s.getEntity('vehicle', 'amb-1'), null);
      });
    });

    it('stores reference entities: put, get, list, replace', async () => {
      await withStore(async (s) => {
        assert.equal(await s.getEntity('unit', 'bn-1'), null);
        assert.deepEqual(await s.listEntities('facility'), []);
        await s.putEntity('unit', { id: 'bn-1', name: '1st Battalion', kind: 'battalion' });
        await s.putEntity('unit', { id: 'a-co', name: 'A Company', kind: 'company', parentId: 'bn-1' });
        const facility = {
          id: 'r2-north', name: 'R2 North', role: 'R2' as const, position: { lat: 48.6, lon: 38.01 }, hardened: true,
          status: 'normal' as const, intake: 'normal' as const, capabilities: ['damage-control-surgery' as const, 'blood' as const],
          beds: 20, surgicalTables: 2,
        };
        await s.putEntity('facility', facility);
        await s.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'available' });
        await s.putEntity('threat-zone', {
          id: 'tz-1', polygon: [{ lat: 48.5, lon: 38 }, { lat: 48.6, lon: 38 }, { lat: 48.6, lon: 38.1 }],
        });
        assert.deepEqual(await s.getEntity('facility', 'r2-north'), facility);
        assert.deepEqual((await s.listEntities('unit')).map((u) => u.id), ['a-co', 'bn-1']);
        assert.equal(await s.getEntity('vehicle', 'r2-north'), null, 'kinds are separate namespaces');
        assert.equal((await s.listEntities('threat-zone')).length, 1);

        await s.putEntity('facility', { ...facility, status: 'compromised', bedsAvailable: 3 });
        const replaced = await s.getEntity('facility', 'r2-north');
        assert.equal(replaced?.status, 'compromised');
        assert.equal(replaced?.bedsAvailable, 3);
        assert.equal((await s.listEntities('facility')).length, 1);
        // Counted per kind, a replacement counted once (the API's caps read it: ENTITY_LIMITS).
        assert.deepEqual(await Promise.all((['unit', 'facility', 'vehicle', 'threat-zone'] as const).map((k) => s.countEntities(k))), [2, 1, 1, 1]);
        await s.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', litter: 4, seated: 0, medic: false, status: 'lost' });
        assert.deepEqual(await s.getEntity('vehicle', 'amb-1'), { id: 'amb-1', kind: 'ambulance', litter: 4, seated: 0, medic: false, status: 'lost' });
      });
    });

    it('concurrent appends group-commit yet keep their own numbers, audit entries and refusals (issue 16 item 1)', async () => {
      await withStore(async (s) => {
        const cids = [uuidv7(), uuidv7(), uuidv7()];
        for (const cid of cids) await s.append([makeRegistered(cid)], NOW, { actor: 'setup', deviceId: null, action: 'test' });
        const clash = makeEvent('note', cids[0]!, { text: 'first' }, at(1));
        await s.append([clash], NOW);
        const before = (await s.logAuditHead()).seq;
        const batches = Array.from({ length: 24 }, (_, i) => [makeEvent('vitals', cids[i % 3]!, { pulse: 60 + i }, at(2 + i))]);
        const refused = [{ ...clash, payload: { text: 'other content, same id' } }] as CasualtyEvent[];
        const settled = await Promise.allSettled([...batches, refused].map((b, i) => s.append(b, NOW, { actor: `w${i}`, deviceId: null, action: 'test' })));
        const ok = settled.slice(0, 24).map((r) => (r.status === 'fulfilled' ? r.value : assert.fail(String((r as PromiseRejectedResult).reason))));
        assert.equal(settled[24]!.status, 'rejected', 'the conflicting append is refused alone');
        assert.equal(((settled[24] as PromiseRejectedResult).reason as Error).name, 'EventConflictError');
        const seqs = ok.map((r) => r.results[0]!.seq).sort((a, b) => a - b);
        const first = seqs[0]!;
        assert.deepEqual(seqs, seqs.map((_, i) => first + i), 'gap-free');
        const audit = await s.logAudit(before, 100);
        assert.equal(audit.length, 24, 'one audit entry per accepted append');
        assert.deepEqual(audit.map((a) => a.actor).sort(), Array.from({ length: 24 }, (_, i) => `w${i}`).sort());
        for (const cid of cids) {
          const p = (await s.casualty(cid))!;
          assert.deepEqual(json(p), json(storedSummary(summarise(cid, await s.eventsOf(cid), NOW))));
          const mine = ok.filter((r) => r.summaries?.some((x) => x.id === cid));
          assert.equal(mine.length, 8, 'each append answers the projection it wrote');
        }
        assert.equal((await s.casualty(cids[0]!))!.state.eventCount, 10);
      });
    });

    it('a long log is extended, not refolded: the stored state stays bounded; a late event still refolds (issue 16 item 2)', async () => {
      await withStore(async (s) => {
        const cid = uuidv7();
        await s.append([makeRegistered(cid)], NOW);
        for (let i = 0; i < 60; i++) await s.append([makeEvent('note', cid, { text: `n${i}` }, at(1 + i))], NOW);
        let p = (await s.casualty(cid))!;
        assert.equal(p.state.notes.length, SUMMARY_KEEP);
        assert.equal(p.omitted?.notes, 60 - SUMMARY_KEEP);
        assert.equal(p.state.eventCount, 61);
        const late = makeEvent('vitals', cid, { pulse: 140 }, at(0.5));
        const r = await s.append([late], NOW);
        p = (await s.casualty(cid))!;
        assert.deepEqual(json(r.summaries?.[0]), json(p));
        assert.deepEqual(json(p), json(storedSummary(summarise(cid, await s.eventsOf(cid), NOW))));
        assert.equal(p.state.vitals[0]!.pulse, 140);
      });
    });

    it('a list read again parses only the states written since, on every database (issue 16: ParsedStates)', async () => {
      await withStore(async (s) => {
        const ids = Array.from({ length: 30 }, () => uuidv7());
        for (const id of ids) await s.append([makeRegistered(id, { injuredAt: at(0), unitId: '1-coy' })], NOW);
        await s.append([makeEvent('note', ids[2]!, { text: 'nul \u0000 and ünïcödé ✚' }, at(1))], NOW);
        const parsedDuring = async <T>(fn: () => Promise<T>): Promise<{ value: T; parsed: number; reused: number }> => {
          const { parsed, reused } = stateParseCounts;
          const value = await fn();
          return { value, parsed: stateParseCounts.parsed - parsed, reused: stateParseCounts.reused - reused };
        };
        const first = await parsedDuring(() => s.casualties({ status: 'open' }));
        assert.equal(first.value.length, 30);
        assert.equal(first.parsed, 30, 'the first read parses every state once');
        // The same answer as the single read (the driver's own parse on PostgreSQL).
        for (const id of ids) assert.deepEqual(json(first.value.find((c) => c.id === id)), json(await s.casualty(id)));
        const again = await parsedDuring(() => s.casualties({ status: 'open' }));
        assert.deepEqual({ parsed: again.parsed, reused: again.reused }, { parsed: 0, reused: 30 }, 'nothing written since: no state parsed again');
        assert.deepEqual(again.value, first.value);
        for (const id of ids.slice(0, 2)) await s.append([makeEvent('note', id, { text: 'changed' }, at(2))], NOW);
        const after = await parsedDuring(() => s.casualties({ status: 'open' }));
        assert.deepEqual({ parsed: after.parsed, reused: after.reused }, { parsed: 2, reused: 28 }, 'only the two rows written');
        assert.deepEqual(after.value.find((c) => c.id === ids[0])?.state.notes.map((n) => n.text), ['changed']);
        assert.deepEqual(json(after.value.find((c) => c.id === ids[0])), json(await s.casualty(ids[0]!)));
        // Shared between readers, so frozen: a caller cannot change what the next reader gets.
        assert.throws(() => (after.value[0]!.state.notes as unknown[]).push('x'), TypeError);
      });
    });

    it('property: any interleaving of batches (with duplicates) gives the same events and projections', async () => {
      const s1 = await open();
      const s2 = await open();
      try {
        await s1.store.migrate();
        await s2.store.migrate();
        const kinds = ['registered', 'vitals', 'triage', 'precedence', 'note', 'evac.requested', 'pickup', 'arrival', 'outcome', 'tourniquet.applied'] as const;
        const spec = fc.array(
          fc.record({ c: fc.nat(2), k: fc.constantFrom(...kinds), m: fc.nat(120), v: fc.nat(3), dev: fc.nat(2) }),
          { minLength: 1, maxLength: 25 },
        );
        await fc.assert(
          fc.asyncProperty(spec, fc.nat(1000), fc.nat(1000), fc.nat(6), async (items, seedA, seedB, maxBatch) => {
            const cids = [uuidv7(), uuidv7(), uuidv7()];
            const events: CasualtyEvent[] = items.map(({ c, k, m, v, dev }) => {
              const cid = cids[c]!;
              const o = { deviceId: `dev-${dev}`, author: `medic-${dev}` };
              const t = at(m);
              switch (k) {
                case 'registered': return makeRegistered(cid, { ...o, at: t, unitId: `u${v}` });
                case 'vitals': return makeEvent('vitals', cid, { pulse: 60 + v * 20 }, t, o);
                case 'triage': return makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3', 'T4'] as const)[v]! } }, t, o);
                case 'precedence': return makeEvent('precedence', cid, { precedence: (['urgent', 'priority', 'routine', 'convenience'] as const)[v]! }, t, o);
                case 'note': return makeEvent('note', cid, { text: `note ${v}` }, t, o);
                case 'evac.requested': return makeEvent('evac.requested', cid, { nineLine: sampleNineLine() }, t, o);
                case 'pickup': return makeEvent('pickup', cid, { vehicleId: `v${v}` }, t, o);
                case 'arrival': return makeEvent('arrival', cid, { facilityId: `f${v}` }, t, o);
                case 'outcome': return makeEvent('outcome', cid, { outcome: 'returned-to-duty' }, t, o);
                case 'tourniquet.applied': return makeEvent('tourniquet.applied', cid, { limb: 'left-arm', tqType: 'CAT' }, t, o);
              }
            });
            const batches = (seed: number): CasualtyEvent[][] => {
              // A deterministic shuffle with repeats: every event at least once, some twice, in batches.
              let x = seed + 1;
              const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
              const stream = [...events, ...events.filter(() => rnd() < 0.3)];
              for (let i = stream.length - 1; i > 0; i--) {
                const j = Math.floor(rnd() * (i + 1));
                [stream[i], stream[j]] = [stream[j]!, stream[i]!];
              }
              const out: CasualtyEvent[][] = [];
              for (let i = 0; i < stream.length; ) {
                const n = 1 + Math.floor(rnd() * (maxBatch + 1));
                out.push(stream.slice(i, i + n));
                i += n;
              }
              return out;
            };
            for (const b of batches(seedA)) await s1.store.append(b, NOW);
            for (const b of batches(seedB)) await s2.store.append(b, NOW);
            const byId = (xs: CasualtyEvent[]) => [...xs].sort((p, q) => (p.id < q.id ? -1 : 1));
            for (const cid of cids) {
              const mine = events.filter((e) => e.casualtyId === cid);
              const l1 = (await s1.store.eventsOf(cid)).map(strip);
              const l2 = (await s2.store.eventsOf(cid)).map(strip);
              assert.deepEqual(byId(l1), byId(mine));
              assert.deepEqual(byId(l2), byId(mine));
              const p1 = await s1.store.casualty(cid);
              const p2 = await s2.store.casualty(cid);
              if (mine.length === 0) {
                assert.equal(p1, null);
                assert.equal(p2, null);
                continue;
              }
              const norm = (p: CasualtySummary | null) => ({ ...p!, lastSeq: 0 });
              assert.deepEqual(norm(p1), norm(p2));
              // The stored projection is the refold of the whole log, growing lists cut to their latest (issue 16).
              assert.deepEqual(json(p1), json(storedSummary(summarise(cid, await s1.store.eventsOf(cid), NOW))));
              assert.deepEqual(fold(cid, mine, NOW).vitals.slice(-SUMMARY_KEEP), p1!.state.vitals);
            }
          }),
          { numRuns: 25 },
        );
      } finally {
        await s1.cleanup();
        await s2.cleanup();
      }
    });
  });
}
