import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fold, compareEvents, advance } from './fold.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import { uuidv7 } from './ids.ts';
import type { CasualtyEvent } from './events.ts';
import { parseEvent } from './events.ts';

const T0 = '2026-11-22T06:00:00.000Z';
const min = (m: number): string => new Date(Date.parse(T0) + m * 60_000).toISOString();
const cid = uuidv7();

function chain(): CasualtyEvent[] {
  const reg = makeEvent('registered', cid, { injuredAt: T0, battleRoster: 'AB1234', age: 27, position: { lat: 48.6, lon: 38.0 } }, T0);
  const tq = makeEvent('tourniquet.applied', cid, { limb: 'left-leg', tqType: 'CAT' }, min(2));
  return [
    reg,
    makeEvent('mechanism', cid, { mechanisms: ['fpv-drone'] }, min(1)),
    makeEvent('injury', cid, { region: 'left-leg', view: 'front', kind: 'amputation' }, min(1)),
    tq,
    makeEvent('vitals', cid, { pulse: 128, sbp: 80, bpPalpated: true, rr: 28, spo2: 93, avpu: 'V', pain: 8 }, min(5)),
    makeEvent('treatment', cid, { group: 'M', kind: 'wound-packing' }, min(4)),
    makeEvent('medication', cid, { name: 'TXA', dose: 2, unit: 'g', route: 'IV', class: 'haemostatic' }, min(6)),
    makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T1' } }, min(6)),
    makeEvent('precedence', cid, { precedence: 'urgent-surgical' }, min(6)),
    makeEvent('evac.requested', cid, {
      nineLine: {
        location: { lat: 48.6, lon: 38.0 }, callSign: 'Sokil 21', frequency: '38.90',
        patientsByPrecedence: { B: 1 }, patientsByType: { L: 1 }, security: 'P', marking: 'C', nationality: { A: 1 },
      },
    }, min(7)),
  ];
}

