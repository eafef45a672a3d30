// Templates, substitution, gaps against hand-computed fixtures, staffing-limited tables, and the solvers against
// brute force on small instances.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ClinicianRecord, Profession, StaffingSite, WorkforceFact } from '../core/index.ts';
import { ClinicianRecord as RecordSchema, contentId, StaffingSite as SiteSchema } from '../core/index.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';
import { foldRegistry } from './registry.ts';
import { allGaps, availableThrough, fits, usableTables } from './gaps.ts';
import type { Choice, Problem } from './problem.ts';
import { buildProblem, feasible, objective, solveGreedy } from './problem.ts';
import { solveExact } from './exact.ts';
import { expectedCriticalSurvivors } from './replay.ts';

const NOW = '2026-06-01T12:00:00.000Z';
let n = 0;
const fid = () => contentId(`fact-${++n}`);
const clin = (id: string, profession: Profession, extra: Partial<ClinicianRecord> = {}): ClinicianRecord =>
  RecordSchema.parse({ id, name: id, profession, status: 'mobilised', credentials: [{ profession, level: 1, verifier: 'MoH' }], training: [{ course: 'base', weeks: 16, date: '2020-01-01' }], ...extra });
const site = (id: string, templateId: string, extra: Partial<StaffingSite> = {}): StaffingSite =>
  SiteSchema.parse({ id, name: id, kind: 'facility', templateId, position: { lat: 48.5, lon: 37.9 }, ...extra });
const rec = (c: ClinicianRecord): WorkforceFact => ({ id: fid(), at: '2026-05-01T00:00:00.000Z', author: 't', type: 'clinician.recorded', payload: c });
const put = (s: StaffingSite): WorkforceFact => ({ id: fid(), at: '2026-05-01T00:00:00.000Z', author: 't', type: 'site.set', payload: s });
const assign = (c: string, s: string | null): WorkforceFact => ({ id: fid(), at: '2026-05-02T00:00:00.000Z', author: 't', type: 'clinician.assigned', payload: { clinicianId: c, siteId: s } });

describe('staffing templates', () => {
  it('ship the sourced defaults: FST of 20, aid station physician or PA + 3 medics, a medic per platoon', () => {
    const t = new Map(DEFAULT_TEMPLATES.map((x) => [x.id, x]));
    const count = (id: string) => t.get(id)!.slots.reduce((s, x) => s + x.count, 0);
    assert.equal(count('fst'), 20);
    const fst = Object.fromEntries(t.get('fst')!.slots.map((s) => [s.role, s.count]));
    assert.deepEqual(fst, { surgeon: 4, nurse: 3, anaesthesia: 2, lpn: 3, 'surgical-tech': 3, medic: 3, admin: 2 });
    assert.deepEqual(t.get('bas')!.slots.map((s) => [s.role, s.count]), [['physician', 1], ['medic', 3]]);
    assert.ok(t.get('bas')!.slots[0]!.accepts.includes('physician-assistant'));
    assert.ok(t.get('platoon')!.slots[0]!.perPlatoon);
    for (const id of ['r1', 'r2b', 'r2e', 'r3']) assert.ok(t.has(id), id);
    for (const x of DEFAULT_TEMPLATES) assert.ok(x.source && x.source.length > 10, `${x.id} names its source`);
  });

  it('substitution, credential level, expiry, training weeks and practice decide who fits', () => {
    const bas = DEFAULT_TEMPLATES.find((t) => t.id === 'bas')!;
    const [physician, medic] = bas.slots as [typeof bas.slots[0], typeof bas.slots[0]];
    assert.equal(fits(clin('a', 'gp'), physician, NOW), 'primary');
    assert.equal(fits(clin('b', 'general-surgeon'), physician, NOW), 'substitute');
    assert.equal(fits(clin('c', 'nurse'), physician, NOW), null);
    // physician slot accepts level ≤ 3: a level-4 (skills only) GP does not fit
    assert.equal(fits(clin('d', 'gp', { credentials: [{ profession: 'gp', level: 4, verifier: 'self' }] }), physician, NOW), null);
    // an expired credential counts as none (level 4)
    assert.equal(fits(clin('e', 'gp', { credentials: [{ profession: 'gp', level: 1, verifier: 'MoH', expires: '2025-01-01' }] }), physician, NOW), null);
    // medic slots need the 4-week course at least; nurses substitute
    assert.equal(fits(clin('f', 'combat-medic', { training: [{ course: 'short', weeks: 2, date: '2024-01-01' }] }), medic, NOW), null);
    assert.equal(fits(clin('g', 'combat-medic', { training: [{ course: 'TCCC', weeks: 4, date: '2024-01-01' }] }), medic, NOW), 'primary');
    assert.equal(fits(clin('h', 'nurse'), medic, NOW), 'substitute');
    const slot = { ...medic, minCasesLast12Months: 10 };
    assert.equal(fits(clin('i', 'paramedic', { casesLast12Months: 0 }), slot, NOW), null, 'diploma, no practice');
  });
});

