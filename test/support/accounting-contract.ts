// The accounting contract: one suite, run on SQLite and PostgreSQL (accounting.sqlite.int.test.ts and
// accounting.postgres.int.test.ts). Recorded statistics are checked against a hand-computed fixture; the ledger's
// rules and history, the incident comparison and the importers (on the real shipped files) on both databases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { uuidv7 } from '../../src/core/index.ts';
import type { Store } from '../../src/storage/port.ts';
import type { Db } from '../../src/accounting/db.ts';
import { FIGURES, FIGURE_SQL, ROLLUP_COLUMN, drillDown, recordedStats } from '../../src/accounting/recorded.ts';
import type { RecordedFilter, RecordedStats } from '../../src/accounting/recorded.ts';
import { takeSnapshot } from '../../src/accounting/snapshot.ts';
import { recordedAtPlace } from '../../src/accounting/incident.ts';
import { addEvidence, changeStatus, claimHistory, createClaim, gradeClaim, listClaims } from '../../src/accounting/ledger.ts';
import { importDatasets } from '../../src/accounting/import.ts';
import { claimedVsEvidenced } from '../../src/accounting/compare.ts';
import { at, makeEvent, makeRegistered } from './events.ts';

export type OpenAccounting = () => Promise<{ store: Store; db: Db; cleanup: () => Promise<void> }>;
export const DATASETS = fileURLToPath(new URL('../../datasets/losses/', import.meta.url));

const NOW = '2026-03-05T12:00:00.000Z';
const D1 = '2026-03-01T06:00:00.000Z';
const D2 = '2026-03-02T08:00:00.000Z';
/** The school of the strike claim, and somewhere far from it. */
export const SCHOOL = { lat: 48.59, lon: 37.99 };
const FAR = { lat: 48.7, lon: 38.3 };

/**
 * Six casualties whose figures are computed by hand in the tests below (ids in `ids`):
 * A a-coy T1, pickup 20, arrival 45, surgery 55 min, returned to duty · B a-coy T1 (injured +10), pickup 30, arrival
 * 90, surgery 180 min after injury, died of wounds · C b-coy killed in action · D b-coy civilian (day 2) T2, pickup 15,
 * arrival 70, tourniquet converted after 90 min, evacuated onward · E a-coy (day 2) tourniquet converted after 150 min,
 * still open · F a-coy T1 arrival 50 min, no surgery, permanent injury.
 */
