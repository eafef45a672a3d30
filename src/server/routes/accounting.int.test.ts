// Accounting over HTTP with authentication on, on SQLite and on PostgreSQL: who sees what (the analyst only suppressed
// aggregates, drill-down in the caller's scope), and the editor's whole path for the school-strike claim.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../storage/sqlite.ts';
import { openPostgresStore } from '../../storage/postgres.ts';
import type { PgServer } from '../../../test/support/postgres.ts';
import { startPostgres } from '../../../test/support/postgres.ts';
import type { Store } from '../../storage/port.ts';
import { openTrust } from '../../auth/trust.ts';
import type { Trust } from '../../auth/trust.ts';
import { SCHOOL, fixture } from '../../../test/support/accounting-contract.ts';
import { buildApp } from '../app.ts';
import { createUserAndLogin } from '../../../test/support/auth.ts';

const NOW = '2026-03-05T12:00:00.000Z';
let dir: string;
let store: Store;
let trust: Trust;
let app: Awaited<ReturnType<typeof buildApp>>;
let ids: ReturnType<typeof fixture>['ids'];

const get = async (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
const post = async (url: string, headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url, headers, payload });

function accountingApi(kind: 'sqlite' | 'postgres'): void {
  describe(`accounting API (${kind})`, () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gh-acct-http-'));
      store = kind === 'sqlite' ? await openSqliteStore({ dataDir: dir }) : await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
      await store.migrate();
      trust = await openTrust({ dataDir: dir });
      app = await buildApp({ webDist: join(dir, 'no-web'), store, now: () => NOW, auth: { rateLimit: false, trust } });
      const f = fixture();
      ids = f.ids;
      // Received an hour before NOW: the analyst's figures are as of the hour's start (src/accounting/snapshot.ts).
      await store.append(f.events, '2026-03-05T11:00:00.000Z');
    });
    after(async () => {
      await app.close();
      await store.close();
      await trust.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a commander gets the recorded figures, filters a unit and drills down to the casualties behind a figure', async () => {
      const { headers } = await createUserAndLogin({ app, trust }, 'commander');
      const all = (await get('/api/accounting/recorded', headers)).json();
      assert.equal(all.recorded.totals.all, 6);
      assert.equal(all.recorded.rates.woundedToKilled, 2);
      const a = (await get('/api/accounting/recorded?unit=a-coy', headers)).json();
      assert.equal(a.recorded.totals.all, 4);
      const drill = (await get('/api/accounting/drill?figure=dow&unit=a-coy', headers)).json();
      assert.deepEqual(drill.casualties.map((c: { id: string }) => c.id), [ids.B]);
      // The drill-down is a read of those casualties: it is in the audit chain.
      const audit = await trust.audit.verify();
      assert.ok(audit.ok);
    });

    it('a commander scoped to one unit sees only that unit, in figures and drill-down', async () => {
      const { headers } = await createUserAndLogin({ app, trust }, 'commander', { units: ['b-coy'] });
      assert.equal((await get('/api/accounting/recorded', headers)).json().recorded.totals.all, 2);
      assert.deepEqual((await get('/api/accounting/drill?figure=dow', headers)).json().casualties, []);
      assert.deepEqual((await get('/api/accounting/drill?figure=kia', headers)).json().casualties.map((c: { id: string }) => c.id), [ids.C]);
    });

    it('an analyst sees only suppressed aggregates: no drill-down, no ids, small cells hidden', async () => {
      const { headers } = await createUserAndLogin({ app, trust }, 'analyst');
      const r = (await get('/api/accounting/recorded', headers)).json();
      assert.equal(r.recorded, undefined);
      assert.equal(r.deidentified.casualties, 6);
      // Every outcome is a single casualty: all small cells.
      assert.ok(Object.values(r.deidentified.byOutcome).every((v) => v === '<5'), JSON.stringify(r.deidentified.byOutcome));
      assert.deepEqual(r.deidentified.byUnit, { 'a-coy': '<5', 'b-coy': '<5' });
      assert.equal(r.deidentified.rates.caseFatality, null, 'a rate over small counts would give them away');
      assert.equal(r.deidentified.minutesInjuryTo.pickup.median, null);
      assert.doesNotMatch(JSON.stringify(r), new RegExp(ids.A));
      assert.equal((await get('/api/accounting/drill?figure=kia', headers)).statusCode, 403);
      const stats = (await get('/api/stats', headers)).json();
      assert.equal(stats.recorded.casualties, 6, '/api/stats carries the recorded figures, de-identified');
    });

    it('an editor records the school-strike claim, links it to recorded casualties, grades it and moves it to disputed', async () => {
      const editor = await createUserAndLogin({ app, trust }, 'editor');
      // Every committed change is announced on the bus (the live stream tells dashboards and ledger screens to re-read).
      const heard: string[] = [];
      const stop = app.ctx.bus.subscribe((m) => void (m.type === 'claims' && heard.push(m.claimId)));
      const claim = await post('/api/claims', editor.headers, {
        claimant: 'President of Ukraine', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
        value: 60, valueKind: 'count', qualifier: 'about', periodEnd: '2026-03-01',
        place: { name: 'School No. 3', ...SCHOOL, radiusM: 500, precision: 'exact' }, summary: '60 died in a strike on a school sheltering 90',
      });
      assert.equal(claim.statusCode, 201, claim.body);
      const id = claim.json().claim.id as string;
      // An editor sees no casualty and cannot name one…
      assert.equal((await get('/api/casualties', editor.headers)).statusCode, 403);
      assert.equal((await post(`/api/claims/${id}/links`, editor.headers, { casualtyIds: [ids.A], reason: 'x' })).statusCode, 403);
      // …but sees what was recorded there, by 0.01° cell and whole UTC days: said as data, for each client's language.
      const coarse = (await get(`/api/claims/${id}/recorded`, editor.headers)).json();
      assert.deepEqual(coarse.recorded.basis, { kind: 'cells', lat: Number(SCHOOL.lat.toFixed(2)), lon: Number(SCHOOL.lon.toFixed(2)), radiusM: coarse.recorded.basis.radiusM, from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z', asOf: '2026-03-05T00:00:00.000Z' });
      // …and links by place and window.
      const link = await post(`/api/claims/${id}/links`, editor.headers, { fromPlace: true, reason: 'casualties recorded at the school that day' });
      assert.deepEqual(link.json(), { linked: 4, total: 4 });
      const rec = (await get(`/api/claims/${id}/recorded`, editor.headers)).json();
      assert.deepEqual(rec.recorded, { casualties: 4, killedInAction: 1, diedOfWounds: 1, wounded: 2, stillOpen: 0, basis: { kind: 'linked', asOf: '2026-03-05T00:00:00.000Z' } });
      const cmp = await post(`/api/claims/${id}/comparison`, editor.headers, { grade: { reliability: 'A', credibility: 2 } });
      assert.equal(cmp.statusCode, 201, cmp.body);
      assert.equal(cmp.json().evidence.kind, 'recorded-comparison');
      assert.deepEqual(cmp.json().recorded.basis, { kind: 'linked', asOf: '2026-03-05T00:00:00.000Z' });
      // Kept as data (session 23: it was an English sentence), said in each reader's language by the web app.
      assert.equal(cmp.json().evidence.note, null);
      assert.deepEqual(cmp.json().evidence.comparison, { basis: { kind: 'linked', asOf: '2026-03-05T00:00:00.000Z' }, claimed: { value: 60, qualifier: 'about' }, counts: { casualties: 4, killedInAction: 1, diedOfWounds: 1, wounded: 2, stillOpen: 0 } });
      assert.equal((await post(`/api/claims/${id}/grade`, editor.headers, { reliability: 'B', credibility: 5, reason: 'official; not confirmed on the ground' })).statusCode, 200);
      const d = await post(`/api/claims/${id}/status`, editor.headers, { status: 'disputed', reason: 'recorded 2 dead at the place, soldiers cannot confirm' });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal(d.json().claim.status, 'disputed');
      const full = (await get(`/api/claims/${id}`, editor.headers)).json();
      assert.deepEqual(full.history.map((h: { action: string }) => h.action), ['created', 'link', 'evidence', 'grade', 'status']);
      assert.ok(full.history.every((h: { actor: string }) => h.actor === editor.username));
      assert.equal(full.claim.reliability, 'B');
      assert.equal(full.evidence[0].reliability, 'A');
      // The editor may not verify their own claim; nobody moves a claim by a jump the chain does not allow.
      assert.equal((await post(`/api/claims/${id}/status`, editor.headers, { status: 'verified', reason: 'seen it myself' })).statusCode, 409);
      stop();
      assert.deepEqual(heard, [id, id, id, id, id], 'created, linked, compared, graded, disputed — not the refused move');
      // …and every history entry is in the claims stream's audit chain.
      const v = (await get('/api/audit/verify', (await createUserAndLogin({ app, trust }, 'admin')).headers)).json();
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.ok(v.factStreams.some((f: { stream: string; facts: number }) => f.stream === 'claims' && f.facts >= 5));
    });

    it('who may write the ledger: not a medic, not an analyst; bad claims are refused with the field named', async () => {
      const medic = await createUserAndLogin({ app, trust }, 'medic');
      const analyst = await createUserAndLogin({ app, trust }, 'analyst');
      const editor = await createUserAndLogin({ app, trust }, 'editor');
      const body = { claimant: 'MoD', claimantSide: 'adversary', subjectSide: 'russia', kind: 'personnel-killed', category: 'personnel', value: 575, valueKind: 'count', periodEnd: '2026-03-01' };
      assert.equal((await post('/api/claims', medic.headers, body)).statusCode, 403);
      assert.equal((await post('/api/claims', analyst.headers, body)).statusCode, 403);
      assert.equal((await get('/api/claims', analyst.headers)).statusCode, 200);
      const bad = await post('/api/claims', editor.headers, { ...body, value: -3 });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value/);
      const est = await post('/api/claims', editor.headers, { ...body, valueKind: 'estimate' });
      assert.equal(est.statusCode, 400, 'an estimate carries its interval');
    });

    it('a placeholder is no reason: a claim is not retracted, superseded or graded on a dash; impossible claims are refused', async () => {
      const editor = await createUserAndLogin({ app, trust }, 'editor');
      const body = { claimant: 'MoD', claimantSide: 'adversary', subjectSide: 'russia', kind: 'personnel-killed', category: 'personnel', value: 575, valueKind: 'count', periodEnd: '2026-03-01' };
      const id = (await post('/api/claims', editor.headers, body)).json().claim.id as string;
      for (const reason of ['—', '-', '   ', '..', 'ok']) {
        for (const status of ['retracted', 'superseded']) {
          const r = await post(`/api/claims/${id}/status`, editor.headers, { status, reason });
          assert.equal(r.statusCode, 400, `${status} on ${JSON.stringify(reason)}: ${r.body}`);
          assert.match(r.body, /reason/);
        }
        assert.equal((await post(`/api/claims/${id}/grade`, editor.headers, { reliability: 'F', credibility: 6, reason })).statusCode, 400);
      }
      const full = (await get(`/api/claims/${id}`, editor.headers)).json();
      assert.equal(full.claim.status, 'claimed');
      assert.deepEqual(full.history.map((h: { action: string }) => h.action), ['created'], 'nothing written');
      for (const bad of [{ periodEnd: '2026-02-30' }, { periodEnd: '9999-12-31' }, { value: 1e308 }, { value: 0.5 }, { kind: 'civilians-killed', category: 'tank' }, { claimant: 'MoD\u202Eevil' }]) {
        const r = await post('/api/claims', editor.headers, { ...body, ...bad });
        assert.equal(r.statusCode, 400, `${JSON.stringify(bad)}: ${r.body}`);
      }
      const ev = await post(`/api/claims/${id}/evidence`, editor.headers, { firstSeen: '9999-01-01T00:00:00Z', note: 'a photograph' });
      assert.equal(ev.statusCode, 400, ev.body);
      assert.match(ev.body, /firstSeen/);
    });

    it('an impossible period is refused, said, not answered with zeros', async () => {
      const { headers } = await createUserAndLogin({ app, trust }, 'commander');
      for (const q of ['from=2026-03-02&to=2026-03-01', 'from=2026-13-45', 'to=2026-02-30']) {
        for (const path of ['/api/accounting/recorded?', '/api/accounting/drill?figure=all&']) {
          const r = await get(path + q, headers);
          assert.equal(r.statusCode, 400, `${path}${q}: ${r.body}`);
          assert.match(r.body, q.startsWith('from=2026-03-02') ? /after/ : /no such day/);
        }
      }
      assert.equal((await get('/api/accounting/recorded?from=2026-03-01&to=2026-03-01', headers)).statusCode, 200);
    });

    // Last: it adds a casualty and a vehicle to the shared fixture.
    it('figures are shared between dashboards until the log or the entities change, then computed again (never stale)', async () => {
      const { headers } = await createUserAndLogin({ app, trust }, 'commander');
      const { headers: other } = await createUserAndLogin({ app, trust }, 'commander');
      const before = (await get('/api/accounting/recorded', headers)).json();
      assert.deepEqual((await get('/api/accounting/recorded', other)).json().recorded, before.recorded, 'the same figures for the same state');
      // A new casualty killed in action: the next answer counts it.
      const cid = '0190c0de-0000-7000-8000-00000000c0de';
      const ev = (type: string, payload: object, n: number) => ({ id: `0190c0de-0000-7000-8000-0000000${String(n).padStart(5, '0')}`, casualtyId: cid, type, at: '2026-03-01T10:00:00.000Z', recordedAt: NOW, deviceId: 'd', author: 'medic', payload });
      await store.append([ev('registered', { injuredAt: '2026-03-01T10:00:00.000Z', unitId: 'a-coy', sex: 'unknown', status: 'military' }, 1), ev('outcome', { outcome: 'killed-in-action' }, 2)] as never, NOW);
      const after = (await get('/api/accounting/recorded', other)).json();
      assert.equal(after.recorded.totals.all, before.recorded.totals.all + 1);
      assert.equal(after.recorded.totals.kia, before.recorded.totals.kia + 1);
      // A vehicle lost changes the entities' version: counted at once.
      await store.putEntity('vehicle', { id: 'amb-lost', kind: 'ambulance', litter: 2, seated: 2, medic: true, status: 'lost' } as never);
      assert.equal((await get('/api/accounting/recorded', headers)).json().recorded.vehiclesLost, before.recorded.vehiclesLost + 1);
    });
  });
}

let pg: PgServer | undefined;
// Missing binaries make this throw: the suite fails with the harness's message, it never skips.
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
});
accountingApi('sqlite');
accountingApi('postgres');