describe('fold', () => {
  it('derives the card, MIST and running tourniquet alarms', () => {
    const events = chain();
    const s = fold(cid, events, min(65));
    assert.equal(s.registered, true);
    assert.equal(s.identity.battleRoster, 'AB1234');
    assert.deepEqual(s.mechanisms, ['fpv-drone']);
    assert.equal(s.tourniquets.length, 1);
    assert.equal(s.tourniquets[0]!.minutes, 63);
    assert.equal(s.tourniquets[0]!.alarm, '1h');
    assert.equal(fold(cid, events, min(2 + 119)).tourniquets[0]!.alarm, '1h');
    assert.equal(fold(cid, events, min(2 + 120)).tourniquets[0]!.alarm, '2h');
    assert.equal(fold(cid, events, min(2 + 360)).tourniquets[0]!.alarm, '6h');
    assert.deepEqual(s.triage.value, { system: 'NATO', category: 'T1' });
    assert.equal(s.precedence.value, 'urgent-surgical');
    assert.equal(s.stage, 'requested');
    assert.equal(s.mist.mechanism, 'fpv-drone');
    assert.match(s.mist.signs, /P 128, BP 80\/P, RR 28, SpO2 93%, AVPU V, pain 8\/10/);
    assert.match(s.mist.treatment, /TQ left-leg 06:02Z; wound-packing; TXA 2 g IV/);
    assert.equal(s.mist.age, 27);
  });

  it('flags overdue reassessment: T1 every 15 min, T2 every 30 min', () => {
    const events = chain(); // last vitals at +5
    assert.equal(fold(cid, events, min(19)).reassessment?.overdue, false);
    assert.equal(fold(cid, events, min(21)).reassessment?.overdue, true);
    const t2 = [...events, makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T2' } }, min(8))];
    const s = fold(cid, t2, min(30));
    assert.equal(s.reassessment?.everyMin, 30);
    assert.equal(s.reassessment?.overdue, false);
    assert.equal(fold(cid, t2, min(36)).reassessment?.overdue, true);
  });

  it('stops the tourniquet clock at conversion and removal', () => {
    const events = chain();
    const tq = events.find((e) => e.type === 'tourniquet.applied')!;
    const conv = makeEvent('tourniquet.converted', cid, { applied: tq.id }, min(92));
    const s = fold(cid, [...events, conv], min(500));
    assert.equal(s.tourniquets[0]!.minutes, 90);
    assert.equal(s.tourniquets[0]!.running, false);
    assert.equal(s.tourniquets[0]!.alarm, '1h');
  });

  it('stops a tourniquet still on at the outcome there: not running, its clock and alarm frozen, last state "on"', () => {
    const events = chain(); // tourniquet on at +2
    const out = makeEvent('outcome', cid, { outcome: 'evacuated-onward' }, min(52));
    const s = fold(cid, [...events, out], min(500));
    assert.equal(s.tourniquets[0]!.running, false);
    assert.equal(s.tourniquets[0]!.onAtOutcome, min(52));
    assert.equal(s.tourniquets[0]!.minutes, 50);
    assert.equal(s.tourniquets[0]!.alarm, 'none');
    assert.equal(s.tourniquets[0]!.removedAt, undefined);
    assert.match(s.mist.treatment, /TQ left-leg 06:02Z on at outcome/);
    // A projection stored before this rule (still running past its outcome) is stopped when brought forward.
    const old = { ...s, tourniquets: s.tourniquets.map(({ onAtOutcome: _, ...q }) => ({ ...q, running: true })) };
    assert.deepEqual(advance(old, min(500)).tourniquets, s.tourniquets);
    // Removed before the outcome: removed, as before.
    const tq = events.find((e) => e.type === 'tourniquet.applied')!;
    const rm = fold(cid, [...events, makeEvent('tourniquet.removed', cid, { applied: tq.id }, min(40)), out], min(500)).tourniquets[0]!;
    assert.deepEqual([rm.running, rm.minutes, rm.onAtOutcome], [false, 38, undefined]);
  });

  it('moves through the chain of care to an outcome', () => {
    const e = chain();
    const steps = [
      makeEvent('evac.assigned', cid, { vehicleId: 'amb-1', facilityId: 'r2-a' }, min(10), { deviceId: 'dispatch' }),
      makeEvent('pickup', cid, { vehicleId: 'amb-1' }, min(30)),
      makeEvent('arrival', cid, { facilityId: 'r2-a' }, min(55), { deviceId: 'r2' }),
      makeEvent('surgery.started', cid, { facilityId: 'r2-a' }, min(70), { deviceId: 'r2' }),
      makeEvent('outcome', cid, { outcome: 'evacuated-onward', facilityId: 'r2-a' }, min(200), { deviceId: 'r2' }),
    ];
    const stages = steps.map((_, i) => fold(cid, [...e, ...steps.slice(0, i + 1)], min(300)).stage);
    assert.deepEqual(stages, ['assigned', 'in-transit', 'at-facility', 'in-surgery', 'closed']);
    const s = fold(cid, [...e, ...steps], min(300));
    assert.equal(s.destination.value, 'r2-a');
    assert.equal(s.outcome?.outcome, 'evacuated-onward');
    assert.equal(s.reassessment, null);
    assert.equal(fold(cid, [...e, ...steps.slice(0, 2)], min(40)).vehicleId, 'amb-1');
    assert.equal(fold(cid, [...e, ...steps.slice(0, 3)], min(60)).facilityId, 'r2-a');
  });

  it('surfaces concurrent triage decisions from two devices as a conflict, resolved by a superseding decision', () => {
    const e = chain();
    const first = e.find((x) => x.type === 'triage')!;
    const a = makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T2' }, supersedes: [first.id] }, min(20), { deviceId: 'phone-a' });
    const b = makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T3' }, supersedes: [first.id] }, min(21), { deviceId: 'phone-b' });
    const s = fold(cid, [...e, a, b], min(30));
    assert.equal(s.triage.conflict?.length, 2);
    assert.deepEqual(s.triage.value, { system: 'NATO', category: 'T2' }, 'acts on the more urgent until resolved');
    const r = makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T3' }, supersedes: [a.id, b.id] }, min(25), { deviceId: 'doc' });
    const resolved = fold(cid, [...e, a, b, r], min(30));
    assert.equal(resolved.triage.conflict, null);
    assert.deepEqual(resolved.triage.value, { system: 'NATO', category: 'T3' });
  });

  it('does not call two concurrent identical decisions a conflict', () => {
    const e = chain();
    const a = makeEvent('precedence', cid, { precedence: 'priority', supersedes: [] }, min(20), { deviceId: 'x' });
    const b = makeEvent('precedence', cid, { precedence: 'priority', supersedes: [] }, min(20), { deviceId: 'y' });
    const first = e.find((x) => x.type === 'precedence')!;
    const s = fold(cid, [...e.filter((x) => x !== first), a, b], min(30));
    assert.equal(s.precedence.conflict, null);
    assert.equal(s.precedence.value, 'priority');
  });

  it('applies amendments that validate, keeps invalid ones visible, and voids events', () => {
    const e = chain();
    const vit = e.find((x) => x.type === 'vitals')!;
    const good = makeEvent('amend', cid, { target: vit.id, changes: { pulse: 118 }, reason: 'misread' }, min(9));
    const bad = makeEvent('amend', cid, { target: vit.id, changes: { spo2: 140 } }, min(10));
    const med = e.find((x) => x.type === 'medication')!;
    const v = makeEvent('void', cid, { target: med.id, reason: 'entered on wrong casualty' }, min(11));
    const s = fold(cid, [...e, good, bad, v], min(20));
    assert.equal(s.vitals[0]!.pulse, 118);
    assert.deepEqual(s.rejectedAmendments, [bad.id]);
    assert.equal(s.medications.length, 0);
    assert.deepEqual(s.voided, [med.id]);
  });
});

/** Random logs: observations and decisions from three devices, some superseding, some voided. */
const arbLog = fc
  .array(
    fc.record({
      kind: fc.constantFrom('vitals', 'triage', 'precedence', 'tourniquet', 'note', 'void'),
      device: fc.constantFrom('a', 'b', 'c'),
      minute: fc.integer({ min: 1, max: 300 }),
      n: fc.integer({ min: 0, max: 4 }),
      ref: fc.nat(),
    }),
    { maxLength: 25 },
  )
  .map((specs) => {
    const log: CasualtyEvent[] = [makeEvent('registered', cid, { injuredAt: T0 }, T0)];
    for (const sp of specs) {
      const when = min(sp.minute);
      const o = { deviceId: sp.device };
      const prior = log[sp.ref % log.length]!;
      const sup = sp.n % 2 ? [prior.id] : undefined;
      if (sp.kind === 'vitals') log.push(makeEvent('vitals', cid, { pulse: 60 + sp.n * 20 }, when, o));
      else if (sp.kind === 'triage')
        log.push(makeEvent('triage', cid, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3', 'T4', 'T1'] as const)[sp.n]! }, supersedes: sup }, when, o));
      else if (sp.kind === 'precedence')
        log.push(makeEvent('precedence', cid, { precedence: (['urgent', 'priority', 'routine', 'urgent', 'priority'] as const)[sp.n]!, supersedes: sup }, when, o));
      else if (sp.kind === 'tourniquet') log.push(makeEvent('tourniquet.applied', cid, { limb: 'left-arm' }, when, o));
      else if (sp.kind === 'note') log.push(makeEvent('note', cid, { text: `n${sp.n}` }, when, o));
      else log.push(makeEvent('void', cid, { target: prior.id, reason: 'error' }, when, o));
    }
    return log;
  });

describe('decisions folded one at a time', () => {
  it('an explicit supersedes list also supersedes a decision that sorts after it (clocks differ)', () => {
    const reg = makeEvent('registered', cid, { injuredAt: T0 }, T0);
    const later = makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T3' } }, min(20), { deviceId: 'b' });
    const earlier = makeEvent('triage', cid, { triage: { system: 'NATO', category: 'T2' }, supersedes: [later.id] }, min(10), { deviceId: 'a' });
    const s = fold(cid, [reg, later, earlier], min(30));
    assert.deepEqual(s.triage.value, { system: 'NATO', category: 'T2' });
    assert.equal(s.triage.conflict, null);
  });
});

describe('fold properties on random logs', () => {
  it('is invariant under duplication and reordering of delivery', () => {
    fc.assert(
      fc.property(arbLog, fc.array(fc.nat(), { maxLength: 10 }), fc.integer(), (log, dups, seed) => {
        const now = min(400);
        const want = JSON.stringify(fold(cid, log, now));
        const delivered = [...log, ...dups.map((i) => log[i % log.length]!)];
        const shuffled = delivered
          .map((e, i) => ({ e, k: Math.sin(seed + i * 7919) }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.e);
        assert.equal(JSON.stringify(fold(cid, shuffled, now)), want);
      }),
      { numRuns: 200 },
    );
  });

  it('counts every observation that was not voided', () => {
    fc.assert(
      fc.property(arbLog, (log) => {
        const voided = new Set(log.filter((e) => e.type === 'void').map((e) => (e.payload as { target: string }).target));
        const vitals = log.filter((e) => e.type === 'vitals' && !voided.has(e.id)).length;
        assert.equal(fold(cid, log, min(400)).vitals.length, vitals);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fold properties', () => {
  const events = chain();
  const now = min(90);
  const canonical = JSON.stringify(fold(cid, events, now));

  it('replaying any events twice changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 20 }), (dups) => {
        const replayed = [...events, ...dups.map((i) => events[i]!)];
        assert.equal(JSON.stringify(fold(cid, replayed, now)), canonical);
      }),
    );
  });

  it('any delivery order of the same log folds to the same state', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        assert.equal(JSON.stringify(fold(cid, order, now)), canonical);
      }),
    );
  });

  it('compareEvents is a total order consistent with time', () => {
    const sorted = [...events].sort(compareEvents);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]!.at <= sorted[i]!.at);
  });
});

