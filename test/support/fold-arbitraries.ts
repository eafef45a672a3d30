// Random casualty logs for property tests of the fold and its incremental form: every kind of event that changes
// the state, from three devices and two authors, with explicit and implicit supersedes, late events, amendments,
// voids, tourniquet conversions, a chain to an outcome (sometimes two outcomes, one from the receiving facility).
import fc from 'fast-check';
import type { CasualtyEvent } from '../../src/core/index.ts';
import { uuidv7 } from '../../src/core/index.ts';
import { makeEvent, sampleNineLine } from './events.ts';

export const FOLD_T0 = '2026-11-22T06:00:00.000Z';
export const minute = (m: number): string => new Date(Date.parse(FOLD_T0) + m * 60_000).toISOString();

const KINDS = [
  'vitals', 'vitals', 'note', 'note', 'triage', 'precedence', 'destination', 'assigned', 'tourniquet', 'convert', 'remove',
  'injury', 'treatment', 'medication', 'mechanism', 'request', 'update', 'cancel', 'pickup', 'arrival', 'surgery', 'outcome',
  'amend', 'void', 'register',
] as const;

const spec = fc.record({
  kind: fc.constantFrom(...KINDS),
  device: fc.constantFrom('a', 'b', 'c'),
  author: fc.constantFrom('medic-1', 'medic-2'),
  minute: fc.integer({ min: 1, max: 300 }),
  n: fc.integer({ min: 0, max: 4 }),
  ref: fc.nat(),
});

/** One casualty's log: a registration first, then up to `maxLength` random events (valid payloads). */
export function arbCasualtyLog(casualtyId: string, maxLength = 40): fc.Arbitrary<CasualtyEvent[]> {
  return fc.array(spec, { maxLength }).map((specs) => {
    const log: CasualtyEvent[] = [makeEvent('registered', casualtyId, { injuredAt: FOLD_T0, age: 30 }, FOLD_T0)];
    for (const sp of specs) {
      const when = minute(sp.minute);
      const o = { deviceId: sp.device, author: sp.author, id: uuidv7() };
      const prior = log[sp.ref % log.length]!;
      // A decision names an earlier decision of its kind (which may still sort after it: clocks differ).
      const same = (type: string) => log.filter((e) => e.type === type);
      const pickSame = (type: string) => same(type)[sp.ref % Math.max(1, same(type).length)]?.id ?? prior.id;
      const supOf = (type: string) => (sp.n % 2 ? [pickSame(type)] : undefined);
      const facility = `fac-${sp.n % 2}`;
      const ev = ((): CasualtyEvent | null => {
        switch (sp.kind) {
          case 'vitals': return makeEvent('vitals', casualtyId, { pulse: 60 + sp.n * 20 }, when, o);
          case 'note': return makeEvent('note', casualtyId, { text: `n${sp.n}` }, when, o);
          case 'triage': return makeEvent('triage', casualtyId, { triage: { system: 'NATO', category: (['T1', 'T2', 'T3', 'T4', 'T1'] as const)[sp.n]! }, supersedes: supOf('triage') }, when, o);
          case 'precedence': return makeEvent('precedence', casualtyId, { precedence: (['urgent', 'priority', 'routine', 'urgent', 'priority'] as const)[sp.n]!, supersedes: supOf('precedence') }, when, o);
          case 'destination': return makeEvent('destination', casualtyId, { facilityId: facility, supersedes: supOf('destination') }, when, o);
          case 'assigned': return makeEvent('evac.assigned', casualtyId, { vehicleId: `veh-${sp.n}`, ...(sp.n > 2 ? {} : { facilityId: facility }) }, when, o);
          case 'tourniquet': return makeEvent('tourniquet.applied', casualtyId, { limb: 'left-arm' }, when, o);
          case 'convert': return makeEvent('tourniquet.converted', casualtyId, { applied: prior.id }, when, o);
          case 'remove': return makeEvent('tourniquet.removed', casualtyId, { applied: prior.id }, when, o);
          case 'injury': return makeEvent('injury', casualtyId, { region: 'left-leg', view: 'front', kind: 'laceration' }, when, o);
          case 'treatment': return makeEvent('treatment', casualtyId, { group: 'M', kind: 'wound-packing' }, when, o);
          case 'medication': return makeEvent('medication', casualtyId, { name: 'TXA', dose: 1 + sp.n, unit: 'g', route: 'IV', class: 'haemostatic' }, when, o);
          case 'mechanism': return makeEvent('mechanism', casualtyId, { mechanisms: [(['fpv-drone', 'artillery', 'gunshot'] as const)[sp.n % 3]!] }, when, o);
          case 'request': return makeEvent('evac.requested', casualtyId, { nineLine: sampleNineLine() }, when, o);
          case 'update': return makeEvent('evac.updated', casualtyId, { nineLine: { callSign: `Sokil ${sp.n}` } }, when, o);
          case 'cancel': return makeEvent('evac.cancelled', casualtyId, {}, when, o);
          case 'pickup': return makeEvent('pickup', casualtyId, { vehicleId: `veh-${sp.n}` }, when, o);
          case 'arrival': return makeEvent('arrival', casualtyId, { facilityId: facility }, when, o);
          case 'surgery': return makeEvent('surgery.started', casualtyId, { facilityId: facility }, when, o);
          case 'outcome': return makeEvent('outcome', casualtyId, { outcome: 'evacuated-onward', ...(sp.n % 3 ? { facilityId: facility } : {}) }, when, o);
          case 'register': return makeEvent('registered', casualtyId, { injuredAt: FOLD_T0, age: 31 + sp.n }, when, o);
          case 'amend':
            return prior.type === 'vitals' ? makeEvent('amend', casualtyId, { target: prior.id, changes: { pulse: 99 }, reason: 'typo' }, when, o)
              : prior.type === 'note' ? makeEvent('amend', casualtyId, { target: prior.id, changes: { text: 'fixed' }, reason: 'typo' }, when, o) : null;
          case 'void': return prior.type === 'registered' || prior.type === 'void' ? null : makeEvent('void', casualtyId, { target: prior.id, reason: 'error' }, when, o);
        }
      })();
      if (ev) log.push(ev);
    }
    return log;
  });
}