export function fixture(): { events: CasualtyEvent[]; ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string> } {
  const ids = { A: uuidv7(), B: uuidv7(), C: uuidv7(), D: uuidv7(), E: uuidv7(), F: uuidv7() };
  const reg = (id: string, start: string, unitId: string, pos: { lat: number; lon: number }, status: 'military' | 'civilian' = 'military') =>
    makeRegistered(id, { at: start, injuredAt: start, unitId, status, position: pos });
  const t1 = (id: string, when: string) => makeEvent('triage', id, { triage: { system: 'NATO', category: 'T1' } }, when);
  const f = 'r2-north';
  const B0 = at(10, D1);
  const tqD = makeEvent('tourniquet.applied', ids.D, { limb: 'left-leg' }, D2);
  const E0 = at(60, D2);
  const tqE = makeEvent('tourniquet.applied', ids.E, { limb: 'right-arm' }, E0);
  const events: CasualtyEvent[] = [
    reg(ids.A, D1, 'a-coy', SCHOOL), t1(ids.A, at(1, D1)), makeEvent('pickup', ids.A, { vehicleId: 'amb-1' }, at(20, D1)),
    makeEvent('arrival', ids.A, { facilityId: f }, at(45, D1)), makeEvent('surgery.started', ids.A, { facilityId: f }, at(55, D1)),
    makeEvent('outcome', ids.A, { outcome: 'returned-to-duty', facilityId: f }, at(600, D1)),
    reg(ids.B, B0, 'a-coy', SCHOOL), t1(ids.B, at(1, B0)), makeEvent('pickup', ids.B, { vehicleId: 'amb-1' }, at(30, B0)),
    makeEvent('arrival', ids.B, { facilityId: f }, at(90, B0)), makeEvent('surgery.started', ids.B, { facilityId: f }, at(180, B0)),
    makeEvent('outcome', ids.B, { outcome: 'died-of-wounds', facilityId: f }, at(300, B0)),
    reg(ids.C, D1, 'b-coy', SCHOOL), makeEvent('outcome', ids.C, { outcome: 'killed-in-action' }, at(5, D1)),
    reg(ids.D, D2, 'b-coy', FAR, 'civilian'), tqD, makeEvent('triage', ids.D, { triage: { system: 'NATO', category: 'T2' } }, at(2, D2)),
    makeEvent('pickup', ids.D, { vehicleId: 'amb-2' }, at(15, D2)), makeEvent('arrival', ids.D, { facilityId: f }, at(70, D2)),
    makeEvent('tourniquet.converted', ids.D, { applied: tqD.id }, at(90, D2)),
    makeEvent('outcome', ids.D, { outcome: 'evacuated-onward', facilityId: f }, at(400, D2)),
    reg(ids.E, E0, 'a-coy', FAR), tqE, makeEvent('tourniquet.converted', ids.E, { applied: tqE.id }, at(150, E0)),
    reg(ids.F, at(30, D1), 'a-coy', SCHOOL), t1(ids.F, at(31, D1)), makeEvent('arrival', ids.F, { facilityId: f }, at(80, D1)),
    makeEvent('outcome', ids.F, { outcome: 'permanent-injury', facilityId: f }, at(900, D1)),
  ];
  return { events, ids };
}

const OUTCOMES = ['returned-to-duty', 'evacuated-onward', 'died-of-wounds', 'killed-in-action', 'permanent-injury'] as const;

