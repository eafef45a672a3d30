import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  encodeRadio,
  decodeRadio,
  RadioDecodeError,
  RadioEncodeError,
  MAX_BYTES,
  DROP_ORDER,
  compactProjection,
  toText,
  fromText,
  toVoice,
  crc16,
} from './index.ts';
import type { RadioCard } from './index.ts';
import { arbCard, arbNineLine } from '../../../test/support/radio-arbitraries.ts';

const RUNS = 150;
const runs = (form: string): number => (form === 'card' ? 100 : RUNS);
/** Encode, or null when even the never-dropped core (9-line lines 1–8, call sign, precedence, triage) is too big. */
function tryEncode(c: RadioCard, form: 'compact' | 'card') {
  try {
    return encodeRadio(c, form);
  } catch (e) {
    assert.ok(e instanceof RadioEncodeError, String(e));
    const n = c.nineLine;
    const core: RadioCard = {
      ...(n
        ? {
            nineLine: {
              mgrs: n.mgrs,
              callSign: n.callSign,
              patientsByPrecedence: n.patientsByPrecedence,
              specialEquipment: n.specialEquipment,
              patientsByType: n.patientsByType,
              ...(n.security ? { security: n.security } : {}),
              ...(n.marking ? { marking: n.marking } : {}),
              ...(n.nationality ? { nationality: n.nationality } : {}),
              ...(n.cbrn ? { cbrn: n.cbrn } : {}),
            },
          }
        : {}),
      ...(c.precedence ? { precedence: c.precedence } : {}),
      ...(c.triage ? { triage: c.triage } : {}),
      ...(c.id && form === 'card' ? { id: c.id } : {}),
    };
    assert.throws(() => encodeRadio(core, form), RadioEncodeError);
    return null;
  }
}
const withNineLine = fc.tuple(arbCard, arbNineLine).map(([c, n]) => ({ ...c, nineLine: c.nineLine ?? n }) as RadioCard);

test('crc16 is CRC-16/CCITT-FALSE', () => {
  assert.equal(crc16(new TextEncoder().encode('123456789')), 0x29b1);
});

for (const form of ['compact', 'card'] as const) {
  test(`${form}: decode(encode(x)) is exactly what was sent, within ${MAX_BYTES[form]} bytes`, () => {
    fc.assert(
      fc.property(form === 'compact' ? withNineLine : arbCard, (c) => {
        const enc = tryEncode(c, form);
        fc.pre(enc !== null);
        assert.ok(enc.bytes.length <= MAX_BYTES[form], `${enc.bytes.length} bytes`);
        const dec = decodeRadio(enc.bytes);
        assert.equal(dec.form, form);
        assert.deepEqual(dec.card, enc.sent);
        // nothing dropped unless it had to be, and only in the documented order
        const order = DROP_ORDER.map((d) => d.name);
        assert.deepEqual(
          enc.dropped,
          [...enc.dropped].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
        );
        if (enc.dropped.length === 0) assert.deepEqual(enc.sent, form === 'compact' ? compactProjection(c) : c);
        // the 9-line lines 1–8 are never dropped
        if (c.nineLine) {
          const { hazards: _h, markingDetail: _m, suffix: _s, frequency: _f, ...core } = c.nineLine;
          const { hazards: _h2, markingDetail: _m2, suffix: _s2, frequency: _f2, ...sentCore } = enc.sent.nineLine!;
          assert.deepEqual(sentCore, core);
        }
      }),
      { numRuns: runs(form) },
    );
  });

  test(`${form}: any single corrupted byte is detected`, () => {
    fc.assert(
      fc.property(
        form === 'compact' ? withNineLine : arbCard,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (c, at, xor) => {
          const enc = tryEncode(c, form);
          fc.pre(enc !== null);
          const bytes = enc.bytes.slice();
          const i = at % bytes.length;
          bytes[i] = bytes[i]! ^ xor;
          assert.throws(() => decodeRadio(bytes), RadioDecodeError);
        },
      ),
      { numRuns: runs(form) },
    );
  });

  test(`${form}: truncated or extended messages are rejected`, () => {
    fc.assert(
      fc.property(form === 'compact' ? withNineLine : arbCard, fc.nat(), (c, cut) => {
        const enc = tryEncode(c, form);
        fc.pre(enc !== null);
        const bytes = enc.bytes;
        assert.throws(() => decodeRadio(bytes.subarray(0, cut % bytes.length)), RadioDecodeError);
        const longer = new Uint8Array(bytes.length + 1);
        longer.set(bytes);
        assert.throws(() => decodeRadio(longer), RadioDecodeError);
      }),
      { numRuns: 100 },
    );
  });

  test(`${form}: text form round-trips and any single changed character is detected`, () => {
    fc.assert(
      fc.property(form === 'compact' ? withNineLine : arbCard, fc.nat(), fc.nat(), (c, at, sym) => {
        const enc = tryEncode(c, form);
        fc.pre(enc !== null);
        const bytes = enc.bytes;
        const text = toText(bytes);
        assert.match(text, /^GH[0-9A-Z-]+-[0-9A-Z*~$=]$/);
        assert.deepEqual(fromText(text.toLowerCase().replace(/-/g, ' ')), bytes);
        // change one symbol (not the prefix, not a hyphen) to a different symbol that is not an alias of it
        const positions = [...text].map((ch, i) => (i >= 2 && ch !== '-' ? i : -1)).filter((i) => i >= 0);
        const i = positions[at % positions.length]!;
        const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        const others = [...alphabet].filter((ch) => ch !== text[i]);
        const bad = text.slice(0, i) + others[sym % others.length] + text.slice(i + 1);
        assert.throws(() => decodeRadio(fromText(bad)), RadioDecodeError);
      }),
      { numRuns: runs(form) },
    );
  });
}