describe('gaps', () => {
  it('an R2 Basic with one surgeon, no anaesthesia provider and one medic off duty: hand-computed rows and red flags', () => {
    const off = [{ from: '2026-06-02T00:00:00.000Z', to: '2026-06-09T00:00:00.000Z' }];
    const people = [
      clin('s1', 'general-surgeon'), clin('n1', 'or-nurse'), clin('t1', 'surgical-technologist'), clin('p1', 'emergency-physician'),
      clin('m1', 'combat-medic'), clin('m2', 'paramedic', { availability: off }), clin('x1', 'nurse'),
    ];
    const reg = foldRegistry([put(site('r2', 'r2b', { facilityId: 'fac-r2' })), ...people.map(rec), ...people.map((p) => assign(p.id, 'r2'))]);
    const [g] = allGaps(reg, { now: NOW, tables: new Map([['fac-r2', 2]]) });
    const rows = Object.fromEntries(g!.rows.map((r) => [r.role, [r.required, r.assigned, r.onDuty, r.substituted]]));
    // r2b: surgeon 2, anaesthesia 1, or-nurse 2, physician 1, nurse 4, medic 4
    assert.deepEqual(rows, {
      surgeon: [2, 1, 1, 0],
      anaesthesia: [1, 0, 0, 0],
      'or-nurse': [2, 2, 2, 1], // the technologist substitutes for the second OR nurse
      physician: [1, 1, 1, 0],
      nurse: [4, 1, 1, 0],
      medic: [4, 2, 1, 0], // the paramedic is assigned but off duty now
    });
    assert.deepEqual(g!.redFlags, ['cannot-operate', 'no-anaesthesia']);
    assert.equal(g!.usableTables, 0, 'no anaesthesia provider: no complete team');
  });

  it('usable tables = min(tables, complete teams of surgeon + anaesthesia + OR nurse or technologist on duty)', () => {
    const people = [
      clin('s1', 'general-surgeon'), clin('s2', 'vascular-surgeon'), clin('s3', 'orthopaedic-surgeon'),
      clin('a1', 'anaesthesiologist'), clin('a2', 'nurse-anaesthetist'), clin('o1', 'or-nurse'), clin('o2', 'surgical-technologist'),
    ];
    const facts = [put(site('r2', 'r2e', { facilityId: 'f' })), ...people.map(rec), ...people.map((p) => assign(p.id, 'r2'))];
    assert.equal(usableTables(foldRegistry(facts), new Map([['f', 4]]), NOW).get('f'), 2);
    assert.equal(usableTables(foldRegistry(facts), new Map([['f', 1]]), NOW).get('f'), 1, 'never more than the tables');
    assert.equal(usableTables(foldRegistry([...facts, { ...assign('o2', null), at: '2026-05-03T00:00:00.000Z' }]), new Map([['f', 4]]), NOW).get('f'), 1);
    assert.equal(usableTables(foldRegistry(facts), new Map([['g', 4]]), NOW).get('g'), undefined, 'unknown staffing is not zero');
  });

  it('fold is order-independent and keeps the assignment history', () => {
    const people = [clin('s1', 'general-surgeon'), clin('a1', 'anaesthesiologist')];
    const facts = [put(site('r2', 'r2b')), ...people.map(rec), assign('s1', 'r2'), { ...assign('s1', null), at: '2026-05-03T00:00:00.000Z' }];
    fc.assert(
      fc.property(fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }), (order) => {
        const r = foldRegistry(order);
        assert.equal(r.clinicians.get('s1')!.siteId, null);
        assert.deepEqual(r.clinicians.get('s1')!.assignments.map((a) => a.siteId), ['r2', null]);
      }),
    );
  });
});