/** One random casualty of the roll-up property: where and when, and which of the timed steps it went through. */
const randomCasualty = fc.record({
  unit: fc.constantFrom('a-coy', 'b-coy', 'c-coy', undefined),
  civilian: fc.boolean(),
  day: fc.integer({ min: 0, max: 3 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  triage: fc.constantFrom('T1', 'T2', undefined),
  pickup: fc.option(fc.integer({ min: 1, max: 200 })),
  arrival: fc.option(fc.integer({ min: 1, max: 200 })),
  surgery: fc.option(fc.integer({ min: 30, max: 200 })),
  /** none, applied and still on, or converted after so many minutes. */
  tourniquet: fc.oneof(fc.constant('none' as const), fc.constant('running' as const), fc.integer({ min: 1, max: 500 })),
  outcome: fc.option(fc.constantFrom(...OUTCOMES)),
  voidOutcome: fc.boolean(),
});

type RandomCasualty = typeof randomCasualty extends fc.Arbitrary<infer T> ? T : never;

function randomCasualtyEvents(c: RandomCasualty): CasualtyEvent[] {
  const id = uuidv7();
  const start = new Date(Date.parse(D1) + c.day * 86_400_000 + c.minute * 60_000).toISOString();
  const f = 'r2-north';
  const evs: CasualtyEvent[] = [makeRegistered(id, { at: start, injuredAt: start, status: c.civilian ? 'civilian' : 'military', ...(c.unit ? { unitId: c.unit } : {}) })];
  if (c.triage) evs.push(makeEvent('triage', id, { triage: { system: 'NATO', category: c.triage } }, at(1, start)));
  if (c.pickup !== null) evs.push(makeEvent('pickup', id, { vehicleId: 'amb-1' }, at(c.pickup, start)));
  if (c.arrival !== null) evs.push(makeEvent('arrival', id, { facilityId: f }, at(c.arrival, start)));
  if (c.surgery !== null) evs.push(makeEvent('surgery.started', id, { facilityId: f }, at(c.surgery, start)));
  if (c.tourniquet !== 'none') {
    const tq = makeEvent('tourniquet.applied', id, { limb: 'left-leg' }, at(2, start));
    evs.push(tq);
    if (c.tourniquet !== 'running') evs.push(makeEvent('tourniquet.converted', id, { applied: tq.id }, at(2 + c.tourniquet, start)));
  }
  if (c.outcome !== null) {
    const o = makeEvent('outcome', id, c.outcome === 'killed-in-action' ? { outcome: c.outcome } : { outcome: c.outcome, facilityId: f }, at(600, start));
    evs.push(o);
    if (c.voidOutcome) evs.push(makeEvent('void', id, { target: o.id, reason: 'entered in error' }, at(700, start)));
  }
  return evs;
}

/** The roll-ups' cells, and the same cells grouped from scratch from the projection's states (the *_source views). */
async function rollupAgainstScratch(db: Db): Promise<void> {
  const num = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && k !== 'day' && k !== 'unit' && k !== 'status' && k !== 'bucket' ? Number(v) : v])));
  const sortKey = (r: Record<string, unknown>) => JSON.stringify([r.day, r.unit, r.status, r.bucket ?? '']);
  const sorted = (rows: Record<string, unknown>[]) => num(rows).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const counts = FIGURES.map((f) => `sum(CASE WHEN ${FIGURE_SQL[f]} THEN 1 ELSE 0 END) AS "${f}"`).join(', ');
  const scratch = await db.all<Record<string, unknown>>(
    `SELECT injured_day AS day, unit_id AS unit, person_status AS status, ${counts},
       count(min_to_pickup) AS pickup, count(min_to_arrival) AS arrival, count(min_to_surgery) AS surgery
     FROM casualty_facts_source GROUP BY injured_day, unit_id, person_status`, []);
  const cells = await db.all<Record<string, unknown>>(
    `SELECT nullif(injured_day, '') AS day, CASE WHEN unit_id = '' THEN NULL ELSE substr(unit_id, 2) END AS unit, person_status AS status,
       ${FIGURES.map((f) => `${ROLLUP_COLUMN(f)} AS "${f}"`).join(', ')}, n_pickup AS pickup, n_arrival AS arrival, n_surgery AS surgery
     FROM casualty_rollup WHERE n_all <> 0`, []);
  assert.deepEqual(sorted(cells), sorted(scratch), 'casualty_rollup = grouped from the projection');
  const bucket = `CASE WHEN minutes IS NULL THEN 'running' WHEN minutes < 30 THEN '<30' WHEN minutes < 60 THEN '30-60'
    WHEN minutes < 120 THEN '60-120' WHEN minutes < 360 THEN '120-360' ELSE '>360' END`;
  const tqScratch = await db.all<Record<string, unknown>>(
    `SELECT injured_day AS day, unit_id AS unit, person_status AS status, ${bucket} AS bucket, count(*) AS n, sum(converted_within_2h) AS conv
     FROM (SELECT DISTINCT * FROM casualty_tourniquets_source) t GROUP BY injured_day, unit_id, person_status, ${bucket}`, []);
  const tqCells = await db.all<Record<string, unknown>>(
    `SELECT nullif(injured_day, '') AS day, CASE WHEN unit_id = '' THEN NULL ELSE substr(unit_id, 2) END AS unit, person_status AS status,
       bucket, n, converted_within_2h AS conv FROM casualty_tq_rollup WHERE n <> 0`, []);
  assert.deepEqual(sorted(tqCells), sorted(tqScratch), 'casualty_tq_rollup = grouped from the projection');
  // Migration 019: the times counted per tenth of a minute (the unfiltered median and p90 are read from them).
  const tenths = (col: string) => `CAST(floor(${col} * 10 + 0.5) AS ${db.kind === 'sqlite' ? 'INTEGER' : 'bigint'})`;
  const timesScratch = await db.all<Record<string, unknown>>(
    `SELECT k AS kind, t AS tenths, count(*) AS n FROM (
       SELECT 'pickup' AS k, ${tenths('min_to_pickup')} AS t FROM casualty_facts
       UNION ALL SELECT 'arrival', ${tenths('min_to_arrival')} FROM casualty_facts
       UNION ALL SELECT 'surgery', ${tenths('min_to_surgery')} FROM casualty_facts) x WHERE t IS NOT NULL GROUP BY k, t`, []);
  const times = await db.all<Record<string, unknown>>('SELECT kind, tenths, n FROM casualty_time_tenths WHERE n <> 0', []);
  const keyed = (rows: Record<string, unknown>[]) => rows.map((r) => `${String(r.kind)} ${Number(r.tenths)} ${Number(r.n)}`).sort();
  assert.deepEqual(keyed(times), keyed(timesScratch), 'casualty_time_tenths = grouped from casualty_facts');
}

