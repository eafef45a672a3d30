// The workforce API end to end on SQLite and PostgreSQL, auth on: CSV import (bad rows reported by line and field,
// nothing partial; keepValid keeps the good rows; re-import idempotent), role checks and audited reads, gaps with red
// flags, a proposal accepted as events, and the dispatch plan seeing the staffing-limited tables.
import { describe, it, before, after } from 'node:test';
import type * as LightMyRequest from 'light-my-request';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMinutes, uuidv7 } from '../../core/index.ts';
import { openSqliteStore } from '../../storage/sqlite.ts';
import { openPostgresStore } from '../../storage/postgres.ts';
import type { Store } from '../../storage/port.ts';
import { openTrust } from '../../auth/trust.ts';
import type { Trust } from '../../auth/trust.ts';
import { buildApp } from '../app.ts';
import { createUserAndLogin } from '../../../test/support/auth.ts';
import type { PgServer } from '../../../test/support/postgres.ts';
import { startPostgres } from '../../../test/support/postgres.ts';
import { CSV_COLUMNS, toCsvLine } from '../../workforce/csv.ts';
import { checkAnswersAgainstContracts } from '../../../test/support/contract.ts';
import { syntheticWorld } from '../../workforce/synthetic.ts';
import { processWorkforceDoor } from '../../log/workforce.ts';
import { proposalRunner } from '../proposal-runner.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let pg: PgServer | undefined;
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
});

