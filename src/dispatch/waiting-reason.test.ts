import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../core/index.ts';
import type { CasualtyEvent, Facility, Vehicle } from '../core/index.ts';
import { makeEvent } from '../../test/support/events.ts';
import { planLive } from './live.ts';
import type { WaitingReason } from './waiting-reason.ts';

const NOW = '2026-11-22T10:00:00.000Z';
const at = (min: number): string => new Date(Date.parse(NOW) + min * 60_000).toISOString();

function casualty(id: string, pos: { lat: number; lon: number }, vitals: object) {
  const events: CasualtyEvent[] = [makeEvent('registered', id, { injuredAt: at(-10), position: pos }, at(-10)), makeEvent('vitals', id, vitals as never, at(-5))];
  return fold(id, events, NOW);
}
const facility = (id: string, role: Facility['role'], beds: number, tables: number): Facility => ({
  id, name: id, role, position: { lat: 48.5, lon: 37.7 }, hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds, surgicalTables: tables,
});
const vehicle = (id: string, status: Vehicle['status'] = 'available'): Vehicle => ({
  id, kind: 'ambulance', litter: 2, seated: 2, speedKmh: 50, medic: true, status, position: { lat: 48.6, lon: 37.9 }, baseFacilityId: 'r2',
});
const urgent = (id: string) => casualty(id, { lat: 48.62, lon: 37.95 }, { rr: 30, pulse: 130, gcs: 10 });

function explain(input: Parameters<typeof planLive>[0]): { planned: string[]; waiting: WaitingReason[] } {
  const waiting: WaitingReason[] = [];
  const planned = planLive(input, undefined, waiting).map((a) => a.casualtyId);
  // The list changes nothing the plan decided.
  assert.deepEqual(planLive(input).map((a) => a.casualtyId), planned);
  return { planned, waiting };
}

test('no vehicle free: the waiting casualty is explained as no-vehicle', () => {
  const { planned, waiting } = explain({ casualties: [urgent('a')], vehicles: [vehicle('amb', 'dispatched')], facilities: [facility('r2', 'R2', 10, 2)], threats: [], now: NOW });
  assert.deepEqual(planned, []);
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0]!.casualtyId, 'a');
  assert.equal(waiting[0]!.reason, 'no-vehicle');
});

test('a free vehicle but no bed anywhere: no-place', () => {
  const { planned, waiting } = explain({ casualties: [urgent('a')], vehicles: [vehicle('amb')], facilities: [facility('r2', 'R2', 0, 0)], threats: [], now: NOW });
  assert.deepEqual(planned, []);
  assert.deepEqual(waiting, [{ casualtyId: 'a', reason: 'no-place' }]);
});

test('beds free but no surgical place for a casualty who needs surgery: no-surgery, not held at 0 %', () => {
  // Session 24's review: only an R1 (beds, no tables) and an R2 whose tables are gone; it read "held: fetched now 0 %".
  for (const facilities of [[facility('r2', 'R2', 10, 0)], [facility('r1', 'R1', 10, 0)], [facility('r1', 'R1', 10, 2), facility('r2', 'R2', 10, 0)]]) {
    const { planned, waiting } = explain({ casualties: [urgent('a')], vehicles: [vehicle('amb')], facilities, threats: [], now: NOW });
    assert.deepEqual(planned, []);
    assert.deepEqual(waiting, [{ casualtyId: 'a', reason: 'no-surgery' }], JSON.stringify(facilities.map((f) => f.id)));
  }
});

test('a casualty who needs no surgery is not held for want of a table', () => {
  const minor = casualty('m', { lat: 48.62, lon: 37.95 }, { rr: 16, pulse: 80, gcs: 15 });
  const { waiting } = explain({ casualties: [minor], vehicles: [vehicle('amb')], facilities: [facility('r1', 'R1', 10, 0)], threats: [], now: NOW });
  assert.ok(waiting.every((w) => w.reason !== 'no-surgery'), JSON.stringify(waiting));
});

test('a casualty the plan could fetch but holds: held, with its survival fetched now and an hour later', () => {
  // A casualty nearly past saving (RPM 1) gains almost nothing from being fetched now: the plan holds it.
  const minor = casualty('m', { lat: 48.9, lon: 38.4 }, { rr: 0, pulse: 40, gcs: 3 });
  const { planned, waiting } = explain({ casualties: [minor], vehicles: [vehicle('amb')], facilities: [facility('r2', 'R2', 10, 2)], threats: [], now: NOW });
  assert.deepEqual(planned, []);
  const w = waiting[0]!;
  assert.equal(w.reason, 'held');
  assert.ok(w.reason === 'held' && w.fetchedNow > 0 && w.fetchedNow <= 1 && w.fetchedLater <= w.fetchedNow);
});

test('a recommended casualty gets no waiting entry', () => {
  const { planned, waiting } = explain({ casualties: [urgent('a')], vehicles: [vehicle('amb')], facilities: [facility('r2', 'R2', 10, 2)], threats: [], now: NOW });
  assert.deepEqual(planned, ['a']);
  assert.deepEqual(waiting, []);
});