function bruteForce(p: Problem): number {
  let best = -Infinity;
  const choice: Choice = p.movers.map(() => -1);
  const rec = (i: number): void => {
    if (i === p.movers.length) {
      if (feasible(p, choice)) best = Math.max(best, objective(p, choice));
      return;
    }
    for (let o = -1; o < p.movers[i]!.options.length; o++) {
      choice[i] = o;
      rec(i + 1);
    }
    choice[i] = -1;
  };
  rec(0);
  return best;
}

const PROFS: Profession[] = ['general-surgeon', 'anaesthesiologist', 'or-nurse', 'nurse', 'combat-medic', 'gp'];

describe('assignment solvers', () => {
  it('a backfill chain: a foreign volunteer relieves a civilian hospital so its surgeon can go to the front', async () => {
    const facts = [
      put(site('front', 'r2b', { position: { lat: 48.6, lon: 37.9 } })),
      put(site('kyiv', 'civilian-hospital', { kind: 'civilian-hospital', minimumStaff: 1, languages: ['uk', 'en'], position: { lat: 50.4, lon: 30.5 } })),
      rec(clin('dom', 'general-surgeon', { languages: ['uk'] })), assign('dom', 'kyiv'),
      rec(clin('foreign', 'general-surgeon', { status: 'foreign-volunteer', languages: ['en'] })),
    ];
    const p = buildProblem(foldRegistry(facts), { now: NOW, maxMoves: 2, maxTravelMin: 24 * 60 });
    const exact = await solveExact(p);
    const moved = Object.fromEntries(p.movers.map((m, i) => [m.clinicianId, m.options[exact[i]!] ? p.slots[m.options[exact[i]!]!.slot]!.siteId : null]));
    assert.deepEqual(moved, { dom: 'front', foreign: 'kyiv' });
    assert.equal(objective(p, exact), bruteForce(p));
    const greedy = solveGreedy(p);
    assert.ok(objective(p, greedy) < objective(p, exact), 'greedy never takes from a hospital: no chain');
    // With one move only the chain is impossible and the hospital floor forbids taking its only surgeon.
    const one = buildProblem(foldRegistry(facts), { now: NOW, maxMoves: 1, maxTravelMin: 24 * 60 });
    assert.ok(feasible(one, await solveExact(one)));
  });

  it('future availability: a surgeon away next week is not proposed for a move that starts then', async () => {
    const day = 86_400_000;
    const at = (d: number) => new Date(Date.parse(NOW) + d * day).toISOString();
    // Available now and for five days, away on leave from day 5 to day 12, then back for a year.
    const leave = [{ from: at(-30), to: at(5) }, { from: at(12), to: at(365) }];
    const facts = [
      put(site('front', 'r2b', { position: { lat: 48.6, lon: 37.9 } })),
      rec(clin('away', 'general-surgeon', { availability: leave })),
      rec(clin('later', 'anaesthesiologist', { availability: [{ from: at(6), to: at(60) }] })),
    ];
    const reg = foldRegistry(facts);
    const moversOf = (startsAt: string, endsAt: string) =>
      buildProblem(reg, { now: NOW, startsAt, endsAt, maxMoves: 5, maxTravelMin: 24 * 60 }).movers.filter((m) => m.options.length).map((m) => m.clinicianId).sort();
    assert.deepEqual(moversOf(at(0), at(3)), ['away'], 'now: the surgeon; the anaesthetist is not yet available');
    assert.deepEqual(moversOf(at(7), at(10)), ['later'], 'next week: the surgeon is on leave');
    assert.deepEqual(moversOf(at(3), at(8)), [], 'a move over the leave\'s start is not proposed either');
    assert.deepEqual(moversOf(at(13), at(20)), ['away', 'later']);
    assert.equal(availableThrough(clin('x', 'gp'), at(0), at(999)), true, 'no windows: always available');
    assert.equal(availableThrough(clin('x', 'gp', { availability: [{ from: at(0), to: at(2) }, { from: at(2), to: at(4) }] }), at(1), at(3)), true, 'adjacent windows join');
  });

  it('exact equals brute force and beats or ties greedy on random small instances', async () => {
    const arb = fc.record({
      free: fc.array(fc.constantFrom(...PROFS), { minLength: 1, maxLength: 4 }),
      held: fc.array(fc.constantFrom(...PROFS), { maxLength: 3 }),
      maxMoves: fc.integer({ min: 0, max: 4 }),
      min: fc.integer({ min: 0, max: 3 }),
      lat: fc.double({ min: 47, max: 50, noNaN: true }),
      tablesA: fc.integer({ min: 0, max: 2 }),
      loadA: fc.integer({ min: 0, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (x) => {
        const facts: WorkforceFact[] = [
          put(site('a', 'r2b', { position: { lat: x.lat, lon: 37 }, facilityId: 'fa' })),
          put(site('b', 'bas', { kind: 'unit', position: { lat: 48, lon: 38 } })),
          put(site('h', 'civilian-hospital', { kind: 'civilian-hospital', minimumStaff: x.min, position: { lat: 49, lon: 36 }, facilityId: 'fh' })),
        ];
        x.free.forEach((p, i) => facts.push(rec(clin(`f${i}`, p))));
        x.held.forEach((p, i) => facts.push(rec(clin(`h${i}`, p)), assign(`h${i}`, 'h')));
        // Both surgical sites have tables and load, so the running tables (complete teams) are in the objective too.
        const p = buildProblem(foldRegistry(facts), {
          now: NOW, maxMoves: x.maxMoves, maxTravelMin: 24 * 60, candidatesPerSlot: 3,
          tables: new Map([['fa', x.tablesA], ['fh', 2]]), load: new Map([['fa', x.loadA], ['fh', 1]]),
        });
        assert.equal(p.teams.length, x.tablesA > 0 && x.loadA > 0 ? 2 : 1);
        const exact = await solveExact(p);
        assert.ok(feasible(p, exact));
        const best = bruteForce(p);
        assert.ok(Math.abs(objective(p, exact) - best) < 1e-6, `exact ${objective(p, exact)} vs brute force ${best}`);
        const greedy = solveGreedy(p);
        assert.ok(feasible(p, greedy));
        assert.ok(objective(p, greedy) <= best + 1e-6);
      }),
      { numRuns: Number(process.env.WF_RUNS ?? 40) },
    );
  });
});

describe('staffing sets capacity in the simulator', () => {
  it('an R2 whose tables staffing cannot run sends critical casualties further: fewer expected survivors', () => {
    const facilities = [
      { id: 'near', name: 'near', role: 'R2' as const, position: { lat: 48.6, lon: 37.9 }, hardened: false, status: 'normal' as const, intake: 'normal' as const, capabilities: [], beds: 20, surgicalTables: 2 },
      { id: 'far', name: 'far', role: 'R3' as const, position: { lat: 49.9, lon: 36.3 }, hardened: false, status: 'normal' as const, intake: 'normal' as const, capabilities: [], beds: 50, surgicalTables: 4 },
    ];
    const load = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, atMin: i * 90, pos: { lat: 48.62, lon: 37.95 }, rpm: 5, litter: true }));
    const staffed = expectedCriticalSurvivors({ facilities, vehicles: [], load, usable: new Map([['near', 2]]) });
    const unstaffed = expectedCriticalSurvivors({ facilities, vehicles: [], load, usable: new Map([['near', 0]]) });
    assert.equal(staffed.critical, 6);
    assert.ok(unstaffed.expectedSurvivors < staffed.expectedSurvivors, `${unstaffed.expectedSurvivors} < ${staffed.expectedSurvivors}`);
  });
});