describe('event schemas', () => {
  const base = { id: uuidv7(), casualtyId: cid, at: T0, recordedAt: T0, deviceId: 'd', author: 'a' };
  const issuePath = (raw: unknown): string => {
    const r = parseEvent(raw);
    assert.equal(r.success, false, 'must be rejected');
    return r.error!.issues.map((i) => i.path.join('.')).join(',');
  };
  it('accepts a valid event and rejects out-of-range values naming the field', () => {
    assert.equal(parseEvent({ ...base, type: 'vitals', payload: { spo2: 97 } }).success, true);
    assert.equal(issuePath({ ...base, type: 'vitals', payload: { spo2: 140 } }), 'payload.spo2');
    assert.equal(issuePath({ ...base, type: 'vitals', payload: { pain: 11 } }), 'payload.pain');
    assert.equal(issuePath({ ...base, type: 'vitals', payload: { pulse: 'fast' } }), 'payload.pulse');
    assert.equal(issuePath({ ...base, type: 'teleport', payload: {} }), 'type');
    assert.equal(issuePath({ ...base, at: 'yesterday', type: 'note', payload: { text: 'x' } }), 'at');
  });
  it('keeps triage label sets apart', () => {
    assert.equal(parseEvent({ ...base, type: 'triage', payload: { triage: { system: 'START', category: 'minor' } } }).success, true);
    assert.match(issuePath({ ...base, type: 'triage', payload: { triage: { system: 'NATO', category: 'immediate' } } }), /payload\.triage\.category/);
    assert.match(issuePath({ ...base, type: 'triage', payload: { triage: { system: 'SALT', category: 'T1' } } }), /payload\.triage\.category/);
  });
  it('rejects a treatment of the wrong MARCH group and unknown envelope fields', () => {
    assert.match(issuePath({ ...base, type: 'treatment', payload: { group: 'A', kind: 'chest-seal' } }), /payload\.kind/);
    const r = parseEvent({ ...base, type: 'note', payload: { text: 'x' }, extra: 1 });
    assert.equal(r.success, false);
    assert.deepEqual((r.error!.issues[0] as { keys?: string[] }).keys, ['extra']);
  });
  it('validates the 9-line: at least one patient, "none" excludes equipment', () => {
    const nl = { location: { lat: 48, lon: 37 }, callSign: 'X', patientsByPrecedence: {}, patientsByType: { L: 1 } };
    assert.match(issuePath({ ...base, type: 'evac.requested', payload: { nineLine: nl } }), /patientsByPrecedence/);
    const nl2 = { ...nl, patientsByPrecedence: { A: 1 }, specialEquipment: ['A', 'B'] };
    assert.match(issuePath({ ...base, type: 'evac.requested', payload: { nineLine: nl2 } }), /specialEquipment/);
  });
});

