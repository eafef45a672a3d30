// Bedside review (session 23): vital signs as a tired reader meets them — on the card, the timeline and the ATMIST
// hand-over the receiving facility reads (and hears): every number with its unit, and no sign lost because a later
// record left it out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DRUGS, given, atmist, medText, vitalsText } from '../src/mist.ts';
import { setLang, t } from '../src/i18n.ts';
import { fold } from '../../src/core/index.ts';
import { at, makeEvent, makeRegistered } from '../../test/support/events.ts';
import { zone } from '../src/fmt.ts';

/** As read: no-break spaces as spaces, word joiners (no break inside "/min") dropped. */
const plain = (s: string): string => s.replaceAll('\u00a0', ' ').replaceAll('\u2060', '');
const full = { eventId: 'e1', at: at(5), pulse: 118, sbp: 92, rr: 24, spo2: 94, avpu: 'V' as const };

test('every vital sign carries its unit, in both languages', () => {
  setLang('en');
  assert.equal(plain(vitalsText(full)), 'P 118 /min · BP 92 mmHg · RR 24 /min · SpO2 94% · AVPU V');
  assert.equal(plain(vitalsText({ eventId: 'e2', at: at(6), sbp: 80, bpPalpated: true })), 'BP 80 mmHg (palp.)');
  setLang('uk');
  assert.equal(plain(vitalsText(full)), 'Пульс 118 /хв · АТ 92 мм рт. ст. · ЧД 24 /хв · SpO2 94% · AVPU V');
  setLang('en');
});

test('ATMIST signs keep each sign at its latest value: a later pulse alone does not hide the falling BP', () => {
  setLang('en');
  const cid = '01900000-0000-7000-8000-0000000000a1';
  const s = fold(cid, [
    makeRegistered(cid),
    makeEvent('vitals', cid, { pulse: 118, sbp: 92, rr: 24, spo2: 94, avpu: 'V' }, at(5)),
    makeEvent('vitals', cid, { pulse: 124, sbp: 84 }, at(10)),
    makeEvent('vitals', cid, { pulse: 130 }, at(15)),
  ], at(20));
  const signs = plain(atmist(s).find(([k]) => k === t('mist.s'))![1]);
  assert.match(signs, /P 130 \/min/);
  assert.match(signs, /BP 84 mmHg/, `the last BP recorded is in the hand-over: ${signs}`);
  assert.match(signs, /RR 24 \/min/);
  assert.match(signs, /SpO2 94%/);
  assert.doesNotMatch(signs, /118|92 mmHg/, 'a value superseded by a later one is not shown as current');
});

test('ATMIST signs: each sign appears once, with the value of the latest record that has it', () => {
  setLang('en');
  const cid = '01900000-0000-7000-8000-0000000000a2';
  const sign = fc.option(fc.integer({ min: 1, max: 250 }), { nil: undefined });
  fc.assert(fc.property(fc.array(fc.record({ pulse: sign, sbp: sign, rr: fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }) }), { minLength: 1, maxLength: 5 }), (recs) => {
    const events = recs.map((r, i) => makeEvent('vitals', cid, Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)), at(1 + i)));
    const s = fold(cid, [makeRegistered(cid), ...events], at(30));
    const signs = plain(atmist(s).find(([k]) => k === t('mist.s'))![1]);
    for (const [k, label, unit] of [['pulse', 'P', '/min'], ['sbp', 'BP', 'mmHg'], ['rr', 'RR', '/min']] as const) {
      const latest = recs.map((r) => r[k]).filter((v) => v !== undefined).at(-1);
      const shown = [...signs.matchAll(new RegExp(`(?:^|[ ,;])${label} (\\d+) ${unit}`, 'g'))].map((m) => Number(m[1]));
      assert.deepEqual(shown, latest === undefined ? [] : [latest], `${k} in "${signs}"`);
    }
  }));
});

test('a dose never wraps away from its unit ("Ertapenem 1 / g IV": 1 of what?), nor a route at its slash (в/ м)', () => {
  for (const lang of ['en', 'uk'] as const) {
    setLang(lang);
    const every = DRUGS.flatMap((d) => d.doses.map((g) => given(d, g)));
    for (const m of every) assert.match(medText(m), /\d\u00a0(g|mg|mcg|г|мг|мкг)( |$)/u, `${lang}: every dose with its unit: ${medText(m)}`);
    for (const m of every) assert.doesNotMatch(medText(m), /\d (g|mg|mcg|г|мг|мкг)\b/u, `${lang}: ${medText(m)}`);
    for (const m of every) assert.doesNotMatch(medText(m), /\/(?!\u2060)/u, `${lang}: a route breaks after its slash (в/ м): ${medText(m)}`);
    assert.match(medText({ name: 'Paracetamol', dose: 1, unit: 'g', route: 'PO' }), /^Paracetamol 1\u00a0(g|г) \S+$/u);
  }
  setLang('en');
});

test('the ATMIST time of injury, read out to another team, carries its date and zone', () => {
  setLang('en');
  const cid = '01900000-0000-7000-8000-0000000000a3';
  const s = fold(cid, [makeRegistered(cid, { at: at(0) })], at(60 * 30)); // read the next day
  const d = new Date(at(0));
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const dm = `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}`;
  assert.equal(plain(atmist(s).find(([k]) => k === t('mist.t'))![1]), `${dm} ${hm} ${zone(at(0))}`);
});