test('garbage never decodes to a casualty', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 260 }), (bytes) => {
      assert.throws(() => decodeRadio(bytes), RadioDecodeError);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      assert.throws(() => decodeRadio(fromText(s)), RadioDecodeError);
    }),
  );
  assert.throws(() => fromText('hello world'), /must start with GH/);
});

test('a full casualty: compact fits 48 bytes with its MIST, the card keeps everything', () => {
  const c: RadioCard = {
    id: '0190f1b2-7a3c-7def-8123-456789abcdef',
    nineLine: {
      mgrs: '37UDQ1234567890',
      callSign: 'DUSTOFF 21',
      frequency: '38.90',
      patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0, E: 0 },
      specialEquipment: ['A'],
      patientsByType: { L: 1, A: 0 },
      security: 'P',
      marking: 'C',
      nationality: { A: 1, B: 0, C: 0, D: 0, E: 0 },
      cbrn: [],
    },
    precedence: 'urgent',
    triage: { system: 'NATO', category: 'T1' },
    stage: 'requested',
    identity: { battleRoster: 'KO4521', sex: 'male', status: 'military', age: 27, allergies: 'NKDA' },
    injuredAt: '2026-03-01T10:14:00.000Z',
    mechanisms: ['fpv-drone'],
    injuries: [
      { region: 'left-leg', view: 'front', kind: 'penetrating' },
      { region: 'abdomen', view: 'front', kind: 'blast' },
    ],
    vitals: [
      { at: '2026-03-01T10:40:00.000Z', pulse: 128, sbp: 84, bpPalpated: true, rr: 26, spo2: 91, avpu: 'V', pain: 8 },
    ],
    tourniquets: [{ limb: 'left-leg', appliedAt: '2026-03-01T10:17:00.000Z', state: 'on', tqType: 'CAT' }],
    treatments: [{ kind: 'npa' }, { kind: 'whole-blood', volumeMl: 500, route: 'IV' }],
    medications: [{ class: 'analgesic', name: 'Ketamine', dose: 50, unit: 'mg', route: 'IM' }],
  };
  const compact = encodeRadio(c, 'compact');
  assert.ok(compact.bytes.length <= 48);
  // everything clinical and every 9-line line fits; only the cross-reference to our record gives way
  assert.deepEqual(compact.dropped, ['ref']);
  assert.equal(decodeRadio(compact.bytes).card.tourniquets?.[0]?.appliedAt, '2026-03-01T10:17:00.000Z');
  const card = encodeRadio(c, 'card');
  assert.deepEqual(card.dropped, []);
  assert.deepEqual(decodeRadio(card.bytes).card, c);
  assert.ok(toVoice(toText(compact.bytes)).split(' ').length > 10);
});

test('a sedative (ketamine for sedation) goes as "other" in v1 (2 bits, 4 classes), its name and dose as given', () => {
  const c: RadioCard = { medications: [{ class: 'sedative', name: 'Ketamine', dose: 300, unit: 'mg', route: 'IM' }] } as RadioCard;
  const back = decodeRadio(encodeRadio(c, 'card').bytes).card;
  assert.deepEqual(back.medications, [{ class: 'other', name: 'Ketamine', dose: 300, unit: 'mg', route: 'IM' }]);
});

test('when it does not fit, optional fields go in the documented order', () => {
  const base: RadioCard = {
    nineLine: {
      mgrs: '37UDQ1234567890',
      callSign: 'DUSTOFF 21',
      suffix: 'A',
      frequency: '38.90 FM',
      patientsByPrecedence: { A: 1, B: 0, C: 0, D: 0, E: 0 },
      specialEquipment: ['A'],
      patientsByType: { L: 1, A: 0 },
      hazards: 'MINES ON THE TRACK NORTH OF THE BARN, DRONES OVERHEAD',
    },
    injuries: Array.from({ length: 8 }, () => ({
      region: 'chest' as const,
      view: 'front' as const,
      kind: 'blast' as const,
    })),
  };
  const enc = encodeRadio(base, 'compact');
  assert.deepEqual(enc.dropped.slice(0, 1), ['nineLine.hazards']);
  assert.equal(enc.sent.nineLine!.hazards, undefined);
  assert.deepEqual(decodeRadio(enc.bytes).card, enc.sent);
});
