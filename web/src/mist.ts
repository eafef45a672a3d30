// ATMIST handover summary in the user's language, and reading it aloud.
import type { CasualtyState, PayloadOf } from '../../src/core/index.ts';
import { t, tc, getLang } from './i18n.ts';
import type { Key } from './i18n.ts';
import { h } from './dom.ts';
import { stamp, time } from './fmt.ts';
import { triageLabel } from './field/triage.ts';

const NB = '\u00a0'; // a number never wraps away from its sign or its unit
type Med = PayloadOf<'medication'> & { key: Key };
/** The frequent medications, one tap each on the card. */
export const FREQUENT_MEDS: Med[] = [
  { key: 'med.txa', name: 'TXA', dose: 2, unit: 'g', route: 'IV', class: 'haemostatic' },
  { key: 'med.ketamine', name: 'Ketamine', dose: 50, unit: 'mg', route: 'IM', class: 'analgesic' },
  { key: 'med.fentanyl', name: 'Fentanyl', dose: 800, unit: 'mcg', route: 'OTFC', class: 'analgesic' },
  { key: 'med.morphine', name: 'Morphine', dose: 10, unit: 'mg', route: 'IM', class: 'analgesic' },
  { key: 'med.moxifloxacin', name: 'Moxifloxacin', dose: 400, unit: 'mg', route: 'PO', class: 'antibiotic' },
  { key: 'med.ertapenem', name: 'Ertapenem', dose: 1, unit: 'g', route: 'IV', class: 'antibiotic' },
  { key: 'med.ondansetron', name: 'Ondansetron', dose: 4, unit: 'mg', route: 'IV', class: 'other' },
  { key: 'med.calcium', name: 'Calcium', dose: 1, unit: 'g', route: 'IV', class: 'other' },
];

/** A medication in the user's language: the frequent ones by their label, others with translated unit and route. */
export function medText(m: { name: string; dose?: number; unit?: string; route?: string }): string {
  const known = FREQUENT_MEDS.find((f) => f.name === m.name && f.dose === m.dose && f.unit === m.unit && f.route === m.route);
  if (known) return t(known.key);
  const unit = m.unit ? tc('unit', m.unit) : '';
  const dose = m.dose !== undefined ? `${m.dose}${unit ? `${NB}${unit}` : ''}` : unit;
  return [m.name, dose, m.route ? tc('route', m.route) : ''].filter((x) => x !== '').join(' ');
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
    ...s.tourniquets.map((q) => `${t('ev.tourniquet.applied')} ${tc('limb', q.limb)} ${stamp(q.appliedAt)}${q.running ? '' : q.convertedAt ? ` (${t('card.tqConvert')})` : ` (${t('card.tqRemove')})`}`),
    ...s.treatments.map((x) => tc('tx', x.kind)),
    ...s.medications.map((m) => medText(m)),
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