describe('advance', () => {
  it('brings a stored state forward exactly as a refold would', () => {
    fc.assert(
      fc.property(arbLog, fc.integer({ min: 0, max: 900 }), (log, later) => {
        const stored = fold(cid, log, min(300));
        assert.deepEqual(advance(stored, min(300 + later)), fold(cid, log, min(300 + later)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('issue 14 items 1 and 11: outcomes and corrections stay visible', () => {
  it('the receiving facility\'s outcome wins over an earlier one from elsewhere, which stays visible as overridden', () => {
    const cid = uuidv7();
    const reg = makeRegistered(cid);
    const forged = makeEvent('outcome', cid, { outcome: 'died-of-wounds', facilityId: 'role2-east' }, at(5));
    const arrival = makeEvent('arrival', cid, { facilityId: 'role2-north' }, at(30));
    const real = makeEvent('outcome', cid, { outcome: 'returned-to-duty', facilityId: 'role2-north' }, at(60));
    for (const order of [[reg, forged, arrival, real], [real, arrival, forged, reg]]) {
      const s = fold(cid, order, at(90));
      assert.equal(s.outcome?.outcome, 'returned-to-duty');
      assert.deepEqual(s.overriddenOutcomes, [forged.id]);
      assert.deepEqual(s.chain.map((x) => x.kind), ['arrival', 'outcome']);
    }
  });

  it('an amend or void is listed with its author and reason beside the entry it corrects', () => {
    const cid = uuidv7();
    const note = makeEvent('note', cid, { text: 'TXA 1 g' }, at(5));
    const amend = makeEvent('amend', cid, { target: note.id, changes: { text: 'TXA 2 g' }, reason: 'second dose' }, at(6), { author: 'medic-2' });
    const s = fold(cid, [makeRegistered(cid), note, amend], at(10));
    assert.deepEqual(s.corrections, [{ eventId: amend.id, target: note.id, kind: 'amend', author: 'medic-2', at: amend.at, reason: 'second dose' }]);
    assert.equal(s.notes[0]!.text, 'TXA 2 g');
  });
});
