// ATMIST handover summary in the user's language, and reading it aloud.
import type { CasualtyState, PayloadOf } from '../../src/core/index.ts';
import { t, tc, getLang } from './i18n.ts';
import type { Key } from './i18n.ts';
import { h } from './dom.ts';
import { stamp, time } from './fmt.ts';
import { triageLabel } from './field/triage.ts';
import { ct } from './field/card-i18n.ts';

const NB = '\u00a0'; // a number never wraps away from its sign or its unit
type Given = Pick<PayloadOf<'medication'>, 'dose' | 'unit' | 'route'>;
/**
 * The card's drugs with their TCCC doses and routes, the common one first (one tap); the others a second tap away,
 * grouped by class under its heading (in this order). A dose per kilogram (ketamine's 1–2 mg/kg IV sedation) is
 * typed as worked out, by one of `typed` routes: the card holds no weight. Ketamine for sedation is its own row under
 * Sedation (`id`: the same drug, recorded as a sedative), not one more dose under Analgesia.
 */
export const DRUGS: { key: Key; name: string; id?: string; class: PayloadOf<'medication'>['class']; doses: Given[]; typed?: Given['route'][] }[] = [
  { key: 'med.txa', name: 'TXA', class: 'haemostatic', doses: [{ dose: 2, unit: 'g', route: 'IV' }, { dose: 2, unit: 'g', route: 'IO' }] },
  { key: 'med.ketamine', name: 'Ketamine', class: 'analgesic', doses: [
    { dose: 50, unit: 'mg', route: 'IM' }, { dose: 50, unit: 'mg', route: 'IN' }, { dose: 20, unit: 'mg', route: 'IV' }, { dose: 20, unit: 'mg', route: 'IO' }] },
  { key: 'med.fentanyl', name: 'Fentanyl', class: 'analgesic', doses: [{ dose: 800, unit: 'mcg', route: 'OTFC' }, { dose: 100, unit: 'mcg', route: 'IN' }, { dose: 50, unit: 'mcg', route: 'IV' }, { dose: 50, unit: 'mcg', route: 'IO' }] },
  { key: 'med.morphine', name: 'Morphine', class: 'analgesic', doses: [{ dose: 10, unit: 'mg', route: 'IM' }, { dose: 5, unit: 'mg', route: 'IV' }, { dose: 5, unit: 'mg', route: 'IO' }, { dose: 5, unit: 'mg', route: 'IM' }] },
  { key: 'med.ketamine', name: 'Ketamine', id: 'Ketamine-sedation', class: 'sedative', doses: [{ dose: 300, unit: 'mg', route: 'IM' }], typed: ['IV', 'IO', 'IM'] },
  { key: 'med.moxifloxacin', name: 'Moxifloxacin', class: 'antibiotic', doses: [{ dose: 400, unit: 'mg', route: 'PO' }] },
  { key: 'med.ertapenem', name: 'Ertapenem', class: 'antibiotic', doses: [{ dose: 1, unit: 'g', route: 'IV' }, { dose: 1, unit: 'g', route: 'IM' }] },
  { key: 'med.ondansetron', name: 'Ondansetron', class: 'other', doses: [{ dose: 4, unit: 'mg', route: 'IV' }, { dose: 4, unit: 'mg', route: 'PO' }, { dose: 4, unit: 'mg', route: 'IM' }, { dose: 4, unit: 'mg', route: 'IO' }] },
  { key: 'med.calcium', name: 'Calcium', class: 'other', doses: [{ dose: 1, unit: 'g', route: 'IV' }, { dose: 1, unit: 'g', route: 'IO' }] },
];
/** A drug's record at one of its doses (what the card writes). */
export const given = (d: (typeof DRUGS)[number], g: Given): PayloadOf<'medication'> => ({ name: d.name, class: d.class, dose: g.dose, unit: g.unit, route: g.route });
/** Recorded before sedation had its own class: ketamine 300 mg IM was written as an analgesic. Still said "sedation". */
const OLD_SEDATION = (m: { name: string; dose?: number; unit?: string; route?: string }): boolean =>
  m.name === 'Ketamine' && m.dose === 300 && m.unit === 'mg' && m.route === 'IM';

/**
 * A medication in the user's language, dose always with its unit: "Кетамін 50 мг в/м", "Ketamine 300 mg IM
 * (sedation)". A drug not on the card keeps the name it was recorded with.
 */
export function medText(m: { name: string; class?: string; dose?: number; unit?: string; route?: string }): string {
  const drug = DRUGS.find((d) => d.name === m.name);
  const sedation = m.class === 'sedative' || OLD_SEDATION(m);
  const unit = m.unit ? tc('unit', m.unit) : '';
  const dose = m.dose !== undefined ? `${m.dose}${unit ? `${NB}${unit}` : ''}` : unit;
  return [drug ? t(drug.key) : m.name, dose, m.route ? tc('route', m.route) : '', sedation ? `(${t('med.sedation')})` : ''].filter((x) => x !== '').join(' ');
}

