// Mass-casualty incidents (issue 15): the incident's own fold, the tag → casualty id derivation, the counts an
// accounting claim is compared with, and the incident's one 9-line summed from triage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { CasualtyEvent, CasualtyState } from './index.ts';
import {
  categoryTimeline, fold, foldIncident, incidentCounts, incidentNineLine, incidentPicture, newTagKey, normaliseTag, parseEvent, sha256Hex, tagCasualtyId, uuidv7,
} from './index.ts';
import { at, makeEvent } from '../../test/support/events.ts';

test('sha256Hex equals node:crypto on any text (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'));
    }),
    { numRuns: 50 },
  );
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('tagCasualtyId: the same tag at the same incident is one casualty id, however it is typed (property)', () => {
  fc.assert(
    fc.property(fc.uuid(), fc.option(fc.stringMatching(/^[0-9a-f]{32}$/)), fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), (id, tagKey, tag) => {
      const incident = { id, tagKey };
      const tagId = tagCasualtyId(incident, tag);
      assert.equal(tagId, tagCasualtyId(incident, ` ${tag.toLowerCase().split('').join(' ')} `));
      assert.ok(parseEvent(makeEvent('note', tagId, { text: 'x' })).success, 'a valid casualty id');
      assert.notEqual(tagId, tagCasualtyId(incident, `${tag}X`));
    }),
  );
  assert.notEqual(tagCasualtyId({ id: uuidv7(), tagKey: null }, 'A1'), tagCasualtyId({ id: uuidv7(), tagKey: null }, 'A1'), 'another incident: another casualty');
  assert.equal(normaliseTag('ua-00 17'), 'UA0017');
});

test('SYNC-19 tagCasualtyId: a tag\'s id depends on the incident\'s tag key, so the incident id alone does not give it (property)', () => {
  fc.assert(
    fc.property(fc.uuid(), fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[A-Z0-9]{1,8}$/), (id, k1, k2, tag) => {
      fc.pre(k1 !== k2);
      const keyed = tagCasualtyId({ id, tagKey: k1 }, tag);
      assert.notEqual(keyed, tagCasualtyId({ id, tagKey: null }, tag), 'not the public id of a keyless incident');
      assert.notEqual(keyed, tagCasualtyId({ id, tagKey: k2 }, tag), 'another key: another id');
    }),
  );
  assert.match(newTagKey(), /^[0-9a-f]{32}$/);
  assert.notEqual(newTagKey(), newTagKey());
});

test('SYNC-19 tagCasualtyId: an incident declared without a key keeps the ids phones computed before keys existed', () => {
  // Pinned from the derivation before session 17: phones holding such an incident must go on converging.
  const old = { id: '019a0000-0000-7000-8000-000000000001', tagKey: null };
  assert.equal(tagCasualtyId(old, 'A1'), 'dd077d53-ad8a-8f78-8ed2-d4b6dcb6ed43');
  assert.equal(tagCasualtyId(old, 'ua-00 17'), '1b7ba560-08c5-8027-b4f9-eb1e50aa907e');
});

test('SYNC-19 foldIncident: the first declaration\'s tag key stands, in any order; a declaration without one leaves the ids public', () => {
  const key1 = 'a'.repeat(32);
  const key2 = 'b'.repeat(32);
  const d1 = makeEvent('incident.declared', INC_K, { kind: 'strike', position: { lat: 48.5, lon: 37.9 }, tagKey: key1 }, at(0));
  const d2 = makeEvent('incident.declared', INC_K, { kind: 'strike', position: { lat: 48.5, lon: 37.9 }, tagKey: key2 }, at(5));
  assert.equal(foldIncident(INC_K, [d2, d1]).tagKey, key1);
  assert.equal(foldIncident(INC_K, [d1, d2]).tagKey, key1);
  const bare = makeEvent('incident.declared', INC_K, { kind: 'strike', position: { lat: 48.5, lon: 37.9 } }, at(0));
  assert.equal(foldIncident(INC_K, [bare, d2]).tagKey, null);
  assert.equal(parseEvent({ ...d1, payload: { ...d1.payload, tagKey: 'A'.repeat(32) } }).success, false, 'lower-case hex only');
});
const INC_K = '019a0000-0000-7000-8000-00000000000f';

const INC = '019a0000-0000-7000-8000-000000000001';
const place = { lat: 48.5, lon: 37.9 };

test('foldIncident: declared, updated, cleared; any order of the same events gives the same state (property)', () => {
  const events: CasualtyEvent[] = [
    makeEvent('incident.declared', INC, { kind: 'strike', position: place, radiusM: 300, unitId: '1-coy', hazards: ['UXO'] }, at(0)),
    makeEvent('incident.updated', INC, { commander: 'Sokil', hazards: ['UXO', 'drones overhead'] }, at(5), { author: 'medic-2', deviceId: 'phone-2' }),
    makeEvent('incident.cleared', INC, {}, at(90)),
  ];
  const s = foldIncident(INC, events);
  assert.equal(s.declared, true);
  assert.equal(s.kind, 'strike');
  assert.equal(s.commander, 'Sokil');
  assert.deepEqual(s.hazards, ['UXO', 'drones overhead']);
  assert.equal(s.status, 'cleared');
  assert.equal(s.clearedAt, at(90));
  assert.deepEqual(s.authors, ['device:phone-1', 'device:phone-2', 'medic-1', 'medic-2']);
  fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: 3, maxLength: 3 }), (order) => {
    assert.deepEqual(foldIncident(INC, [...order, order[0]!]), s);
  }));
  const voided = foldIncident(INC, [...events, makeEvent('void', INC, { target: events[2]!.id, reason: 'not yet' }, at(91))]);
  assert.equal(voided.status, 'open', 'a voided clearance reopens the incident');
});

