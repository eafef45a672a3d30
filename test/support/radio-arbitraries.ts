// fast-check generators of radio cards (the radio codec's property tests; test-only, hence outside src/).
import fc from 'fast-check';
import {
  toMgrs,
  Mechanism,
  BodyRegion,
  InjuryKind,
  Limb,
  TourniquetType,
  Route,
  DoseUnit,
  MedicationClass,
  Precedence,
  Avpu,
  PersonStatus,
  Sex,
  NatoTriage,
} from '../../src/core/index.ts';
import type { RadioCard, RadioNineLine, RadioVitals } from '../../src/interop/radio/model.ts';
import { TREATMENT_KINDS } from '../../src/interop/radio/model.ts';

const T_MIN = Date.parse('2022-02-24T00:00:00Z') / 60_000;
const minute = (m: number): string => new Date(m * 60_000).toISOString();
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const strip = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const cyrillic = fc.constantFrom(...'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя'.split(''));
/** Text as people type it: mostly radio-style upper case and digits, sometimes mixed case, Cyrillic or any Unicode. */
const text = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 .\\-/]{0,${max - 1}}$`)) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: max, unit: 'grapheme-ascii' }) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: max, unit: cyrillic }) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: Math.ceil(max / 3), unit: 'grapheme' }) },
  );
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 99 }));
const counts5 = fc.record({ A: count, B: count, C: count, D: count, E: count }).map((c) => ({ ...c }));

export const arbPosition = fc.record({
  lat: fc.double({ min: -79.5, max: 83.5, noNaN: true }),
  lon: fc.double({ min: -179.999, max: 179.999, noNaN: true }),
});

export const arbNineLine: fc.Arbitrary<RadioNineLine> = fc
  .record({
    pos: arbPosition,
    callSign: text(12),
    suffix: opt(text(6)),
    frequency: opt(text(10)),
    patientsByPrecedence: counts5.filter((c) => Object.values(c).some((x) => x > 0)),
    specialEquipment: fc.oneof(fc.constant(['A' as const]), fc.subarray(['B', 'C', 'D'] as const, { minLength: 1 })),
    patientsByType: fc.record({ L: count, A: count }).map((c) => ({ ...c })),
    security: opt(fc.constantFrom('N', 'P', 'E', 'X') as fc.Arbitrary<'N' | 'P' | 'E' | 'X'>),
    marking: opt(fc.constantFrom('A', 'B', 'C', 'D', 'E') as fc.Arbitrary<'A' | 'B' | 'C' | 'D' | 'E'>),
    markingDetail: opt(text(20)),
    nationality: opt(counts5),
    cbrn: opt(fc.subarray(['C', 'B', 'R', 'N'] as const)),
    hazards: opt(text(40)),
  })
  .map(({ pos, ...n }) =>
    strip({
      ...n,
      mgrs: toMgrs(pos)!.replace(/\s+/g, ''),
      specialEquipment: [...n.specialEquipment],
      cbrn: n.cbrn ? [...n.cbrn] : undefined,
    }),
  );

const arbVitals = (t: fc.Arbitrary<string>): fc.Arbitrary<RadioVitals> =>
  fc
    .record({
      at: t,
      pulse: opt(fc.integer({ min: 0, max: 300 })),
      pulseSite: opt(fc.constantFrom('radial', 'carotid', 'femoral', 'pedal', 'other') as fc.Arbitrary<'radial'>),
      sbp: opt(fc.integer({ min: 0, max: 300 })),
      dbp: opt(fc.integer({ min: 0, max: 250 })),
      bpPalpated: opt(fc.boolean()),
      rr: opt(fc.integer({ min: 0, max: 80 })),
      spo2: opt(fc.integer({ min: 0, max: 100 })),
      avpu: opt(fc.constantFrom(...Avpu.options)),
      pain: opt(fc.integer({ min: 0, max: 10 })),
      gcs: opt(fc.integer({ min: 3, max: 15 })),
      tempC: opt(fc.integer({ min: 200, max: 450 }).map((x) => x / 10)),
    })
    .map(strip)
    .filter((v) => Object.keys(v).some((k) => k !== 'at' && k !== 'pulseSite'));

// Times of one card mostly fall within three days; a few in another year stress the time offsets.
const T_2030 = Date.parse('2030-06-01T00:00:00Z') / 60_000;
const t = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: T_MIN, max: T_MIN + 3 * 1440 }).map(minute) },
  { weight: 1, arbitrary: fc.integer({ min: T_2030, max: T_2030 + 3 * 1440 }).map(minute) },
);
export const arbCard: fc.Arbitrary<RadioCard> = fc
  .record({
    id: opt(fc.uuid({ version: 7 })),
    nineLine: opt(arbNineLine),
    precedence: opt(fc.constantFrom(...Precedence.options)),
    triage: opt(fc.constantFrom(...NatoTriage.options).map((category) => ({ system: 'NATO' as const, category }))),
    stage: opt(
      fc.constantFrom(
        'at-poi',
        'requested',
        'assigned',
        'in-transit',
        'at-facility',
        'in-surgery',
        'closed',
      ) as fc.Arbitrary<'at-poi'>,
    ),
    identity: opt(
      fc
        .record({
          battleRoster: opt(fc.stringMatching(/^[A-Z]{2}[0-9]{4}$/)),
          name: opt(text(30)),
          sex: opt(fc.constantFrom(...Sex.options)),
          status: opt(fc.constantFrom(...PersonStatus.options)),
          age: opt(fc.integer({ min: 0, max: 120 })),
          allergies: opt(text(20)),
        })
        .map(strip),
    ),
    injuredAt: opt(t),
    mechanisms: opt(fc.uniqueArray(fc.constantFrom(...Mechanism.options), { maxLength: 3 })),
    injuries: opt(
      fc.array(
        fc
          .record({
            region: fc.constantFrom(...BodyRegion.options),
            view: fc.constantFrom('front', 'back') as fc.Arbitrary<'front' | 'back'>,
            kind: fc.constantFrom(...InjuryKind.options),
            burnPercent: opt(fc.integer({ min: 0, max: 100 })),
          })
          .map(strip),
        { maxLength: 6 },
      ),
    ),
    vitals: opt(fc.array(arbVitals(t), { maxLength: 3 })),
    tourniquets: opt(
      fc.array(
        fc
          .record({
            limb: fc.constantFrom(...Limb.options),
            appliedAt: t,
            state: fc.constantFrom('on', 'converted', 'removed') as fc.Arbitrary<'on'>,
            tqType: opt(fc.constantFrom(...TourniquetType.options)),
          })
          .map(strip),
        { maxLength: 4 },
      ),
    ),
    treatments: opt(
      fc.array(
        fc
          .record({
            kind: fc.constantFrom(...TREATMENT_KINDS),
            volumeMl: opt(fc.integer({ min: 1, max: 5000 })),
            route: opt(fc.constantFrom(...Route.options)),
          })
          .map(strip),
        { maxLength: 5 },
      ),
    ),
    medications: opt(
      fc.array(
        fc
          .record({
            class: fc.constantFrom(...MedicationClass.options.filter((c) => c !== 'sedative')), // v1 carries 4 classes
            name: opt(text(16)),
            dose: opt(fc.integer({ min: 1, max: 1_000_000 }).map((x) => x / 1000)),
            unit: opt(fc.constantFrom(...DoseUnit.options)),
            route: opt(fc.constantFrom(...Route.options)),
          })
          .map(strip),
        { maxLength: 4 },
      ),
    ),
  })
  .map((c) => strip(c) as RadioCard);