type Vitals = CasualtyState['vitals'][number];
type Sign = 'pulse' | 'sbp' | 'rr' | 'spo2' | 'avpu' | 'gcs' | 'pain' | 'tempC';
const SIGNS: Sign[] = ['pulse', 'sbp', 'rr', 'spo2', 'avpu', 'gcs', 'pain', 'tempC'];
/** One vitals record in the user's language (and so read aloud in it), each number with its unit: "Пульс 118 /хв · АТ 92 мм рт. ст.". */
export function vitalsText(v: Vitals, sep = ' · '): string {
  const perMin = `${NB}${t('vitals.unit.perMin').replace('/', '/\u2060')}`; // a word joiner: no line break in "/хв"
  return [
    v.pulse !== undefined ? `${t('vitals.abbr.p')}${NB}${v.pulse}${perMin}` : '',
    v.sbp !== undefined ? `${t('vitals.abbr.bp')}${NB}${v.sbp}${!v.bpPalpated && v.dbp !== undefined ? `/${v.dbp}` : ''}${NB}${t('vitals.unit.mmHg')}${v.bpPalpated ? ` (${t('vitals.abbr.palp')})` : ''}` : '',
    v.rr !== undefined ? `${t('vitals.abbr.rr')}${NB}${v.rr}${perMin}` : '',
    v.spo2 !== undefined ? `SpO2${NB}${v.spo2}%` : '',
    v.avpu ? `AVPU${NB}${v.avpu}` : '',
    v.gcs !== undefined ? `${t('vitals.abbr.gcs')}${NB}${v.gcs}` : '',
    v.pain !== undefined ? `${t('vitals.pain')}:${NB}${v.pain}` : '',
    v.tempC !== undefined ? `T${NB}${v.tempC}${NB}°C` : '',
  ].filter(Boolean).join(sep);
}

/**
 * The hand-over's signs: each sign at its latest value, grouped by the minute of the record it comes from, newest
 * first ("P 130 /min (04.12 14:20 UTC+2); BP 84 mmHg, SpO2 94% (04.12 14:10 UTC+2)"). The latest record alone would
 * hide a falling BP behind a later pulse-only check. Every time in the hand-over has its date and zone (`stamp`).
 */
function latestSigns(vitals: readonly Vitals[]): string {
  const byTime = new Map<string, { v: Vitals; part: Partial<Vitals> }>();
  for (const k of SIGNS) {
    const v = vitals.findLast((x) => x[k] !== undefined);
    if (!v) continue;
    const g = byTime.get(time(v.at)) ?? { v, part: {} };
    if (vitals.indexOf(v) > vitals.indexOf(g.v)) g.v = v;
    Object.assign(g.part, { [k]: v[k] }, k === 'sbp' ? { dbp: v.dbp, bpPalpated: v.bpPalpated } : {});
    byTime.set(time(v.at), g);
  }
  return [...byTime.entries()].sort(([, a], [, b]) => vitals.indexOf(b.v) - vitals.indexOf(a.v))
    .map(([, { v, part }]) => `${vitalsText({ ...part, eventId: v.eventId, at: v.at }, ', ')} (${stamp(v.at)})`).join('; ') || '—';
}

export function atmist(s: CasualtyState): [string, string][] {
  const rows: [string, string][] = [];
  if (s.identity.age !== undefined) rows.push([t('mist.a'), String(s.identity.age)]);
  rows.push([t('mist.t'), stamp(s.injuredAt)]);
  rows.push([t('mist.m'), s.mechanisms.map((m) => tc('mech', m)).join(', ') || t('common.unknown')]);
  rows.push([t('mist.i'), s.injuries.map((i) => `${tc('region', i.region)} (${t(`body.${i.view}`)}): ${tc('injury', i.kind)}`).join('; ') || '—']);
  rows.push([t('mist.s'), latestSigns(s.vitals)]);
  const tx = [
    ...s.tourniquets.map((q) => `${t('ev.tourniquet.applied')} ${tc('limb', q.limb)} ${stamp(q.appliedAt)}${q.running ? '' : q.convertedAt ? ` (${t('card.tqConvert')})` : q.removedAt ? ` (${t('card.tqRemove')})` : ` (${ct('tq.onAtOutcomeShort')})`}`),
    // When each was given, as the tourniquets': the desk times the next dose (a second morphine, TXA's second gram).
    ...s.treatments.map((x) => `${tc('tx', x.kind)} ${stamp(x.at)}`),
    ...s.medications.map((m) => `${medText(m)} ${stamp(m.at)}`),
  ];
  rows.push([t('mist.tr'), tx.join('; ') || '—']);
  if (s.triage.value) rows.push([t('card.triage'), triageLabel(s.triage.value)]);
  if (s.precedence.value) rows.push([t('card.precedence'), tc('prec', s.precedence.value)]);
  return rows;
}

export function mistTable(s: CasualtyState): HTMLElement {
  return h('dl', { class: 'mist', 'data-mist': s.id }, atmist(s).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function speak(s: CasualtyState): void {
  if (!('speechSynthesis' in window)) return;
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(atmist(s).map(([k, v]) => `${k}: ${v}.`).join(' '));
  u.lang = getLang() === 'uk' ? 'uk-UA' : 'en-GB';
  u.rate = 0.95;
  speechSynthesis.speak(u);
}
