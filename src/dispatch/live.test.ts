import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../core/index.ts';
import type { CasualtyEvent, Facility, ThreatZone, Vehicle } from '../core/index.ts';
import { makeEvent } from '../../test/support/events.ts';
import { estimateRpm, planLive } from './live.ts';

const NOW = '2026-11-22T10:00:00.000Z';
const at = (min: number): string => new Date(Date.parse(NOW) + min * 60_000).toISOString();

function casualty(id: string, pos: { lat: number; lon: number }, opts: { vitals?: object; triage?: 'T1' | 'T2' | 'T3'; injuredMin?: number }) {
  const events: CasualtyEvent[] = [makeEvent('registered', id, { injuredAt: at(opts.injuredMin ?? -10), position: pos }, at(opts.injuredMin ?? -10))];
  if (opts.vitals) events.push(makeEvent('vitals', id, opts.vitals as never, at(-5)));
  if (opts.triage) events.push(makeEvent('triage', id, { triage: { system: 'NATO', category: opts.triage } } as never, at(-4)));
  return fold(id, events, NOW);
}

const facilities: Facility[] = [
  { id: 'r1', name: 'R1', role: 'R1', position: { lat: 48.6, lon: 37.9 }, hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds: 5, surgicalTables: 0 },
  { id: 'r2', name: 'R2', role: 'R2', position: { lat: 48.5, lon: 37.7 }, hardened: false, status: 'normal', intake: 'normal', capabilities: [], beds: 10, surgicalTables: 2 },
];
const vehicle = (id: string, kind: Vehicle['kind'], pos: { lat: number; lon: number }): Vehicle => ({
  id, kind, litter: 2, seated: 2, speedKmh: kind === 'armoured' ? 35 : 50, medic: true, status: 'available', position: pos, baseFacilityId: 'r1',
});

test('RPM from vitals per Sacco, falling back to triage', () => {
  const normal = casualty('a', { lat: 48.6, lon: 38 }, { vitals: { rr: 16, pulse: 90, gcs: 15 } });
  assert.deepEqual(estimateRpm(normal), { rpm: 12, source: 'vitals' });
  const shocked = casualty('b', { lat: 48.6, lon: 38 }, { vitals: { rr: 30, pulse: 150, avpu: 'P' } });
  assert.deepEqual(estimateRpm(shocked), { rpm: 3 + 2 + 2, source: 'vitals' });
  const apnoeic = casualty('c', { lat: 48.6, lon: 38 }, { vitals: { rr: 0, pulse: 40, gcs: 3 } });
  assert.deepEqual(estimateRpm(apnoeic), { rpm: 0 + 1 + 0, source: 'vitals' });
  assert.deepEqual(estimateRpm(casualty('d', { lat: 48.6, lon: 38 }, { triage: 'T1' })), { rpm: 5, source: 'triage' });
  assert.equal(estimateRpm(casualty('e', { lat: 48.6, lon: 38 }, {})).source, 'default');
});

test('without vitals or triage, the 9-line\'s line 3 gives the precedence the RPM is read from; the card\'s own wins', () => {
  const requested = (id: string, line3: Record<string, number>, extra: CasualtyEvent[] = []) => {
    const pos = { lat: 48.6, lon: 38 };
    const events: CasualtyEvent[] = [
      makeEvent('registered', id, { injuredAt: at(-10), position: pos }, at(-10)),
      makeEvent('evac.requested', id, { nineLine: { location: pos, callSign: 'S1', patientsByPrecedence: line3, patientsByType: { L: 1 } } } as never, at(-9)),
      ...extra,
    ];
    return fold(id, events, NOW);
  };
  // "A, urgent" on line 3 reads as urgent (RPM 5), not as a casualty nothing is known about (RPM 8, 'default').
  assert.deepEqual(estimateRpm(requested('a', { A: 1 })), { rpm: 5, source: 'precedence' });
  assert.deepEqual(estimateRpm(requested('c', { C: 1 })), { rpm: 8, source: 'precedence' });
  // A request for several patients: the most urgent line (a card of its own would say which one this is).
  assert.deepEqual(estimateRpm(requested('ad', { A: 1, D: 2 })), { rpm: 5, source: 'precedence' });
  assert.deepEqual(estimateRpm(requested('set', { A: 1 }, [makeEvent('precedence', 'set', { precedence: 'routine' } as never, at(-8))])), { rpm: 11, source: 'precedence' });
  // Vitals still come first.
  assert.deepEqual(estimateRpm(requested('v', { A: 1 }, [makeEvent('vitals', 'v', { rr: 16, pulse: 90, gcs: 15 } as never, at(-8))])), { rpm: 12, source: 'vitals' });
});