const casualty = (category: 'immediate' | 'delayed' | 'minimal' | 'expectant' | 'dead', extra: CasualtyEvent[] = [], id = uuidv7()): CasualtyState =>
  fold(id, [
    makeEvent('registered', id, { injuredAt: at(0), position: place }, at(0)),
    makeEvent('incident.linked', id, { incidentId: INC }, at(1)),
    makeEvent('triage', id, { triage: { system: 'SALT', category } }, at(2)),
    ...extra.map((e) => ({ ...e, casualtyId: id }) as CasualtyEvent),
  ], at(10));

test('incidentCounts: killed at scene, died of wounds, triaged dead, wounded by category, still open; a conflict is counted', () => {
  const x = uuidv7();
  const states = [
    casualty('immediate'), casualty('immediate'), casualty('delayed'), casualty('minimal'), casualty('expectant'),
    casualty('dead', [makeEvent('outcome', x, { outcome: 'killed-in-action' }, at(5))]), casualty('dead'),
    casualty('immediate', [makeEvent('outcome', x, { outcome: 'died-of-wounds', facilityId: 'r2' }, at(50))]),
    casualty('minimal', [makeEvent('outcome', x, { outcome: 'returned-to-duty' }, at(60))]),
    // Two medics disagree: a visible conflict, counted at the more urgent category.
    casualty('minimal', [makeEvent('triage', x, { triage: { system: 'SALT', category: 'immediate' } }, at(3), { author: 'medic-2', deviceId: 'phone-2' })]),
  ];
  const c = incidentCounts(states);
  assert.equal(c.casualties, 10);
  assert.equal(c.killedAtScene, 1, 'an outcome, as accounting counts it');
  assert.equal(c.triagedDeadNoOutcome, 1, 'triaged dead, no outcome yet: apart');
  assert.equal(c.diedOfWounds, 1);
  assert.deepEqual(c.woundedByCategory, { immediate: 3, delayed: 1, minimal: 2, expectant: 1, untriaged: 0 });
  assert.equal(c.stillOpen, 6);
  assert.equal(c.conflicts, 1);
  assert.equal(c.killedAtScene + c.diedOfWounds + c.triagedDeadNoOutcome + Object.values(c.woundedByCategory).reduce((a, b) => a + b, 0), c.casualties);
});

test('incidentNineLine: patients by precedence and type summed from triage; the dead and the picked up are not waiting', () => {
  const incident = foldIncident(INC, [makeEvent('incident.declared', INC, { kind: 'shelling', position: place, name: 'School 12', hazards: ['mines'] }, at(0))]);
  const v = 'amb-1';
  const states = [
    casualty('immediate'), casualty('immediate'), casualty('delayed'), casualty('minimal'), casualty('minimal'), casualty('expectant'), casualty('dead'),
    casualty('immediate', [makeEvent('precedence', uuidv7(), { precedence: 'urgent-surgical' }, at(3))]),
    casualty('immediate', [makeEvent('pickup', uuidv7(), { vehicleId: v }, at(20))]),
  ];
  const nl = incidentNineLine(incident, states);
  assert.ok(nl);
  assert.deepEqual(nl.patientsByPrecedence, { A: 2, B: 1, C: 1, D: 3, E: 0 });
  assert.deepEqual(nl.patientsByType, { L: 5, A: 2 });
  assert.equal(nl.callSign, 'School 12');
  assert.equal(nl.hazards, 'mines');
  assert.deepEqual(nl.location, place);
  // Re-triage changes the 9-line: it is derived, never typed.
  const re = states.map((s, i) => (i === 3 ? casualty('immediate') : s));
  assert.equal(incidentNineLine(incident, re)!.patientsByPrecedence.A, 3);
  assert.equal(incidentNineLine(incident, [casualty('dead')]), null, 'nobody waiting: no 9-line');
  const p = incidentPicture(incident, states);
  assert.equal(p.onSite.length, 7, "the dead and the picked up are not on site");
  assert.deepEqual(p.enRoute.map((e) => e.vehicleId), [v]);
  assert.equal(p.byCategory.immediate, 4);
});

test('categoryTimeline: a re-triage moves a casualty between categories, never counts it twice', () => {
  const id = uuidv7();
  const s = casualty('delayed', [makeEvent('triage', id, { triage: { system: 'SALT', category: 'immediate' } }, at(30))], id);
  const tl = categoryTimeline([s, casualty('minimal')]);
  const last = tl[tl.length - 1]!.counts;
  assert.equal(last.immediate, 1);
  assert.equal(last.delayed, 0);
  assert.equal(last.minimal, 1);
  assert.deepEqual(tl.map((p) => p.at), [...tl.map((p) => p.at)].sort());
});
