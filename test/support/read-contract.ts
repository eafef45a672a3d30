// The read side's contract (migration 008), run against every adapter beside the store contract: row scope applied
// in the query gives exactly what the policy's canSeeCasualty allows; evacuations, plan inputs and statistics read
// from narrow columns give what the old read-everything path gave.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CasualtyEvent, CasualtySummary } from '../../src/core/index.ts';
import { effectivePrecedence, foldIncident, Precedence, precedenceRank, toMs, uuidv7 } from '../../src/core/index.ts';
import type { Principal } from '../../src/auth/policy.ts';
import { canSeeCasualty, readScope } from '../../src/auth/policy.ts';
import { statisticsRowsOf } from '../../src/auth/stats.ts';
import { estimateRpm, planLive } from '../../src/dispatch/live.ts';
import { asPlanStates, readSide } from '../../src/storage/read-side.ts';
import type { OpenStore } from './store-contract.ts';
import { at, makeChain, makeEvent, makeRegistered, sampleNineLine } from './events.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const sorted = (xs: Iterable<string>) => [...xs].sort();
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** A small world of casualties whose units, authors, devices and facilities overlap, from fast-check numbers. */
function world(spec: { unit: number; author: number; dev: number; dest: number | null; arrive: number | null; close: boolean; nul: boolean }[]) {
  const events: CasualtyEvent[] = [];
  const ids: string[] = [];
  for (const c of spec) {
    const cid = uuidv7();
    ids.push(cid);
    const o = { author: `medic-${c.author}`, deviceId: `phone-${c.dev}` };
    events.push(makeRegistered(cid, { ...o, unitId: `u${c.unit}` }));
    events.push(makeEvent('note', cid, { text: c.nul ? 'a NUL \u0000 in a note' : 'dressed' }, at(1), o));
    if (c.dest !== null) events.push(makeEvent('destination', cid, { facilityId: `f${c.dest}` }, at(2), { author: 'dispatcher-1', deviceId: 'console-1' }));
    if (c.arrive !== null) events.push(makeEvent('arrival', cid, { facilityId: `f${c.arrive}` }, at(30), { author: 'nurse-1', deviceId: 'desk-1' }));
    if (c.close) events.push(makeEvent('outcome', cid, { outcome: 'returned-to-duty' }, at(60), { author: 'doc-1', deviceId: 'desk-1' }));
  }
  return { events, ids };
}

const principal = (role: Principal['role'], n: number, via: Principal['via']): Principal => ({
  username: role === 'medic' ? `medic-${n}` : `${role}-${n}`,
  role,
  units: [`u${n}`],
  facilities: [`f${n}`],
  deviceId: via === 'device' ? `phone-${n}` : null,
  via,
});

