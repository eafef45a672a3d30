// Casualty event factory for tests: valid events (they pass parseEvent) with sensible defaults.
import type { input } from 'zod';
import type { CasualtyEvent, EnvelopeOf, EventType, PayloadOf, NineLine } from '../../src/core/index.ts';
import { payloads, uuidv7 } from '../../src/core/index.ts';

export const T0 = '2026-03-01T06:00:00.000Z';
export const at = (minutes: number, base = T0): string => new Date(Date.parse(base) + minutes * 60_000).toISOString();

export interface EnvelopeOverrides {
  id?: string;
  at?: string;
  recordedAt?: string;
  deviceId?: string;
  author?: string;
  hlc?: string;
}

/**
 * Any event: `makeEvent('vitals', cid, { pulse: 120 }, at(5))`. A valid payload is parsed by its schema, so defaults
 * apply as on the server; an invalid one is kept as given (tests of refusal build those on purpose).
 */
export function makeEvent<T extends EventType>(
  type: T,
  casualtyId: string,
  payload: input<(typeof payloads)[T]>,
  when: string = T0,
  o: EnvelopeOverrides = {},
): EnvelopeOf<T> & CasualtyEvent {
  return {
    id: o.id ?? uuidv7(),
    casualtyId,
    type,
    at: o.at ?? when,
    recordedAt: o.recordedAt ?? o.at ?? when,
    deviceId: o.deviceId ?? 'phone-1',
    author: o.author ?? 'medic-1',
    ...(o.hlc !== undefined ? { hlc: o.hlc } : {}),
    payload: parsedOrRaw(type, payload),
  } as EnvelopeOf<T> & CasualtyEvent;
}

function parsedOrRaw<T extends EventType>(type: T, payload: unknown): PayloadOf<T> {
  const r = payloads[type].safeParse(payload);
  return (r.success ? r.data : payload) as PayloadOf<T>;
}

/** The first event of a casualty. */
export function makeRegistered(
  casualtyId: string = uuidv7(),
  overrides: Partial<PayloadOf<'registered'>> & EnvelopeOverrides = {},
): EnvelopeOf<'registered'> {
  const { id, at: when, recordedAt, deviceId, author, hlc, ...payload } = overrides;
  const env: EnvelopeOverrides = {
    ...(id !== undefined ? { id } : {}), ...(recordedAt !== undefined ? { recordedAt } : {}),
    ...(deviceId !== undefined ? { deviceId } : {}), ...(author !== undefined ? { author } : {}), ...(hlc !== undefined ? { hlc } : {}),
  };
  return makeEvent('registered', casualtyId, { sex: 'male', status: 'military', injuredAt: when ?? T0, ...payload }, when ?? T0, env);
}

export const sampleNineLine = (over: Partial<NineLine> = {}): NineLine => ({
  location: { lat: 48.5953, lon: 37.9983 },
  callSign: 'DUSTOFF 21',
  patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0, E: 0 },
  specialEquipment: ['A'],
  patientsByType: { L: 1, A: 0 },
  ...over,
});

/** A whole chain for one casualty: registered → tourniquet → triage T1 → precedence urgent → 9-line → assigned →
 * pickup → arrival (→ outcome when `close`). */
export function makeChain(
  casualtyId: string = uuidv7(),
  o: { unitId?: string; vehicleId?: string; facilityId?: string; close?: boolean; start?: string } = {},
): CasualtyEvent[] {
  const start = o.start ?? T0;
  const t = (m: number) => at(m, start);
  const vehicleId = o.vehicleId ?? 'amb-1';
  const facilityId = o.facilityId ?? 'r2-north';
  const evs: CasualtyEvent[] = [
    makeRegistered(casualtyId, { at: start, injuredAt: start, ...(o.unitId ? { unitId: o.unitId } : {}) }),
    makeEvent('tourniquet.applied', casualtyId, { limb: 'left-leg', tqType: 'CAT' }, t(2)),
    makeEvent('triage', casualtyId, { triage: { system: 'NATO', category: 'T1' } }, t(3)),
    makeEvent('precedence', casualtyId, { precedence: 'urgent' }, t(4)),
    makeEvent('evac.requested', casualtyId, { nineLine: sampleNineLine() }, t(5)),
    makeEvent('evac.assigned', casualtyId, { vehicleId, facilityId }, t(8), { deviceId: 'dispatch-1', author: 'dispatcher' }),
    makeEvent('pickup', casualtyId, { vehicleId }, t(20), { deviceId: 'amb-tablet', author: 'crew-1' }),
    makeEvent('arrival', casualtyId, { facilityId }, t(45), { deviceId: 'r2-desk', author: 'nurse-1' }),
  ];
  if (o.close) evs.push(makeEvent('outcome', casualtyId, { outcome: 'returned-to-duty', facilityId }, t(300), { deviceId: 'r2-desk', author: 'doc-1' }));
  return evs;
}