async function open(kind: 'sqlite' | 'postgres', now: () => string) {
  const dir = mkdtempSync(join(tmpdir(), 'gh-wf-'));
  let store: Store;
  let trust: Trust;
  if (kind === 'sqlite') {
    store = await openSqliteStore({ dataDir: dir });
    trust = await openTrust({ dataDir: dir });
  } else {
    const url = await pg!.createDatabase();
    store = await openPostgresStore({ url, poolSize: 4 });
    trust = await openTrust({ url });
  }
  await store.migrate();
  const app = await buildApp({ webDist: join(dir, 'no-web'), store, now, auth: { rateLimit: false, trust } });
  checkAnswersAgainstContracts(app);
  return {
    app, store, trust,
    async close() {
      await app.close();
      await store.close();
      await trust.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const NOW = new Date().toISOString();
const req = async (t: { app: Awaited<ReturnType<typeof open>>['app'] }, who: { headers: { authorization: string } }, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) }) as Promise<LightMyRequest.Response>;
const row = (cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) => toCsvLine(CSV_COLUMNS.map((c) => cells[c] ?? ''));
const person = (id: string, profession: string, site = '', extra: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}) =>
  row({ id, name: `Test ${id}`, profession, credentials: `${profession}|1|MoH`, training: 'degree|260|2015-06-01', languages: 'uk', status: 'mobilised', site, ...extra });

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`workforce API on ${kind}`, () => {
    it('imports, reports bad rows, guards personal data, flags gaps, accepts a proposal and the dispatch plan follows', async () => {
      const t = await open(kind, () => NOW);
      try {
        const admin = await createUserAndLogin(t, 'admin');
        const personnel = await createUserAndLogin(t, 'personnel');
        const analyst = await createUserAndLogin(t, 'analyst');
        const medic = await createUserAndLogin(t, 'medic');
        const dispatcher = await createUserAndLogin(t, 'dispatcher');
        const commander = await createUserAndLogin(t, 'commander', { units: ['bde-2'] });
        const req = async (who: { headers: { authorization: string } }, method: 'GET' | 'POST', url: string, payload?: object) =>
          t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) }) as Promise<LightMyRequest.Response>;

        // A forward R2 (two tables) with no staff yet, and a civilian hospital in the rear.
        const fac = { id: 'r2-fwd', name: 'R2 forward', role: 'R2', position: { lat: 48.6, lon: 37.9 }, beds: 20, surgicalTables: 2 };
        assert.equal((await req(admin, 'POST', '/api/facilities', fac)).statusCode, 201);
        assert.equal((await req(admin, 'POST', '/api/facilities', { id: 'r3-rear', name: 'R3 rear', role: 'R3', position: { lat: 49.9, lon: 36.3 }, beds: 50, surgicalTables: 4 })).statusCode, 201);
        await req(admin, 'POST', '/api/vehicles', { id: 'amb-1', kind: 'ambulance', litter: 2, seated: 2, medic: true, speedKmh: 50, position: { lat: 48.62, lon: 37.95 } });
        const sites = [
          { id: 'r2-fwd', name: 'R2 forward', kind: 'facility', templateId: 'r2b', position: fac.position, facilityId: 'r2-fwd', unitId: 'bde-1' },
          { id: 'civ-1', name: 'City hospital', kind: 'civilian-hospital', templateId: 'civilian-hospital', position: { lat: 49.0, lon: 36.0 }, minimumStaff: 1, languages: ['uk', 'en'], unitId: 'bde-2' },
        ];
        const siteFacts = sites.map((payload, i) => ({ id: uuidv7(), at: addMinutes(NOW, -60 + i), type: 'site.set', payload }));
        assert.equal((await req(personnel, 'POST', '/api/workforce/facts', { facts: siteFacts })).statusCode, 201);

        // A CSV with two bad rows: nothing stored, both reported by line and field.
        const csv = [
          CSV_COLUMNS.join(','),
          person('s1', 'general-surgeon', 'civ-1'),
          person('s2', 'general-surgeon', 'civ-1'),
          person('a1', 'anaesthesiologist', 'civ-1'),
          person('o1', 'or-nurse', 'r2-fwd'),
          person('bad1', 'wizard'),
          person('bad2', 'nurse', '', { languages: 'ukrainian' }),
          person('f1', 'anaesthesiologist', '', { languages: 'en', status: 'foreign-volunteer' }),
        ].join('\n');
        const strict = (await req(personnel, 'POST', '/api/workforce/import', { csv })).json() as Json;
        assert.equal(strict.report.stored, false);
        assert.deepEqual(strict.report.issues.map((i: Json) => [i.line, i.field]), [[6, 'profession'], [6, 'credentials.0.profession'], [7, 'languages.0']]);
        assert.equal(((await req(personnel, 'GET', '/api/workforce/clinicians')).json() as Json).clinicians.length, 0, 'nothing partial');
        const kept = (await req(personnel, 'POST', '/api/workforce/import', { csv, keepValid: true })).json() as Json;
        assert.equal(kept.report.valid, 5);
        assert.equal(kept.report.accepted, 9, '5 records and 4 assignments');
        const again = (await req(personnel, 'POST', '/api/workforce/import', { csv, keepValid: true })).json() as Json;
        assert.equal(again.report.accepted, 0, 're-import is idempotent');

        // Personal data: personnel and admin only, and every read names the clinicians shown in the audit.
        for (const who of [analyst, medic, dispatcher, commander]) {
          assert.equal((await req(who, 'GET', '/api/workforce/clinicians/s1')).statusCode, 403);
          assert.equal((await req(who, 'GET', '/api/workforce/export')).statusCode, 403);
        }
        const one = await req(personnel, 'GET', '/api/workforce/clinicians/s1');
        assert.equal(one.statusCode, 200);
        assert.equal((one.json() as Json).clinician.siteId, 'civ-1');
        const entries = await t.trust.audit.entries();
        const read = entries.filter((e) => e.action === 'GET /api/workforce/clinicians/:id' && e.actor === personnel.username);
        assert.deepEqual(read.at(-1)?.detail.clinicians, ['s1']);
        assert.ok(entries.some((e) => e.action === 'GET /api/workforce/clinicians/:id' && e.actor === medic.username && e.detail.status === 403), 'refusals audited too');
        assert.match((await req(admin, 'GET', '/api/workforce/export')).body, /^id,name,profession/);
        // What the registry's reader returned is what the audit names, whatever the answer's shape (a CSV too).
        assert.equal(((await req(personnel, 'GET', '/api/workforce/clinicians')).json() as Json).clinicians.length, 5);
        const later = await t.trust.audit.entries();
        const exported = later.filter((e) => e.action === 'GET /api/workforce/export' && e.actor === admin.username).at(-1);
        assert.deepEqual([...((exported?.detail.clinicians as string[] | undefined) ?? [])].sort(), ['a1', 'f1', 'o1', 's1', 's2'], 'the CSV export names every clinician it held');
        const listed = later.filter((e) => e.action === 'GET /api/workforce/clinicians' && e.actor === personnel.username).at(-1);
        assert.deepEqual([...((listed?.detail.clinicians as string[] | undefined) ?? [])].sort(), ['a1', 'f1', 'o1', 's1', 's2']);

        // Gaps: the forward R2 cannot operate. The analyst sees aggregates only; the commander of bde-2 only its sites.
        const gaps = ((await req(personnel, 'GET', '/api/workforce/gaps')).json() as Json).sites as Json[];
        const fwd = gaps.find((g) => g.siteId === 'r2-fwd')!;
        assert.deepEqual(fwd.redFlags, ['cannot-operate', 'no-anaesthesia', 'no-physician', 'no-surgeon']);
        assert.equal(fwd.usableTables, 0);
        assert.equal((await req(analyst, 'GET', '/api/workforce/gaps')).statusCode, 403);
        const agg = (await req(analyst, 'GET', '/api/workforce/aggregates')).json() as Json;
        assert.equal(agg.clinicians, 5);
        assert.equal(agg.sitesWithRedFlags, 1);
        assert.ok(!JSON.stringify(agg).includes('s1'));
        const mine = ((await req(commander, 'GET', '/api/workforce/gaps')).json() as Json).sites as Json[];
        assert.deepEqual(mine.map((g) => g.siteId), ['civ-1']);

        // A critical casualty near the forward R2: with no surgical team there, the plan sends it to the rear.
        const cid = uuidv7();
        await req(admin, 'POST', '/api/casualties', { id: cid, injuredAt: addMinutes(NOW, -20), position: { lat: 48.62, lon: 37.95 } });
        await req(admin, 'POST', `/api/casualties/${cid}/events`, {
          events: [
            { type: 'vitals', at: addMinutes(NOW, -10), payload: { rr: 34, pulse: 130, avpu: 'P' } },
            { type: 'evac.requested', at: addMinutes(NOW, -10), payload: { nineLine: { location: { lat: 48.62, lon: 37.95 }, callSign: 'S1', patientsByPrecedence: { A: 1 }, patientsByType: { L: 1 } } } },
          ],
        });
        const planBefore = ((await req(dispatcher, 'GET', '/api/dispatch/plan')).json() as Json).plan as Json[];
        // Not to the unstaffed R2. The rear is so far that the trip adds nothing over its settled survival, so with its
        // only ambulance the plan sends none (DISP-19); it would have gone to r3-rear.
        assert.ok(['r3-rear', undefined].includes(planBefore.find((p) => p.casualtyId === cid)?.facilityId as string | undefined));

        // The exact proposal: a backfill chain (the foreign anaesthetist to the city hospital frees a1) plus a surgeon.
        const prop = (await req(personnel, 'POST', '/api/workforce/proposals', { maxMoves: 3, maxTravelMin: 1440, loadDays: 1 })).json() as Json;
        const moves = prop.proposal.moves as Json[];
        assert.deepEqual(moves.map((m) => `${m.clinicianId}>${m.to}`.replace(/^s[12]>/, 's>')).sort(), ['a1>r2-fwd', 'f1>civ-1', 's>r2-fwd']);
        assert.ok(prop.proposal.criticalGapsAfter < prop.proposal.criticalGapsBefore);
        assert.ok(prop.proposal.survivorsAfter >= prop.proposal.survivorsBefore);
        assert.equal((await req(analyst, 'POST', `/api/workforce/proposals/${prop.proposal.proposalId}/decision`, { decision: 'accepted', moves })).statusCode, 403);
        // The what-if of any part of the proposal: all of it is the proposal's figure, none of it changes nothing.
        const whatIf = async (ms: Json[]) => {
          const r = await req(personnel, 'POST', '/api/workforce/what-if', { moves: ms, loadDays: 1 });
          assert.equal(r.statusCode, 200, r.body);
          return r.json() as Json;
        };
        const all = await whatIf(moves);
        assert.deepEqual([all.moves, all.survivorsBefore, all.survivorsAfter], [3, prop.proposal.survivorsBefore, prop.proposal.survivorsAfter]);
        assert.ok(all.survivorsAfter > all.survivorsBefore, 'the three moves make a surgical team forward');
        const noneTaken = await whatIf([]);
        assert.equal(noneTaken.survivorsAfter, noneTaken.survivorsBefore);
        const surgeonOnly = await whatIf(moves.filter((m) => m.role === 'surgeon'));
        assert.equal(surgeonOnly.survivorsAfter, surgeonOnly.survivorsBefore, 'a surgeon alone makes no table');
        assert.equal((await req(analyst, 'POST', '/api/workforce/what-if', { moves })).statusCode, 403);
        // What was proposed is recorded beside what was taken, and only when it is this proposal's: a forged list, or a
        // move it did not hold, is refused.
        const url = `/api/workforce/proposals/${prop.proposal.proposalId}/decision`;
        const computedAt = prop.proposal.computedAt as string;
        const forged = await req(personnel, 'POST', url, { decision: 'accepted', moves: moves.slice(0, 1), proposed: moves.slice(0, 2), computedAt });
        assert.equal(forged.statusCode, 409, forged.body);
        const foreign = await req(personnel, 'POST', url, { decision: 'accepted', moves: [{ ...moves[0], to: 'civ-1' }], proposed: moves, computedAt });
        assert.equal(foreign.statusCode, 409, foreign.body);
        assert.equal((await req(personnel, 'POST', url, { decision: 'accepted', moves, proposed: moves })).statusCode, 400);
        const taken = moves.filter((m) => m.clinicianId !== 'f1' && m.clinicianId !== 'a1');
        const acc = await req(personnel, 'POST', url, { decision: 'accepted', moves: taken, proposed: moves, computedAt });
        assert.equal(acc.statusCode, 201, acc.body);
        const decided = (await t.store.workforce.factsOf(prop.proposal.proposalId)).find((f) => f.type === 'proposal.decided') as Json;
        assert.deepEqual([decided.payload.moves.length, decided.payload.proposed.length, decided.payload.computedAt], [1, 3, computedAt], 'proposed 3, accepted 1, as computed');
        const rest = await req(personnel, 'POST', url, { decision: 'accepted', moves: moves.filter((m) => !taken.includes(m)) });
        assert.equal(rest.statusCode, 201, rest.body);
        const stale = await req(personnel, 'POST', `/api/workforce/proposals/${prop.proposal.proposalId}/decision`, { decision: 'accepted', moves: [{ ...moves[0], from: 'nowhere' }] });
        assert.equal(stale.statusCode, 409);

        const after = ((await req(personnel, 'GET', '/api/workforce/gaps')).json() as Json).sites as Json[];
        assert.equal(after.find((g) => g.siteId === 'r2-fwd')!.usableTables, 1);
        const planAfter = ((await req(dispatcher, 'GET', '/api/dispatch/plan')).json() as Json).plan as Json[];
        assert.equal(planAfter.find((p) => p.casualtyId === cid)?.facilityId, 'r2-fwd', 'the dispatcher’s plan now uses the forward R2');
        const hist = ((await req(personnel, 'GET', '/api/workforce/clinicians/a1')).json() as Json).clinician.assignments as Json[];
        assert.deepEqual(hist.map((h) => h.siteId), ['civ-1', 'r2-fwd']);
      } finally {
        await t.close();
      }
    });

    it('a proposal is computed off the main thread: another request is answered while it runs', async () => {
      const t = await open(kind, () => NOW);
      try {
        const personnel = await createUserAndLogin(t, 'personnel');
        // The synthetic registry at 3,000 clinicians over 300 sites: a solve of a second or more.
        const w = syntheticWorld({ now: NOW, clinicians: 3000, sites: 300 });
        for (const f of w.facilities) await t.store.putEntity('facility', f);
        await processWorkforceDoor(t.store, 'test', { now: () => NOW }).record(w.facts);
        let done = false;
        const running = req(t, personnel, 'POST', '/api/workforce/proposals', { maxMoves: 100, maxTravelMin: 1440 }).finally(() => (done = true));
        // Condition, not time: wait until the solve is on the worker, then ask something else.
        const deadline = Date.now() + 120_000;
        while (proposalRunner.running === 0 && !done && Date.now() < deadline) await new Promise((r) => setImmediate(r));
        assert.equal(done, false, 'the proposal must still be computing when the other request is made');
        const health = await t.app.inject({ method: 'GET', url: '/api/health' });
        assert.equal(health.statusCode, 200);
        // Answered while the proposal was still being computed (on one thread it would have waited for the solve).
        assert.equal(done, false, 'the health check waited for the proposal');
        assert.ok(proposalRunner.running > 0);
        const r = await running;
        assert.equal(r.statusCode, 200, r.body);
        assert.ok(((r.json() as Json).proposal.moves as Json[]).length > 0);
      } finally {
        await t.close();
      }
    });

    it('templates are created, renamed and retired as facts: a retired one stops counting, its history stays', async () => {
      const t = await open(kind, () => NOW);
      try {
        const personnel = await createUserAndLogin(t, 'personnel');
        const dispatcher = await createUserAndLogin(t, 'dispatcher');
        const tpl = { id: 'mobile-or', name: 'Mobile OR', surgical: true, slots: [{ role: 'surgeon', count: 1, accepts: ['general-surgeon'], critical: true }] };
        const set = (who: typeof personnel, payload: object, at = NOW) => req(t, who, 'POST', '/api/workforce/facts', { facts: [{ id: uuidv7(), at, type: 'template.set', payload }] });
        assert.equal((await set(dispatcher, tpl)).statusCode, 403, 'a dispatcher may not create a template');
        assert.equal((await set(personnel, tpl, addMinutes(NOW, -30))).statusCode, 201);
        const site = { id: 'mor-1', name: 'Mobile OR 1', kind: 'facility', templateId: 'mobile-or', position: { lat: 48.6, lon: 37.9 } };
        assert.equal((await req(t, personnel, 'POST', '/api/workforce/facts', { facts: [{ id: uuidv7(), at: addMinutes(NOW, -29), type: 'site.set', payload: site }] })).statusCode, 201);
        const gaps = async () => ((await req(t, personnel, 'GET', '/api/workforce/gaps')).json() as Json).sites as Json[];
        assert.deepEqual((await gaps()).find((g) => g.siteId === 'mor-1')?.redFlags, ['cannot-operate', 'no-surgeon']);
        assert.equal((await set(personnel, { ...tpl, name: 'Mobile operating room' }, addMinutes(NOW, -20))).statusCode, 201);
        assert.equal((await set(dispatcher, { ...tpl, retired: true })).statusCode, 403, 'nor retire one');
        assert.equal((await set(personnel, { ...tpl, name: 'Mobile operating room', retired: true }, addMinutes(NOW, -10))).statusCode, 201);
        const listed = ((await req(t, dispatcher, 'GET', '/api/workforce/templates')).json() as Json).templates as Json[];
        assert.deepEqual(listed.filter((x) => x.id === 'mobile-or').map((x) => [x.name, x.retired]), [['Mobile operating room', true]], 'retired, still listed');
        assert.equal((await gaps()).find((g) => g.siteId === 'mor-1'), undefined, 'a retired template asks for nobody');
        const prop = (await req(t, personnel, 'POST', '/api/workforce/proposals', { maxMoves: 5 })).json() as Json;
        assert.ok(!(prop.proposal.moves as Json[]).some((m) => m.to === 'mor-1'));
        const hist = await req(t, dispatcher, 'GET', '/api/workforce/templates/mobile-or/history');
        assert.equal(hist.statusCode, 200, hist.body);
        assert.deepEqual(((hist.json() as Json).history as Json[]).map((v) => [v.name, v.retired]), [['Mobile OR', false], ['Mobile operating room', false], ['Mobile operating room', true]]);
        // Who edited a template is named to those who may edit templates, not to a unit's dispatcher.
        assert.deepEqual(((hist.json() as Json).history as Json[]).map((v) => v.author), [undefined, undefined, undefined], 'no editor named to a dispatcher');
        const own = await req(t, personnel, 'GET', '/api/workforce/templates/mobile-or/history');
        assert.ok(((own.json() as Json).history as Json[]).every((v) => typeof v.author === 'string' && v.author.length > 0), 'the personnel officer sees who edited');
      } finally {
        await t.close();
      }
    });

    it('proposals for a later period respect leave; every write is announced and in the verified audit chain', async () => {
      const t = await open(kind, () => NOW);
      try {
        const personnel = await createUserAndLogin(t, 'personnel');
        const admin = await createUserAndLogin(t, 'admin');
        const heard: number[] = [];
        const stop = t.app.ctx.bus.subscribe((m) => void (m.type === 'workforce' && heard.push(m.head)));
        const day = (d: number) => new Date(Date.parse(NOW) + d * 86_400_000).toISOString();
        const surgeon = (id: string, availability: { from: string; to: string }[]) => ({
          id: uuidv7(), at: NOW, type: 'clinician.recorded',
          payload: { id, name: id, profession: 'general-surgeon', specialties: [], credentials: [{ profession: 'general-surgeon', level: 1, verifier: 'MoH' }], training: [], experienceYears: 5, casesLast12Months: 50, languages: ['uk'], status: 'mobilised', availability },
        });
        const facts = [
          { id: uuidv7(), at: NOW, type: 'site.set', payload: { id: 'r2', name: 'R2', kind: 'facility', templateId: 'r2b', position: { lat: 48.6, lon: 37.9 } } },
          surgeon('on-leave', [{ from: day(-30), to: day(5) }, { from: day(12), to: day(365) }]),
          surgeon('arrives', [{ from: day(6), to: day(90) }]),
        ];
        const w = await req(t, personnel, 'POST', '/api/workforce/facts', { facts });
        assert.equal(w.statusCode, 201, w.body);
        const who = async (body: object) => {
          const r = await req(t, personnel, 'POST', '/api/workforce/proposals', { maxMoves: 1, maxTravelMin: 1440, ...body });
          assert.equal(r.statusCode, 200, r.body);
          return (r.json() as Json).proposal as Json;
        };
        assert.deepEqual((await who({ forDays: 3 })).moves.map((m: Json) => m.clinicianId), ['on-leave']);
        const later = await who({ startsAt: day(7), forDays: 3 });
        assert.deepEqual(later.moves.map((m: Json) => m.clinicianId), ['arrives'], 'next week the first surgeon is on leave');
        assert.deepEqual([later.startsAt, later.endsAt], [day(7), day(10)]);
        // Declined: recorded as a decision, and nobody moves.
        const no = await req(t, personnel, 'POST', `/api/workforce/proposals/${later.proposalId}/decision`, { decision: 'declined', moves: later.moves, proposed: later.moves, computedAt: later.computedAt });
        assert.equal(no.statusCode, 201, no.body);
        const decided = (await t.store.workforce.factsOf(later.proposalId as string)).map((f) => [f.type, (f.payload as Json).decision]);
        assert.deepEqual(decided, [['proposal.decided', 'declined']]);
        const arrives = (await req(t, personnel, 'GET', '/api/workforce/clinicians/arrives')).json() as Json;
        assert.deepEqual([arrives.clinician.siteId, arrives.clinician.assignments.length], [null, 0], 'a declined move moves nobody');
        stop();
        assert.deepEqual(heard, [3, 4]);
        const v = (await req(t, admin, 'GET', '/api/audit/verify')).json() as Json;
        assert.equal(v.ok, true, JSON.stringify(v));
        assert.deepEqual(v.factStreams.find((f: Json) => f.stream === 'workforce'), { ...v.factStreams.find((f: Json) => f.stream === 'workforce'), ok: true, facts: 4, entries: 2 });
      } finally {
        await t.close();
      }
    });
  });
}
