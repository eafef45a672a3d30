// Small pieces of the field view about clocks and sync (issue 19): the phone's clock offset, the records that need a
// time, the conflict badge naming each value and who set it, and what this phone holds against its storage budget.
import { h } from '../dom.ts';
import { tc } from '../i18n.ts';
import { needingTime } from '../../../src/core/index.ts';
import type { CasualtyEvent, CasualtyState, Candidate } from '../../../src/core/index.ts';
import { time } from '../fmt.ts';
import { triageLabel } from '../field/triage.ts';
import { measured } from './clock.ts';
import { ts } from './i18n.ts';

/** Offsets from a minute up are worth telling the medic (the app corrects them anyway). */
const TELL_MS = 60_000;

export function offsetText(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  return min >= 60 ? ts('clock.hm', { h: Math.floor(min / 60), m: String(min % 60).padStart(2, '0') }) : ts('clock.m', { m: min });
}

/** "Your phone's clock is 3 h 00 min slow", or nothing when it is right or never measured. */
export function clockBanner(): HTMLElement | null {
  const s = measured();
  if (!s || Math.abs(s.offsetMs) < TELL_MS) return null;
  return h('div', { class: 'clock-warn', id: 'clock-warn', role: 'status', 'data-offset-ms': String(s.offsetMs) },
    h('strong', null, ts(s.offsetMs > 0 ? 'clock.slow' : 'clock.fast', { d: offsetText(s.offsetMs) })), ' ', ts('clock.fix'));
}

/** Records that even corrected had an implausible time: the server kept them at receipt, for a person to fix. */
export function needsTimeNote(events: CasualtyEvent[], casualtyId: string): HTMLElement | null {
  const n = needingTime(events).length;
  if (!n) return null;
  return h('a', { class: 'badge warn', id: 'needs-time', href: `#/c/${casualtyId}/timeline`, title: ts('clock.needsTimeHelp') }, '⏱ ', ts('clock.needsTime', { n }));
}

const valueList = <V>(c: Candidate<V>[], label: (v: V) => string): string =>
  c.map((x) => ts('conflict.value', { value: label(x.value), author: x.author, time: time(x.at) })).join(' · ');

/** One badge per conflicting decision, naming every value and who set it (SYNC-7). */
export function conflictBadges(s: CasualtyState): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (s.triage.conflict)
    out.push(h('span', { class: 'badge warn conflict', 'data-conflict': 'triage' }, `⚠ ${ts('conflict.triage')}: ${valueList(s.triage.conflict, triageLabel)}`));
  if (s.precedence.conflict)
    out.push(h('span', { class: 'badge warn conflict', 'data-conflict': 'precedence' }, `⚠ ${ts('conflict.precedence')}: ${valueList(s.precedence.conflict, (v) => tc('prec', v))}`));
  return out;
}

/** "On this phone: 12 casualties · 1.4 of 50 MB". */
export function storageLine(casualties: number, usage: number, budget: number): HTMLElement {
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  return h('p', { class: 'muted small', id: 'storage-use' }, ts('store.use', { n: casualties, used: mb(usage), budget: mb(budget) }));
}