export function accountingContract(name: string, open: OpenAccounting): void {
  const withDb = async (fn: (store: Store, db: Db) => Promise<void>): Promise<void> => {
    const { store, db, cleanup } = await open();
    try {
      await fn(store, db);
    } finally {
      await cleanup();
    }
  };

  describe(`Accounting contract: ${name}`, () => {
    it('recorded statistics equal the hand-computed figures, by day, unit and category', () =>
      withDb(async (store, db) => {
        const { events } = fixture();
        // Two batches: the facts follow every refold of the projection, not only the first insert.
        await store.append(events.slice(0, 12), NOW);
        await store.append(events.slice(12), NOW);
        const s = await recordedStats(db, {});
        assert.deepEqual(await recordedStats(db, {}, { fromFacts: true }), s, 'the roll-up gives what casualty_facts gives');
        assert.deepEqual(
          { ...s.totals },
          { all: 6, wounded: 5, kia: 1, dow: 1, rtd: 1, 'evacuated-onward': 1, 'permanent-injury': 1, open: 1, t1: 3, 't1-surgery-60': 1, 't1-surgery-120': 1 },
        );
        assert.deepEqual(s.rates, { woundedToKilled: 2, caseFatality: 0.333, diedOfWounds: 0.2, t1SurgeryWithin60: 0.333, t1SurgeryWithin120: 0.333 });
        assert.deepEqual(s.byDay.map((d) => [d.day, d.all, d.kia]), [['2026-03-01', 4, 1], ['2026-03-02', 2, 0]]);
        assert.deepEqual(s.byUnit.map((u) => [u.unit, u.all, u.dow]), [['a-coy', 4, 1], ['b-coy', 2, 0]]);
        assert.deepEqual(s.byStatus.map((u) => [u.status, u.all]), [['civilian', 1], ['military', 5]]);
        assert.deepEqual(s.minutesInjuryTo, {
          pickup: { n: 3, median: 20, p90: 30 },
          firstFacility: { n: 4, median: 50, p90: 90 },
          surgery: { n: 2, median: 55, p90: 180 },
        });
        // Walking the column's index (wide filters) gives the same ranks as one sorted read (narrow ones).
        for (const f of [{}, { unit: 'a-coy' }, { status: 'military' }])
          assert.deepEqual((await recordedStats(db, f, { sortOnceUnder: 0 })).minutesInjuryTo, (await recordedStats(db, f)).minutesInjuryTo);
        assert.equal(s.tourniquets.count, 2);
        assert.equal(s.tourniquets.convertedWithin2h, 1);
        assert.deepEqual(s.tourniquets.buckets.filter((b) => b.n > 0), [{ bucket: '60-120', n: 1 }, { bucket: '120-360', n: 1 }]);

        const a = await recordedStats(db, { unit: 'a-coy' });
        assert.equal(a.totals.all, 4);
        assert.equal((await recordedStats(db, { status: 'civilian' })).totals['evacuated-onward'], 1);
        assert.equal((await recordedStats(db, { from: '2026-03-02', to: '2026-03-02' })).totals.all, 2);
        assert.equal((await recordedStats(db, { scopeUnits: ['b-coy'] })).totals.all, 2);
        assert.equal((await recordedStats(db, { scopeUnits: [] })).totals.all, 0);
      }));

    it('property: the roll-ups equal the figures recomputed from scratch, after any appends, amendments and batches', () =>
      withDb(async (store, db) => {
        const filters: RecordedFilter[] = [
          {}, { unit: 'a-coy' }, { status: 'civilian' }, { from: '2026-03-02', to: '2026-03-03' }, { to: '2026-03-01' },
          { scopeUnits: ['b-coy', 'c-coy'] }, { unit: 'c-coy', status: 'military', from: '2026-03-03' },
        ];
        // One database for every run: the figures accumulate, and each run checks all of them.
        await fc.assert(fc.asyncProperty(fc.array(randomCasualty, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4 }), async (cs, batches) => {
          const events = cs.flatMap(randomCasualtyEvents);
          // Events of one casualty across several appends: the projection (and its facts) are refolded each time.
          const size = Math.ceil(events.length / batches);
          for (let i = 0; i < events.length; i += size) await store.append(events.slice(i, i + size), NOW);
          await rollupAgainstScratch(db);
          for (const f of filters) assert.deepEqual(await recordedStats(db, f), await recordedStats(db, f, { fromFacts: true }), JSON.stringify(f));
        }), { numRuns: 25 });
        const none = await db.all<{ n: number }>('SELECT count(*) AS n FROM casualty_rollup WHERE n_all < 0 OR n_wounded < 0 OR n_open < 0', []);
        assert.equal(Number(none[0]!.n), 0);
      }));

    it('property: the analyst\'s snapshot as of an hour gives the figures the live path gave then, whatever came after', () =>
      withDb(async (store, db) => {
        const filters: RecordedFilter[] = [
          {}, { unit: 'a-coy' }, { status: 'civilian' }, { from: '2026-03-02', to: '2026-03-03' }, { to: '2026-03-01' },
          { scopeUnits: ['b-coy', 'c-coy'] }, { unit: 'c-coy', status: 'military', from: '2026-03-03' },
        ];
        let hour = Date.parse('2026-03-10T00:00:00.000Z');
        await fc.assert(fc.asyncProperty(fc.array(randomCasualty, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4 }), async (cs, batches) => {
          // Each batch received in an hour of its own (half past), the live figures read after it: what the log held
          // at the next hour's start. A casualty's events spread over batches are refolded by the snapshot.
          const events = cs.flatMap(randomCasualtyEvents);
          const size = Math.ceil(events.length / batches);
          const seen: { asOf: string; live: RecordedStats[] }[] = [];
          for (let i = 0; i < events.length; i += size) {
            await store.append(events.slice(i, i + size), new Date(hour + 1_800_000).toISOString());
            hour += 3_600_000;
            seen.push({ asOf: new Date(hour).toISOString(), live: await Promise.all(filters.map((f) => recordedStats(db, f))) });
          }
          for (const { asOf, live } of seen) {
            const snap = await takeSnapshot(db, asOf);
            filters.forEach((f, k) => assert.deepEqual(snap.stats(f), live[k], `${asOf} ${JSON.stringify(f)}`));
          }
        }), { numRuns: 20 });
      }));

    it('a drill-down lists exactly the casualties a figure counts, within the scope', () =>
      withDb(async (store, db) => {
        const { events, ids } = fixture();
        await store.append(events, NOW);
        assert.deepEqual((await drillDown(db, 'kia', {})).map((r) => r.id), [ids.C]);
        assert.deepEqual((await drillDown(db, 'wounded', { unit: 'a-coy', day: '2026-03-01' })).map((r) => r.id).sort(), [ids.A, ids.B, ids.F].sort());
        assert.deepEqual((await drillDown(db, 't1-surgery-60', {})).map((r) => r.id), [ids.A]);
        assert.deepEqual(await drillDown(db, 'kia', { scopeUnits: ['a-coy'] }), []);
      }));

    it('an outcome amended later moves the casualty between figures (the facts follow the projection)', () =>
      withDb(async (store, db) => {
        const { events, ids } = fixture();
        await store.append(events, NOW);
        const kia = events.find((e) => e.casualtyId === ids.C && e.type === 'outcome')!;
        await store.append([makeEvent('void', ids.C, { target: kia.id, reason: 'entered in error' }, at(60, D1))], NOW);
        const s = await recordedStats(db, {});
        assert.equal(s.totals.kia, 0);
        assert.equal(s.totals.open, 2);
      }));

    it('what was recorded at a place and window: the school strike', () =>
      withDb(async (store, db) => {
        const { events, ids } = fixture();
        await store.append(events, NOW);
        const r = await recordedAtPlace(db, { ...SCHOOL, radiusM: 500, from: '2026-03-01T00:00:00Z', to: '2026-03-01T23:59:59Z' });
        assert.deepEqual(
          { ...r, ids: [...r.ids].sort() },
          { casualties: 4, killedInAction: 1, diedOfWounds: 1, wounded: 2, stillOpen: 0, ids: [ids.A, ids.B, ids.C, ids.F].sort() },
        );
        const later = await recordedAtPlace(db, { ...SCHOOL, radiusM: 500, from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
        assert.equal(later.casualties, 0);
      }));

    it('claims ledger: status chain, four eyes for verification, grading, evidence hash, all in the history', () =>
      withDb(async (_store, db) => {
        const { claim } = await createClaim(db, {
          claimant: 'President', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
          value: 60, valueKind: 'count', periodEnd: '2026-03-01', place: { name: 'School 3', ...SCHOOL, radiusM: 500, precision: 'exact' },
        }, 'editor-1', NOW);
        assert.equal(claim.status, 'claimed');
        await assert.rejects(changeStatus(db, claim.id, 'verified', 'looks right', 'editor-2', NOW), /cannot become verified/);
        await changeStatus(db, claim.id, 'corroborated', 'two independent witnesses', 'editor-1', NOW);
        await assert.rejects(changeStatus(db, claim.id, 'verified', 'ok', 'editor-2', NOW), /at least one piece of evidence/);
        const ev = await addEvidence(db, claim.id, { firstSeen: NOW, kind: 'photo', archiveBase64: Buffer.from('photo bytes').toString('base64'), mediaType: 'text/plain' }, 'editor-1', NOW);
        assert.equal(ev.sha256, createHash('sha256').update('photo bytes').digest('hex'));
        assert.equal(ev.hasArchive, true);
        await assert.rejects(
          addEvidence(db, claim.id, { firstSeen: NOW, kind: 'photo', archiveBase64: 'AAAA', sha256: '0'.repeat(64), mediaType: 'text/plain' }, 'editor-1', NOW),
          /does not match/,
        );
        // An archived copy is checked on its bytes: its size, and its content against the type it claims to be.
        const file = (b: Buffer, mediaType: 'image/png' | 'text/plain' | 'application/pdf') => addEvidence(db, claim.id, { firstSeen: NOW, kind: 'document', archiveBase64: b.toString('base64'), mediaType }, 'editor-1', NOW);
        await assert.rejects(file(Buffer.from('not a picture'), 'image/png'), /not image\/png \(it looks like text\)/);
        await assert.rejects(file(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'application/pdf'), /not application\/pdf/);
        await assert.rejects(file(Buffer.alloc(1024 * 1024 + 1, 0x61), 'text/plain'), /at most 1048576 bytes/);
        const big = Buffer.alloc(1024 * 1024, 0x61);
        Buffer.from('%PDF-').copy(big);
        assert.equal((await file(big, 'application/pdf')).mediaType, 'application/pdf', '1 MiB exactly is accepted');
        await assert.rejects(changeStatus(db, claim.id, 'verified', 'mine', 'editor-1', NOW), /four eyes/);
        await gradeClaim(db, claim.id, { reliability: 'B', credibility: 3 }, 'official, unconfirmed on the ground', 'editor-2', NOW);
        const v = await changeStatus(db, claim.id, 'disputed', 'soldiers on the ground cannot confirm', 'editor-2', NOW);
        assert.equal(v.status, 'disputed');
        assert.equal(v.reliability, 'B');
        assert.equal(v.credibility, 3);
        const h = await claimHistory(db, claim.id);
        assert.deepEqual(h.map((x) => [x.action, x.actor]), [
          ['created', 'editor-1'], ['status', 'editor-1'], ['evidence', 'editor-1'], ['evidence', 'editor-1'], ['grade', 'editor-2'], ['status', 'editor-2'],
        ]);
        assert.equal(h.at(-1)!.reason, 'soldiers on the ground cannot confirm');
        assert.deepEqual(h.at(-1)!.detail, { from: 'corroborated', to: 'disputed' });
        // History is append-only in the database itself.
        await assert.rejects(db.run('DELETE FROM claim_history WHERE claim_id = ?', [claim.id]), /append-only/);
        // A new claim that supersedes it retires it, with its own history entry.
        await createClaim(db, {
          claimant: 'President', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
          value: 48, valueKind: 'count', periodEnd: '2026-03-01', supersedes: claim.id,
        }, 'editor-1', NOW);
        assert.equal((await listClaims(db, { status: 'superseded', limit: 10 }))[0]?.id, claim.id);
      }));

    it('imports every shipped dataset (row counts, totals at known dates, a correction applied); a second import changes nothing', () =>
      withDb(async (_store, db) => {
        let last = 0;
        const r = await importDatasets(db, DATASETS, 'import', NOW, (done) => (last = done));
        const by = Object.fromEntries(r.datasets.map((d) => [d.dataset, d]));
        assert.equal(by['generalstaff-equipment']!.rows, 1626);
        assert.equal(by['generalstaff-personnel']!.rows, 1626);
        assert.equal(by['generalstaff-corrections']!.rows, 28);
        assert.equal(by['oryx-daily']!.rows, 1365);
        assert.equal(by['oryx-captured']!.rows, 5392);
        assert.equal(by['oryx-captured']!.inserted, 5392);
        assert.equal(r.evidence, 5392);
        assert.equal(last, r.inserted, 'progress reached the end');
        assert.deepEqual(r.conflicts, []);
        const one = async (id: string) => (await db.all<{ value: number; qualifier: string | null }>('SELECT value, qualifier FROM claims WHERE id = ?', [id]))[0];
        assert.equal(Number((await one('gs:2026-08-08:tank'))!.value), 12251);
        assert.deepEqual({ ...(await one('gs:2026-08-08:personnel'))!, value: Number((await one('gs:2026-08-08:personnel'))!.value) }, { value: 1456610, qualifier: 'about' });
        assert.equal((await one('gs:2022-03-07:personnel'))!.qualifier, 'more-than');
        // Renamed fields: before "vehicles and fuel tanks" existed, military auto + fuel tank (100 + 60 on day 2).
        assert.equal(Number((await one('gs:2022-02-25:vehicle'))!.value), 160);
        // The correction of 2022-10-13 (APC −25): the cumulative fell 5181 → 5167, so the day's new claimed losses are 11.
        const apc = await claimedVsEvidenced(db, 'armoured-vehicle');
        const day = apc.points.find((p) => p.date === '2022-10-13')!;
        assert.deepEqual([day.claimed, day.correction, day.claimedDaily], [5167, -25, 11]);
        assert.ok(apc.points.some((p) => p.evidenced !== null && p.ratio !== null), 'Oryx series beside the claimed one');
        assert.equal(apc.attribution.length, 2);

        const again = await importDatasets(db, DATASETS, 'import', NOW);
        assert.equal(again.inserted, 0);
        assert.equal(again.evidence, 0);
        assert.equal(again.unchanged, r.inserted);
      }));
  });
}