export function readContract(name: string, open: OpenStore): void {
  describe(`Read side contract: ${name}`, () => {
    it('property: scope in the query = canSeeCasualty, for lists, single reads, the log by cursor and inScope', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const casualty = fc.record({ unit: fc.nat(2), author: fc.nat(2), dev: fc.nat(2), dest: fc.option(fc.nat(2)), arrive: fc.option(fc.nat(2)), close: fc.boolean(), nul: fc.boolean() });
        const who = fc.record({ role: fc.constantFrom('medic', 'dispatcher', 'commander', 'facility', 'analyst', 'admin') as fc.Arbitrary<Principal['role']>, n: fc.nat(2), via: fc.constantFrom('session', 'device') as fc.Arbitrary<Principal['via']> });
        await fc.assert(
          fc.asyncProperty(fc.array(casualty, { minLength: 1, maxLength: 8 }), fc.array(who, { minLength: 1, maxLength: 4 }), async (spec, people) => {
            const w = world(spec);
            const before = await s.head();
            await s.append(w.events, NOW);
            const all = await s.casualties({ ids: w.ids });
            assert.equal(all.length, w.ids.length);
            for (const pp of people) {
              const p = principal(pp.role, pp.n, pp.via);
              const scope = readScope(p);
              const want = sorted(all.filter((c) => canSeeCasualty(p, c)).map((c) => c.id));
              assert.deepEqual(sorted((await s.casualties({ ids: w.ids, scope })).map((c) => c.id)), want, `${p.role} ${p.username} via ${p.via}`);
              assert.deepEqual(sorted(await s.inScope(w.ids, scope)), want);
              for (const id of w.ids) assert.equal((await s.casualties({ ids: [id], scope })).length, want.includes(id) ? 1 : 0);
              // The log by cursor, a few events a page: the pages join up and hold exactly the events in scope.
              const seen: string[] = [];
              for (let after = before; ;) {
                const page = await s.eventsAfterIn(after, 3, scope);
                assert.ok(page.next >= after && page.scanned <= 3);
                seen.push(...page.events.map((e) => e.id));
                if (page.scanned < 3) break;
                after = page.next;
              }
              assert.deepEqual(sorted(seen), sorted(w.events.filter((e) => want.includes(e.casualtyId)).map((e) => e.id)));
            }
          }),
          { numRuns: 15 },
        );
      } finally {
        await cleanup();
      }
    });

    it('the scope follows the log: a casualty arriving at a facility joins its scope; a limit counts rows in scope', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const ids = Array.from({ length: 6 }, () => uuidv7());
        await s.append(ids.map((id, i) => makeRegistered(id, { unitId: i % 2 ? 'odd' : 'even', author: 'medic-x', deviceId: 'p' })), NOW);
        const north: Principal = { username: 'nurse-n', role: 'facility', units: [], facilities: ['north'], deviceId: null, via: 'session' };
        assert.deepEqual(await s.casualties({ scope: readScope(north) }), []);
        await s.append([makeEvent('arrival', ids[0]!, { facilityId: 'north' }, at(5), { author: 'crew', deviceId: 'amb' })], NOW);
        assert.deepEqual((await s.casualties({ scope: readScope(north) })).map((c) => c.id), [ids[0]]);
        const medic: Principal = { username: 'someone', role: 'medic', units: ['odd'], facilities: [], deviceId: null, via: 'session' };
        const two = await s.casualties({ scope: readScope(medic), limit: 2 });
        assert.deepEqual(two.map((c) => c.unitId), ['odd', 'odd'], 'the limit is applied after the scope');
      } finally {
        await cleanup();
      }
    });

    it('evacuations: narrow rows in the old order (precedence, then time since injury), paged by cursor, open or all', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const evs: CasualtyEvent[] = [];
        const z = { A: 0, B: 0, C: 0, D: 0, E: 0 };
        const lines = [{ ...z, A: 1 }, { ...z, C: 1 }, { ...z, D: 1 }, { ...z, B: 1 }, { ...z, E: 1 }];
        for (let i = 0; i < 12; i++) {
          const cid = uuidv7();
          evs.push(makeRegistered(cid, { at: at(i * 7 % 30), injuredAt: at(i * 7 % 30), unitId: 'u1' }));
          evs.push(makeEvent('tourniquet.applied', cid, { limb: 'left-leg', tqType: 'CAT' }, at(31)));
          if (i % 6 !== 5) evs.push(makeEvent('evac.requested', cid, { nineLine: sampleNineLine({ patientsByPrecedence: lines[i % 5]! }) }, at(32)));
          if (i % 4 === 0) evs.push(makeEvent('precedence', cid, { precedence: 'routine' }, at(33)));
          if (i === 3) evs.push(makeEvent('evac.cancelled', cid, { reason: 'walked in' }, at(34)));
          if (i === 7) evs.push(makeEvent('outcome', cid, { outcome: 'killed-in-action' }, at(35)));
          if (i === 8) evs.push(makeEvent('note', cid, { text: 'NUL \u0000 here' }, at(36)));
        }
        await s.append(evs, NOW);
        const everyone = await s.casualties({});
        const rank = (c: CasualtySummary) => {
          const p = effectivePrecedence(c.precedence, c.state.evac.nineLine);
          return p && Precedence.safeParse(p).success ? precedenceRank(p) : 99;
        };
        const old = (status: 'open' | 'all') =>
          everyone
            .filter((c) => c.state.evac.nineLine !== null && (status === 'all' || (!c.state.evac.cancelled && c.stage !== 'closed')))
            .sort((a, b) => rank(a) - rank(b) || toMs(a.injuredAt!) - toMs(b.injuredAt!) || (a.id < b.id ? -1 : 1))
            .map((c) => c.id);
        for (const status of ['open', 'all'] as const) {
          const got: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await s.evacuations({ status, limit: 4, ...(after ? { after } : {}) });
            got.push(...page.map((r) => r.id));
            if (page.length < 4) break;
            after = page[page.length - 1]!.cursor;
          }
          assert.deepEqual(got, old(status), status);
        }
        const [first] = await s.evacuations({ status: 'open', limit: 1 });
        const full = everyone.find((c) => c.id === first!.id)!;
        assert.deepEqual(first!.evac, JSON.parse(JSON.stringify(full.state.evac)));
        assert.deepEqual(first!.tourniquets, JSON.parse(JSON.stringify(full.state.tourniquets)));
        assert.equal(first!.injuredAt, full.injuredAt);
        const nobody = readScope({ username: 'x', role: 'medic', units: ['u2'], facilities: [], deviceId: null, via: 'session' });
        assert.deepEqual(await s.evacuations({ status: 'all', limit: 100, scope: nobody }), []);
      } finally {
        await cleanup();
      }
    });

    it('plan inputs are narrow and plan exactly as the full states; statistics are counted in the database', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const evs: CasualtyEvent[] = [];
        for (let i = 0; i < 9; i++) {
          const cid = uuidv7();
          const chain = makeChain(cid, { unitId: `u${i % 2}`, vehicleId: `amb-${i % 3}`, facilityId: 'r2', close: i % 3 === 0, start: at(-i * 10) });
          evs.push(...chain.slice(0, 3 + (i % 6)));
          evs.push(makeEvent('vitals', cid, { pulse: 130 + i, rr: 8 + i, avpu: 'V' }, at(1 - i * 10)));
          if (i === 4) evs.push(makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T3' } }, at(3 - i * 10), { author: 'other', deviceId: 'other-phone' }));
          // Stored before the boundary refused it: a NUL in a state does not break the narrow read.
          if (i === 5) evs.push(makeEvent('note', cid, { text: 'a NUL \u0000 in a note' }, at(2 - i * 10)));
        }
        await s.append(evs, NOW);
        const open = await s.casualties({ status: 'open' });
        const narrow = await s.planInputs();
        assert.deepEqual(sorted(narrow.map((c) => c.id)), sorted(open.map((c) => c.id)));
        const world = {
          vehicles: [0, 1, 2, 3].map((i) => ({ id: `amb-${i}`, kind: 'ambulance' as const, status: 'available' as const, litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.58, lon: 37.83 + i / 100 } })),
          facilities: [{ id: 'r2', name: 'R2', role: 'R2' as const, status: 'normal' as const, intake: 'normal' as const, position: { lat: 48.52, lon: 37.7 }, beds: 10, surgicalTables: 2 }],
          threats: [],
          now: at(40),
        };
        const full = planLive({ ...world, casualties: open.map((c) => c.state) } as never);
        assert.ok(full.length > 0, 'the fixture makes a plan');
        assert.deepEqual(planLive({ ...world, casualties: asPlanStates(narrow) } as never), full);

        const everyone = await s.casualties({});
        type Group = { stage: string; precedence: string | null; triage: string | null; outcome: string | null; conflict: boolean; n: number };
        const counts = (gs: Group[]) => Object.fromEntries(gs.map((g) => [JSON.stringify([g.stage, g.precedence, g.triage, g.outcome, g.conflict]), g.n]));
        const inDb = await s.statistics({ all: true });
        const inJs = statisticsRowsOf(everyone);
        assert.deepEqual(counts(inDb.groups), counts(inJs.groups));
        assert.ok(inDb.groups.some((g) => g.conflict), 'the triage conflict is counted');
        assert.deepEqual(inDb.toArrival, inJs.toArrival, "the median's middle values, counted in the database");
        assert.ok(inDb.toArrival.n >= 1, 'arrivals to take the median of');
        const u0 = readScope({ username: 'c', role: 'commander', units: ['u0'], facilities: [], deviceId: null, via: 'session' });
        assert.equal((await s.statistics(u0)).groups.reduce((n, g) => n + g.n, 0), everyone.filter((c) => c.unitId === 'u0').length);
      } finally {
        await cleanup();
      }
    });

    it("plan inputs keep the 9-line's line 3: a request without vitals, triage or a card precedence is valued at its line 3", async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const ids = { A: uuidv7(), C: uuidv7() } as const;
        const evs: CasualtyEvent[] = [];
        for (const [letter, cid] of Object.entries(ids)) {
          evs.push(makeRegistered(cid, { injuredAt: at(0) }));
          evs.push(makeEvent('evac.requested', cid, { nineLine: { ...sampleNineLine(), patientsByPrecedence: { A: 0, B: 0, C: 0, D: 0, E: 0, [letter]: 1 } } } as never, at(1)));
        }
        await s.append(evs, NOW);
        const narrow = new Map(asPlanStates(await s.planInputs()).map((c) => [c.id, c]));
        const full = new Map((await s.casualties({ status: 'open' })).map((c) => [c.id, c.state]));
        assert.deepEqual(estimateRpm(narrow.get(ids.A)!), { rpm: 5, source: 'precedence' });
        assert.deepEqual(estimateRpm(narrow.get(ids.C)!), { rpm: 8, source: 'precedence' });
        for (const cid of Object.values(ids)) assert.deepEqual(estimateRpm(narrow.get(cid)!), estimateRpm(full.get(cid)!));
      } finally {
        await cleanup();
      }
    });

    it('property: the statistics of everything come from the roll-ups (migration 019) and equal those counted from the full log', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const step = fc.record({
          c: fc.nat(4),
          kind: fc.constantFrom('triage', 'triage-elsewhere', 'precedence', 'arrival', 'outcome', 'void', 'note'),
          k: fc.nat(2),
          minute: fc.integer({ min: 1, max: 900 }),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(600), { minLength: 5, maxLength: 5 }), async (batches, starts) => {
            const ids = starts.map(() => uuidv7());
            const written = new Map<string, CasualtyEvent[]>(ids.map((id) => [id, []]));
            await s.append(ids.map((id, i) => makeRegistered(id, { at: at(starts[i]!), injuredAt: at(starts[i]!), unitId: `u${i % 2}` })), NOW);
            for (const batch of batches) {
              const evs: CasualtyEvent[] = [];
              for (const x of batch) {
                const cid = ids[x.c]!;
                const t = at(starts[x.c]! + x.minute);
                const other = { author: 'other', deviceId: 'other-phone' };
                const e =
                  x.kind === 'triage' ? makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[x.k]! } }, t)
                  : x.kind === 'triage-elsewhere' ? makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[x.k]! } }, t, other)
                  : x.kind === 'precedence' ? makeEvent('precedence', cid, { precedence: (['urgent', 'priority', 'routine'] as const)[x.k]! }, t)
                  : x.kind === 'arrival' ? makeEvent('arrival', cid, { facilityId: `f${x.k}` }, t, { author: 'nurse-1', deviceId: 'desk-1' })
                  : x.kind === 'outcome' ? makeEvent('outcome', cid, { outcome: (['returned-to-duty', 'died-of-wounds', 'evacuated-onward'] as const)[x.k]! }, t, { author: 'doc-1', deviceId: 'desk-1' })
                  : x.kind === 'void' && written.get(cid)!.length > 0 ? makeEvent('void', cid, { target: written.get(cid)![x.k % written.get(cid)!.length]!.id, reason: 'entered on the wrong card' }, t)
                  : makeEvent('note', cid, { text: `minute ${x.minute}` }, t);
                written.get(cid)!.push(e);
                evs.push(e);
              }
              await s.append(evs, NOW);
              // Counted from every casualty's folded state (the full log), and as the roll-up tables hold them.
              const inDb = await s.statistics({ all: true });
              const inJs = statisticsRowsOf(await s.casualties({}));
              type Group = { stage: string; precedence: string | null; triage: string | null; outcome: string | null; conflict: boolean; n: number };
              const counts = (gs: Group[]) => Object.fromEntries(gs.filter((g) => g.n > 0).map((g) => [JSON.stringify([g.stage, g.precedence, g.triage, g.outcome, g.conflict]), g.n]));
              assert.deepEqual(counts(inDb.groups), counts(inJs.groups));
              assert.deepEqual(inDb.toArrival, inJs.toArrival);
              const rolled = await s.sql.all<{ n: number }>('SELECT n FROM casualty_stats_rollup WHERE n > 0', []);
              assert.deepEqual(rolled.map((r) => Number(r.n)).sort((a, b) => a - b), inDb.groups.map((g) => g.n).sort((a, b) => a - b), 'read from the roll-up');
              const [minutes] = await s.sql.all<{ n: number | null }>('SELECT sum(n) AS n FROM casualty_arrival_minutes', []);
              assert.equal(Number(minutes?.n ?? 0), inJs.toArrival.n, 'arrival minutes rolled up');
            }
          }),
          { numRuns: 25 },
        );
      } finally {
        await cleanup();
      }
    });

    it('the plan\'s cold read parses no state (migration 028): states blanked behind the store\'s back read the same plan inputs', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        for (let i = 0; i < 6; i++) {
          const cid = uuidv7();
          const chain = makeChain(cid, { unitId: `u${i % 2}`, vehicleId: `amb-${i % 3}`, start: at(-i * 10) });
          await s.append([...chain.slice(0, 2 + i), makeEvent('vitals', cid, { pulse: 130 + i, rr: 8 + i, avpu: 'V' }, at(1 - i * 10))], NOW);
        }
        const before = json(await s.planInputs());
        assert.equal((before as unknown[]).length, 6);
        class RolledBack extends Error {}
        let after: unknown = null;
        await s.sql
          .tx(async (t) => {
            // The projection triggers off for this transaction: only the states change (SQLite has no switch, the
            // plan rows' own trigger is dropped and comes back with the rollback).
            if (s.kind === 'postgres') await t.run('SET LOCAL session_replication_role = replica');
            else await t.run('DROP TRIGGER IF EXISTS casualty_plan_update');
            await t.run(`UPDATE casualties SET state = '{"blank":true}'`);
            after = json(await readSide({ dialect: s.kind, all: (q, p) => t.all(q, p as never) }).planInputs());
            throw new RolledBack();
          })
          .catch((err: unknown) => {
            if (!(err instanceof RolledBack)) throw err;
          });
        assert.deepEqual(after, before, 'read from the plan rows, not from the states');
      } finally {
        await cleanup();
      }
    });

    it('fast-check: the plan rows (migration 028), after appends one event at a time in any order, are the plan fields of the states', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        // A reader with nothing kept: every row read cold (the store's own reader keeps its rows and reads deltas).
        const fresh = () => readSide({ dialect: s.kind, all: (q, p) => s.sql.all(q, p as never) }).planInputs();
        const step = fc.record({
          c: fc.nat(2),
          kind: fc.constantFrom('vitals', 'triage', 'triage-elsewhere', 'precedence', 'evac', 'destination', 'assigned', 'pickup', 'arrival', 'outcome', 'void', 'note', 'nul', 'incident'),
          k: fc.nat(2),
          minute: fc.integer({ min: 1, max: 600 }),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
            const ids = [uuidv7(), uuidv7(), uuidv7()];
            const written = new Map<string, CasualtyEvent[]>(ids.map((id) => [id, []]));
            for (const [i, id] of ids.entries()) await s.append([makeRegistered(id, { at: at(-i), injuredAt: at(-i), unitId: `u${i}` })], NOW);
            for (const x of steps) {
              const cid = ids[x.c]!;
              const t = at(x.minute);
              const crew = { author: 'crew-1', deviceId: 'amb-tablet' };
              const e =
                x.kind === 'vitals' ? makeEvent('vitals', cid, { pulse: 100 + x.k * 20, rr: 8 + x.k, avpu: (['A', 'V', 'P'] as const)[x.k]! }, t)
                : x.kind === 'triage' ? makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[x.k]! } }, t)
                : x.kind === 'triage-elsewhere' ? makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3'] as const)[x.k]! } }, t, { author: 'other', deviceId: 'other-phone' })
                : x.kind === 'precedence' ? makeEvent('precedence', cid, { precedence: (['urgent', 'priority', 'routine'] as const)[x.k]! }, t)
                : x.kind === 'evac' ? makeEvent('evac.requested', cid, { nineLine: sampleNineLine({ location: { lat: 48.5 + x.k / 10, lon: 37.9 } }) }, t)
                : x.kind === 'destination' ? makeEvent('destination', cid, { facilityId: `f${x.k}` }, t, { author: 'dispatcher', deviceId: 'dispatch-1' })
                : x.kind === 'assigned' ? makeEvent('evac.assigned', cid, { vehicleId: `amb-${x.k}`, facilityId: `f${x.k}` }, t, { author: 'dispatcher', deviceId: 'dispatch-1' })
                : x.kind === 'pickup' ? makeEvent('pickup', cid, { vehicleId: `amb-${x.k}` }, t, crew)
                : x.kind === 'arrival' ? makeEvent('arrival', cid, { facilityId: `f${x.k}` }, t, { author: 'nurse-1', deviceId: 'desk-1' })
                : x.kind === 'outcome' ? makeEvent('outcome', cid, { outcome: 'returned-to-duty' }, t, { author: 'doc-1', deviceId: 'desk-1' })
                : x.kind === 'void' && written.get(cid)!.length > 0 ? makeEvent('void', cid, { target: written.get(cid)![x.k % written.get(cid)!.length]!.id, reason: 'entered on the wrong card' }, t)
                : x.kind === 'incident' ? makeEvent('incident.linked', cid, { incidentId: ids[(x.c + 1) % 3]!, tag: `T${x.k}` }, t)
                // Stored before the boundary refused it: a state holding a NUL escape keeps its plan row.
                : makeEvent('note', cid, { text: x.kind === 'nul' ? 'a NUL \u0000 in a note' : `minute ${x.minute}` }, t);
              written.get(cid)!.push(e);
              await s.append([e], NOW);
              // The planner's fields taken from each open casualty's state as the projection holds it now.
              const states = (await s.casualties({ status: 'open' })).map((c) => c.state).sort((a, b) => (a.id < b.id ? -1 : 1));
              const expected = json(states.map((c) => ({
                id: c.id, stage: c.stage, outcome: c.outcome, vitals: c.vitals, triage: { value: c.triage.value }, precedence: { value: c.precedence.value },
                injuredAt: c.injuredAt, chain: c.chain, evac: { nineLine: c.evac.nineLine ? { location: c.evac.nineLine.location, patientsByPrecedence: c.evac.nineLine.patientsByPrecedence } : null }, position: c.position,
                facilityId: c.facilityId, destination: { value: c.destination.value }, vehicleId: c.vehicleId, vehicle: { history: c.vehicle.history.slice(-1) }, incident: c.incident,
              })));
              assert.deepEqual(json(await s.planInputs()), expected, `kept, after ${x.kind}`);
              assert.deepEqual(json(await fresh()), expected, `read cold, after ${x.kind}`);
            }
          }),
          { numRuns: 20 },
        );
      } finally {
        await cleanup();
      }
    });

    it('plan inputs read again after writes (kept between calls, issue 16) are those of the states as they are now', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const chains = Array.from({ length: 8 }, (_, i) => {
          const cid = uuidv7();
          return makeChain(cid, { unitId: `u${i % 2}`, vehicleId: `amb-${i % 3}`, facilityId: 'r2', close: i % 2 === 0, start: at(-i * 10) });
        });
        const world = {
          vehicles: [0, 1, 2, 3].map((i) => ({ id: `amb-${i}`, kind: 'ambulance' as const, status: 'available' as const, litter: 2, seated: 2, medic: true, speedKmh: 45, position: { lat: 48.58, lon: 37.83 + i / 100 } })),
          facilities: [{ id: 'r2', name: 'R2', role: 'R2' as const, status: 'normal' as const, intake: 'normal' as const, position: { lat: 48.52, lon: 37.7 }, beds: 10, surgicalTables: 2 }],
          threats: [],
          now: at(40),
        };
        const same = async (step: string) => {
          const open = await s.casualties({ status: 'open' });
          const narrow = await s.planInputs();
          assert.deepEqual(narrow.map((c) => c.id), sorted(open.map((c) => c.id)), `${step}: the open casualties`);
          const byId = new Map(open.map((c) => [c.id, c.state]));
          for (const c of narrow) {
            const full = byId.get(c.id)!;
            assert.equal(c.stage, full.stage, `${step}: stage`);
            assert.deepEqual(c.vitals, JSON.parse(JSON.stringify(full.vitals)), `${step}: vitals`);
            assert.equal(c.destination.value, full.destination.value, `${step}: destination`);
          }
          assert.deepEqual(planLive({ ...world, casualties: asPlanStates(narrow) } as never), planLive({ ...world, casualties: open.map((c) => c.state) } as never), `${step}: the plan`);
        };
        // Step by step: every chain grows by one or two events (some close), then late vitals land in the past.
        for (let k = 1; k <= 9; k += 2) {
          await s.append(chains.flatMap((c) => c.slice(k - 1, k + 1)), NOW);
          await same(`events ${k}–${k + 1}`);
        }
        const late = chains.map((c, i) => makeEvent('vitals', c[0]!.casualtyId, { pulse: 150 - i, rr: 6 + i, avpu: 'P' }, at(-i * 10 + 1)));
        await s.append(late, NOW);
        await same('late vitals');
        // A voided outcome reopens a closed casualty: it is planned for again (the kept set follows last_seq).
        const outcome = chains.flat().find((e) => e.type === 'outcome')!;
        await s.append([makeEvent('void', outcome.casualtyId, { target: outcome.id, reason: 'outcome entered on the wrong card' }, at(50), { deviceId: 'r2-desk', author: 'doc-1' })], NOW);
        assert.ok((await s.planInputs()).some((c) => c.id === outcome.casualtyId), 'the reopened casualty is back');
        await same('an outcome voided');
        // Every chain has arrived: an even count, the median from its two middle values.
        const inDb = (await s.statistics({ all: true })).toArrival;
        assert.equal(inDb.n, 8);
        assert.deepEqual(inDb, statisticsRowsOf(await s.casualties({})).toArrival);
      } finally {
        await cleanup();
      }
    });

    it('property: the log of an incident is scoped in the query like a casualty (issue 10): its unit, its authors and devices', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        // Declarations from different phones (the first in fold order that is not voided names the unit), updates, voids.
        const step = fc.record({
          kind: fc.constantFrom('declare', 'declare', 'update', 'void'),
          unit: fc.option(fc.nat(2)), author: fc.nat(2), dev: fc.nat(2), minute: fc.nat(5),
        });
        const who = fc.record({ role: fc.constantFrom('medic', 'dispatcher', 'commander', 'facility', 'analyst', 'admin') as fc.Arbitrary<Principal['role']>, n: fc.nat(2), via: fc.constantFrom('session', 'device') as fc.Arbitrary<Principal['via']> });
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), fc.array(who, { minLength: 1, maxLength: 4 }), fc.boolean(), async (steps, people, oneBatch) => {
            const inc = uuidv7();
            const events: CasualtyEvent[] = [];
            for (const x of steps) {
              const o = { author: `medic-${x.author}`, deviceId: `phone-${x.dev}` };
              const declarations = events.filter((e) => e.type === 'incident.declared');
              if (x.kind === 'declare' || declarations.length === 0)
                events.push(makeEvent('incident.declared', inc, { kind: 'strike', position: { lat: 48.5, lon: 37.9 }, ...(x.unit === null ? {} : { unitId: `u${x.unit}` }) }, at(x.minute), o));
              else if (x.kind === 'update') events.push(makeEvent('incident.updated', inc, { commander: `c${x.author}` }, at(x.minute), o));
              else events.push(makeEvent('void', inc, { target: declarations[x.dev % declarations.length]!.id, reason: 'declared twice' }, at(x.minute), o));
            }
            const before = await s.head();
            if (oneBatch) await s.append(events, NOW);
            else for (const e of events) await s.append([e], NOW);
            const state = foldIncident(inc, events);
            for (const pp of people) {
              const p = principal(pp.role, pp.n, pp.via);
              const scope = readScope(p);
              // The rule the reader checked in code before (SYNC-18): the incident's unit, or one who wrote to it.
              const keys = new Set(scope.all ? [] : scope.keys);
              const want = scope.all || (state.unitId !== null && keys.has(`u:${state.unitId}`)) || state.authors.some((a) => keys.has(`a:${a}`));
              assert.deepEqual([...(await s.inScope([inc], scope))], want ? [inc] : [], `${p.role} ${p.username} via ${p.via}`);
              const page = await s.eventsAfterIn(before, 100, scope);
              assert.deepEqual(page.events.map((e) => e.id).sort(), want ? events.map((e) => e.id).sort() : [], 'the log by cursor carries the incident in scope');
            }
          }),
          { numRuns: 25 },
        );
      } finally {
        await cleanup();
      }
    });

    it('the entity version moves with every put', async () => {
      const { store: s, cleanup } = await open();
      try {
        await s.migrate();
        const v0 = await s.entityVersion();
        await s.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', status: 'available', litter: 2, seated: 2, medic: true });
        const v1 = await s.entityVersion();
        await s.putEntity('vehicle', { id: 'amb-1', kind: 'ambulance', status: 'dispatched', litter: 2, seated: 2, medic: true });
        const v2 = await s.entityVersion();
        assert.ok(v0 < v1 && v1 < v2, `${v0} < ${v1} < ${v2}`);
      } finally {
        await cleanup();
      }
    });
  });
}