test('planLive recommends vehicles for waiting casualties, urgent first, with gains and ETAs', () => {
  const casualties = [
    casualty('urgent', { lat: 48.62, lon: 37.95 }, { vitals: { rr: 30, pulse: 130, gcs: 10 } }),
    casualty('minor', { lat: 48.58, lon: 37.93 }, { triage: 'T3' }),
  ];
  const out = planLive({ casualties, vehicles: [vehicle('amb', 'ambulance', { lat: 48.6, lon: 37.9 })], facilities, threats: [], now: NOW });
  assert.ok(out.length >= 1);
  const first = out[0]!;
  assert.equal(first.casualtyId, 'urgent');
  assert.equal(first.vehicleId, 'amb');
  assert.equal(first.facilityId, 'r2');
  assert.ok(first.etaPickupMin > 0 && first.etaFacilityMin > first.etaPickupMin);
  assert.ok(first.expectedSurvival > 0 && first.expectedSurvival <= 1);
  assert.ok(first.survivalGain > 0);
  // Closest serves requests in arrival order: it would send the only vehicle to the minor casualty.
  assert.equal(first.survivalGainVsClosest, null);
  assert.match(first.reason, /urgent/);
  const alone = planLive({ casualties: [casualties[0]!], vehicles: [vehicle('amb', 'ambulance', { lat: 48.6, lon: 37.9 })], facilities, threats: [], now: NOW });
  assert.ok(alone[0]!.survivalGainVsClosest !== null && alone[0]!.survivalGainVsClosest >= -1e-9);
});

test('planLive prefers the armoured vehicle through a dangerous zone', () => {
  const zone: ThreatZone = {
    id: 'z',
    polygon: [{ lat: 48.55, lon: 37.92 }, { lat: 48.55, lon: 38.1 }, { lat: 48.7, lon: 38.1 }, { lat: 48.7, lon: 37.92 }],
    lossPerKm: { unprotected: 0.05, armoured: 0.005, air: 0.05 },
  };
  const casualties = [casualty('deep', { lat: 48.62, lon: 38.05 }, { vitals: { rr: 30, pulse: 130, gcs: 14 } })];
  const vehicles = [vehicle('amb', 'ambulance', { lat: 48.6, lon: 37.9 }), vehicle('apc', 'armoured', { lat: 48.6, lon: 37.9 })];
  const out = planLive({ casualties, vehicles, facilities, threats: [zone], now: NOW });
  assert.equal(out[0]?.vehicleId, 'apc');
  const none = planLive({ casualties, vehicles: vehicles.map((v) => ({ ...v, status: 'dispatched' as const })), facilities, threats: [zone], now: NOW });
  assert.deepEqual(none, []);
});

test('planLive picks a casualty up where its 9-line says when registration carried no position', () => {
  const id = 'nl';
  const events: CasualtyEvent[] = [
    makeEvent('registered', id, { injuredAt: at(-10) }, at(-10)),
    makeEvent('precedence', id, { precedence: 'urgent' }, at(-9)),
    makeEvent('evac.requested', id, { nineLine: { location: { lat: 48.62, lon: 37.95 }, callSign: 'medic', patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0 }, specialEquipment: ['A'], patientsByType: { L: 1, A: 0 } } }, at(-8)),
  ];
  const c = fold(id, events, NOW);
  assert.equal(c.position, null);
  const out = planLive({ casualties: [c], vehicles: [vehicle('amb', 'ambulance', { lat: 48.6, lon: 37.9 })], facilities, threats: [], now: NOW });
  assert.equal(out[0]?.casualtyId, id);
  assert.ok(out[0]!.etaPickupMin > 0);
});
