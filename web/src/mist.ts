// ATMIST handover summary in the user's language, and reading it aloud.
import type { CasualtyState } from '../../src/core/index.ts';
import { t, tc, getLang } from './i18n.ts';
import { h } from './dom.ts';
import { time } from './fmt.ts';
import { triageLabel } from './field/triage.ts';

export function atmist(s: CasualtyState): [string, string][] {
  const rows: [string, string][] = [];
  if (s.identity.age !== undefined) rows.push([t('mist.a'), String(s.identity.age)]);
  rows.push([t('mist.t'), time(s.injuredAt)]);
  rows.push([t('mist.m'), s.mechanisms.map((m) => tc('mech', m)).join(', ') || t('common.unknown')]);
  rows.push([t('mist.i'), s.injuries.map((i) => `${tc('region', i.region)} (${t(`body.${i.view}`)}): ${tc('injury', i.kind)}`).join('; ') || '—']);
  rows.push([t('mist.s'), s.vitals.length ? `${s.mist.signs.replace(/,? at (\d\d:\d\d)Z$/, '').replace('pain', t('vitals.pain'))} (${time(s.vitals[s.vitals.length - 1]!.at)})` : '—']);
  const tx = [
    ...s.tourniquets.map((q) => `${t('ev.tourniquet.applied')} ${tc('limb', q.limb)} ${time(q.appliedAt)}${q.running ? '' : q.convertedAt ? ` (${t('card.tqConvert')})` : ` (${t('card.tqRemove')})`}`),
    ...s.treatments.map((x) => tc('tx', x.kind)),
    ...s.medications.map((m) => `${m.name} ${m.dose} ${m.unit} ${m.route}`),
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
